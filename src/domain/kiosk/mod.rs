//! Kiosk mode's pure rules (issue 10): the `kiosk` settings of `config.json`,
//! the idle / warning / attract state machine and the refresh rule, the
//! attract loop's rotation and burn-in shift, the night window, the 留言码
//! keypad, what a tapped link does (`links`), the heartbeat's offline
//! rule and the watchdog's restart back-off (`watchdog`). The kiosk shell feeds them `Date.now()` and input; they never touch
//! the browser.
//!
//! Instants are Unix milliseconds (`u64`) throughout, except in the
//! heartbeat rule, which the server runs on `OffsetDateTime`s.

pub mod attract;
pub mod config;
pub mod heartbeat;
pub mod idle;
pub mod keypad;
pub mod links;
pub mod night;
pub mod slides;
pub mod watchdog;
pub mod wipe;

pub use attract::{attract_slide, burn_in_offset, AttractSlide};
pub use config::{KioskConfig, KioskField, KioskIssue, KioskProblem};
pub use heartbeat::{is_offline, missed_beats};
pub use idle::{refresh_due, IdleEffect, IdleEvent, IdleMachine, Phase};
pub use keypad::{CodeInput, KEYPAD_ROWS};
pub use links::{classify_link, is_external, LinkAction};
pub use night::NightWindow;
pub use slides::{attract_slides, LatestEntry, PublicityEntry, Slide};
pub use watchdog::RestartStreak;
pub use wipe::{kept_on_reset, keys_to_wipe};
