//! Browser state and the contexts every page reads, one hook per file in
//! the leptos-use manner (`use_thing()`, plus `provide_thing()` where a
//! shell provides it): the backend (`use_api`), the shared site data
//! (`use_shared`), `config.json` (`use_config`), the clock with its day-turn signal (`use_clock`), the
//! locale (`use_i18n`), `document.title`, focus, the outbox that sends
//! submissions, the draft of a form, the tracking codes kept on the device
//! and the one carried to the look-up page, whether the device is shared,
//! the service worker (the offline app shell, registered at start-up), the
//! first screen the server writes into `index.html`, and
//! the kiosk's idle machine, lock-down, watchdog and heartbeat.
//!
//! Layer: above `i18n`, below components; shells provide what pages use.

pub mod first_screen;
pub mod focus;
pub mod heading_level;
pub(crate) mod storage;
pub mod use_api;
pub mod use_clock;
pub mod use_config;
pub mod use_document_title;
pub mod use_draft;
#[cfg(feature = "kiosk")]
pub mod use_heartbeat;
pub mod use_home_items;
pub mod use_i18n;
#[cfg(feature = "kiosk")]
pub mod use_idle;
pub mod use_item_list;
#[cfg(feature = "kiosk")]
pub mod use_lock_down;
pub mod use_lookup_code;
pub mod use_outbox;
pub mod use_reading;
pub mod use_saved_codes;
pub mod use_service_worker;
pub mod use_shared;
pub mod use_shared_device;
pub mod use_speech;
pub mod use_theme;
#[cfg(feature = "kiosk")]
pub mod use_watchdog;
#[cfg(feature = "kiosk")]
pub(crate) mod window_listener;

pub use first_screen::*;
pub use focus::*;
pub use heading_level::*;
pub use use_api::*;
pub use use_clock::*;
pub use use_config::*;
pub use use_document_title::*;
pub use use_draft::*;
#[cfg(feature = "kiosk")]
pub use use_heartbeat::*;
pub use use_home_items::*;
pub use use_i18n::*;
#[cfg(feature = "kiosk")]
pub use use_idle::*;
pub use use_item_list::*;
#[cfg(feature = "kiosk")]
pub use use_lock_down::*;
pub use use_lookup_code::*;
pub use use_outbox::*;
pub use use_reading::*;
pub use use_saved_codes::*;
pub use use_service_worker::*;
pub use use_shared::*;
pub use use_shared_device::*;
pub use use_speech::*;
pub use use_theme::*;
#[cfg(feature = "kiosk")]
pub use use_watchdog::*;
