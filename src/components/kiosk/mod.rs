//! Pieces of the kiosk shell (`shells::kiosk`): only the kiosk's bundle
//! uses them.

pub mod attract;
