//! Focus: moving it to an element, and whether the first page has rendered
//! (focus moves to a page's `<h1>` only after a navigation, not on the first
//! load; the shell provides `FirstPage`).

use leptos::prelude::*;

/// Whether the first page has yet to render.
#[derive(Clone, Copy)]
pub struct FirstPage(pub StoredValue<bool>);

pub fn provide_first_page() {
    provide_context(FirstPage(StoredValue::new(true)));
}

/// Moves focus to the element with `id` (given `tabindex="-1"`).
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
