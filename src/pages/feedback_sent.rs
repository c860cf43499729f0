//! `/feedback/sent`: the confirmation of the submission this tab sent last,
//! in the GOV.UK manner: the tracking code (留言码) large and copyable, what
//! happens next, the reply deadline and how to look it up. The code is
//! never put in an address, so it stays out of history and server logs.

use leptos::prelude::*;

use crate::api::{FeedbackKind, FeedbackReceipt};
use crate::components::page_heading::PageHeading;
use crate::components::submission_facts::SubmissionFacts;
use crate::components::tracking_code::{code_groups, ForgotCode};
use crate::domain::saved_codes::SavedCode;
use crate::hooks::aria_level_attr;
use crate::hooks::use_shared;
use crate::hooks::{use_lookup_code, use_outbox, use_saved_codes};
use crate::i18n::{format_date_weekday, iso_day};
use crate::routes::{lookup_href, org_href};
use crate::{t, te};

#[component]
pub fn FeedbackSentPage() -> impl IntoView {
    let outbox = use_outbox();
    // The oldest one not yet confirmed (sent while its writer was away),
    // else the newest.
    let receipts = outbox.receipts();
    let latest = receipts
        .iter()
        .rev()
        .find(|r| !r.seen)
        .or(receipts.first())
        .map(|s| s.receipt.clone());
    match latest {
        Some(receipt) => {
            outbox.mark_seen(&receipt.code);
            view! { <div class="gk-page gk-sent"><Confirmation receipt=receipt/></div> }.into_any()
        }
        None => view! {
            <div class="gk-page gk-sent">
                <PageHeading text=t!(sent_title)/>
                <p>{t!(sent_none)}</p>
                <p><a class="gk-button gk-button--primary" href=lookup_href()>{t!(lookup_title)}</a></p>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn Confirmation(receipt: FeedbackReceipt) -> impl IntoView {
    let elder = crate::hooks::use_elder();
    let shared = use_shared();
    let org_id = receipt.org.clone();
    let org_name = Signal::derive(move || shared.org_name(&org_id));
    let working_days = Signal::derive(move || {
        shared
            .site
            .get()
            .and_then(Result::ok)
            .and_then(|s| s.data.feedback.as_ref().map(|f| f.reply_working_days))
    });
    let copied = RwSignal::new(None::<bool>);
    let code = receipt.code.clone();
    let copy = move |_| {
        let code = code.clone();
        leptos::task::spawn_local(async move {
            copied.set(Some(copy_text(&code, "gk-code").await));
        });
    };
    let lookup_code = receipt.code.clone();
    let carried = use_lookup_code();
    let saved = use_saved_codes();
    // An objection is answered before its 公示 ends, not in the general time.
    let objection = receipt.kind == FeedbackKind::Objection;
    let due = receipt.reply_due;
    let org_link = org_href(&receipt.org);

    view! {
        <div class="gk-confirmation">
            <PageHeading text=t!(sent_title)/>
            <p class="gk-confirmation__label">{t!(sent_code_label)}</p>
            <p class="gk-confirmation__code" id="gk-code">{code_groups(&receipt.code)}</p>
        </div>
        <p class="gk-confirmation__copy">
            <button type="button" class="gk-button" on:click=copy>{t!(sent_copy)}</button>
            <span role="status" class="gk-confirmation__copied">
                {move || copied.get().map(|ok| if ok { t!(sent_copied) } else { t!(sent_copy_failed) })}
            </span>
        </p>
        <p class="gk-confirmation__keep"><strong>{move || te!(elder.get(), sent_keep_code)}</strong></p>
        {saved.available.then(|| {
            let entry = SavedCode {
                code: receipt.code.clone(),
                org: receipt.org.clone(),
                kind: receipt.kind.as_str().to_owned(),
                sent_on: iso_day(receipt.submitted_at),
            };
            let code = receipt.code.clone();
            let is_saved = move || saved.contains(&code);
            let toggle = move |ev: leptos::ev::Event| match event_target_checked(&ev) {
                true => saved.save(entry.clone()),
                false => saved.remove(&entry.code),
            };
            view! {
                <div class="gk-checkbox gk-confirmation__save">
                    <input
                        type="checkbox"
                        id="gk-save-code"
                        class="gk-checkbox__input"
                        aria-describedby="gk-save-code-hint"
                        prop:checked=is_saved
                        on:change=toggle
                    />
                    <label class="gk-checkbox__label" for="gk-save-code">{t!(sent_save_code)}</label>
                    <p class="gk-radio__hint" id="gk-save-code-hint">{move || te!(elder.get(), sent_save_code_hint)}</p>
                </div>
            }.into_any()
        })}
        <ForgotCode/>

        <SubmissionFacts
            kind=receipt.kind
            org_name=org_name
            submitted_at=receipt.submitted_at
            reply_due=due
        />

        <h2 {..aria_level_attr(2)} class="gk-h2">{t!(sent_next_title)}</h2>
        <ol class="gk-steps">
            <li>{move || t!(sent_next_received, org = org_name.get())}</li>
            <li>
                {move || match (objection, working_days.get()) {
                    (true, _) => te!(elder.get(), sent_next_deadline_objection, date = format_date_weekday(due)),
                    (false, Some(n)) => te!(elder.get(), sent_next_deadline, date = format_date_weekday(due), n = n),
                    (false, None) => t!(sent_next_deadline_plain, date = format_date_weekday(due)),
                }}
            </li>
            <li>{move || te!(elder.get(), sent_next_lookup)}</li>
            <li>{move || te!(elder.get(), sent_next_rate)}</li>
        </ol>
        <p class="gk-actions">
            <a
                class="gk-button gk-button--primary"
                href=lookup_href()
                on:click=move |_| carried.remember(&lookup_code)
            >
                {t!(lookup_title)}
            </a>
            <a class="gk-button" href=org_link>{move || t!(sent_back, org = org_name.get())}</a>
        </p>
    }
}

/// Copies `text` with the Clipboard API where the page may use it (HTTPS);
/// elsewhere (an intranet over plain HTTP) selects the element `id` and
/// asks the browser to copy the selection. Whether it worked.
async fn copy_text(text: &str, id: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined())
        .unwrap_or(false);
    if has_clipboard {
        let promise = navigator.clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    let (Some(document), Ok(Some(selection))) = (window.document(), window.get_selection()) else {
        return false;
    };
    let Some(element) = document.get_element_by_id(id) else {
        return false;
    };
    if selection.select_all_children(&element).is_err() {
        return false;
    }
    document
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false)
}
