// The first element of a first screen that `gongkai-server pages` wrote
// ahead for a static host (server/src/pages.rs): a classic script, so the
// parser runs it as it reaches it and nothing of the first screen is painted
// when it goes. A page written on another day than today's in China removes
// its first screen (its 公示 statuses and countdowns are that day's), and
// the app starts at once as it does without one; the home page's
// (`data-home`) also goes wherever the address is not the home page's, since
// index.html is every other page's fallback. An external file, not inline:
// the site runs under `script-src 'self'` (docs/embedding.md, "CSP").
(function () {
  var guard = document.currentScript;
  if (!guard) return;
  var home = guard.hasAttribute('data-home');
  var elsewhere = home && location.pathname !== new URL(document.baseURI).pathname;
  var today = new Date(Date.now() + 288e5).toISOString().slice(0, 10);
  if (elsewhere || today !== guard.getAttribute('data-written-on')) guard.parentNode.remove();
})();
