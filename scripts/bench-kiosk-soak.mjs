#!/usr/bin/env node
// Soak benchmark for the kiosk (issue 10): many sessions one after another on
// one page that is never reloaded, as a service hall's screen runs for weeks.
//
// Each cycle: attract loop → a touch → browse (a link on the kiosk home, 字号,
// 下一页) → idle past `idle_seconds` → the warning → past `warning_seconds`
// → the wipe → the attract loop again. Time is Playwright's page.clock, so a
// cycle jumps over the 90 + 30 s instead of waiting for them.
//
// Reports the JS heap (after a forced GC), the wasm linear memory and the DOM
// counters after a warm-up and at the end, and fails (exit 1) when the JS
// heap or the wasm memory grew by more than --max-growth per cent (5); with
// --heap-diff the JS figure judged is the snapshots' JS objects, apart from
// compiled code and the browser's native records. Then
// measures the longest frame while the attract loop changes slides at
// 1920×1080 under a 4× CPU slowdown.
//
// Usage (after scripts/build.sh and `cargo build -p gongkai-server`):
//   node scripts/bench-kiosk-soak.mjs [--cycles 10000] [--warmup 50]
//     [--sample-every 1000] [--max-minutes M] [--max-growth 5]
//     [--transitions 8] [--skip-frames] [--skip-soak] [--batch 50]
//     [--mouse] [--no-browse] [--verbose] [--app DIR]
// scripts/bench-kiosk-soak.sh builds when needed and runs this. Not in CI.
//
// By default a cycle runs inside the page (DOM pointerdown + click on the
// very element, and page.clock's controller for the jumps), --batch cycles
// per round trip; --mouse drives every step from Node with Playwright's
// mouse instead (about 3× slower). --no-browse leaves out the browsing (a
// touch, then idle, warning, wipe), to tell the pages' share of any growth.
// --signage soaks a signage screen instead (`kiosk.signage`, never
// touched): a cycle is one slide's time on the clock, so 10 000 cycles are
// about 33 hours of rotation.
// --heap-diff takes a JS heap snapshot after the warm-up and at the end and
// prints what grew, summed by kind and constructor (what a leak on the JS
// side is made of).
// --app DIR serves another build (bench-kiosk-soak.sh --probe: one with the
// heap counter, whose live bytes then join the report).
// --max-minutes stops the soak early (the report then says how many cycles
// ran); the verdict is still taken on what ran.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser } from '../tests/e2e/support.mjs';

const args = parseArgs(process.argv.slice(2), {
  cycles: 10000,
  warmup: 50,
  'sample-every': 1000,
  'max-minutes': 0,
  'max-growth': 5,
  transitions: 8,
  'skip-frames': false,
  'skip-soak': false,
  verbose: false,
  mouse: false,
  batch: 50,
  'no-browse': false,
  app: '',
  'trace-size': 0,
  signage: false,
  'heap-diff': false,
});

// The kiosk's defaults (src/domain/kiosk/config.rs); the reference server's
// config.json sets no `kiosk` object, so these are what run.
const IDLE_MS = 90_000;
const WARNING_MS = 30_000;
const ATTRACT_MS = 12_000;

const log = (...a) => console.log(...a);
const mib = (bytes) => (bytes / 1048576).toFixed(2);

