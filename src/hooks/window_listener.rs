//! A listener on the window with the options `window_event_listener` does
//! not set (the capture phase, a listener that is not passive), removed
//! when its handle is dropped. The kiosk's idle machine and lock-down use
//! it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Listens for `event` on the window until the handle is dropped.
pub(crate) struct WindowListener {
    event: &'static str,
    capture: bool,
    closure: Closure<dyn Fn(web_sys::Event)>,
}

impl WindowListener {
    /// `None` where there is no window or it refused the listener.
    pub(crate) fn new(
        event: &'static str,
        capture: bool,
        passive: bool,
        f: impl Fn(web_sys::Event) + 'static,
    ) -> Option<Self> {
        let window = web_sys::window()?;
        let closure = Closure::<dyn Fn(web_sys::Event)>::new(f);
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(capture);
        options.set_passive(passive);
        window
            .add_event_listener_with_callback_and_add_event_listener_options(
                event,
                closure.as_ref().unchecked_ref(),
                &options,
            )
            .ok()?;
        Some(Self {
            event,
            capture,
            closure,
        })
    }
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback_and_bool(
                self.event,
                self.closure.as_ref().unchecked_ref(),
                self.capture,
            );
        }
    }
}
