//! `/lookup`: a submission's progress by its tracking code (留言码): its
//! status, the reply, the deadline (with 已超期 when passed), and the rating
//! of the reply. The code is typed (or carried over from the confirmation
//! in this tab's storage), never put in the address.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, FeedbackKind, FeedbackState, FeedbackStatus, Rating};
use crate::components::case_view::CaseView;
use crate::components::error_summary::{aria_invalid, described_by, ErrorSummary, ShownError};
use crate::components::form_field::FormField;
use crate::components::page_heading::PageHeading;
use crate::components::tracking_code::{code_groups, ForgotCode};
use crate::domain::feedback::TrackingCode;
use crate::domain::saved_codes::SavedCode;
use crate::hooks::aria_level_attr;
use crate::hooks::{focus_by_id, use_api, use_lookup_code, SharedData};
use crate::hooks::{use_saved_codes, UseSavedCodes};
use crate::i18n::{error_message, feedback_kind_label, format_date, format_date_weekday};
use crate::{t, te};

#[component]
pub fn LookupPage() -> impl IntoView {
    let elder = crate::hooks::use_elder();
    let api = use_api();
    let carried = use_lookup_code();
    let remembered = carried.remembered();
    let input = RwSignal::new(remembered.clone());
    let errors = RwSignal::new(Vec::<ShownError>::new());
    let attempt = RwSignal::new(0u32);
    let result = RwSignal::new(None::<Result<FeedbackState, ApiError>>);
    let loading = RwSignal::new(false);

    // After a rating: thanks and what happens next, in view and focused.
    let rated = RwSignal::new(None::<String>);
    let on_rated = Callback::new(move |state: FeedbackState| {
        rated.set(Some(rated_next_step(&state)));
        result.set(Some(Ok(state)));
        request_animation_frame(|| focus_by_id(RATED_ID));
    });
    let fetch = move |code: String| {
        rated.set(None);
        let api = api.clone();
        loading.set(true);
        spawn_local(async move {
            let answer = api.feedback(&code).await;
            result.set(Some(answer));
            loading.set(false);
        });
    };
    // A well-formed code, typed or saved: shown in the field, carried over a
    // reload, looked up.
    let open = Callback::new({
        let fetch = fetch.clone();
        move |code: String| {
            errors.set(vec![]);
            input.set(code.clone());
            carried.remember(&code);
            fetch(code);
        }
    });
    let look_up = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let typed = input.get_untracked();
            let problem = if typed.trim().is_empty() {
                Some(t!(lookup_code_required))
            } else if TrackingCode::normalize(&typed).is_none() {
                Some(te!(elder.get_untracked(), lookup_code_invalid))
            } else {
                None
            };
            match problem {
                Some(message) => {
                    errors.set(vec![ShownError {
                        field: "lk-code".into(),
                        message: message.to_owned(),
                    }]);
                    result.set(None);
                    attempt.update(|n| *n += 1);
                }
                None => open.run(TrackingCode::normalize(&typed).unwrap_or(typed)),
            }
        }
    };
    if let Some(code) = TrackingCode::normalize(&remembered) {
        fetch(code);
    }
    let saved = use_saved_codes();
    let errors_signal = Signal::from(errors);

    view! {
        <div class="gk-page gk-lookup">
            <PageHeading text=t!(lookup_title)/>
            <form class="gk-form gk-lookup__form" novalidate on:submit=look_up>
                <ErrorSummary errors=errors_signal attempt=attempt title=t!(lookup_error_summary)/>
                <FormField errors=errors_signal field="lk-code" label=t!(lookup_code_label) hint=move || te!(elder.get(), lookup_code_hint)>
                    <div class="gk-lookup__row">
                        <input
                            class="gk-input gk-input--code"
                            id="lk-code"
                            name="code"
                            type="text"
                            autocomplete="off"
                            autocapitalize="characters"
                            spellcheck="false"
                            aria-describedby=described_by(errors_signal, "lk-code", "lk-code-hint")
                            aria-invalid=aria_invalid(errors_signal, "lk-code")
                            prop:value=move || input.get()
                            on:input=move |ev| input.set(event_target_value(&ev))
                        />
                        <button type="submit" class="gk-button gk-button--primary">{t!(lookup_submit)}</button>
                    </div>
                </FormField>
            </form>
            <ForgotCode/>
            {move || {
                let list = saved.list();
                (!list.is_empty()).then(|| view! { <SavedCodeList list=list saved=saved on_open=open/> }.into_any())
            }}
            <div class="gk-lookup__result" aria-live="polite" aria-busy=move || loading.get().to_string()>
                {move || {
                    if loading.get() {
                        return view! { <p class="gk-loading__text">{t!(loading)}</p> }.into_any();
                    }
                    match result.get() {
                        None => ().into_any(),
                        Some(Ok(state)) => view! {
                            {move || rated.get().map(|next| view! {
                                <div class="gk-lookup__rated" id=RATED_ID tabindex="-1" role="status">
                                    <p class="gk-lookup__rated-title">{t!(rate_done)}</p>
                                    <p>{next}</p>
                                </div>
                            }.into_any())}
                            <CaseView state=state on_rated=on_rated/>
                        }.into_any(),
                        Some(Err(ApiError::NotFound)) => view! {
                            <p class="gk-lookup__missing" role="alert">{te!(elder.get_untracked(), lookup_not_found)}</p>
                        }.into_any(),
                        Some(Err(error)) => view! {
                            <p class="gk-lookup__missing" role="alert">{error_message(&error)}</p>
                        }.into_any(),
                    }
                }}
            </div>
        </div>
    }
}

