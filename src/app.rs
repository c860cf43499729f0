//! The app: start-up (config → site, organisations, calendar), the contexts
//! every page reads, the shell (skip link, header, main, footer) and the routes.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use time::{Date, OffsetDateTime};

use crate::api::{self, Api, ApiError, ApiResult, AppConfig, Organisation, Site};
use crate::components::load_state::{BootError, Loading};
use crate::domain::calendar::WorkCalendar;
use crate::domain::clock::{china_date, Clock};
use crate::domain::contacts::group_contacts;
use crate::i18n::{contact_group_label, set_current_locale, Locale};
use crate::pages::{
    board::BoardPage, feedback::FeedbackPage, feedback_sent::FeedbackSentPage, home::HomePage,
    item::ItemPage, lookup::LookupPage, not_found::NotFound, replies::RepliesPage,
};
use crate::t;

/// The clock in the browser: `Date.now()`.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        let ms = js_sys::Date::now() as i128;
        OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

/// The clock views read "now" from; tests provide a fixed one. Reading it
/// in a reactive closure subscribes to the China date, so a board left open
/// (on a kiosk, say) redraws its statuses and countdowns when the day turns.
#[derive(Clone)]
pub struct AppClock {
    clock: Arc<dyn Clock + Send + Sync>,
    today: RwSignal<Date>,
}

impl AppClock {
    pub fn new(clock: Arc<dyn Clock + Send + Sync>) -> Self {
        let today = RwSignal::new(china_date(clock.now()));
        AppClock { clock, today }
    }

    pub fn now(&self) -> OffsetDateTime {
        self.today.track();
        self.clock.now()
    }

    /// Checks once a minute whether the China date has changed.
    fn keep_today(&self) {
        let (clock, today) = (Arc::clone(&self.clock), self.today);
        set_interval(
            move || {
                let date = china_date(clock.now());
                if today.get_untracked() != date {
                    today.set(date);
                }
            },
            std::time::Duration::from_secs(60),
        );
    }
}

pub fn use_clock() -> AppClock {
    use_context::<AppClock>().unwrap_or_else(|| AppClock::new(Arc::new(SystemClock)))
}

/// The chosen locale. Changing it re-renders the shell.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    pub fn new(locale: Locale) -> Self {
        set_current_locale(locale);
        I18n {
            locale: RwSignal::new(locale),
        }
    }

    pub fn set(&self, locale: Locale) {
        set_current_locale(locale);
        self.locale.set(locale);
    }
}

/// Data every page shares, loaded once at start-up (in parallel).
#[derive(Clone, Copy)]
pub struct SharedData {
    pub site: LocalResource<ApiResult<Site>>,
    pub orgs: LocalResource<ApiResult<Vec<Organisation>>>,
    pub calendar: LocalResource<Arc<WorkCalendar>>,
}

/// What every page renders from: the shared data and the page's own resource.
pub struct PageData<T> {
    pub site: ApiResult<Site>,
    pub orgs: ApiResult<Vec<Organisation>>,
    pub calendar: Arc<WorkCalendar>,
    pub own: T,
}

impl SharedData {
    pub fn refetch(&self) {
        self.site.refetch();
        self.orgs.refetch();
        self.calendar.refetch();
    }

    /// The page's data once the shared resources and `own` have all loaded
    /// (tracked, so a render closure re-runs as each arrives); `None` before.
    pub fn page<T: Clone + 'static>(&self, own: LocalResource<T>) -> Option<PageData<T>> {
        Some(PageData {
            site: self.site.get()?,
            orgs: self.orgs.get()?,
            calendar: self.calendar.get()?,
            own: own.get()?,
        })
    }

    /// The full name of organisation `id` (tracked), or the id itself while
    /// the organisations load or when it is not among them.
    pub fn org_name(&self, id: &str) -> String {
        self.orgs
            .get()
            .and_then(Result::ok)
            .and_then(|orgs| {
                orgs.data
                    .iter()
                    .find(|o| o.id == id)
                    .map(|o| o.name.clone())
            })
            .unwrap_or_else(|| id.to_owned())
    }

    /// A 重试 that reloads the shared data and the page's own resource.
    pub fn retry_with<T: 'static>(self, own: LocalResource<T>) -> Callback<()> {
        Callback::new(move |_| {
            self.refetch();
            own.refetch();
        })
    }
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}

pub fn use_shared() -> SharedData {
    expect_context::<SharedData>()
}

/// Whether the first page has rendered: focus moves to a page's `<h1>` only
/// after a navigation, not on the first load.
#[derive(Clone, Copy)]
pub struct FirstPage(pub StoredValue<bool>);

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::new(Locale::default());
    provide_context(i18n);
    let clock = AppClock::new(Arc::new(SystemClock));
    clock.keep_today();
    provide_context(clock);
    provide_context(FirstPage(StoredValue::new(true)));
    let config = LocalResource::new(api::config);
    let lang = move || i18n.locale.get().tag();

    view! {
        <div class="gk" lang=lang>
            {move || match config.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(config)) => view! { <Shell config=Arc::clone(&config.data)/> }.into_any(),
                Some(Err(error)) => {
                    view! { <BootError error=error on_retry=move || config.refetch()/> }.into_any()
                }
            }}
        </div>
    }
}

