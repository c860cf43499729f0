// Ad-hoc: first-screen shots for looking (not a test).
import { startServer, launchBrowser } from './support.mjs';
const server = await startServer();
const browser = await launchBrowser();
const shots = JSON.parse(process.argv[2]);
for (const [name, path, width, storage] of shots) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.evaluate((s) => { for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v); }, storage ?? {});
  await page.goto(`${server.url}${path}`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/look-${name}.png` });
  await context.close();
}
await browser.close();
await server.stop();
