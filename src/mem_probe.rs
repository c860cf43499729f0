//! A counting allocator for the kiosk soak (`--features mem-probe`, built by
//! `scripts/bench-kiosk-soak.sh --probe`): the wasm linear memory only grows
//! in 64 KiB pages and never shrinks, so it tells a leak late and coarsely;
//! the live bytes tell it at once, to the byte.
//!
//! Besides the totals it keeps the live blocks by size (8-byte classes), and
//! can follow one size class: each block of that class allocated while following
//! is announced to `globalThis.__gkTraceAlloc(ptr)` and its end to
//! `__gkTraceFree(ptr)`, so the page can keep the JS stack of each (a
//! debug build names the wasm functions in it) and tell which survive.
//!
//! It wraps the system allocator and counts; nothing else changes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

/// The allocator that counts.
pub struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);
/// Size classes of 8 bytes; the last one holds everything larger.
const CLASSES: usize = 513;
static BY_SIZE: [AtomicUsize; CLASSES] = [const { AtomicUsize::new(0) }; CLASSES];
/// The size class followed (0: none).
static TRACED: AtomicUsize = AtomicUsize::new(0);
/// Set while a call out to the page runs, so its own allocations are not
/// followed.
static IN_TRACE: AtomicBool = AtomicBool::new(false);

fn class(size: usize) -> usize {
    size.div_ceil(8).min(CLASSES - 1)
}

fn tell(name: &str, ptr: *mut u8) {
    if IN_TRACE.swap(true, Relaxed) {
        return;
    }
    let global = js_sys::global();
    if let Ok(f) = js_sys::Reflect::get(&global, &wasm_bindgen::JsValue::from_str(name)) {
        if let Some(f) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&f) {
            let _ = f.call1(&global, &wasm_bindgen::JsValue::from(ptr as usize as u32));
        }
    }
    IN_TRACE.store(false, Relaxed);
}

fn added(ptr: *mut u8, size: usize) {
    LIVE_BYTES.fetch_add(size, Relaxed);
    LIVE_BLOCKS.fetch_add(1, Relaxed);
    BY_SIZE[class(size)].fetch_add(1, Relaxed);
    if TRACED.load(Relaxed) == class(size) && size != 0 {
        tell("__gkTraceAlloc", ptr);
    }
}

fn removed(ptr: *mut u8, size: usize) {
    LIVE_BYTES.fetch_sub(size, Relaxed);
    LIVE_BLOCKS.fetch_sub(1, Relaxed);
    BY_SIZE[class(size)].fetch_sub(1, Relaxed);
    if TRACED.load(Relaxed) == class(size) && size != 0 {
        tell("__gkTraceFree", ptr);
    }
}

// SAFETY: every call goes to `System` unchanged; the counters are plain
// atomics beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            added(p, layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            added(p, layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        removed(ptr, layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            removed(ptr, layout.size());
            added(p, new_size);
        }
        p
    }
}

/// The heap's live bytes and blocks now: `[bytes, blocks]`.
pub fn live() -> [usize; 2] {
    [LIVE_BYTES.load(Relaxed), LIVE_BLOCKS.load(Relaxed)]
}

/// The live blocks by size class (`i` holds sizes `8i-7..=8i`; the last,
/// everything larger).
pub fn by_size() -> Vec<u32> {
    BY_SIZE.iter().map(|c| c.load(Relaxed) as u32).collect()
}

/// Follows the blocks of `size`'s class (8 bytes wide) from now on (0:
/// stop).
pub fn trace(size: usize) {
    TRACED.store(if size == 0 { 0 } else { class(size) }, Relaxed);
}
