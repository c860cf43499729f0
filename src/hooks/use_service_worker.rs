//! The offline app shell: registers the service worker (`sw.js`, written
//! into the build from `public/sw.js` by `scripts/sw-precache.mjs`) that
//! keeps the app's own files on the device, so that a kiosk or a phone that
//! has loaded the app once boots with the network down. How it caches and
//! how a new build takes over: `public/sw.js` and docs/kiosk.md, "Offline".

use wasm_bindgen::JsValue;

/// Registers `sw.js` beside `index.html` (following `<base href>`, so the
/// worker's scope is the app's base path), once, at start-up. Only in
/// release builds: a development build (`trunk serve`) or a wasm-bindgen
/// test never installs a worker that would outlive it. Does nothing where
/// the browser has no `navigator.serviceWorker` (plain http on a host other
/// than localhost, some embedded web views); a failed registration is
/// logged and the app runs as before, online only.
pub fn use_service_worker() {
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
    let registration = navigator.service_worker().register("sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(registration).await {
            web_sys::console::warn_2(&"gongkai: no offline app shell:".into(), &error);
        }
    });
}
