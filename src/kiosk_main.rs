//! Mounts the kiosk (`shells::kiosk`) into `<div id="gongkai">` of
//! `kiosk.html`; nothing else.

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
