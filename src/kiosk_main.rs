//! Mounts the kiosk (`shells::kiosk`) into `<div id="gongkai">` of
//! `kiosk.html`; nothing else.

// The soak's heap counter (`--features mem-probe`), never in a release.
#[cfg(all(target_arch = "wasm32", feature = "mem-probe"))]
mod mem_probe;

#[cfg(all(target_arch = "wasm32", feature = "mem-probe"))]
#[global_allocator]
static COUNTING: mem_probe::Counting = mem_probe::Counting;

/// The heap's live bytes, for the soak (scripts/bench-kiosk-soak.mjs).
#[cfg(all(target_arch = "wasm32", feature = "mem-probe"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn gk_heap_live_bytes() -> u32 {
    mem_probe::live()[0] as u32
}

/// The heap's live blocks, for the soak.
#[cfg(all(target_arch = "wasm32", feature = "mem-probe"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn gk_heap_live_blocks() -> u32 {
    mem_probe::live()[1] as u32
}

/// The live blocks by 8-byte size class, for the soak.
#[cfg(all(target_arch = "wasm32", feature = "mem-probe"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn gk_heap_by_size() -> Vec<u32> {
    mem_probe::by_size()
}

/// Follows the blocks of one size (see `mem_probe`).
#[cfg(all(target_arch = "wasm32", feature = "mem-probe"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn gk_heap_trace(size: u32) {
    mem_probe::trace(size as usize)
}

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    gongkai::shells::kiosk::install_watchdog();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("gongkai"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        web_sys::console::error_1(&"gongkai: no <div id=\"gongkai\"> to mount into".into());
        return;
    };
    leptos::mount::mount_to(root, gongkai::shells::kiosk::Kiosk).forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "gongkai-kiosk is a browser app: scripts/build.sh builds it into dist/kiosk/ \
         (see docs/kiosk.md)."
    );
}
