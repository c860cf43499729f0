// What a build needs after Trunk has written it (Trunk.toml's post_build
// hook: the folder is TRUNK_STAGING_DIR; by hand: node
// scripts/post-build.mjs DIR [profile]). In order:
//
// 1. Split: a build whose bindings name wasm_split's placeholder module
//    (the `split` feature: index.html's phone build) is cut into a main
//    module and a chunk per lazy page (src/shells/lazy.rs) from cargo's own
//    output (linked with --emit-relocs, .cargo/config.toml): wasm-split-cli,
//    then wasm-bindgen on the main module (--keep-lld-exports), then
//    wasm-opt -Oz with index.html's params on each part. Every part is named
//    with one hash of the split's contents (name-HASH.ext), so each name
//    stays immutable.
// 2. One stylesheet: the build's stylesheets, in order, in one file (a
//    release's minified by lightningcss).
// 2b. No inline script: each inline <script> of the page goes into a file
//    of its own, named by its hash, and the phone page names the guard of
//    the first screens written ahead (scripts/boot/first-screen-guard.js),
//    so that the site runs under `script-src 'self' 'wasm-unsafe-eval'`.
// 2c. Embedding: gongkai-embed.js and embed/index.html (the phone build).
// 2d. Languages other than the default, as data the app loads when one is
//    chosen (src/i18n/loaded.rs): locales/<tag>.json beside the phone
//    build; the kiosk's build keeps its own copies, with its own
//    sentences as kiosk-<tag>.json, in kiosk/locales/, which its worker
//    caches. build.rs has checked each against the default.
// 3. The service worker's file list (scripts/sw-precache.mjs).
// 4. Precompressed copies (.br, .gz) of the hashed files, for the
//    reference server and static hosts (README, "Static hosting").
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? join(root, 'dist');
const profile = process.argv[3] ?? process.env.TRUNK_PROFILE ?? 'release';

const sha = (algorithm, bytes) => createHash(algorithm).update(bytes).digest();
const integrity = (bytes) => `sha384-${sha('sha384', bytes).toString('base64')}`;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

let html = await readFile(join(dir, 'index.html'), 'utf8');

/** Sets a link's integrity to its file's, after the file has changed. */
async function reintegrate(file) {
  const bytes = await readFile(join(dir, file));
  const link = new RegExp(`(href="\\./${escape(file)}"[^>]*?integrity=")[^"]*(")`, 'g');
  html = html.replace(link, `$1${integrity(bytes)}$2`);
}

