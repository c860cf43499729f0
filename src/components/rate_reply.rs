//! Satisfaction with a reply: one tap on 满意 / 基本满意 / 不满意 sends it,
//! with the optional reason written above; 不满意 can ask for the case to
//! be handled again.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{random_bytes, FeedbackState, Rating, RatingRequest, SendError};
use crate::app::{error_message, use_api};
use crate::components::char_count::CharCountHint;
use crate::domain::feedback::{problem_errors, validate_rating, REASON_MAX_CHARS};
use crate::domain::outbox::idempotency_key;
use crate::i18n::rating_label;
use crate::t;

#[component]
pub fn RateReply(code: String, on_rated: Callback<FeedbackState>) -> impl IntoView {
    let api = use_api();
    let reason = RwSignal::new(String::new());
    let reopen = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // One key per rating; a new one after each answer from the backend.
    let key = StoredValue::new(idempotency_key(random_bytes()));

    let rate = Callback::new(move |rating: Rating| {
        if sending.get_untracked() {
            return;
        }
        let request = RatingRequest {
            rating: rating.as_str().to_owned(),
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
            reopen: rating == Rating::Unsatisfied && reopen.get_untracked(),
        };
        if let Err(errors) = validate_rating(&request) {
            error.set(errors.into_iter().next().map(|e| e.message));
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
                    let message = problem_errors(&problem)
                        .into_iter()
                        .map(|e| e.message)
                        .find(|m| !m.is_empty())
                        .unwrap_or_else(|| t!(feedback_refused).to_owned());
                    error.set(Some(message));
                }
            }
            sending.set(false);
        });
    });

    view! {
        <section class="gk-rate" aria-labelledby="gk-rate-title">
            <h3 class="gk-h3" id="gk-rate-title">{t!(rate_title)}</h3>
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
                    prop:checked=move || reopen.get()
                    on:change=move |ev| reopen.set(event_target_checked(&ev))
                />
                <label class="gk-checkbox__label" for="rate-reopen">{t!(rate_reopen)}</label>
            </div>
            <p class="gk-field__hint" id="gk-rate-hint">{t!(rate_legend)}</p>
            <div class="gk-rate__choices" role="group" aria-labelledby="gk-rate-title" aria-describedby="gk-rate-hint">
                {Rating::ALL
                    .into_iter()
                    .map(|rating| view! {
                        <button
                            type="button"
                            class=format!("gk-button gk-rate__choice gk-rate__choice--{}", rating.as_str())
                            disabled=move || sending.get()
                            on:click=move |_| rate.run(rating)
                        >
                            {rating_label(rating)}
                        </button>
                    })
                    .collect_view()}
            </div>
            <p class="gk-rate__status" role="status">{move || sending.get().then(|| t!(rate_sending))}</p>
            {move || error.get().map(|e| view! { <p class="gk-field__error" role="alert">{e}</p> })}
        </section>
    }
}
