//! The pages a board does not need (an item, replies, feedback and its
//! receipt, look-up, an earlier version's outbox), each behind a split point, for the route table
//! ([`super::PageRoutes`]). With the `split` feature
//! (the phone build) each function is a `wasm_split` point: its page's code
//! is cut into a chunk of its own (scripts/split.mjs) that loads the first
//! time the page is shown, and a failed fetch comes back as
//! [`CodeNotLoaded`] to retry. Without it (tests, the kiosk) they are
//! plain calls.

use leptos::prelude::*;

use crate::components::lazy_page::{CodeNotLoaded, LoadPage, ShowPage};

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for CodeNotLoaded {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        CodeNotLoaded
    }
}

/// `lazy_page!(chunk, loader, Page)`: `loader`, a [`LoadPage`] for `Page`,
/// its code in the chunk `chunk`.
macro_rules! lazy_page {
    ($chunk:ident, $loader:ident, $page:path) => {
        pub fn $loader(
        ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<ShowPage, CodeNotLoaded>>>> {
            #[cfg_attr(feature = "split", wasm_split_helpers::wasm_split($chunk, fallible))]
            fn show() -> Result<ShowPage, CodeNotLoaded> {
                Ok(|| {
                    use $page as Page;
                    view! { <Page/> }.into_any()
                })
            }
            #[cfg(feature = "split")]
            return Box::pin(show());
            #[cfg(not(feature = "split"))]
            return Box::pin(std::future::ready(show()));
        }
        const _: LoadPage = $loader;
    };
}

lazy_page!(item, item, crate::pages::item::ItemPage);
lazy_page!(replies, replies, crate::pages::replies::RepliesPage);
lazy_page!(feedback, feedback, crate::pages::feedback::FeedbackPage);
lazy_page!(
    feedback,
    feedback_sent,
    crate::pages::feedback_sent::FeedbackSentPage
);
lazy_page!(lookup, lookup, crate::pages::lookup::LookupPage);
lazy_page!(
    earlier,
    earlier_entries,
    crate::components::outbox_notice::EarlierEntries
);
