// An item printed for the physical 公开栏: a notice in 公示 (a 任前公示) and a
// regular one, printed by Chromium to PDF with the page's own @page size, as
// 打印 does. The PDFs and 60 dpi PNGs of their pages land in
// tests/e2e/screenshots/ (print-*.pdf, print-*-N.png) to be looked at. The
// QR codes are read back from a scan of the PDF with zbarimg (zbar-tools).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { launchBrowser, openPage, screenshotDir, startServer } from './support.mjs';

const run = promisify(execFile);
const COMMITTEE = '中共青溪镇委员会';
const BRANCH = '中共青溪镇青溪村支部委员会';
const SITE_TITLE = '青溪镇党务公开';
const CADRE = 'cadre-preappoint-li-chen';
const A4 = [595, 842];
const A3 = [842, 1191];

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

/** Text as compared here: without white space, nor the hyphens pdftotext drops at line ends. */
const flat = (text) => text.replace(/[\s-]+/g, '');

/**
 * Prints the page as 打印 would (print media, the CSS @page size) to
 * screenshots/<name>.pdf and <name>-N.png (unless `png` is false); returns
 * its pages (count, size of each in pt) and its text, `flat`, whole and by page.
 */
async function printToPdf(page, name, { png = true } = {}) {
  await page.emulateMedia({ media: 'print' });
  const pdf = join(screenshotDir, `${name}.pdf`);
  await writeFile(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  if (png) {
    for (const old of (await readdir(screenshotDir)).filter((f) => new RegExp(`^${name}-\\d+\\.png$`).test(f))) {
      await rm(join(screenshotDir, old));
    }
    await run('pdftoppm', ['-png', '-r', '60', pdf, join(screenshotDir, name)]);
  }
  const info = (await run('pdfinfo', ['-f', '1', '-l', '99', pdf])).stdout;
  const count = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)]
    .map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
  const text = async (...range) => flat((await run('pdftotext', [...range, pdf, '-'])).stdout);
  const pages = [];
  for (let i = 1; i <= count; i++) pages.push(await text('-f', String(i), '-l', String(i)));
  return { file: pdf, count, sizes, text: await text(), pages };
}

/** Computed font size in pt of the first element a locator finds, under the current media. */
async function fontPt(locator) {
  const px = await locator.first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  return px * 0.75;
}

/** The QR codes on a printed page, read back from a 150 dpi scan of it (zbarimg). */
async function scanQr(pdf, pageNo = 1) {
  const png = join(screenshotDir, `scan-${process.pid}`);
  await run('pdftoppm', ['-png', '-r', '150', '-f', String(pageNo), '-l', String(pageNo), '-singlefile', pdf, png]);
  try {
    return (await run('zbarimg', ['--quiet', '--raw', `${png}.png`])).stdout.trim().split('\n');
  } finally {
    await rm(`${png}.png`, { force: true });
  }
}

/** No page holds only the trailer: the 落款 (`org` and a date), 修订记录, contacts and code. */
function assertNoLoneTrailer(pdf, org) {
  const trailer = new RegExp(`^(${org}\\d{4}年\\d{1,2}月\\d{1,2}日|修订记录|公示期间如有异议|联系方式)`);
  pdf.pages.forEach((text, i) => {
    assert.ok(i === 0 || !trailer.test(text), `page ${i + 1} of ${pdf.count} holds only the trailer: ${text.slice(0, 50)}`);
  });
}

async function openItem(page, path) {
  await page.goto(`${server.url}${path}`);
  await page.getByRole('button', { name: '打印' }).waitFor();
}

