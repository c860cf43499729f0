// Writes the service worker (public/sw.js) into a build, with the list of
// files it caches for offline use and the SHA-256 of each. Trunk runs it
// after every build (Trunk.toml, post_build: the folder is
// TRUNK_STAGING_DIR); by hand: node scripts/sw-precache.mjs [dir] (default
// dist). The same build always gives the same sw.js, byte for byte, so a
// browser installs a new worker exactly when the build changed.
//
// Cached: index.html, and with its SHA-256 every other file of the build but
// the data, another shell's folder (kiosk/, which has its own worker) and
// what the worker handles otherwise — not config.json (network
// first), not sw.js, not the static
// demo backend (demo/) nor a folder that config.json's api_base names, not
// precompressed copies (.gz, .br) or source maps.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? join(root, 'dist');

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Folders (relative, ending in /) that hold data, not the app. */
async function dataFolders() {
  const folders = new Set(['demo/']);
  try {
    const { api_base: apiBase } = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    const url = new URL(String(apiBase ?? ''), 'https://app.invalid/');
    if (url.origin === 'https://app.invalid') {
      folders.add(url.pathname.slice(1).replace(/\/?$/, '/'));
    }
  } catch {
    // No config.json or no api_base: only the demo is data.
  }
  return [...folders].filter((folder) => folder !== '/');
}

function cached(file, skip) {
  if (['index.html', 'sw.js', 'config.json'].includes(file)) return false;
  if (/\.(gz|br|map)$/.test(file) || file.split('/').some((part) => part.startsWith('.'))) return false;
  return !skip.some((folder) => file.startsWith(folder));
}

const skip = await dataFolders();
const files = {};
const entries = await readdir(dir, { recursive: true, withFileTypes: true });
const all = entries
  .filter((entry) => entry.isFile())
  .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'));
// A folder with an index.html of its own is another shell with its own
// worker (the kiosk in kiosk/): none of its files are this one's.
const shells = all
  .filter((file) => file.endsWith('/index.html'))
  .map((file) => file.slice(0, -'index.html'.length));
const names = all
  .filter((file) => cached(file, [...skip, ...shells]))
  .sort();
const html = await readFile(join(dir, 'index.html'), 'utf8').catch(() => {
  throw new Error(`${dir} has no index.html: not a build`);
});
for (const file of names) files[file] = sha256(await readFile(join(dir, file)));
// The files index.html names: the worker checks that the index.html it
// caches is this build's by them, so that a portal may still edit its
// <base href> (README, "Sub-path") without rebuilding.
const index = names.filter((file) => html.includes(file));
// A shell in a folder of its own (the kiosk) names the app's folder, where
// config.json is, relative to its own.
const appRoot = /<meta\s+name="gongkai-app-root"\s+content="([^"]*)"/.exec(html)?.[1] ?? './';
const version = sha256(JSON.stringify({ html, files, root: appRoot })).slice(0, 16);

const template = await readFile(join(root, 'public', 'sw.js'), 'utf8');
const marker = /^const BUILD = \{ version: '', index: \[\], files: \{\} \};.*$/m;
if (!marker.test(template)) throw new Error('public/sw.js: no `const BUILD = …` line to fill in');
const worker = template
  .replace(marker, `const BUILD = ${JSON.stringify({ version, index, files, root: appRoot })};`)
  .split('\n')
  // Comment lines: for readers of public/sw.js, not for every phone.
  .filter((line) => !/^\s*(\/\/|\/\*\*|\*\/|\* |\*$)/.test(line))
  .join('\n')
  .replace(/\n{3,}/g, '\n\n')
  .trimStart();
await writeFile(join(dir, 'sw.js'), worker);
console.log(`sw-precache: ${dir}/sw.js, build ${version}, index.html and ${names.length} files`);
