//! Browser state, one hook per file: behind the feedback pages, the outbox
//! that sends submissions, the draft of a form, and the tracking codes kept
//! on the device; for the whole app, the service worker (offline app shell).

pub(crate) mod storage;
pub mod use_draft;
pub mod use_outbox;
pub mod use_saved_codes;
pub mod use_service_worker;
pub mod use_shared_device;

pub use use_draft::*;
pub use use_outbox::*;
pub use use_saved_codes::*;
pub use use_service_worker::*;
pub use use_shared_device::*;
