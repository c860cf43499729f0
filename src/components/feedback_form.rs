//! The feedback form (意见箱): kind, message, optional name and contact, and
//! what happens to them. It edits a draft and hands a checked request to
//! `on_submit`; sending is the outbox's business.

use leptos::prelude::*;

use crate::api::{FeedbackKind, FeedbackRequest, Problem};
use crate::components::char_count::CharCountHint;
use crate::components::error_summary::{
    aria_invalid, described_by, has_error, ErrorSummary, FieldMessage, ShownError,
};
use crate::components::form_field::FormField;
use crate::domain::draft::Draft;
use crate::domain::feedback::{
    validate_request, FormError, ObjectionRefusal, BODY_MAX_CHARS, CONTACT_MAX_CHARS,
    NAME_MAX_CHARS,
};
use crate::domain::period::PeriodStatus;
use crate::hooks::aria_level_attr;
use crate::i18n::countdown_text;
use crate::i18n::{feedback_kind_label, form_error, refusal_errors};
use crate::{t, te};

/// Whom a form is addressed to.
#[derive(Clone, Debug, PartialEq)]
pub struct FormTarget {
    pub org: String,
    pub org_name: String,
    /// The item (id, title) for a form about one item.
    pub item: Option<(String, String)>,
}

/// Field ids, in the order of the form; `/org` and `/item` errors belong to
/// the choice of kind (choosing another kind is the way out).
const FIELDS: [(&str, &str); 6] = [
    ("/kind", "fb-kind-0"),
    ("/org", "fb-kind-0"),
    ("/item", "fb-kind-0"),
    ("/body", "fb-body"),
    ("/name", "fb-name"),
    ("/contact", "fb-contact"),
];

fn field_of(pointer: &str) -> (usize, &'static str) {
    FIELDS
        .iter()
        .position(|(p, _)| *p == pointer)
        .map_or((FIELDS.len(), ""), |i| (i, FIELDS[i].1))
}

/// Errors as shown: each linked to its field, in form order.
pub fn shown_errors(errors: Vec<FormError>) -> Vec<ShownError> {
    let shown: Vec<(usize, ShownError)> = errors
        .into_iter()
        .map(|e| {
            let (order, field) = field_of(&e.pointer);
            let message = if e.message.is_empty() {
                t!(feedback_refused).to_owned()
            } else {
                e.message
            };
            (
                order,
                ShownError {
                    field: field.to_owned(),
                    message,
                },
            )
        })
        .collect();
    // In form order, keeping the backend's order within a field: picked out
    // field by field (a handful of errors) rather than sorted, so that no
    // stable-sort code is linked.
    let mut shown: Vec<(usize, ShownError)> = (0..=FIELDS.len())
        .flat_map(|order| shown.iter().filter(move |(o, _)| *o == order))
        .cloned()
        .collect();
    // One sentence per field beside it; the summary lists each once.
    shown.dedup_by(|a, b| a.1.field == b.1.field && !a.1.field.is_empty());
    shown.into_iter().map(|(_, e)| e).collect()
}

fn kind_hint(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Suggestion => t!(feedback_hint_suggestion),
        FeedbackKind::Opinion => t!(feedback_hint_opinion),
        FeedbackKind::Objection => t!(feedback_hint_objection),
        FeedbackKind::Inquiry => t!(feedback_hint_inquiry),
        FeedbackKind::Complaint => t!(feedback_hint_complaint),
    }
}

/// One of the draft's text fields as a control's value (tracked). Every
/// field shares this closure type and [`draft_input`]'s, so their reactive
/// code is compiled once.
fn draft_value(
    draft: RwSignal<Draft>,
    field: fn(&Draft) -> &String,
) -> impl Fn() -> String + Send + Sync + 'static {
    move || draft.with(|d| field(d).clone())
}

/// Keeps one of the draft's text fields as typed.
fn draft_input(
    draft: RwSignal<Draft>,
    field: fn(&mut Draft) -> &mut String,
) -> impl Fn(leptos::ev::Event) + 'static {
    move |ev| draft.update(|d| *field(d) = event_target_value(&ev))
}

