// What a resident does on the board, end to end, against the release build
// served by the reference server with its demo. Selects by role and label, as
// a screen reader would.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appRunning, deployUnder, launchBrowser, openPage, shoot, startServer, startStaticServer } from './support.mjs';

const BRANCH = '中共青溪镇青溪村支部委员会';

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

/** The home page, once the app has taken the first screen's place (the
 * server writes the page's first screen into index.html; see
 * first-screen.test.mjs). */
async function openHome(page) {
  await page.goto(server.url);
  await page.locator('#gk-first').waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1 }).waitFor();
}

describe('a resident browses the board', () => {
  test('home → organisation → filter → item → reload → back', async () => {
    const page = await openPage(browser);
    await openHome(page);
    await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: BRANCH }).waitFor());
    const everything = await page.locator('main article').count();
    assert.ok(everything > 0, 'the branch board lists items');
    const countAll = await page.getByText(/^共 \d+ 条$/).textContent();

    await page.getByLabel('类型').selectOption({ label: '阶段性公开' });
    await page.waitForURL(/kind=staged/);
    // The count of the filtered list, not the one before it.
    await page.getByText(/^共 \d+ 条$/).filter({ hasNotText: countAll }).waitFor();
    const staged = await page.locator('main article').count();
    assert.ok(staged > 0 && staged < everything, `filter narrows ${everything} → ${staged}`);

    const boardUrl = page.url();
    const first = page.locator('main article h3 a').first();
    const title = (await first.textContent()).trim();
    await first.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const itemUrl = page.url();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.equal(page.url(), itemUrl, 'a deep link survives reload');

    await page.goBack();
    await page.waitForURL(boardUrl);
    assert.equal(await page.getByLabel('类型').inputValue(), 'staged', 'filters come back with the URL');
    assert.equal(await page.locator('main article').count(), staged);
    assert.deepEqual(page.errors, []);
  });

  test('the pager stays where it is when scrolled to: no card changes its size on coming into view', async () => {
    // A card whose size is only guessed until it nears the viewport moved the
    // pager under a finger (or a click) as the page scrolled to it.
    const page = await openPage(browser, { width: 360, height: 740 });
    await page.goto(`${server.url.replace(/\/$/, '')}/org/qingxi-committee`);
    // The app's cards, not the first screen's (the server's HTML).
    await page.locator('#gk-first').waitFor({ state: 'detached' });
    const previous = page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: /下一页/ });
    await previous.waitFor();
    const shift = await page.evaluate(async () => {
      const link = [...document.querySelectorAll('nav[aria-label="分页"] a')].find((a) => a.textContent.includes('下一页'));
      const at = () => Math.round(link.getBoundingClientRect().top + scrollY);
      const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const before = at();
      link.scrollIntoView({ block: 'center' });
      await frames();
      await frames();
      return [before, at()];
    });
    assert.equal(shift[1], shift[0], `the pager moved from ${shift[0]} to ${shift[1]} px`);
    assert.deepEqual(page.errors, []);
  });

  test('search highlights matches and lives in the URL', async () => {
    const page = await openPage(browser);
    await openHome(page);
    await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
    await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
    const search = page.getByRole('searchbox', { name: '搜索' });
    await search.fill('党费');
    await search.press('Enter');
    await page.waitForURL(/q=/);
    await page.locator('main article mark').first().waitFor();
    const marks = await page.locator('main article mark').allTextContents();
    assert.ok(marks.length > 0 && marks.every((text) => text === '党费'), `highlights: ${marks}`);

    await page.reload();
    await page.locator('main article mark').first().waitFor();
    assert.equal(await page.getByRole('searchbox', { name: '搜索' }).inputValue(), '党费');

    await search.fill('不存在的内容xyz');
    await search.press('Enter');
    await page.getByText('没有符合条件的公开内容。').waitFor();
    assert.equal(await page.locator('main article').count(), 0);

    await page.locator('.gk-empty').getByRole('button', { name: '清除筛选' }).click();
    await page.locator('main article').first().waitFor();
    assert.ok(await search.evaluate((el) => el === document.activeElement), 'the focus goes to the search box');
    assert.equal(await search.inputValue(), '');
  });

  test('typing searches at once; the address takes the search when typing pauses, or when a result is opened', async () => {
    const page = await openPage(browser);
    await openHome(page);
    await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
    await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
    const boardUrl = page.url();
    const search = page.getByRole('searchbox', { name: '搜索' });
    await search.pressSequentially('党费');
    await page.locator('main article mark').first().waitFor();
    // Typing pauses: the address follows, replacing the board's entry.
    await page.waitForURL(/q=%E5%85%9A%E8%B4%B9$/);
    await page.reload();
    await page.locator('main article mark').first().waitFor();
    assert.equal(await search.inputValue(), '党费');

    // Typed and opened at once: the search is in the entry back returns to.
    await search.fill('');
    await page.waitForURL(boardUrl);
    await search.pressSequentially('公示');
    const first = page.locator('main article h3 a').first();
    await page.locator('main article mark').first().waitFor();
    const title = (await first.textContent()).trim();
    await first.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.goBack();
    await page.waitForURL(/q=%E5%85%AC%E7%A4%BA$/);
    assert.equal(await search.inputValue(), '公示');
    await page.locator('main article mark').first().waitFor();
    assert.deepEqual(page.errors, []);
  });

  test('notices in 公示 show their countdown on the home page', async () => {
    const page = await openPage(browser);
    await openHome(page);
    const open = page.getByRole('region', { name: '正在公示' });
    await open.getByText(/剩余 \d+ 个工作日|今天是公示最后一天/).first().waitFor();
    assert.ok((await open.getByRole('link').count()) > 0);
    const titles = async (name) => page.getByRole('region', { name }).getByRole('link').allTextContents();
    const [inPublicity, latest] = [await titles('正在公示'), await titles('最新公开')];
    assert.ok(latest.length > 0, 'the latest items are listed');
    assert.deepEqual(latest.filter((title) => inPublicity.includes(title)), [], 'nothing is listed twice');
  });

  test('an item in 公示 shows its period, countdown and a print button', async () => {
    const page = await openPage(browser);
    await openHome(page);
    await page.getByRole('region', { name: '正在公示' }).getByRole('link').first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const period = page.getByRole('region', { name: '公示期' });
    await period.getByText('公示中').waitFor();
    await period.getByText(/(含今天还有|还有) \d+ 个工作日，至\d{1,2}月\d{1,2}日（周.）止|今天是公示(期内)?最后一/).waitFor();
    // The period's dates carry their weekdays.
    assert.match(await period.locator('.gk-publicity__dates').innerText(), /^\d{4}年\d{1,2}月\d{1,2}日（周.） 至 \d{4}年\d{1,2}月\d{1,2}日（周.）$/);
    await page.getByRole('button', { name: '打印' }).waitFor();
    assert.deepEqual(page.errors, []);
  });

  test('hostile HTML from the backend is inert', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}item/rules-forwarded-study-materials`);
    await page.getByText('党章党规学习').waitFor();
    const hostile = await page.evaluate(() => {
      const main = document.querySelector('main');
      return {
        handlers: main.querySelectorAll('[onerror], [onclick], [onload], [onmouseover]').length,
        scripts: main.querySelectorAll('script, iframe, object, embed').length,
        jsLinks: [...main.querySelectorAll('[href], [src]')]
          .filter((el) => /^\s*(javascript|data|vbscript):/i.test(el.getAttribute('href') ?? el.getAttribute('src'))).length,
        styles: main.querySelectorAll('.gk-prose [style], .gk-prose [class]').length,
      };
    });
    assert.deepEqual(hostile, { handlers: 0, scripts: 0, jsLinks: 0, styles: 0 });
    await page.getByText('点击下载学习资料').waitFor();
    assert.equal(await page.locator('main a', { hasText: '点击下载学习资料' }).count(), 0, 'a javascript: link is plain text');
    // While the sanitiser parses the hostile markup, the server's CSP blocks
    // its inline styles and handlers too, and says so; nothing else may fail.
    const blocked = /^(Applying inline style|Executing inline event handler) violates/;
    assert.deepEqual(page.errors.filter((e) => !blocked.test(e)), []);
  });

  test('attachments download from the backend, with type and size', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}item/rules-disclosure-measures`);
    const attachments = page.getByRole('region', { name: '附件' });
    const link = attachments.getByRole('link').first();
    await link.waitFor();
    assert.match(await attachments.textContent(), /PDF/);
    assert.match(await attachments.textContent(), /\d+(\.\d+)? ?(KB|MB|字节|B)/);
    const response = await page.request.get(await link.getAttribute('href'));
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
  });

  test('a superseded item links to its replacement', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}item/recruitment-taoyuan-probationary`);
    await page.getByRole('note').getByRole('link').click();
    await page.waitForURL(/recruitment-taoyuan-probationary-corrected$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
  });

  test('a 任前公示 shorter than five working days says so, neutrally', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}item/cadre-preappoint-zhou`);
    const note = page.getByRole('note').filter({ hasText: /一般公示不少于 5 个工作日/ });
    await note.waitFor();
    assert.doesNotMatch(await note.innerText(), /注意|违规|不合规/);
    assert.equal(await page.locator('.gk-warning').count(), 0, 'a note, not a warning');
    assert.equal(await page.getByText(/工作日按周一至周五计算/).count(), 0, 'this year has its official calendar');
  });

  test('an unknown address shows the not-found page', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}no/such/page`);
    await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
    await page.goto(`${server.url}item/no-such-item`);
    await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
    await page.getByRole('link', { name: '返回首页' }).click();
    await page.getByRole('navigation', { name: '组织机构' }).waitFor();
  });
});

describe('by keyboard alone', () => {
  test('skip link, then Tab and Enter reach an organisation board', async () => {
    const page = await openPage(browser);
    await openHome(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: '跳到主要内容' });
    assert.ok(await skip.evaluate((el) => el === document.activeElement), 'the first Tab lands on the skip link');
    await page.keyboard.press('Enter');
    const tree = page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH });
    for (let i = 0; i < 60 && !(await tree.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    assert.ok(await tree.evaluate((el) => el === document.activeElement), 'Tab reaches the branch link');
    const ring = await tree.evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(ring, 'none', 'the focused link shows a focus ring');
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 1, name: BRANCH });
    await heading.waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  });
});

describe('when the backend fails', () => {
  test('a clear message and a retry that works', async () => {
    const page = await openPage(browser);
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.goto(server.url);
    await page.getByRole('alert').getByText('内容暂时无法加载').waitFor();
    await shoot(page, 'error-1280');
    await page.unroute('**/api/**');
    await page.getByRole('button', { name: '重试' }).first().click();
    await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).waitFor();
  });

  test('the last good data stays on screen with its time', async () => {
    const page = await openPage(browser);
    await openHome(page);
    await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
    await page.locator('main article').first().waitFor();
    const count = await page.locator('main article').count();
    assert.ok(count > 0);
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.reload();
    await page.getByText(/以下是 .+ 获取的内容，可能不是最新的/).waitFor();
    assert.equal(await page.locator('main article').count(), count);
    await page.getByRole('button', { name: '重试' }).first().waitFor();
  });
});

/** The backend answers `v1/items/{id}.json` with `body`: a string as is, or an item with only the required fields plus these. */
function serveItem(page, id, body) {
  const json = typeof body === 'string' ? body : JSON.stringify({
    id, org: 'qingxi-village', category: 'decisions', title: id,
    kind: { type: 'ad_hoc' }, published_at: '2026-11-02T09:00:00+08:00', ...body,
  });
  return page.route(`**/api/v1/items/${id}.json`, (route) => route.fulfill({ contentType: 'application/json', body: json }));
}

describe('a backend that sends odd data', () => {
  test('an item with only the required fields still renders', async () => {
    const page = await openPage(browser);
    await serveItem(page, 'bare-minimum', {
      title: '只有必填字段的公开', some_future_field: [1, 2, 3],
    });
    await page.goto(`${server.url}item/bare-minimum`);
    await page.getByRole('heading', { level: 1, name: '只有必填字段的公开' }).waitFor();
    await page.getByText('2026年11月2日').first().waitFor();
    assert.deepEqual(page.errors, []);
  });

  test('a party-internal item is never shown, even when a backend sends it', async () => {
    const page = await openPage(browser);
    await serveItem(page, 'internal-only', { title: '党内事项', audience: 'party_internal' });
    await page.goto(`${server.url}item/internal-only`);
    await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
    assert.equal(await page.getByText('党内事项').count(), 0);
  });

  test('a period in a year without an official calendar says its count is an estimate', async () => {
    const page = await openPage(browser);
    await serveItem(page, 'far-future', {
      category: 'cadre',
      publicity: { start: '2031-03-03T00:00:00+08:00', end: '2031-03-07T23:59:59+08:00' },
    });
    await page.goto(`${server.url}item/far-future`);
    await page.getByRole('region', { name: '公示期' }).getByText('预告').waitFor();
    await page.getByText(/工作日按周一至周五计算/).waitFor();
  });

  test('a period that ends before it starts shows its dates but no status', async () => {
    const page = await openPage(browser);
    await serveItem(page, 'reversed', {
      publicity: { start: '2026-11-20T00:00:00+08:00', end: '2026-11-10T23:59:59+08:00' },
    });
    await page.goto(`${server.url}item/reversed`);
    const period = page.getByRole('region', { name: '公示期' });
    await period.getByText('2026年11月20日').waitFor();
    assert.equal(await period.locator('.gk-badge').count(), 0);
  });

  test('broken JSON gives a clear message, not a blank page', async () => {
    const page = await openPage(browser);
    await serveItem(page, 'broken', '{"id": "broken", "title": ');
    await page.goto(`${server.url}item/broken`);
    await page.getByRole('alert').getByText('服务器返回的数据有误，请稍后再试。').waitFor();
    await page.getByRole('button', { name: '重试' }).waitFor();
  });
});

describe('withdrawn content', () => {
  test('an item the backend now refuses is not shown from the cache', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}item/cadre-preappoint-zhou`);
    await page.getByRole('button', { name: '打印' }).waitFor();
    await page.route('**/api/v1/items/cadre-preappoint-zhou.json', (route) => route.fulfill({ status: 451, body: '' }));
    await page.reload();
    await page.getByRole('alert').getByText('内容暂时无法加载').waitFor();
    assert.equal(await page.getByText('周明').count(), 0, 'nothing of the withdrawn item is on screen');
    await page.unroute('**/api/v1/items/cadre-preappoint-zhou.json');
    await page.route('**/api/v1/items/cadre-preappoint-zhou.json', (route) => route.abort('connectionrefused'));
    await page.reload();
    await page.getByRole('alert').getByText('内容暂时无法加载').waitFor();
    assert.equal(await page.getByText(/以下显示的是/).count(), 0, 'the cached copy was forgotten');
  });
});

