// The kiosk's watchdog and heartbeat (issue 10, part 5) against the reference
// server: beats are stored and listed for staff, and an unhandled error shows
// the restart notice, reloads the kiosk after the back-off delay, and its
// reason reaches staff with the next beat.
//
// These pages expect script errors, so they are set up here rather than with
// openPage (which fails a test on any).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, serverCli, shoot, staffToken, startServer } from './support.mjs';

const BEAT_SECONDS = 2;
const DEVICE_KEY = 'gongkai:kiosk:device';
const LAST_ERROR_KEY = 'gongkai:kiosk:last_error';
const RESTARTS_KEY = 'gongkai:kiosk:restarts';

let browser;
let server;
before(async () => {
  server = await startServer({
    // Beats every 2 s, and room for them under the per-address limit.
    args: ['--kiosk-heartbeat-seconds', String(BEAT_SECONDS), '--kiosk-heartbeat-limit', '1000'],
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A kiosk page at 1920×1080 that records its script errors and loads. */
async function openKiosk() {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', hasTouch: true });
  const page = await context.newPage();
  page.errors = [];
  page.loads = 0;
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('load', () => { page.loads += 1; });
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      page.errors.push(`CSP: ${message.text()}`);
    }
  });
  return page;
}

/** Resolves with the body of the next heartbeat the page posts, once stored (204). */
function nextBeat(page, timeout = 15_000) {
  return page
    .waitForResponse(
      (r) => r.url().endsWith('/v1/kiosk/heartbeat') && r.request().method() === 'POST',
      { timeout },
    )
    .then((response) => {
      assert.equal(response.status(), 204, 'the beat is stored');
      return JSON.parse(response.request().postData());
    });
}

async function staffKiosks() {
  const response = await fetch(`${server.url}api/v1/staff/kiosks`, {
    headers: { Authorization: `Bearer ${staffToken}` },
  });
  assert.equal(response.status, 200);
  return (await response.json()).kiosks;
}

function kioskLine(listing, device) {
  return listing.split('\n').find((line) => line.startsWith(`${device}\t`));
}

test('the kiosk beats from the start, and staff see it by name, online, with its build', async () => {
  const page = await openKiosk();
  const first = nextBeat(page);
  await page.goto(`${server.url}kiosk/`);
  const beat = await first;

  // No kiosk.device in this server's config.json: a made-up name, kept.
  const device = await page.evaluate((key) => localStorage.getItem(key), DEVICE_KEY);
  assert.match(device, /^触摸屏-[0-9a-f]{6}$/);
  assert.equal(beat.device, device);
  assert.match(beat.version, /^\d+\.\d+\.\d+\+[0-9a-f]{8,}$/, 'the version names the build');
  assert.equal(beat.last_error ?? null, null, 'no error yet');
  assert.ok(beat.uptime_seconds < 30);

  // The next beat, an interval later, with the data's age.
  const second = await nextBeat(page);
  assert.equal(second.device, device);
  assert.equal(typeof second.data_age_seconds, 'number');
  assert.ok(second.uptime_seconds >= beat.uptime_seconds);

  const line = kioskLine(await serverCli(server.db, 'kiosks'), device);
  assert.ok(line, 'gongkai-server kiosks lists the device');
  assert.match(line, /\t在线\t/);
  assert.ok(line.includes(`版本 ${beat.version}`), line);

  const listed = (await staffKiosks()).find((k) => k.device === device);
  assert.ok(listed, 'GET v1/staff/kiosks lists it');
  assert.equal(listed.offline, false);
  assert.equal(listed.interval_seconds, BEAT_SECONDS);
  assert.equal(listed.version, beat.version);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an unhandled error shows the notice, reloads the kiosk after 5 s, and the next beat carries it', async () => {
  const page = await openKiosk();
  const first = nextBeat(page);
  await page.goto(`${server.url}kiosk/`);
  const { device } = await first;
  assert.equal(page.loads, 1);

  const reloaded = page.waitForEvent('load', { timeout: 15_000 });
  const thrownAt = Date.now();
  await page.evaluate(() => setTimeout(() => { throw new Error('boom: 看门狗测试'); }));

  const notice = page.getByRole('alert');
  await notice.waitFor();
  assert.equal(await notice.textContent(), '出现故障，5 秒后自动重新启动……');
  await shoot(page, 'kiosk-watchdog-restarting');
  assert.equal(await page.locator('#gongkai').count(), 0, 'the notice stands in for the app');

  const beatAfter = nextBeat(page, 20_000);
  await reloaded;
  const waited = Date.now() - thrownAt;
  assert.ok(waited >= 4_500 && waited < 12_000, `reloaded after ${waited} ms`);
  assert.equal(page.loads, 2);
  assert.ok(page.errors.some((e) => e.includes('boom')), 'the error did happen');

  const stored = await page.evaluate(
    (keys) => keys.map((k) => localStorage.getItem(k)),
    [LAST_ERROR_KEY, RESTARTS_KEY],
  );
  assert.match(stored[0], /^\d+\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d .*boom: 看门狗测试/);
  assert.match(stored[1], /^1,\d+$/, 'the first restart of a streak');

  // The app runs again, and its next beat reports what happened.
  await page.locator('#gongkai').waitFor({ state: 'attached' });
  const beat = await beatAfter;
  assert.equal(beat.device, device);
  assert.match(beat.last_error, /boom: 看门狗测试/);
  assert.ok(beat.last_error.length <= 500);

  const line = kioskLine(await serverCli(server.db, 'kiosks'), device);
  assert.ok(line, 'listed');
  assert.match(line, /错误：.*boom: 看门狗测试/);
  const listed = (await staffKiosks()).find((k) => k.device === device);
  assert.match(listed.last_error, /boom: 看门狗测试/);
  await page.context().close();
});

test('errors in a row back off: the fourth restart within a minute waits 30 s', async () => {
  const page = await openKiosk();
  await page.goto(`${server.url}kiosk/`);
  await page.locator('.gk-kiosk').first().waitFor();
  // Chromium's harmless ResizeObserver report restarts nothing.
  await page.evaluate(() => dispatchEvent(new ErrorEvent('error', {
    message: 'ResizeObserver loop completed with undelivered notifications.',
  })));
  assert.equal(await page.locator('.gk-kiosk-restarting').count(), 0);
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), LAST_ERROR_KEY), null);
  // Three restarts in a row, the last just now.
  await page.evaluate((key) => localStorage.setItem(key, `3,${Date.now()}`), RESTARTS_KEY);

  await page.evaluate(() => { Promise.reject(new Error('later')); });
  const notice = page.getByRole('alert');
  await notice.waitFor();
  assert.equal(await notice.textContent(), '出现故障，30 秒后自动重新启动……');
  const stored = await page.evaluate(
    (keys) => keys.map((k) => localStorage.getItem(k)),
    [LAST_ERROR_KEY, RESTARTS_KEY],
  );
  assert.match(stored[0], /unhandled rejection: Error: later/);
  const [count, reloadAt] = stored[1].split(',').map(Number);
  assert.equal(count, 4);
  assert.ok(reloadAt - Date.now() > 25_000, 'the reload is half a minute away');

  // A second error while waiting changes nothing, and the JS fallback
  // listener (set up at start with a 5 s delay) stays out of it.
  await page.evaluate(() => setTimeout(() => { throw new Error('again'); }));
  await page.waitForTimeout(6_500);
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), RESTARTS_KEY), stored[1]);
  assert.equal(page.loads, 1, 'no reload yet (nor after the ResizeObserver report)');
  await page.context().close();
});