// Registered before page.clock.install(), so it runs first and keeps the
// browser's own requestAnimationFrame and performance.now for the frame
// meter; it also keeps the wasm instance's exports, from Trunk's loader.
function pageProbe() {
  const realRaf = window.requestAnimationFrame.bind(window);
  const realNow = performance.now.bind(performance);
  window.__gkBench = { wasm: null, started: 0 };
  // A probe build (--probe) announces each block of the size it follows
  // (--trace-size): keep the JS stack of each one still alive.
  const traced = new Map();
  window.__gkBench.traced = traced;
  window.__gkTraceAlloc = (ptr) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 80;
    traced.set(ptr, new Error().stack);
    Error.stackTraceLimit = limit;
  };
  window.__gkTraceFree = (ptr) => traced.delete(ptr);
  addEventListener('TrunkApplicationStarted', (event) => {
    window.__gkBench.wasm = event.detail && event.detail.wasm;
    window.__gkBench.started += 1;
  });
  // The frame meter: the gaps between real animation frames, and the long
  // animation frames (≥ 50 ms) the browser reports itself.
  const meter = { on: false, last: 0, gaps: [], loaf: [], longtask: [] };
  window.__gkBench.meter = meter;
  const frame = (t) => {
    if (!meter.on) return;
    if (meter.last) meter.gaps.push(t - meter.last);
    meter.last = t;
    realRaf(frame);
  };
  window.__gkBench.startFrames = () => {
    meter.on = true;
    meter.last = 0;
    meter.gaps = [];
    meter.loaf = [];
    meter.longtask = [];
    meter.t0 = realNow();
    realRaf(frame);
  };
  window.__gkBench.stopFrames = () => {
    meter.on = false;
    return { gaps: meter.gaps, loaf: meter.loaf, longtask: meter.longtask, ms: realNow() - meter.t0 };
  };
  const observe = (type, into) => {
    try {
      new PerformanceObserver((list) => {
        if (!meter.on) return;
        for (const e of list.getEntries()) into().push({ duration: e.duration, blocking: e.blockingDuration ?? 0 });
      }).observe({ type, buffered: false });
    } catch {
      // not supported: the gaps still tell
    }
  };
  observe('long-animation-frame', () => meter.loaf);
  observe('longtask', () => meter.longtask);

  // The lean cycle, run inside the page: the same steps as the mouse-driven
  // one in Node, with DOM events (a pointerdown, then a click, on the very
  // element) instead of Playwright's mouse, and page.clock's own controller
  // (what page.clock.fastForward calls) for the jumps. No round trip to Node
  // per step, so a cycle costs what the app costs.
  const realTimeout = window.setTimeout.bind(window);
  const q = (sel) => document.querySelector(sel);
  const until = (test, what, ms = 15000) => new Promise((done, fail) => {
    const t0 = realNow();
    const poll = () => {
      let v;
      try { v = test(); } catch { v = null; }
      if (v) return done(v);
      if (realNow() - t0 > ms) return fail(new Error(`timed out waiting for ${what} at ${location.href}`));
      // The clock's own saved setTimeout: a real one.
      (window.__pwClock ? window.__pwClock.builtins.setTimeout : realTimeout)(poll, 2);
    };
    poll();
  });
  const touch = (el) => {
    el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, cancelable: true, pointerType: 'touch', isPrimary: true }));
    el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, cancelable: true, pointerType: 'touch', isPrimary: true }));
    el.click();
  };
  window.__gkBench.cycles = async (from, count, t) => {
    let paged = 0;
    const steps = window.__gkBench.steps = {};
    let ts = realNow();
    // Where the linear memory grows: the cycle and the step it grew in
    // (it only grows, a 64 KiB page at a time, and never shrinks).
    const grew = window.__gkBench.grew ??= [];
    const memoryNow = () => { const w = window.__gkBench.wasm; return w && w.memory ? w.memory.buffer.byteLength : 0; };
    let bytes = memoryNow();
    let n;
    const mark = (what) => {
      const now = realNow();
      steps[what] = (steps[what] || 0) + now - ts;
      ts = now;
      const b = memoryNow();
      if (b > bytes) grew.push({ cycle: n, step: what, from: bytes, to: b, path: location.pathname });
      bytes = b;
    };
    for (n = from; n < from + count; n++) {
      if (t.signage) {
        await window.__pwClock.controller.fastForward(t.attract);
        await until(() => q('.gk-attract__slide'), 'a slide');
        continue;
      }
      const attract = await until(() => q('.gk-kiosk-attract-catch'), 'the attract loop');
      touch(attract);
      await until(() => !q('.gk-kiosk-attract-catch'), 'the attract loop to go');
      mark('touch');
      if (t.noBrowse) {
        // Only touch → idle → warning → wipe: tells the session's own cost
        // from the pages'.
        await window.__pwClock.controller.fastForward(t.idle + 1000);
        await until(() => q('.gk-kiosk-warning'), 'the warning');
        await window.__pwClock.controller.fastForward(t.warning + 1000);
        await until(() => !q('.gk-kiosk-warning') && q('.gk-kiosk-attract-catch'), 'the attract loop after the wipe');
        continue;
      }
      const links = await until(() => {
        const l = document.querySelectorAll('#gk-main a[href*="/kiosk/org/"], #gk-main a[href*="/kiosk/item"]');
        return l.length ? l : null;
      }, 'links on the kiosk home');
      const link = links[n % Math.min(links.length, 6)];
      const path = new URL(link.href).pathname;
      touch(link);
      await until(() => location.pathname === path && q('#gk-main h1') && !q('#gk-main .gk-loading'), `the page ${path}`);
      mark('link');
      touch(document.querySelectorAll('.gk-kiosk-bar__button')[2]);
      await until(() => document.documentElement.dataset.kioskText === '2', '字号 2');
      const down = q('.gk-kiosk-pager__down');
      if (down && !down.disabled) {
        touch(down);
        paged++;
      }
      mark('text size, page down');
      await window.__pwClock.controller.fastForward(t.idle + 1000);
      await until(() => q('.gk-kiosk-warning'), 'the warning');
      mark('warning');
      await window.__pwClock.controller.fastForward(t.warning + 1000);
      await until(() => !q('.gk-kiosk-warning') && q('.gk-kiosk-attract-catch'), 'the attract loop after the wipe');
      mark('wipe');
      if (document.documentElement.dataset.kioskText !== '1') throw new Error('字号 not back to 1 after the wipe');
    }
    return paged;
  };
}

