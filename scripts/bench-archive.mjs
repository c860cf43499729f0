// Archives at scale, measured in Chromium against a static backend (a folder
// of files, as a portal would host it) with one 党支部 of N items, 100 a page,
// side by side with a hand-written JS page over the same data (the anchor:
// the limit for list work in a browser).
//
//   node scripts/bench-archive.mjs [--app dist] [--count 10000] [--runs 5]
//     [--backend static|index|server] [--gram-max N] [--pages]
//
// --backend: the folder as it is (the app reads the lists and searches on
// the device), the folder with its static search index (`gongkai-index`:
// the app loads the chunks a query needs), or the folder imported into the
// reference server (`gongkai-server`: the app asks `v1/search.json`, and
// the board's page comes from the server with its first screen). The
// last two need `cargo build --release -p gongkai-index -p gongkai-server`;
// GONGKAI_INDEX / GONGKAI_SERVER name other binaries.
//
// --pages (static and index): the boards' first screens written ahead into a
// copy of the app, as a static host would have them (`gongkai-server import`
// of the folder, then `gongkai-server pages`), and served for /org/<id>.
//
// Figures, each for the app and for the anchor:
// - first item painted: navigation start → the first card's frame (median
//   of --runs, a new browser context each, unthrottled);
// - keystroke → painted result, once the whole list has loaded: 20 Chinese
//   queries typed a character at a time, from each `input` event to the
//   end of the frame that shows the new result (rAF, then a message after
//   the paint); median and p95 over every keystroke.
// --timeline: also prints, for the app's last run, when each request started
// and ended and when the wasm module was compiled, relative to navigation.
// --trace: records a Chromium trace while each types, and prints where the
// main thread's time went (script, style, layout, paint), summed over every
// keystroke; and one of each page's last first load, listing the main
// thread's tasks of 2 ms or more before its first card.
// --profile: samples the app's main thread while it types (CDP Profiler) and
// prints the functions with the most time, own and with what they call
// (names need a build that keeps them: docs/size.md, "Profiling a release
// build").
// Not part of CI. Needs a release build in --app (scripts/build.sh).
import { spawn, execFileSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { writeArchive } from './lib/archive.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
let app = resolve(args.app ?? join(root, 'dist'));
const pages = 'pages' in args;
const timeline = 'timeline' in args;
const trace = 'trace' in args;
const profiling = 'profile' in args;
const count = Number(args.count ?? 10000);
const runs = Number(args.runs ?? 5);
const backendKind = args.backend ?? 'static';
if (!['static', 'index', 'server'].includes(backendKind)) throw new Error(`--backend static|index|server, not ${backendKind}`);
if (pages && backendKind === 'server') throw new Error('--pages is for a static host: the server writes its own first screen');
const indexBinary = process.env.GONGKAI_INDEX ?? join(root, 'target', 'release', 'gongkai-index');
const serverBinary = process.env.GONGKAI_SERVER ?? join(root, 'target', 'release', 'gongkai-server');

// The app's `domain::paging::RESULTS_PER_PAGE`: both render one page.
const PER_PAGE = 20;

const QUERIES = [
  '党费', '任前公示', '预备党员', '主题党日', '组织生活会', '三重一大', '村道硬化', '路灯', '办实事', '廉政提醒',
  '支部委员会', '监督电话', '缴纳率', '四议两公开', '帮扶对象', '停车难', '整改措施', '黨務公開', '石桥 党费', '桃源 公示',
];

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8',
};

/** The anchor: hand-written JS, no framework. It loads the first page and
 * paints it, then the rest; filters with precomputed lower-cased text and
 * `includes`; renders the first page of results (as many as the app's
 * `RESULTS_PER_PAGE`) and the count. */
