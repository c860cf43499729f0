//! `use_heartbeat(device)`: the kiosk tells its backend it is alive (issue
//! 10, part 5), when `site.json` advertises `kiosk_heartbeat`: a beat as
//! soon as the site has loaded, then one every `interval()` seconds, with
//! the device's name, the build, the age of the data on screen, the time
//! since the page started and the watchdog's last error
//! (`hooks::use_watchdog`). A static backend advertises nothing, and then
//! nothing is sent. A beat that fails is dropped; the next one follows.
//!
//! The kiosk calls it in each person's session (which is rebuilt at every
//! wipe), with the idle machine's tick: at every tick it looks whether a
//! beat is due. When the last beat was is kept for the page's life, so a
//! new session beats only when one is due, and the beats keep their
//! interval however often people come and go. No timer of its own: none is
//! left behind when the session goes.
//!
//! Time is `Date.now()` and the timer `setInterval`, both of which
//! Playwright's `page.clock` controls.

use std::cell::Cell;

use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::storage::{local, read, write};
use super::use_watchdog::{restarting, LAST_ERROR_KEY};
use super::{now_ms, use_api, use_shared};
use crate::api::{
    random_bytes, ApiResult, Heartbeat, KioskHeartbeatService, HEARTBEAT_SECONDS_MAX,
    HEARTBEAT_VERSION_MAX_CHARS,
};
use crate::domain::kiosk::heartbeat::beat_due;
use crate::domain::kiosk::watchdog::{last_error_to_report, truncate_chars};

/// The name a kiosk without `kiosk.device` in `config.json` goes by: made
/// up once (`触摸屏-` and six hex digits) and kept on the device, so two
/// unnamed screens are still told apart.
pub const DEVICE_KEY: &str = "gongkai:kiosk:device";

thread_local! {
    /// When the page last beat (Unix ms), across sessions.
    static LAST_BEAT: Cell<Option<u64>> = const { Cell::new(None) };
}

/// Starts the beats for the device named `device` (or the made-up name),
/// looking at every change of `tick` whether one is due, for as long as the
/// calling view lives.
pub fn use_heartbeat(device: Option<String>, tick: Signal<u64>) {
    let shared = use_shared();
    let api = use_api();
    let device = device.unwrap_or_else(unnamed_device);
    let version = build_version();
    // When the data on screen dates from (Unix ms), per shared resource.
    let site_at = StoredValue::new(None::<u64>);
    let orgs_at = StoredValue::new(None::<u64>);
    let service = StoredValue::new(None::<KioskHeartbeatService>);
    Effect::new(move |_| {
        if let Some(at) = shared.orgs.try_get().flatten().as_ref().and_then(data_from) {
            orgs_at.try_set_value(Some(at));
        }
    });

    let beat = move || {
        // A page waiting for the watchdog's reload beats no more; the page
        // after it reports the error.
        if restarting() {
            return;
        }
        let Some(service) = service.try_get_value().flatten() else {
            return;
        };
        let now = now_ms();
        let interval_ms = u64::from(service.interval()) * 1000;
        if !beat_due(LAST_BEAT.get(), now, interval_ms) {
            return;
        }
        LAST_BEAT.set(Some(now));
        let oldest = match (
            site_at.try_get_value().flatten(),
            orgs_at.try_get_value().flatten(),
        ) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let beat = Heartbeat {
            device: device.clone(),
            version: version.clone(),
            data_age_seconds: oldest
                .map(|at| (now.saturating_sub(at) / 1000).min(HEARTBEAT_SECONDS_MAX)),
            uptime_seconds: uptime_seconds(),
            last_error: last_error_to_report(read(local(), LAST_ERROR_KEY).as_deref(), now),
        };
        let api = api.clone();
        leptos::task::spawn_local(async move {
            // A failed beat is dropped: the next one is never far.
            let _ = api.heartbeat(&service, &beat).await;
        });
    };

    let beat_on_tick = beat.clone();
    Effect::new(move |_| {
        let Some(Some(site)) = shared.site.try_get() else {
            return;
        };
        if let Some(at) = data_from(&site) {
            site_at.try_set_value(Some(at));
        }
        // A site that could not be read at all changes nothing.
        let Ok(loaded) = site else { return };
        let advertised = loaded.data.kiosk_heartbeat.clone();
        if service.try_set_value(advertised).is_none() {
            beat();
        }
    });
    Effect::new(move |_| {
        tick.track();
        beat_on_tick();
    });
}

/// When the data of a load dates from: its saved copy's time when stale,
/// else now (it has just arrived); `None` when nothing loaded.
fn data_from<T>(result: &ApiResult<T>) -> Option<u64> {
    let loaded = result.as_ref().ok()?;
    Some(match &loaded.stale {
        Some(stale) => u64::try_from(stale.saved_at.unix_timestamp_nanos() / 1_000_000).ok()?,
        None => now_ms(),
    })
}

/// The name kept under [`DEVICE_KEY`], made up on first use.
fn unnamed_device() -> String {
    if let Some(name) = read(local(), DEVICE_KEY).filter(|n| !n.trim().is_empty()) {
        return name;
    }
    let bytes = random_bytes();
    let id = format!("{:02x}{:02x}{:02x}", bytes[0], bytes[1], bytes[2]);
    let name = crate::tk!(kiosk_device_default_name, id = id);
    write(local(), DEVICE_KEY, &name);
    name
}

/// The crate's version and, when Trunk hashed the file names, the kiosk
/// module's hash (`0.1.0+b59f6209169df7a7`), which changes with every
/// build.
fn build_version() -> String {
    let hash = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("link[rel=modulepreload]").ok().flatten())
        .and_then(|link| link.get_attribute("href"))
        .and_then(|href| {
            let file = href.rsplit('/').next()?.strip_suffix(".js")?.to_owned();
            let hash = file.rsplit_once('-')?.1.to_owned();
            (!hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
        });
    let version = match hash {
        Some(hash) => format!("{}+{hash}", env!("CARGO_PKG_VERSION")),
        None => env!("CARGO_PKG_VERSION").to_owned(),
    };
    truncate_chars(&version, HEARTBEAT_VERSION_MAX_CHARS)
}

/// Seconds since the page started: `performance.now()`.
fn uptime_seconds() -> u64 {
    let ms = web_sys::window()
        .and_then(|w| Reflect::get(&w, &"performance".into()).ok())
        .and_then(|performance| {
            let now: Function = Reflect::get(&performance, &"now".into())
                .ok()?
                .dyn_into()
                .ok()?;
            now.call0(&performance).ok()?.as_f64()
        })
        .unwrap_or(0.0);
    ((ms.max(0.0) / 1000.0) as u64).min(HEARTBEAT_SECONDS_MAX)
}
