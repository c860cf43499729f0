// Shared set-up for the end-to-end tests: a local static server over the
// release build in dist/, and Debian's Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = join(root, 'tests', 'e2e', 'screenshots');
/** The build under test: dist/, or GONGKAI_DIST to test another copy. */
const dist = process.env.GONGKAI_DIST ?? join(root, 'dist');

/** Starts the static server on a free loopback port (port 0) and returns its URL. */
export async function startServer({ base = '/', dir = dist } = {}) {
  const server = spawn(
    process.execPath,
    [join(root, 'scripts', 'static-server.mjs'), '--dir', dir, '--port', '0', '--base', base],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((ready, fail) => {
    server.once('error', fail);
    server.once('exit', (code) => fail(new Error(`static server exited with ${code}`)));
    server.stdout.once('data', (line) => ready(String(line).match(/http:\/\/\S+/)[0]));
  });
  return { url, stop: () => server.kill('SIGTERM') };
}

/** A copy of dist/ as a portal would deploy it under a sub-path: only <base href> changes. */
export async function deployUnder(base) {
  const dir = join(tmpdir(), `gongkai-e2e-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await cp(dist, dir, { recursive: true });
  const index = join(dir, 'index.html');
  const html = await readFile(index, 'utf8');
  const rebased = html.replace(/<base href="[^"]*"/, `<base href="${base}"`);
  if (rebased === html) throw new Error('index.html has no <base href> to set');
  await writeFile(index, rebased);
  return dir;
}

export async function launchBrowser() {
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A page that fails the test on any uncaught script error or dialog (alert). */
export async function openPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('dialog', async (dialog) => {
    page.errors.push(`unexpected dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return page;
}

export async function shoot(page, name) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
