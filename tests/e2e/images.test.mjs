// Pictures in a body load only from the backend's own origin and those the
// site lists (`gongkai-server --image-origin`, config.json `image_origins`):
// a picture from anywhere else is a link the reader may open, so no third
// party learns who reads what, and the server's CSP allows the same list.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, staffToken, startServer } from './support.mjs';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

let browser;
let tracker;
let hits = 0;
before(async () => {
  browser = await launchBrowser();
  tracker = createServer((req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(GIF);
  });
  await new Promise((ok) => tracker.listen(0, '127.0.0.1', ok));
});
after(async () => {
  await browser?.close();
  await new Promise((done) => tracker.close(done));
});

const trackerOrigin = () => `http://127.0.0.1:${tracker.address().port}`;

/** An item of the server's with a picture from the tracker in its body. */
async function withPicture(server) {
  const { items } = await (await fetch(`${server.url}api/v1/orgs/qingxi-committee/items.json`)).json();
  const id = items.find((i) => !i.publicity).id;
  const staff = { Authorization: `Bearer ${staffToken}`, 'Content-Type': 'application/json' };
  const { item } = await (await fetch(`${server.url}api/v1/staff/items/${id}`, { headers: staff })).json();
  item.body_html = `${item.body_html ?? ''}<p>附图：</p><img src="${trackerOrigin()}/p.gif?reader=1" alt="现场照片">`;
  const put = await fetch(`${server.url}api/v1/staff/items/${id}`, {
    method: 'PUT',
    headers: staff,
    body: JSON.stringify({ item, note: '测试：正文附图' }),
  });
  assert.ok(put.ok, `PUT ${put.status}: ${await put.text()}`);
  return id;
}

test('a picture from an origin not listed is a link, and nothing is fetched from there', async () => {
  const server = await startServer();
  try {
    const id = await withPicture(server);
    hits = 0;
    const page = await openPage(browser, { serviceWorkers: 'block' });
    await page.goto(`${server.url}item/${id}`);
    const link = page.getByRole('link', { name: `查看图片（来自 127.0.0.1:${tracker.address().port}）：现场照片` });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `${trackerOrigin()}/p.gif?reader=1`);
    assert.equal(await page.locator(`img[src^="${trackerOrigin()}"]`).count(), 0);
    await page.waitForTimeout(500);
    assert.equal(hits, 0, 'the third party saw no reader');
    assert.deepEqual(page.errors, []);
  } finally {
    await server.stop();
  }
});

test('a listed origin\'s picture is shown, and the server\'s CSP allows it', async () => {
  const server = await startServer({ args: ['--image-origin', trackerOrigin()] });
  try {
    const id = await withPicture(server);
    hits = 0;
    const page = await openPage(browser, { serviceWorkers: 'block' });
    await page.goto(`${server.url}item/${id}`);
    const picture = page.getByRole('img', { name: '现场照片' });
    await picture.waitFor();
    await page.waitForFunction(() => [...document.images].some((i) => i.alt === '现场照片' && i.complete && i.naturalWidth > 0));
    assert.ok(hits >= 1);
    assert.deepEqual(page.errors, [], 'no CSP violation');
  } finally {
    await server.stop();
  }
});
