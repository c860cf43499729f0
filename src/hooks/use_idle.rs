//! `use_idle(config, on_effect)`: drives the kiosk's idle machine
//! (`domain::kiosk::IdleMachine`) from the browser. Every touch, click,
//! key or wheel anywhere on the page is an input; a timer ticks once a
//! second. The machine decides; the shell performs the effects it returns
//! (`on_effect`), and tells it when a reset is done ([`Idle::reset_done`]).
//!
//! Time is `Date.now()` and the timer `setInterval`, both of which
//! Playwright's `page.clock` controls.

use std::time::Duration;

use leptos::prelude::*;

use crate::domain::kiosk::{IdleEffect, IdleEvent, IdleMachine, KioskConfig, Phase};

/// The machine's state, and the ways to move it.
#[derive(Clone, Copy)]
pub struct Idle {
    machine: RwSignal<IdleMachine>,
    /// The time (Unix ms), updated at every tick and input.
    pub now: RwSignal<u64>,
    on_effect: StoredValue<Box<dyn Fn(IdleEffect)>, LocalStorage>,
}

/// Unix milliseconds, as `Date.now()` gives them.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

impl Idle {
    pub fn phase(&self) -> Phase {
        self.machine.with(IdleMachine::phase)
    }

    /// The warning's countdown in seconds (tracked), `None` outside it.
    pub fn remaining_seconds(&self) -> Option<u32> {
        let now = self.now.get();
        self.machine.with(|m| m.remaining_seconds(now))
    }

    /// Feeds one event to the machine and performs its effect.
    pub fn send(&self, event: IdleEvent) {
        let effect = self.machine.try_update(|m| m.handle(event)).flatten();
        if let Some(effect) = effect {
            self.on_effect.with_value(|f| f(effect));
        }
    }

    /// 继续使用.
    pub fn extend(&self) {
        self.send(IdleEvent::Extend(now_ms()));
    }

    /// The shell has wiped everything after [`IdleEffect::Reset`].
    pub fn reset_done(&self) {
        let now = now_ms();
        self.now.set(now);
        self.send(IdleEvent::ResetDone(now));
    }
}

/// Starts the machine in its attract loop, listening for input on the
/// window (in the capture phase, so nothing on the page can hide a touch
/// from it) and ticking once a second.
pub fn use_idle(config: &KioskConfig, on_effect: impl Fn(IdleEffect) + 'static) -> Idle {
    let start = now_ms();
    let idle = Idle {
        machine: RwSignal::new(IdleMachine::new(config, start)),
        now: RwSignal::new(start),
        on_effect: StoredValue::new_local(Box::new(on_effect)),
    };
    let input = move || {
        let now = now_ms();
        idle.now.set(now);
        idle.send(IdleEvent::Input(now));
    };
    let handles = [
        capture_listener("pointerdown", input),
        capture_listener("keydown", input),
        capture_listener("wheel", input),
    ];
    let tick = set_interval_with_handle(
        move || {
            let now = now_ms();
            idle.now.set(now);
            idle.send(IdleEvent::Tick(now));
        },
        Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        for handle in handles.into_iter().flatten() {
            handle.remove();
        }
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    idle
}

/// A listener for `event` on the window, in the capture phase, passive.
fn capture_listener(event: &'static str, f: impl Fn() + 'static) -> Option<CaptureListener> {
    use wasm_bindgen::prelude::*;
    let window = web_sys::window()?;
    let closure = Closure::<dyn Fn()>::new(f);
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    options.set_passive(true);
    window
        .add_event_listener_with_callback_and_add_event_listener_options(
            event,
            closure.as_ref().unchecked_ref(),
            &options,
        )
        .ok()?;
    Some(CaptureListener {
        event,
        closure: send_wrapper::SendWrapper::new(closure),
    })
}

struct CaptureListener {
    event: &'static str,
    closure: send_wrapper::SendWrapper<wasm_bindgen::closure::Closure<dyn Fn()>>,
}

impl CaptureListener {
    fn remove(self) {
        use wasm_bindgen::JsCast;
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback_and_bool(
                self.event,
                self.closure.as_ref().unchecked_ref(),
                true,
            );
        }
    }
}
