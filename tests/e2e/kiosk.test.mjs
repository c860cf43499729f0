// The kiosk (issue 10): the touch screen in a service hall and the signage
// screen, served by the reference server at /kiosk/ from the release build's
// dist/kiosk/. Touch taps at both orientations, the idle warning and the
// wipe between people under Playwright's clock, a privacy test, signage,
// bad settings on screen, and an offline boot.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshotDir, startServer, until } from './support.mjs';

/** The screen as it is: a kiosk never scrolls as a whole. */
async function shoot(page, name) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

const BRANCH = '中共青溪镇青溪村支部委员会';
const SETTINGS = { idle_seconds: 60, warning_seconds: 20, attract_seconds: 6 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A reference server whose config.json carries `settings` as its `kiosk` object. */
async function kioskServer(settings = SETTINGS) {
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-e2e-kiosk-'));
  const file = join(dir, 'kiosk.json');
  await writeFile(file, JSON.stringify(settings));
  return startServer({ args: ['--kiosk-settings', file] });
}

/** The kiosk at `width`×`height`, a touch screen, with Playwright's clock installed. */
async function openKiosk(server, { width = 1920, height = 1080, clock = true } = {}) {
  const page = await openPage(browser, { width, height, hasTouch: true });
  // The path of every request the kiosk makes, from its first.
  page.asked = [];
  page.on('request', (r) => page.asked.push(new URL(r.url()).pathname));
  if (clock) await page.clock.install();
  await page.goto(`${server.url}kiosk/`);
  await attract(page).waitFor();
  return page;
}

const attract = (page) => page.getByRole('region', { name: '党务公开轮播' });
const bar = (page) => page.getByRole('navigation', { name: '触摸屏操作' });
const warning = (page) => page.getByRole('alertdialog', { name: '您还在使用吗？' });

/** A touch on the attract loop: the session starts on the kiosk home. */
async function wake(page) {
  await attract(page).tap({ position: { x: 300, y: 300 } });
  await bar(page).waitFor();
  await attract(page).waitFor({ state: 'detached' });
}

/** The bounding box of every visible element `selector` matches. */
function boxes(page, selector) {
  return page.evaluate((selector) => [...document.querySelectorAll(selector)]
    .filter((el) => el.offsetParent !== null)
    .map((el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent.trim().slice(0, 20), x: r.x, y: r.y, width: r.width, height: r.height };
    }), selector);
}