const ANCHOR = `<!doctype html><meta charset="utf-8"><title>anchor</title>
<input id="q" type="search" aria-label="搜索"><p id="count" role="status"></p><ul id="list"></ul>
<script>
const org = new URLSearchParams(location.search).get('org');
const items = [], folded = [];
const PER_PAGE = ${PER_PAGE};
const fold = (s) => s.toLowerCase().replace(/\\s+/g, ' ');
const text = (html) => html.replace(/<[^>]*>/g, ' ');
let done = false;
function render() {
  const terms = fold(document.getElementById('q').value).split(' ').filter(Boolean);
  const hits = [];
  for (let i = 0; i < items.length; i++) {
    if (terms.every((t) => folded[i].includes(t))) hits.push(i);
  }
  document.getElementById('count').textContent = (done ? '共 ' : '已显示 ') + hits.length + ' 条';
  const list = document.getElementById('list');
  list.textContent = '';
  for (const i of hits.slice(0, PER_PAGE)) {
    const it = items[i];
    const li = document.createElement('li');
    li.innerHTML = '<article class="gk-card"><h3><a></a></h3><p></p></article>';
    li.querySelector('a').textContent = it.title;
    li.querySelector('a').href = '/item/' + it.id;
    li.querySelector('p').textContent = it.summary;
    list.appendChild(li);
  }
}
document.getElementById('q').addEventListener('input', render);
(async () => {
  let url = new URL('archive/v1/orgs/' + org + '/items.json', location.href);
  const seen = new Set();
  while (url && !seen.has(url.href)) {
    seen.add(url.href);
    const page = await (await fetch(url)).json();
    for (const it of page.items) {
      items.push(it);
      folded.push(fold(it.title + '\\n' + it.summary + '\\n' + text(it.body_html || '')));
    }
    url = page.next ? new URL(page.next, url) : null;
    if (!url) done = true;
    render();
  }
})();
</script>`;

/** The second anchor: the same hand-written JS, rendering what the app's
 * board renders for each result, with the app's stylesheet: the card of
 * src/components/item_card.rs (title and summary with the search words
 * marked, category, date, a 公示 status with its countdown), the count,
 * 第 N / M 页 and the pager. The same DOM work as the app, none of the
 * framework's. */
const anchorCards = (css) => ANCHOR
  .replace('<title>anchor</title>', `<title>anchor</title><link rel="stylesheet" href="/${css}">`)
  // Inside the app's root (.gk), where its design tokens (the type, the
  // spacing, the colours) are defined, so the cards are drawn as the app's.
  .replace('<input id="q" type="search" aria-label="搜索"><p id="count" role="status"></p><ul id="list"></ul>', '<div class="gk" lang="zh-Hans"><input id="q" type="search" aria-label="搜索"><p id="count" role="status"></p><div class="gk-results"><p id="pages" class="gk-pager__status"></p><ul id="list" class="gk-list"></ul><nav id="pager" class="gk-pager" aria-label="分页"></nav></div></div>')
  .replace(/  for \(const i of hits\.slice\(0, PER_PAGE\)\) \{[\s\S]*?\n  \}\n\}/, `  const now = Date.now();
  for (const i of hits.slice(0, PER_PAGE)) list.appendChild(card(items[i], terms, now));
  const pages = Math.max(1, Math.ceil(hits.length / PER_PAGE));
  document.getElementById('pages').textContent = '第 1 / ' + pages + ' 页';
  const pager = document.getElementById('pager');
  pager.textContent = '';
  const ol = el('ol', 'gk-pager__pages');
  for (const p of [1, 2, 3, 4, 5, null, pages].filter((p) => p === null || p <= pages)) {
    const li = el('li', p === null ? 'gk-pager__gap' : null, p === null ? '…' : null);
    if (p === 1) li.appendChild(el('span', 'gk-pager__current', '1')).setAttribute('aria-current', 'page');
    else if (p !== null) {
      const a = li.appendChild(el('a', 'gk-pager__page', String(p)));
      a.href = '?page=' + p;
      a.setAttribute('aria-label', '第 ' + p + ' 页');
    }
    ol.appendChild(li);
  }
  pager.appendChild(ol);
  if (pages > 1) {
    const next = pager.appendChild(el('a', 'gk-pager__step', '下一页'));
    next.href = '?page=2';
  }
}
const CATEGORIES = {};
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}
/** text with every term marked (<mark class="gk-mark">). */
function marked(parent, text, terms) {
  const lower = text.toLowerCase();
  let at = 0;
  while (at < text.length) {
    let best = -1, len = 0;
    for (const t of terms) {
      const i = lower.indexOf(t, at);
      if (i >= 0 && (best < 0 || i < best)) { best = i; len = t.length; }
    }
    if (best < 0) break;
    if (best > at) parent.appendChild(document.createTextNode(text.slice(at, best)));
    parent.appendChild(el('mark', 'gk-mark', text.slice(best, best + len)));
    at = best + len;
  }
  if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  return parent;
}
const day = (iso) => { const d = new Date(iso); return [d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日', d.toISOString().slice(0, 10)]; };
function card(it, terms, now) {
  const li = el('li', 'gk-list__item');
  const article = li.appendChild(el('article', 'gk-card'));
  const a = article.appendChild(el('h3', 'gk-card__title')).appendChild(el('a'));
  a.href = '/item/' + it.id;
  marked(a, it.title, terms);
  const meta = article.appendChild(el('p', 'gk-card__meta'));
  meta.appendChild(el('span', 'gk-card__category', CATEGORIES[it.category] ?? it.category));
  const date = meta.appendChild(el('span', 'gk-card__date'));
  date.appendChild(el('span', 'gk-visually-hidden', '发布于'));
  const [text, iso] = day(it.published_at);
  date.appendChild(el('time', null, text)).setAttribute('datetime', iso);
  if (it.publicity) {
    const end = Date.parse(it.publicity.end);
    const open = end > now;
    const status = article.appendChild(el('p', 'gk-card__status')).appendChild(el('span', 'gk-status'));
    status.appendChild(el('span', open ? 'gk-status--open' : 'gk-status--ended', open ? '公示中' : '公示结束'));
    const [endText, endIso] = day(it.publicity.end);
    const countdown = status.appendChild(el('time', 'gk-status__countdown', open ? '公示至' + endText + '止' : '已于' + endText + '结束'));
    countdown.setAttribute('datetime', endIso);
  }
  if (it.summary && it.summary.trim()) marked(article.appendChild(el('p', 'gk-card__summary')), it.summary, terms);
  return li;
}`);

