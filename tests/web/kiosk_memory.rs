//! The kiosk runs for weeks on one page, one person's session after
//! another: a session that goes must leave nothing behind on the wasm heap.
//! Measured with the counting allocator this test binary runs on
//! (`src/mem_probe.rs`). (A module of tests/web.rs.)
//!
//! A reactive source keeps every subscriber it ever had until the source
//! itself goes, so what a session's views read must go with the session:
//! the idle machine hands each session signals of its own
//! (`IdleDriver::attach`), and the session's clock is driven by its tick,
//! not by a timer of its own; each session is built in a view that the
//! wipe rebuilds, so the owner above it lets go of it. The control test
//! shows that the measurement sees the leak this avoids.

use gongkai::domain::kiosk::{IdleEvent, KioskConfig};
use gongkai::hooks::{now_ms, provide_clock_ticked, use_idle, IdleDriver};
use leptos::prelude::*;
use wasm_bindgen_test::*;

use super::{mem_probe, tick};

/// What a page of a session reads: the machine's time and phase and the
/// session clock's day, in an effect, as views do.
fn session(driver: IdleDriver) -> Owner {
    let owner = Owner::new();
    owner.with(|| {
        let idle = driver.attach(|_| {});
        let clock = provide_clock_ticked(idle.now.into());
        let seen = Memo::new(move |_| (idle.now.get(), idle.phase(), clock.now()));
        Effect::new(move |_| {
            seen.track();
        });
    });
    owner
}

/// Live heap bytes after `rounds` sessions, each opened under `parent`, run
/// for a few ticks and thrown away as the kiosk does at the wipe (the
/// parent, which lives on, is cleaned up and builds the next), after a
/// warm-up of the same.
async fn heap_growth(rounds: usize, one: impl Fn() -> Owner, driver: IdleDriver) -> i64 {
    let parent = Owner::new();
    for _ in 0..5 {
        round(&parent, &one, driver).await;
    }
    let before = mem_probe::live()[0] as i64;
    for _ in 0..rounds {
        round(&parent, &one, driver).await;
    }
    mem_probe::live()[0] as i64 - before
}

async fn round(parent: &Owner, one: &impl Fn() -> Owner, driver: IdleDriver) {
    let session = parent.with(one);
    tick().await;
    for _ in 0..3 {
        driver.send(IdleEvent::Tick(now_ms()));
        tick().await;
    }
    drop(session);
    parent.cleanup();
    tick().await;
}

#[wasm_bindgen_test]
async fn a_session_that_goes_leaves_nothing_on_the_heap() {
    // Effects need the executor, which mounting starts: these tests mount
    // nothing, and may run before any test that does.
    leptos::mount::mount_to(super::container(), || ()).forget();
    let root = Owner::new();
    root.set();
    let driver = use_idle(&KioskConfig::default(), |_| {});
    let growth = heap_growth(60, move || session(driver), driver).await;
    assert!(growth <= 512, "60 sessions left {growth} bytes behind");
    root.cleanup();
}

#[wasm_bindgen_test]
async fn control_sessions_under_an_owner_that_is_never_cleaned_are_seen_to_leak() {
    // What the kiosk avoids by building each session in a view that is
    // rebuilt at the wipe: an owner keeps a handle on every child it ever
    // had until it is cleaned itself, and each handle holds the child's
    // memory.
    leptos::mount::mount_to(super::container(), || ()).forget();
    let root = Owner::new();
    root.set();
    let driver = use_idle(&KioskConfig::default(), |_| {});
    let parent = Owner::new();
    for _ in 0..5 {
        parent.with(|| session(driver)).cleanup();
        tick().await;
    }
    let before = mem_probe::live()[0] as i64;
    for _ in 0..60 {
        let session = parent.with(|| session(driver));
        tick().await;
        driver.send(IdleEvent::Tick(now_ms()));
        tick().await;
        session.cleanup();
        drop(session);
        tick().await;
    }
    let growth = mem_probe::live()[0] as i64 - before;
    assert!(
        growth > 60 * 16,
        "the probe should see what the owner kept: {growth} bytes"
    );
    root.cleanup();
}
