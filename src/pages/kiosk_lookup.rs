//! The kiosk's `/lookup` (查询办理进度): the 留言码 typed on the on-screen
//! keypad (no input method on a shared screen), then the case as the phone
//! look-up shows it, without rating (a reason cannot be typed here).
//!
//! Nothing of it is kept: the code and the result live in this page's
//! signals only (never in sessionStorage or localStorage, unlike the phone
//! page's carried-over code), no saved codes are offered, and the kiosk's
//! reset unmounts the page, which wipes both. 重新输入 wipes them at once.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, FeedbackState};
use crate::components::case_view::CaseView;
use crate::components::kiosk::Keypad;
use crate::components::page_heading::PageHeading;
use crate::components::tracking_code::ForgotCode;
use crate::domain::kiosk::CodeInput;
use crate::hooks::{focus_by_id, use_api};
use crate::i18n::error_message;
use crate::{t, te, tk};

const RESULT_ID: &str = "gk-kiosk-lookup-result";

#[component]
pub fn KioskLookupPage() -> impl IntoView {
    let api = use_api();
    let input = RwSignal::new(CodeInput::new());
    let result = RwSignal::new(None::<Result<FeedbackState, ApiError>>);
    let loading = RwSignal::new(false);
    // Each look-up (and each 重新输入) gets a number: an answer that comes
    // back after the screen has moved on is dropped.
    let generation = StoredValue::new(0u32);

    let on_submit = Callback::new(move |code: String| {
        let api = api.clone();
        generation.update_value(|g| *g += 1);
        let asked = generation.get_value();
        loading.set(true);
        spawn_local(async move {
            let answer = api.feedback(&code).await;
            if generation.try_get_value() == Some(asked) {
                _ = result.try_set(Some(answer));
                _ = loading.try_set(false);
                request_animation_frame(|| focus_by_id(RESULT_ID));
            }
        });
    });
    let again = move |_| {
        generation.update_value(|g| *g += 1);
        result.set(None);
        loading.set(false);
        input.update(CodeInput::clear);
        request_animation_frame(|| {
            let keypad = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(".gk-keypad").ok().flatten());
            if let Some(el) =
                keypad.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        });
    };

    let body = move || {
        if loading.get() {
            return view! { <p class="gk-loading__text" role="status">{t!(loading)}</p> }
                .into_any();
        }
        let Some(answer) = result.get() else {
            return view! {
                <p class="gk-kiosk-lookup__intro">{tk!(kiosk_lookup_intro)}</p>
                <Keypad input=input on_submit=on_submit/>
                <ForgotCode/>
            }
            .into_any();
        };
        let shown = match answer {
            Ok(state) => view! { <CaseView state=state/> }.into_any(),
            Err(ApiError::NotFound) => view! {
                <p class="gk-lookup__missing" role="alert">{te!(crate::hooks::use_elder().get_untracked(), lookup_not_found)}</p>
            }
            .into_any(),
            Err(error) => view! {
                <p class="gk-lookup__missing" role="alert">{error_message(&error)}</p>
            }
            .into_any(),
        };
        view! {
            <section class="gk-kiosk-lookup__result" aria-labelledby=RESULT_ID>
                <h2 class="gk-visually-hidden" id=RESULT_ID tabindex="-1">{tk!(kiosk_lookup_result)}</h2>
                {shown}
            </section>
            <p class="gk-kiosk-lookup__again">
                <button type="button" class="gk-button gk-button--primary gk-kiosk-lookup__again-button"
                    on:click=again>{tk!(kiosk_lookup_again)}</button>
            </p>
        }
        .into_any()
    };

    view! {
        <div class="gk-page gk-kiosk-lookup">
            <PageHeading text=tk!(kiosk_lookup_title)/>
            <div class="gk-kiosk-lookup__body" aria-busy=move || loading.get().to_string()>
                {body}
            </div>
        </div>
    }
}