/** How long the reference server took for each search, in ms. */
const upstreamTimes = [];

/** The app and the anchor on one origin, the backend under /archive/: the
 * folder's files, or (`upstream`) the reference server's answers. */
async function serve(backend, upstream) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (upstream && path.startsWith('/archive/')) {
      // The server's API lives under /api/.
      const target = new URL(`api${req.url.slice('/archive'.length)}`, upstream);
      const t0 = performance.now();
      const out = httpRequest(target, { method: req.method, headers: { accept: 'application/json' } }, (up) => {
        res.writeHead(up.statusCode, { 'content-type': up.headers['content-type'] ?? 'application/json', 'cache-control': 'no-cache' });
        up.pipe(res);
        // The server's own time for each search (the proxy's part left out).
        if (path.includes('search')) up.on('end', () => upstreamTimes.push(performance.now() - t0));
      });
      out.on('error', () => res.writeHead(502).end());
      return out.end();
    }
    if (path === '/anchor.html') return res.writeHead(200, { 'content-type': types['.html'] }).end(ANCHOR);
    if (path === '/anchor-cards.html') {
      const css = (await readdir(app)).find((f) => /^gongkai-[0-9a-f]+\.css$/.test(f));
      return res.writeHead(200, { 'content-type': types['.html'] }).end(anchorCards(css));
    }
    if (upstream && !extname(path) && path !== '/config.json') {
      // The app's pages from the reference server, as it serves them: a
      // board's deep link with its first screen (server/src/http/first_screen.rs).
      const out = httpRequest(new URL(req.url, upstream), { method: req.method }, (up) => {
        res.writeHead(up.statusCode, { 'content-type': up.headers['content-type'] ?? types['.html'], 'cache-control': 'no-cache' });
        up.pipe(res);
      });
      out.on('error', () => res.writeHead(502).end());
      return out.end();
    }
    if (path === '/config.json') {
      return res.writeHead(200, { 'content-type': types['.json'] }).end(JSON.stringify({ api_base: 'archive', title: '档案' }));
    }
    let file;
    if (path.startsWith('/archive/')) file = join(backend, normalize(path.slice('/archive/'.length)));
    else file = join(app, normalize(path));
    try {
      if (!(await stat(file)).isFile()) throw new Error('dir');
    } catch {
      if (path.startsWith('/archive/') || extname(path)) return res.writeHead(404).end('not found');
      // A board's page written ahead (--pages): org/<id>.html for /org/<id>;
      // any other page gets index.html.
      const written = (await stat(`${file}.html`).catch(() => null))?.isFile();
      file = written ? `${file}.html` : join(app, 'index.html');
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(await readFile(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** In the page before anything runs: the time of the frame that first shows
 * a card, and a probe for keystrokes. */
const PROBE = () => {
  const afterPaint = (done) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => done(performance.now());
    ch.port2.postMessage(0);
  });
  window.__gk = { firstCard: null, keys: [], part: null };
  // Every request's timing kept (the default buffer holds 250).
  performance.setResourceTimingBufferSize(1000000);
  const watch = new MutationObserver(() => {
    if (window.__gk.firstCard === null && document.querySelector('.gk-card')) {
      window.__gk.firstCard = -1;
      afterPaint((t) => { window.__gk.firstCard = t; });
    }
    const pending = window.__gk.pendingKey;
    // The backend's answer still to come: not the result yet.
    const busy = document.querySelector('.gk-results[aria-busy="true"]');
    if (pending && !pending.seen && !busy) {
      pending.seen = true;
      afterPaint((t) => {
        window.__gk.keys.push(t - pending.at);
        // Where the backend searched: the request this keystroke sent.
        const sent = performance.getEntriesByType('resource').filter((r) => r.startTime >= pending.at && /search/.test(r.name));
        if (sent.length) {
          const first = sent[0];
          const last = sent.reduce((a, r) => (r.responseEnd > a.responseEnd ? r : a));
          window.__gk.part = [first.startTime - pending.at, last.responseEnd - first.startTime, t - last.responseEnd, sent.length];
        }
        window.__gk.pendingKey = null;
      });
    }
  });
  watch.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
  document.addEventListener('input', (e) => { window.__gk.pendingKey = { at: e.timeStamp, seen: false }; }, true);
};

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] : NaN; };

