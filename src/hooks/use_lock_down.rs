//! `use_lock_down()`: a public touch screen locked against accidents, for
//! as long as the calling view lives. No context menu or long-press
//! callout, no text selection, no dragging of links or images, no zoom by
//! pinch, ctrl+wheel or ctrl +/−. The CSS half (`user-select`,
//! `touch-action`, `overscroll-behavior`, `-webkit-touch-callout`) is in
//! `style/kiosk.css`; the Chromium flags in docs/kiosk.md.

use leptos::ev;
use leptos::prelude::*;

use super::window_listener::WindowListener;

pub fn use_lock_down() {
    let handles = [
        window_event_listener(ev::contextmenu, |e| e.prevent_default()),
        window_event_listener(ev::dragstart, |e| e.prevent_default()),
        window_event_listener(ev::selectstart, |e| e.prevent_default()),
        window_event_listener(ev::keydown, |e: web_sys::KeyboardEvent| {
            // Ctrl/⌘ with + − = 0: the browser's zoom keys.
            if (e.ctrl_key() || e.meta_key()) && matches!(e.key().as_str(), "+" | "-" | "=" | "0") {
                e.prevent_default();
            }
        }),
    ];
    let wheel = no_ctrl_wheel();
    on_cleanup(move || {
        for handle in handles {
            handle.remove();
        }
        drop(wheel);
    });
}

/// Ctrl + wheel (a touchpad's pinch) zooms; it can only be stopped by a
/// listener that is not passive, which `window_event_listener` does not set.
fn no_ctrl_wheel() -> Option<send_wrapper::SendWrapper<WindowListener>> {
    use wasm_bindgen::JsCast;
    WindowListener::new("wheel", false, false, |e: web_sys::Event| {
        if e.dyn_ref::<web_sys::WheelEvent>()
            .is_some_and(|w| w.ctrl_key())
        {
            e.prevent_default();
        }
    })
    .map(send_wrapper::SendWrapper::new)
}
