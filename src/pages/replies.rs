//! `/org/:id/replies`: an organisation's public replies (反馈公开). The
//! filters live in the URL query (`kind status`), like the board's. A site
//! without the write side (`site.feedback` absent) publishes no replies
//! online: the page says so and fetches nothing.

use leptos::prelude::*;

use crate::api::{
    oldest_stale, ApiError, ApiResult, FeedbackService, Organisation, PublicReply, Site,
};
use crate::components::load_state::{loaded_view, StaleBanner};
use crate::components::page_heading::PageHeading;
use crate::components::reply_list::{ReplyFiltersBar, ReplyList};
use crate::domain::replies::ReplyFilters;
use crate::hooks::aria_level_attr;
use crate::hooks::{use_api, use_shared, PageData};
use crate::routes::{
    feedback_href, home_href, lookup_href, org_href, replies_board_path, replies_href,
    use_id_param, use_navigate, use_replies_query, NavigateOptions,
};
use crate::t;

#[component]
pub fn RepliesPage() -> impl IntoView {
    let api = use_api();
    let shared = use_shared();
    let id = use_id_param();
    // The kinds the site takes; `None` while the site loads or when it
    // publishes no replies.
    let service = Memo::new(move |_| {
        shared
            .site
            .get()
            .and_then(Result::ok)
            .and_then(|site| site.data.feedback.clone())
    });
    let replies = LocalResource::new(move || {
        let api = api.clone();
        let id = id.get();
        let fetch = service.with(Option::is_some);
        async move {
            let loaded = match fetch {
                true => Some(api.replies(&id).await),
                false => None,
            };
            (id, loaded)
        }
    });
    let filters = use_replies_query(move || {
        service.with(|s| s.as_ref().map(|s| s.kinds.clone()).unwrap_or_default())
    });
    let navigate = use_navigate();
    let on_change = Callback::new(move |f: ReplyFilters| {
        let href = replies_board_path(&id.get_untracked(), &f);
        navigate(
            &href,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    let retry = shared.retry_with(replies);

    let render = move || {
        let id = id.get();
        let Some(PageData {
            site,
            orgs,
            calendar: _,
            own: (replies_for, loaded),
        }) = shared.page(replies)
        else {
            return loaded_view(None, retry);
        };
        if replies_for != id {
            // Still the previous organisation's replies: wait for these.
            return loaded_view(None, retry);
        }
        let page = replies_view(
            RepliesData {
                id,
                site,
                orgs,
                replies: loaded,
            },
            filters,
            on_change,
            retry,
        );
        loaded_view(page, retry)
    };
    view! { <div class="gk-page gk-replies">{render}</div> }
}

struct RepliesData {
    id: String,
    site: ApiResult<Site>,
    orgs: ApiResult<Vec<Organisation>>,
    /// `None`: not fetched (yet), because the site takes no feedback or was
    /// still loading when the fetch started.
    replies: Option<ApiResult<Vec<PublicReply>>>,
}

/// `None` while the replies are still to come.
fn replies_view(
    data: RepliesData,
    filters: Memo<ReplyFilters>,
    on_change: Callback<ReplyFilters>,
    retry: Callback<()>,
) -> Option<Result<AnyView, ApiError>> {
    let RepliesData {
        id,
        site,
        orgs,
        replies,
    } = data;
    let (site, orgs) = match (site, orgs) {
        (Ok(site), Ok(orgs)) => (site, orgs),
        (Err(e), _) | (_, Err(e)) => return Some(Err(e)),
    };
    let Some(org) = orgs.data.iter().find(|o| o.id == id).cloned() else {
        return Some(Err(ApiError::NotFound));
    };
    let Some(service) = site.data.feedback.clone() else {
        let stale = oldest_stale([&site.stale, &orgs.stale]);
        return Some(Ok(not_online_view(org, stale, retry)));
    };
    let replies = match replies? {
        Ok(replies) => replies,
        Err(e) => return Some(Err(e)),
    };
    let stale = oldest_stale([&site.stale, &orgs.stale, &replies.stale]);
    Some(Ok(board_view(
        org,
        service,
        replies.data,
        stale,
        filters,
        on_change,
        retry,
    )))
}

/// 首页 › the organisation, the heading and the stale-data banner.
fn heading(org: &Organisation, stale: Option<crate::api::Stale>, retry: Callback<()>) -> AnyView {
    view! {
        <nav class="gk-breadcrumb" aria-label=t!(breadcrumb)>
            <ol>
                <li><a href=home_href()>{t!(home)}</a></li>
                <li><a href=org_href(&org.id)>{org.name.clone()}</a></li>
            </ol>
        </nav>
        <PageHeading text=t!(replies_title, org = org.name)/>
        <StaleBanner stale=stale on_retry=retry/>
    }
    .into_any()
}

fn back_link(org: &Organisation) -> impl IntoView {
    view! {
        <a class="gk-button" href=org_href(&org.id)>
            {t!(back_to_board, org = org.name)}
        </a>
    }
}

fn not_online_view(
    org: Organisation,
    stale: Option<crate::api::Stale>,
    retry: Callback<()>,
) -> AnyView {
    view! {
        {heading(&org, stale, retry)}
        <p class="gk-lead">{t!(replies_not_online)}</p>
        <div class="gk-replies__actions">{back_link(&org)}</div>
    }
    .into_any()
}

fn board_view(
    org: Organisation,
    service: FeedbackService,
    replies: std::sync::Arc<Vec<PublicReply>>,
    stale: Option<crate::api::Stale>,
    filters: Memo<ReplyFilters>,
    on_change: Callback<ReplyFilters>,
    retry: Callback<()>,
) -> AnyView {
    view! {
        {heading(&org, stale, retry)}
        <p class="gk-lead gk-replies__intro">{t!(replies_intro)}</p>
        <div class="gk-replies__actions">
            <a class="gk-button gk-button--primary" href=feedback_href(&org.id, None, None)>
                {t!(replies_write)}
            </a>
            <a class="gk-button" href=lookup_href()>{t!(replies_lookup)}</a>
            {back_link(&org)}
        </div>
        <section class="gk-replies__main" aria-labelledby="gk-replies-heading">
            <h2 {..aria_level_attr(2)} class="gk-visually-hidden" id="gk-replies-heading">{t!(replies_list_label)}</h2>
            <ReplyFiltersBar filters=filters on_change=on_change kinds=service.kinds/>
            <ReplyList replies=replies filters=filters clear_href=replies_href(&org.id)/>
        </section>
    }
    .into_any()
}