#[component]
pub fn FeedbackForm(
    target: FormTarget,
    /// The kinds offered, in order (an objection only while the item's
    /// period runs).
    kinds: Vec<FeedbackKind>,
    /// For a form about an item: whether an objection may be raised, with
    /// the working days left.
    objection: Option<Result<PeriodStatus, ObjectionRefusal>>,
    /// Why no objection is offered, when the site takes objections.
    objection_note: Option<String>,
    draft: RwSignal<Draft>,
    /// The backend's refusal of this draft's last submission.
    #[prop(into)]
    refused: Signal<Option<Problem>>,
    #[prop(into)] on_submit: Callback<FeedbackRequest>,
) -> impl IntoView {
    let elder = crate::hooks::use_elder();
    let client_errors = RwSignal::new(Vec::<FormError>::new());
    let attempt = RwSignal::new(0u32);
    let errors = Signal::derive(move || {
        let client = client_errors.get();
        if !client.is_empty() {
            return shown_errors(client);
        }
        refused
            .get()
            .map(|p| shown_errors(refusal_errors(&p)))
            .unwrap_or_default()
    });
    // A refusal arriving from the backend is announced like a failed check.
    Effect::new(move |_| {
        if refused.with(Option::is_some) {
            attempt.update(|n| *n += 1);
        }
    });

    let org = target.org.clone();
    let item_id = target.item.as_ref().map(|(id, _)| id.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = draft.with_untracked(|d| d.request(&org, item_id.as_deref()));
        let mut found: Vec<FormError> = match validate_request(&request) {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(form_error).collect(),
        };
        if request.kind == FeedbackKind::Objection.as_str() {
            if let Some(Err(refusal)) = objection {
                found.push(form_error(refusal.field_error()));
            }
        }
        let ok = found.is_empty();
        client_errors.set(found);
        if ok {
            on_submit.run(request);
        } else {
            attempt.update(|n| *n += 1);
        }
    };

    let body = Signal::derive(move || draft.with(|d| d.body.clone()));
    let kind_radios = kinds
        .iter()
        .enumerate()
        .map(|(i, &kind)| {
            let id = format!("fb-kind-{i}");
            let hint_id = format!("fb-kind-{i}-hint");
            let hint = match (kind, objection) {
                (FeedbackKind::Objection, Some(Ok(open))) => {
                    te!(
                        elder.get_untracked(),
                        feedback_objection_open,
                        countdown = countdown_text(&open)
                    )
                }
                _ => kind_hint(kind).to_owned(),
            };
            let choose = move |_| draft.update(|d| d.kind = kind.as_str().to_owned());
            view! {
                <div class="gk-radio">
                    <input
                        type="radio"
                        class="gk-radio__input"
                        id=id.clone()
                        name="kind"
                        value=kind.as_str()
                        prop:checked=move || draft.with(|d| d.kind == kind.as_str())
                        aria-describedby=hint_id.clone()
                        on:change=choose
                    />
                    <label class="gk-radio__label" for=id>{feedback_kind_label(kind)}</label>
                    <p class="gk-radio__hint" id=hint_id>{hint}</p>
                </div>
            }
        })
        .map(IntoAny::into_any)
        .collect_view();

    let (org_name, item) = (target.org_name.clone(), target.item.clone());
    view! {
        <form class="gk-form gk-feedback-form" novalidate on:submit=submit>
            <ErrorSummary errors=errors attempt=attempt/>

            <div class="gk-field" class:gk-field--error=has_error(errors, "fb-kind-0")>
                <fieldset class="gk-fieldset" aria-describedby=described_by(errors, "fb-kind-0", "")>
                    <legend class="gk-fieldset__legend">{t!(feedback_kind_legend)}</legend>
                    <FieldMessage errors=errors field="fb-kind-0"/>
                    <div class="gk-radios">{kind_radios}</div>
                    {objection_note.map(|note| view! { <p class="gk-note gk-feedback-form__objection">{note}</p> }.into_any())}
                </fieldset>
            </div>

            <FormField errors=errors field="fb-body" label=t!(feedback_body_label) hint=move || te!(elder.get(), feedback_body_hint)>
                <textarea
                    class="gk-textarea"
                    id="fb-body"
                    name="body"
                    rows="8"
                    aria-describedby=described_by(errors, "fb-body", "fb-body-hint fb-body-count")
                    aria-invalid=aria_invalid(errors, "fb-body")
                    prop:value=draft_value(draft, |d| &d.body)
                    on:input=draft_input(draft, |d| &mut d.body)
                ></textarea>
                <CharCountHint id="fb-body-count" text=body max=BODY_MAX_CHARS/>
            </FormField>

            <fieldset class="gk-fieldset gk-feedback-form__identity">
                <legend class="gk-fieldset__legend">{t!(feedback_identity_legend)}</legend>
                <p class="gk-field__hint">{move || te!(elder.get(), feedback_identity_hint)}</p>
                <FormField errors=errors field="fb-name" label=t!(feedback_name_label)>
                    <input
                        class="gk-input gk-input--short"
                        id="fb-name"
                        name="name"
                        type="text"
                        autocomplete="name"
                        maxlength=NAME_MAX_CHARS * 2
                        aria-describedby=described_by(errors, "fb-name", "")
                        aria-invalid=aria_invalid(errors, "fb-name")
                        prop:value=draft_value(draft, |d| &d.name)
                        on:input=draft_input(draft, |d| &mut d.name)
                    />
                </FormField>
                <FormField errors=errors field="fb-contact" label=t!(feedback_contact_label) hint=t!(feedback_contact_hint)>
                    <input
                        class="gk-input"
                        id="fb-contact"
                        name="contact"
                        type="text"
                        autocomplete="tel"
                        spellcheck="false"
                        maxlength=CONTACT_MAX_CHARS * 2
                        aria-describedby=described_by(errors, "fb-contact", "fb-contact-hint")
                        aria-invalid=aria_invalid(errors, "fb-contact")
                        prop:value=draft_value(draft, |d| &d.contact)
                        on:input=draft_input(draft, |d| &mut d.contact)
                    />
                </FormField>
            </fieldset>

            <section class="gk-privacy" aria-labelledby="fb-privacy-title">
                <h2 {..aria_level_attr(2)} class="gk-h3" id="fb-privacy-title">{t!(privacy_title)}</h2>
                <ul class="gk-privacy__list">
                    <li>{
                        let org = org_name.clone();
                        move || te!(elder.get(), privacy_sent_to, org = org)
                    }</li>
                    {item.map(|(_, title)| view! { <li>{t!(privacy_about_item, title = title)}</li> }.into_any())}
                    <li>{move || te!(elder.get(), privacy_staff_only)}</li>
                    <li>{move || te!(elder.get(), privacy_published)}</li>
                    <li>{move || te!(elder.get(), privacy_device)}</li>
                </ul>
            </section>

            <button type="submit" class="gk-button gk-button--primary gk-button--large">{t!(feedback_submit)}</button>
        </form>
    }
}
