//! The tracking code (留言码) as people read it, and what to do without it.

use leptos::prelude::*;

use crate::hooks::use_shared;
use crate::routes::tel_href;
use crate::te;

/// `3A9J-2MY3-7WVR` in groups that a narrow screen never breaks apart: a
/// line may only break after a hyphen. Copying still gives the whole code.
pub fn code_groups(code: &str) -> impl IntoView {
    let groups: Vec<String> = code.split_inclusive('-').map(str::to_owned).collect();
    groups
        .into_iter()
        // Erased: a `Vec<AnyView>`, whose code every page has already.
        .map(|g| view! { <span class="gk-code__group">{g}</span> }.into_any())
        .collect_view()
}

/// 忘记留言码？ with the site's hotline as a link to call, or whom to ask
/// where the site gives none.
#[component]
pub fn ForgotCode() -> impl IntoView {
    let shared = use_shared();
    let elder = crate::hooks::use_elder();
    move || {
        let hotline = shared
            .site
            .get()
            .and_then(Result::ok)
            .and_then(|s| s.data.hotline.clone());
        // One shape for both cases (text, the link if any, text), not two
        // erased branches.
        let (before, after) = match hotline {
            Some(_) => (
                te!(elder.get(), forgot_code_call),
                te!(elder.get(), forgot_code_call_after),
            ),
            None => (te!(elder.get(), forgot_code_ask), ""),
        };
        let link = hotline.map(|h| {
            let tel = tel_href(&h);
            view! { <a href=tel>{h}</a> }.into_any()
        });
        view! { <p class="gk-note gk-forgot-code">{before}{link}{after}</p> }
    }
}
