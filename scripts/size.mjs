// The first load of each surface of a build, gzip -9 bytes, against the
// committed baseline (scripts/size-baseline.json): exits 1 when a surface
// has grown more than 2 % over it. scripts/size.sh runs it after a build;
// CI runs it through scripts/test.sh.
//
//   node scripts/size.mjs [dist] [--server BIN] [--write-baseline]
//
// Surfaces:
// - board-first-screen (with --server BIN, the reference server): what a
//   phone loads before it shows a board and the board works (links, the
//   filter form, the pager), where the server writes the page's first
//   screen into its HTML: the larger of the pages `/` and a board's, as the
//   server sends them for the demo, its stylesheet and config.json (the
//   page's one preload). The app's files come after (scripts/post-build.mjs,
//   startWhenNeeded), in the surface below.
// - phone: what the phone site's board routes (/ and /org/…) load where
//   there is no first screen (a static host): index.html, and the
//   stylesheet, scripts and wasm it names (the split loader included);
// - feedback: the phone's, and the chunks the feedback page loads when it
//   is first shown (the split loader's list for it);
// - kiosk: /kiosk/'s own index.html and what it names;
// - embed: what a portal's page loads for its first <gongkai-board>:
//   gongkai-embed.js and the files it names (the bindings, the split
//   loader they import, the wasm, the stylesheet); not the portal's page.
//   A second element on the page loads nothing more.
// The service worker (fetched after start-up) and the demo data are in no
// surface. --write-baseline records this build's figures: do it only in a
// commit that says why the first load grew.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const write = args.includes('--write-baseline');
const serverAt = args.indexOf('--server');
const server = serverAt >= 0 ? args[serverAt + 1] : undefined;
const dist = args.find((a, i) => !a.startsWith('--') && i !== serverAt + 1) ?? join(root, 'dist');
const BOARD = 'org/qingxi-committee';
const baselineFile = join(root, 'scripts', 'size-baseline.json');
const TOLERANCE = 0.02;

const gz = async (path) => {
  const bytes = await readFile(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};

/** A shell's index.html (in `folder` of the build) and the files it
 * names (href/src and the loader's wasm), relative to the build: the
 * kiosk's page names its files from the app's base (./kiosk/…). */
async function page(folder = '') {
  const index = join(folder, 'index.html');
  const html = await readFile(join(dist, index), 'utf8');
  const named = new Set();
  const names = (text) => [...text.matchAll(/["']\.\/([^"']+\.(?:css|js|wasm))["']/g)].map(([, file]) => file);
  for (const file of names(html)) {
    // The guard of the pages written ahead (<meta name="gongkai-first-guard">)
    // runs only in those pages, never with the app.
    if (/(^|\/)gongkai-guard-[0-9a-f]{16}\.js$/.test(file)) continue;
    named.add(file);
    // A page's loader (post-build: no inline script) names the app's files
    // relative to its own folder.
    if (/(^|\/)gongkai-boot-[0-9a-f]{16}\.js$/.test(file)) {
      const at = file.slice(0, file.lastIndexOf('/') + 1);
      for (const inner of names(await readFile(join(dist, file), 'utf8'))) named.add(at + inner);
    }
  }
  return [index, ...named];
}

/** The chunks a split point loads, from the split loader's list for it. */
async function chunksOf(folder, files, point) {
  const loader = files.find((f) => /(^|\/)gongkai-split-[0-9a-f]{16}\.js$/.test(f));
  if (!loader) return [];
  const js = await readFile(join(folder, loader), 'utf8');
  const file = (chunk) => new RegExp(`const ${chunk} = makeLoad\\(\\(\\) => \\{\\s*const src = fetch\\(new URL\\("\\./([^"]+)"`).exec(js)?.[1];
  const load = new RegExp(`export const __wasm_split_load_${point} = wrapAsyncCb\\(makeLoad\\(\\(\\) => \\{\\s*const src = fetch\\(new URL\\("\\./([^"]+)"[\\s\\S]*?, \\[([^\\]]*)\\]\\)\\);`).exec(js);
  if (!load) throw new Error(`${loader}: no loader for the split point ${point}`);
  const deps = load[2].split(',').map((d) => d.trim()).filter(Boolean).map(file);
  if (deps.some((d) => !d)) throw new Error(`${loader}: a chunk of ${point} without its file`);
  return [load[1], ...deps];
}

async function measure(folder, files) {
  const rows = [];
  for (const file of files) rows.push({ file, ...(await gz(join(folder, file))) });
  return rows;
}

/**
 * The pages `/` and a board's as the reference server `bin` sends them with
 * the demo and this build: name → gzip -9 bytes.
 */
async function served(bin) {
  const folder = await mkdtemp(join(tmpdir(), 'gongkai-size-'));
  const child = spawn(bin, ['--db', join(folder, 'size.db'), 'serve', '--listen', '127.0.0.1:0', '--spa', dist, '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise((ready, fail) => {
      child.once('error', fail);
      child.once('exit', (code) => fail(new Error(`${bin} exited with ${code}`)));
      child.stdout.once('data', (line) => ready(String(line).match(/http:\/\/\S+/)[0]));
    });
    const pages = {};
    for (const path of ['', BOARD]) {
      const response = await fetch(new URL(path, url));
      const html = await response.text();
      if (!response.ok || !html.includes('id="gk-first"')) throw new Error(`${url}${path}: no first screen (${response.status})`);
      pages[`/${path}`] = { raw: Buffer.byteLength(html), gzip: gzipSync(html, { level: 9 }).length };
    }
    return pages;
  } finally {
    child.kill('SIGTERM');
    await rm(folder, { recursive: true, force: true });
  }
}

