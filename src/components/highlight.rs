//! Text with the matches of a search query wrapped in `<mark>`.

use leptos::prelude::*;

use crate::domain::search::{highlight, Segment};

pub fn highlighted(text: &str, query: &str) -> AnyView {
    if query.trim().is_empty() {
        return text.to_owned().into_any();
    }
    highlight(text, query)
        .into_iter()
        .map(|segment| match segment {
            Segment::Plain(s) => s.to_owned().into_any(),
            Segment::Hit(s) => view! { <mark class="gk-mark">{s.to_owned()}</mark> }.into_any(),
        })
        .map(IntoAny::into_any)
        .collect_view()
        .into_any()
}
