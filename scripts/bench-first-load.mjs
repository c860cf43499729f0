// First load on a mid-range phone: the app against a static snapshot of the
// same page, in Chromium with CDP network and CPU throttling (the issue's
// goal: cold first content ≤ 1.5× the snapshot, repeat visit ≤ 1.1×).
//
//   node scripts/bench-first-load.mjs [--app dist] [--runs 5]
//     [--pages /,/org/<id>] [--no-throttle] [--timeout 120] [--sw-wait 30]
//     [--shots /tmp/bench-first-load]
//
// The app is served by the reference server (`gongkai-server serve --spa
// <app>` on a fresh database with the demo; GONGKAI_SERVER names another
// binary than target/release/gongkai-server), as deployed: whatever
// compression and cache headers it sends are what the browser gets.
//
// The snapshot: each page loaded once, unthrottled, until its main content is
// in (the marker below), then `document.documentElement.outerHTML` with every
// <script>, <link rel=preload>/modulepreload and wasm reference taken out
// (and the form state the app set as properties, such as a ticked box,
// written into attributes); the stylesheet links stay. A small server on another port answers the
// page's path with it and forwards everything else (the same CSS files) to
// the reference server. For the page itself it asks the reference server
// too, with the browser's own request headers, and answers with the
// snapshot in its place: the same status (a 304 stays a 304), the same
// cache headers and the same content-encoding (the snapshot compressed by
// node's zlib); only the Content-Security-Policy is dropped (no scripts are
// left for it to allow, and it would refuse style attributes the app set
// from script).
//
// The phone (--no-throttle: none of it): a 412×823 screen at 1.75 dppx,
// touch; CPU 4× slower (Emulation.setCPUThrottlingRate); the network at
// 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up
// (Network.emulateNetworkConditions on the page; the service worker, a
// target of its own that the page's conditions do not reach, gets the same
// through Network.emulateNetworkConditionsByRule as soon as it appears). The
// conditions are per request, as DevTools applies them, without Lighthouse's
// extra factors for that.
//
// Each run, for each page and each of app/snapshot (taken in turn, so that
// the machine's other work falls on both alike): a new browser context
// (empty caches, service workers allowed), throttled before it navigates.
// - cold: navigation start → the end of the frame that first shows the
//   marker (a MutationObserver sees it, then requestAnimationFrame, then a
//   MessageChannel message: the frame's work is done), and the
//   first-contentful-paint entry;
// - the load settles: the load event, then, if a service worker registers
//   (within 3 s), until it controls the page (--sw-wait seconds at most),
//   then no request for 500 ms (10 s at most);
// - repeat: in the same context, a navigation to the same URL, the same
//   figures.
// Printed per page: the medians and the app/snapshot ratios, the bytes the
// cold load transferred (the navigation's and every resource's
// transferSize, the service worker's own fetches not included), the wasm's
// content-encoding and size as the browser received it, and every run's
// values. A screenshot of each of app and snapshot per page (the first
// screen, or down to the first marker; unthrottled, once the content is in):
// --shots prefix, then `-app.png`/`-snapshot.png`, the path added for the
// later pages.
//
// Not part of CI. Needs a release build in --app (scripts/build.sh) and the
// release server (`cargo build --release -p gongkai-server`).
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, Agent } from 'node:http';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir, loadavg, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--name value`, or `--name` alone (true).
const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
  const next = process.argv[i + 1];
  if (next !== undefined && !next.startsWith('--')) args[arg.slice(2)] = next, i++;
  else args[arg.slice(2)] = true;
}
const app = resolve(args.app ?? join(root, 'dist'));
const runs = Number(args.runs ?? 5);
const throttle = !args['no-throttle'];
const timeout = Number(args.timeout ?? 120) * 1000;
const swWait = Number(args['sw-wait'] ?? 30) * 1000;
const shots = args.shots ?? '/tmp/bench-first-load';
const serverBinary = process.env.GONGKAI_SERVER ?? join(root, 'target', 'release', 'gongkai-server');
if (!(runs >= 1)) throw new Error('--runs takes a number ≥ 1');

const CPU_SLOWDOWN = 4;
const NETWORK = {
  offline: false,
  latency: 150, // ms, round trip
  downloadThroughput: (1.6 * 1000 * 1000) / 8, // bytes/s
  uploadThroughput: (750 * 1000) / 8,
};
const DEVICE = {
  viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true, locale: 'zh-CN',
};

/** What shows that a page's main content is painted: every selector matches.
 * The home page builds its whole body at once from the site, the
 * organisations and the items: its first notice card and the organisation
 * tree. A board: its first card. */
function markersFor(path) {
  const { pathname } = new URL(path, 'http://x');
  if (pathname === '/') return ['.gk-home .gk-card', '.gk-home .gk-tree__link'];
  if (pathname.startsWith('/org/')) return ['.gk-board .gk-card'];
  return ['#gk-main .gk-card'];
}

/** In the page before anything runs: the end of the frame that first shows
 * every marker, in ms since navigation start. */
const PROBE = (markers) => {
  window.__gk = { content: null };
  // Every request's timing kept (the default buffer holds 250).
  performance.setResourceTimingBufferSize(100000);
  const watch = new MutationObserver(() => {
    if (window.__gk.content !== null || !markers.every((m) => document.querySelector(m))) return;
    window.__gk.content = -1;
    watch.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { window.__gk.content = performance.now(); };
      ch.port2.postMessage(0);
    });
  });
  watch.observe(document, { subtree: true, childList: true });
};

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—');
const kb = (x) => (Number.isFinite(x) ? `${(x / 1024).toFixed(1)} KiB` : '—');
const ratio = (a, b, goal) => {
  const r = a / b;
  if (!Number.isFinite(r)) return '—';
  return `${r.toFixed(2)}× (goal ≤ ${goal}×: ${r <= goal ? 'met' : 'not met'})`;
};

/** The reference server with a new database (the demo loads on first start). */
async function startReference(dir) {
  const child = spawn(serverBinary, ['--db', join(dir, 'gongkai.db'), 'serve', '--listen', '127.0.0.1:0', '--spa', app, '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((done) => child.once('exit', done));
  const url = await new Promise((ready, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`gongkai-server did not say where it listens within 30 s (${serverBinary})`)), 30000);
    child.once('error', (e) => { clearTimeout(timer); fail(new Error(`cannot start ${serverBinary}: ${e.message}`)); });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`gongkai-server exited with ${code}`)); });
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/listening on (http:\/\/\S+)/);
      if (found) { clearTimeout(timer); ready(found[1]); }
    });
  });
  child.stdout.resume();
  // Never left behind, whatever ends this process.
  process.once('exit', () => child.kill('SIGTERM'));
  let running = true;
  let stopping = false;
  child.once('exit', (code, signal) => {
    running = false;
    if (!stopping) console.error(`bench-first-load: gongkai-server stopped during the run (${signal ?? `exit code ${code}`}), not by this script`);
  });
  return {
    url,
    running: () => running,
    stop: () => { stopping = true; child.kill('SIGTERM'); return exited; },
  };
}

/** The demo's board with the most items, through the API as the app finds it. */
async function biggestBoard(base) {
  const get = async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.json();
  };
  const config = await get(new URL('config.json', base));
  const api = new URL(config.api_base, base);
  const { organisations } = await get(new URL('v1/orgs.json', api));
  let best = null;
  for (const org of organisations) {
    const page = await get(new URL(`v1/orgs/${encodeURIComponent(org.id)}/items.json`, api));
    const total = page.total ?? page.items.length;
    if (!best || total > best.total) best = { id: org.id, total };
  }
  if (!best) throw new Error('the API lists no organisation');
  return best;
}

const encoders = {
  gzip: (b) => zlib.gzipSync(b),
  deflate: (b) => zlib.deflateSync(b),
  br: (b) => zlib.brotliCompressSync(b),
  ...(zlib.zstdCompressSync ? { zstd: (b) => zlib.zstdCompressSync(b) } : {}),
};

/** The snapshots (path → HTML) on a port of their own; everything else is
 * forwarded to the reference server. */
async function startSnapshotServer(upstream, snapshots) {
  const up = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  const encoded = new Map();
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const snapshot = (req.method === 'GET' || req.method === 'HEAD') ? snapshots.get(path) : undefined;
    const headers = { ...req.headers, host: up.host };
    if (snapshot !== undefined && headers['accept-encoding']) {
      // Only what the snapshot can be compressed with here.
      headers['accept-encoding'] = headers['accept-encoding'].split(',')
        .filter((e) => { const name = e.trim().split(';')[0]; return name in encoders || name === 'identity'; }).join(',');
    }
    const out = httpRequest({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers, agent }, (answer) => {
      const back = { ...answer.headers };
      delete back.connection;
      delete back['keep-alive'];
      if (snapshot === undefined || answer.statusCode !== 200) {
        if (snapshot !== undefined) delete back['content-security-policy'];
        res.writeHead(answer.statusCode, back);
        answer.pipe(res);
        return;
      }
      answer.resume();
      const encoding = answer.headers['content-encoding'];
      const key = `${path} ${encoding ?? ''}`;
      if (!encoded.has(key)) {
        const raw = Buffer.from(snapshot);
        encoded.set(key, encoding && encoders[encoding] ? encoders[encoding](raw) : raw);
      }
      const body = encoded.get(key);
      delete back['content-security-policy'];
      delete back['transfer-encoding'];
      delete back['content-length'];
      if (!(encoding && encoders[encoding])) delete back['content-encoding'];
      back['content-type'] = 'text/html; charset=utf-8';
      back['content-length'] = String(body.length);
      res.writeHead(200, back);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    out.on('error', (e) => { if (!res.headersSent) res.writeHead(502); res.end(String(e.message)); });
    req.pipe(out);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    stop: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); agent.destroy(); }),
  };
}

/** Applies the phone's network to every service worker as it appears (the
 * page's own conditions do not reach it). */
async function throttleServiceWorkers(browser) {
  const session = await browser.newBrowserCDPSession();
  let id = 1;
  const attached = new Set();
  session.on('Target.targetCreated', async ({ targetInfo }) => {
    if (targetInfo.type !== 'service_worker' || attached.has(targetInfo.targetId)) return;
    attached.add(targetInfo.targetId);
    try {
      const { sessionId } = await session.send('Target.attachToTarget', { targetId: targetInfo.targetId, flatten: false });
      const send = (method, params = {}) => session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: id++, method, params }) });
      await send('Network.enable');
      await send('Network.emulateNetworkConditionsByRule', {
        offline: false,
        matchedNetworkConditions: [{ urlPattern: '', latency: NETWORK.latency, downloadThroughput: NETWORK.downloadThroughput, uploadThroughput: NETWORK.uploadThroughput }],
      });
    } catch {
      // The worker went away first: nothing to throttle.
    }
  });
  await session.send('Target.setDiscoverTargets', { discover: true });
  return session;
}

/** Navigates and waits for the marker's frame: { t, fcp, nav }. */
async function load(page, url, what) {
  const response = await page.goto(url, { waitUntil: 'commit', timeout });
  if (response && response.status() >= 400) throw new Error(`${what}: HTTP ${response.status()} at ${url}`);
  try {
    await page.waitForFunction(() => window.__gk && window.__gk.content > 0, null, { timeout, polling: 200 });
  } catch (e) {
    if (e.name === 'TimeoutError') throw new Error(`${what}: no first content within ${timeout / 1000} s at ${url}`);
    throw e;
  }
  // The paint entry comes a little after the frame.
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 5000, polling: 100 }).catch(() => {});
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      t: window.__gk.content,
      fcp: fcp ? fcp.startTime : NaN,
      viaWorker: nav.workerStart > 0,
      responseStart: nav.responseStart,
    };
  });
}

/** Until the first load is over: the load event, the service worker (if one
 * registers) controlling the page, then a quiet network. */
async function settle(page) {
  await page.waitForLoadState('load', { timeout }).catch(() => {});
  const sw = await page.evaluate(async (wait) => {
    if (!('serviceWorker' in navigator)) return 'none';
    const sleep = (t) => new Promise((r) => setTimeout(r, t));
    let reg;
    for (let i = 0; i < 30 && !(reg = await navigator.serviceWorker.getRegistration()); i++) await sleep(100);
    if (!reg) return 'none';
    const until = performance.now() + wait;
    while (!navigator.serviceWorker.controller && performance.now() < until) await sleep(100);
    return navigator.serviceWorker.controller ? 'controlling' : 'registered, not controlling';
  }, swWait);
  await page.waitForLoadState('networkidle', { timeout: 10000 }).catch(() => {});
  return sw;
}

/** Bytes the load transferred: the navigation and every resource. */
const TRANSFERRED = () => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const wasm = resources.filter((r) => /\.wasm(\?|$)/.test(r.name))
    .map((r) => ({ transfer: r.transferSize, encoded: r.encodedBodySize, decoded: r.decodedBodySize }));
  return {
    total: nav.transferSize + resources.reduce((a, r) => a + r.transferSize, 0),
    requests: 1 + resources.length,
    wasm,
  };
};

async function newContext(browser, serviceWorkers = 'allow') {
  return browser.newContext({ ...DEVICE, serviceWorkers });
}

/** One run: cold load, settle, repeat visit. */
async function measure(browser, url, markers) {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const encodings = [];
    page.on('response', async (r) => {
      if (/\.wasm(\?|$)/.test(r.url())) encodings.push((await r.headerValue('content-encoding').catch(() => null)) ?? 'none');
    });
    await page.addInitScript(PROBE, markers);
    if (throttle) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', NETWORK);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    }
    const cold = await load(page, url, 'cold load');
    const sw = await settle(page);
    const bytes = await page.evaluate(TRANSFERRED);
    const repeat = await load(page, url, 'repeat visit');
    return { cold, repeat, sw, bytes, encodings };
  } finally {
    await context.close().catch(() => {});
  }
}

/** What the page shows, to check the snapshot by: the main region's text
 * and the state of its form fields. */
const CONTENT = () => {
  const main = document.querySelector('main');
  const fields = [...(main?.querySelectorAll('input, select, textarea') ?? [])]
    .map((el) => (el.type === 'checkbox' || el.type === 'radio' ? `${el.name}:${el.checked}` : `${el.name}=${el.value}`));
  return { text: main?.innerText ?? '', fields: fields.join(' ') };
};

/** The first screen, or down to the bottom of the first marker if it lies
 * lower (a board's cards come after its filters on a phone). */
async function screenshot(page, markers, path) {
  const bottom = await page.evaluate((m) => {
    const el = document.querySelector(m[0]);
    return el ? el.getBoundingClientRect().bottom + window.scrollY : 0;
  }, markers);
  const { width, height } = DEVICE.viewport;
  await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(Math.max(height, bottom + 24), 2400) } });
}

/** The page as the app renders it, with nothing left to run; also a
 * screenshot, and what it shows to check the snapshot against. */
async function snapshotOf(browser, url, markers, shot) {
  const context = await newContext(browser, 'block');
  try {
    const page = await context.newPage();
    await page.addInitScript(PROBE, markers);
    await load(page, url, 'snapshot capture');
    // The app's own page: the server's first screen (in the HTML, so the
    // marker is there at once) gone, and the app's render in its place.
    await page.waitForFunction(() => !document.getElementById('gk-first'), null, { timeout: 30000 });
    await page.waitForLoadState('networkidle', { timeout: 10000 }).catch(() => {});
    await page.waitForTimeout(300);
    await screenshot(page, markers, shot);
    const content = await page.evaluate(CONTENT);
    const html = await page.evaluate(() => {
      const copy = document.documentElement.cloneNode(true);
      // Form state the app set as properties (a checked box, a chosen
      // option, a typed value) into the markup: outerHTML has only the
      // attributes. The copy's elements come in the same order.
      const live = document.querySelectorAll('input, option, textarea');
      const copied = copy.querySelectorAll('input, option, textarea');
      live.forEach((el, i) => {
        const to = copied[i];
        if (el.tagName === 'OPTION') to.toggleAttribute('selected', el.selected);
        else if (el.tagName === 'TEXTAREA') to.textContent = el.value;
        else if (el.type === 'checkbox' || el.type === 'radio') to.toggleAttribute('checked', el.checked);
        else if (el.type !== 'file' && el.type !== 'password') to.setAttribute('value', el.value);
      });
      copy.querySelectorAll('script, link[rel~="preload"], link[rel~="modulepreload"], [src*=".wasm"], [href*=".wasm"]')
        .forEach((el) => el.remove());
      return `<!doctype html>\n${copy.outerHTML}`;
    });
    return { html, content };
  } finally {
    await context.close().catch(() => {});
  }
}

/** The snapshot as served: what it shows, a screenshot, what it holds. */
async function snapshotCheck(browser, url, markers, shot) {
  const context = await newContext(browser, 'block');
  try {
    const page = await context.newPage();
    await page.addInitScript(PROBE, markers);
    await load(page, url, 'snapshot check');
    await screenshot(page, markers, shot);
    const content = await page.evaluate(CONTENT);
    const counts = await page.evaluate(() => ({ scripts: document.scripts.length, sheets: document.styleSheets.length }));
    return { content, ...counts };
  } finally {
    await context.close().catch(() => {});
  }
}

const dir = await mkdtemp(join(tmpdir(), 'gongkai-first-load-'));
let reference;
let snapshotServer;
let browser;
let failed = false;
try {
  try {
    await stat(join(app, 'index.html'));
  } catch {
    throw new Error(`no build in ${app} (scripts/build.sh, or --app <dir>)`);
  }
  reference = await startReference(dir);
  const pages = args.pages && args.pages !== true
    ? String(args.pages).split(',').map((p) => p.trim()).filter(Boolean)
    : ['/', `/org/${(await biggestBoard(reference.url)).id}`];

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  if (throttle) await throttleServiceWorkers(browser);
  console.log(`chromium ${browser.version()}, app ${app}, server ${serverBinary} at ${reference.url}`);
  console.log(`${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${runs} runs`);
  console.log(throttle
    ? `phone: CPU ${CPU_SLOWDOWN}× slower, ${NETWORK.latency} ms RTT, ${(NETWORK.downloadThroughput * 8 / 1e6).toFixed(1)} Mbit/s down, ${(NETWORK.uploadThroughput * 8 / 1e3).toFixed(0)} kbit/s up; ${DEVICE.viewport.width}×${DEVICE.viewport.height} @${DEVICE.deviceScaleFactor}`
    : 'no throttling (--no-throttle)');

  // The snapshots first, unthrottled.
  const snapshots = new Map();
  const checks = new Map();
  for (const [i, path] of pages.entries()) {
    const suffix = i === 0 ? '' : `-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'home'}`;
    const shot = `${shots}-app${suffix}.png`;
    const { html, content } = await snapshotOf(browser, new URL(path, reference.url).href, markersFor(path), shot);
    snapshots.set(new URL(path, 'http://x').pathname, html);
    checks.set(path, { content, suffix, shot });
  }
  snapshotServer = await startSnapshotServer(reference.url, snapshots);
  for (const path of pages) {
    const check = checks.get(path);
    const shot = `${shots}-snapshot${check.suffix}.png`;
    const seen = await snapshotCheck(browser, new URL(path, snapshotServer.url).href, markersFor(path), shot);
    const same = seen.content.text === check.content.text && seen.content.fields === check.content.fields;
    console.log(`snapshot of ${path}: ${(snapshots.get(new URL(path, 'http://x').pathname).length / 1024).toFixed(1)} KiB of HTML, ${seen.scripts} scripts, ${seen.sheets} stylesheets; `
      + `main text and form fields ${same ? 'the same as the app\'s' : 'DIFFER from the app\'s'}; screenshots ${check.shot}, ${shot}`);
  }

  for (const path of pages) {
    const markers = markersFor(path);
    const targets = { app: new URL(path, reference.url).href, snapshot: new URL(path, snapshotServer.url).href };
    const results = { app: [], snapshot: [] };
    const errors = { app: [], snapshot: [] };
    console.log(`\n${path}  (marker: ${markers.join(' + ')})`);
    for (let i = 0; i < runs; i++) {
      for (const kind of ['app', 'snapshot']) {
        if (!reference.running()) throw new Error('the reference server is gone: no further figures');
        try {
          results[kind].push(await measure(browser, targets[kind], markers));
        } catch (e) {
          errors[kind].push(e.message);
          console.log(`  ${kind} run ${i + 1}: ${e.message.split('\n')[0]}`);
        }
      }
    }
    const pick = (kind, f) => results[kind].map(f);
    const med = (kind, f) => median(pick(kind, f));
    if (!results.app.length || !results.snapshot.length) {
      failed = true;
      console.log('  no complete run for app or snapshot: no figures');
      continue;
    }
    const coldApp = med('app', (r) => r.cold.t);
    const coldSnap = med('snapshot', (r) => r.cold.t);
    const repApp = med('app', (r) => r.repeat.t);
    const repSnap = med('snapshot', (r) => r.repeat.t);
    console.log(`  cold first content:   app ${ms(coldApp)}, snapshot ${ms(coldSnap)}: ${ratio(coldApp, coldSnap, 1.5)}`);
    console.log(`  repeat first content: app ${ms(repApp)}, snapshot ${ms(repSnap)}: ${ratio(repApp, repSnap, 1.1)}`);
    console.log(`  FCP cold: app ${ms(med('app', (r) => r.cold.fcp))}, snapshot ${ms(med('snapshot', (r) => r.cold.fcp))}; `
      + `repeat: app ${ms(med('app', (r) => r.repeat.fcp))}, snapshot ${ms(med('snapshot', (r) => r.repeat.fcp))}`);
    console.log(`  cold load transferred: app ${kb(med('app', (r) => r.bytes.total))} in ${med('app', (r) => r.bytes.requests)} requests, `
      + `snapshot ${kb(med('snapshot', (r) => r.bytes.total))} in ${med('snapshot', (r) => r.bytes.requests)} requests`);
    const wasm = results.app[0].bytes.wasm[0];
    const encodings = [...new Set(results.app.flatMap((r) => r.encodings))];
    console.log(wasm
      ? `  wasm: content-encoding ${encodings.join(', ') || '?'}, ${wasm.transfer} bytes transferred (body ${wasm.encoded}, decoded ${wasm.decoded})`
      : '  wasm: not in the resource timings');
    const sw = (kind) => {
      const counts = {};
      for (const r of results[kind]) counts[r.sw] = (counts[r.sw] ?? 0) + 1;
      const via = results[kind].filter((r) => r.repeat.viaWorker).length;
      return `service worker ${Object.entries(counts).map(([k, n]) => `${k} ×${n}`).join(', ')}; repeat through it ${via}/${results[kind].length}`;
    };
    console.log(`  app: ${sw('app')}; snapshot: ${sw('snapshot')}`);
    const list = (kind, f) => pick(kind, f).map((x) => (Number.isFinite(x) ? x.toFixed(0) : '—')).join(', ');
    for (const kind of ['app', 'snapshot']) {
      console.log(`  runs, ${kind}: cold [${list(kind, (r) => r.cold.t)}] FCP [${list(kind, (r) => r.cold.fcp)}] `
        + `repeat [${list(kind, (r) => r.repeat.t)}] FCP [${list(kind, (r) => r.repeat.fcp)}] bytes [${list(kind, (r) => r.bytes.total)}]`
        + (errors[kind].length ? `; ${errors[kind].length} failed` : ''));
    }
  }
} catch (e) {
  failed = true;
  console.error(`bench-first-load: ${e.message}`);
} finally {
  await browser?.close().catch(() => {});
  await snapshotServer?.stop().catch(() => {});
  await reference?.stop().catch(() => {});
  await rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
