//! Browser state behind the feedback pages, one hook per file: the outbox
//! that sends submissions, and the draft of a form.

pub(crate) mod storage;
pub mod use_draft;
pub mod use_outbox;

pub use use_draft::*;
pub use use_outbox::*;
