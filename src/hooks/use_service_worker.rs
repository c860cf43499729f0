//! The offline app shell: registers the service worker (`sw.js`, written
//! into the build from `public/sw.js` by `scripts/sw-precache.mjs`) that
//! keeps the app's own files on the device, so that a kiosk or a phone that
//! has loaded the app once boots with the network down. How it caches and
//! how a new build takes over: `public/sw.js` and docs/kiosk.md, "Offline".

use wasm_bindgen::prelude::*;

// `console.warn` itself as the rejection handler: a JS function, so no Rust
// closure or future is compiled for it.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_namespace = console, js_name = warn)]
    static CONSOLE_WARN: js_sys::Function;

    /// The promise `register()` returns, with `catch` taking any function.
    type Registering;
    #[wasm_bindgen(method)]
    fn catch(this: &Registering, on_rejected: &js_sys::Function);
}

/// Registers `script` (`sw.js`, or `kiosk/sw.js`: relative to `<base href>`;
/// the worker's scope is its folder), once, at start-up. Only in
/// release builds: a development build (`trunk serve`) or a wasm-bindgen
/// test never installs a worker that would outlive it. Does nothing where
/// the browser has no `navigator.serviceWorker` (plain http on a host other
/// than localhost, some embedded web views); a failed registration is
/// logged and the app runs as before, online only.
pub fn use_service_worker(script: &'static str) {
    if cfg!(debug_assertions) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // `serviceWorker` only exists in secure contexts: check before web-sys
    // reads it as a ServiceWorkerContainer.
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    // A relative URL resolves against the document's base URL, <base href>.
    let registration: Registering = navigator.service_worker().register(script).unchecked_into();
    // A failure (no sw.js on this host) is logged, and never left an
    // unhandled rejection that a watchdog would count.
    CONSOLE_WARN.with(|warn| registration.catch(warn));
}