/** The main thread's time in a trace, by kind of work (ms, complete events
 * at the top level of the renderer's main thread only). */
function traceSummary({ traceEvents }) {
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const kinds = { EventDispatch: 'input events (script)', FunctionCall: 'other script', TimerFire: 'timers', FireAnimationFrame: 'animation frames', RunMicrotasks: 'microtasks', UpdateLayoutTree: 'style', Layout: 'layout', PrePaint: 'pre-paint', Paint: 'paint', Layerize: 'layerize', 'Document::updateStyleAndLayout': 'style+layout' };
  const sums = {};
  let depthEnd = 0;
  for (const e of traceEvents.filter((e) => e.pid === main?.pid && e.tid === main?.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts)) {
    if (!(e.name in kinds)) continue;
    // Only the outermost: a Layout inside an event handler is the handler's.
    if (e.ts < depthEnd) continue;
    depthEnd = e.ts + (e.dur ?? 0);
    sums[kinds[e.name]] = (sums[kinds[e.name]] ?? 0) + (e.dur ?? 0) / 1000;
  }
  return Object.entries(sums).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
}

/** The functions with the most samples in a CPU profile: own time, and
 * time with their callees (each function once per sample). */
function profileSummary({ nodes, samples, timeDeltas }) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const own = new Map();
  const total = new Map();
  const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}`;
  samples.forEach((id, i) => {
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id);
    own.set(label(n), (own.get(label(n)) ?? 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at));
      if (!seen.has(l)) total.set(l, (total.get(l) ?? 0) + dt);
      seen.add(l);
    }
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`).join('\n');
  return `own time:\n${top(own)}\nwith callees:\n${top(total)}`;
}

/** A CDP session on `page` with the CPU profiler sampling every 0.1 ms. */
async function startProfiler(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return cdp;
}

/** The main thread's tasks of 2 ms or more from navigation to `until` ms
 * after it, each with its start and length and, for script, its file. */
function firstLoadTasks({ traceEvents }, until) {
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const nav = traceEvents.filter((e) => e.name === 'navigationStart' && e.pid === main?.pid).at(-1);
  if (!main || !nav) return '  (no navigation in the trace)';
  const rows = [];
  let end = 0;
  for (const e of traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts)) {
    const at = (e.ts - nav.ts) / 1000;
    if (at < 0 || at > until || e.ts < end || e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') continue;
    end = e.ts + (e.dur ?? 0);
    if ((e.dur ?? 0) < 2000) continue;
    const data = e.args?.data ?? {};
    const what = [data.url?.split('/').pop(), data.functionName, data.type].filter(Boolean).join(' ');
    rows.push(`  ${at.toFixed(0).padStart(5)} ms  ${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  ${e.name}${what ? ` (${what})` : ''}`);
  }
  return rows.join('\n');
}

