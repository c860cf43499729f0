//! `set_document_title(page)`: `document.title` as "page – site". The shell
//! provides the site's title (`SiteTitle`).

use leptos::prelude::*;

use crate::t;

/// The site's title, for `document.title`.
#[derive(Clone, Copy)]
pub struct SiteTitle(pub Signal<String>);

/// The app is an element in a host's page: `document.title` is the
/// host's, and the app leaves it alone.
#[derive(Clone, Copy)]
pub struct InHostPage;

/// Sets `document.title` to "page – site" (not in a host's page:
/// [`InHostPage`]).
pub fn set_document_title(page: &str) {
    if use_context::<InHostPage>().is_some() {
        return;
    }
    let site = use_context::<SiteTitle>()
        .map(|s| s.0.get_untracked())
        .unwrap_or_default();
    let title = if site.is_empty() || site == page {
        page.to_owned()
    } else {
        t!(document_title, page = page, site = site)
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&title);
    }
}
