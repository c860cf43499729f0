// 繁體中文 and English, as a reader gets them: the picker in each
// language's own name, the page switching whole once the language has
// loaded (a file of its own, not in the first load), the choice kept on
// reload and in a shared link, `lang` on the root and on the notice's own
// words, axe in each language; and the right-to-left mechanism, proved
// with a test-only pseudo-locale served in place of a shipped one.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { appRunning, dist, launchBrowser, openPage, shoot, startServer } from './support.mjs';
import { axeViolations } from './a11y.mjs';

const VILLAGE = 'qingxi-village';
const OPEN_ITEM = 'cadre-preappoint-zhou';

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
after(async () => {
  await server?.stop();
  await browser?.close();
});

const pages = [
  ['home', ''],
  ['board', `org/${VILLAGE}`],
  ['item', `item/${OPEN_ITEM}`],
  ['feedback', `feedback?org=${VILLAGE}`],
  ['lookup', 'lookup'],
];

describe('languages', () => {
  test('English from the picker: loaded when chosen, kept on reload and in a shared link', async () => {
    const page = await openPage(browser, { width: 1280 });
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}org/${VILLAGE}`);
    await appRunning(page);
    assert.ok(!fetched.some((p) => p.includes('/locales/')), 'no other language in the first load');
    const picker = page.getByLabel('语言');
    const names = await picker.locator('option').evaluateAll((os) => os.map((o) => [o.textContent.trim(), o.lang]));
    assert.deepEqual(names.sort(), [['English', 'en'], ['简体中文', 'zh-Hans'], ['繁體中文', 'zh-Hant']].sort());
    await picker.selectOption('en');
    await page.getByLabel('Language').waitFor();
    assert.ok(fetched.includes('/locales/en.json'), fetched.join(' '));
    assert.equal(await page.locator('.gk').getAttribute('lang'), 'en');
    assert.equal(await page.locator('.gk').getAttribute('dir'), 'ltr');
    assert.match(page.url(), /[?&]lang=en$/);
    await page.getByRole('link', { name: /Check progress/ }).first().waitFor();

    // Navigating keeps it in the address; a reload keeps it.
    await page.goto(`${server.url}item/${OPEN_ITEM}?lang=en`);
    await page.getByRole('heading', { name: /publicity period/i }).first().waitFor();
    // The notice is in Chinese, and says so.
    assert.equal(await page.getByRole('heading', { level: 1 }).getAttribute('lang'), 'zh-Hans');
    await page.reload();
    await page.getByLabel('Language').waitFor();

    // A link shared with someone else opens in English. On a phone the
    // picker is behind one button, with the text steps.
    const other = await openPage(browser, { width: 360 });
    await other.goto(page.url());
    const more = other.getByRole('button', { name: 'Text size and language' });
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.equal(await other.getByLabel('Language').isVisible(), false, 'closed on a phone');
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    await other.getByLabel('Language').waitFor();
    assert.equal(await other.locator('.gk').getAttribute('lang'), 'en');
    await other.context().close();

    // The saved choice, without the link's ?lang=.
    await page.goto(`${server.url}org/${VILLAGE}`);
    await page.getByLabel('Language').waitFor();
    assert.match(page.url(), /lang=en/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  for (const [tag, label, width] of [['zh-Hant', '字體大小和語言', 360], ['en', 'Language', 1280]]) {
    test(`${tag}: every page, axe with no violations, screenshots`, async () => {
      const page = await openPage(browser, { width, height: 900 });
      for (const [name, path] of pages) {
        const sep = path.includes('?') ? '&' : '?';
        await page.goto(`${server.url}${path}${sep}lang=${tag}`);
        // At 1280 the picker; at 360 the button it is behind.
        await (width > 640 ? page.getByLabel(label) : page.getByRole('button', { name: label })).waitFor();
        await page.getByRole('heading', { level: 1 }).waitFor();
        if (name === 'home' || name === 'board') await appRunning(page);
        assert.equal(await page.locator('.gk').getAttribute('lang'), tag);
        assert.deepEqual(await axeViolations(page), [], `${tag} ${name}`);
        await shoot(page, `lang-${tag}-${name}-${width}`);
        // 长辈模式 in the language too.
        if (name === 'item') {
          await page.getByRole('switch').click();
          await shoot(page, `lang-${tag}-${name}-elder-${width}`);
          await page.getByRole('switch').click();
        }
      }
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }

  test('a language that cannot be had: the page stays as it was, and says so', async () => {
    const page = await openPage(browser, { width: 360, serviceWorkers: 'block' });
    await page.route('**/locales/zh-Hant.json', (route) => route.fulfill({ status: 200, body: '{"retry":"重試"}' }));
    await page.goto(server.url);
    await appRunning(page);
    await page.getByRole('button', { name: '字号和语言' }).click();
    await page.getByLabel('语言').selectOption('zh-Hant');
    await page.getByText('这种语言暂时加载不了').waitFor();
    assert.equal(await page.locator('.gk').getAttribute('lang'), 'zh-Hans');
    await page.context().close();
  });
});

describe('right to left', () => {
  test('a right-to-left pseudo-locale mirrors the layout', async () => {
    const page = await openPage(browser, { width: 1280, serviceWorkers: 'block' });
    // Test-only: English words, marked right-to-left, served as en.json.
    const en = JSON.parse(await readFile(join(dist, 'locales', 'en.json'), 'utf8'));
    const pseudo = Object.fromEntries(Object.entries(en).map(([k, v]) => [k, k === 'locale_dir' ? 'rtl' : `\u202B${v}\u202C`]));
    await page.route('**/locales/en.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(pseudo) }));
    for (const [name, path] of pages) {
      const sep = path.includes('?') ? '&' : '?';
      await page.goto(`${server.url}${path}${sep}lang=en`);
      await page.locator('.gk[dir=rtl]').waitFor();
      await page.getByRole('heading', { level: 1 }).waitFor();
      if (name === 'home' || name === 'board') await appRunning(page);
      if (name === 'board' || name === 'item') {
        // The breadcrumb runs from the right, its separator pointing left.
        const [first, second] = await page.locator('.gk-breadcrumb li').evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect().x));
        assert.ok(first > second, `first crumb on the right: ${first} > ${second}`);
        // "›" is a mirrored character: right to left, it is drawn "‹".
        const arrow = await page.locator('.gk-breadcrumb li + li').first().evaluate((li) => {
          const before = getComputedStyle(li, '::before');
          return [before.content, before.direction];
        });
        assert.match(arrow[0], /›/);
        assert.equal(arrow[1], 'rtl');
      }
      // The text steps keep their Latin order (A, A+, A++ from the right).
      assert.deepEqual(await page.getByRole('group').locator('button [dir=ltr]').allInnerTexts(), ['A', 'A+', 'A++']);
      // The title on the right, the tools on the left.
      const brand = await page.locator('.gk-brand').boundingBox();
      assert.ok(brand.x + brand.width > 1280 / 2, `the title starts on the right (${brand.x})`);
      await shoot(page, `rtl-${name}-1280`);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
