//! Mounts the app into `<div id="gongkai">`, or into each
//! `<gongkai-board>` of a host's page (`mount_board`); nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    console_error_panic_hook::set_once();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("gongkai"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        // Loaded by gongkai-embed.js: its elements call `mount_board`.
        let embedding = web_sys::window()
            .is_some_and(|w| !w.custom_elements().get("gongkai-board").is_undefined());
        if !embedding {
            web_sys::console::error_1(&"gongkai: no <div id=\"gongkai\"> to mount into".into());
        }
        return;
    };
    // With the server's first screen in the page, the app starts once the
    // browser has painted it: its own render (hidden until its page has the
    // content) never holds that paint back.
    let first_screen = root.first_element_child().is_some();
    let mount = move || leptos::mount::mount_to(root, gongkai::App).forget();
    if first_screen {
        leptos::prelude::request_animation_frame(move || {
            leptos::prelude::set_timeout(mount, std::time::Duration::ZERO);
        });
    } else {
        mount();
    }
}

/// `<gongkai-board>`'s start (gongkai-embed.js): the app for `host` in
/// `mount` (a `<div>` in its shadow root), its files under `assets`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount_board(host: web_sys::HtmlElement, mount: web_sys::HtmlElement, assets: String) {
    gongkai::shells::embed::mount(host, mount, &assets);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "gongkai is a browser app: build it with `trunk build --release` \
         (see scripts/env.sh), then serve dist/."
    );
}
