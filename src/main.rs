//! Mounts the app into `<div id="gongkai">`; nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    console_error_panic_hook::set_once();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("gongkai"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        web_sys::console::error_1(&"gongkai: no <div id=\"gongkai\"> to mount into".into());
        return;
    };
    leptos::mount::mount_to(root, gongkai::App).forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "gongkai is a browser app: build it with `trunk build --release` \
         (see scripts/env.sh), then serve dist/."
    );
}
