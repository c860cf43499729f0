//! `install_watchdog()`: the kiosk restarts itself after a wasm panic or an
//! unhandled script error (issue 10, part 5). Called first thing in
//! `kiosk_main.rs`, before anything can fail.
//!
//! On a panic (the panic hook) or an `error` / `unhandledrejection` on the
//! window, once per page:
//! - the reason goes to the console and, dated and cut to 500 characters,
//!   to `localStorage` ([`LAST_ERROR_KEY`]), for the next heartbeat;
//! - the restart streak ([`RESTARTS_KEY`], `domain::kiosk::watchdog`)
//!   decides the delay: 5 s, then 30 s, then 5 minutes when restarts
//!   follow one another within a minute;
//! - the page shows 出现故障，N 秒后自动重新启动…… in place of the app;
//! - `setTimeout(location.reload.bind(location), delay)` is set. The timer
//!   calls the browser's own `reload`, never back into wasm: after a panic
//!   the module has trapped and its state is not to be trusted.
//!
//! In case the wasm listener itself cannot run (the module broken beyond
//! calling), a second listener on the same events is a plain JS function
//! (`setTimeout.bind(window, reload, delay)`, no closure, no `eval`, which
//! the CSP forbids) that schedules the reload with the delay worked out at
//! start-up. The wasm listener, when it runs, stops the event before it.
//!
//! A `ResizeObserver loop …` error, which Chromium reports though nothing
//! failed, restarts nothing.
//!
//! Both keys start with `gongkai:kiosk:`, which the wipe between people
//! keeps.

use std::sync::atomic::{AtomicBool, Ordering};

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::storage::{local, read, write};
use crate::domain::kiosk::watchdog::{
    delay_seconds, encode_last_error, error_record, is_benign_error, RestartStreak,
};
use crate::tk;

/// The last error: Unix ms, a newline, the dated reason
/// (`domain::kiosk::watchdog::error_record`).
pub const LAST_ERROR_KEY: &str = "gongkai:kiosk:last_error";
/// The restart streak (`count,reload_at`).
pub const RESTARTS_KEY: &str = "gongkai:kiosk:restarts";

/// Set once a restart is on its way: later errors (the trap that follows a
/// panic, errors from a half-dead page) change nothing.
static FIRED: AtomicBool = AtomicBool::new(false);

/// Whether the page is on its way to a restart (the app may be dead: leave
/// it alone).
pub fn restarting() -> bool {
    FIRED.load(Ordering::SeqCst)
}

