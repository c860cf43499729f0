#!/usr/bin/env node
// Screenshots of the kiosk's screens for a look by eye (issue 10), into
// tests/e2e/screenshots/kiosk/ (git-ignored): both orientations (1920×1080,
// 1080×1920) × normal text and the largest (字号 twice,
// html[data-kiosk-text="3"]), of
//   attract   the attract loop (at the largest text only forced: the app
//             always shows it at the normal size, after a wipe)
//   warning   "您还在使用吗？" (the clock moved past idle_seconds)
//   keypad    查询办理进度 (/kiosk/lookup)
//   handoff   意见箱 in the bar: the QR hand-off to the resident's phone
//   linksheet an item's attachment link: the link QR sheet
// It also prints, per screen, the touch targets smaller than 60 px and
// anything cut off by the screen's edges, into the same folder as
// report.json.
//
// Usage (after scripts/build.sh and `cargo build -p gongkai-server`):
//   node scripts/kiosk-screenshots.mjs [--only attract,warning,...]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser, screenshotDir, startServer } from '../tests/e2e/support.mjs';

const outDir = join(screenshotDir, 'kiosk');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : null;

const orientations = [
  { name: 'landscape', width: 1920, height: 1080 },
  { name: 'portrait', width: 1080, height: 1920 },
];
const texts = [1, 3];

/** In the page: small targets and things past the screen's edges. */
function audit() {
  const out = { smallTargets: [], clipped: [], textSize: document.documentElement.dataset.kioskText };
  const vw = innerWidth;
  const vh = innerHeight;
  const name = (el) => {
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return `${el.tagName.toLowerCase()}${cls} "${text}"`;
  };
  const visible = (el) => {
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const topmost = (el) => {
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), vw - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), vh - 1);
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit));
  };
  for (const el of document.querySelectorAll('a[href], button, [role="button"], input, select, textarea, summary')) {
    if (!visible(el) || !topmost(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 60 || r.height < 60) {
      out.smallTargets.push({ el: name(el), w: Math.round(r.width), h: Math.round(r.height), x: Math.round(r.left), y: Math.round(r.top) });
    }
  }
  for (const el of document.querySelectorAll('body *')) {
    if (!visible(el)) continue;
    const s = getComputedStyle(el);
    if (s.position === 'fixed' && el.getBoundingClientRect().width >= vw) continue;
    const r = el.getBoundingClientRect();
    // Only what is on screen in part but runs past the side edges, or past
    // the bottom of a fixed layer (scrolled content is expected to).
    const side = r.right > vw + 1 || r.left < -1;
    if (side && r.bottom > 0 && r.top < vh && !el.closest('.gk-visually-hidden')) {
      out.clipped.push({ el: name(el), left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width) });
    }
  }
  out.clipped = out.clipped.slice(0, 20);
  return out;
}

async function main() {
  await mkdir(outDir, { recursive: true });
  const server = await startServer();
  const kiosk = `${server.url}kiosk/`;
  // An item with an attachment, and the root org, from the API.
  const withFile = await itemWithAttachment(`${server.url}api/`);
  const site = await (await fetch(`${server.url}api/v1/site.json`)).json();
  const rootOrg = site.root_org ?? site.data?.root_org;
  const browser = await launchBrowser();
  const report = {};
  const errors = [];
  try {
    for (const o of orientations) {
      for (const text of texts) {
        const shots = {
          attract: async (page) => {
            await page.goto(kiosk);
            await page.locator('.gk-attract').waitFor();
            if (text > 1) await page.evaluate((t) => { document.documentElement.dataset.kioskText = String(t); }, text);
          },
          warning: async (page) => {
            await session(page, kiosk, text);
            await page.clock.fastForward(91_000);
            await page.locator('.gk-kiosk-warning').waitFor();
          },
          keypad: async (page) => {
            await session(page, `${kiosk}lookup`, text);
            await page.locator('.gk-keypad').waitFor();
          },
          handoff: async (page) => {
            await session(page, kiosk, text);
            await page.locator('.gk-kiosk-bar__button').nth(3).click();
            await page.waitForURL(/\/kiosk\/.*feedback/);
            await page.locator('#gk-main svg, #gk-main .gk-qr').first().waitFor();
            if (rootOrg && !page.url().includes(encodeURIComponent(rootOrg)) && !page.url().includes(rootOrg)) {
              errors.push(`handoff: ${page.url()} does not name the root org ${rootOrg}`);
            }
          },
          linksheet: async (page) => {
            if (!withFile) throw new Error('no item with an attachment in the demo');
            await session(page, `${kiosk}item/${encodeURIComponent(withFile.id)}`, text);
            await page.locator('.gk-attachment__link').first().click();
            await page.locator('.gk-link-sheet').waitFor();
          },
        };
        for (const [what, make] of Object.entries(shots)) {
          if (only && !only.has(what)) continue;
          const context = await browser.newContext({ viewport: { width: o.width, height: o.height }, locale: 'zh-CN' });
          const page = await context.newPage();
          page.on('pageerror', (e) => errors.push(`${what}: ${e.message}`));
          await page.clock.install();
          const file = `${what}-${o.name}-text${text}${what === 'attract' && text > 1 ? '-forced' : ''}`;
          try {
            await make(page);
            // Let the fades (≤ 700 ms) finish in real time.
            await page.waitForTimeout(900);
            await page.screenshot({ path: join(outDir, `${file}.png`) });
            report[file] = await page.evaluate(audit);
            const r = report[file];
            console.log(`${file}.png  text=${r.textSize}  small targets: ${r.smallTargets.length}  past the edges: ${r.clipped.length}`);
            for (const t of r.smallTargets) console.log(`    < 60 px: ${t.el} ${t.w}×${t.h} at (${t.x}, ${t.y})`);
            for (const c of r.clipped) console.log(`    cut off: ${c.el} left ${c.left} right ${c.right}`);
          } catch (e) {
            errors.push(`${file}: ${e.message.split('\n')[0]}`);
            console.log(`${file}: FAILED ${e.message.split('\n')[0]}`);
          }
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  await writeFile(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${Object.keys(report).length} screenshots in ${outDir}`);
  if (errors.length) {
    console.log(`errors:\n  ${errors.join('\n  ')}`);
    process.exit(1);
  }
}

/** The first item (newest first) with an attachment, from the full items. */
async function itemWithAttachment(api) {
  let page = new URL('v1/items.json', api);
  for (let n = 0; page && n < 10; n++) {
    const list = await (await fetch(page)).json();
    for (const entry of list.items) {
      const item = await (await fetch(new URL(`v1/items/${encodeURIComponent(entry.id)}.json`, api))).json();
      if (Array.isArray(item.attachments) && item.attachments.length > 0) return item;
    }
    page = list.next ? new URL(list.next, page) : null;
  }
  return null;
}

/** Loads `url`, touches the attract loop away, and steps 字号 up to `text`. */
async function session(page, url, text) {
  await page.goto(url);
  const attract = page.locator('.gk-kiosk-attract-catch');
  await attract.click({ position: { x: 200, y: 300 } });
  await attract.waitFor({ state: 'detached' });
  for (let t = 1; t < text; t++) await page.locator('.gk-kiosk-bar__button').nth(2).click();
  await page.locator(`html[data-kiosk-text="${text}"]`).waitFor({ state: 'attached' });
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