async function memory(page, cdp) {
  // Twice: a first collection can leave what finalizers freed.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const wasm = await page.evaluate(() => {
    const w = window.__gkBench && window.__gkBench.wasm;
    return {
      bytes: w && w.memory ? w.memory.buffer.byteLength : null,
      // Only in a build with the heap counter (--features mem-probe).
      live: w && w.gk_heap_live_bytes ? w.gk_heap_live_bytes() >>> 0 : null,
      blocks: w && w.gk_heap_live_blocks ? w.gk_heap_live_blocks() >>> 0 : null,
      hist: window.wasmBindings && window.wasmBindings.gk_heap_by_size ? Array.from(window.wasmBindings.gk_heap_by_size()) : null,
      started: window.__gkBench ? window.__gkBench.started : 0,
      jsHeapUsed: performance.memory ? performance.memory.usedJSHeapSize : null,
    };
  });
  return {
    heapUsed: heap.usedSize,
    heapTotal: heap.totalSize,
    wasmBytes: wasm.bytes,
    live: wasm.live,
    hist: wasm.hist,
    blocks: wasm.blocks,
    started: wasm.started,
    nodes: dom.nodes,
    listeners: dom.jsEventListeners,
    documents: dom.documents,
  };
}

/** A JS heap snapshot (after a GC), summed by node kind and name. */
async function heapByName(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join(''));
  const { node_fields: fields, node_types: [types] } = snap.snapshot.meta;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + iType]];
    let name = snap.strings[snap.nodes[i + iName]];
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '(string)';
    const key = `${type} ${name}`;
    const e = out.get(key) ?? { size: 0, count: 0 };
    e.size += snap.nodes[i + iSize];
    e.count += 1;
    out.set(key, e);
  }
  return out;
}

async function newKioskPage(browser, url, { width, height }) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  // Which requests failed, by status and path, counted.
  page.failed = new Map();
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const key = `${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`;
    page.failed.set(key, (page.failed.get(key) || 0) + 1);
  });
  await page.addInitScript(pageProbe);
  await page.clock.install();
  await page.goto(url);
  await page.locator('.gk-kiosk-attract-catch').waitFor({ state: 'attached' });
  const started = await page.evaluate(() => window.__gkBench.wasm && window.__gkBench.wasm.memory ? 1 : 0);
  if (!started) throw new Error('no wasm memory from TrunkApplicationStarted: has the loader changed?');
  return { context, page, cdp: await context.newCDPSession(page) };
}

