//! The printed notice, for the physical 公开栏: the pieces that show only on
//! paper (the organisation's heading, the 公示 period as dates, the 落款, the
//! contacts and how to object, a QR code back online) and the screen-only
//! print controls (打印, 纸张 A4/A3). Their layout is in `style/print.css`;
//! what they say is decided in `domain::poster`.

use leptos::prelude::*;
use time::OffsetDateTime;

use crate::api::{Contact, Publicity};
use crate::domain::period::{end_date, start_date};
use crate::domain::poster::{qr_svg, ObjectionChannel, PosterPlan, QrTarget};
use crate::i18n::{contact_line, format_date_range, format_day, iso_day};
use crate::t;

/// The paper the notice is printed on. A3 switches the page box (a named
/// `@page` in `style/print.css`) and scales the type up with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

impl Paper {
    pub const ALL: [Paper; 2] = [Paper::A4, Paper::A3];

    /// The `<option>` value and the name printed on the option.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
        }
    }

    pub fn from_name(name: &str) -> Option<Paper> {
        Paper::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The class that selects this paper's `@page` in `style/print.css`.
    pub fn class(self) -> &'static str {
        match self {
            Paper::A4 => "gk-paper-a4",
            Paper::A3 => "gk-paper-a3",
        }
    }
}

/// 打印 and the paper choice; hidden in print.
#[component]
pub fn PrintControls(paper: RwSignal<Paper>) -> impl IntoView {
    let change = move |ev: leptos::ev::Event| {
        if let Some(p) = Paper::from_name(&event_target_value(&ev)) {
            paper.set(p);
        }
    };
    let current = paper.get_untracked();
    view! {
        <div class="gk-print-controls">
            <button type="button" class="gk-button gk-button--primary" on:click=|_| print()>
                {t!(print)}
            </button>
            <label for="gk-paper">{t!(print_paper)}</label>
            <select id="gk-paper" class="gk-select" on:change=change>
                {Paper::ALL
                    .into_iter()
                    .map(|p| view! { <option value=p.name() selected=p == current>{p.name()}</option> })
                    .map(IntoAny::into_any).collect_view()}
            </select>
        </div>
    }
}

/// `text` with `part` (a phone number) kept on one line.
fn keep_together(text: String, part: &str) -> AnyView {
    match text.split_once(part).filter(|_| !part.is_empty()) {
        Some((before, after)) => view! {
            {before.to_owned()}
            <span class="gk-nowrap">{part.to_owned()}</span>
            {after.to_owned()}
        }
        .into_any(),
        None => text.into_any(),
    }
}

fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Above the title: whose 公开栏 this is (the publishing organisation, not
/// the site).
#[component]
pub fn PrintHead(org: String) -> impl IntoView {
    view! { <p class="gk-print-only gk-print-head">{t!(poster_head, org = org)}</p> }
}

/// Under the title: `公示期：2026年11月27日至12月1日`, never a countdown.
#[component]
pub fn PrintPeriod(publicity: Publicity) -> impl IntoView {
    let dates = format_date_range(start_date(&publicity), end_date(&publicity));
    view! { <p class="gk-print-only gk-print-period">{t!(poster_period, dates = dates)}</p> }
}

/// The 落款: the organisation's full name over the date of publication,
/// bottom right.
#[component]
pub fn PrintSignature(org: String, published: OffsetDateTime) -> impl IntoView {
    view! {
        <div class="gk-print-only gk-print-sign">
            <p>{org}</p>
            <p><time datetime=iso_day(published)>{format_day(published)}</time></p>
        </div>
    }
}

/// The foot of the notice: how to object (in 公示), whom to contact, and a
/// QR code to `url` (the objection form or the item), the address printed
/// beside it for those who type it.
#[component]
pub fn PrintFooter(
    plan: PosterPlan,
    url: String,
    org: String,
    hotline: Option<String>,
    contacts: Vec<Contact>,
) -> impl IntoView {
    let hotline_text = hotline.clone().unwrap_or_default();
    let objection = plan.objection.map(|channel| match channel {
        ObjectionChannel::FormOrHotline => {
            t!(poster_object_form_or_hotline, hotline = hotline_text)
        }
        ObjectionChannel::Form => t!(poster_object_form).to_owned(),
        ObjectionChannel::Hotline => t!(poster_object_hotline, hotline = hotline_text),
        ObjectionChannel::Organisation => t!(poster_object_org, org = org),
    });
    // The objection sentence already gives the hotline: not twice.
    let hotline_named = matches!(
        plan.objection,
        Some(ObjectionChannel::FormOrHotline | ObjectionChannel::Hotline)
    );
    let hotline = hotline
        .filter(|_| !hotline_named)
        .map(|h| view! { <li>{t!(poster_hotline, hotline = h)}</li> }.into_any());
    let caption = match plan.qr {
        QrTarget::ObjectionForm => t!(poster_qr_objection),
        QrTarget::Item => t!(poster_qr_item),
    };
    let code = qr_svg(&url).map(|qr| {
        let view_box = format!("0 0 {0} {0}", qr.size);
        view! {
            <svg class="gk-print-qr__code" role="img" aria-label=t!(poster_qr_alt, caption = caption)
                viewBox=view_box shape-rendering="crispEdges">
                <path d=qr.path/>
            </svg>
        }.into_any()
    });
    view! {
        <div class="gk-print-only gk-print-footer">
            <div class="gk-print-footer__text">
                {objection.map(|o| view! {
                    <p class="gk-print-footer__objection">{keep_together(o, &hotline_text)}</p>
                }.into_any())}
                <p class="gk-print-footer__label">{t!(poster_contacts)}</p>
                <ul class="gk-print-footer__contacts">
                    {contacts.iter().map(|c| view! { <li>{contact_line(c)}</li> }).map(IntoAny::into_any).collect_view()}
                    {hotline}
                </ul>
                <p class="gk-print-qr__url">{t!(poster_url, url = url)}</p>
            </div>
            <figure class="gk-print-qr">
                {code}
                <figcaption>{caption}</figcaption>
            </figure>
        </div>
    }
}
