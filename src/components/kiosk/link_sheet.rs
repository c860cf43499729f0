//! Nothing leaves the kiosk (issue 10, part 2): a tapped link that is not a
//! kiosk page opens this sheet instead of navigating. An attachment, a page
//! of the phone site or another site becomes a large QR code to open on
//! one's own phone; a telephone number or an e-mail address is shown large.
//! What a link is, is `domain::kiosk::links`' rule.
//!
//! The shell listens for clicks on its root in the capture phase, asks
//! [`link_action_for_click`], and for `Some(action)` prevents the default
//! and stops the event, then shows `<LinkSheet action …/>`.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::api::app_base_url;
use crate::components::qr_code::QrCode;
use crate::domain::kiosk::{classify_link, is_external, LinkAction};
use crate::tk;

/// What the kiosk does with the click `ev`: `None` when it is not on a link
/// (`a[href]`, an SVG one too) or the link is a kiosk page (the router takes
/// it); otherwise the action to show instead, [`LinkAction::Blocked`] for a
/// scheme the kiosk never follows. A link with a `download` attribute is a
/// file.
pub fn link_action_for_click(ev: &web_sys::MouseEvent) -> Option<LinkAction> {
    let target = ev.target()?;
    let element = match target.dyn_ref::<web_sys::Element>() {
        Some(el) => el.clone(),
        None => target.dyn_ref::<web_sys::Node>()?.parent_element()?,
    };
    let link = element.closest("a[href]").ok()??;
    let href = link.get_attribute("href")?;
    let document = web_sys::window()?.document()?;
    let kiosk_base = document.base_uri().ok()??;
    // Resolved as the browser would follow it; not a URL at all: blocked.
    let absolute = web_sys::Url::new_with_base(href.trim(), &kiosk_base)
        .map(|u| u.href())
        .unwrap_or_default();
    match classify_link(&absolute, &kiosk_base, &app_base_url()) {
        LinkAction::InApp => None,
        LinkAction::Qr { url, file } => Some(LinkAction::Qr {
            url,
            file: file || link.has_attribute("download"),
        }),
        other => Some(other),
    }
}

const TITLE_ID: &str = "gk-link-sheet-title";
const BODY_ID: &str = "gk-link-sheet-body";

/// A modal dialog over the kiosk showing where `action` leads: a QR code
/// with its address in small print, or a number or address in large type.
/// The focus moves to its 关闭 button and stays in the dialog; Esc, 关闭 or
/// a tap beside it call `on_close`, and the focus goes back where it was.
#[component]
pub fn LinkSheet(action: LinkAction, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let close_ref = NodeRef::<leptos::html::Button>::new();
    // Where the focus was (the tapped link), to go back to on closing.
    let before = SendWrapper::new(
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    on_cleanup(move || {
        if let Some(el) = before.take() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    Effect::new(move |_| {
        if let Some(button) = close_ref.get() {
            let _ = button.focus();
        }
    });
    // The only control is 关闭: Tab and Shift+Tab stay on it.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            on_close.run(());
        }
        "Tab" => {
            ev.prevent_default();
            if let Some(button) = close_ref.get_untracked() {
                let _ = button.focus();
            }
        }
        _ => {}
    };
    let on_backdrop = move |ev: leptos::ev::MouseEvent| {
        let on_backdrop = match (ev.target(), ev.current_target()) {
            (Some(t), Some(c)) => t == c,
            _ => false,
        };
        if on_backdrop {
            on_close.run(());
        }
    };

    let (kind, title, body) = sheet_body(action);
    view! {
        <div class="gk-link-sheet" on:click=on_backdrop>
            <div class=format!("gk-link-sheet__dialog gk-link-sheet--{kind}") role="dialog" aria-modal="true"
                aria-labelledby=TITLE_ID aria-describedby=BODY_ID on:keydown=on_keydown>
                <h2 class="gk-link-sheet__title" id=TITLE_ID>{title}</h2>
                <div class="gk-link-sheet__body" id=BODY_ID>{body}</div>
                <button type="button" class="gk-link-sheet__close" node_ref=close_ref
                    on:click=move |_| on_close.run(())>{tk!(kiosk_qr_close)}</button>
            </div>
        </div>
    }
}

/// The sheet's modifier class, title and body for `action`.
fn sheet_body(action: LinkAction) -> (&'static str, &'static str, AnyView) {
    match action {
        LinkAction::Tel(number) => (
            "tel",
            tk!(kiosk_tel_title),
            view! {
                <p class="gk-link-sheet__big gk-link-sheet__number">{number}</p>
                <p class="gk-link-sheet__hint">{tk!(kiosk_tel_hint)}</p>
            }
            .into_any(),
        ),
        LinkAction::Mail(address) => (
            "mail",
            tk!(kiosk_mail_title),
            view! {
                <p class="gk-link-sheet__big gk-link-sheet__address">{address}</p>
                <p class="gk-link-sheet__hint">{tk!(kiosk_mail_hint)}</p>
            }
            .into_any(),
        ),
        LinkAction::Qr { url, file } => {
            let (kind, title) = match (file, is_external(&url, &app_base_url())) {
                (true, _) => ("file", tk!(kiosk_qr_scan_file)),
                (false, true) => ("external", tk!(kiosk_qr_scan_link)),
                (false, false) => ("page", tk!(kiosk_qr_scan)),
            };
            (
                kind,
                title,
                view! {
                    <QrCode text=url.clone() label=title class="gk-qr gk-link-sheet__qr"/>
                    <p class="gk-link-sheet__url">{tk!(kiosk_qr_url, url = url)}</p>
                }
                .into_any(),
            )
        }
        LinkAction::Blocked | LinkAction::InApp => {
            ("blocked", tk!(kiosk_link_blocked), ().into_any())
        }
    }
}
