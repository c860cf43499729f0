//! `first_screen_done()`: the first screen of the home page or a board,
//! which the reference server writes into `index.html`
//! (`<div id="gk-first">`, see `server/src/http/first_screen.rs`), gives
//! way to the app's page once that page has its content. The stylesheet
//! hides the app until then.
//!
//! What was typed into the first screen's search box meanwhile is carried
//! into the app's, and the focus moves to the app's counterpart of what had
//! it (the same link, field or button): nothing typed is lost, and a
//! keyboard user keeps their place. A navigation in the app (a link of the
//! first screen followed once the router is up) ends it at once
//! (`use_first_screen`): it is of the page left, and the new page shows its
//! own loading state.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventInit, HtmlElement, HtmlInputElement};

/// The first screen's element (the server's `first_screen.rs` writes it).
const FIRST_SCREEN_ID: &str = "gk-first";
/// The search box in the first screen, and the app's (`name="q"`, as the
/// board's URL query names it).
const FIRST_SEARCH: &str = "#gk-first input[name=q]";
const APP_SEARCH: &str = "#gongkai input[name=q]";

/// Ends the first screen when the app's location changes (the shell calls
/// this inside its router).
pub fn use_first_screen() {
    let location = crate::routes::use_location();
    Effect::new(move |ran: Option<()>| {
        location.pathname.track();
        location.search.track();
        if ran.is_some() {
            first_screen_done();
        }
    });
}

/// Removes the first screen, if there is one, before the next frame: the
/// page that calls this has just rendered its content, which that frame
/// shows in its place. Cheap when there is none (one lookup by id).
pub fn first_screen_done() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(FIRST_SCREEN_ID).is_none() {
        return;
    }
    request_animation_frame(move || {
        let Some(first) = document.get_element_by_id(FIRST_SCREEN_ID) else {
            return;
        };
        let typed = search_box(&document, FIRST_SEARCH);
        let focused = document
            .active_element()
            .filter(|el| first.contains(Some(el.as_ref())));
        let counterpart = focused.as_ref().and_then(|el| counterpart(&document, el));
        first.remove();
        if let (Some(typed), Some(search)) = (typed, search_box(&document, APP_SEARCH)) {
            if typed.value() != search.value() {
                search.set_value(&typed.value());
                let init = EventInit::new();
                init.set_bubbles(true);
                if let Ok(input) = Event::new_with_event_init_dict("input", &init) {
                    let _ = search.dispatch_event(&input);
                }
            }
        }
        if let Some(el) = counterpart.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// The app's element that stands for `el` of the first screen: the same
/// tag, `name`, `type`, text and link target (the first screen's ids are
/// its own, and its links are written relative to the base).
fn counterpart(document: &Document, el: &Element) -> Option<Element> {
    let tag = el.tag_name().to_lowercase();
    let target = link_target(document, el);
    let same = |other: &Element| {
        ["name", "type"]
            .iter()
            .all(|a| other.get_attribute(a) == el.get_attribute(a))
            && other.text_content() == el.text_content()
            && link_target(document, other) == target
    };
    let all = document
        .query_selector_all(&format!("#gongkai > :not(#gk-first) {tag}"))
        .ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .find(same)
}

/// Where a link goes: its fragment alone where it has one (a skip link
/// names its page, or only the fragment), else its URL resolved against
/// the base.
fn link_target(document: &Document, el: &Element) -> Option<String> {
    let href = el.get_attribute("href")?;
    if let Some((_, fragment)) = href.split_once('#') {
        return Some(format!("#{fragment}"));
    }
    let base = document.base_uri().ok().flatten()?;
    web_sys::Url::new_with_base(&href, &base)
        .ok()
        .map(|url| url.href())
}

fn search_box(document: &Document, selector: &str) -> Option<HtmlInputElement> {
    document
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
}