describe('deployed under a sub-path', () => {
  test('a deep link works under /gongkai/', async () => {
    const sub = await startStaticServer({ base: '/gongkai/', dir: await deployUnder('/gongkai/') });
    try {
      const page = await openPage(browser);
      await page.goto(sub.url);
      await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
      await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
      assert.match(page.url(), /\/gongkai\/org\//);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
      assert.deepEqual(page.errors, []);
    } finally {
      sub.stop();
    }
  });
});

describe('what a resident means by a quarter, and a committee\'s whole board', () => {
  test('the footer groups contacts by their real role', async () => {
    const page = await openPage(browser);
    await openHome(page);
    const footer = page.getByRole('contentinfo');
    const headings = await footer.getByRole('heading').allInnerTexts();
    assert.deepEqual(headings, ['党务公开工作机构', '党务公开监督员', '监督举报']);
    // The 纪委 is not a 监督员, nor is the office.
    const discipline = footer.getByRole('heading', { name: '监督举报' }).locator('xpath=following-sibling::ul[1]');
    assert.match(await discipline.innerText(), /纪委/);
    const supervisors = footer.getByRole('heading', { name: '党务公开监督员' }).locator('xpath=following-sibling::ul[1]');
    assert.doesNotMatch(await supervisors.innerText(), /纪委|办公室/);
  });

  test('a regular report is found under the quarter it covers, not the one it was published in', async () => {
    const items = (await (await fetch(`${server.url}api/v1/orgs/qingxi-village/items.json`)).json()).items;
    // A quarterly dues report published in the quarter after the one it covers.
    const report = items.find((i) => i.category === 'dues' && /^\d{4}-Q[1-4]$/.test(i.kind?.covers ?? ''));
    assert.ok(report, 'the demo has a quarterly dues report');
    const [year, q] = report.kind.covers.split('-Q').map(Number);
    const page = await openPage(browser);
    await page.goto(`${server.url}org/qingxi-village?category=dues&year=${year}&quarter=${q}`);
    // The server's first screen and the app's page are both in the DOM
    // until the app takes over: the app's count, once it has.
    await appRunning(page);
    await page.getByText(/^共 \d+ 条$/).waitFor();
    const titles = await page.locator('main article h3').allInnerTexts();
    const names = ['', '一', '二', '三', '四'];
    assert.ok(titles.includes(report.title), `${report.title} under ${year} Q${q}: ${titles}`);
    assert.ok(
      titles.every((t) => !/第.季度/.test(t) || t.includes(`${year}年第${names[q]}季度`)),
      `only ${year}年第${names[q]}季度 reports: ${titles}`,
    );
    // The labels say what the year and quarter mean, quarters written one way.
    await page.getByText('定期公开按所属期筛选，其他事项按发布时间').waitFor();
    assert.equal(await page.getByLabel('季度').locator('option:checked').innerText(), `第${names[q]}季度`);
    assert.deepEqual(page.errors, []);
  });

  test('a committee\'s board includes its branches (含下级组织), and the URL keeps the choice', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}org/qingxi-committee?category=dues`);
    await appRunning(page);
    await page.getByText(/^共 \d+ 条$/).waitFor();
    const count = async () => Number((await page.getByText(/^共 \d+ 条$/).innerText()).match(/\d+/)[0]);
    const withBranches = await count();
    assert.ok(withBranches > 0, 'the committee\'s 党费 category lists its branches\' reports');
    const sub = page.getByLabel('含下级组织');
    assert.equal(await sub.isChecked(), true, 'on by default for a 党委');
    // Each card names its organisation.
    assert.match(await page.locator('main article').first().innerText(), /支部/);
    await shoot(page, 'board-committee-dues-1280');
    await sub.uncheck();
    await page.waitForURL(/sub=0/);
    await page.getByText(/^共 \d+ 条$/).waitFor();
    assert.ok((await count()) < withBranches, 'its own items only');
    await page.reload();
    await page.getByText(/^共 \d+ 条$/).waitFor();
    assert.equal(await page.getByLabel('含下级组织').isChecked(), false, 'the URL keeps the choice');
    assert.deepEqual(page.errors, []);
  });
});

describe('screenshots', () => {
  for (const width of [320, 375, 1280, 1920]) {
    test(`home, board and item at ${width} px`, async () => {
      const page = await openPage(browser, { width, height: 900 });
      await openHome(page);
      await shoot(page, `home-${width}`);
      await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).click();
      await page.locator('main article').first().waitFor();
      await shoot(page, `board-${width}`);
      await page.locator('main article h3 a').first().click();
      await page.getByRole('button', { name: '打印' }).waitFor();
      await shoot(page, `item-${width}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at ${width} px (overflow ${overflow})`);
    });
  }
});
