// A board with a long archive, end to end: a static backend generated at run
// time (2 600 items, 100 a page, one entry unreadable) served as plain files,
// the same with its static search index (gongkai-index), and the folder
// imported into the reference server (which searches: v1/search.json).
// Every item is reachable, the count is true, the broken entry is skipped
// with a notice, and the page of results lives in the URL. Where the
// backend searches, the app asks it and reads no list; where its search
// fails, the app reads the lists instead.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeArchive } from '../../scripts/lib/archive.mjs';
import { execFileSync } from 'node:child_process';
import { appRunning, indexBinary, launchBrowser, openPage, serverCli, startServer, startStaticServer } from './support.mjs';

const COUNT = 2600;
const BROKEN = 1234;
const READABLE = COUNT - 1;
const PER_PAGE = 20;

let browser;
let dir;
let archive;
const backends = {};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gongkai-e2e-archive-'));
  // The static host: the app with its config pointing at the archive.
  const site = join(dir, 'site');
  await cp(process.env.GONGKAI_DIST ?? join(import.meta.dirname, '..', '..', 'dist'), site, { recursive: true });
  archive = await writeArchive(join(site, 'archive'), { count: COUNT, broken: [BROKEN] });
  await writeFile(join(site, 'config.json'), JSON.stringify({ api_base: 'archive' }));
  backends.static = await startStaticServer({ dir: site });
  // The same folder with its search index.
  const indexed = join(dir, 'indexed');
  await cp(site, indexed, { recursive: true });
  execFileSync(indexBinary, [join(indexed, 'archive')]);
  backends.index = await startStaticServer({ dir: indexed });
  // The reference server, with the same folder imported (without the broken
  // entry, which an import refuses).
  const clean = join(dir, 'clean');
  await writeArchive(clean, { count: COUNT });
  const db = join(dir, 'gongkai.db');
  await serverCli(db, 'import', clean);
  backends.server = await startServer({ db, args: ['--no-demo'] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await backends.static?.stop();
  await backends.index?.stop();
  await backends.server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A backend's URL without its trailing slash. */
const origin = (name) => backends[name].url.replace(/\/$/, '');

/** Records the list pages a page requests (`…/items.json`, `…/pages/N.json`). */
function listRequests(page) {
  const urls = [];
  page.on('request', (r) => {
    if (/\/items\.json(\?|$)|\/pages\/\d+\.json/.test(new URL(r.url()).pathname)) urls.push(r.url());
  });
  return urls;
}

for (const name of ['static', 'index', 'server']) {
  describe(`a long archive on the ${name} backend`, () => {
    const expected = name === 'server' ? COUNT : READABLE;
    const searches = name !== 'static';
    const pages = Math.ceil(expected / PER_PAGE);

    test('the count is true, the last page is reachable and survives reload and back', async () => {
      const page = await openPage(browser);
      const lists = listRequests(page);
      const url = `${origin(name)}/org/${archive.org}`;
      await page.goto(url);
      // The first page shows at once, the count says what is known. (The
      // pager's focus is the app's: wait for it to run, not for the server's
      // first screen.)
      await page.locator('main article').first().waitFor();
      await appRunning(page);
      await page.getByText(`共 ${expected} 条`, { exact: true }).waitFor({ timeout: 60000 });
      if (name === 'static') {
        await page.getByText('1 条内容格式有误，已略过。').waitFor();
      }
      const pager = page.getByRole('navigation', { name: '分页' });
      await pager.getByRole('link', { name: `第 ${pages} 页` }).click();
      await page.waitForURL(/page=\d+/);
      assert.match(page.url(), new RegExp(`page=${pages}$`));
      await page.getByText(`第 ${pages} 页，共 ${pages} 页`).waitFor();
      const oldest = archive.items[COUNT - 1];
      await page.getByRole('link', { name: oldest.title }).waitFor();
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        'gk-page-status',
        'the focus moves to the line that names the page',
      );

      await page.reload();
      await page.getByRole('link', { name: oldest.title }).waitFor({ timeout: 60000 });
      await appRunning(page);
      await pager.getByRole('link', { name: '上一页' }).click();
      await page.getByText(`第 ${pages - 1} 页，共 ${pages} 页`).waitFor();
      await page.goBack();
      await page.getByRole('link', { name: oldest.title }).waitFor();
      if (searches) {
        assert.deepEqual(lists, [], 'where the backend searches, no list is read');
      } else {
        assert.ok(lists.length >= Math.ceil(COUNT / 100), 'the lists are read to the end');
      }
      assert.deepEqual(page.errors, []);
    });

    test('search finds an item from the last page, and a change of search starts at page 1', async () => {
      const page = await openPage(browser);
      const oldest = archive.items[COUNT - 1];
      await page.goto(`${origin(name)}/org/${archive.org}?page=3`);
      await page.getByText(`共 ${expected} 条`, { exact: true }).waitFor({ timeout: 60000 });
      await page.getByLabel('搜索').fill(oldest.title);
      await page.getByText('共 1 条', { exact: true }).waitFor();
      // The address takes the search once typing pauses, without the page.
      await page.waitForURL((url) => url.searchParams.has('q'));
      assert.doesNotMatch(page.url(), /page=/, 'a new search starts at the first page');
      await page.getByRole('link', { name: oldest.title }).click();
      await page.getByRole('heading', { level: 1, name: oldest.title }).waitFor();
      assert.deepEqual(page.errors, []);
    });
  });
}

describe('a backend whose search fails', () => {
  for (const [what, search] of [
    ['a query endpoint that is not there', { type: 'query', path: 'v1/gone.json' }],
    ['a static index that cannot be read', { type: 'index', path: 'v1/site.json' }],
  ]) {
    test(`${what}: the lists are read instead, and search works on the device`, async () => {
      const page = await openPage(browser);
      // The static backend, advertising a search that fails.
      await page.route('**/archive/v1/site.json', async (route) => {
        const response = await route.fetch();
        const site = await response.json();
        await route.fulfill({ response, json: { ...site, search } });
      });
      const lists = listRequests(page);
      const oldest = archive.items[COUNT - 1];
      await page.goto(`${origin('static')}/org/${archive.org}`);
      await page.getByText(`共 ${READABLE} 条`, { exact: true }).waitFor({ timeout: 60000 });
      assert.ok(lists.length > 0, 'the lists are read');
      await page.getByLabel('搜索').fill(oldest.title);
      await page.getByText('共 1 条', { exact: true }).waitFor();
      await page.getByRole('link', { name: oldest.title }).waitFor();
      assert.deepEqual(page.errors, []);
    });
  }
});
