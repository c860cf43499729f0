//! `use_shared_device()`: whether this screen serves many people (a service
//! hall's touch screen) rather than one person's own phone or computer.
//! A shell for such a screen provides `SharedDevice(true)`; the web shell
//! provides nothing. On a shared device nothing personal is offered to be
//! kept, such as a saved tracking code.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SharedDevice(pub bool);

pub fn use_shared_device() -> bool {
    use_context::<SharedDevice>().is_some_and(|d| d.0)
}
