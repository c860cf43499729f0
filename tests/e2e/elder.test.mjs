// 长辈模式 (elder mode) and the text steps, against the reference server, as
// a reader turns them on: the switch in the header, then every page large,
// one column, 60px targets, AAA contrast and nothing under 18px; reflow at
// 320 CSS px; 读给我听 with a voice and without one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appRunning, launchBrowser, openPage, shoot, startServer } from './support.mjs';
import { axeViolations, measure } from './a11y.mjs';

const VILLAGE = 'qingxi-village';
/** The demo's 任前公示 whose period runs today. */
const OPEN_ITEM = 'cadre-preappoint-zhou';

let browser;
let server;
let code;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  // A case to look up.
  const page = await openPage(browser, { width: 1280 });
  await page.goto(`${server.url}feedback?org=${VILLAGE}`);
  await page.getByRole('radio', { name: '建议' }).check();
  await page.getByLabel('留言内容').fill('村口路灯坏了三盏，晚上出行不便。');
  await page.getByRole('button', { name: '提交留言' }).click();
  await page.getByRole('heading', { level: 1, name: '留言已提交' }).waitFor();
  code = (await page.locator('#gk-code').innerText()).trim();
  await page.context().close();
});
after(async () => {
  await server?.stop();
  await browser?.close();
});

/** The pages a reader goes through, each with its heading. */
const pages = () => [
  ['home', '', /青溪/],
  ['board', `org/${VILLAGE}`, /青溪村/],
  ['item', `item/${OPEN_ITEM}`, /拟任/],
  ['feedback', `feedback?org=${VILLAGE}`, /我要留言/],
  ['lookup', 'lookup', /查询办理进度/],
];

async function open(page, path, heading) {
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  if (path === '' || path.startsWith('org/')) await appRunning(page);
  if (path === 'lookup') {
    await page.getByLabel('留言码').fill(code);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('.gk-case').waitFor();
  }
}

