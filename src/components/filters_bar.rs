//! The board's filter controls: selects with visible labels, a search box and
//! 清除筛选. The state is the URL's query: the bar only reads `filters` and
//! asks for a new one through `on_change` (with `replace` for typing).
//!
//! The bar works through `Filters::from_query`/`to_query`, so the strings in
//! the URL are the domain's.

use std::sync::Arc;

use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::Category;
use crate::domain::filters::Filters;
use crate::i18n::{kind_choices, quarter_choices, status_choices, year_choices};
use crate::t;

/// `f` with one query key set (or cleared, for `""`).
pub fn with_param(f: &Filters, key: &str, value: &str) -> Filters {
    let mut pairs: Vec<(&str, String)> = f.to_query();
    pairs.retain(|(k, _)| *k != key);
    let pairs: Vec<(String, String)> = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    Filters::from_query(|k: &str| {
        if k == key {
            (!value.is_empty()).then(|| value.to_owned())
        } else {
            pairs.iter().find(|(kk, _)| kk == k).map(|(_, v)| v.clone())
        }
    })
}

#[component]
fn FilterSelect(
    key: &'static str,
    id: &'static str,
    label: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    filters: Signal<Filters>,
    on_change: Callback<(Filters, bool)>,
    #[prop(optional)] describedby: Option<&'static str>,
) -> impl IntoView {
    // This select's own value: a keystroke in the search box, which
    // changes the filters, leaves its options alone.
    let current = Memo::new(move |_| filters.with(|f| f.query_value(key)));
    let change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let next = filters.with_untracked(|f| with_param(f, key, &value));
        on_change.run((next, false));
    };
    view! {
        <div class=format!("gk-field gk-field--{key}")>
            <label class="gk-field__label" for=id>{label}</label>
            <select class="gk-select" id=id name=key aria-describedby=describedby on:change=change prop:value=current>
                <option value="" selected=move || current.with(String::is_empty)>{t!(filter_all)}</option>
                {move || options
                    .get()
                    .into_iter()
                    .map(|(value, text)| {
                        let v = value.clone();
                        view! { <option value=value selected=move || current.with(|c| *c == v)>{text}</option> }
                    })
                    .map(IntoAny::into_any).collect_view()}
            </select>
        </div>
    }
}

/// Moves the focus to the board's search box.
pub fn focus_search() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SEARCH_ID))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

const SEARCH_ID: &str = "gk-q";
const PERIOD_HINT_ID: &str = "gk-f-period-hint";

#[component]
pub fn FiltersBar(
    #[prop(into)] filters: Signal<Filters>,
    /// `(filters, typing)`: typing in the search box, or a choice.
    #[prop(into)]
    on_change: Callback<(Filters, bool)>,
    /// The search box lost the focus or was submitted: what was typed is
    /// done.
    #[prop(optional, into)]
    on_settle: Option<Callback<()>>,
    catalogue: Arc<Vec<Category>>,
    /// The years the board's items belong to, newest first (grows as the
    /// list loads).
    #[prop(into)]
    years: Signal<Vec<i32>>,
    /// `Some(default)` where the board has sub-organisations: offers
    /// 含下级组织, checked by default when `default`.
    sub_default: Option<bool>,
) -> impl IntoView {
    let categories: Vec<(String, String)> = catalogue
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let kinds = kind_choices();
    let statuses = status_choices();
    // Compared by value: rebuilt when the years or the year chosen change,
    // not at every keystroke.
    let years = Memo::new(move |_| {
        let chosen = filters.with(|f| f.year);
        years.with(|years| year_choices(years, chosen))
    });
    let quarters = quarter_choices();

    let input = NodeRef::<Input>::new();
    let query = move || filters.with(|f| f.query_value("q"));
    // Back/forward or 清除筛选 change the query from outside: show it, but
    // never rewrite what is being typed.
    Effect::new(move |_| {
        let q = query();
        if let Some(el) = input.get() {
            if el.value().trim() != q.trim() {
                el.set_value(&q);
            }
        }
    });
    let search = move |value: String| {
        let next = filters.with_untracked(|f| with_param(f, "q", &value));
        on_change.run((next, true));
    };
    let on_input = move |ev: leptos::ev::Event| {
        // Chinese input methods: wait for the composed characters.
        if ev
            .dyn_ref::<web_sys::InputEvent>()
            .is_some_and(|e| e.is_composing())
        {
            return;
        }
        search(event_target_value(&ev));
    };
    let settle = move || {
        if let Some(settle) = on_settle {
            settle.run(());
        }
    };
    let on_composition_end =
        move |ev: leptos::ev::CompositionEvent| search(event_target_value(&ev));
    let clear = move |_| {
        if let Some(el) = input.get() {
            el.set_value("");
        }
        on_change.run((filters.with_untracked(Filters::cleared), false));
        // The button is disabled now that nothing is filtered: the focus
        // goes to the search rather than back to the document.
        focus_search();
    };

    view! {
        <form class="gk-filters" role="search" aria-label=t!(filters_label) on:submit=move |ev| {
            ev.prevent_default();
            settle();
        }>
            <div class="gk-field gk-field--search">
                <label class="gk-field__label" for=SEARCH_ID>{t!(search_label)}</label>
                <input
                    class="gk-input"
                    id=SEARCH_ID
                    name="q"
                    type="search"
                    node_ref=input
                    value=filters.with_untracked(|f| f.query_value("q"))
                    placeholder=t!(search_placeholder)
                    autocomplete="off"
                    enterkeyhint="search"
                    on:input=on_input
                    on:compositionend=on_composition_end
                    on:blur=move |_| settle()
                />
            </div>
            <FilterSelect key="category" id="gk-f-category" label=t!(filter_category) options=categories filters=filters on_change=on_change/>
            <FilterSelect key="kind" id="gk-f-kind" label=t!(filter_kind) options=kinds filters=filters on_change=on_change/>
            <FilterSelect key="status" id="gk-f-status" label=t!(filter_status) options=statuses filters=filters on_change=on_change/>
            <FilterSelect key="year" id="gk-f-year" label=t!(filter_year) options=years filters=filters on_change=on_change describedby=PERIOD_HINT_ID/>
            <FilterSelect key="quarter" id="gk-f-quarter" label=t!(filter_quarter) options=quarters filters=filters on_change=on_change describedby=PERIOD_HINT_ID/>
            <p class="gk-field__hint gk-filters__hint" id=PERIOD_HINT_ID>{t!(filter_period_hint)}</p>
            {sub_default.map(|default| {
                let checked = move || filters.with(|f| f.sub.unwrap_or(default));
                let toggle = move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    let mut next = filters.get_untracked();
                    // The default stays out of the URL.
                    next.sub = (on != default).then_some(on);
                    on_change.run((next, false));
                };
                view! {
                    <div class="gk-field gk-field--sub gk-checkbox">
                        <input
                            type="checkbox"
                            id="gk-f-sub"
                            name="sub"
                            class="gk-checkbox__input"
                            prop:checked=checked
                            on:change=toggle
                        />
                        <label class="gk-checkbox__label" for="gk-f-sub">{t!(filter_sub_orgs)}</label>
                    </div>
                }.into_any()
            })}
            <div class="gk-field gk-field--actions">
                <button
                    type="button"
                    class="gk-button"
                    on:click=clear
                    disabled=move || filters.with(|f| f.is_empty())
                >
                    {t!(clear_filters)}
                </button>
            </div>
        </form>
    }
}
