// What the device keeps is kept per backend: two installs of the app on one
// origin (a portal's two boards, each with its own backend) share the
// browser's storage, and a submission written on one is only ever sent to
// its own backend; an earlier version's outbox, which did not record the
// backend, is never sent on its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, serverCli, shoot, startPortal, startServer } from './support.mjs';

const VILLAGE = 'qingxi-village';

let browser;
let a;
let b;
let portal;
before(async () => {
  browser = await launchBrowser();
  [a, b] = await Promise.all([startServer(), startServer()]);
  portal = await startPortal({ '/a/': a, '/b/': b });
});
after(async () => {
  await browser?.close();
  await portal?.stop();
  await a?.stop();
  await b?.stop();
});

/** The submissions in a server's database whose text contains `marker`. */
async function casesWith(server, marker) {
  const out = await serverCli(server.db, 'list');
  return out.split('\n').filter((line) => line.includes(marker));
}

async function eventually(check, what, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((later) => setTimeout(later, 200));
  }
}

const pause = (ms) => new Promise((later) => setTimeout(later, ms));

describe('two boards on one origin, each with its own backend', () => {
  test('a submission written for one backend waits for it and never goes to the other', async () => {
    const page = await openPage(browser, { serviceWorkers: 'block' });
    const body = `写给甲平台的留言 ${Date.now()}`;
    try {
      await page.goto(`${portal.url}/a/feedback?org=${VILLAGE}`);
      await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
      await page.getByRole('radio', { name: '建议' }).check();
      await page.getByLabel('留言内容').fill(body);
      portal.down('/a/');
      await page.getByRole('button', { name: '提交留言' }).click();
      await page.getByRole('heading', { name: '留言已保存在本设备上，将自动发送' }).waitFor();

      // The other board, in the same browser, while A's backend is down.
      await page.goto(`${portal.url}/b/feedback?org=${VILLAGE}`);
      await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
      assert.equal(await page.getByLabel('留言内容').inputValue(), '', "A's draft is not B's");
      await page.goto(`${portal.url}/b/`);
      await page.getByRole('navigation', { name: '组织机构' }).waitFor();
      // B's outbox has started (it reads the device once the page is idle)
      // and has nothing to send: no notice of A's entry, no request.
      await pause(3_000);
      assert.equal(await page.getByText(/条留言保存在本设备上/).count(), 0);
      assert.equal(portal.posts('/b/'), 0, 'nothing was sent to B');
      assert.deepEqual(await casesWith(b, body), []);

      // A is back: its own board delivers it, once.
      portal.up('/a/');
      await page.goto(`${portal.url}/a/`);
      await page.getByText(/您的留言已送达，留言码/).waitFor({ timeout: 30_000 });
      assert.equal((await casesWith(a, body)).length, 1);
      assert.deepEqual(await casesWith(b, body), []);
      assert.equal(portal.posts('/b/'), 0);
      assert.deepEqual(page.errors, []);
    } finally {
      portal.up('/a/');
    }
  });

  test("an earlier version's entry is shown, never sent on its own, and sent where the person chooses", async () => {
    const page = await openPage(browser, { serviceWorkers: 'block' });
    const marker = `旧版本保存的留言 ${Date.now()}`;
    const entry = (key, body) => ({
      key,
      request: { kind: 'suggestion', org: VILLAGE, body },
      queued_at_ms: 1,
      attempts: 1,
      next_attempt_ms: 0,
      state: { state: 'waiting' },
    });
    await page.goto(`${portal.url}/b/`);
    await page.getByRole('navigation', { name: '组织机构' }).waitFor();
    const postsBefore = portal.posts('/a/') + portal.posts('/b/');
    await page.evaluate(([one, two, draft]) => {
      localStorage.setItem('gongkai:outbox:v1', JSON.stringify({ entries: [one, two] }));
      localStorage.setItem(`gongkai:draft:v1:${draft.org}/`, JSON.stringify(draft.draft));
    }, [
      entry('6f1c2b1e-0000-4000-8000-000000000001', `${marker} 一`),
      entry('6f1c2b1e-0000-4000-8000-000000000002', `${marker} 二`),
      { org: VILLAGE, draft: { key: '6f1c2b1e-0000-4000-8000-000000000003', kind: 'suggestion', body: `${marker} 草稿` } },
    ]);
    await page.reload();
    const earlier = page.getByRole('region', { name: /早先保存、尚未送出的留言/ });
    await page.getByRole('heading', { name: '本设备上有 2 条早先保存、尚未送出的留言' }).waitFor();
    await earlier.waitFor();
    await earlier.getByText(`${marker} 一`).waitFor();
    await shoot(page, 'storage-earlier-entries-1280');
    await pause(3_000);
    assert.equal(portal.posts('/a/') + portal.posts('/b/'), postsBefore, 'not sent anywhere on its own');

    // The person sends the first here, and deletes the second (asked twice).
    await earlier.locator('li', { hasText: `${marker} 一` }).getByRole('button', { name: /^发送到本站/ }).click();
    await eventually(async () => (await casesWith(b, `${marker} 一`)).length === 1, 'the entry at B');
    const second = earlier.locator('li', { hasText: `${marker} 二` });
    await second.getByRole('button', { name: '删除这条留言' }).click();
    assert.equal(await page.getByText(`${marker} 二`).count(), 1, 'one click does not delete');
    await second.getByRole('button', { name: /确认删除/ }).click();
    await page.getByRole('region', { name: /早先保存/ }).waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => localStorage.getItem('gongkai:outbox:v1')), null);
    await pause(1_000);
    assert.equal((await casesWith(b, `${marker} 一`)).length, 1, 'sent once');
    assert.deepEqual(await casesWith(a, marker), []);
    assert.deepEqual(await casesWith(b, `${marker} 二`), []);

    // An earlier draft of the same form opens in it, marked for checking.
    await page.goto(`${portal.url}/b/feedback?org=${VILLAGE}`);
    await page.getByRole('heading', { level: 1, name: '我要留言' }).waitFor();
    assert.equal(await page.getByLabel('留言内容').inputValue(), `${marker} 草稿`);
    await page.getByRole('note').getByText(/此前在本设备上保存的草稿/).waitFor();
    assert.deepEqual(page.errors, []);
  });
});