// 1. Split.
let phoneStem = null;
const glue = (await readdir(dir)).find((f) => /^gongkai-[0-9a-f]+\.js$/.test(f));
if (glue && (await readFile(join(dir, glue), 'utf8')).includes('__wasm_split_placeholder__')) {
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const raw = join(targetDir, 'wasm32-unknown-unknown', profile, 'gongkai.wasm');
  const work = await mkdtemp(join(tmpdir(), 'gongkai-split-'));
  try {
    run('wasm-split-cli', [raw, work, '--out-name', 'gongkai']);
    run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', join(work, 'bg'),
      '--out-name', 'gongkai', join(work, 'gongkai.wasm')]);
    const chunks = (await readdir(work)).filter((f) => f.endsWith('.wasm') && f !== 'gongkai.wasm').sort();
    const parts = [[join(work, 'bg', 'gongkai_bg.wasm'), 'gongkai_bg.wasm'], ...chunks.map((c) => [join(work, c), c])];
    if (profile === 'release') {
      const source = await readFile(process.env.TRUNK_HTML_FILE ?? join(root, 'index.html'), 'utf8');
      const params = (/data-wasm-opt-params="([^"]*)"/.exec(source)?.[1] ?? '').split(/\s+/).filter(Boolean);
      // GONGKAI_WASM_NAMES=1 (with CARGO_PROFILE_RELEASE_STRIP=false): the
      // functions keep their names, for a profiler; never for a release.
      if (process.env.GONGKAI_WASM_NAMES === '1') params.push('-g');
      for (const [path] of parts) run('wasm-opt', ['-Oz', ...params, path, '-o', path]);
    }
    // One hash for the whole split, since the main module's bindings and the
    // split loader name each other.
    const hash = createHash('sha256');
    const contents = {};
    for (const [path, name] of parts) hash.update(name).update((contents[name] = await readFile(path)));
    let bindings = await readFile(join(work, 'bg', 'gongkai.js'), 'utf8');
    let loader = await readFile(join(work, '__wasm_split.js'), 'utf8');
    hash.update(bindings).update(loader);
    const digest = hash.digest('hex').slice(0, 16);
    const stem = `gongkai-${digest}`;
    const split = `gongkai-split-${digest}.js`;
    const chunkName = (c) => `${c.slice(0, -'.wasm'.length)}-${digest}.wasm`;
    if (!bindings.includes("'./__wasm_split.js'") && !bindings.includes('"./__wasm_split.js"')) {
      throw new Error('split: the bindings do not import ./__wasm_split.js');
    }
    // The module's imports keep the loader's name ("./__wasm_split.js" in
    // the import object); only where the bindings fetch it changes.
    bindings = bindings
      .replace(/from (["'])\.\/__wasm_split\.js\1/g, `from "./${split}"`)
      .replaceAll("'gongkai_bg.wasm'", `'${stem}_bg.wasm'`);
    loader = loader.replace('"./gongkai.js"', `"./${stem}.js"`);
    for (const c of chunks) loader = loader.replaceAll(`"./${c}"`, `"./${chunkName(c)}"`);
    await writeFile(join(dir, `${stem}.js`), bindings);
    await writeFile(join(dir, split), loader);
    await writeFile(join(dir, `${stem}_bg.wasm`), contents['gongkai_bg.wasm']);
    for (const c of chunks) await writeFile(join(dir, chunkName(c)), contents[c]);
    const old = glue.slice(0, -'.js'.length);
    await rm(join(dir, `${old}.js`));
    await rm(join(dir, `${old}_bg.wasm`));
    html = html.replaceAll(old, stem);
    // The loader is imported by the bindings: fetch it beside them.
    html = html.replace(/(<link rel="modulepreload" href="\.\/[^"]+\.js"[^>]*>)/,
      `$1<link rel="modulepreload" href="./${split}" crossorigin="anonymous" integrity="">`);
    for (const file of [`${stem}.js`, `${stem}_bg.wasm`, split]) await reintegrate(file);
    html = startWhenNeeded(html, stem);
    phoneStem = stem;
    const sizes = parts.map(([, name]) => `${name} ${contents[name].length}`).join(', ');
    console.log(`post-build: split into ${stem}: ${sizes}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// 1b. A build that is not split (the kiosk's) still carries the linker's
// relocations (--emit-relocs is set for every wasm32 build): its
// `linking` and `reloc.*` sections go, the code stays as it is.
for (const file of (await readdir(dir)).filter((f) => f.endsWith('_bg.wasm'))) {
  const bytes = await readFile(join(dir, file));
  const stripped = withoutSections(bytes, (name) => name === 'linking' || name.startsWith('reloc.'));
  if (stripped.length === bytes.length) continue;
  await writeFile(join(dir, file), stripped);
  await reintegrate(file);
  console.log(`post-build: ${file}: the linker's relocations removed, ${bytes.length} → ${stripped.length} bytes`);
}

/**
 * The phone page's start (step 1 of the list above, for a split build).
 * Where the server has written the page's first screen into it
 * (`#gk-first`, docs/server.md), the page shows the board and its links and
 * forms work without the app: the app's files are then fetched once the page
 * has loaded and the browser is idle, or at the first touch, key or focus,
 * whichever comes first, so that they never compete with the page for the
 * phone's network and processor. On a page without a first screen (a static
 * host, any other route) they are fetched at once, as before. Trunk's
 * loader and the preload links it put in <head> (with their integrity) are
 * replaced by one inline script that does either. The reader's 长辈模式 and
 * text step kept on the device are put on the first screen at once.
 */
function startWhenNeeded(page, stem) {
  const loader = new RegExp(
    `<script type="module">\\s*import init, \\* as bindings from '\\./${escape(stem)}\\.js';[\\s\\S]*?</script>`,
  );
  if (!loader.test(page)) throw new Error(`post-build: Trunk's loader for ${stem} is not in index.html`);
  const files = [];
  const links = /<link rel="(modulepreload|preload)" href="(\.\/[^"]+)" crossorigin="anonymous" integrity="([^"]+)"[^>]*>/g;
  page = page.replace(links, (tag, rel, href, integrity) => {
    if (!href.startsWith('./gongkai-')) return tag;
    files.push([rel, href, integrity]);
    return '';
  });
  if (files.length !== 3 || !files.some(([rel]) => rel === 'preload')) {
    throw new Error(`post-build: expected the bindings, the split loader and the wasm among the preloads, found ${JSON.stringify(files)}`);
  }
  const script = `<script type="module">
const files = ${JSON.stringify(files)};
const start = async () => {
  for (const [rel, href, integrity] of files) {
    const link = Object.assign(document.createElement('link'), { rel, href, integrity, crossOrigin: 'anonymous' });
    if (rel === 'preload') Object.assign(link, { as: 'fetch', type: 'application/wasm' });
    document.head.append(link);
  }
  const bindings = await import('./${stem}.js');
  const wasm = await bindings.default({ module_or_path: './${stem}_bg.wasm' });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
};
const first = document.getElementById('gk-first');
if (first) {
  // The reader's 长辈模式 and text step, as kept on this device
  // (gongkai:reading:v1, domain::reading), on the first screen too: it is
  // the page until the app comes, and then nothing changes size.
  try {
    for (const part of (localStorage.getItem('gongkai:reading:v1') || '').split(';')) {
      const [key, value] = part.split('=').map((s) => s.trim());
      if (key === 'elder' && value === '1') first.setAttribute('data-gk-elder', '');
      if (key === 'text' && (value === '2' || value === '3')) first.setAttribute('data-gk-text', value);
    }
  } catch {
    // No storage (a private window's policy): the first screen as it is.
  }
  let started = false;
  const once = () => {
    if (!started) {
      started = true;
      start();
    }
  };
  for (const type of ['pointerdown', 'keydown', 'focusin']) addEventListener(type, once, { capture: true, passive: true });
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(once, { timeout: 2000 }) : setTimeout(once, 200));
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
} else {
  start();
}
</script>`;
  return page.replace(loader, script);
}

/** A wasm module without the custom sections whose names `drop` picks. */
function withoutSections(bytes, drop) {
  const leb = (at) => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return [value, at];
    }
  };
  const kept = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const [size, body] = leb(at);
    const end = body + size;
    let keep = true;
    if (id === 0) {
      const [length, name] = leb(body);
      keep = !drop(bytes.subarray(name, name + length).toString('utf8'));
    }
    if (keep) kept.push(bytes.subarray(start, end));
    at = end;
  }
  return Buffer.concat(kept);
}

