//! Loading, error and stale-data states, in the user's language.

use leptos::prelude::*;

use crate::api::{ApiError, Stale};
use crate::components::page_heading::PageHeading;
use crate::i18n::{error_message, format_datetime};
use crate::t;

/// Shown while a page's data loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="gk-loading" aria-busy="true" role="status">
            <span class="gk-loading__bar" aria-hidden="true"></span>
            <span class="gk-loading__bar" aria-hidden="true"></span>
            <span class="gk-loading__bar" aria-hidden="true"></span>
            <p class="gk-loading__text">{t!(loading)}</p>
        </div>
    }
}

/// An error with a 重试 button.
#[component]
pub fn LoadError(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="gk-error" role="alert">
            // A page heading, so that focus lands here after a navigation
            // instead of falling back to the document.
            <PageHeading text=t!(error_title)/>
            <p>{error_message(&error)}</p>
            <button type="button" class="gk-button gk-button--primary" on:click=move |_| on_retry.run(())>
                {t!(retry)}
            </button>
        </div>
    }
}

/// The app could not start (no `config.json`).
#[component]
pub fn BootError(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    view! { <main class="gk-main"><LoadError error=error on_retry=on_retry/></main> }
}

/// What a page shows for its data: loading, an error with 重试, the
/// not-found page, or the page itself. One non-generic function for every
/// page keeps the bundle small (no Suspense machinery per page).
pub fn loaded_view(state: Option<Result<AnyView, ApiError>>, on_retry: Callback<()>) -> AnyView {
    // The page has its content (or its error): the server's first screen,
    // if any, gives way to it.
    if state.is_some() {
        crate::hooks::first_screen_done();
    }
    match state {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(page)) => page,
        Some(Err(ApiError::NotFound)) => {
            view! { <crate::components::not_found::NotFound/> }.into_any()
        }
        Some(Err(error)) => view! { <LoadError error=error on_retry=on_retry/> }.into_any(),
    }
}

/// "The data shown is from …", with the reason and 重试.
#[component]
pub fn StaleBanner(stale: Option<Stale>, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    stale.map(|stale| {
        view! {
            <div class="gk-stale" role="alert">
                <p class="gk-stale__text">
                    <strong>{error_message(&stale.error)}</strong>
                    " "
                    {t!(data_updated_at, time = format_datetime(stale.saved_at))}
                </p>
                <button type="button" class="gk-button" on:click=move |_| on_retry.run(())>
                    {t!(retry)}
                </button>
            </div>
        }
        .into_any()
    })
}