describe('an item printed for the 公开栏', () => {
  test('a 任前公示 in its period: dates, 落款, a QR code to the objection form, no countdown, on one A4 page', async () => {
    const page = await openPage(browser);
    await openItem(page, `item/${CADRE}`);
    const title = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
    assert.equal(await page.getByLabel('纸张').inputValue(), 'A4', 'A4 unless chosen otherwise');
    const pdf = await printToPdf(page, 'print-cadre-a4');

    assert.deepEqual(pdf.sizes, Array(pdf.count).fill(A4), 'every page is A4');
    assert.equal(pdf.count, 1, `the notice fits one A4 page (${pdf.count})`);
    assert.ok(pdf.text.includes(flat(title)), 'the title is printed');
    assert.ok(pdf.text.startsWith(`${COMMITTEE}党务公开栏`), 'headed by the publishing organisation');
    assert.match(pdf.text, /公示期：\d{4}年\d{1,2}月\d{1,2}日至(\d{4}年)?(\d{1,2}月)?\d{1,2}日/);
    assert.doesNotMatch(pdf.text, /剩余\d+个工作日|含今天还有|个工作日，至|今天是公示|公示期还剩|公示中|一般公示不少于|少于规定/, 'no countdown, status or warning');
    for (const chrome of ['跳到主要内容', SITE_TITLE, '对公示内容有异议？', '对这条内容留言', `返回${COMMITTEE}公开栏`, '纸张', '语言', '监督员']) {
      assert.ok(!pdf.text.includes(chrome), `no interactive chrome: ${chrome}`);
    }
    assert.match(pdf.text, new RegExp(`${COMMITTEE}\\d{4}年\\d{1,2}月\\d{1,2}日`), 'the 落款: organisation over the date');
    assert.ok(pdf.text.includes('公示期间如有异议，请扫描二维码在线提出，或拨打公开热线057186120345。'), 'how to object');
    assert.ok(pdf.text.includes(flat('镇党建工作办公室（组织委员办公室）：电话 0571-86120301')), "the organisation's contacts");
    assert.equal(pdf.text.match(new RegExp(`${COMMITTEE}\\d{4}年`, 'g')).length, 1, 'one 落款: the body signs itself here');

    // Under print media: the sizes of a notice, and the QR code.
    assert.ok(await fontPt(page.getByRole('heading', { level: 1 })) >= 21.99, 'title ≥ 22 pt');
    assert.ok(await fontPt(page.getByRole('region', { name: '正文' }).locator('p')) >= 13.99, 'body ≥ 14 pt');
    const h1Align = await page.getByRole('heading', { level: 1 }).evaluate((el) => getComputedStyle(el).textAlign);
    assert.equal(h1Align, 'center');
    const qr = page.getByRole('img', { name: '二维码：扫码提出异议' });
    assert.ok(await qr.isVisible(), 'the QR code prints');
    assert.ok((await qr.locator('path').getAttribute('d')).length > 500);
    const url = (await page.getByText(/^网址：/).textContent()).replace('网址：', '');
    assert.equal(url, `${server.url}feedback?org=qingxi-committee&item=${CADRE}&kind=objection`);
    assert.ok(pdf.text.includes(flat(url)), 'the address is printed beside the code');
    assert.deepEqual(await scanQr(pdf.file), [url], 'the printed code scans to the objection form');
    const sign = page.getByRole('region', { name: '正文' }).locator('p').last();
    assert.equal(await sign.evaluate((el) => getComputedStyle(el).marginLeft !== '0px'), true, 'the 落款 sits right');

    // What the code opens: the objection form for this item.
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await qr.isVisible(), false, 'print-only on screen');
    await page.goto(url);
    assert.equal(await page.getByRole('radio', { name: '异议' }).isChecked(), true);
    assert.deepEqual(page.errors, []);
  });

  test('纸张 A3 prints A3 pages with larger type', async () => {
    const page = await openPage(browser);
    await openItem(page, `item/${CADRE}`);
    await page.getByLabel('纸张').selectOption('A3');
    const pdf = await printToPdf(page, 'print-cadre-a3');
    assert.deepEqual(pdf.sizes, Array(pdf.count).fill(A3), `every page is A3 (${JSON.stringify(pdf.sizes)})`);
    assert.equal(pdf.count, 1);
    assert.ok(await fontPt(page.getByRole('heading', { level: 1 })) >= 30, 'title grows with the sheet');
    assert.ok(await fontPt(page.getByRole('region', { name: '正文' }).locator('p')) >= 19, 'body grows with the sheet');
    await page.emulateMedia({ media: 'screen' });
    await page.getByLabel('纸张').selectOption('A4');
    const back = await printToPdf(page, 'print-cadre-a4-again');
    assert.deepEqual(back.sizes, Array(back.count).fill(A4), 'and back to A4');
  });

  test("a branch's regular item: headed by the branch, not the site; its QR code opens the item", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}org/qingxi-village?kind=regular`);
    await page.locator('main article h3 a').first().click();
    await page.getByRole('button', { name: '打印' }).waitFor();
    const itemUrl = page.url();
    const pdf = await printToPdf(page, 'print-regular-a4');

    assert.deepEqual(pdf.sizes, Array(pdf.count).fill(A4));
    assert.ok(pdf.text.startsWith(`${BRANCH}党务公开栏`), `headed by the branch: ${pdf.text.slice(0, 40)}`);
    assert.ok(!pdf.text.includes(SITE_TITLE), 'not by the site title');
    assert.doesNotMatch(pdf.text, /公示期：|公示期间如有异议/, 'no 公示 on a regular item');
    assert.match(pdf.text, new RegExp(`${BRANCH}\\d{4}年\\d{1,2}月\\d{1,2}日`), 'the 落款');
    assert.ok(pdf.text.includes(flat('王建国（支部书记）：电话 0571-86121101')), "the branch's contacts");
    assert.ok(pdf.text.includes(flat('公开热线：0571-86120345')));
    assert.ok(await page.locator('.gk-print-sign').isVisible(), 'the notice adds its 落款');
    const qr = page.getByRole('img', { name: '二维码：扫码查看网上原文' });
    assert.ok(await qr.isVisible());
    assert.equal(await page.getByText(/^网址：/).textContent(), `网址：${itemUrl}`);
    assert.deepEqual(await scanQr(pdf.file), [itemUrl], 'the printed code scans to the item');
    assertNoLoneTrailer(pdf, BRANCH);
    assert.deepEqual(page.errors, []);
  });

  test('whatever the length of the text, no page holds only the trailer', async () => {
    const page = await openPage(browser);
    let paragraphs = 0;
    await page.route('**/api/v1/items/long-notice.json', (route) => route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        id: 'long-notice', org: 'qingxi-village', category: 'decisions', title: '关于村级议事规则的说明',
        kind: { type: 'ad_hoc' }, published_at: '2026-11-02T09:00:00+08:00',
        body_html: Array.from({ length: paragraphs }, (_, i) =>
          `<p>第${i + 1}条 村党支部领导村民委员会依法开展工作，重大事项经党员大会和村民代表会议讨论决定，结果及时公开。</p>`).join(''),
        revisions: [{ at: '2026-11-03T10:00:00+08:00', note: '更正第三条的文字' }],
      }),
    }));
    const counts = [];
    for (paragraphs = 6; paragraphs <= 40; paragraphs += 2) {
      await page.emulateMedia({ media: 'screen' });
      await openItem(page, 'item/long-notice');
      const shown = paragraphs === 34;
      const pdf = await printToPdf(page, shown ? 'print-long-34' : 'print-long', { png: shown });
      if (process.env.GONGKAI_DEBUG_PRINT) console.log(paragraphs, pdf.pages.map((p) => p.slice(0, 30) + '…' + p.slice(-30)));
      assertNoLoneTrailer(pdf, BRANCH);
      counts.push(pdf.count);
    }
    assert.ok([1, 2, 3].every((n) => counts.includes(n)), `the lengths cross two page breaks: ${counts}`);
    assert.deepEqual(page.errors, []);
  });
});
