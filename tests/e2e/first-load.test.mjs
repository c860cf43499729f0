// First load (issue 12): the phone build's pages that a board does not need
// (an item, replies, feedback, look-up) come in chunks of their own
// (src/shells/lazy.rs, scripts/post-build.mjs): none is fetched to show a
// board; each page renders after a cold deep link and after a click; a
// chunk that cannot be fetched shows 重试 and loads on it; and a repeat
// visit takes the app's files from the device (the service worker, or the
// browser's cache).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { appRunning, launchBrowser, openPage, startServer, startStaticServer, workerControls } from './support.mjs';

const BRANCH = '中共青溪镇青溪村支部委员会';

let browser;
let server;
let base;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  base = server.url.replace(/\/$/, '');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The wasm files a page fetched, by name without the build's hash. */
function wasmFetched(page) {
  const names = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) names.push(path.slice(path.lastIndexOf('/') + 1).replace(/-[0-9a-f]{16}/, ''));
  });
  return names;
}

/** A page without the service worker, so that every file comes from the network. */
const networkOnly = () => openPage(browser, { serviceWorkers: 'block' });

test('a board loads no page chunk; an item, replies, feedback and look-up load theirs, by click and by deep link', async () => {
  const page = await networkOnly();
  const wasm = wasmFetched(page);
  await page.goto(`${base}/`);
  await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
  await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
  await appRunning(page);
  assert.deepEqual(wasm.filter((name) => name !== 'gongkai_bg.wasm'), [], 'a board needs only the main module');

  // In-app navigation: the item page's chunk comes with the click.
  const card = page.locator('main article').first();
  const title = (await card.getByRole('heading').innerText()).trim();
  const boardUrl = page.url();
  await card.getByRole('link').first().click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.ok(wasm.includes('split_item.wasm'), `the item chunk: ${wasm}`);
  const itemUrl = page.url();
  // Back to the board and forward again: the loaded chunk is reused.
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
  await page.goForward();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.equal(wasm.filter((name) => name === 'split_item.wasm').length, 1, `fetched once: ${wasm}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // Cold deep links, each in a fresh browser.
  const boardPath = new URL(boardUrl).pathname;
  for (const [path, heading, chunk] of [
    [new URL(itemUrl).pathname, title, 'split_item.wasm'],
    [`${boardPath}/replies`, /反馈公开/, 'split_replies.wasm'],
    ['/feedback', '我要留言', 'split_feedback.wasm'],
    ['/lookup', '查询办理进度', 'split_lookup.wasm'],
  ]) {
    const cold = await networkOnly();
    const fetched = wasmFetched(cold);
    await cold.goto(`${base}${path}`);
    await cold.getByRole('heading', { level: 1, name: heading }).waitFor();
    assert.ok(fetched.includes(chunk), `${path}: ${chunk} in ${fetched}`);
    assert.deepEqual(cold.errors, [], path);
    await cold.context().close();
  }
});

test('a page whose code cannot be fetched says so with 重试, and 重试 brings it', async () => {
  const page = await networkOnly();
  let refuse = true;
  await page.route(/\/split_lookup-[0-9a-f]{16}\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: '查询办理进度' }).first().click();
  const alert = page.getByRole('alert').filter({ hasText: '网络连接失败' });
  await alert.waitFor();
  // Not a blank page: the header and footer are still there.
  await page.getByRole('banner').waitFor();
  refuse = false;
  await alert.getByRole('button', { name: '重试' }).click();
  await page.getByRole('heading', { level: 1, name: '查询办理进度' }).waitFor();
  await page.getByRole('textbox', { name: '留言码' }).waitFor();
  assert.equal(await alert.count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a repeat visit takes the app from the device: the service worker or the browser cache', async () => {
  const page = await openPage(browser);
  await page.goto(`${base}/`);
  await page.getByRole('navigation', { name: '组织机构' }).waitFor();
  // Not waitForFunction: it takes the promise an async check returns for
  // true, and the reload then came before the worker had its files.
  await workerControls(page);
  // Where each of the app's files came from, as Chromium tells it: the
  // worker, the disk cache or the memory cache (a hashed file is immutable,
  // and a reload may take it from memory before the worker is asked).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  const local = new Set();
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => urls.set(requestId, request.url));
  cdp.on('Network.requestServedFromCache', ({ requestId }) => local.add(requestId));
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    if (response.fromServiceWorker || response.fromDiskCache || response.fromPrefetchCache) local.add(requestId);
  });
  const answered = new Set();
  for (const event of ['Network.loadingFinished', 'Network.loadingFailed']) cdp.on(event, ({ requestId }) => answered.add(requestId));
  await page.reload();
  await page.getByRole('navigation', { name: '组织机构' }).waitFor();
  await appRunning(page);
  const appFiles = () => [...urls].filter(([, url]) => /\.(wasm|js|css)$/.test(new URL(url).pathname) && !url.endsWith('/sw.js'));
  // The wasm is asked for twice (its preload, and the app's start, which
  // may be answered first): each request is judged once it has its answer.
  for (const deadline = Date.now() + 10_000; appFiles().some(([id]) => !answered.has(id)) && Date.now() < deadline;) {
    await new Promise((later) => setTimeout(later, 50));
  }
  const files = appFiles();
  assert.ok(files.some(([, url]) => url.endsWith('_bg.wasm')), `the wasm was asked for: ${files.map(([, u]) => u)}`);
  assert.deepEqual(files.filter(([id]) => !local.has(id)).map(([, url]) => url), [], 'every app file from the device');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a static host the site, its organisations and the calendar are asked for before the app draws its frame, once each', async () => {
  const host = await startStaticServer();
  const page = await networkOnly();
  // Each GET of the backend's, and whether the app had drawn its header
  // when it was sent (the app's requests are the page's fetch calls).
  await page.addInitScript(() => {
    window.__asked = [];
    const fetch = window.fetch;
    window.fetch = function (input, init) {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/v1/')) window.__asked.push({ path: new URL(url, location.href).pathname, drawn: !!document.querySelector('header') });
      return fetch.call(this, input, init);
    };
  });
  try {
    await page.goto(new URL('org/qingxi-village', host.url).href);
    await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
    await appRunning(page);
    const asked = await page.evaluate(() => window.__asked);
    const year = new Date().getFullYear();
    for (const path of ['/demo/v1/site.json', '/demo/v1/orgs.json', `/demo/v1/calendar/${year}.json`]) {
      const sent = asked.filter((a) => a.path === path);
      assert.equal(sent.length, 1, `${path} asked for once: ${JSON.stringify(asked)}`);
      assert.equal(sent[0].drawn, false, `${path} asked for before the header was drawn: ${JSON.stringify(asked)}`);
    }
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
    host.stop();
  }
});
