//! The kiosk shell: the service hall's touch screen (触摸屏) and the
//! signage screen (电子显示屏), a layout of its own over the same pages and
//! data as the web shell. Built into a bundle of its own
//! (`src/kiosk_main.rs`, `kiosk.html`, served at `kiosk/`), so the phone
//! site carries none of it.

use leptos::prelude::*;

use crate::hooks::SharedDevice;

/// The kiosk: a shared device, the kiosk layout.
#[component]
pub fn Kiosk() -> impl IntoView {
    provide_context(SharedDevice(true));
    super::start(layout)
}

/// Before anything else: a panic or an unhandled error reloads the kiosk.
pub fn install_watchdog() {
    console_error_panic_hook::set_once();
}

fn layout() -> AnyView {
    view! { <super::PageRoutes/> }.into_any()
}
