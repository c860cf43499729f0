import { test } from 'node:test';
import { launchBrowser, startServer } from './support.mjs';
test('shots', async () => {
  const browser = await launchBrowser();
  const server = await startServer();
  const base = server.url.replace(/\/$/, '');
  for (const [js, name] of [[false, 'nojs'], [true, 'app']]) {
    const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 412, height: 823 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    await page.goto(`${base}/org/qingxi-committee`);
    if (js) await page.getByRole('combobox', { name: '类别' }).waitFor();
    await page.screenshot({ path: `/tmp/shots/${name}-phone.png`, fullPage: false });
    await page.screenshot({ path: `/tmp/shots/${name}-phone-full.png`, fullPage: true });
    await ctx.close();
    const wide = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1280, height: 900 } });
    const p2 = await wide.newPage();
    await p2.goto(`${base}/org/qingxi-committee`);
    if (js) await p2.getByRole('combobox', { name: '类别' }).waitFor();
    await p2.screenshot({ path: `/tmp/shots/${name}-wide.png` });
    await wide.close();
  }
  await browser.close();
  await server.stop();
});
