// gongkai-embed.js: the one file a portal's page names, under a name that
// never changes between releases (scripts/post-build.mjs writes it from
// this template, with the build's hashed files in FILES; serve it with a
// short cache, as index.html). docs/embedding.md has the snippets.
//
// <gongkai-board api-base="…" org="…">: the app in the element's Shadow
// DOM, so no style crosses either way; any number per page.
// <gongkai-frame src="https://app.example/gongkai/" org="…">: the app in an
// iframe (embed/index.html) whose height follows its content.
//
// No inline code is needed or written: the page's CSP can stay
// `script-src 'self' 'wasm-unsafe-eval'` (plus this file's origin).
(() => {
  const FILES = /* FILES */ { bindings: '', wasm: '', css: '' } /* END */;
  const TEXT = /* TEXT */ { failed: { 'zh-Hans': '' } } /* END */;
  // A failure is said in the board's language: its `lang`, else the page's,
  // else the reader's; zh-TW, zh-HK, zh-MO and zh-Hant mean 繁體中文 (as
  // domain::language), else a tag's language picks; else the default.
  const language = (board) => {
    const tags = Object.keys(TEXT.failed);
    const wanted = [board.getAttribute('lang'), document.documentElement.lang, ...(navigator.languages || [])];
    for (const asked of wanted.filter(Boolean).map((t) => t.toLowerCase())) {
      const exact = tags.find((t) => t.toLowerCase() === asked);
      if (exact) return exact;
      const [lang] = asked.split('-');
      if (lang === 'zh') return /^zh-(hant|tw|hk|mo)\b/.test(asked) && tags.includes('zh-Hant') ? 'zh-Hant' : 'zh-Hans';
      const same = tags.find((t) => t.toLowerCase().split('-')[0] === lang);
      if (same) return same;
    }
    return tags[0];
  };
  const script = document.currentScript;
  const assets = new URL('.', script ? script.src : location.href).href;

  let app;
  const load = () =>
    (app ??= import(new URL(FILES.bindings, assets).href).then(async (bindings) => {
      await bindings.default({ module_or_path: new URL(FILES.wasm, assets) });
      return bindings;
    }));

  class GongkaiBoard extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      if (this.hasAttribute('frame')) this.inFrame();
      const root = this.attachShadow({ mode: 'open' });
      const sheet = document.createElement('link');
      sheet.rel = 'stylesheet';
      sheet.href = new URL(FILES.css, assets).href;
      const mount = document.createElement('div');
      mount.className = 'gk-mount';
      root.append(sheet, mount);
      load()
        .then((bindings) => bindings.mount_board(this, mount, assets))
        .catch((error) => {
          const p = document.createElement('p');
          p.setAttribute('role', 'alert');
          p.lang = language(this);
          p.textContent = TEXT.failed[p.lang];
          mount.replaceChildren(p);
          console.error('gongkai:', error);
        });
    }

    // In embed/index.html: the attributes come from the frame's address,
    // and the content's height goes to the page that framed it (only to
    // the origin it named; the browser delivers nothing to another).
    inFrame() {
      const query = new URLSearchParams(location.search);
      for (const [name, value] of query) if (name !== 'parent') this.setAttribute(name, value);
      let parent;
      try {
        parent = new URL(query.get('parent')).origin;
      } catch {
        return; // no origin to report to: the frame keeps its fixed height
      }
      if (parent === 'null' || window.parent === window) return;
      let last = -1;
      new ResizeObserver(() => {
        const height = Math.ceil(this.getBoundingClientRect().height);
        if (height === last) return;
        last = height;
        window.parent.postMessage({ type: 'gongkai:height', height }, parent);
      }).observe(this);
    }
  }

  // The iframe mode: the frame's page (embed/index.html) reports its
  // content's height; only messages from that frame, from its origin, set it.
  class GongkaiFrame extends HTMLElement {
    connectedCallback() {
      if (this.firstChild) return;
      const src = new URL(this.getAttribute('src') || '.', assets);
      const page = new URL('embed/', src);
      for (const name of ['api-base', 'org', 'route', 'lang', 'theme', 'colors', 'no-chrome', 'heading-level']) {
        const value = this.getAttribute(name);
        if (value !== null) page.searchParams.set(name, value);
      }
      page.searchParams.set('parent', location.origin);
      const frame = document.createElement('iframe');
      frame.src = page.href;
      frame.title = this.getAttribute('title') || document.title;
      frame.setAttribute('scrolling', 'no');
      frame.setAttribute('loading', 'lazy');
      frame.className = 'gongkai-frame';
      Object.assign(frame.style, { display: 'block', width: '100%', border: '0', height: '600px' });
      this.append(frame);
      this.listener = (event) => {
        if (event.source !== frame.contentWindow || event.origin !== page.origin) return;
        const data = event.data;
        if (!data || data.type !== 'gongkai:height' || !Number.isFinite(data.height)) return;
        const height = Math.max(0, Math.ceil(data.height));
        if (Math.abs(frame.offsetHeight - height) >= 1) frame.style.height = `${height}px`;
      };
      addEventListener('message', this.listener);
    }

    disconnectedCallback() {
      if (this.listener) removeEventListener('message', this.listener);
    }
  }

  if (!customElements.get('gongkai-board')) customElements.define('gongkai-board', GongkaiBoard);
  if (!customElements.get('gongkai-frame')) customElements.define('gongkai-frame', GongkaiFrame);
})();