/** One session, attract to attract. `n` varies what is opened. */
async function cycle(page, n) {
  try {
    return await steps(page, n);
  } catch (e) {
    // Leave a picture and the page's state for whoever reads the failure.
    const file = `/tmp/gk-soak-failure-${process.pid}.png`;
    await page.screenshot({ path: file }).catch(() => {});
    const state = await page.evaluate(() => ({ url: location.href, classes: [...document.querySelectorAll('.gk-kiosk > *')].map((e) => e.className) })).catch(() => null);
    e.message += `\n  in cycle ${n}; page: ${JSON.stringify(state)}; screenshot ${file}; page errors: ${page.errors.slice(-3).join(' | ')}`;
    throw e;
  }
}

async function steps(page, n) {
  let tStep = Date.now();
  const mark = (what) => {
    if (args.verbose) log(`    ${what} ${Date.now() - tStep} ms`);
    tStep = Date.now();
  };
  if (args.verbose) log(`  cycle ${n}`);
  const attract = page.locator('.gk-kiosk-attract-catch');
  // The touch: pointerdown on the window starts the session, the click on
  // the loop lets it go.
  await attract.click({ position: { x: 200, y: 300 } });
  await attract.waitFor({ state: 'detached' });
  mark('touch');
  // Browse: a board or an item from the kiosk home, by a click on its link.
  const links = page.locator('#gk-main a[href*="/kiosk/org/"], #gk-main a[href*="/kiosk/item"]');
  await links.first().waitFor();
  const count = await links.count();
  const link = links.nth(n % Math.min(count, 6));
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForURL((u) => u.pathname + u.search === href || u.href.endsWith(href));
  await page.locator('#gk-main h1').first().waitFor();
  mark('link');
  // 字号, then 下一页 when there is a page further down.
  await page.locator('.gk-kiosk-bar__button').nth(2).click();
  const down = page.locator('.gk-kiosk-pager__down');
  let paged = false;
  if (await down.isEnabled()) {
    await down.click();
    paged = true;
  }
  mark('text size, page down');
  // Idle: one tick past idle_seconds opens the warning…
  await page.clock.fastForward(IDLE_MS + 1000);
  await page.locator('.gk-kiosk-warning').waitFor();
  mark('warning');
  // …and one past warning_seconds wipes it all.
  await page.clock.fastForward(WARNING_MS + 1000);
  await page.locator('.gk-kiosk-warning').waitFor({ state: 'detached' });
  await attract.waitFor();
  mark('reset');
  return paged;
}

function row(label, m) {
  return [
    label.padEnd(22),
    mib(m.heapUsed).padStart(10),
    (m.wasmBytes == null ? 'n/a' : mib(m.wasmBytes)).padStart(10),
    String(m.nodes).padStart(8),
    String(m.listeners).padStart(10),
    m.live == null ? '' : `${String(m.live).padStart(10)} ${String(m.blocks).padStart(7)}`,
  ].join(' ');
}

