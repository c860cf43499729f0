// What only a real backend can show: staff publish and revise an item with
// the server's command line while the app is open, residents see it, and it
// is still there after the server restarts on the same database.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, serverCli, shoot, startServer } from './support.mjs';

const BRANCH = '中共青溪镇青溪村支部委员会';
const TITLE = '青溪村党支部关于村民议事厅改造项目的公示';

let browser;
let server;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** `2026-11-22T09:00:00+08:00` for a day `offset` days from today in China. */
function chinaTime(offset, time) {
  const day = new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${time}+08:00`;
}

async function putItem(item, ...args) {
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-e2e-item-'));
  const file = join(dir, 'item.json');
  await writeFile(file, JSON.stringify(item));
  return serverCli(server.db, 'put-item', file, ...args);
}

const item = {
  id: 'e2e-hall-renovation',
  org: 'qingxi-village',
  category: 'practical',
  title: TITLE,
  summary: '村民议事厅改造项目预算12.6万元，现予公示。',
  body_html: '<p>经村党支部提议、两委会商议，拟对村民议事厅进行改造，预算12.6万元。</p>',
  kind: { type: 'ad_hoc' },
  audience: 'public',
  published_at: chinaTime(0, '00:00:00'),
  publicity: { start: chinaTime(0, '00:00:00'), end: chinaTime(14, '17:00:00') },
};

test('staff publish with the command line, residents see it, a revision shows its note, a restart keeps it', async () => {
  const page = await openPage(browser);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.getByText(TITLE).count(), 0, 'not there before it is published');

  assert.match(await putItem(item), /published/);
  await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
  await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
  const link = page.getByRole('link', { name: TITLE });
  await link.waitFor();
  await link.click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByText('公示中').first().waitFor();

  const revised = { ...item, summary: '村民议事厅改造项目预算调整为11.8万元，现予公示。' };
  await assert.rejects(putItem(revised), /note/, 'a revision without a note is refused');
  assert.match(await putItem(revised, '--note', '预算由12.6万元调整为11.8万元'), /revised/);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByText('预算由12.6万元调整为11.8万元').waitFor();
  await shoot(page, 'server-published-item-1280');

  const db = server.db;
  await server.stop();
  server = await startServer({ db });
  await page.goto(`${server.url}item/${item.id}`);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByText('预算由12.6万元调整为11.8万元').waitFor();
  assert.deepEqual(page.errors, []);
});

test('compressed responses and cache headers are present', async () => {
  const page = await openPage(browser, { width: 390, height: 844, hasTouch: true });
  const seen = [];
  page.on('response', (response) => seen.push(response));
  const loaded = await page.goto(server.url);
  // The app has started and read the site (the first screen comes with the
  // page, before either).
  await page.locator('#gk-first').waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1 }).waitFor();
  const find = (what, test) => {
    const found = seen.find((r) => test(new URL(r.url()).pathname));
    assert.ok(found, `no response for ${what} among ${seen.map((r) => r.url()).join(' ')}`);
    return found;
  };
  const hashed = /-[0-9a-f]{16}(_bg\.wasm|\.js)$/;
  const wasm = find('the wasm', (path) => hashed.test(path) && path.endsWith('_bg.wasm'));
  const js = find('the JS', (path) => hashed.test(path) && path.endsWith('.js'));
  const api = find('site.json', (path) => path.endsWith('/api/v1/site.json'));

  for (const [what, response] of [['wasm', wasm], ['site.json', api]]) {
    const headers = await response.allHeaders();
    assert.match(headers['content-encoding'] ?? '', /^(br|gzip)$/, `${what}: ${JSON.stringify(headers)}`);
    assert.match(headers.vary ?? '', /accept-encoding/i, what);
  }
  assert.equal((await wasm.allHeaders())['content-type'], 'application/wasm');
  for (const [what, response] of [['wasm', wasm], ['JS', js]]) {
    assert.equal((await response.allHeaders())['cache-control'], 'public, max-age=31536000, immutable', what);
  }
  const html = await loaded.allHeaders();
  assert.equal(html['cache-control'], 'no-cache', 'the home page');
  // Written with its first screen for each request: revalidated by its tag.
  assert.match(html.etag ?? '', /^W\/"/, 'the home page can be revalidated');
  assert.match(html['content-encoding'] ?? '', /^(br|gzip)$/, 'the home page is compressed');
  assert.match((await api.allHeaders()).etag ?? '', /^W\/"/, 'the API tags its JSON weakly');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
