//! Pieces of the kiosk shell (`shells::kiosk`): only the kiosk's bundle
//! uses them.

pub mod attract;
pub mod dialog;
pub mod help;
pub mod page_buttons;
pub mod warning;
