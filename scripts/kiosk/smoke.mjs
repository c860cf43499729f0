// Part of scripts/kiosk-smoke.sh: connects to the kiosk's Chromium over its
// debugging port and checks what a person in front of the screen would see.
//   node smoke.mjs DEBUG_URL WIDTHxHEIGHT PAGE_URL
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [debugUrl, size, pageUrl] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);

async function connect() {
  for (let i = 0; i < 100; i += 1) {
    try {
      return await chromium.connectOverCDP(debugUrl);
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`no Chromium at ${debugUrl}`);
}

const browser = await connect();
const page = browser.contexts()[0].pages().find((p) => p.url().startsWith(pageUrl.split('/').slice(0, 3).join('/')))
  ?? browser.contexts()[0].pages()[0];
await page.waitForLoadState('load');
// The app has started when its root has content.
await page.waitForFunction(() => document.querySelector('#gongkai')?.childElementCount > 0, null, { timeout: 30000 });
const seen = await page.evaluate(() => ({
  url: location.href,
  inner: [innerWidth, innerHeight],
  outer: [outerWidth, outerHeight, screenX, screenY],
  screen: [screen.width, screen.height],
  scale: visualViewport?.scale ?? 1,
  heading: document.querySelector('h1')?.textContent?.trim() ?? '',
}));
const failures = [];
if (seen.inner[0] !== width || seen.inner[1] !== height) {
  failures.push(`the page is ${seen.inner.join('×')}, not the whole ${size} screen (browser interface showing?)`);
}
if (seen.screen[0] !== width || seen.screen[1] !== height) failures.push(`screen ${seen.screen.join('×')}`);
if (seen.scale !== 1) failures.push(`zoomed: scale ${seen.scale}`);
const dir = join(process.cwd(), 'tests', 'e2e', 'screenshots');
await mkdir(dir, { recursive: true });
await page.screenshot({ path: join(dir, `kiosk-launch-${size}.png`) });
console.log(`${size}: outer ${seen.outer.join(",")} ${seen.url} fills ${seen.inner.join("×")}, scale ${seen.scale}, h1 “${seen.heading}”`);
await browser.close();
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