const phoneFiles = await page();
const surfaces = {};
if (server) {
  const pages = await served(server);
  const [path, largest] = Object.entries(pages).sort(([, a], [, b]) => b.gzip - a.gzip)[0];
  const css = phoneFiles.filter((f) => f.endsWith('.css'));
  surfaces['board-first-screen'] = [
    { file: `${path} (as served, first screen)`, ...largest },
    ...(await measure(dist, [...css, 'config.json'])),
  ];
}
Object.assign(surfaces, {
  phone: await measure(dist, phoneFiles),
  feedback: await measure(dist, [...phoneFiles, ...(await chunksOf(dist, phoneFiles, 'feedback'))]),
});
try {
  const embed = await readFile(join(dist, 'gongkai-embed.js'), 'utf8');
  const files = JSON.parse(/const FILES = (\{[^}]*\});/.exec(embed)[1]);
  const loader = phoneFiles.filter((f) => /^gongkai-split-[0-9a-f]{16}\.js$/.test(f));
  surfaces.embed = await measure(dist, ['gongkai-embed.js', files.bindings, ...loader, files.wasm, files.css]);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
  // A build without the phone's split (no gongkai-embed.js).
}
try {
  surfaces.kiosk = await measure(dist, await page('kiosk'));
} catch {
  // A build without the kiosk (trunk build of index.html alone).
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
const figures = {};
for (const [name, rows] of Object.entries(surfaces)) {
  figures[name] = rows.reduce((sum, r) => sum + r.gzip, 0);
  console.log(`\n${name}: ${kb(figures[name])} KB gzip (${kb(rows.reduce((s, r) => s + r.raw, 0))} KB raw), ${rows.length} files`);
  for (const r of rows) console.log(`  ${r.file.padEnd(52)} ${String(r.raw).padStart(9)} ${String(r.gzip).padStart(9)}`);
}

if (write) {
  await writeFile(baselineFile, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`\nbaseline written: ${baselineFile}`);
  process.exit(0);
}
const baseline = JSON.parse(await readFile(baselineFile, 'utf8'));
let failed = false;
console.log('');
for (const [name, bytes] of Object.entries(figures)) {
  const base = baseline[name];
  if (base === undefined) {
    console.log(`${name}: no baseline (scripts/size.mjs --write-baseline)`);
    failed = true;
    continue;
  }
  const growth = bytes / base - 1;
  const over = growth > TOLERANCE;
  failed ||= over;
  console.log(`${name}: ${kb(bytes)} KB gzip, baseline ${kb(base)} KB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(2)} %)${over ? ` — more than ${TOLERANCE * 100} % over the baseline` : ''}`);
}
const first = figures['board-first-screen'];
console.log(
  `budget 150 KB gzip: the phone's board routes ${first === undefined ? '(no --server: not measured) with the first screen' : `${kb(first)} KB with the first screen`}, ${kb(figures.phone)} KB without it (the app, loaded after the first screen where there is one)`,
);
process.exit(failed ? 1 : 0);
