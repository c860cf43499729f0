//! The kiosk shell's dialogs mounted in headless Chromium: the idle warning
//! keeps the focus inside itself (Tab and Shift+Tab cycle through its
//! controls), is announced as an alert, and gives the focus back.
//! (A module of tests/web.rs.)

use gongkai::components::kiosk::dialog::KioskDialog;
use gongkai::components::kiosk::warning::IdleWarning;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

use super::{container, tick};

fn active_text() -> String {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Tab (or Shift+Tab) pressed where the focus is; whether the dialog took it.
fn press_tab(shift: bool) -> bool {
    let doc = web_sys::window().unwrap().document().unwrap();
    let target = doc.active_element().unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Tab");
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
    ev.default_prevented()
}

#[wasm_bindgen_test]
async fn the_dialog_traps_the_focus_and_gives_it_back() {
    let root = container();
    // Something focused on the page before the dialog opens.
    let outside = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("button")
        .unwrap()
        .unchecked_into::<HtmlElement>();
    outside.set_text_content(Some("页面上的按钮"));
    root.append_child(&outside).unwrap();
    outside.focus().unwrap();

    let open = RwSignal::new(true);
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Show when=move || open.get()>
                <KioskDialog labelled_by="t">
                    <h2 id="t">"标题"</h2>
                    <button>"第一"</button>
                    <a href="#x">"中间"</a>
                    <button disabled=true>"不可用"</button>
                    <button>"最后"</button>
                </KioskDialog>
            </Show>
        }
    });
    tick().await;
    let dialog = root
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("a dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("t")
    );
    // Focus moved into it, to its first control.
    assert_eq!(active_text(), "第一");
    // Tab from the last control goes round to the first, Shift+Tab from the
    // first to the last; in between, the browser moves it (not prevented).
    assert!(!press_tab(false), "Tab inside is the browser's");
    let last = root
        .query_selector("[role=dialog] button:last-of-type")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    last.focus().unwrap();
    assert!(press_tab(false), "Tab from the last control is kept");
    assert_eq!(active_text(), "第一");
    assert!(press_tab(true), "Shift+Tab from the first control is kept");
    assert_eq!(active_text(), "最后");
    press_tab(false);
    assert_eq!(active_text(), "第一");

    // Closed: the focus goes back where it was before the dialog opened.
    assert_eq!(active_text(), "第一");
    open.set(false);
    tick().await;
    assert!(root.query_selector("[role=dialog]").unwrap().is_none());
    assert_eq!(active_text(), "页面上的按钮");
    drop(mounted);
}

#[wasm_bindgen_test]
async fn the_idle_warning_is_an_alert_with_its_countdown_and_continue() {
    let root = container();
    let remaining = RwSignal::new(30u32);
    let continued = RwSignal::new(0u32);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <IdleWarning remaining=remaining on_continue=move |()| continued.update(|c| *c += 1)/>
        }
    });
    tick().await;
    let dialog = root
        .query_selector("[role=alertdialog]")
        .unwrap()
        .expect("an alert dialog");
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    let title = root
        .query_selector(&format!("#{title_id}"))
        .unwrap()
        .unwrap();
    assert_eq!(title.text_content().unwrap(), "您还在使用吗？");
    assert!(dialog.text_content().unwrap().contains("30 秒后将回到首页"));
    assert_eq!(active_text(), "继续使用");
    remaining.set(12);
    tick().await;
    assert!(dialog.text_content().unwrap().contains("12 秒后将回到首页"));
    // Tab has nowhere else to go.
    assert!(press_tab(false));
    assert_eq!(active_text(), "继续使用");
    root.query_selector("[role=alertdialog] button")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    assert_eq!(continued.get_untracked(), 1);
}