// 2. One stylesheet. The page names files under the build's public URL
// (./kiosk/ for the kiosk's).
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? './';
let cssName = null;
const sheets = [...html.matchAll(new RegExp(`<link rel="stylesheet" href="${escape(publicUrl)}([^"/]+\\.css)"[^>]*>\\n?\\s*`, 'g'))];
if (sheets.length > 1) {
  let css = (await Promise.all(sheets.map(([, file]) => readFile(join(dir, file), 'utf8')))).join('\n');
  // A release's stylesheet without its comments and spaces (lightningcss,
  // from package.json, no browser targets: nothing is rewritten for older
  // browsers, and a property's fallback before it is kept): it is on every
  // first screen's critical path.
  if (profile === 'release') {
    const { transform } = await import('lightningcss');
    const { code, warnings } = transform({ filename: 'gongkai.css', code: Buffer.from(css), minify: true });
    for (const w of warnings) console.warn(`post-build: css: ${w.message}`);
    css = code.toString();
  }
  const name = `gongkai-${sha('sha256', css).toString('hex').slice(0, 16)}.css`;
  await writeFile(join(dir, name), css);
  cssName = name;
  for (const [, file] of sheets) await rm(join(dir, file));
  const link = `<link rel="stylesheet" href="${publicUrl}${name}" integrity="${integrity(Buffer.from(css))}"/>\n    `;
  html = html.replace(sheets[0][0], link);
  for (const [tag] of sheets.slice(1)) html = html.replace(tag, '');
  console.log(`post-build: ${sheets.length} stylesheets in ${name}`);
}

