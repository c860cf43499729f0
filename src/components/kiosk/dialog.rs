//! A modal dialog for the kiosk: labelled by its heading, announced to
//! screen readers (`role="alertdialog"` for a warning), focus moved into it
//! when it opens and kept there (Tab and Shift+Tab cycle through its
//! controls), and given back to where it was when it closes.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The controls focus may rest on inside a dialog.
const FOCUSABLE: &str = "button:not([disabled]), a[href], [tabindex]:not([tabindex=\"-1\"])";

#[component]
pub fn KioskDialog(
    /// The id of the dialog's heading (its accessible name).
    #[prop(into)]
    labelled_by: String,
    /// The id of the text that says what the dialog is about, if any.
    #[prop(optional, into)]
    described_by: Option<String>,
    /// An alert (the idle warning) rather than a plain dialog.
    #[prop(optional)]
    alert: bool,
    /// Extra class for the panel.
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    let before = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .map(send_wrapper::SendWrapper::new);
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            focus_first(&panel);
        }
    });
    on_cleanup(move || {
        if let Some(el) = before {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Tab" {
            return;
        }
        let Some(panel) = panel.get_untracked() else {
            return;
        };
        let controls = focusable(&panel);
        let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
            ev.prevent_default();
            return;
        };
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        let at = |el: &web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
        };
        let inside = active.as_ref().is_some_and(|a| panel.contains(Some(a)));
        if ev.shift_key() && (at(first) || !inside) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && (at(last) || !inside) {
            ev.prevent_default();
            let _ = first.focus();
        }
    };
    let role = if alert { "alertdialog" } else { "dialog" };

    view! {
        <div class="gk-kiosk-dialog" on:keydown=on_keydown>
            <div
                class=format!("gk-kiosk-dialog__panel {class}")
                role=role
                aria-modal="true"
                aria-labelledby=labelled_by
                aria-describedby=described_by
                node_ref=panel
            >
                {children()}
            </div>
        </div>
    }
}

fn focusable(panel: &web_sys::HtmlDivElement) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

fn focus_first(panel: &web_sys::HtmlDivElement) {
    if let Some(first) = focusable(panel).first() {
        let _ = first.focus();
    }
}
