// Home and navigation on a 360 px phone and at 200 % zoom (issue 9, item 9):
// one site title, 查询办理进度 within the first screen, a site-wide search,
// 查看全部 after 最新公开, breadcrumbs that keep their separator with the
// next item, and table headers that never break inside a word.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { launchBrowser, openPage, screenshotDir, shoot, startServer } from './support.mjs';

const TITLE = '青溪镇党务公开';
const ROOT = '中共青溪镇委员会';
const BRANCH = '中共青溪镇青溪村支部委员会';
const PHONE = { width: 360, height: 740 };

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

/** The whole page, and the first screen alone (what a phone shows before scrolling). */
async function shootBoth(page, name) {
  await shoot(page, name);
  await page.screenshot({ path: join(screenshotDir, `${name}-first-screen.png`) });
}

async function openHome(page) {
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('navigation', { name: '组织机构' }).waitFor();
}

/** Whether `locator` (one element) lies entirely within the first screen. */
async function inFirstScreen(page, locator) {
  const box = await locator.boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= page.viewportSize().height;
}

/** The visible 查询办理进度 links that lie within the first screen. */
async function lookupLinksInFirstScreen(page) {
  const links = page.getByRole('link', { name: '查询办理进度', exact: true });
  const found = [];
  for (const link of await links.all()) {
    if ((await link.isVisible()) && (await inFirstScreen(page, link))) {
      found.push(await link.boundingBox());
    }
  }
  return found;
}

describe('a resident on a 360 px phone', () => {
  test('the home page shows the site title once, then search, 查询办理进度 and the first items', async () => {
    const page = await openPage(browser, PHONE);
    await openHome(page);
    const titles = await page.getByText(TITLE, { exact: true }).evaluateAll((els) => els
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
        && el.getBoundingClientRect().width > 1)
      .length);
    assert.equal(titles, 1, `the site title is visible ${titles} times`);

    const lookup = await lookupLinksInFirstScreen(page);
    assert.ok(lookup.length > 0, '查询办理进度 is within the first screen');
    assert.ok(lookup.every((box) => box.height >= 44 && box.width >= 44), `a 44 px target: ${JSON.stringify(lookup)}`);

    const search = page.getByRole('search').getByRole('searchbox', { name: '搜索全部公开内容' });
    assert.ok(await inFirstScreen(page, search), 'the site search is within the first screen');
    const firstCard = page.locator('main article').first();
    const box = await firstCard.boundingBox();
    assert.ok(box.y < PHONE.height, `the first item starts within the first screen (at ${box.y} px)`);
    assert.deepEqual(page.errors, []);
  });

  test('查询办理进度 is within the first screen of an item page too, and beside its feedback links', async () => {
    const page = await openPage(browser, PHONE);
    await page.goto(`${server.url}item/cadre-preappoint-li-chen`);
    await page.getByRole('button', { name: '打印' }).waitFor();
    assert.ok((await lookupLinksInFirstScreen(page)).length > 0, '查询办理进度 is within the first screen');
    const actions = page.locator('.gk-actions');
    await actions.getByRole('link', { name: '对这条内容留言' }).waitFor();
    await actions.getByRole('link', { name: '查询办理进度' }).click();
    await page.getByRole('heading', { level: 1, name: '查询办理进度' }).waitFor();
  });

  test('the home search covers the whole site: it lands on the root board with sub-organisations’ items', async () => {
    const page = await openPage(browser, PHONE);
    await openHome(page);
    const search = page.getByRole('search').getByRole('searchbox', { name: '搜索全部公开内容' });
    await search.fill('党费');
    await search.press('Enter');
    await page.waitForURL(/\/org\/qingxi-committee\?q=%E5%85%9A%E8%B4%B9$/);
    await page.getByRole('heading', { level: 1, name: ROOT }).waitFor();
    await page.locator('main article mark').first().waitFor();
    assert.equal(await page.getByRole('searchbox', { name: '搜索' }).inputValue(), '党费');
    const fromBranch = await page.locator('main article').filter({ hasText: BRANCH }).count();
    assert.ok(fromBranch > 0, 'results include a sub-organisation’s items');
    assert.deepEqual(page.errors, []);
  });

  test('查看全部 after 最新公开 goes to the root board', async () => {
    const page = await openPage(browser, PHONE);
    await openHome(page);
    await page.getByRole('region', { name: '最新公开' }).getByRole('link', { name: '查看全部公开内容' }).click();
    await page.waitForURL(/\/org\/qingxi-committee$/);
    await page.getByRole('heading', { level: 1, name: ROOT }).waitFor();
    await page.locator('main article').first().waitFor();
  });

  test('a breadcrumb separator never stands alone on a line', async () => {
    const page = await openPage(browser, PHONE);
    // A long (but real-world) organisation name: longer than the line.
    const long = '中共青溪镇青溪村股份经济合作社第一党员支部委员会';
    await page.route('**/api/v1/orgs.json', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replaceAll(BRANCH, long);
      await route.fulfill({ response, body });
    });
    await page.goto(`${server.url}org/qingxi-village`);
    await page.getByRole('heading', { level: 1, name: long }).waitFor();
    // An item of the branch: its breadcrumb ends with the branch's name.
    await page.locator('main article h3 a').first().click();
    const crumb = page.getByRole('navigation', { name: '当前位置' }).getByRole('link', { name: long });
    await crumb.waitFor();
    const lines = await crumb.evaluate((a) => {
      const li = a.closest('li');
      const separator = getComputedStyle(li, '::before').content;
      // The separator is the li's first box; the link's first line box must
      // start on the same line.
      const liTop = li.getBoundingClientRect().top;
      const range = document.createRange();
      range.selectNodeContents(a);
      const firstLine = range.getClientRects()[0];
      const lineHeight = parseFloat(getComputedStyle(a).lineHeight);
      return { separator, gap: firstLine.top - liTop, lineHeight };
    });
    assert.notEqual(lines.separator, 'none', 'a separator is drawn');
    assert.ok(lines.gap < lines.lineHeight / 2, `the link starts on the separator's line (gap ${lines.gap} px)`);
    await shoot(page, 'breadcrumb-long-360');
  });
});