describe('the kiosk', () => {
  let server;
  before(async () => {
    server = await kioskServer();
  });
  after(async () => {
    await server?.stop();
  });

  for (const [width, height, name] of [[1920, 1080, 'landscape'], [1080, 1920, 'portrait']]) {
    test(`is read and touched at ${width}×${height} (${name})`, async () => {
      const page = await openKiosk(server, { width, height });
      await shoot(page, `kiosk-${name}-attract`);
      await wake(page);
      await shoot(page, `kiosk-${name}-home`);

      // The bar's six buttons: at least 60×60 px, at least 8 px apart.
      const buttons = await boxes(page, '.gk-kiosk-bar button');
      const labels = ['首页', '返回', '字号', '长辈模式', '意见箱', '帮助'];
      assert.equal(buttons.length, labels.length);
      labels.forEach((label, i) => assert.ok(buttons[i].text.includes(label), `${buttons[i].text} is ${label}`));
      for (const b of buttons) assert.ok(b.width >= 60 && b.height >= 60, JSON.stringify(b));
      for (let i = 1; i < buttons.length; i++) {
        const gap = buttons[i].x - (buttons[i - 1].x + buttons[i - 1].width);
        assert.ok(gap >= 8, `gap ${gap} before ${buttons[i].text}`);
      }
      // Every link and button on the page is a large target.
      const small = (await boxes(page, '.gk-kiosk a, .gk-kiosk button'))
        .filter((b) => b.width < 60 || b.height < 60);
      assert.deepEqual(small, []);
      // Body text is at least 24 px.
      const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.gk-kiosk__scroll')).fontSize));
      assert.ok(size >= 24, `body text ${size}px`);

      // The screen itself never scrolls: only the reading area does.
      assert.deepEqual(await page.evaluate(() => [document.documentElement.scrollHeight, innerHeight]), [height, height]);

      // A board, read a page at a time, then 返回.
      await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).tap();
      await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
      assert.deepEqual(await page.evaluate(() => [document.documentElement.scrollHeight, innerHeight]), [height, height]);
      const scrolled = () => page.evaluate(() => document.querySelector('.gk-kiosk__scroll').scrollTop);
      assert.equal(await scrolled(), 0);
      await page.getByRole('button', { name: '下一页' }).tap();
      assert.ok((await scrolled()) > 200, 'down a page');
      await page.getByRole('button', { name: '上一页' }).tap();
      assert.equal(await scrolled(), 0);
      await bar(page).getByRole('button', { name: '返回' }).tap();
      await page.getByRole('heading', { level: 1, name: '中共青溪镇委员会党务公开栏' }).waitFor();
      assert.ok(await bar(page).getByRole('button', { name: '返回' }).isDisabled(), 'nothing before home');

      // 字号: three steps, and round again.
      const step = () => page.evaluate(() => document.documentElement.dataset.kioskText);
      assert.equal(await step(), '1');
      await bar(page).getByRole('button', { name: /字号/ }).tap();
      assert.equal(await step(), '2');
      await bar(page).getByRole('button', { name: /字号/ }).tap();
      assert.equal(await step(), '3');
      await shoot(page, `kiosk-${name}-largest-text`);
      await bar(page).getByRole('button', { name: /字号/ }).tap();
      assert.equal(await step(), '1');

      // 长辈模式: a switch in the bar; larger type, darker colours, and
      // still no target under 60 px; off again at a touch.
      const elder = bar(page).getByRole('switch', { name: '长辈模式' });
      assert.equal(await elder.getAttribute('aria-checked'), 'false');
      const bodySize = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.gk-kiosk__scroll')).fontSize));
      const plain = await bodySize();
      await elder.tap();
      assert.equal(await elder.getAttribute('aria-checked'), 'true');
      assert.ok((await bodySize()) > plain, `larger in 长辈模式: ${await bodySize()} > ${plain}`);
      assert.equal(await page.locator('.gk').getAttribute('data-gk-elder'), '');
      // The switch's track is filled (once its short transition is over).
      await until(page, () => getComputedStyle(document.querySelector('.gk-kiosk-bar__elder .gk-reading__track')).backgroundColor === 'rgb(168, 18, 26)', null, 'the filled track');
      const smallElder = (await boxes(page, '.gk-kiosk a, .gk-kiosk button'))
        .filter((b) => b.width < 60 || b.height < 60);
      assert.deepEqual(smallElder, []);
      await shoot(page, `kiosk-${name}-elder`);
      await elder.tap();
      assert.equal(await elder.getAttribute('aria-checked'), 'false');

      // 帮助 is a dialog that keeps the focus and gives it back.
      await bar(page).getByRole('button', { name: '帮助' }).tap();
      const help = page.getByRole('dialog', { name: '怎样使用触摸屏' });
      await help.waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.textContent), '知道了');
      await help.getByRole('button', { name: '知道了' }).tap();
      await help.waitFor({ state: 'detached' });
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }

  test('an attachment is a QR code to scan, and the kiosk stays', async () => {
    const page = await openKiosk(server);
    // An item with an attachment (the kiosk starts again at a deep link).
    await page.goto(`${server.url}kiosk/item/dues-qingxi-village-2026-q3`);
    await wake(page);
    await page.getByRole('heading', { level: 1, name: /党费收缴使用情况/ }).waitFor();
    const urlBefore = page.url();
    await page.locator('.gk-kiosk__scroll a[href*="files/"]').first().tap();
    const sheet = page.getByRole('dialog');
    await sheet.waitFor();
    assert.ok(await sheet.getByRole('img').count() >= 1, 'a QR code');
    assert.match(await sheet.innerText(), /扫码/);
    await shoot(page, 'kiosk-link-sheet');
    await sheet.getByRole('button', { name: '关闭' }).tap();
    await sheet.waitFor({ state: 'detached' });
    assert.ok(page.url().startsWith(`${server.url}kiosk/`), `still in the kiosk: ${page.url()} (was ${urlBefore})`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('我要留言 hands off to the phone with a QR code and nothing personal', async () => {
    const page = await openKiosk(server);
    await wake(page);
    await bar(page).getByRole('button', { name: '意见箱' }).tap();
    await page.getByRole('heading', { level: 1, name: '用手机扫码留言' }).waitFor();
    const qr = page.getByRole('img', { name: '留言表的二维码' });
    await qr.waitFor();
    const box = await qr.boundingBox();
    assert.ok(box.width >= 320, `QR ${box.width}px`);
    assert.equal(await page.locator('.gk-kiosk input, .gk-kiosk textarea').count(), 0, 'nothing to type into');
    await shoot(page, 'kiosk-handoff');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('idle brings the warning, 继续使用 extends, and the countdown resets the kiosk', async () => {
    const page = await openKiosk(server);
    await wake(page);
    await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).tap();
    await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();

    await page.clock.runFor(59_000);
    assert.equal(await warning(page).count(), 0, 'no warning before idle_seconds');
    await page.clock.runFor(2_000);
    await warning(page).waitFor();
    // The countdown starts at warning_seconds, and 继续使用 has the focus.
    assert.match(await warning(page).innerText(), /20 秒后将回到首页/);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), '继续使用');
    await shoot(page, 'kiosk-warning');
    // The touch itself already carries on (it is input), so the dialog may
    // be gone before the tap ends: no actionability retries on it.
    await warning(page).getByRole('button', { name: '继续使用' }).tap({ force: true });
    await warning(page).waitFor({ state: 'detached' });
    // Still where the person was.
    await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();

    // Then they walk away: the warning again, and at its end the reset.
    await page.clock.runFor(61_000);
    await warning(page).waitFor();
    await page.clock.runFor(10_000);
    assert.match(await warning(page).innerText(), /10 秒后将回到首页/);
    await page.clock.runFor(11_000);
    await attract(page).waitFor();
    await warning(page).waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).pathname, '/kiosk/');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a reset leaves nothing of the previous person (privacy)', async () => {
    // Their case: submitted on their own phone, looked up on the kiosk.
    const body = '隐私测试：村口垃圾桶满了没人清理，请尽快处理。';
    const response = await fetch(`${server.url}api/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `kiosk-privacy-${Date.now()}` },
      body: JSON.stringify({ kind: 'suggestion', org: 'qingxi-village', body, name: '隐私王', contact: '13800001111' }),
    });
    const created = await response.json();
    assert.equal(response.status, 201, JSON.stringify(created));
    const { code } = created;

    const page = await openKiosk(server);
    await wake(page);
    await page.getByRole('navigation', { name: '请选择要查看的内容' }).getByRole('link', { name: '查询办理进度' }).tap();
    const keypad = page.getByRole('group', { name: '留言码按键' });
    await keypad.waitFor();
    await shoot(page, 'kiosk-keypad');
    for (const key of code.replace(/-/g, '')) await keypad.getByRole('button', { name: key, exact: true }).tap();
    await page.getByRole('button', { name: '查询', exact: true }).tap();
    await page.getByText(body).waitFor();
    await shoot(page, 'kiosk-lookup-result');
    // They also open an item and make the text larger.
    await bar(page).getByRole('button', { name: '首页' }).tap();
    await page.getByRole('navigation', { name: '组织机构' }).getByRole('link', { name: BRANCH }).tap();
    await page.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
    await page.locator('.gk-kiosk__scroll article a').first().tap();
    await bar(page).getByRole('button', { name: /字号/ }).tap();
    await bar(page).getByRole('button', { name: /字号/ }).tap();
    await bar(page).getByRole('switch', { name: '长辈模式' }).tap();
    const storage = () => page.evaluate(() => ({
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
    }));
    const theirs = await storage();

    // They walk away.
    await page.clock.runFor(60_000 + 20_000 + 2_000);
    await attract(page).waitFor();
    const text = await page.evaluate(() => document.body.innerText + document.documentElement.outerHTML);
    for (const trace of [body, code, code.replace(/-/g, ''), '隐私王', '13800001111']) {
      assert.ok(!text.includes(trace), `"${trace}" is still in the page`);
    }
    const left = await storage();
    assert.deepEqual(left.session, [], `sessionStorage: ${theirs.session}`);
    for (const key of left.local) {
      assert.match(key, /^gongkai:(v1:|outbox:|kiosk:)/, `localStorage key ${key} survived`);
    }
    assert.equal(await page.evaluate(() => document.documentElement.dataset.kioskText), '1');
    assert.equal(await page.locator('.gk').getAttribute('data-gk-elder'), null, '长辈模式 is off for the next person');

    // The next person: 返回 goes nowhere.
    await wake(page);
    const back = bar(page).getByRole('button', { name: '返回' });
    assert.ok(await back.isDisabled(), '返回 is disabled');
    await back.tap({ force: true });
    assert.equal(new URL(page.url()).pathname, '/kiosk/');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

test('a signage screen only rotates, with a clock and 更新于, and ignores touches', async () => {
  const server = await kioskServer({ signage: true, attract_seconds: 5 });
  try {
    const page = await openKiosk(server);
    // The loop asks the server's search for what it shows; it never reads
    // the site's lists, which at 100 000 items are 1 000 pages.
    await page.getByText('公示中').first().waitFor();
    assert.ok(page.asked.some((p) => p.endsWith('/v1/search.json')), page.asked.join(' '));
    assert.deepEqual(page.asked.filter((p) => /\/items\.json$|\/items\/pages\//.test(p)), []);
    const slide = () => page.locator('.gk-attract__slide').getAttribute('data-slide');
    const first = await slide();
    await page.clock.runFor(5_000);
    await page.waitForFunction((first) => document.querySelector('.gk-attract__slide')?.dataset.slide !== first, first);
    assert.notEqual(await slide(), first);
    assert.match(await page.locator('.gk-attract__time').innerText(), /^\d{2}:\d{2}$/);
    await page.locator('.gk-attract__updated').filter({ hasText: /^更新于/ }).waitFor();
    await shoot(page, 'kiosk-signage');
    await attract(page).tap({ position: { x: 300, y: 300 } });
    assert.equal(await bar(page).count(), 0, 'no session on signage');
    assert.equal(await page.getByText('轻触屏幕').count(), 0, 'no invitation to touch');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await server.stop();
  }
});

test('bad kiosk settings are named on the home screen and defaults are used', async () => {
  const server = await kioskServer({ warning_seconds: 5, idle_sconds: 3 });
  try {
    const page = await openKiosk(server);
    await wake(page);
    const alert = page.getByRole('alert').filter({ hasText: '触摸屏设置有误' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /warning_seconds.*不能小于 20/);
    assert.match(await alert.innerText(), /不认识的设置“idle_sconds”/);
    // The default 90 s applies: no warning at 61 s.
    await page.clock.runFor(61_000);
    assert.equal(await warning(page).count(), 0);
    await page.clock.runFor(30_000);
    await warning(page).waitFor();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await server.stop();
  }
});

test('the kiosk boots with the server down and shows its last data with the time it was saved', async () => {
  const server = await kioskServer();
  let stopped = false;
  try {
    const page = await openPage(browser, { width: 1920, height: 1080, hasTouch: true });
    await page.goto(`${server.url}kiosk/`);
    await attract(page).waitFor();
    // The kiosk's own worker (scope kiosk/) controls the page.
    // (The page's <base href> is the app's, so getRegistration() would
    // look up the app's scope, not the kiosk's.)
    await until(page, () => {
      const worker = navigator.serviceWorker.controller;
      return worker?.state === 'activated' && worker.scriptURL.endsWith('/kiosk/sw.js');
    }, null, 'the kiosk\'s worker controlling the page');
    const heading = await page.locator('.gk-attract__heading').innerText();
    // Every item has arrived (the stamp comes with them), so there is a
    // last copy of all of it to show.
    await page.locator('.gk-attract__updated').filter({ hasText: /^更新于/ }).waitFor();
    await server.stop();
    stopped = true;

    await page.reload();
    await attract(page).waitFor();
    await page.locator('.gk-attract__heading').waitFor();
    assert.ok((await page.locator('.gk-attract__heading').innerText()).length > 0, `was ${heading}`);
    // The stamp comes with the data, from the saved copy.
    await page.locator('.gk-attract__updated').filter({ hasText: /^更新于/ }).waitFor();
    // A touch still starts a session on the last good copy of the home board.
    await wake(page);
    await page.getByRole('heading', { level: 1, name: '中共青溪镇委员会党务公开栏' }).waitFor();
    await shoot(page, 'kiosk-offline');
    await page.context().close();
  } finally {
    if (!stopped) await server.stop();
  }
});
