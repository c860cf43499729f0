//! Pieces of the kiosk shell (`shells::kiosk`): only the kiosk's bundle
//! uses them.

pub mod keypad;
pub mod link_sheet;

pub use keypad::Keypad;
pub use link_sheet::{link_action_for_click, LinkSheet};
