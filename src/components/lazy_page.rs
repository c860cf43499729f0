//! A page whose code loads when it is first shown (`shells::lazy`): the
//! loading state meanwhile, and an error with 重试 if the code cannot be
//! fetched, never a blank page or a panic.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::load_state::{LoadError, Loading};

/// The page's code could not be fetched (offline, or the server gone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeNotLoaded;

/// Shows a page once its code is in: what a split point returns.
pub type ShowPage = fn() -> AnyView;

/// Fetches a page's code (a chunk of its own in a split build).
pub type LoadPage = fn() -> Pin<Box<dyn Future<Output = Result<ShowPage, CodeNotLoaded>>>>;

/// The page `load` brings, once its code is in.
#[component]
pub fn LazyPage(load: LoadPage) -> impl IntoView {
    let code = LocalResource::new(load);
    move || {
        match code.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(show)) => show(),
        Some(Err(CodeNotLoaded)) => view! {
            <LoadError error=ApiError::Network("page code not loaded".into()) on_retry=move || code.refetch()/>
        }
        .into_any(),
    }
    }
}