async function firstPaint(browser, url, profile = false, traced = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  const cdp = profile && (await startProfiler(context, page));
  if (traced) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'] });
  await page.goto(url);
  await page.waitForFunction(() => window.__gk.firstCard > 0, null, { timeout: 60000 });
  if (cdp) console.log(`navigation → first card:\n${profileSummary((await cdp.send('Profiler.stop')).profile)}`);
  const t = await page.evaluate(() => window.__gk.firstCard);
  if (traced) {
    const events = JSON.parse(String(await browser.stopTracing()));
    if (process.env.TRACE_FILE) await writeFile(`${process.env.TRACE_FILE}.${traced}.json`, JSON.stringify(events));
    console.log(`main thread before the first card (${t.toFixed(0)} ms):\n${firstLoadTasks(events, t)}`);
  }
  return { t, page, context };
}

async function keystrokes(page, input, loaded) {
  await loaded();
  const times = [];
  const firsts = [];
  const parts = [];
  let missed = 0;
  for (const q of QUERIES) {
    await page.fill(input, '');
    await page.waitForTimeout(150);
    for (const [at, ch] of [...q].entries()) {
      await page.evaluate(() => { window.__gk.keys = []; window.__gk.part = null; });
      await page.keyboard.type(ch);
      try {
        await page.waitForFunction(() => window.__gk.keys.length > 0, null, { timeout: 3000 });
        const [time, part] = await page.evaluate(() => [window.__gk.keys[0], window.__gk.part]);
        times.push(time);
        if (at === 0) firsts.push(time);
        if (part) parts.push(part);
      } catch {
        missed++;
      }
      await page.waitForTimeout(60);
    }
  }
  return { times, firsts, missed, parts };
}

