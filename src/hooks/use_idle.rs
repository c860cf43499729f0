//! `use_idle(config, on_effect)`: drives the kiosk's idle machine
//! (`domain::kiosk::IdleMachine`) from the browser. Every touch, click,
//! key or wheel anywhere on the page is an input; a timer ticks once a
//! second. The machine decides; the shell performs the effects it returns
//! (`on_effect`), and tells it when a reset is done
//! ([`IdleDriver::reset_done`]).
//!
//! The machine lives as long as the kiosk, but what views read of it does
//! not: each person's session [`IdleDriver::attach`]es and gets signals of
//! its own ([`Idle`]), which the driver keeps up to date and which go with
//! the session. Nothing of a session stays subscribed to anything that
//! outlives it, so the wipe between people frees all of it (a reactive
//! source keeps every subscriber it ever had until the source itself goes).
//!
//! Time is `Date.now()` and the timer `setInterval`, both of which
//! Playwright's `page.clock` controls.

use std::time::Duration;

use leptos::prelude::*;

use super::window_listener::WindowListener;
use crate::domain::kiosk::{IdleEffect, IdleEvent, IdleMachine, KioskConfig, Phase};

/// The machine, for as long as the kiosk runs: plain values, which no view
/// subscribes to.
#[derive(Clone, Copy)]
pub struct IdleDriver {
    machine: StoredValue<IdleMachine>,
    now: StoredValue<u64>,
    on_effect: StoredValue<Box<dyn Fn(IdleEffect)>, LocalStorage>,
    /// The attached session's signals and its own effect handler.
    session: StoredValue<Option<Attached>, LocalStorage>,
}

struct Attached {
    id: u64,
    idle: Idle,
    on_effect: Box<dyn Fn(IdleEffect)>,
}

/// One session's view of the machine: signals that live as long as the
/// session.
#[derive(Clone, Copy)]
pub struct Idle {
    machine: RwSignal<IdleMachine>,
    /// The time (Unix ms), updated at every tick and input.
    pub now: RwSignal<u64>,
    driver: IdleDriver,
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

    /// 继续使用.
    pub fn extend(&self) {
        self.driver.send(IdleEvent::Extend(now_ms()));
    }
}

impl IdleDriver {
    /// The machine's phase now (not tracked).
    pub fn phase(&self) -> Phase {
        self.machine.with_value(IdleMachine::phase)
    }

    /// Feeds one event to the machine, shows the session its new state and
    /// performs the effect: the kiosk's handler first, then the session's.
    pub fn send(&self, event: IdleEvent) {
        let effect = self.machine.try_update_value(|m| m.handle(event)).flatten();
        self.publish();
        if let Some(effect) = effect {
            self.on_effect.with_value(|f| f(effect));
            self.session.with_value(|s| {
                if let Some(attached) = s {
                    (attached.on_effect)(effect);
                }
            });
        }
    }

    /// The shell has wiped everything after [`IdleEffect::Reset`].
    pub fn reset_done(&self) {
        let now = now_ms();
        self.now.set_value(now);
        self.send(IdleEvent::ResetDone(now));
    }

    /// A session's signals, kept up to date until the calling view goes;
    /// `on_effect` hears the machine's effects meanwhile. One session at a
    /// time: a later one takes over.
    pub fn attach(&self, on_effect: impl Fn(IdleEffect) + 'static) -> Idle {
        let idle = Idle {
            machine: RwSignal::new(self.machine.get_value()),
            now: RwSignal::new(self.now.get_value()),
            driver: *self,
        };
        let id = next_id();
        self.session.set_value(Some(Attached {
            id,
            idle,
            on_effect: Box::new(on_effect),
        }));
        let session = self.session;
        on_cleanup(move || {
            session.update_value(|s| {
                if s.as_ref().is_some_and(|a| a.id == id) {
                    *s = None;
                }
            });
        });
        idle
    }

    /// Copies the machine into the attached session's signals.
    fn publish(&self) {
        let (machine, now) = (self.machine.get_value(), self.now.get_value());
        let idle = self.session.with_value(|s| s.as_ref().map(|a| a.idle));
        if let Some(idle) = idle {
            if idle.now.try_get_untracked() != Some(now) {
                idle.now.try_set(now);
            }
            if idle.machine.try_get_untracked() != Some(machine) {
                idle.machine.try_set(machine);
            }
        }
    }
}

fn next_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Starts the machine in its attract loop, listening for input on the
/// window (in the capture phase, so nothing on the page can hide a touch
/// from it) and ticking once a second, for as long as the calling view
/// lives.
pub fn use_idle(config: &KioskConfig, on_effect: impl Fn(IdleEffect) + 'static) -> IdleDriver {
    let start = now_ms();
    let driver = IdleDriver {
        machine: StoredValue::new(IdleMachine::new(config, start)),
        now: StoredValue::new(start),
        on_effect: StoredValue::new_local(Box::new(on_effect)),
        session: StoredValue::new_local(None),
    };
    let input = move || {
        let now = now_ms();
        driver.now.set_value(now);
        driver.send(IdleEvent::Input(now));
    };
    // In the capture phase and passive: seen before anything on the page,
    // never in the way of scrolling.
    let listen = |event| WindowListener::new(event, true, true, move |_| input());
    let handles =
        send_wrapper::SendWrapper::new([listen("pointerdown"), listen("keydown"), listen("wheel")]);
    let tick = set_interval_with_handle(
        move || {
            let now = now_ms();
            driver.now.set_value(now);
            driver.send(IdleEvent::Tick(now));
        },
        Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        drop(handles.take());
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    driver
}