/// Installs the panic hook and the window's `error` and
/// `unhandledrejection` listeners. Idempotent enough: call it once.
pub fn install_watchdog() {
    std::panic::set_hook(Box::new(|info| {
        // The panic in the console, with its message, as before.
        console_error_panic_hook::hook(info);
        restart(&info.to_string());
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_error = Closure::<dyn Fn(JsValue)>::new(|event: JsValue| {
        if let Some(event) = event.dyn_ref::<web_sys::Event>() {
            // This listener handles it: the JS fallback below need not.
            event.stop_immediate_propagation();
        }
        if FIRED.load(Ordering::SeqCst) || is_benign(&event) {
            return;
        }
        restart(&describe(&event));
    });
    let now = now_ms();
    let fallback_delay = RestartStreak::after(stored_streak(), now).delay_ms(now);
    let fallback = reload_later(&window, fallback_delay);
    for name in ["error", "unhandledrejection"] {
        let _ = window.add_event_listener_with_callback(name, on_error.as_ref().unchecked_ref());
        if let Some(fallback) = &fallback {
            let _ = window.add_event_listener_with_callback(name, fallback);
        }
    }
    on_error.forget();
}

/// Records `reason`, shows the notice and schedules the reload: once.
fn restart(reason: &str) {
    if FIRED.swap(true, Ordering::SeqCst) {
        return;
    }
    let now = now_ms();
    let streak = RestartStreak::after(stored_streak(), now);
    write(local(), RESTARTS_KEY, &streak.encode());
    let record = error_record(reason, now);
    write(local(), LAST_ERROR_KEY, &encode_last_error(&record, now));
    let delay = streak.delay_ms(now);
    let seconds = delay_seconds(delay);
    web_sys::console::error_1(
        &format!(
            "gongkai kiosk: restarting in {seconds} s (restart {} in a row): {record}",
            streak.count
        )
        .into(),
    );
    show_notice(&tk!(kiosk_restarting, seconds = seconds));
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(reload) = bound_reload(&window) {
        let _ =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&reload, clamp_ms(delay));
    }
}

fn stored_streak() -> Option<RestartStreak> {
    read(local(), RESTARTS_KEY).and_then(|s| RestartStreak::decode(&s))
}

/// `location.reload` bound to `location`: a browser function, callable by a
/// timer without any wasm.
fn bound_reload(window: &web_sys::Window) -> Option<Function> {
    let location = Reflect::get(window, &"location".into()).ok()?;
    let reload: Function = Reflect::get(&location, &"reload".into())
        .ok()?
        .dyn_into()
        .ok()?;
    bind(&reload, &location, &[])
}

/// `setTimeout.bind(window, reload, delay)`: a listener that, called with
/// the event, schedules the reload (the event goes to `reload`, which
/// ignores it).
fn reload_later(window: &web_sys::Window, delay: u64) -> Option<Function> {
    let reload = bound_reload(window)?;
    let set_timeout: Function = Reflect::get(window, &"setTimeout".into())
        .ok()?
        .dyn_into()
        .ok()?;
    bind(
        &set_timeout,
        window,
        &[reload.into(), JsValue::from(clamp_ms(delay))],
    )
}

/// `f.bind(this, ...args)`, through `Function.prototype.bind` itself.
fn bind(f: &Function, this: &JsValue, args: &[JsValue]) -> Option<Function> {
    let bind: Function = Reflect::get(f, &"bind".into()).ok()?.dyn_into().ok()?;
    let all: js_sys::Array = std::iter::once(this.clone())
        .chain(args.iter().cloned())
        .collect();
    Reflect::apply(&bind, f, &all).ok()?.dyn_into().ok()
}

fn clamp_ms(ms: u64) -> i32 {
    i32::try_from(ms).unwrap_or(i32::MAX)
}

/// An `error` event that is no fault (`is_benign_error`).
fn is_benign(event: &JsValue) -> bool {
    Reflect::get(event, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .is_some_and(|m| is_benign_error(&m))
}

/// The reason an `error` or `unhandledrejection` event carries.
fn describe(event: &JsValue) -> String {
    let get = |target: &JsValue, name: &str| {
        Reflect::get(target, &name.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let text = |value: &JsValue| {
        value.as_string().or_else(|| {
            get(value, "message").and_then(|m| m.as_string()).map(|m| {
                match get(value, "name").and_then(|n| n.as_string()) {
                    Some(name) => format!("{name}: {m}"),
                    None => m,
                }
            })
        })
    };
    if let Some(reason) = get(event, "reason") {
        let what = text(&reason).unwrap_or_else(|| format!("{reason:?}"));
        return format!("unhandled rejection: {what}");
    }
    let message = get(event, "error")
        .and_then(|e| text(&e))
        .or_else(|| get(event, "message").and_then(|m| m.as_string()))
        .unwrap_or_else(|| "script error".to_owned());
    let source = get(event, "filename").and_then(|f| f.as_string());
    let line = get(event, "lineno").and_then(|l| l.as_f64());
    match (source, line) {
        (Some(source), Some(line)) if !source.is_empty() => {
            format!("{message} ({source}:{line})")
        }
        _ => message,
    }
}

/// The notice, in place of the app (which may be dead): plain DOM, styled
/// through CSSOM (the CSP allows no inline style attribute).
fn show_notice(text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Ok(notice)) = (document.body(), document.create_element("p")) else {
        return;
    };
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("class", "gk-kiosk-restarting");
    notice.set_text_content(Some(text));
    if let Ok(style) = Reflect::get(&notice, &"style".into()) {
        for (name, value) in [
            ("margin", "0"),
            ("padding", "20vh 8vw"),
            ("fontSize", "2.5rem"),
            ("lineHeight", "1.5"),
            ("textAlign", "center"),
        ] {
            let _ = Reflect::set(&style, &name.into(), &value.into());
        }
    }
    body.replace_children_with_node_1(&notice);
}

fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}
