// The public replies board (反馈公开) end to end: residents write over HTTP,
// staff reply and publish with the server's command line, anyone sees the
// replies on /org/:id/replies, filters them by kind in the URL, and never
// sees the resident's own words or tracking code. A static host (no write
// side) says replies are not published online.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, serverCli, shoot, startServer, startStaticServer } from './support.mjs';

const VILLAGE = 'qingxi-village';
const VILLAGE_NAME = '中共青溪镇青溪村支部委员会';
const HEADING = `${VILLAGE_NAME}·反馈公开`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A submission as the app's outbox would send it; resolves with its 留言码. */
async function submit(server, kind, body) {
  const response = await fetch(`${server.url}api/v1/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ kind, org: VILLAGE, body, name: '王大爷', contact: '13800138000' }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const { code } = await response.json();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return code;
}

/** Fails the test if the page scrolls sideways. */
async function assertNoHorizontalScroll(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
}

describe('staff publish replies, residents read them', () => {
  let server;
  const lamp = {
    body: '我家门口的路灯坏了一个多月，晚上老人出门很不方便，希望尽快修好。',
    question: '关于村口路灯维修的建议',
    reply: '感谢您的建议。\n村委会已联系供电所，路灯将于本周内修复。',
  };
  const dues = {
    body: '退休党员的党费按什么标准交？我每月退休金三千元左右。',
    question: '关于退休党员党费缴纳标准的咨询',
    reply: '按月退休费总额的0.5%交纳。\n详见《关于中国共产党党费收缴、使用和管理的规定》。',
  };
  let codes;
  before(async () => {
    server = await startServer();
    codes = [await submit(server, 'suggestion', lamp.body), await submit(server, 'inquiry', dues.body)];
    // One published with the reply, the other replied first and published after.
    assert.match(await serverCli(server.db, 'reply', codes[0], lamp.reply, '--public-question', lamp.question), /replied/);
    await serverCli(server.db, 'reply', codes[1], dues.reply);
    await serverCli(server.db, 'publish', codes[1], dues.question);
    await serverCli(server.db, 'close', codes[1]);
  });
  after(async () => {
    await server?.stop();
  });

  test('both replies, on time, filtered by kind in the URL, kept on reload', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}org/${VILLAGE}/replies`);
    await page.getByRole('heading', { level: 1, name: HEADING }).waitFor();
    await page.getByText('共 2 条').waitFor();

    const articles = page.locator('main article');
    assert.equal(await articles.count(), 2);
    for (const { question, reply } of [lamp, dues]) {
      const article = articles.filter({ has: page.getByRole('heading', { level: 2, name: question }) });
      assert.equal(await article.count(), 1, question);
      // Line breaks are kept: innerText follows white-space: pre-line.
      assert.equal((await article.locator('.gk-reply__text').innerText()).trim(), reply);
      await article.getByText('按期答复').waitFor();
      await article.getByText('当天答复').waitFor();
    }
    const closed = articles.filter({ hasText: dues.question });
    await closed.getByText('已办结').waitFor();
    await closed.getByText('咨询', { exact: true }).waitFor();

    // Only the staff's summary: no resident's words, name, contact or code.
    const text = await page.locator('main').innerText();
    for (const secret of [lamp.body, dues.body, '王大爷', '13800138000', ...codes]) {
      assert.ok(!text.includes(secret), `${secret} is on the public board`);
    }

    // The way to write, to follow a case, and back to the board.
    const write = page.getByRole('link', { name: '我要留言' });
    assert.match(await write.getAttribute('href'), new RegExp(`/feedback\\?org=${VILLAGE}$`));
    assert.match(await page.getByRole('main').getByRole('link', { name: '查询办理进度' }).getAttribute('href'), /\/lookup$/);
    assert.match(
      await page.getByRole('link', { name: `返回${VILLAGE_NAME}公开栏` }).getAttribute('href'),
      new RegExp(`/org/${VILLAGE}$`),
    );
    await shoot(page, 'replies-1280');

    await page.getByLabel('留言类别').selectOption({ label: '咨询' });
    await page.waitForURL(/kind=inquiry/);
    await page.getByText('共 1 条').waitFor();
    assert.equal(await articles.count(), 1);
    await page.getByRole('heading', { level: 2, name: dues.question }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: HEADING }).waitFor();
    await page.getByText('共 1 条').waitFor();
    assert.equal(await page.getByLabel('留言类别').inputValue(), 'inquiry', 'the filter comes back with the URL');
    assert.equal(await articles.count(), 1);

    // A filter that leaves nothing says so and offers the way back.
    await page.getByLabel('办理状态').selectOption({ label: '已受理' });
    await page.waitForURL(/kind=inquiry&status=received/);
    await page.getByText('没有符合条件的答复。').waitFor();
    await page.locator('.gk-empty').getByRole('link', { name: '清除筛选' }).click();
    await page.getByText('共 2 条').waitFor();
    assert.ok(!page.url().includes('?'), page.url());
    assert.deepEqual(page.errors, []);
  });

  test('readable on a phone: 375 px and 320 px without sideways scrolling', async () => {
    for (const width of [375, 320]) {
      const page = await openPage(browser, { width, height: 800 });
      await page.goto(`${server.url}org/${VILLAGE}/replies`);
      await page.getByRole('heading', { level: 1, name: HEADING }).waitFor();
      await page.getByText('共 2 条').waitFor();
      await assertNoHorizontalScroll(page);
      await shoot(page, `replies-${width}`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  });

  test('an unknown organisation is not found', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}org/no-such-org/replies`);
    await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
    assert.deepEqual(page.errors, []);
  });
});

test('a static host without the write side says replies are not online', async () => {
  const host = await startStaticServer();
  try {
    const page = await openPage(browser, { width: 375, height: 800 });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${host.url}org/${VILLAGE}/replies`);
    await page.getByRole('heading', { level: 1, name: HEADING }).waitFor();
    await page.getByText('本站暂不在线公开答复。').waitFor();
    assert.equal(await page.getByRole('link', { name: '我要留言' }).count(), 0);
    assert.ok(!requests.some((u) => u.includes('replies.json')), 'nothing is fetched');
    await page.getByRole('link', { name: `返回${VILLAGE_NAME}公开栏` }).click();
    await page.getByRole('heading', { level: 1, name: VILLAGE_NAME }).waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    host.stop();
  }
});
