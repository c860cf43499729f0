//! `first_screen_done()`: the board's first screen, which the reference
//! server writes into `index.html` (`<div id="gk-first">`, see
//! `server/src/http/first_screen.rs`), gives way to the app's page once that
//! page has its content. The stylesheet hides the app until then.
//!
//! What was typed into the first screen's search box meanwhile is carried
//! into the app's, with the focus if it had it: nothing typed is lost. A
//! navigation in the app (a link of the first screen followed once the
//! router is up) ends it at once (`use_first_screen`): it is of the page
//! left, and the new page shows its own loading state.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventInit, HtmlInputElement};

/// The first screen's element (the server's `first_screen.rs` writes it).
const FIRST_SCREEN_ID: &str = "gk-first";
/// The search box in the first screen, and the app's (`name="q"`, as the
/// board's URL query names it).
const FIRST_SEARCH: &str = "#gk-first input[name=q]";
const APP_SEARCH: &str = "#gongkai input[name=q]";

/// Ends the first screen when the app's location changes (the shell calls
/// this inside its router).
pub fn use_first_screen() {
    let location = leptos_router::hooks::use_location();
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
    leptos::prelude::request_animation_frame(move || {
        let Some(first) = document.get_element_by_id(FIRST_SCREEN_ID) else {
            return;
        };
        let typed = search_box(&document, FIRST_SEARCH);
        let focused = typed
            .as_ref()
            .is_some_and(|t| document.active_element().as_ref() == Some(t.as_ref()));
        first.remove();
        let (Some(typed), Some(search)) = (typed, search_box(&document, APP_SEARCH)) else {
            return;
        };
        if typed.value() != search.value() {
            search.set_value(&typed.value());
            let init = EventInit::new();
            init.set_bubbles(true);
            if let Ok(input) = Event::new_with_event_init_dict("input", &init) {
                let _ = search.dispatch_event(&input);
            }
        }
        if focused {
            let _ = search.focus();
        }
    });
}

fn search_box(document: &web_sys::Document, selector: &str) -> Option<HtmlInputElement> {
    document
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
}