// 2b. No inline script. A page's scripts are files beside the build's
// (under its public URL, ./kiosk/ for the kiosk's), so the paths in them
// are made relative to that folder: an import resolves against the
// script's own URL, and the wasm's URL is made from it too.
const inline = /<script( type="module")?>([\s\S]*?)<\/script>/g;
const scripts = [...html.matchAll(inline)];
for (const [tag, module, body] of scripts) {
  const code = body
    .replaceAll(`'${publicUrl}`, "'./")
    .replace(/module_or_path: ('\.\/[^']+')/g, 'module_or_path: new URL($1, import.meta.url)');
  const name = `gongkai-boot-${sha('sha256', code).toString('hex').slice(0, 16)}.js`;
  await writeFile(join(dir, name), code);
  html = html.replace(tag, `<script${module ?? ''} src="${publicUrl}${name}" integrity="${integrity(Buffer.from(code))}" crossorigin="anonymous"></script>`);
}
if (scripts.length) console.log(`post-build: ${scripts.length} inline script(s) moved into files`);
if (/<script(?![^>]*\ssrc=)[^>]*>/.test(html)) throw new Error('post-build: an inline <script> is left in index.html');
if (publicUrl === './') {
  const guard = await readFile(join(root, 'scripts', 'boot', 'first-screen-guard.js'));
  const name = `gongkai-guard-${sha('sha256', guard).toString('hex').slice(0, 16)}.js`;
  await writeFile(join(dir, name), guard);
  html = html.replace('</head>', `<meta name="gongkai-first-guard" content="./${name}">\n  </head>`);
}

await writeFile(join(dir, 'index.html'), html);

// 2c. Embedding (the phone build): gongkai-embed.js, the one file a
// portal's page names, under a name that never changes, with this build's
// hashed files in it (scripts/boot/embed.js); and embed/index.html, the
// page its iframe mode frames. docs/embedding.md.
if (phoneStem && cssName) {
  const text = JSON.parse(await readFile(join(root, 'locales', 'zh-Hans.json'), 'utf8'));
  const files = { bindings: `${phoneStem}.js`, wasm: `${phoneStem}_bg.wasm`, css: cssName };
  const template = await readFile(join(root, 'scripts', 'boot', 'embed.js'), 'utf8');
  const fill = (code, slot, value) => {
    const re = new RegExp(`/\\* ${slot} \\*/[^]*?/\\* END \\*/`);
    if (!re.test(code)) throw new Error(`post-build: scripts/boot/embed.js has no ${slot} slot`);
    return code.replace(re, JSON.stringify(value));
  };
  let embed = fill(template, 'FILES', files);
  // The failure's sentence in every shipped language, the default first
  // (build.rs has checked that each has it): the app that would say it
  // did not load.
  const failed = { 'zh-Hans': text.embed_failed };
  for (const file of (await readdir(join(root, 'locales'))).filter((f) => f.endsWith('.json')).sort()) {
    const tag = file.slice(0, -'.json'.length);
    failed[tag] ??= JSON.parse(await readFile(join(root, 'locales', file), 'utf8')).embed_failed;
  }
  embed = fill(embed, 'TEXT', { failed });
  await writeFile(join(dir, 'gongkai-embed.js'), embed);
  const title = text.app_title;
  const frame = `<!doctype html>
<html lang="zh-Hans">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${title}</title>
    <link rel="stylesheet" href="../${cssName}" />
    <script src="../gongkai-embed.js"></script>
  </head>
  <body class="gk-frame-body">
    <gongkai-board frame></gongkai-board>
    <noscript><p class="gk-frame-noscript">${text.embed_noscript}</p></noscript>
  </body>
</html>
`;
  await mkdir(join(dir, 'embed'), { recursive: true });
  await writeFile(join(dir, 'embed', 'index.html'), frame);
  console.log(`post-build: gongkai-embed.js and embed/index.html for ${phoneStem}`);
}

// 2d. Languages as data.
{
  const kioskBuild = publicUrl !== './';
  const tags = (await readdir(join(root, 'locales')))
    .filter((file) => file.endsWith('.json') && file !== 'zh-Hans.json')
    .map((file) => file.slice(0, -'.json'.length));
  await mkdir(join(dir, 'locales'), { recursive: true });
  for (const tag of tags) {
    const copy = async (from, to) => {
      // Parsed and written again: one line, no indentation.
      const catalogue = JSON.parse(await readFile(join(root, 'locales', from), 'utf8'));
      await writeFile(join(dir, 'locales', to), JSON.stringify(catalogue));
    };
    await copy(`${tag}.json`, `${tag}.json`);
    if (kioskBuild) await copy(join('kiosk', `${tag}.json`), `kiosk-${tag}.json`);
  }
  console.log(`post-build: ${tags.length} language(s) as data in ${kioskBuild ? 'kiosk/' : ''}locales/`);
}

// 3. The service worker.
execFileSync(process.execPath, [join(root, 'scripts', 'sw-precache.mjs'), dir], { stdio: 'inherit' });

// 4. Precompressed copies, of files with a hash in their names only: those
// never change under their names, while index.html, config.json and the
// data may be edited where they are deployed (README, "Sub-path"), and a
// copy beside them would then be served stale.
const compressible = /-[0-9a-f]{16}(_bg)?\.(js|css|wasm)$/;
let count = 0;
for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !compressible.test(entry.name)) continue;
  const path = join(entry.parentPath ?? entry.path, entry.name);
  const bytes = await readFile(path);
  if (bytes.length < 1024) continue;
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  const gz = gzipSync(bytes, { level: 9 });
  if (br.length < bytes.length) await writeFile(`${path}.br`, br);
  if (gz.length < bytes.length) await writeFile(`${path}.gz`, gz);
  count++;
}
console.log(`post-build: .br and .gz beside ${count} files in ${relative(root, dir).split(sep).join('/') || dir}`);
