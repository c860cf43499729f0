//! Pieces shared by pages (and shells). Each takes plain props (data, now,
//! calendar) so it can be mounted and tested without a network.
//!
//! Layer: above `hooks`, below `pages`. Links come from `crate::routes`.

pub mod attachments;
pub mod case_view;
pub mod char_count;
pub mod contacts;
pub mod error_summary;
pub mod feedback_form;
pub mod filters_bar;
pub mod form_field;
pub mod highlight;
pub mod item_card;
pub mod item_list;
#[cfg(feature = "kiosk")]
pub mod kiosk;
pub mod lazy_page;
pub mod load_state;
pub mod locale_picker;
pub mod not_found;
pub mod org_tree;
pub mod outbox_notice;
pub mod page_heading;
pub mod period_badge;
pub mod print_sheet;
pub mod qr_code;
pub mod rate_reply;
pub mod read_aloud;
pub mod reading_settings;
pub mod reply_list;
pub mod rich_text;
pub mod submission_facts;
pub mod tracking_code;