/// Once the configuration is known: the backend, the shared data, the router.
#[component]
fn Shell(config: Arc<AppConfig>) -> impl IntoView {
    let api = Api::new(&config);
    provide_context(api.clone());
    crate::hooks::provide_outbox(api.clone());
    provide_context(Arc::clone(&config));
    let site = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.site().await }
        }
    });
    let orgs = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.orgs().await }
        }
    });
    let clock = use_clock();
    let calendar = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            let today = china_date(clock.now());
            async move {
                // This year's calendar; last year's in January and next
                // year's in December, when periods may cross the new year.
                let year = today.year();
                let mut wanted = vec![year];
                match today.month() {
                    time::Month::January => wanted.insert(0, year - 1),
                    time::Month::December => wanted.push(year + 1),
                    _ => {}
                }
                let mut years = Vec::new();
                for y in wanted {
                    // A missing or failing calendar falls back to the built-in one.
                    if let Ok(Some(c)) = api.calendar(y).await {
                        years.push(c);
                    }
                }
                Arc::new(WorkCalendar::builtin().with_years(&years))
            }
        }
    });
    provide_context(SharedData {
        site,
        orgs,
        calendar,
    });
    let i18n = expect_context::<I18n>();
    // Adopt the site's first language if a translation exists.
    Effect::new(move |_| {
        if let Some(Ok(site)) = site.get() {
            if let Some(locale) = site
                .data
                .languages
                .first()
                .and_then(|t| Locale::from_tag(t))
            {
                if locale != i18n.locale.get_untracked() {
                    i18n.set(locale);
                }
            }
        }
    });
    let base = api::app_base_path();
    crate::components::set_base_path(&base);

    view! {
        <Router base=base>
            {move || {
                i18n.locale.track();
                view! { <Layout/> }
            }}
        </Router>
    }
}

#[component]
fn Layout() -> impl IntoView {
    let shared = use_shared();
    let config = expect_context::<Arc<AppConfig>>();
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
    provide_context(SiteTitle(Signal::derive({
        let t = site_title.clone();
        move || t()
    })));
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_by_id("gk-main");
    };

    view! {
        <a class="gk-skip" href="#gk-main" on:click=skip>{t!(skip_to_content)}</a>
        <header class="gk-header">
            <div class="gk-header__inner">
                <a href=crate::components::home_href() class="gk-brand">
                    <span class="gk-brand__title">{site_title}</span>
                </a>
                {move || takes_feedback().then(|| view! {
                    <a href=crate::components::lookup_href() class="gk-header__lookup">{t!(board_lookup)}</a>
                }.into_any())}
                <LocalePicker/>
            </div>
        </header>
        <main id="gk-main" class="gk-main" tabindex="-1">
            <crate::components::outbox_notice::OutboxNotice/>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/org/:id") view=BoardPage/>
                <Route path=path!("/org/:id/replies") view=RepliesPage/>
                <Route path=path!("/item/:id") view=ItemPage/>
                <Route path=path!("/feedback") view=FeedbackPage/>
                <Route path=path!("/feedback/sent") view=FeedbackSentPage/>
                <Route path=path!("/lookup") view=LookupPage/>
            </Routes>
        </main>
        <Footer/>
    }
}

/// Shown only when there is more than one translation in `locales/`.
#[component]
fn LocalePicker() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    (Locale::ALL.len() > 1).then(|| {
        let change = move |ev: leptos::ev::Event| {
            if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
                i18n.set(locale);
            }
        };
        let current = i18n.locale.get_untracked();
        view! {
            <div class="gk-locale">
                <label for="gk-locale">{t!(language)}</label>
                <select id="gk-locale" class="gk-select" on:change=change>
                    {Locale::ALL
                        .iter()
                        .map(|&l| view! {
                            <option value=l.tag() selected=l == current lang=l.tag()>
                                {crate::i18n::lookup(l, crate::i18n::Key::locale_name)}
                            </option>
                        })
                        .map(IntoAny::into_any).collect_view()}
                </select>
            </div>
        }
        .into_any()
    })
}

/// The site's title, for `document.title`.
#[derive(Clone, Copy)]
pub struct SiteTitle(pub Signal<String>);

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
                            let tel = crate::components::tel_href(&h);
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
                            <h2 class="gk-footer__heading">{contact_group_label(group)}</h2>
                            <crate::components::contacts::ContactList contacts=contacts/>
                        }.into_any()).collect_view()}
                    </div>
                </footer>
            }
            .into_any()
        })
    }
}

/// Moves focus to the element with `id` (given `tabindex="-1"`).
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Sets `document.title` to "page – site".
pub fn set_document_title(page: &str) {
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

/// A user-facing message for an error.
pub fn error_message(error: &ApiError) -> &'static str {
    match error {
        ApiError::Network(_) => t!(error_network),
        ApiError::Status(s) if *s >= 500 => t!(error_server),
        ApiError::Status(_) => t!(error_http),
        ApiError::NotFound => t!(error_not_found),
        ApiError::BadData(_) => t!(error_bad_data),
    }
}
