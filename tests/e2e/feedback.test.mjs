// The feedback side (意见箱) end to end, against the reference server: a
// resident writes, gets a 留言码, staff reply with the server's command line,
// the resident looks the case up and rates the reply; a submission made while
// the server is down waits on the device and arrives exactly once; an
// objection to an item whose 公示 has ended is refused, by the app and by the
// server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, serverCli, shoot, staffToken, startServer } from './support.mjs';

const VILLAGE = 'qingxi-village';
const VILLAGE_NAME = '中共青溪镇青溪村支部委员会';
/** The demo's 任前公示 whose period runs today (20–24 November, dated from today). */
const OPEN_ITEM = 'cadre-preappoint-zhou';
/** The demo's 临时救助 公示 that ended six days ago. */
const ENDED_ITEM = 'aid-qingxi-temporary-relief';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The submissions in the server's database whose text starts with `marker`. */
async function casesWith(db, marker) {
  const out = await serverCli(db, 'list');
  return out.split('\n').filter((line) => line.includes(marker));
}

async function writeSuggestion(page, body) {
  await page.getByRole('radio', { name: '建议' }).check();
  await page.getByLabel('留言内容').fill(body);
}

describe('a resident gives feedback', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('errors first, then submit → 留言码 → staff reply → look-up → rating', async () => {
    const page = await openPage(browser, { width: 375, height: 800 });
    await page.goto(`${server.url}org/${VILLAGE}`);
    await page.getByRole('link', { name: '我要留言' }).click();
    await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
    assert.match(await page.locator('.gk-feedback__target').innerText(), new RegExp(VILLAGE_NAME));

    // Nothing filled in: a summary that has the focus, links to the fields.
    await page.getByRole('button', { name: '提交留言' }).click();
    const summary = page.getByRole('alert').filter({ hasText: '提交前请修改以下问题' });
    await summary.waitFor();
    assert.equal(await summary.evaluate((el) => el === document.activeElement), true);
    await summary.getByRole('link', { name: '请填写留言内容' }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'fb-body');
    await shoot(page, 'feedback-errors-375');

    // The draft survives a reload.
    const body = `村口路灯坏了三盏，晚上出行不便 ${Date.now()}`;
    await writeSuggestion(page, body);
    await page.getByLabel('联系方式').fill('138 1234 5678');
    await page.getByText('还可以输入').first().waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
    assert.equal(await page.getByLabel('留言内容').inputValue(), body);
    assert.equal(await page.getByRole('radio', { name: '建议' }).isChecked(), true);
    assert.equal(await page.getByLabel('联系方式').inputValue(), '138 1234 5678');

    // Submit: the confirmation with the code, the deadline, what comes next.
    await page.getByRole('button', { name: '提交留言' }).click();
    await page.getByRole('heading', { level: 1, name: '留言已提交' }).waitFor();
    const code = (await page.locator('#gk-code').innerText()).trim();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.match(await page.locator('main').innerText(), /最迟在\d{4}年\d{1,2}月\d{1,2}日（周.）前答复（10 个工作日内/);
    assert.ok(!page.url().includes(code), 'the code stays out of the address');
    await page.getByRole('button', { name: '复制留言码' }).click();
    await page.getByText(/已复制留言码|无法自动复制/).waitFor();
    await shoot(page, 'feedback-sent-375');
    // The draft went with the delivery: a new form is empty.
    const [stored] = await casesWith(server.db, body.slice(0, 20));
    assert.ok(stored?.startsWith(code), `the server has ${code}: ${stored}`);
    const device = await page.evaluate(() => {
      const keys = Object.keys(localStorage);
      return {
        drafts: keys.filter((k) => k.startsWith('gongkai:draft')),
        // One outbox, this backend's (its key names it), and empty.
        outboxes: keys.filter((k) => k.startsWith('gongkai:outbox:')),
        outbox: JSON.parse(localStorage.getItem(`gongkai:outbox:v2 ${location.origin}/api/`)).entries,
      };
    });
    const api = `${new URL(server.url).origin}/api/`;
    assert.deepEqual(device, { drafts: [], outboxes: [`gongkai:outbox:v2 ${api}`], outbox: [] }, 'nothing personal stays on the device');

    // Before a reply: received, no rating offered.
    await page.getByRole('main').getByRole('link', { name: '查询办理进度' }).click();
    await page.getByRole('heading', { level: 1, name: '查询办理进度' }).waitFor();
    await page.getByText('还没有答复。').waitFor();
    assert.equal(await page.getByRole('button', { name: '满意', exact: true }).count(), 0);
    assert.match(await page.locator('.gk-case').innerText(), /已受理/);

    // Staff reply, with a question summary for the public board.
    await serverCli(server.db, 'reply', code, '已安排电工11月24日上午维修。', '--public-question', '群众反映村口路灯损坏。');

    // Looked up by hand, typed the forgiving way.
    await page.getByLabel('留言码').fill(code.toLowerCase().replaceAll('-', ' '));
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByText('已安排电工11月24日上午维修。').waitFor();
    const caseText = await page.locator('.gk-case').innerText();
    assert.match(caseText, /已答复/);
    assert.ok(!caseText.includes('138 1234 5678'), 'the contact is never shown back');
    await shoot(page, 'feedback-lookup-375');

    // Rating takes two steps: tapping 不满意 sends nothing, and only then
    // do the reason and 要求重新办理 appear.
    await page.getByRole('radio', { name: '不满意', exact: true }).check();
    assert.equal((await casesWith(server.db, body.slice(0, 20)))[0].includes('不满意'), false, 'choosing is not sending');
    await page.getByLabel('不满意的理由（选填）').fill('没有说明维修后如何避免再坏。');
    await page.getByLabel('要求重新办理').check();
    await shoot(page, 'feedback-rate-375');
    await page.getByRole('button', { name: '提交评价' }).click();
    // The focus goes to what happens next, in view, with the new deadline.
    const next = page.locator('#gk-rated');
    await next.getByText('已要求重新办理').waitFor();
    assert.equal(await next.evaluate((el) => el === document.activeElement), true, 'the confirmation has the focus');
    assert.equal(await next.isVisible(), true);
    const box = await next.boundingBox();
    assert.ok(box.y >= 0 && box.y < 800, `in view: ${box.y}`);
    await page.locator('.gk-case').getByText('办理中').waitFor();
    const caseAfter = await page.locator('.gk-case').innerText();
    assert.match(caseAfter, /您的评价：不满意/);
    assert.equal(await page.getByRole('button', { name: '提交评价' }).count(), 0, 'rated once');
    // The deadline shown is the case's own, the one the message gives (the
    // server counts it anew from the reopening: server/tests/http.rs).
    const dueAfter = (await page.locator('.gk-summary time').innerText()).trim();
    assert.match(dueAfter, /^\d{4}年\d{1,2}月\d{1,2}日（周.）$/);
    assert.ok((await next.innerText()).includes(dueAfter), `the message gives the deadline ${dueAfter}`);
    const [after] = await casesWith(server.db, body.slice(0, 20));
    assert.match(after, /\tin_progress\t/, 'reopened on the server');
    await shoot(page, 'feedback-rated-375');

    // The public board shows the staff's summary, never the resident's words.
    await page.goto(`${server.url}org/${VILLAGE}/replies`);
    await page.getByText('群众反映村口路灯损坏。').waitFor();
    assert.ok(!(await page.locator('main').innerText()).includes(body));
    assert.deepEqual(page.errors, []);
  });

  test('an unknown code says so, a malformed one is refused beside the field', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}lookup`);
    await page.getByLabel('留言码').fill('1234');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('#lk-code-error').getByText('留言码是 12 位字母和数字').waitFor();
    await page.getByLabel('留言码').fill('0000-0000-0000');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByText('没有找到这个留言码对应的留言').waitFor();
    assert.deepEqual(page.errors, []);
  });

  test('an objection is offered while the 公示 runs, with the working days left', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}item/${OPEN_ITEM}`);
    await page.getByRole('heading', { name: '对公示内容有异议？' }).waitFor();
    await page.getByRole('link', { name: '提出异议' }).click();
    await page.getByRole('heading', { level: 1, name: '提出异议' }).waitFor();
    const objection = page.getByRole('radio', { name: '异议' });
    assert.equal(await objection.isChecked(), true);
    // Days left count today, and the last day is a date with its weekday.
    assert.match(
      await page.locator('.gk-radios').innerText(),
      /(含今天还有 \d+ 个工作日|还有 \d+ 个工作日)，至\d{1,2}月\d{1,2}日（周.）止|今天是公示(期内)?最后一/,
    );
    await page.getByLabel('留言内容').fill('公示对象任职经历中的时间与本人了解的情况不符，请核实。');
    await page.getByRole('button', { name: '提交留言' }).click();
    await page.getByRole('heading', { level: 1, name: '留言已提交' }).waitFor();
    assert.match(await page.locator('.gk-summary').innerText(), /异议/);
    // Answered before the 公示 closes, not in the general ten working days.
    await page.getByText(/异议在公示期结束前核查并答复/).waitFor();
    const item = await (await fetch(`${server.url}api/v1/items/${OPEN_ITEM}.json`)).json();
    const code = (await page.locator('#gk-code').innerText()).trim();
    const state = await (await fetch(`${server.url}api/v1/feedback/${code}`)).json();
    const periodEnd = new Date(item.publicity.end).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    assert.ok(state.reply_due <= periodEnd, `due ${state.reply_due}, 公示 ends ${periodEnd}`);
    await shoot(page, 'feedback-objection-sent-1280');
    assert.deepEqual(page.errors, []);
  });

  test('a 留言码 cannot be lost: it survives a reload, never breaks mid-group, can be kept on the phone', async () => {
    const page = await openPage(browser, { width: 360, height: 740 });
    await page.goto(`${server.url}feedback?org=${VILLAGE}`);
    await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
    await writeSuggestion(page, `建议在村委会门口增设休息座椅 ${Date.now()}`);
    await page.getByRole('button', { name: '提交留言' }).click();
    await page.getByRole('heading', { level: 1, name: '留言已提交' }).waitFor();
    const code = (await page.locator('#gk-code').innerText()).replace(/\s/g, '');
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // Each group of four stays on one line at 360 px.
    const groups = await page.locator('#gk-code .gk-code__group').evaluateAll(
      (els) => els.map((el) => ({ text: el.textContent, lines: el.getClientRects().length })),
    );
    assert.deepEqual(groups.map((g) => g.lines), [1, 1, 1], JSON.stringify(groups));
    // Without the code: the hotline.
    const forgot = page.getByText(/忘记留言码？请拨打公开热线/);
    await forgot.waitFor();
    assert.equal(await forgot.getByRole('link', { name: '0571-86120345' }).getAttribute('href'), 'tel:0571-86120345');
    await shoot(page, 'feedback-sent-360');

    // A reload keeps the confirmation for this session.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '留言已提交' }).waitFor();
    assert.equal((await page.locator('#gk-code').innerText()).replace(/\s/g, ''), code);
    assert.equal(await page.getByText('没有找到刚提交的留言').count(), 0);

    // Opt-in: kept on this phone and listed on the look-up page.
    await page.getByLabel('在本机保存我的留言码').check();
    await page.goto(`${server.url}lookup`);
    const saved = page.getByRole('region', { name: '本机保存的留言码' });
    await saved.getByText(code).waitFor();
    await page.getByText(/忘记留言码？请拨打公开热线/).waitFor();
    await saved.getByRole('button', { name: '查询' }).first().click();
    await page.locator('.gk-case').getByText('已受理').waitFor();
    await shoot(page, 'lookup-saved-360');
    await saved.getByRole('button', { name: '从本机删除' }).first().click();
    assert.equal(await page.getByRole('region', { name: '本机保存的留言码' }).count(), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem(`gongkai:codes:v2 ${location.origin}/api/`)), '[]');
    assert.deepEqual(page.errors, []);
  });

  test('a look-up is not a submission: its error summary says so', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}lookup`);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const summary = page.getByRole('alert').filter({ hasText: '请先修改以下问题' });
    await summary.waitFor();
    assert.equal(await page.getByText('提交前请修改以下问题').count(), 0);
  });

  test('a 公示 that ended with an objection unanswered says it is being checked, until staff answer', async () => {
    // An objection while the period runs…
    const response = await fetch(`${server.url}api/v1/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ kind: 'objection', org: 'qingxi-committee', item: OPEN_ITEM, body: '公示对象的任职经历需要核实。' }),
    });
    assert.equal(response.status, 201);
    const { code } = await response.json();
    // …then the period ends (staff move it into the past).
    const staff = { Authorization: `Bearer ${staffToken}`, 'Content-Type': 'application/json' };
    const { item } = await (await fetch(`${server.url}api/v1/staff/items/${OPEN_ITEM}`, { headers: staff })).json();
    const day = 24 * 3600 * 1000;
    item.publicity = {
      start: new Date(Date.now() - 12 * day).toISOString(),
      end: new Date(Date.now() - 1 * day).toISOString(),
    };
    const put = await fetch(`${server.url}api/v1/staff/items/${OPEN_ITEM}`, {
      method: 'PUT',
      headers: staff,
      body: JSON.stringify({ item, note: '测试：公示期结束', publicity_override_reason: '端到端测试' }),
    });
    assert.ok(put.ok, `PUT ${put.status}: ${await put.text()}`);
    const page = await openPage(browser, { width: 360, height: 740 });
    await page.goto(`${server.url}item/${OPEN_ITEM}`);
    const review = page.getByRole('status').filter({ hasText: '公示期内收到异议，正在核查' });
    await review.waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /公示对象的任职经历需要核实/, 'no one\'s words');
    await shoot(page, 'item-under-review-360');
    // Staff see the item among those to answer, and answer every objection
    // on it (an earlier test raised one too): the status goes.
    const listed = (await serverCli(server.db, 'objections')).split('\n').find((l) => l.startsWith(OPEN_ITEM));
    const codes = listed?.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g) ?? [];
    assert.ok(codes.includes(code), `listed for staff: ${listed}`);
    for (const open of codes) await serverCli(server.db, 'reply', open, '经核查，任职经历属实。');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('已结束').first().waitFor();
    assert.equal(await page.getByText('公示期内收到异议，正在核查').count(), 0);
    assert.deepEqual(page.errors, []);
  });

  test('an objection to an ended 公示 is refused, in the app and by the server', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}item/${ENDED_ITEM}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: '提出异议' }).count(), 0);

    // Even asked for by address, the form offers other kinds and says why.
    await page.goto(`${server.url}feedback?item=${ENDED_ITEM}&kind=objection`);
    await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
    assert.equal(await page.getByRole('radio', { name: '异议' }).count(), 0);
    await page.getByText(/公示期已于\d{4}年\d{1,2}月\d{1,2}日结束，不能再提出异议/).waitFor();
    await shoot(page, 'feedback-objection-ended-1280');

    const response = await fetch(`${server.url}api/v1/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ kind: 'objection', org: VILLAGE, item: ENDED_ITEM, body: '对救助对象有异议，请核实。' }),
    });
    assert.equal(response.status, 422);
    const problem = await response.json();
    assert.deepEqual(problem.errors.map((e) => [e.pointer, e.code]), [['/item', 'publicity_ended']]);
    assert.deepEqual(page.errors, []);
  });
});

describe('no submission is ever lost', () => {
  test('the server is down: saved on the device, kept across page loads, sent once when it is back', async () => {
    let server = await startServer();
    const address = new URL(server.url).host;
    const db = server.db;
    try {
      const page = await openPage(browser);
      await page.goto(`${server.url}feedback?org=${VILLAGE}`);
      await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
      const body = `服务器停机时提交的留言 ${Date.now()}`;
      await writeSuggestion(page, body);

      await server.stop();
      await page.getByRole('button', { name: '提交留言' }).click();
      await page.getByRole('heading', { name: '留言已保存在本设备上，将自动发送' }).waitFor();
      await shoot(page, 'feedback-saved-1280');
      // A second click has nothing to click: the form is gone while it waits.
      assert.equal(await page.getByRole('button', { name: '提交留言' }).count(), 0);

      // The SPA itself is down too, so a reload is done from another page of
      // the same origin when it is back; meanwhile other pages say it waits.
      server = await startServer({ db, listen: address });
      await page.goto(`${server.url}org/${VILLAGE}`);
      // Delivered by the outbox as the app starts again, with its 留言码.
      await page.getByText(/您的留言已送达，留言码 [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/).waitFor({ timeout: 30_000 });
      await page.getByRole('link', { name: '查看回执' }).click();
      await page.getByRole('heading', { level: 1, name: '留言已提交' }).waitFor();
      const code = (await page.locator('#gk-code').innerText()).trim();
      const cases = await casesWith(db, body.slice(0, 15));
      assert.equal(cases.length, 1, `exactly one record: ${cases.join(' | ')}`);
      assert.ok(cases[0].startsWith(code));
      assert.deepEqual(page.errors, []);
    } finally {
      await server.stop();
    }
  });

  test('the answer is lost on the way back: the retry is replayed, not recorded twice', async () => {
    const server = await startServer();
    try {
      const page = await openPage(browser);
      await page.goto(`${server.url}feedback?org=${VILLAGE}`);
      await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
      const body = `回执丢失的留言 ${Date.now()}`;
      await writeSuggestion(page, body);

      // The first attempt reaches the server; its answer never reaches the app.
      let attempts = 0;
      const keys = new Set();
      await page.route('**/api/v1/feedback', async (route) => {
        attempts += 1;
        keys.add(route.request().headers()['idempotency-key']);
        if (attempts === 1) {
          await route.fetch();
          await route.abort('connectionreset');
        } else {
          await route.continue();
        }
      });
      await page.getByRole('button', { name: '提交留言' }).click();
      await page.getByRole('heading', { name: '留言已保存在本设备上，将自动发送' }).waitFor();
      await page.getByRole('button', { name: '立即重试' }).click();
      await page.getByRole('heading', { level: 1, name: '留言已提交' }).waitFor();

      assert.equal(attempts, 2);
      assert.equal(keys.size, 1, 'both attempts carry the same key');
      const cases = await casesWith(server.db, body.slice(0, 10));
      assert.equal(cases.length, 1, `exactly one record: ${cases.join(' | ')}`);
      assert.ok(cases[0].startsWith((await page.locator('#gk-code').innerText()).trim()));
      assert.deepEqual(page.errors, []);
    } finally {
      await server.stop();
    }
  });
  test('a connection that hangs is given up after 30 s and the submission sent later, once', async () => {
    const server = await startServer();
    try {
      const page = await openPage(browser);
      await page.goto(`${server.url}feedback?org=${VILLAGE}`);
      await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
      const body = `网络卡住时的留言 ${Date.now()}`;
      await writeSuggestion(page, body);
      // The request goes out and nothing ever comes back.
      await page.route('**/api/v1/feedback', () => {});
      await page.getByRole('button', { name: '提交留言' }).click();
      await page.getByText('正在发送…').waitFor();
      await page.getByRole('heading', { name: '留言已保存在本设备上，将自动发送' }).waitFor({ timeout: 45_000 });
      await page.unroute('**/api/v1/feedback');
      await page.getByRole('button', { name: '立即重试' }).click();
      await page.getByRole('heading', { level: 1, name: '留言已提交' }).waitFor();
      const cases = await casesWith(server.db, body.slice(0, 10));
      assert.equal(cases.length, 1, `exactly one record: ${cases.join(' | ')}`);
      assert.deepEqual(page.errors, []);
    } finally {
      await server.stop();
    }
  });
});
