// A backend on another origin: without CORS for the page's origin the app
// says it cannot reach the data interface and why (not "check your
// network"); with `--cors-read-any` any origin reads the public API, while
// a submission from an unlisted origin is still refused by the browser.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, startPortal, startServer } from './support.mjs';

let browser;
let strict;
let open;
let portal;
before(async () => {
  browser = await launchBrowser();
  [strict, open] = await Promise.all([startServer(), startServer({ args: ['--cors-read-any'] })]);
  portal = await startPortal({
    '/strict/': { apiBase: `${strict.url}api/` },
    '/open/': { apiBase: `${open.url}api/` },
  });
});
after(async () => {
  await browser?.close();
  await portal?.stop();
  await strict?.stop();
  await open?.stop();
});

test('a backend that does not allow the page\'s origin is named as the cause', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  await page.goto(`${portal.url}/strict/`);
  await page.getByText('无法访问数据接口（可能是跨域设置）', { exact: false }).first().waitFor();
  assert.equal(await page.getByText('网络连接失败').count(), 0, 'not blamed on the network');
});

test('with --cors-read-any, any origin reads the public API', async () => {
  const page = await openPage(browser, { serviceWorkers: 'block' });
  await page.goto(`${portal.url}/open/`);
  await page.getByRole('navigation', { name: '组织机构' }).waitFor();
  await page.locator('.gk-card').first().waitFor();
  assert.equal(await page.getByText('无法访问数据接口').count(), 0);
  // Writes stay with the allow-list: the browser may not post from here.
  const posted = await page.evaluate(async (url) => {
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return 'sent';
    } catch {
      return 'refused';
    }
  }, `${open.url}api/v1/feedback`);
  assert.equal(posted, 'refused');
});
