// How much of a phone's first screen the header takes, with and without
// 长辈模式 (issue 14: "the phone home page's first screen is almost all
// header"). The home page of the demo, served by the reference server on a
// fresh database, after the app has taken the first screen's place.
//
//   node scripts/measure-header.mjs [--app dist]
//
// GONGKAI_SERVER names another binary than target/debug/gongkai-server. To
// compare with an earlier commit, build it into another folder (e.g. a git
// worktree's `trunk build --release --dist /tmp/before`) and pass --app.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { app: { type: 'string', default: join(root, 'dist') } } });
const binary = process.env.GONGKAI_SERVER ?? join(root, 'target', 'debug', 'gongkai-server');
const db = join(await mkdtemp(join(tmpdir(), 'gongkai-header-')), 'gongkai.db');
const server = spawn(binary, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--spa', resolve(values.app), '--quiet'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((ready, fail) => {
  server.once('exit', (code) => fail(new Error(`gongkai-server exited with ${code}`)));
  server.stdout.once('data', (line) => ready(String(line).match(/http:\/\/\S+/)[0]));
});

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  console.log('| screen | mode | header ends at | share of the screen | the page’s heading at |');
  console.log('|---|---|---|---|---|');
  for (const [width, height] of [[360, 740], [320, 640]]) {
    for (const elder of [false, true]) {
      const context = await browser.newContext({ viewport: { width, height }, serviceWorkers: 'block' });
      const page = await context.newPage();
      if (elder) await page.addInitScript(() => localStorage.setItem('gongkai:reading:v1', 'elder=1;text=1'));
      await page.goto(url);
      await page.locator('#gk-first').waitFor({ state: 'detached' });
      await page.getByRole('switch').waitFor();
      const { bottom, heading } = await page.evaluate(() => ({
        bottom: Math.round(document.querySelector('.gk-header').getBoundingClientRect().bottom),
        heading: Math.round(document.querySelector('h1').getBoundingClientRect().top),
      }));
      console.log(`| ${width}×${height} | ${elder ? '长辈模式' : 'plain'} | ${bottom}px | ${Math.round((100 * bottom) / height)} % | ${heading}px |`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
