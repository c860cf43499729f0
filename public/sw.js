// gongkai's service worker: the offline app shell (issue 10, part 5).
//
// scripts/sw-precache.mjs writes this file into dist/ after each build with
// BUILD filled in: the build's files and the SHA-256 of each. Its comment
// lines are left out there. Read docs/kiosk.md, "Offline", for the whole
// story; in short:
//
// - The shell (index.html, the hashed JS, wasm and CSS) is cached at install,
//   each file checked to be of this build, in one cache per build and per
//   scope. A file of another build (a deploy halfway through) fails the
//   install, and the browser tries again at the next page load.
// - Hashed files come from that cache. Pages (navigations) and config.json
//   come from the network first; only when it fails, is down (5xx) or takes
//   longer than NETWORK_TIMEOUT_MS, from the cache: a deep link gets the
//   cached index.html. Nothing else is touched: API data (api/, config.json's
//   api_base, the static demo) never passes through this cache; the app
//   keeps its own last good copy of it.
//
// Updates: skipWaiting + clients.claim. A new build's worker takes over as
// soon as it has cached the whole new build, and deletes the old build's
// cache then. This cannot mix builds: a page always gets index.html from the
// network when there is one, and every file that index.html names is in the
// same cache or on the server beside it; offline, index.html and its files
// come from the same complete cache. Waiting until every tab has closed
// would never happen on a kiosk, which keeps its one tab for weeks.

const BUILD = { version: '', index: [], files: {} }; // written by scripts/sw-precache.mjs

const NETWORK_TIMEOUT_MS = 4000;
const scope = self.registration.scope;
const CACHE_PREFIX = `gongkai-shell ${scope} `;
const CACHE = CACHE_PREFIX + BUILD.version;
const INDEX = new URL('index.html', scope).href;
// The app's folder, where config.json is: the scope, or for a shell in a
// folder of its own (the kiosk), the folder its index.html names with
// <meta name="gongkai-app-root"> (scripts/sw-precache.mjs copies it here).
const ROOT = new URL(BUILD.root || './', scope).href;
const CONFIG = new URL('config.json', ROOT).href;
const API = new URL('api/', ROOT).href;
// The kiosk's pages belong to the kiosk's own worker.
const KIOSK = new URL('kiosk/', ROOT).href;
// The iframe mode's page (embed/index.html) is a portal's, never the
// site's: offline, a frame gets the browser's own error, not the site.
const EMBED = new URL('embed/', ROOT).href;
const hashed = new Set(Object.keys(BUILD.files).map((file) => new URL(file, scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      // Navigation preload: a page's request starts while the worker is
      // still starting, so a visit through it waits no longer than one
      // without it. Every navigation then takes the preload's answer.
      .then(() => self.registration.navigationPreload?.enable())
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const href = url.origin + url.pathname;
  if (request.mode === 'navigate') {
    const network = Promise.resolve(event.preloadResponse).then((preloaded) => preloaded || fetch(request));
    event.respondWith(isAppPage(href) ? networkFirst(network, INDEX) : network);
  } else if (href === CONFIG) {
    event.respondWith(networkFirst(request, CONFIG));
  } else if (hashed.has(href)) {
    event.respondWith(
      caches.match(href, { cacheName: CACHE }).then((cached) => cached || fetch(request)),
    );
  }
});

/**
 * Fetches the build's files, checks them, and only then caches them all:
 * each hashed file against its SHA-256, and index.html by the files it must
 * name (a portal may set its <base href>, so its bytes are not checked).
 */
async function precache() {
  const entries = await Promise.all([
    // index.html keeps its name from build to build: 'reload', so that a
    // revalidation by date (one-second resolution) never answers 304 with
    // the last build's copy.
    fetchChecked(INDEX, 'reload', async (response) => {
      const html = await response.text();
      return BUILD.index.every((file) => html.includes(file));
    }),
    ...Object.entries(BUILD.files).map(([file, sha256]) =>
      fetchChecked(new URL(file, scope).href, 'no-cache', async (response) => {
        const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
        return hex(digest) === sha256;
      }),
    ),
  ]);
  const cache = await caches.open(CACHE);
  await Promise.all(entries.map(([url, response]) => cache.put(url, response)));
  // config.json is not part of the build (it is edited on the server), but
  // a device that boots offline needs one: keep the copy of install time.
  const config = await fetch(CONFIG, { cache: 'no-cache' }).catch(() => null);
  if (config?.ok) await cache.put(CONFIG, config);
}

/** `url` from the network (`cache`: its HTTP cache mode), if `isOfThisBuild`. */
async function fetchChecked(url, cache, isOfThisBuild) {
  const response = await fetch(url, { cache });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  if (!(await isOfThisBuild(response.clone()))) {
    throw new Error(`${url} is not a file of build ${BUILD.version}`);
  }
  return [url, response];
}

/** A page of the app: under the scope, no file extension, not the API. */
function isAppPage(href) {
  if (href === INDEX) return true;
  if (!href.startsWith(scope) || href.startsWith(API)) return false;
  if (scope !== KIOSK && href.startsWith(KIOSK)) return false;
  if (href.startsWith(EMBED)) return false;
  return !href.slice(href.lastIndexOf('/') + 1).includes('.');
}

/**
 * The network's answer (`request`, or the answer already on its way), kept
 * as `key`; the cached `key` when the network fails, answers 5xx or is
 * slower than NETWORK_TIMEOUT_MS.
 */
async function networkFirst(request, key) {
  const network = request instanceof Request ? fetch(request) : request;
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, NETWORK_TIMEOUT_MS);
  });
  const response = await Promise.race([network, timeout]).catch(() => undefined);
  clearTimeout(timer);
  if (response && response.status < 500) {
    if (key === CONFIG && response.ok) {
      await (await caches.open(CACHE)).put(key, response.clone());
    }
    return response;
  }
  return (await caches.match(key, { cacheName: CACHE })) || response || network;
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}