describe('at 200 % zoom (a 1366 px window: 683 CSS px)', () => {
  test('two-character table headers stay on one line; a wide table scrolls in a labelled region', async () => {
    const context = await browser.newContext({
      viewport: { width: 683, height: 384 }, deviceScaleFactor: 2, locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(`${server.url}item/cadre-preappoint-li-chen`);
    const table = page.getByRole('table', { name: '拟任职人员名单' });
    await table.waitFor();
    const heights = await table.locator('th').evaluateAll((ths) => ths
      .filter((th) => th.textContent.trim().length === 2)
      .map((th) => {
        const style = getComputedStyle(th);
        const content = th.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        return { text: th.textContent.trim(), lines: content / parseFloat(style.lineHeight) };
      }));
    assert.ok(heights.length >= 3, 'the table has two-character headers');
    for (const { text, lines } of heights) {
      assert.ok(lines < 1.5, `${text} is ${lines.toFixed(2)} lines high`);
    }
    const region = page.getByRole('region', { name: '拟任职人员名单' });
    assert.equal(await region.getAttribute('tabindex'), '0', 'the table region takes the focus, to scroll by keyboard');
    await context.close();
  });

  test('at 360 px a wide table scrolls inside its region, not the page', async () => {
    const page = await openPage(browser, PHONE);
    await page.goto(`${server.url}item/cadre-preappoint-li-chen`);
    const region = page.getByRole('region', { name: '拟任职人员名单' });
    await region.waitFor();
    const scroll = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(scroll > 0, 'the table is wider than the phone and scrolls');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page does not scroll sideways (overflow ${overflow})`);
  });
});

describe('screenshots (issue 9, item 9)', () => {
  for (const width of [360, 1366]) {
    test(`home, board and item at ${width} px`, async () => {
      const page = await openPage(browser, { width, height: width === 360 ? 740 : 768 });
      await openHome(page);
      await shootBoth(page, `nav-home-${width}`);
      await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
      await page.locator('main article').first().waitFor();
      await shootBoth(page, `nav-board-${width}`);
      await page.goto(`${server.url}item/cadre-preappoint-li-chen`);
      await page.getByRole('button', { name: '打印' }).waitFor();
      await shootBoth(page, `nav-item-${width}`);
    });
  }
});