async function soak(browser, url) {
  const { context, page, cdp } = await newKioskPage(browser, url, { width: 1920, height: 1080 });
  const started = Date.now();
  const deadline = args['max-minutes'] > 0 ? started + args['max-minutes'] * 60_000 : Infinity;
  log(`soak${args.signage ? ' (signage)' : ''}: ${args.cycles} cycles after a warm-up of ${args.warmup}, on ${url}, ${args.mouse ? "Playwright's mouse" : 'lean: in the page, DOM events'}${args['no-browse'] ? ', no browsing (touch → idle → wipe only)' : ''}`);
  let paged = 0;
  const times = { idle: IDLE_MS, warning: WARNING_MS, attract: ATTRACT_MS, noBrowse: args['no-browse'], signage: args.signage };
  // Runs cycles [from, from + count): in the page (lean), or step by step
  // from Node with Playwright's mouse (--mouse).
  const run = async (from, count) => {
    if (args.mouse) {
      for (let i = from; i < from + count; i++) if (await cycle(page, i)) paged++;
    } else {
      paged += await page.evaluate(([f, c, t]) => window.__gkBench.cycles(f, c, t), [from, count, times]);
      if (args.verbose) log(`    ms per step over ${count} cycles: ${JSON.stringify(await page.evaluate(() => window.__gkBench.steps), (k, v) => (typeof v === 'number' ? Math.round(v / count) : v))}`);
    }
  };
  await run(0, args.warmup);
  if (args['trace-size']) await page.evaluate((n) => window.wasmBindings.gk_heap_trace(n), args['trace-size']);
  const first = await memory(page, cdp);
  const firstHeap = args['heap-diff'] ? await heapByName(cdp) : null;
  const samples = [[`after warm-up (${args.warmup})`, first]];
  let objects = null;
  log(`  ${row(`after warm-up (${args.warmup})`, first)}`);
  const t0 = Date.now();
  let done = 0;
  let stoppedEarly = false;
  for (; done < args.cycles; done++) {
    if (Date.now() > deadline) {
      stoppedEarly = true;
      break;
    }
    const count = Math.min(args.batch, args.cycles - done);
    await run(args.warmup + done, count);
    done += count - 1;
    if ((done + 1) % args['sample-every'] === 0 && done + 1 < args.cycles) {
      const m = await memory(page, cdp);
      samples.push([`after ${done + 1}`, m]);
      const rate = ((Date.now() - t0) / (done + 1)).toFixed(0);
      log(`  ${row(`after ${done + 1}`, m)}   (${rate} ms/cycle)`);
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  const last = await memory(page, cdp);
  if (firstHeap) {
    const lastHeap = await heapByName(cdp);
    const grew = [...lastHeap].map(([k, v]) => [k, v.size - (firstHeap.get(k)?.size ?? 0), v.count - (firstHeap.get(k)?.count ?? 0)])
      .filter(([, d]) => d > 0).sort((a, b) => b[1] - a[1]).slice(0, 15);
    // The snapshot's own sums: the app's JS objects apart from what the
    // browser keeps natively (DevTools' records, the performance timeline)
    // and compiled code.
    const byKind = (heap) => {
      const sums = { objects: 0, native: 0, code: 0 };
      for (const [k, v] of heap) {
        const kind = k.split(' ')[0];
        sums[kind === 'native' ? 'native' : kind === 'code' ? 'code' : 'objects'] += v.size;
      }
      return sums;
    };
    const [a, b] = [byKind(firstHeap), byKind(lastHeap)];
    objects = { first: a.objects, last: b.objects };
    for (const kind of ['objects', 'native', 'code']) {
      log(`  heap snapshot, ${kind.padEnd(7)}: ${mib(a[kind])} → ${mib(b[kind])} MiB (${pct(a[kind], b[kind]).toFixed(2)} %)`);
    }
    log('  JS heap, what grew (bytes, count, kind/name):');
    for (const [k, d, c] of grew) log(`    ${String(d).padStart(8)} ${String(c).padStart(6)}  ${k.slice(0, 100)}`);
  }
  samples.push([`end (${done})`, last]);
  // Where the followed blocks still alive were allocated, grouped by stack.
  const traces = args['trace-size'] ? await page.evaluate(() => {
    const groups = new Map();
    for (const stack of window.__gkBench.traced.values()) {
      const frames = stack.split('\n').slice(1).map((l) => l.trim().replace(/^at /, '').replace(/ \(.*$/, '')).filter((f) => !/__gkTrace|mem_probe|Counting|__rust_alloc|__rdl_|alloc::alloc|alloc_impl|box_new|RawVec|dlmalloc|handleError|__wbg_call|call1|\.js:\d/.test(f)).map((f) => f.replace(/^.*\.wasm\./, '').replace(/::h[0-9a-f]{16}/, '').replace(/\[[0-9a-f]{16}\]/g, ''));
      const key = frames.slice(0, 24).join('\n      ');
      groups.set(key, (groups.get(key) || 0) + 1);
    }
    return [...groups].sort((a, b) => b[1] - a[1]).slice(0, 6);
  }) : [];
  const grew = await page.evaluate(() => window.__gkBench.grew ?? []);
  const errors = [...page.errors];
  const failed = [...page.failed].sort((a, b) => b[1] - a[1]);
  await context.close();
  return { grew, traces, failed, samples, first, last, objects, done, seconds, paged, stoppedEarly, errors, total: (Date.now() - started) / 1000 };
}

async function frames(browser, url) {
  const { context, page, cdp } = await newKioskPage(browser, url, { width: 1920, height: 1080 });
  // Let the first slide's fade and the data settle at full speed.
  await page.waitForTimeout(1500);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const results = [];
  let slide = await page.locator('.gk-attract__slide').first().getAttribute('class');
  for (let i = 0; i < args.transitions; i++) {
    // Up to a second before the next slide at one jump (the timer fires
    // once), then the one tick that changes the slide, as it comes on a
    // real screen.
    await page.clock.fastForward(ATTRACT_MS - 1000);
    await page.evaluate(() => window.__gkBench.startFrames());
    await page.clock.runFor(1000);
    // The fade is 700 ms; watch 1.5 s of real time.
    await page.waitForTimeout(1500);
    const r = await page.evaluate(() => window.__gkBench.stopFrames());
    const now = await page.locator('.gk-attract__slide').first().getAttribute('class');
    results.push({ ...r, changed: now !== slide, slide: now });
    slide = now;
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const errors = [...page.errors];
  await context.close();
  return { results, errors };
}

function pct(a, b) {
  return ((b - a) / a) * 100;
}

async function main() {
  // The clock runs many times faster than real time, and so do the beats:
  // the server takes them all (a kiosk's own limit is 10 a minute).
  const serverArgs = ['--kiosk-heartbeat-limit', '100000'];
  if (args.signage) {
    const file = join(await mkdtemp(join(tmpdir(), 'gongkai-soak-')), 'kiosk.json');
    await writeFile(file, JSON.stringify({ signage: true }));
    serverArgs.push('--kiosk-settings', file);
  }
  const server = await startServer({ ...(args.app ? { app: args.app } : {}), args: serverArgs });
  const url = `${server.url}kiosk/`;
  const browser = await launchBrowser();
  log(`chromium ${browser.version()}, node ${process.version}`);
  let failed = false;
  try {
    if (!args['skip-soak']) {
      const s = await soak(browser, url);
      log('');
      log('Soak: memory after a forced GC (CDP HeapProfiler.collectGarbage ×2)');
      log(`  ${'when'.padEnd(22)} ${'JS heap MiB'.padStart(10)} ${'wasm MiB'.padStart(10)} ${'DOM nodes'.padStart(8)} ${'listeners'.padStart(10)}${s.first.live == null ? '' : ` ${'heap bytes'.padStart(10)} ${'blocks'.padStart(7)}`}`);
      for (const [label, m] of s.samples) log(`  ${row(label, m)}`);
      // With --heap-diff, the verdict reads the JS objects of the heap
      // snapshots: getHeapUsage also counts V8's compiled code, which grows
      // as hot functions are optimised over the first thousands of cycles.
      const usageGrowth = pct(s.first.heapUsed, s.last.heapUsed);
      const heapGrowth = s.objects ? pct(s.objects.first, s.objects.last) : usageGrowth;
      const wasmGrowth = s.first.wasmBytes ? pct(s.first.wasmBytes, s.last.wasmBytes) : NaN;
      log('');
      log(`  cycles measured:  ${s.done}${s.stoppedEarly ? ` (stopped early by --max-minutes; ${args.cycles} asked)` : ''}, plus ${args.warmup} warm-up`);
      log(`  time:             ${s.seconds.toFixed(1)} s for the measured cycles (${((s.seconds * 1000) / Math.max(s.done, 1)).toFixed(1)} ms/cycle), ${s.total.toFixed(1)} s in all`);
      log(`  下一页 pressed:    in ${s.paged} of ${s.done + args.warmup} cycles (else the page had nothing further down)`);
      log(`  JS heap growth:   ${usageGrowth.toFixed(2)} % (${mib(s.first.heapUsed)} → ${mib(s.last.heapUsed)} MiB, getHeapUsage: objects and compiled code)`);
      if (s.objects) log(`  JS objects:       ${heapGrowth.toFixed(2)} % (${mib(s.objects.first)} → ${mib(s.objects.last)} MiB, heap snapshots: the verdict's figure)`);
      log(`  wasm growth:      ${wasmGrowth.toFixed(2)} % (${mib(s.first.wasmBytes)} → ${mib(s.last.wasmBytes)} MiB)`);
      if (s.first.live != null) log(`  wasm heap, live: ${s.last.live - s.first.live} bytes, ${s.last.blocks - s.first.blocks} blocks (${((s.last.live - s.first.live) / Math.max(s.done, 1)).toFixed(1)} bytes a cycle)`);
      log(`  wasm memory grew: ${s.grew.length ? s.grew.map((g) => `in cycle ${g.cycle} (${g.step}, ${g.path}) ${mib(g.from)} → ${mib(g.to)} MiB`).join('; ') : 'never after the page loaded'}`);
      log(`  DOM nodes:        ${s.first.nodes} → ${s.last.nodes}; listeners ${s.first.listeners} → ${s.last.listeners}`);
      log(`  app (re)starts:   ${s.last.started} (1 = never reloaded)`);
      log(`  page errors:      ${s.errors.length}${s.errors.length ? `: ${s.errors.slice(0, 5).join(' | ')}` : ''}`);
      if (s.first.hist && s.last.hist) {
        const grew = s.last.hist.map((n, i) => [i * 8, n - s.first.hist[i]]).filter(([, d]) => d > 0).sort((a, b) => b[1] - a[1]).slice(0, 12);
        log(`  blocks that grew, by size (≤ bytes: count): ${grew.map(([b, d]) => `${b}: +${d}`).join(', ')}`);
      }
      for (const [stack, n] of s.traces) log(`  ${n} live blocks of ${args['trace-size']} bytes from:\n      ${stack}`);
      if (s.failed.length) log(`  failed requests:  ${s.failed.slice(0, 8).map(([k, n]) => `${k} ×${n}`).join('; ')}`);
      const limit = args['max-growth'];
      if (heapGrowth > limit || wasmGrowth > limit || !(wasmGrowth >= -100)) {
        log(`  FAIL: growth over ${limit} %`);
        failed = true;
      } else {
        log(`  ok: both within ${limit} %`);
      }
      if (s.last.started !== 1) {
        log('  FAIL: the app started again during the soak (a panic reload?)');
        failed = true;
      }
    }
    if (!args['skip-frames']) {
      const f = await frames(browser, url);
      log('');
      log(`Frames during slide changes, 1920×1080, CPU throttled 4× (CDP Emulation.setCPUThrottlingRate)`);
      log(`  ${'#'.padStart(3)} ${'changed'.padStart(7)} ${'frames'.padStart(6)} ${'longest gap ms'.padStart(15)} ${'LoAF max ms'.padStart(12)} ${'longtask max'.padStart(12)}  slide`);
      let worst = 0;
      let worstLoaf = 0;
      f.results.forEach((r, i) => {
        const gap = Math.max(0, ...r.gaps);
        const loaf = Math.max(0, ...r.loaf.map((e) => e.duration));
        const lt = Math.max(0, ...r.longtask.map((e) => e.duration));
        worst = Math.max(worst, gap);
        worstLoaf = Math.max(worstLoaf, loaf);
        log(`  ${String(i + 1).padStart(3)} ${String(r.changed).padStart(7)} ${String(r.gaps.length).padStart(6)} ${gap.toFixed(1).padStart(15)} ${loaf.toFixed(1).padStart(12)} ${lt.toFixed(1).padStart(12)}  ${r.slide.replace('gk-attract__slide ', '')}`);
      });
      const all = f.results.flatMap((r) => r.gaps).sort((a, b) => a - b);
      const p = (q) => all[Math.min(all.length - 1, Math.floor(q * all.length))] ?? 0;
      log(`  longest frame: ${worst.toFixed(1)} ms (rAF gap); longest long-animation-frame: ${worstLoaf.toFixed(1)} ms; median gap ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, over ${all.length} frames`);
      log(`  page errors: ${f.errors.length}${f.errors.length ? `: ${f.errors.slice(0, 5).join(' | ')}` : ''}`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  process.exit(failed ? 1 : 0);
}

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in defaults)) throw new Error(`unknown option ${argv[i]}`);
    if (typeof defaults[key] === 'boolean') out[key] = true;
    else if (typeof defaults[key] === 'string') out[key] = argv[++i];
    else out[key] = Number(argv[++i]);
  }
  return out;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
