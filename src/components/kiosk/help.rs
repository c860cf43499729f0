//! 帮助: how to use the screen, in a few plain sentences.

use leptos::prelude::*;

use super::dialog::KioskDialog;
use crate::tk;

#[component]
pub fn KioskHelp(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    view! {
        <KioskDialog labelled_by="gk-kiosk-help-title" class="gk-kiosk-help">
            <h2 id="gk-kiosk-help-title" class="gk-kiosk-dialog__title">{tk!(kiosk_help_title)}</h2>
            <ul class="gk-kiosk-help__list">
                <li>{tk!(kiosk_help_touch)}</li>
                <li>{tk!(kiosk_help_pages)}</li>
                <li>{tk!(kiosk_help_size)}</li>
                <li>{tk!(kiosk_help_back)}</li>
                <li>{tk!(kiosk_help_feedback)}</li>
                <li>{tk!(kiosk_help_privacy)}</li>
            </ul>
            <button type="button" class="gk-kiosk-button gk-kiosk-button--primary"
                on:click=move |_| on_close.run(())>
                {tk!(kiosk_help_close)}
            </button>
        </KioskDialog>
    }
}
