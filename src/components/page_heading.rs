//! A page's `<h1>`: sets `document.title`, and after a navigation takes the
//! focus so screen readers announce the new page.

use leptos::html::H1;
use leptos::prelude::*;

use crate::app::{set_document_title, FirstPage};

#[component]
pub fn PageHeading(#[prop(into)] text: String) -> impl IntoView {
    let node = NodeRef::<H1>::new();
    set_document_title(&text);
    Effect::new(move |_| {
        if let Some(h1) = node.get() {
            let first = use_context::<FirstPage>();
            match first {
                Some(FirstPage(first)) if first.get_value() => first.set_value(false),
                _ => {
                    let _ = h1.focus();
                }
            }
        }
    });
    view! { <h1 class="gk-h1" tabindex="-1" node_ref=node>{text}</h1> }
}
