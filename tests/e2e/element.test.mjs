// The app embedded in a hostile county portal by gongkai-embed.js, as the
// portal's IT staff would paste it (docs/embedding.md): <gongkai-board>
// twice on one page, each with its own backend, and <gongkai-frame>. The
// portal has the usual global resets, class names that clash with the
// app's, a global `$`, its own header, links and #top, and a strict CSP
// (no inline script or style).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PORTAL_RESETS, launchBrowser, openPage, serverCli, shoot, startHost, startServer } from './support.mjs';

const VILLAGE = 'qingxi-village';

const PORTAL_CSS = `${PORTAL_RESETS}
body { font: 12px/1.5 SimSun, serif; color: #333; letter-spacing: 1px; }
a { color: #036; }
.gk-main { width: 750px; flex: none; }
.gk-list li { height: 26px; overflow: hidden; }
.gk-card { border: 3px solid rgb(0, 128, 0); }
.gk-header { background: rgb(0, 51, 102); color: #fff; }
/* Opt-in theming of one element through its part (docs/embedding.md). */
gongkai-board.portal-themed::part(app) { --gk-color-accent: rgb(0, 90, 60); }
@media (max-width: 800px) {
  .portal { width: auto; display: block; }
  .portal-side, .gk-main { width: auto; }
}
`;

const PORTAL_JS = `
window.$ = function (selector) { return document.querySelectorAll(selector); };
window.gk = 'portal';
`;

