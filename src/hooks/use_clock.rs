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

    /// Checks once a minute whether the China date has changed.
    fn keep_today(&self) {
        let (clock, today) = (Arc::clone(&self.clock), self.today);
        set_interval(
            move || {
                let date = china_date(clock.now());
                if today.get_untracked() != date {
                    today.set(date);
                }
            },
            std::time::Duration::from_secs(60),
        );
    }
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
