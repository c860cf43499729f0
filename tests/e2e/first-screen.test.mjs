// The first screen of the home page and of a board (issues 11 and 12): the
// reference server writes the page's heading and lists into index.html
// (server/src/http/first_screen.rs), so they are there before any script runs;
// the app then takes its place with the same content, never both at once,
// and what was typed into the first screen's search box is kept.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, launchBrowser, openPage, serverCli, startServer, startStaticServer } from './support.mjs';

const COMMITTEE = '中共青溪镇委员会';

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

/**
 * A board's page with the app's wasm held back until `release()`: the
 * first screen alone, to look at and to use.
 */
async function boardWithoutTheApp(options = {}, reading = null) {
  const page = await openPage(browser, { serviceWorkers: 'block', ...options });
  if (reading) await page.addInitScript((kept) => localStorage.setItem('gongkai:reading:v1', kept), reading);
  let release;
  const held = new Promise((go) => { release = go; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(`${base}/org/qingxi-committee`, { waitUntil: 'domcontentloaded' });
  return { page, release };
}

/** The titles of the cards shown, in order. */
const cardTitles = (page) => page.locator('main article h3').filter({ visible: true }).allInnerTexts();

test('a board is there without script, with its count, cards, pager and a search that works', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/org/qingxi-committee`);
    await page.getByRole('heading', { level: 1, name: COMMITTEE }).waitFor();
    assert.equal(await page.title(), `${COMMITTEE} - 青溪镇党务公开`);
    const count = await page.getByRole('status').innerText();
    assert.match(count, /^共 \d+ 条$/);
    assert.equal((await cardTitles(page)).length, 20);
    await page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '第 2 页' }).click();
    await page.getByText('第 2 页，共').waitFor();
    assert.match(page.url(), /\/org\/qingxi-committee\?page=2$/);

    // The filters are a form: Enter in the search box loads the board with
    // the words and the choices, in the app's own URL query.
    await page.getByRole('combobox', { name: '类别' }).selectOption({ label: '干部任免与任前公示' });
    await page.getByRole('searchbox', { name: '搜索' }).fill('公示');
    await page.getByRole('searchbox', { name: '搜索' }).press('Enter');
    await page.waitForURL(/\?q=%E5%85%AC%E7%A4%BA&category=cadre&/);
    assert.equal(await page.getByRole('searchbox', { name: '搜索' }).inputValue(), '公示');
    assert.equal(await page.getByRole('combobox', { name: '类别' }).inputValue(), 'cadre');
    assert.notEqual(await page.getByRole('status').innerText(), count);
    // 清除筛选 is a link back to the whole board.
    await page.getByRole('link', { name: '清除筛选' }).click();
    await page.waitForURL(/\/org\/qingxi-committee$/);
    assert.equal(await page.getByRole('status').innerText(), count);
  } finally {
    await context.close();
  }
});

/** The app's own files a page has asked for (bindings, split loader, wasm). */
function appFiles(page) {
  const asked = [];
  page.on('request', (r) => {
    if (/\/gongkai-(split-)?[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(new URL(r.url()).pathname)) asked.push(r.url());
  });
  return asked;
}

test('with a first screen the app’s files come after the page has loaded, or at once when it is touched', async () => {
  // Left alone, the page loads (its HTML and stylesheet) first, and then,
  // the browser idle, the app's files; the app then takes over.
  const page = await openPage(browser, { serviceWorkers: 'block' });
  const asked = appFiles(page);
  await page.goto(`${base}/org/qingxi-committee`);
  await page.locator('#gk-first').waitFor({ state: 'detached' });
  const [loaded, wasm] = await page.evaluate(() => [
    performance.getEntriesByType('navigation')[0].loadEventEnd,
    performance.getEntriesByType('resource').find((r) => r.name.endsWith('_bg.wasm'))?.startTime,
  ]);
  assert.ok(wasm >= loaded, `the wasm was asked for at ${wasm} ms, the page had loaded at ${loaded} ms`);
  assert.equal(asked.length, 3, asked.join(' '));

  // With the browser never idle, the first touch starts the app.
  const busy = await openPage(browser, { serviceWorkers: 'block' });
  await busy.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  const none = appFiles(busy);
  await busy.goto(`${base}/org/qingxi-committee`);
  await busy.waitForTimeout(1000);
  assert.deepEqual(none, [], 'nothing of the app before the first touch');
  assert.ok(await busy.locator('#gk-first').isVisible());
  await busy.getByRole('searchbox', { name: '搜索' }).click();
  await busy.locator('#gk-first').waitFor({ state: 'detached' });
  assert.equal(none.length, 3, none.join(' '));
  assert.deepEqual([...page.errors, ...busy.errors], []);
});

test('without a first screen the app’s files are asked for at once', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  await page.goto(`${base}/feedback`);
  await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
  const [parsed, wasm] = await page.evaluate(() => [
    performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    performance.getEntriesByType('resource').find((r) => r.name.endsWith('_bg.wasm'))?.startTime,
  ]);
  assert.ok(wasm <= parsed, `the wasm was asked for at ${wasm} ms, the page was parsed at ${parsed} ms`);
});

test('the app takes the first screen’s place with the same cards, and nothing shows twice', async () => {
  const { page, release } = await boardWithoutTheApp();
  await page.getByRole('heading', { level: 1, name: COMMITTEE }).waitFor();
  const first = await cardTitles(page);
  assert.equal(first.length, 20);
  const count = await page.getByRole('status').innerText();

  assert.ok(await page.locator('#gk-first').getByRole('heading', { level: 1, name: COMMITTEE }).isVisible(), 'the first screen’s');
  // A keyboard user is on the skip link when the app comes.
  await page.keyboard.press('Tab');
  const onSkipLink = () => page.evaluate(() => document.activeElement?.textContent === '跳到主要内容');
  assert.ok(await onSkipLink());

  release();
  await page.locator('#gk-first').waitFor({ state: 'detached' });
  assert.ok(await onSkipLink(), 'the focus moved to the app’s skip link');
  assert.ok(await page.evaluate(() => document.getElementById('gongkai').contains(document.activeElement)));
  await page.getByRole('heading', { name: '联系人' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
  assert.equal(await page.getByRole('banner').count(), 1);
  assert.equal(await page.getByRole('status').filter({ hasText: /^共/ }).innerText(), count);
  assert.deepEqual(await cardTitles(page), first);
});

for (const [width, elder] of [[360, false], [1280, false], [360, true], [1280, true]]) {
  test(`at ${width}px${elder ? ' in 长辈模式' : ''} the page does not move when the app brings the header’s tools`, async () => {
    const { page, release } = await boardWithoutTheApp({ width, height: 800 }, elder ? 'elder=1;text=2' : null);
    const heading = page.getByRole('heading', { level: 1, name: COMMITTEE });
    await heading.waitFor();
    if (elder) {
      // The reader's choice, kept on the device, is the first screen's too.
      const first = page.locator('#gk-first');
      await first.and(page.locator('[data-gk-elder][data-gk-text="2"]')).waitFor();
      const size = await heading.evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
      assert.ok(size >= 2.25 * 16 * 1.25, `the heading is ${size}px`);
    }
    const before = (await heading.boundingBox()).y;
    release();
    await page.locator('#gk-first').waitFor({ state: 'detached' });
    await page.getByRole('switch', { name: '长辈模式' }).waitFor();
    const after = (await heading.boundingBox()).y;
    assert.ok(Math.abs(after - before) <= 1, `the heading moved from ${before} to ${after}`);
    await page.context().close();
  });
}

test('a card’s link that has the focus when the app comes keeps it in the app’s card', async () => {
  const { page, release } = await boardWithoutTheApp();
  const second = page.locator('#gk-first main article h3 a').nth(1);
  const title = await second.innerText();
  await second.focus();
  release();
  await page.locator('#gk-first').waitFor({ state: 'detached' });
  const focused = await page.evaluate(() => [document.activeElement?.textContent, document.getElementById('gongkai').contains(document.activeElement), document.activeElement?.tagName]);
  assert.deepEqual(focused, [title, true, 'A']);
});

test('words typed into the first screen’s search box before the app starts are searched by the app', async () => {
  const { page, release } = await boardWithoutTheApp();
  const search = page.getByRole('searchbox', { name: '搜索' });
  await search.fill('公示');
  const before = await page.getByRole('status').innerText();

  release();
  await page.locator('#gk-first').waitFor({ state: 'detached' });
  assert.equal(await search.inputValue(), '公示');
  assert.ok(await search.evaluate((el) => el === document.activeElement), 'the focus stays in the search box');
  // The app searched: its count is the search's, and the URL says so once
  // the search settles.
  await page.getByRole('status').filter({ hasText: /^共/ }).filter({ hasNotText: before }).waitFor();
  await page.waitForURL(/q=%E5%85%AC%E7%A4%BA/);
});

test('the home page is there without script, and the app takes its place with the same lists', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  let lists;
  let height;
  try {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 2, name: '正在公示' }).waitFor();
    height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: COMMITTEE }).waitFor();
    lists = await cardTitles(page);
    assert.ok(lists.length > 8, `${lists.length} cards`);
    // The site search: the root's board with the words.
    await page.getByRole('searchbox', { name: '搜索全部公开内容' }).fill('公示');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/\/org\/qingxi-committee\?q=%E5%85%AC%E7%A4%BA$/);
    await page.getByRole('heading', { level: 1, name: COMMITTEE }).waitFor();
  } finally {
    await context.close();
  }

  const page = await openPage(browser, { serviceWorkers: 'block' });
  await page.goto(`${base}/`);
  await page.locator('#gk-first').waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 2, name: '正在公示' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 2, name: '正在公示' }).count(), 1);
  assert.deepEqual(await cardTitles(page), lists);
  // Header to footer, the same page: nothing moves when the app comes.
  assert.equal(await page.evaluate(() => document.documentElement.scrollHeight), height);
});

test('a static host with the pages written ahead: the home page and a board are there without script, the app takes their place, and every other page, or a page written on another day, is the app’s at once', async () => {
  // The release build as a static host has it, its demo folder brought into
  // a database, and the boards' pages written into the build.
  const work = await mkdtemp(join(tmpdir(), 'gongkai-pages-'));
  const app = join(work, 'app');
  await cp(dist, app, { recursive: true });
  const db = join(work, 'pages.db');
  await serverCli(db, 'import', join(app, 'demo'));
  const said = await serverCli(db, 'pages', app);
  assert.match(said, /wrote the first screen of the home page in .+ and of 7 boards/);
  assert.ok((await readdir(join(app, 'org'))).includes('qingxi-committee.html'));
  const host = await startStaticServer({ dir: app });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    let first;
    let count;
    let home;
    try {
      const page = await context.newPage();
      await page.goto(`${host.url}org/qingxi-committee`);
      await page.getByRole('heading', { level: 1, name: COMMITTEE }).waitFor();
      count = await page.getByRole('status').innerText();
      assert.match(count, /^共 \d+ 条$/);
      first = await cardTitles(page);
      assert.equal(first.length, 20);
      await page.goto(host.url);
      await page.getByRole('heading', { level: 2, name: '正在公示' }).waitFor();
      home = await cardTitles(page);
      assert.ok(home.length > 8, `${home.length} cards`);
    } finally {
      await context.close();
    }

    const page = await openPage(browser, { serviceWorkers: 'block' });
    await page.goto(`${host.url}org/qingxi-committee`);
    await page.locator('#gk-first').waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: /^共/ }).waitFor();
    assert.equal(await page.getByRole('status').filter({ hasText: /^共/ }).innerText(), count);
    assert.deepEqual(await cardTitles(page), first);
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
    // The home page: the same lists once the app has them.
    await page.goto(host.url);
    await page.locator('#gk-first').waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 2, name: '正在公示' }).waitFor();
    assert.deepEqual(await cardTitles(page), home);
    // Every other page gets index.html too, whose first screen (the home
    // page's) is gone before anything is painted: the app's page, at once.
    for (const [path, heading] of [['feedback', '我要留言'], ['org/no-such-org', '页面不存在']]) {
      const other = await openPage(browser, { serviceWorkers: 'block' });
      await other.addInitScript(() => {
        document.addEventListener('DOMContentLoaded', () => {
          window.homeShown = document.getElementById('gk-first') !== null;
        });
      });
      await other.goto(`${host.url}${path}`);
      await other.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await other.evaluate(() => window.homeShown), false, `${path}: the home page's first screen was in the page`);
      assert.equal(await other.getByRole('heading', { name: '正在公示' }).count(), 0);
      assert.deepEqual(other.errors, [], path);
      await other.context().close();
    }
    // A day later (China time), a page not written again gives way to the
    // app at once: its statuses and countdowns were yesterday's.
    const later = await openPage(browser, { serviceWorkers: 'block' });
    await later.clock.setSystemTime(new Date(Date.now() + 24 * 3600 * 1000));
    await later.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        window.firstShown = document.getElementById('gk-first') !== null;
      });
    });
    await later.goto(`${host.url}org/qingxi-committee`);
    await later.getByRole('heading', { level: 1, name: COMMITTEE }).waitFor();
    await later.getByRole('status').filter({ hasText: /^共/ }).waitFor();
    assert.equal(await later.evaluate(() => window.firstShown), false, 'yesterday’s first screen was in the page');
    assert.deepEqual(later.errors, []);
    await later.context().close();
    assert.deepEqual(page.errors, []);
  } finally {
    host.stop();
    await rm(work, { recursive: true, force: true });
  }
});