const portalPage = (boards) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>青溪县人民政府门户网站</title>
<link rel="stylesheet" href="/portal.css">
<script src="/portal.js"></script>
<script src="/gongkai/gongkai-embed.js" defer></script>
</head>
<body>
<a id="top"></a>
<header class="gk-header"><h1>青溪县人民政府</h1>
<nav aria-label="门户导航"><a href="/dangjian/djdt/">党建动态</a> <a href="/dangjian-fairzt/index.html">公平专题</a></nav></header>
<div class="portal">
<aside class="portal-side"><ul class="gk-list"><li class="gk-card">门户栏目一<br>第二行</li></ul></aside>
<div class="gk-main">
${boards}
<p class="portal-note"><a href="#top">回到顶部</a></p>
</div>
</div>
<footer class="gk-footer">青溪县人民政府 版权所有</footer>
</body>
</html>`;

const TWO_BOARDS = `<h2>党务公开</h2>
<gongkai-board api-base="/a/api/" org="${VILLAGE}"></gongkai-board>
<h2>村务公开</h2>
<gongkai-board api-base="/b/api/" org="${VILLAGE}" no-chrome heading-level="3"></gongkai-board>`;

const SAME_BACKEND = `<gongkai-board api-base="/a/api/" route="/feedback?org=${VILLAGE}"></gongkai-board>
<gongkai-board api-base="/a/api/" route="/feedback?org=${VILLAGE}" routing="memory" no-chrome></gongkai-board>`;

const THEMED = `<gongkai-board api-base="/a/api/" org="${VILLAGE}" theme="gov-blue" no-chrome></gongkai-board>
<gongkai-board api-base="/a/api/" org="${VILLAGE}" colors="accent:#8a1538" no-chrome></gongkai-board>
<gongkai-board class="portal-themed" api-base="/a/api/" org="${VILLAGE}"></gongkai-board>`;

const LANGUAGES = `<gongkai-board api-base="/a/api/" org="${VILLAGE}" no-chrome></gongkai-board>
<gongkai-board api-base="/a/api/" org="${VILLAGE}" no-chrome lang="en"></gongkai-board>
<gongkai-board api-base="/a/api/" org="${VILLAGE}" no-chrome lang="zh-TW"></gongkai-board>`;

const FRAME = `<h2>党务公开</h2>
<gongkai-frame src="/gongkai/" api-base="/a/api/" org="${VILLAGE}" title="党务公开"></gongkai-frame>`;

let browser;
let a;
let b;
let host;
before(async () => {
  browser = await launchBrowser();
  [a, b] = await Promise.all([startServer(), startServer()]);
  host = await startHost({
    backends: { '/a/': a, '/b/': b },
    pages: {
      '/dangjian/index.html': portalPage(TWO_BOARDS),
      '/dangjian/frame.html': portalPage(FRAME),
      '/dangjian/same.html': portalPage(SAME_BACKEND),
      '/dangjian/themed.html': portalPage(THEMED),
      '/dangjian/languages.html': portalPage(LANGUAGES),
      '/dangjian/djdt/': '<!doctype html><title>党建动态</title><h1>党建动态</h1>',
    },
    files: { '/portal.css': PORTAL_CSS, '/portal.js': PORTAL_JS },
  });
});
after(async () => {
  await browser?.close();
  await host?.stop();
  await a?.stop();
  await b?.stop();
});

const boards = (page) => page.locator('gongkai-board');

async function boardShown(board) {
  await board.getByRole('heading').first().waitFor({ timeout: 30_000 });
  await board.locator('.gk-card').first().waitFor({ timeout: 30_000 });
}

/** The page's headings as the browser gives them to a screen reader
 * (Chromium's accessibility tree: `aria-level` over the tag), in order. */
async function headings(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes
    .filter((n) => !n.ignored && n.role?.value === 'heading')
    .map((n) => ({
      name: n.name?.value ?? '',
      level: n.properties?.find((p) => p.name === 'level')?.value.value,
    }));
}

const pause = (ms) => new Promise((later) => setTimeout(later, ms));

async function eventually(check, what, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(200);
  }
}

describe('<gongkai-board> in a hostile portal', () => {
  test('two boards, each from its own backend, and no style crosses either way', async () => {
    const page = await openPage(browser, { width: 1280, height: 900, serviceWorkers: 'block' });
    const before = { a: host.gets('/a/'), b: host.gets('/b/') };
    await page.goto(`${host.url}/dangjian/index.html`);
    const [first, second] = [boards(page).nth(0), boards(page).nth(1)];
    await boardShown(first);
    await boardShown(second);
    // The portal's <h1> is the page's only level-1 heading; the first
    // board's page heading is a level below it, the second's at its
    // heading-level, and their sections one further down.
    const heard = await headings(page);
    assert.deepEqual(heard.filter((h) => h.level === 1).map((h) => h.name), ['青溪县人民政府']);
    const boardTitles = heard.filter((h) => h.name === '中共青溪镇青溪村支部委员会');
    assert.deepEqual(boardTitles.map((h) => h.level), [2, 3]);
    assert.ok(heard.some((h) => h.name === '公开内容' && h.level === 4), 'the second board\'s sections are level 4');
    assert.ok(host.gets('/a/') > before.a, 'the first board read its backend');
    assert.ok(host.gets('/b/') > before.b, 'the second board read its own');
    // no-chrome: the second has no header or footer of the app's.
    assert.equal(await first.locator('header.gk-header').count(), 1);
    assert.equal(await second.locator('header.gk-header').count(), 0);
    assert.equal(await second.locator('footer.gk-footer').count(), 0);

    const styles = await page.evaluate(() => {
      const style = (el) => getComputedStyle(el);
      const board = document.querySelector('gongkai-board');
      const app = board.shadowRoot.querySelector('.gk');
      const card = app.querySelector('.gk-card');
      const link = app.querySelector('.gk-card a');
      const para = app.querySelector('p');
      const portalCard = document.querySelector('.portal-side .gk-card');
      const portalHeader = document.querySelector('body > header.gk-header');
      const portalMain = document.querySelector('.portal > .gk-main');
      return {
        appFont: style(app).fontSize,
        appSpacing: style(app).letterSpacing,
        cardHeight: card.getBoundingClientRect().height,
        cardBorder: style(card).borderTopColor,
        linkLine: style(link).textDecorationLine,
        paraIndent: style(para).textIndent,
        portalCardBorder: `${style(portalCard).borderTopWidth} ${style(portalCard).borderTopColor}`,
        portalCardPadding: style(portalCard).paddingTop,
        portalHeaderBg: style(portalHeader).backgroundColor,
        portalHeaderPos: style(portalHeader).position,
        portalMainWidth: portalMain.getBoundingClientRect().width,
        portalH1: style(document.querySelector('body > header h1')).fontSize,
        dollar: typeof window.$,
      };
    });
    // The portal's rules do not reach in…
    assert.equal(styles.appFont, '18px', 'html{font-size:62.5%} does not shrink the app (its body text is 18px)');
    assert.equal(styles.appSpacing, 'normal', "the body's letter-spacing is not inherited");
    assert.ok(styles.cardHeight > 60, `.gk-list li{height:26px} does not cut a card (${styles.cardHeight}px)`);
    assert.notEqual(styles.cardBorder, 'rgb(0, 128, 0)');
    assert.match(styles.linkLine, /underline/, 'links keep their underline');
    assert.equal(styles.paraIndent, '0px', 'paragraphs are not indented');
    // …and the app's do not reach out.
    assert.equal(styles.portalCardBorder, '3px rgb(0, 128, 0)');
    assert.equal(styles.portalCardPadding, '0px');
    assert.equal(styles.portalHeaderBg, 'rgb(0, 51, 102)');
    assert.equal(styles.portalHeaderPos, 'static');
    assert.equal(styles.portalMainWidth, 750);
    assert.equal(styles.portalH1, '14px');
    assert.equal(styles.dollar, 'function', "the portal's $ is its own");
    assert.equal(await page.title(), '青溪县人民政府门户网站');
    await shoot(page, 'element-portal-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    await pause(300);
    await shoot(page, 'element-portal-375');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("the element keeps its page in the fragment; the host's title, links and #top stay the host's", async () => {
    const page = await openPage(browser, { width: 1280, height: 900, serviceWorkers: 'block' });
    await page.goto(`${host.url}/dangjian/index.html`);
    const first = boards(page).nth(0);
    await boardShown(first);
    const itemLink = first.locator('.gk-card a').first();
    const itemTitle = (await itemLink.textContent()).trim();
    await itemLink.click();
    await first.getByRole('heading', { name: itemTitle }).waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/dangjian/index.html', "the host's path is the host's");
    assert.match(url.hash, /^#\/item\//);
    assert.equal(await page.title(), '青溪县人民政府门户网站', "the host's title is left alone");
    // The same page on the full site, beside the embed script; none in a
    // no-chrome element.
    const fullSite = first.getByRole('link', { name: '在完整网站中打开此页' });
    assert.equal(await fullSite.getAttribute('href'), `${host.url}/gongkai${url.hash.slice(1)}`);
    assert.equal(await fullSite.getAttribute('target'), null);
    assert.equal(await boards(page).nth(1).getByRole('link', { name: '在完整网站中打开此页' }).count(), 0);
    // The second board did not move.
    await boards(page).nth(1).locator('.gk-card').first().waitFor();

    // The host's #top is the host's: the element stays where it is.
    await page.getByRole('link', { name: '回到顶部' }).click();
    assert.equal(new URL(page.url()).hash, '#top');
    await pause(300);
    await first.getByRole('heading', { name: itemTitle }).waitFor();

    // Back to the item (its address), then a reload: the same page.
    await page.goBack();
    await page.waitForURL(/#\/item\//);
    await page.reload();
    await first.getByRole('heading', { name: itemTitle }).waitFor({ timeout: 30_000 });

    // The host's own links are the browser's to follow.
    await page.getByRole('link', { name: '党建动态' }).click();
    await page.waitForURL(/\/dangjian\/djdt\/$/);
    await page.getByRole('heading', { name: '党建动态' }).waitFor();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("a submission written in one board while its backend is down is never sent by the other, and reaches its own once it is back", async () => {
    const page = await openPage(browser, { width: 1280, height: 900, serviceWorkers: 'block' });
    const body = `门户内甲栏目的留言 ${Date.now()}`;
    try {
      await page.goto(`${host.url}/dangjian/index.html#/feedback?org=${VILLAGE}`);
      const first = boards(page).nth(0);
      await first.getByRole('heading', { name: '我要留言' }).waitFor({ timeout: 30_000 });
      await first.getByRole('radio', { name: '建议' }).check();
      await first.getByLabel('留言内容').fill(body);
      host.down('/a/');
      await first.getByRole('button', { name: '提交留言' }).click();
      await first.getByRole('heading', { name: '留言已保存在本设备上，将自动发送' }).waitFor();
      // The other board, on the same page and after a reload, never sends it.
      await page.reload();
      await boardShown(boards(page).nth(1));
      await pause(3_000);
      assert.equal(host.posts('/b/'), 0, 'nothing was sent to B');
      const cases = async (server) => (await serverCli(server.db, 'list')).split('\n').filter((l) => l.includes(body));
      assert.deepEqual(await cases(b), []);
      host.up('/a/');
      await eventually(async () => (await cases(a)).length === 1, "A's submission at A", 40_000);
      await pause(2_000);
      assert.equal((await cases(a)).length, 1, 'delivered once');
      assert.deepEqual(await cases(b), []);
      assert.equal(host.posts('/b/'), 0);
      assert.deepEqual(page.errors, []);
    } finally {
      host.up('/a/');
      await page.context().close();
    }
  });

  test("two boards of one backend on a page: each keeps the other's waiting submission", async () => {
    const page = await openPage(browser, { width: 1280, height: 900, serviceWorkers: 'block' });
    const texts = [`同一平台的第一条留言 ${Date.now()}`, `同一平台的第二条留言 ${Date.now()}`];
    const cases = async (text) => (await serverCli(a.db, 'list')).split('\n').filter((l) => l.includes(text));
    try {
      await page.goto(`${host.url}/dangjian/same.html`);
      for (const i of [0, 1]) {
        await boards(page).nth(i).getByRole('heading', { name: '我要留言' }).waitFor({ timeout: 30_000 });
      }
      host.down('/a/');
      for (const [i, text] of texts.entries()) {
        const board = boards(page).nth(i);
        await board.getByRole('radio', { name: '建议' }).check();
        await board.getByLabel('留言内容').fill(text);
        await board.getByRole('button', { name: '提交留言' }).click();
        await board.getByRole('heading', { name: '留言已保存在本设备上，将自动发送' }).waitFor();
      }
      // The page closes before the backend is back: the device has both.
      await page.goto('about:blank');
      host.up('/a/');
      await page.goto(`${host.url}/dangjian/same.html`);
      await eventually(async () => (await cases(texts[0])).length === 1 && (await cases(texts[1])).length === 1,
        'both submissions at A', 40_000);
      await pause(2_000);
      assert.equal((await cases(texts[0])).length, 1);
      assert.equal((await cases(texts[1])).length, 1);
      assert.deepEqual(page.errors, []);
    } finally {
      host.up('/a/');
      await page.context().close();
    }
  });
});

