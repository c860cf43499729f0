//! Pieces of the kiosk shell (`shells::kiosk`): only the kiosk's bundle
//! uses them.

pub mod attract;
pub mod dialog;
pub mod help;
pub mod keypad;
pub mod link_sheet;
pub mod page_buttons;
pub mod warning;

pub use keypad::Keypad;
pub use link_sheet::{link_action_for_click, LinkSheet};
