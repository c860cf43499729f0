//! 长辈模式, the text steps and the language picker, as a reader uses them.

use gongkai::components::locale_picker::LocalePicker;
use gongkai::components::reading_settings::ReadingSettings;
use gongkai::hooks::{provide_i18n, provide_reading, use_i18n, READING_KEY};
use gongkai::i18n::loaded::{install, Part};
use gongkai::i18n::Locale;
use gongkai::routes::{keep_language, kept_language, Router};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlSelectElement};

use super::{container, tick};

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// The settings under a root that shows them as the shell's does.
fn mount_settings(remember: bool) -> HtmlElement {
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        let reading = provide_reading(remember);
        view! {
            <div class="gk" data-gk-elder=move || reading.elder().then_some("")
                data-gk-text=move || reading.text().attr()>
                <ReadingSettings/>
            </div>
        }
    })
    .forget();
    root
}

fn switch(root: &HtmlElement) -> HtmlElement {
    root.query_selector("[role=switch]")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn app_root(root: &HtmlElement) -> web_sys::Element {
    root.query_selector(".gk").unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn the_elder_switch_is_a_named_switch_that_turns_the_mode_on_and_is_kept() {
    storage().remove_item(READING_KEY).unwrap();
    let root = mount_settings(true);
    tick().await;
    let button = switch(&root);
    assert_eq!(
        button.tag_name(),
        "BUTTON",
        "a native button: Enter and Space work"
    );
    assert_eq!(button.text_content().unwrap().trim(), "长辈模式");
    assert_eq!(
        button.get_attribute("aria-checked").as_deref(),
        Some("false")
    );
    let hint = button.get_attribute("aria-describedby").unwrap();
    let hint = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .get_element_by_id(&hint)
        .unwrap();
    assert_eq!(hint.text_content().unwrap(), "字更大、按钮更大、颜色更深");
    assert!(!app_root(&root).has_attribute("data-gk-elder"));

    button.click();
    tick().await;
    assert_eq!(
        button.get_attribute("aria-checked").as_deref(),
        Some("true")
    );
    assert!(app_root(&root).has_attribute("data-gk-elder"));
    assert_eq!(
        storage().get_item(READING_KEY).unwrap().as_deref(),
        Some("elder=1;text=1")
    );

    // Another page (or a reload) on this device starts in elder mode.
    let again = mount_settings(true);
    tick().await;
    assert_eq!(
        switch(&again).get_attribute("aria-checked").as_deref(),
        Some("true")
    );
    assert!(app_root(&again).has_attribute("data-gk-elder"));

    // Off again: nothing is kept.
    button.click();
    tick().await;
    assert_eq!(
        button.get_attribute("aria-checked").as_deref(),
        Some("false")
    );
    assert_eq!(storage().get_item(READING_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_shared_screen_keeps_nothing() {
    storage().set_item(READING_KEY, "elder=1;text=3").unwrap();
    let root = mount_settings(false);
    tick().await;
    // The last reader's choice is not this reader's.
    assert_eq!(
        switch(&root).get_attribute("aria-checked").as_deref(),
        Some("false")
    );
    switch(&root).click();
    tick().await;
    assert_eq!(
        storage().get_item(READING_KEY).unwrap().as_deref(),
        Some("elder=1;text=3")
    );
    storage().remove_item(READING_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn the_text_steps_are_a_group_of_three_with_one_pressed() {
    storage().remove_item(READING_KEY).unwrap();
    let root = mount_settings(true);
    tick().await;
    let group = root.query_selector("[role=group]").unwrap().unwrap();
    assert_eq!(group.get_attribute("aria-label").as_deref(), Some("字号"));
    let buttons = group.query_selector_all("button").unwrap();
    assert_eq!(buttons.length(), 3);
    let button = |i| buttons.item(i).unwrap().unchecked_into::<HtmlElement>();
    let names: Vec<String> = (0..3)
        .map(|i| {
            button(i)
                .query_selector(".gk-visually-hidden")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(names, ["标准字号", "大字号", "特大字号"]);
    let pressed = || -> Vec<String> {
        (0..3)
            .map(|i| button(i).get_attribute("aria-pressed").unwrap())
            .collect()
    };
    assert_eq!(pressed(), ["true", "false", "false"]);
    assert_eq!(
        app_root(&root).get_attribute("data-gk-text").as_deref(),
        Some("1")
    );

    button(2).click();
    tick().await;
    assert_eq!(pressed(), ["false", "false", "true"]);
    assert_eq!(
        app_root(&root).get_attribute("data-gk-text").as_deref(),
        Some("3")
    );
    assert_eq!(
        storage().get_item(READING_KEY).unwrap().as_deref(),
        Some("elder=0;text=3")
    );
    button(0).click();
    tick().await;
    assert_eq!(storage().get_item(READING_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
async fn the_steps_and_what_follows_them_are_behind_one_disclosure_button() {
    storage().remove_item(READING_KEY).unwrap();
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        provide_reading(true);
        view! {
            <div class="gk">
                <ReadingSettings>
                    <p class="extra">"语言"</p>
                </ReadingSettings>
            </div>
        }
    })
    .forget();
    tick().await;
    let toggle: HtmlElement = root
        .query_selector("button[aria-controls]")
        .unwrap()
        .expect("the disclosure button")
        .unchecked_into();
    assert_eq!(toggle.text_content().unwrap().trim(), "字号和语言");
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    // (Other tests' settings are in the document too: look in this one.)
    let panel = root
        .query_selector(&format!(
            "#{}",
            toggle.get_attribute("aria-controls").unwrap()
        ))
        .unwrap()
        .expect("the button controls an element that exists");
    assert!(
        panel.query_selector("[role=group]").unwrap().is_some(),
        "the steps are in it"
    );
    assert!(
        panel.query_selector(".extra").unwrap().is_some(),
        "and what the shell adds (the language)"
    );
    assert!(!panel.has_attribute("data-open"));
    toggle.click();
    tick().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert!(panel.has_attribute("data-open"));
    // The switch stays outside it, always in sight.
    assert!(panel.query_selector("[role=switch]").unwrap().is_none());
    toggle.click();
    tick().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn elder_mode_says_the_key_flows_shorter_and_back() {
    storage().remove_item(READING_KEY).unwrap();
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        provide_reading(true);
        let elder = gongkai::hooks::use_elder();
        view! {
            <div class="gk">
                <ReadingSettings/>
                <p class="said">{move || gongkai::te!(elder.get(), lookup_explain_replied)}</p>
                <p class="args">{move || gongkai::te!(elder.get(), privacy_sent_to, org = "青溪村党支部")}</p>
            </div>
        }
    })
    .forget();
    tick().await;
    let text = |sel: &str| {
        root.query_selector(sel)
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(text(".said"), "已经答复，请看下面的答复，并评价是否满意。");
    switch(&root).click();
    tick().await;
    assert_eq!(text(".said"), "已经答复。请看答复，再说说满不满意。");
    assert_eq!(
        text(".args"),
        "您写的内容和联系方式，会发给青溪村党支部的工作人员。"
    );
    switch(&root).click();
    tick().await;
    assert_eq!(text(".said"), "已经答复，请看下面的答复，并评价是否满意。");
    storage().remove_item(READING_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn the_language_picker_names_each_language_in_its_own_and_switches() {
    let en = Locale::from_tag("en").expect("en ships");
    install(en, Part::App, include_str!("../../locales/en.json")).unwrap();
    keep_language(None);
    let root = container();
    let locale = RwSignal::new(Locale::default());
    leptos::mount::mount_to(root.clone(), move || {
        let i18n = provide_i18n(false, false);
        Effect::new(move |_| locale.set(i18n.locale.get()));
        view! {
            <Router>
                {move || {
                    use_i18n().locale.track();
                    view! { <LocalePicker/> }
                }}
            </Router>
        }
    })
    .forget();
    tick().await;
    let select: HtmlSelectElement = root
        .query_selector("select")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let label = root.query_selector("label").unwrap().unwrap();
    assert_eq!(
        label.get_attribute("for").as_deref(),
        Some(select.id().as_str())
    );
    let options = select.query_selector_all("option").unwrap();
    let own: Vec<(String, String)> = (0..options.length())
        .map(|i| {
            let o: web_sys::Element = options.item(i).unwrap().unchecked_into();
            (o.text_content().unwrap(), o.get_attribute("lang").unwrap())
        })
        .collect();
    assert!(
        own.contains(&("简体中文".to_owned(), "zh-Hans".to_owned())),
        "{own:?}"
    );
    assert!(
        own.contains(&("繁體中文".to_owned(), "zh-Hant".to_owned())),
        "{own:?}"
    );
    assert!(
        own.contains(&("English".to_owned(), "en".to_owned())),
        "{own:?}"
    );

    select.set_value("en");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(locale.get_untracked(), en);
    assert_eq!(
        kept_language().as_deref(),
        Some("en"),
        "kept in the address"
    );
    // The page is now in English, the picker's label too.
    let label = root.query_selector("label").unwrap().unwrap();
    assert_eq!(label.text_content().unwrap(), "Language");
    keep_language(None);
    gongkai::i18n::set_current_locale(Locale::default());
}
