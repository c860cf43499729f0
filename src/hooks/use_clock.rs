//! `use_clock()`: "now" for the views, with the China date as a signal, so a
//! board left open (on a kiosk, say) redraws its statuses and countdowns
//! when the day turns. The shell provides one (`provide_clock`); without
//! it, the system clock.

use std::sync::Arc;

use leptos::prelude::*;
use time::{Date, OffsetDateTime};

use crate::domain::clock::{china_date, Clock};

/// The clock in the browser: `Date.now()`.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        let ms = js_sys::Date::now() as i128;
        OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

/// The clock views read "now" from; tests provide a fixed one. Reading it
/// in a reactive closure subscribes to the China date.
#[derive(Clone)]
pub struct AppClock {
    clock: Arc<dyn Clock + Send + Sync>,
    today: RwSignal<Date>,
}

impl AppClock {
    pub fn new(clock: Arc<dyn Clock + Send + Sync>) -> Self {
        let today = RwSignal::new(china_date(clock.now()));
        AppClock { clock, today }
    }

    pub fn now(&self) -> OffsetDateTime {
        self.today.track();
        self.clock.now()
    }

    /// Checks once a minute whether the China date has changed, for as
    /// long as the calling view lives.
    fn keep_today(&self) {
        let (clock, today) = (Arc::clone(&self.clock), self.today);
        let timer = set_interval_with_handle(
            move || {
                // A timer cleared with its view can still fire once (a
                // controlled clock does): then there is nothing to do.
                let Some(current) = today.try_get_untracked() else {
                    return;
                };
                let date = china_date(clock.now());
                if current != date {
                    today.try_set(date);
                }
            },
            std::time::Duration::from_secs(60),
        )
        .ok();
        on_cleanup(move || {
            if let Some(timer) = timer {
                timer.clear();
            }
        });
    }
}

/// Provides the system clock, its date looked at again at every change of
/// `tick` (a signal of the caller's that changes now and then: the kiosk's
/// idle tick), and returns it. Below the calling view it shadows the
/// app's clock, so what is there subscribes to nothing that outlives the
/// view, and no timer of its own is left behind when the view goes.
#[cfg(feature = "kiosk")]
pub fn provide_clock_ticked(tick: Signal<u64>) -> AppClock {
    let clock = AppClock::new(Arc::new(SystemClock));
    let (system, today) = (Arc::clone(&clock.clock), clock.today);
    Effect::new(move |_| {
        tick.track();
        let date = china_date(system.now());
        if today.get_untracked() != date {
            today.set(date);
        }
    });
    provide_context(clock.clone());
    clock
}

/// Provides the system clock, its date kept current, and returns it.
pub fn provide_clock() -> AppClock {
    let clock = AppClock::new(Arc::new(SystemClock));
    clock.keep_today();
    provide_context(clock.clone());
    clock
}

pub fn use_clock() -> AppClock {
    use_context::<AppClock>().unwrap_or_else(|| AppClock::new(Arc::new(SystemClock)))
}
