// Shared set-up for the end-to-end tests: the reference server (gongkai-server,
// a fresh database with the demo, serving the release build in dist/), a
// static host for file-only deployments, and Debian's Chromium driven by
// playwright-core.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = join(root, 'tests', 'e2e', 'screenshots');
/** The build under test: dist/, or GONGKAI_DIST to test another copy. */
export const dist = process.env.GONGKAI_DIST ?? join(root, 'dist');

/** The server binary under test: GONGKAI_SERVER, or the debug build. */
export const serverBinary = process.env.GONGKAI_SERVER ?? join(root, 'target', 'debug', 'gongkai-server');
/** The static search index writer: GONGKAI_INDEX, or the debug build. */
export const indexBinary = process.env.GONGKAI_INDEX ?? join(root, 'target', 'debug', 'gongkai-index');
/** The bearer token the test server's staff API takes. */
export const staffToken = 'e2e-staff-token-0123456789-abcdefghij';

/**
 * Starts gongkai-server on a free loopback port with a new database (the demo
 * is loaded on first start) and the app from dist/. Returns its URL, the
 * database path, and `stop()` (SIGTERM, resolves when it has exited).
 * `db` reuses a database and `listen` an address, for restarts; `app` serves
 * another build (a deploy).
 */
export async function startServer({ db, args = [], listen = '127.0.0.1:0', app = dist } = {}) {
  const database = db ?? join(await mkdtemp(join(tmpdir(), 'gongkai-e2e-db-')), 'gongkai.db');
  const server = spawn(
    serverBinary,
    ['--db', database, 'serve', '--listen', listen, '--spa', app, '--quiet', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GONGKAI_STAFF_TOKEN: staffToken } },
  );
  const url = await new Promise((ready, fail) => {
    server.once('error', fail);
    server.once('exit', (code) => fail(new Error(`gongkai-server exited with ${code}`)));
    server.stdout.once('data', (line) => ready(String(line).match(/http:\/\/\S+/)[0]));
  });
  const exited = new Promise((done) => server.once('exit', done));
  return {
    url,
    db: database,
    stop: () => {
      server.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the server's staff command line on a database; resolves with its stdout. */
export function serverCli(db, ...args) {
  return new Promise((done, fail) => {
    const cli = spawn(serverBinary, ['--db', db, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    cli.stdout.on('data', (d) => { out += d; });
    cli.stderr.on('data', (d) => { err += d; });
    cli.once('exit', (code) => (code === 0 ? done(out) : fail(new Error(`gongkai-server ${args.join(' ')}: ${code}\n${err}`))));
  });
}

/** Serves a folder as a static host would (the file-only deployment) on a free port. */
export async function startStaticServer({ base = '/', dir = dist } = {}) {
  const server = spawn(
    process.execPath,
    [join(root, 'scripts', 'static-server.mjs'), '--dir', dir, '--port', '0', '--base', base],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((ready, fail) => {
    server.once('error', fail);
    server.once('exit', (code) => fail(new Error(`static server exited with ${code}`)));
    server.stdout.once('data', (line) => ready(String(line).match(/http:\/\/\S+/)[0]));
  });
  return { url, stop: () => server.kill('SIGTERM') };
}

/** A copy of dist/ as a portal would deploy it under a sub-path: only <base href> changes. */
export async function deployUnder(base) {
  const dir = join(tmpdir(), `gongkai-e2e-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await cp(dist, dir, { recursive: true });
  const index = join(dir, 'index.html');
  const html = await readFile(index, 'utf8');
  const rebased = html.replace(/<base href="[^"]*"/, `<base href="${base}"`);
  if (rebased === html) throw new Error('index.html has no <base href> to set');
  await writeFile(index, rebased);
  return dir;
}

export async function launchBrowser() {
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A page that fails the test on any uncaught script error, CSP violation or
 * dialog (alert). `serviceWorkers: 'block'`: no worker, so every file comes
 * from the network.
 */
export async function openPage(browser, { width = 1280, height = 900, hasTouch = false, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', hasTouch, serviceWorkers });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  // The server sends a Content-Security-Policy: anything it blocks is a defect.
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      page.errors.push(message.text());
    }
  });
  page.on('dialog', async (dialog) => {
    page.errors.push(`unexpected dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return page;
}

export async function shoot(page, name) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * Resolves once the app runs the page: the reference server sends the first
 * screen of `/` and `/org/…` in the HTML (`#gk-first`), and the app removes
 * it when its own page has its data. A test that checks what the app
 * fetched waits for this, not for a heading the first screen already has.
 */
export async function appRunning(page) {
  await page.locator('#gk-first').waitFor({ state: 'detached', timeout: 30_000 });
  await page.locator('#gongkai > :not(#gk-first)').first().waitFor({ state: 'attached' });
}

/**
 * Evaluates the async `check` in the page until it is true (waitForFunction
 * takes the promise an async function returns for true).
 */
export async function until(page, check, arg, what) {
  const deadline = Date.now() + 30_000;
  while (!(await page.evaluate(check, arg))) {
    if (Date.now() > deadline) {
      const workers = await page.evaluate(async () => {
        const r = await navigator.serviceWorker?.getRegistration();
        const url = (w) => w && `${w.scriptURL} ${w.state}`;
        return { active: url(r?.active), waiting: url(r?.waiting), installing: url(r?.installing), caches: await caches.keys(), all: (await navigator.serviceWorker?.getRegistrations())?.map((x) => [x.scope, url(x.active), url(x.installing), url(x.waiting)]), controller: url(navigator.serviceWorker?.controller), href: location.href };
      });
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(workers)}`);
    }
    await new Promise((later) => setTimeout(later, 100));
  }
}

/** Waits until a service worker is activated and controls the page (its
 * install, with every file of the build cached, is done). */
export async function workerControls(page) {
  await until(
    page,
    async () => {
      const registration = await navigator.serviceWorker?.getRegistration();
      return registration?.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
    },
    null,
    'a service worker that controls the page',
  );
}

/**
 * One origin with several installs of the app, each under its own path and
 * with its own backend, as a portal with two boards has them:
 * `installs` maps a path ('/a/') to a started server. Each install's
 * index.html gets its <base href>, its config.json points to 'api/' under
 * its path, and that is passed to its server's `/api/`. `down(path)` makes
 * an install's API answer 503 until `up(path)`; `posts(path)` counts the
 * submissions that reached it. An install given `{ apiBase }` in place of a
 * server reads that backend directly (another origin) instead; `wrap`
 * turns its index.html into a portal's page around the app, and `files`
 * adds files of the portal's (name → text) under its path; `config` adds
 * to its config.json.
 */
export async function startPortal(installs) {
  const { createServer, request } = await import('node:http');
  const { extname, normalize } = await import('node:path');
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
  const state = Object.fromEntries(Object.keys(installs).map((p) => [p, { down: false, posts: 0 }]));
  const portal = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const path = Object.keys(installs).find((p) => url.pathname.startsWith(p));
    if (!path) return res.writeHead(404).end('not found');
    const rest = url.pathname.slice(path.length);
    if (rest.startsWith('api/') && installs[path].url) {
      if (req.method === 'POST') state[path].posts++;
      if (state[path].down) return res.writeHead(503, { 'retry-after': '1' }).end();
      const target = new URL(`${rest}${url.search}`, installs[path].url);
      const headers = { ...req.headers, host: target.host };
      const out = request(target, { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      });
      out.on('error', () => res.writeHead(502).end());
      return req.pipe(out);
    }
    const apis = Object.values(installs).filter((i) => i.apiBase).map((i) => new URL(i.apiBase).origin);
    res.setHeader('content-security-policy', `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${apis.join(' ')}; object-src 'none'; base-uri 'self'`);
    if (rest === 'config.json') {
      return res.writeHead(200, { 'content-type': types['.json'] }).end(JSON.stringify({ api_base: installs[path].apiBase ?? 'api/', title: `门户 ${path}`, ...installs[path].config }));
    }
    const own = installs[path].files?.[rest];
    if (own !== undefined) return res.writeHead(200, { 'content-type': types[extname(rest)] ?? 'text/plain' }).end(own);
    const file = join(dist, normalize(rest || 'index.html'));
    const found = extname(rest) ? await readFile(file).catch(() => null) : null;
    if (found) return res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(found);
    if (extname(rest)) return res.writeHead(404).end('not found');
    const html = (await readFile(join(dist, 'index.html'), 'utf8')).replace(/<base href="[^"]*"/, `<base href="${path}"`);
    res.writeHead(200, { 'content-type': types['.html'] }).end(installs[path].wrap?.(html) ?? html);
  });
  await new Promise((ok) => portal.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${portal.address().port}`,
    down: (path) => { state[path].down = true; },
    up: (path) => { state[path].down = false; },
    posts: (path) => state[path].posts,
    stop: () => new Promise((done) => portal.close(done)),
  };
}

/**
 * A portal's own site with the app embedded by `gongkai-embed.js`, as its IT
 * staff would set it up: the app's build under `/gongkai/`, the portal's
 * pages (`pages`: path → HTML) and files (`files`: path → text) at their
 * paths, and each backend of `backends` (`'/a/'` → a started server) passed
 * at `<path>api/`, with `down(path)`, `up(path)` and `posts(path)` as in
 * startPortal, and `gets(path)` counting the reads. Every answer carries the
 * strict CSP of issue 13 (no inline script or style, frames from this
 * origin only).
 */
export async function startHost({ pages = {}, files = {}, backends = {} }) {
  const { createServer, request } = await import('node:http');
  const { extname, normalize } = await import('node:path');
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
  const state = Object.fromEntries(Object.keys(backends).map((p) => [p, { down: false, posts: 0, gets: 0 }]));
  const host = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    res.setHeader('content-security-policy', "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; object-src 'none'; base-uri 'self'");
    const backend = Object.keys(backends).find((p) => url.pathname.startsWith(`${p}api/`));
    if (backend) {
      const rest = url.pathname.slice(`${backend}api/`.length);
      if (req.method === 'POST') state[backend].posts++;
      if (req.method === 'GET') state[backend].gets++;
      if (state[backend].down) return res.writeHead(503, { 'retry-after': '1' }).end();
      const target = new URL(`api/${rest}${url.search}`, backends[backend].url);
      const out = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      });
      out.on('error', () => res.writeHead(502).end());
      return req.pipe(out);
    }
    if (pages[url.pathname] !== undefined) return res.writeHead(200, { 'content-type': types['.html'] }).end(pages[url.pathname]);
    if (files[url.pathname] !== undefined) return res.writeHead(200, { 'content-type': types[extname(url.pathname)] ?? 'text/plain' }).end(files[url.pathname]);
    if (url.pathname.startsWith('/gongkai/')) {
      let rest = url.pathname.slice('/gongkai/'.length);
      if (rest === '' || rest.endsWith('/')) rest += 'index.html';
      const found = await readFile(join(dist, normalize(rest))).catch(() => null);
      if (found) return res.writeHead(200, { 'content-type': types[extname(rest)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(found);
    }
    res.writeHead(404, { 'content-type': types['.html'] }).end('<!doctype html><title>404</title><h1>页面不存在</h1>');
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${host.address().port}`,
    down: (path) => { state[path].down = true; },
    up: (path) => { state[path].down = false; },
    posts: (path) => state[path].posts,
    gets: (path) => state[path].gets,
    stop: () => new Promise((done) => { host.closeAllConnections?.(); host.close(done); }),
  };
}

/** A typical county portal's global stylesheet (issue 13's list): what the
 * portal fixtures of the embedding tests share; each adds its own rules. */
export const PORTAL_RESETS = `
html { font-size: 62.5%; }
* { margin: 0; padding: 0; }
a { text-decoration: none; }
h1, h2, h3 { font-size: 14px; }
ul { list-style: none; }
p { text-indent: 2em; }
.portal { display: flex; width: 1200px; margin: 0 auto; }
.portal-side { width: 300px; flex: none; }
`;
