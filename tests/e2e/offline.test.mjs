// The offline app shell (issue 10, part 5): the service worker of the
// release build keeps the app's files, so that a device that has loaded the
// app once boots with the server down, at / and at a deep link, under a
// sub-path too; a new build deployed on the server takes over at the next
// load and the old build's cache goes. Every test waits for the worker
// first, so none of them passes without it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { appRunning, deployUnder, dist, launchBrowser, openPage, shoot, startServer, startStaticServer, until, workerControls } from './support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BRANCH = '中共青溪镇青溪村支部委员会';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});


/** The worker's caches: name → the URLs in it. */
function cachedUrls(page) {
  return page.evaluate(async () => {
    const all = {};
    for (const name of await caches.keys()) {
      all[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
    }
    return all;
  });
}

/** Opens the branch board from home, as a resident would once the app runs
 * the home page (so that it has the home page's data to show offline);
 * returns its URL. */
async function openBranch(page, url) {
  await page.goto(url);
  await appRunning(page);
  await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
  await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
  return page.url();
}

/** Resolves once nothing answers at `url` any more. */
async function gone(url) {
  for (;;) {
    try {
      await fetch(url);
    } catch {
      return;
    }
    await new Promise((later) => setTimeout(later, 50));
  }
}

describe('the app boots with the server down', () => {
  test('a board seen once: its deep link shows the last good data, / boots, an unseen page says it cannot load', async () => {
    const server = await startServer();
    let stopped = false;
    try {
      const page = await openPage(browser);
      const board = await openBranch(page, server.url);
      const item = await page.locator('main article h3 a').first().getAttribute('href');
      await workerControls(page);

      // Online, a reload takes the app's files from the worker's cache and
      // the data from the server, never from the worker.
      const responses = [];
      page.on('response', (response) => responses.push(response));
      await page.reload();
      await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
      await appRunning(page);
      const wasm = responses.find((r) => r.url().endsWith('.wasm'));
      assert.ok(wasm?.fromServiceWorker(), 'the wasm comes from the worker');
      const api = responses.filter((r) => new URL(r.url()).pathname.includes('/api/'));
      assert.ok(api.length > 0, 'the board reads the API');
      for (const response of api) assert.ok(!response.fromServiceWorker(), `${response.url()} passes the worker by`);
      const caches = await cachedUrls(page);
      for (const url of Object.values(caches).flat()) {
        assert.ok(!new URL(url).pathname.includes('/api/'), `API data is not in the worker's cache: ${url}`);
      }

      await server.stop();
      stopped = true;
      await page.reload();
      await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
      assert.equal(page.url(), board);
      await page.getByRole('alert').filter({ hasText: '网络连接失败' }).waitFor();
      await page.getByText(/以下是 .+ 获取的内容，可能不是最新的。/).first().waitFor();
      await shoot(page, 'offline-board-1280');

      await page.goto(server.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).waitFor();

      // A page never opened on this device: the app, with its error and 重试.
      await page.goto(new URL(item, board).href);
      await page.getByRole('heading', { level: 1, name: '内容暂时无法加载' }).waitFor();
      await page.getByRole('button', { name: '重试' }).waitFor();
      await shoot(page, 'offline-unseen-item-1280');
      assert.deepEqual(page.errors, []);

      // The iframe mode's page belongs to a portal: offline, the worker
      // does not answer it with the site (which would show 页面不存在 in
      // the portal's frame), and the browser says it is offline.
      const framed = await page.goto(new URL('embed/?org=qingxi-village', server.url).href).then(
        () => true,
        () => false,
      );
      assert.ok(!framed || (await page.locator('#gongkai').count()) === 0, "the frame's page is never the site's");
    } finally {
      if (!stopped) await server.stop();
    }
  });

  test('under a sub-path on a static host: the worker keeps to the base', async () => {
    const sub = await startStaticServer({ base: '/gongkai/', dir: await deployUnder('/gongkai/') });
    const page = await openPage(browser);
    try {
      const board = await openBranch(page, sub.url);
      assert.match(board, /\/gongkai\/org\//);
      await workerControls(page);
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
      assert.equal(scope, new URL('/gongkai/', sub.url).href);
      const urls = Object.values(await cachedUrls(page)).flat();
      assert.ok(urls.every((url) => url.startsWith(scope)), `all under the base: ${urls}`);
      assert.ok(!urls.some((url) => url.includes('/demo/')), 'the static demo data is not cached by the worker');
    } finally {
      sub.stop();
    }
    await gone(sub.url);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
    await page.getByRole('alert').filter({ hasText: '网络连接失败' }).waitFor();
    assert.deepEqual(page.errors, []);
  });
});

/**
 * A copy of the build as the next deploy would bring it: the stylesheet
 * changed, so under a new hashed name (with its integrity in index.html),
 * and the worker written again for it.
 */
async function nextBuild() {
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-e2e-next-'));
  await cp(dist, dir, { recursive: true });
  const old = (await readdir(dir)).find((file) => /^gongkai-[0-9a-f]{16}\.css$/.test(file));
  const renamed = old.replace(/-[0-9a-f]+\.css$/, '-0e2e0next0build.css');
  await rename(join(dir, old), join(dir, renamed));
  // A new build has no copies of the old stylesheet.
  for (const copy of ['.br', '.gz']) await rm(join(dir, old + copy), { force: true });
  const css = `${await readFile(join(dir, renamed), 'utf8')}\n/* the next build */\n`;
  await writeFile(join(dir, renamed), css);
  const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const next = html.replace(
    new RegExp(`href="\\./${old.replace('.', '\\.')}" integrity="[^"]*"`),
    `href="./${renamed}" integrity="${integrity}"`,
  );
  assert.notEqual(next, html, 'index.html names the stylesheet');
  await writeFile(join(dir, 'index.html'), next);
  await promisify(execFile)(process.execPath, [join(root, 'scripts', 'sw-precache.mjs'), dir]);
  // Deployed a minute later, as a real deploy is: the browser checks sw.js
  // and index.html by date (If-Modified-Since, to the second), and a copy
  // made within the same second would be "not modified".
  const later = new Date(Date.now() + 60_000);
  for (const file of ['sw.js', 'index.html']) await utimes(join(dir, file), later, later);
  return { dir, old, renamed };
}

describe('a new build is deployed', () => {
  test('an open tab keeps working; a reload gets the new build; the old cache goes', async () => {
    const first = await mkdtemp(join(tmpdir(), 'gongkai-e2e-first-'));
    await cp(dist, first, { recursive: true });
    const next = await nextBuild();
    let server = await startServer({ app: first });
    const address = new URL(server.url).host;
    try {
      const page = await openPage(browser);
      await openBranch(page, server.url);
      await workerControls(page);
      const before = await cachedUrls(page);
      assert.equal(Object.keys(before).length, 1, `one cache: ${Object.keys(before)}`);
      assert.ok(Object.values(before)[0].some((url) => url.endsWith(next.old)));

      // The deploy: the same server address and data, the next build.
      await server.stop();
      server = await startServer({ db: server.db, listen: address, app: next.dir });

      // The tab open during the deploy goes on with the build it runs.
      await page.getByRole('link', { name: '首页' }).first().click();
      await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
      await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();

      await page.reload();
      await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
      const stylesheets = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('link[rel=stylesheet]')].map((link) => [link.getAttribute('href'), link.sheet !== null]),
        );
      const sheets = await stylesheets();
      assert.ok(sheets.some(([href]) => href.endsWith(next.renamed)), `the new stylesheet: ${sheets}`);
      assert.ok(sheets.every(([, loaded]) => loaded), `every stylesheet loaded: ${sheets}`);

      // The new worker has cached the new build and deleted the old cache.
      await until(
        page,
        async ([oldName, newFile]) => {
          const names = await caches.keys();
          if (names.length !== 1 || names[0] === oldName) return false;
          const urls = (await (await caches.open(names[0])).keys()).map((request) => request.url);
          return urls.some((url) => url.endsWith(newFile));
        },
        [Object.keys(before)[0], next.renamed],
        'the new build in the one cache',
      );
      const after = Object.values(await cachedUrls(page)).flat();
      assert.ok(!after.some((url) => url.endsWith(next.old)), `the old stylesheet is gone from the cache: ${after}`);

      // And offline, the new build boots whole from the new cache.
      await server.stop();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
      const offline = await stylesheets();
      assert.ok(offline.some(([href]) => href.endsWith(next.renamed)), `offline, the new build: ${offline}`);
      assert.ok(offline.every(([, loaded]) => loaded), `offline, every stylesheet: ${offline}`);
      await shoot(page, 'offline-after-update-1280');
      assert.deepEqual(page.errors, []);
    } finally {
      await server.stop();
    }
  });
});
