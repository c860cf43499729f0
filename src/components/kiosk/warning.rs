//! "您还在使用吗？": the idle warning, with its countdown and 继续使用.
//! The countdown is in a live region that is read out once as the dialog
//! opens (the dialog is an alert) and then only every ten seconds, so a
//! screen reader is not talked over every second.

use leptos::prelude::*;

use super::dialog::KioskDialog;
use crate::tk;

#[component]
pub fn IdleWarning(
    /// Seconds left before the reset (tracked).
    #[prop(into)]
    remaining: Signal<u32>,
    #[prop(into)] on_continue: Callback<()>,
) -> impl IntoView {
    let body = move || tk!(kiosk_warning_body, seconds = remaining.get());
    // What a screen reader hears: the countdown in steps of ten seconds.
    let spoken = Memo::new(move |_| remaining.get().div_ceil(10) * 10);
    view! {
        <KioskDialog
            labelled_by="gk-kiosk-warning-title"
            described_by="gk-kiosk-warning-body"
            alert=true
            class="gk-kiosk-warning"
        >
            <h2 id="gk-kiosk-warning-title" class="gk-kiosk-dialog__title">{tk!(kiosk_warning_title)}</h2>
            <p id="gk-kiosk-warning-body" class="gk-kiosk-warning__body">{body}</p>
            <p class="gk-kiosk-warning__count" aria-hidden="true">{move || remaining.get()}</p>
            <p class="gk-visually-hidden" aria-live="polite">
                {move || tk!(kiosk_warning_body, seconds = spoken.get())}
            </p>
            <button type="button" class="gk-kiosk-button gk-kiosk-button--primary"
                on:click=move |_| on_continue.run(())>
                {tk!(kiosk_warning_continue)}
            </button>
        </KioskDialog>
    }
}