describe('长辈模式', () => {
  for (const width of [360, 1280]) {
    test(`every page at ${width}px: 24px text, nothing under 18px, 60px targets, one column, AAA contrast`, async () => {
      const page = await openPage(browser, { width, height: 900 });
      await page.goto(server.url);
      await appRunning(page);
      const elder = page.getByRole('switch', { name: '长辈模式' });
      assert.equal(await elder.getAttribute('aria-checked'), 'false');
      // By keyboard: the switch is a button in the tab order.
      await elder.focus();
      await page.keyboard.press('Enter');
      assert.equal(await elder.getAttribute('aria-checked'), 'true');
      for (const [name, path, heading] of pages()) {
        await open(page, path, heading);
        assert.equal(await page.getByRole('switch', { name: '长辈模式' }).getAttribute('aria-checked'), 'true', `${name}: kept`);
        const m = await measure(page);
        assert.ok(m.bodyText >= 24, `${name}: body text ${m.bodyText}px`);
        assert.ok(m.lineHeight >= 1.6, `${name}: line height ${m.lineHeight}`);
        assert.deepEqual(m.small, [], `${name}: text under 18px`);
        assert.deepEqual(m.tiny, [], `${name}: targets under 60px`);
        if (m.columns !== null) assert.equal(m.columns, 1, `${name}: one column`);
        assert.ok(m.scrollWidth <= m.width, `${name}: no sideways scrolling (${m.scrollWidth} > ${m.width})`);
        assert.deepEqual(await axeViolations(page, { aaa: true }), [], `${name}: axe (AAA contrast)`);
        await shoot(page, `elder-${name}-${width}`);
      }
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }

  test('on a phone the header stays small: the switch in sight, the steps and the language behind one button', async () => {
    // A common phone's first screen, 360×740 CSS px.
    const page = await openPage(browser, { width: 360, height: 740 });
    await page.goto(server.url);
    await appRunning(page);
    const header = page.locator('.gk-header');
    const plain = (await header.boundingBox()).height;
    await page.getByRole('switch', { name: '长辈模式' }).click();
    const elder = (await header.boundingBox()).height;
    // The brand, 查询办理进度, then the switch and the button: the header
    // is at most a quarter of the first screen, and the page's heading is
    // in it.
    assert.ok(elder <= 740 / 4, `the header is ${elder}px of 740 in 长辈模式 (${plain}px without)`);
    const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
    assert.ok(h1.y + h1.height <= 740, `the heading is in the first screen (${h1.y})`);
    const more = page.getByRole('button', { name: '字号和语言' });
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.getByRole('group', { name: '字号' }).isVisible(), false);
    // By keyboard: the button opens the steps and the picker under it.
    await more.focus();
    await page.keyboard.press('Enter');
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    const steps = page.getByRole('group', { name: '字号' });
    await steps.waitFor();
    await page.getByLabel('语言').waitFor();
    const m = await measure(page);
    assert.deepEqual(m.tiny, [], 'targets under 60px with the steps open');
    assert.ok(m.scrollWidth <= 360, `${m.scrollWidth}px wide`);
    await shoot(page, 'elder-header-open-360');
    await steps.getByRole('button', { name: '大字号', exact: true }).click();
    assert.equal(await page.locator('.gk').getAttribute('data-gk-text'), '2');
    assert.equal(await more.getAttribute('aria-expanded'), 'true', 'stays open while the reader tries the steps');
    await more.click();
    assert.equal(await steps.isVisible(), false);
    assert.deepEqual(page.errors, []);
    console.log(`header at 360×740: ${plain}px, in 长辈模式 ${elder}px`);
    await page.context().close();
  });

  test('the text steps scale the type on top of the zoom, and are kept', async () => {
    const page = await openPage(browser, { width: 1280 });
    await page.goto(server.url);
    await appRunning(page);
    const size = () => page.locator('.gk').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const a = await size();
    const steps = page.getByRole('group', { name: '字号' });
    await steps.getByRole('button', { name: '特大字号' }).click();
    assert.equal(await steps.getByRole('button', { name: '特大字号' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await steps.getByRole('button', { name: '标准字号' }).getAttribute('aria-pressed'), 'false');
    assert.equal(await size(), a * 1.5);
    await page.reload();
    await appRunning(page);
    assert.equal(await size(), a * 1.5, 'kept on the device');
    await shoot(page, 'text-step-larger-1280');
    await page.getByRole('group', { name: '字号' }).getByRole('button', { name: '大字号', exact: true }).click();
    assert.equal(await size(), a * 1.25);
    await page.context().close();
  });

  test('the full site follows the reader’s own text size, edge to edge', async () => {
    const page = await openPage(browser, { width: 360 });
    await page.goto(server.url);
    await appRunning(page);
    const size = () => page.locator('.gk').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const usual = await size();
    // The browser's (or the system's) default text size is the root's.
    await page.evaluate(() => { document.documentElement.style.fontSize = '20px'; });
    assert.equal(await size(), usual * 20 / 16, 'the text grows with the reader’s setting');
    // No margin of the browser's around the page: the header's band starts at the edge.
    assert.equal((await page.locator('.gk-header').boundingBox()).x, 0);
    await page.context().close();
  });

  test('reflow at 320 CSS px (400 % zoom of 1280): no sideways scrolling, plain and elder', async () => {
    const page = await openPage(browser, { width: 320, height: 640 });
    for (const elder of [false, true]) {
      await page.goto(server.url);
      await appRunning(page);
      await page.evaluate((on) => on ? localStorage.setItem('gongkai:reading:v1', 'elder=1;text=1') : localStorage.removeItem('gongkai:reading:v1'), elder);
      for (const [name, path, heading] of pages()) {
        await open(page, path, heading);
        const m = await measure(page);
        assert.ok(m.scrollWidth <= 320, `${name}${elder ? ' (elder)' : ''}: ${m.scrollWidth}px wide`);
      }
      if (elder) await shoot(page, 'elder-lookup-320');
    }
    await page.context().close();
  });
});

describe('读给我听', () => {
  test('without a Chinese voice there is no button', async () => {
    const page = await openPage(browser, { width: 360 });
    await page.addInitScript(() => {
      // A device whose only voice is Japanese.
      const voices = [{ lang: 'ja-JP', name: 'ja', default: true, localService: true }];
      Object.defineProperty(window.speechSynthesis, 'getVoices', { value: () => voices });
    });
    await page.goto(`${server.url}item/${OPEN_ITEM}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('heading', { name: '公示期' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '读给我听' }).count(), 0);
    await page.context().close();
  });

  test('on an item it reads the title, the period and the body, and stops', async () => {
    const page = await openPage(browser, { width: 360 });
    await page.addInitScript(() => {
      // A Chinese voice that records what it is given, and never speaks
      // on its own.
      window.spoken = [];
      window.cancelled = 0;
      const voice = { lang: 'zh-CN', name: 'zh', default: true, localService: true };
      const synth = window.speechSynthesis;
      Object.defineProperty(synth, 'getVoices', { value: () => [voice] });
      Object.defineProperty(synth, 'speak', { value: (u) => window.spoken.push({ text: u.text, lang: u.lang }) });
      Object.defineProperty(synth, 'cancel', { value: () => { window.cancelled += 1; } });
    });
    await page.goto(`${server.url}item/${OPEN_ITEM}`);
    const title = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    const read = page.getByRole('button', { name: '读给我听' });
    await read.waitFor();
    assert.deepEqual(await page.evaluate(() => window.spoken), [], 'never on its own');
    await read.click();
    const spoken = await page.evaluate(() => window.spoken);
    const text = spoken.map((s) => s.text).join('');
    assert.ok(text.startsWith(title.slice(0, 10)), text);
    assert.match(text, /公示期\d{4}年\d{1,2}月\d{1,2}日至/);
    assert.ok(spoken.every((s) => s.lang === 'zh-CN' && [...s.text].length <= 80), JSON.stringify(spoken));
    await page.getByRole('status').filter({ hasText: '正在朗读。' }).waitFor();
    const cancelled = await page.evaluate(() => window.cancelled);
    await page.getByRole('button', { name: '停止朗读' }).click();
    assert.ok(await page.evaluate(() => window.cancelled) > cancelled);
    await page.getByRole('button', { name: '读给我听' }).waitFor();
    await page.getByRole('status').filter({ hasText: '已停止朗读。' }).waitFor();
    await shoot(page, 'read-aloud-item-360');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