const dir = await mkdtemp(join(tmpdir(), 'gongkai-archive-'));
try {
  console.log(`writing a static backend with ${count} items on one board …`);
  const backend = join(dir, 'backend');
  const { org } = await writeArchive(backend, { count });
  let upstream;
  let reference;
  if (backendKind === 'index') {
    // --gram-max N: the index's longest gram (gongkai-index's own default
    // otherwise).
    const indexArgs = args['gram-max'] ? ['--gram-max', args['gram-max']] : [];
    console.log(execFileSync(indexBinary, [backend, ...indexArgs]).toString().trim());
  } else if (backendKind === 'server') {
    const db = join(dir, 'gongkai.db');
    execFileSync(serverBinary, ['--db', db, 'import', backend], { stdio: 'inherit' });
    reference = spawn(serverBinary, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--no-demo', '--quiet', '--spa', app], { stdio: ['ignore', 'pipe', 'inherit'] });
    upstream = await new Promise((ready, fail) => {
      reference.once('exit', (code) => fail(new Error(`gongkai-server exited with ${code}`)));
      reference.stdout.once('data', (line) => ready(String(line).match(/http:\/\/\S+/)[0]));
    });
  }
  if (pages) {
    // A copy of the app with the boards' pages in it, from the folder as
    // the static host serves it (its site.json as the app reads it).
    const copy = join(dir, 'app');
    await cp(app, copy, { recursive: true });
    const db = join(dir, 'pages.db');
    execFileSync(serverBinary, ['--db', db, 'import', backend], { stdio: 'inherit' });
    console.log(execFileSync(serverBinary, ['--db', db, 'pages', copy]).toString().trim());
    app = copy;
  }
  console.log(`backend: ${backendKind}${pages ? ', with the boards\' pages written ahead' : ''}`);
  const { server, url } = await serve(backend, upstream);
  // The flags of the e2e tests' browser: without the background ones, each
  // new context also loaded Chromium's own pages (seen in --trace).
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const { version } = { version: browser.version() };
  console.log(`chromium ${version}, app ${app}, ${runs} runs`);
  const result = {};
  for (const [name, target, input, loaded] of [
    // The list is all in when its region is no longer busy.
    // Typing starts once the app runs the page (the server's first screen,
    // where there is one, has gone: it is the app's keystrokes that count).
    ['app', `${url}/org/${org}`, '#gk-q', async (page) => {
      await page.locator('#gk-first').waitFor({ state: 'detached', timeout: 900000 });
      await page.locator('.gk-results[aria-busy="false"]').waitFor({ timeout: 900000 });
    }],
    ['anchor', `${url}/anchor.html?org=${org}`, '#q', (page) => page.waitForFunction(() => document.getElementById('count').textContent.startsWith('共'), null, { timeout: 900000 })],
    ['cards', `${url}/anchor-cards.html?org=${org}`, '#q', (page) => page.waitForFunction(() => document.getElementById('count').textContent.startsWith('共'), null, { timeout: 900000 })],
  ]) {
    const paints = [];
    let last;
    for (let i = 0; i < runs; i++) {
      const run = await firstPaint(browser, target, profiling && name === 'app' && i === runs - 1, trace && i === runs - 1 && name);
      paints.push(run.t);
      if (last) await last.context.close();
      last = run;
    }
    if (timeline) {
      const rows = await last.page.evaluate(() => performance.getEntriesByType('resource').map((r) => [r.name.replace(location.origin, ''), r.startTime, r.responseEnd]));
      const start = await last.page.evaluate(() => performance.getEntriesByType('navigation')[0].responseEnd);
      console.log(`${name}: page's HTML in at ${start.toFixed(0)} ms; first card painted at ${paints.at(-1).toFixed(0)} ms`);
      for (const [file, from, to] of rows) if (from < paints.at(-1)) console.log(`  ${from.toFixed(0).padStart(5)} → ${to.toFixed(0).padStart(5)} ms  ${file}`);
    }
    const keys = await keystrokes(last.page, input, async () => {
      await loaded(last.page);
      upstreamTimes.length = 0;
      if (profiling && name === 'app') {
        last.cdp = await startProfiler(last.context, last.page);
      }
      if (trace) await browser.startTracing(last.page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    });
    if (last.cdp) console.log(profileSummary((await last.cdp.send('Profiler.stop')).profile));
    if (trace) console.log(`${name}: ${traceSummary(JSON.parse(String(await browser.stopTracing())))}`);
    await last.context.close();
    result[name] = { paints, keys };
    console.log(`${name.padEnd(6)} first item painted: median ${median(paints).toFixed(1)} ms (runs: ${paints.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`${name.padEnd(6)} keystroke → painted: median ${median(keys.times).toFixed(1)} ms, p95 ${p95(keys.times).toFixed(1)} ms over ${keys.times.length} keystrokes (${keys.missed} without a change)`);
    console.log(`${name.padEnd(6)}   the first character of each query: median ${median(keys.firsts).toFixed(1)} ms, p95 ${p95(keys.firsts).toFixed(1)} ms`);
    if (keys.parts.length) {
      const part = (i) => keys.parts.map((p) => p[i]);
      const fmt = (xs) => `median ${median(xs).toFixed(1)}, p95 ${p95(xs).toFixed(1)} ms`;
      console.log(`${name.padEnd(6)}   of which: input → request sent ${fmt(part(0))}; the backend's answer (first request sent → last answer in) ${fmt(part(1))}; answer → painted ${fmt(part(2))} (${keys.parts.length} keystrokes that asked the backend)`);
      const requests = part(3);
      console.log(`${name.padEnd(6)}   requests a keystroke: median ${median(requests)}, p95 ${p95(requests)}, most ${Math.max(...requests)}, ${requests.reduce((a, b) => a + b, 0)} in all`);
      if (upstreamTimes.length) console.log(`${name.padEnd(6)}   the server itself (seen from the proxy): ${fmt(upstreamTimes)} over ${upstreamTimes.length} searches`);
    }
  }
  const ratio = median(result.app.keys.times) / median(result.anchor.keys.times);
  const ratio95 = p95(result.app.keys.times) / p95(result.anchor.keys.times);
  console.log(`app / anchor, keystroke: median ${ratio.toFixed(2)}×, p95 ${ratio95.toFixed(2)}×`);
  const cards = median(result.app.keys.times) / median(result.cards.keys.times);
  const cards95 = p95(result.app.keys.times) / p95(result.cards.keys.times);
  console.log(`app / anchor with the app's cards, keystroke: median ${cards.toFixed(2)}×, p95 ${cards95.toFixed(2)}×`);
  await browser.close();
  server.close();
  reference?.kill('SIGTERM');
} finally {
  await rm(dir, { recursive: true, force: true });
}
