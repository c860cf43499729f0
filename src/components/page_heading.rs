//! A page's `<h1>`: sets `document.title`, and after a navigation takes the
//! focus so screen readers announce the new page.

use leptos::html::H1;
use leptos::prelude::*;

use crate::hooks::aria_level_attr;
use crate::hooks::{set_document_title, FirstPage};

#[component]
pub fn PageHeading(
    #[prop(into)] text: String,
    /// `document.title`'s page part, when it is not `text` (the home page's
    /// is the site's title).
    #[prop(optional, into)]
    document_title: Option<String>,
    /// Heard, not seen: the header already shows the same words.
    #[prop(optional)]
    hidden: bool,
    /// The heading's language, when it is content in a language of its own
    /// (a notice's title, in the site's language).
    #[prop(optional)]
    lang: Option<&'static str>,
) -> impl IntoView {
    let node = NodeRef::<H1>::new();
    set_document_title(document_title.as_deref().unwrap_or(&text));
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
    let class = if hidden {
        "gk-h1 gk-visually-hidden"
    } else {
        "gk-h1"
    };
    view! { <h1 {..aria_level_attr(1)} class=class lang=lang tabindex="-1" node_ref=node>{text}</h1> }
}
