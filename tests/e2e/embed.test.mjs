// The app inside a county portal's page: the portal's global stylesheet
// (html{font-size:62.5%} and the usual resets) and a 750px middle column
// in a 1280px window. The app keeps its own sizes, and its layout follows
// its column, not the window.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PORTAL_RESETS, launchBrowser, openPage, startPortal, startServer } from './support.mjs';

const PORTAL_CSS = `${PORTAL_RESETS}
.portal-main { width: 750px; flex: none; }
`;

let browser;
let server;
let portal;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  portal = await startPortal({
    '/blue/': { url: server.url, config: { theme: 'gov-blue' } },
    '/own/': { url: server.url, config: { theme: 'gov-blue', theme_colors: { accent: '#0a3d6b' } } },
    '/pale/': { url: server.url, config: { theme_colors: { accent: '#7fb3e6' } } },
    '/dangjian/': {
      url: server.url,
      files: { 'portal.css': PORTAL_CSS },
      wrap: (html) => html
        .replace('</head>', '<link rel="stylesheet" href="/dangjian/portal.css"></head>')
        .replace('<div id="gongkai"></div>', '<div class="portal"><nav class="portal-side" aria-label="门户栏目"><a href="/dangjian/djdt/">党建动态</a></nav><div class="portal-main"><div id="gongkai"></div></div></div>'),
    },
  });
});
after(async () => {
  await browser?.close();
  await portal?.stop();
  await server?.stop();
});

test("the portal's root font size does not shrink the app, and its layout follows the 750px column", async () => {
  const page = await openPage(browser, { width: 1280, height: 900, serviceWorkers: 'block' });
  await page.goto(`${portal.url}/dangjian/`);
  await page.getByRole('navigation', { name: '组织机构' }).waitFor();
  const sizes = await page.evaluate(() => {
    const px = (el) => parseFloat(getComputedStyle(el).fontSize);
    const root = document.querySelector('#gongkai > .gk');
    const grid = document.querySelector('.gk-home__grid');
    return {
      html: px(document.documentElement),
      app: px(root),
      width: root.getBoundingClientRect().width,
      columns: getComputedStyle(grid).gridTemplateColumns.split(' ').length,
    };
  });
  assert.equal(sizes.html, 10, "the portal's 62.5 %");
  assert.equal(sizes.app, 18, 'the app keeps its 18px body text');
  assert.equal(sizes.width, 750);
  // A 750px window shows one column (the side list below); so does a 750px
  // column in a 1280px window.
  assert.equal(sizes.columns, 1, 'one column, as in a 750px window');
  const alone = await openPage(browser, { width: 750, height: 900, serviceWorkers: 'block' });
  await alone.goto(server.url);
  await alone.getByRole('navigation', { name: '组织机构' }).waitFor();
  const columns = await alone.evaluate(() => getComputedStyle(document.querySelector('.gk-home__grid')).gridTemplateColumns.split(' ').length);
  assert.equal(columns, 1);
  assert.deepEqual(page.errors, []);
});

test('themes: 政务蓝 by name, a site\'s own accent, and one below WCAG AA refused with the reason', async () => {
  const accent = async (path, warnings = []) => {
    const page = await openPage(browser, { serviceWorkers: 'block' });
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.goto(`${portal.url}${path}`);
    await page.getByRole('navigation', { name: '组织机构' }).waitFor();
    const seen = await page.evaluate(() => {
      const root = document.querySelector('#gongkai > .gk');
      return [root.dataset.gkTheme, getComputedStyle(root).getPropertyValue('--gk-color-accent').trim(), getComputedStyle(document.querySelector('h1')).color];
    });
    assert.deepEqual(page.errors, []);
    await page.context().close();
    return seen;
  };
  assert.deepEqual(await accent('/blue/'), ['gov-blue', '#0b4f8a', 'rgb(11, 79, 138)']);
  assert.deepEqual((await accent('/own/')).slice(0, 2), ['gov-blue', '#0a3d6b']);
  const warnings = [];
  assert.deepEqual((await accent('/pale/', warnings)).slice(0, 2), ['party-red', '#a8121a']);
  assert.ok(warnings.some((w) => w.includes('主题未采用') && w.includes('accent 在 bg 上')), warnings.join('\n'));
});
