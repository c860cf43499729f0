//! Satisfaction with a reply, in two steps: choose 满意 / 基本满意 / 不满意;
//! for 不满意 a reason and 要求重新办理 appear; then 提交评价 sends it. No
//! single tap is final, so the right to ask for the case to be handled again
//! cannot be lost by tapping 不满意 first.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{random_bytes, FeedbackState, Rating, RatingRequest, SendError};
use crate::components::char_count::CharCountHint;
use crate::domain::feedback::{validate_rating, REASON_MAX_CHARS};
use crate::domain::outbox::idempotency_key;
use crate::hooks::aria_level_attr;
use crate::hooks::{focus_by_id, use_api};
use crate::i18n::{error_message, field_error_text, rating_label, refusal_errors};
use crate::{t, te};

#[component]
pub fn RateReply(code: String, on_rated: Callback<FeedbackState>) -> impl IntoView {
    let api = use_api();
    let choice = RwSignal::new(None::<Rating>);
    let reason = RwSignal::new(String::new());
    let reopen = RwSignal::new(false);
    let elder = crate::hooks::use_elder();
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // One key per rating; a new one after each answer from the backend.
    let key = StoredValue::new(idempotency_key(random_bytes()));
    let unsatisfied = move || choice.get() == Some(Rating::Unsatisfied);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let Some(rating) = choice.get_untracked() else {
            error.set(Some(t!(rate_choose_first).to_owned()));
            focus_by_id("rate-choice-0");
            return;
        };
        let unsatisfied = rating == Rating::Unsatisfied;
        let request = RatingRequest {
            rating: rating.as_str().to_owned(),
            // The reason and the reopen box belong to 不满意 alone.
            reason: Some(reason.get_untracked()).filter(|r| unsatisfied && !r.trim().is_empty()),
            reopen: unsatisfied && reopen.get_untracked(),
        };
        if let Err(errors) = validate_rating(&request) {
            error.set(errors.first().map(field_error_text));
            return;
        }
        error.set(None);
        sending.set(true);
        let (api, code) = (api.clone(), code.clone());
        spawn_local(async move {
            match api.rate(&code, &key.get_value(), &request).await {
                Ok(state) => {
                    key.set_value(idempotency_key(random_bytes()));
                    on_rated.run(state);
                }
                Err(SendError::Retry { error: e, .. }) => {
                    error.set(Some(error_message(&e).to_owned()))
                }
                Err(SendError::Refused(problem)) => {
                    key.set_value(idempotency_key(random_bytes()));
                    let message = refusal_errors(&problem)
                        .into_iter()
                        .map(|e| e.message)
                        .find(|m| !m.is_empty())
                        .unwrap_or_else(|| t!(feedback_refused).to_owned());
                    error.set(Some(message));
                }
            }
            sending.set(false);
        });
    };

    let choices = Rating::ALL
        .into_iter()
        .enumerate()
        .map(|(i, rating)| {
            let id = format!("rate-choice-{i}");
            view! {
                <div class="gk-radio gk-rate__choice">
                    <input
                        type="radio"
                        class="gk-radio__input"
                        id=id.clone()
                        name="rating"
                        value=rating.as_str()
                        prop:checked=move || choice.get() == Some(rating)
                        on:change=move |_| {
                            choice.set(Some(rating));
                            error.set(None);
                        }
                    />
                    <label class="gk-radio__label" for=id>{rating_label(rating)}</label>
                </div>
            }
            // Erased: a `Vec<AnyView>`, whose code every page has already.
            .into_any()
        })
        .collect_view();

    view! {
        <section class="gk-rate" aria-labelledby="gk-rate-title">
            <h3 {..aria_level_attr(3)} class="gk-h3" id="gk-rate-title">{t!(rate_title)}</h3>
            <form class="gk-rate__form" novalidate on:submit=submit>
                <fieldset class="gk-fieldset">
                    <legend class="gk-fieldset__legend">{t!(rate_legend)}</legend>
                    <div class="gk-radios gk-rate__choices">{choices}</div>
                </fieldset>
                {move || unsatisfied().then(|| view! {
                    <div class="gk-field">
                        <label class="gk-field__label" for="rate-reason">{t!(rate_reason_label)}</label>
                        <textarea
                            class="gk-textarea"
                            id="rate-reason"
                            rows="3"
                            aria-describedby="rate-reason-count"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))
                        ></textarea>
                        <CharCountHint id="rate-reason-count" text=reason max=REASON_MAX_CHARS/>
                    </div>
                    <div class="gk-checkbox">
                        <input
                            type="checkbox"
                            id="rate-reopen"
                            class="gk-checkbox__input"
                            aria-describedby="rate-reopen-hint"
                            prop:checked=move || reopen.get()
                            on:change=move |ev| reopen.set(event_target_checked(&ev))
                        />
                        <label class="gk-checkbox__label" for="rate-reopen">{t!(rate_reopen)}</label>
                        <p class="gk-radio__hint" id="rate-reopen-hint">{move || te!(elder.get(), rate_reopen_hint)}</p>
                    </div>
                }.into_any())}
                {move || error.get().map(|e| view! { <p class="gk-field__error" role="alert">{e}</p> }.into_any())}
                <div class="gk-actions">
                    <button type="submit" class="gk-button gk-button--primary" disabled=move || sending.get()>
                        {t!(rate_submit)}
                    </button>
                </div>
                <p class="gk-rate__status" role="status">{move || sending.get().then(|| t!(rate_sending))}</p>
            </form>
        </section>
    }
}