const RATED_ID: &str = "gk-rated";

/// What happens after a rating: a reopened case is answered again by its new
/// deadline; a 不满意 without reopening goes to the staff.
fn rated_next_step(state: &FeedbackState) -> String {
    match (state.status, state.rating.as_ref().map(|r| r.rating)) {
        (FeedbackStatus::InProgress | FeedbackStatus::Received, _) => {
            t!(rate_reopened, date = format_date_weekday(state.reply_due))
        }
        (_, Some(Rating::Unsatisfied)) => t!(rate_next_unsatisfied).to_owned(),
        _ => t!(rate_next_satisfied).to_owned(),
    }
}

/// The codes kept on this device, each to look up or to forget.
#[component]
fn SavedCodeList(
    list: Vec<SavedCode>,
    saved: UseSavedCodes,
    on_open: Callback<String>,
) -> impl IntoView {
    let shared = use_context::<SharedData>();
    view! {
        <section class="gk-section gk-saved-codes" aria-labelledby="gk-saved-codes">
            <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-saved-codes">{t!(lookup_saved_title)}</h2>
            <ul class="gk-saved-codes__list">
                {list.into_iter().map(|entry| {
                    let org = shared.map(|s| s.org_name(&entry.org)).unwrap_or(entry.org.clone());
                    let kind = FeedbackKind::parse(&entry.kind).map(feedback_kind_label).unwrap_or_default();
                    let sent_on = crate::api::iso_date::parse(&entry.sent_on).map(format_date).unwrap_or_default();
                    let (open, forget) = (entry.code.clone(), entry.code.clone());
                    view! {
                        <li class="gk-saved-codes__item">
                            <p class="gk-saved-codes__code">{code_groups(&entry.code)}</p>
                            <p class="gk-saved-codes__meta">{format!("{sent_on} · {org} · {kind}")}</p>
                            <p class="gk-saved-codes__actions">
                                <button type="button" class="gk-button gk-button--primary" on:click=move |_| on_open.run(open.clone())>
                                    {t!(lookup_saved_open)}
                                </button>
                                <button type="button" class="gk-button" on:click=move |_| saved.remove(&forget)>
                                    {t!(lookup_saved_forget)}
                                </button>
                            </p>
                        </li>
                    }
                    // Erased: a `Vec<AnyView>`, whose code every page has already.
                    .into_any()
                }).collect_view()}
            </ul>
        </section>
    }
}
