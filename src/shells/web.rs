//! The web shell: the site for phones and portals. A skip link, the header
//! (the site's title, 查询办理进度, the language picker), the page in
//! `<main>`, and the footer (hotline and contacts).

use leptos::prelude::*;

use crate::components::contacts::ContactList;
use crate::components::locale_picker::LocalePicker;
use crate::components::outbox_notice::OutboxNotice;
use crate::components::reading_settings::ReadingSettings;
use crate::domain::contacts::group_contacts;
use crate::hooks::{
    focus_by_id, provide_shared, use_api, use_clock, use_config, use_first_screen, use_i18n,
    use_shared, SiteTitle,
};
use crate::i18n::contact_group_label;
use crate::routes::{home_href, lookup_href, tel_href, use_full_site_href, Router, Routing};
use crate::t;

use super::PageRoutes;
use crate::hooks::aria_level_attr;

/// The web shell.
pub struct Web;

impl super::Shell for Web {
    const SERVICE_WORKER: &'static str = "sw.js";
    const ROUTE_PREFIX: &'static str = "";
    /// The shared data, loaded once for the page's life, and the router
    /// with the layout inside, which re-renders when the locale changes.
    fn configured(base: String) -> AnyView {
        let shared = provide_shared(&use_api(), use_clock());
        super::adopt_site_language(shared);
        let i18n = use_i18n();
        view! {
            <Router routing=Routing::Path base=base root=super::app_root()>
                {move || {
                    i18n.locale.track();
                    view! { <Layout/> }
                }}
            </Router>
        }
        .into_any()
    }
}

/// The site's layout; without its `chrome` (an element's `no-chrome`),
/// the page alone.
#[component]
pub(super) fn Layout(
    /// The skip link, the header and the footer.
    #[prop(default = true)]
    chrome: bool,
) -> impl IntoView {
    let shared = use_shared();
    let config = use_config();
    let fallback_title = config
        .title
        .clone()
        .unwrap_or_else(|| t!(app_title).to_owned());
    let site_title = {
        let fallback = fallback_title.clone();
        move || match shared.site.get() {
            Some(Ok(site)) => site.data.title.clone(),
            _ => fallback.clone(),
        }
    };
    // 查询办理进度 on every page, where the site takes feedback: a resident
    // with a tracking code should not have to scroll for it.
    let takes_feedback = move || {
        shared
            .site
            .get()
            .is_some_and(|site| site.is_ok_and(|site| site.data.feedback.is_some()))
    };
    use_first_screen();
    provide_context(SiteTitle(Signal::derive({
        let t = site_title.clone();
        move || t()
    })));
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_by_id("gk-main");
    };

    let header = chrome.then(|| {
        view! {
            <a class="gk-skip" href="#gk-main" on:click=skip>{t!(skip_to_content)}</a>
            <header class="gk-header">
                <div class="gk-header__inner">
                    <a href=home_href() class="gk-brand">
                        <span class="gk-brand__title">{site_title}</span>
                    </a>
                    {move || takes_feedback().then(|| view! {
                        <a href=lookup_href() class="gk-header__lookup">{t!(board_lookup)}</a>
                    }.into_any())}
                </div>
                <div class="gk-header__tools">
                    <ReadingSettings>
                        <LocalePicker/>
                    </ReadingSettings>
                </div>
            </header>
        }
    });
    // In a portal's page, the same page on the full site (its own window,
    // more room), where the element shows its header and footer.
    let full_site = super::embed::use_embed_options()
        .filter(|_| chrome)
        .map(|element| {
            let href = use_full_site_href(crate::api::app_base_url());
            let target = element.in_frame.then_some("_top");
            view! {
                <p class="gk-full-site">
                    <a href=move || href.get() target=target>{t!(embed_full_site)}</a>
                </p>
            }
        });
    view! {
        {header}
        <main id="gk-main" class="gk-main" tabindex="-1">
            <OutboxNotice load_earlier=super::lazy::earlier_entries/>
            <PageRoutes/>
        </main>
        {full_site}
        {chrome.then(|| view! { <Footer/> })}
    }
}

#[component]
fn Footer() -> impl IntoView {
    let shared = use_shared();
    // No empty band while the site is loading or failed.
    move || {
        shared.site.get().and_then(Result::ok).map(|site| {
            let hotline = site.data.hotline.clone();
            let contacts = site.data.contacts.clone();
            view! {
                <footer class="gk-footer">
                    <div class="gk-footer__inner">
                        {hotline.map(|h| {
                            let tel = tel_href(&h);
                            view! {
                            <p class="gk-footer__hotline">
                                <span class="gk-footer__label">{t!(hotline)}</span>
                                <a href=tel>{h}</a>
                            </p>
                            }.into_any()
                        })}
                        // Erased, so the list is the `Vec<AnyView>` every
                        // page renders already, not a type of its own.
                        {group_contacts(&contacts).into_iter().map(|(group, contacts)| view! {
                            <h2 {..aria_level_attr(2)} class="gk-footer__heading">{contact_group_label(group)}</h2>
                            <ContactList contacts=contacts/>
                        }.into_any()).collect_view()}
                    </div>
                </footer>
            }
            .into_any()
        })
    }
}