describe('<gongkai-board> that cannot load', () => {
  test('says so in its own language: its lang, else the page’s', async () => {
    const page = await openPage(browser, { width: 1280 });
    await page.route(/_bg\.wasm$/, (route) => route.abort());
    await page.goto(`${host.url}/dangjian/languages.html`);
    const alerts = boards(page).getByRole('alert');
    await alerts.nth(2).waitFor();
    const said = await alerts.evaluateAll((ps) => ps.map((p) => [p.lang, p.textContent]));
    assert.deepEqual(said, [
      ['zh-Hans', '党务公开栏未能加载，请稍后刷新页面重试。'],
      ['en', 'The Party affairs notice board could not load. Please refresh the page later and try again.'],
      ['zh-Hant', '黨務公開欄未能載入，請稍後重新載入頁面再試。'],
    ]);
    await page.context().close();
  });
});

describe('<gongkai-board> themes', () => {
  test('each element takes its own theme: by name, by its colours, or through ::part(app)', async () => {
    const page = await openPage(browser, { width: 1280, height: 900, serviceWorkers: 'block' });
    await page.goto(`${host.url}/dangjian/themed.html`);
    for (let i = 0; i < 3; i++) await boardShown(boards(page).nth(i));
    const themes = await page.evaluate(() =>
      [...document.querySelectorAll('gongkai-board')].map((board) => {
        const app = board.shadowRoot.querySelector('.gk');
        return {
          name: app.dataset.gkTheme,
          accent: getComputedStyle(app).getPropertyValue('--gk-color-accent').trim().toLowerCase(),
        };
      }),
    );
    assert.equal(themes[0].name, 'gov-blue');
    assert.equal(themes[1].name, 'party-red');
    assert.equal(themes[1].accent, '#8a1538', "the element's own accent");
    assert.equal(themes[2].accent, 'rgb(0, 90, 60)', "the portal's ::part(app) rule");
    assert.notEqual(themes[0].accent, themes[1].accent);
    assert.notEqual(themes[0].accent, themes[2].accent);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('<gongkai-frame>: the iframe mode', () => {
  test('the frame is as tall as its content, within 2px, and stays so for 10 s', async () => {
    const page = await openPage(browser, { width: 1280, height: 900, serviceWorkers: 'block' });
    await page.goto(`${host.url}/dangjian/frame.html`);
    const frame = page.frameLocator('gongkai-frame iframe');
    await frame.locator('.gk-card').first().waitFor({ timeout: 30_000 });
    const measure = async () => {
      const outer = await page.locator('gongkai-frame iframe').evaluate((f) => f.getBoundingClientRect().height);
      const inner = await frame.locator('gongkai-board').evaluate((el) => el.getBoundingClientRect().height);
      return { outer, inner };
    };
    await eventually(async () => {
      const { outer, inner } = await measure();
      return inner > 300 && Math.abs(outer - inner) <= 2;
    }, 'the frame to fit its content');
    const settled = await measure();
    for (let i = 0; i < 10; i++) {
      await pause(1_000);
      const now = await measure();
      assert.ok(Math.abs(now.outer - settled.outer) <= 2, `the frame stays settled (${settled.outer} → ${now.outer})`);
    }
    const inner = await frame.locator('html').evaluate((el) => el.scrollHeight - el.clientHeight);
    assert.ok(inner <= 2, `no scrolling inside the frame (${inner}px)`);
    await shoot(page, 'frame-portal-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    await eventually(async () => {
      const { outer, inner: i } = await measure();
      return Math.abs(outer - i) <= 2;
    }, 'the frame to fit its content at 375px');
    await shoot(page, 'frame-portal-375');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a page opened inside the frame is kept over a reload of the frame', async () => {
    const page = await openPage(browser, { width: 1280, height: 900, serviceWorkers: 'block' });
    await page.goto(`${host.url}/dangjian/frame.html`);
    const frame = page.frameLocator('gongkai-frame iframe');
    const itemLink = frame.locator('.gk-card a').first();
    await itemLink.waitFor({ timeout: 30_000 });
    const itemTitle = (await itemLink.textContent()).trim();
    await itemLink.click();
    await frame.getByRole('heading', { name: itemTitle }).waitFor();
    const inner = page.frames().find((f) => f.url().includes('/embed/'));
    assert.ok(inner, 'the frame shows /embed/');
    assert.match(new URL(inner.url()).hash, /^#\/item\//, 'the frame keeps its page in its own fragment');
    assert.equal(new URL(page.url()).hash, '', "the host's address is the host's");
    // Out of the frame, the full site opens in the portal's window.
    const fullSite = frame.getByRole('link', { name: '在完整网站中打开此页' });
    assert.equal(await fullSite.getAttribute('target'), '_top');
    assert.equal(await fullSite.getAttribute('href'), `${host.url}/gongkai${new URL(inner.url()).hash.slice(1)}`);
    await inner.evaluate(() => location.reload());
    await frame.getByRole('heading', { name: itemTitle }).waitFor({ timeout: 30_000 });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
