//! The kiosk's hand-offs mounted in headless Chromium: the 留言码 keypad,
//! QR codes and the link sheet.
//!
//! (A module of tests/web.rs.)

use gongkai::components::kiosk::{link_action_for_click, Keypad, LinkSheet};
use gongkai::components::qr_code::QrCode;
use gongkai::domain::kiosk::{CodeInput, LinkAction};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

fn container() -> HtmlElement {
    let doc = document();
    let div = doc
        .create_element("div")
        .unwrap()
        .unchecked_into::<HtmlElement>();
    div.set_class_name("gk");
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn el(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<HtmlElement>()
}

fn text(root: &HtmlElement, selector: &str) -> String {
    el(root, selector).text_content().unwrap_or_default()
}

fn key(root: &HtmlElement, k: char) {
    el(root, &format!(".gk-keypad__key[data-key=\"{k}\"]")).click();
}

/// A key typed on a hardware keyboard, on `target`.
fn type_key(target: &web_sys::EventTarget, key: &str) -> bool {
    let dispatch = js_sys::Function::new_with_args(
        "el, key",
        "const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });\
         el.dispatchEvent(ev); return ev.defaultPrevented;",
    );
    dispatch
        .call2(&wasm_bindgen::JsValue::NULL, target, &key.into())
        .unwrap()
        .as_bool()
        .unwrap()
}

/// A keypad, mounted until the handle is dropped: its listener on the
/// window goes with it, so that each test has one keypad listening.
struct Mounted {
    root: HtmlElement,
    input: RwSignal<CodeInput>,
    submitted: RwSignal<Vec<String>>,
    _handle: Box<dyn std::any::Any>,
}

fn mount_keypad() -> Mounted {
    let root = container();
    let input = RwSignal::new(CodeInput::new());
    let submitted = RwSignal::new(Vec::<String>::new());
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Keypad input=input on_submit=move |code: String| submitted.update(|s| s.push(code))/> }
    });
    Mounted {
        root,
        input,
        submitted,
        _handle: Box::new(handle),
    }
}

fn slots(root: &HtmlElement) -> String {
    let list = root.query_selector_all(".gk-keypad__slot").unwrap();
    (0..list.length())
        .map(|i| {
            let t = list.item(i).unwrap().text_content().unwrap_or_default();
            if t.is_empty() {
                "_".to_owned()
            } else {
                t
            }
        })
        .collect()
}

#[wasm_bindgen_test]
async fn keypad_keys_fill_the_slots_in_groups_of_four() {
    let Mounted {
        root,
        input,
        _handle,
        ..
    } = mount_keypad();
    tick().await;
    assert_eq!(
        root.query_selector_all(".gk-keypad__key").unwrap().length(),
        32,
        "one key per character of the alphabet"
    );
    assert!(
        root.query_selector("input, textarea").unwrap().is_none(),
        "no field to summon an input method"
    );
    assert_eq!(
        root.query_selector_all(".gk-keypad__group")
            .unwrap()
            .length(),
        3
    );
    assert_eq!(slots(&root), "____________");
    assert_eq!(text(&root, ".gk-keypad__spoken"), "还没有输入");
    for k in "7K3MQ".chars() {
        key(&root, k);
    }
    tick().await;
    assert_eq!(slots(&root), "7K3MQ_______");
    assert_eq!(input.get_untracked().display(), "7K3M-Q");
    assert_eq!(text(&root, ".gk-keypad__spoken"), "7K3M-Q");
    assert_eq!(
        text(&root, ".gk-keypad__hint"),
        "留言码共 12 位，还差 7 位。"
    );
    assert_eq!(
        root.query_selector_all(".gk-keypad__slot--filled")
            .unwrap()
            .length(),
        5
    );
}

#[wasm_bindgen_test]
async fn keypad_backspace_and_clear_correct_the_code() {
    let Mounted {
        root,
        input,
        _handle,
        ..
    } = mount_keypad();
    for k in "7K3MQ".chars() {
        key(&root, k);
    }
    el(&root, ".gk-keypad__backspace").click();
    tick().await;
    assert_eq!(slots(&root), "7K3M________");
    el(&root, ".gk-keypad__clear").click();
    tick().await;
    assert_eq!(slots(&root), "____________");
    assert!(input.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn keypad_submits_only_a_complete_code() {
    let Mounted {
        root,
        submitted,
        _handle,
        ..
    } = mount_keypad();
    let submit = el(&root, ".gk-keypad__submit");
    for k in "7K3MQ9XD2FH".chars() {
        key(&root, k);
    }
    tick().await;
    assert!(submit.has_attribute("disabled"), "11 of 12: not yet");
    assert_eq!(
        submit.get_attribute("aria-describedby").as_deref(),
        Some("gk-keypad-hint")
    );
    assert_eq!(
        text(&root, ".gk-keypad__hint"),
        "留言码共 12 位，还差 1 位。"
    );
    submit.click();
    tick().await;
    assert!(submitted.get_untracked().is_empty());
    key(&root, 'P');
    tick().await;
    assert!(!submit.has_attribute("disabled"));
    key(&root, 'Z');
    tick().await;
    assert_eq!(
        slots(&root),
        "7K3MQ9XD2FHP",
        "a thirteenth key does nothing"
    );
    submit.click();
    tick().await;
    assert_eq!(submitted.get_untracked(), ["7K3M-Q9XD-2FHP"]);
}

#[wasm_bindgen_test]
async fn keypad_reads_a_hardware_keyboard() {
    let Mounted {
        root,
        input,
        submitted,
        _handle,
    } = mount_keypad();
    let pad = el(&root, ".gk-keypad");
    for k in ["7", "k", "3", "m", "q", "9", "x", "d", "2", "f", "h"] {
        assert!(type_key(&pad, k), "{k} is the keypad's");
    }
    assert!(!type_key(&pad, "u"), "U is not in the alphabet");
    assert!(!type_key(&pad, "F5"));
    assert_eq!(input.get_untracked().display(), "7K3M-Q9XD-2FH");
    assert!(type_key(&pad, "Enter"));
    tick().await;
    assert!(submitted.get_untracked().is_empty(), "incomplete");
    assert!(type_key(&pad, "Backspace"));
    assert!(type_key(&pad, "h"));
    assert!(type_key(&pad, "p"));
    assert!(type_key(&pad, "Enter"));
    tick().await;
    assert_eq!(submitted.get_untracked(), ["7K3M-Q9XD-2FHP"]);
    assert!(type_key(&pad, "Escape"));
    tick().await;
    assert_eq!(slots(&root), "____________");
    // With the focus on nothing in particular, keys still type.
    assert!(type_key(&document().body().unwrap(), "a"));
    assert_eq!(input.get_untracked().display(), "A");
    // But not when they are meant for another control.
    let other = document().create_element("button").unwrap();
    document().body().unwrap().append_child(&other).unwrap();
    assert!(!type_key(&other, "b"));
    assert_eq!(input.get_untracked().display(), "A");
}

#[wasm_bindgen_test]
async fn qr_code_is_an_svg_image_with_its_label_and_quiet_zone() {
    let root = container();
    leptos::mount::mount_to(root.clone(), || {
        view! { <QrCode text="https://h.example/feedback?org=o" label="留言表的二维码"/> }
    })
    .forget();
    tick().await;
    let svg = root.query_selector("svg").unwrap().expect("an svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("留言表的二维码")
    );
    assert_eq!(
        svg.get_attribute("shape-rendering").as_deref(),
        Some("crispEdges")
    );
    let size: u32 = svg
        .get_attribute("viewBox")
        .unwrap()
        .split(' ')
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    assert!(size >= 21 + 8, "{size}");
    let d = svg
        .query_selector("path")
        .unwrap()
        .unwrap()
        .get_attribute("d")
        .unwrap();
    assert!(
        d.starts_with("M4 4h7"),
        "the finder's top edge inside the quiet zone: {d}"
    );
    // Too long for any QR code: nothing drawn.
    let long = container();
    leptos::mount::mount_to(long.clone(), || {
        view! { <QrCode text="x".repeat(4000) label="x"/> }
    })
    .forget();
    tick().await;
    assert!(long.query_selector("svg").unwrap().is_none());
}

fn mount_sheet(action: LinkAction, closed: RwSignal<u32>) -> HtmlElement {
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        view! { <LinkSheet action=action on_close=move |_: ()| closed.update(|n| *n += 1)/> }
    })
    .forget();
    root
}

#[wasm_bindgen_test]
async fn link_sheet_shows_a_telephone_number_large() {
    let closed = RwSignal::new(0);
    let root = mount_sheet(LinkAction::Tel("0571-86120345".into()), closed);
    tick().await;
    let dialog = el(&root, "[role=dialog]");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        document()
            .get_element_by_id(&title_id)
            .unwrap()
            .text_content()
            .as_deref(),
        Some("请拨打电话")
    );
    assert_eq!(text(&root, ".gk-link-sheet__number"), "0571-86120345");
    assert!(
        root.query_selector("svg").unwrap().is_none(),
        "no QR code for a number"
    );
    let close = el(&root, ".gk-link-sheet__close");
    assert_eq!(close.text_content().as_deref(), Some("关闭"));
    assert_eq!(
        document()
            .active_element()
            .map(|e| e.class_name())
            .as_deref(),
        Some("gk-link-sheet__close"),
        "the focus is in the dialog"
    );
    assert!(type_key(&close, "Tab"), "the focus stays in the dialog");
    assert!(type_key(&close, "Escape"));
    assert_eq!(closed.get_untracked(), 1);
    close.click();
    assert_eq!(closed.get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn link_sheet_shows_a_file_as_a_qr_code_with_its_address() {
    let closed = RwSignal::new(0);
    let url = "https://h.example/demo/files/dues-2026-q3.pdf";
    let root = mount_sheet(
        LinkAction::Qr {
            url: url.into(),
            file: true,
        },
        closed,
    );
    tick().await;
    assert_eq!(
        text(&root, ".gk-link-sheet__title"),
        "附件请用手机扫码查看/下载"
    );
    let svg = root
        .query_selector("svg[role=img]")
        .unwrap()
        .expect("a QR code");
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("附件请用手机扫码查看/下载")
    );
    assert!(svg.query_selector("path").unwrap().is_some());
    assert_eq!(text(&root, ".gk-link-sheet__url"), format!("网址：{url}"));
    assert!(root
        .query_selector(".gk-link-sheet__number")
        .unwrap()
        .is_none());
    // A tap on the dialog itself does not close it; beside it does.
    el(&root, ".gk-link-sheet__title").click();
    assert_eq!(closed.get_untracked(), 0);
    el(&root, ".gk-link-sheet").click();
    assert_eq!(closed.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn another_site_is_introduced_as_such() {
    let root = mount_sheet(
        LinkAction::Qr {
            url: "https://www.gov.cn/zhengce/".into(),
            file: false,
        },
        RwSignal::new(0),
    );
    tick().await;
    assert_eq!(
        text(&root, ".gk-link-sheet__title"),
        "这是本站以外的网页。用手机扫码查看"
    );
}

/// Clicks `selector` inside a fresh container holding `html` and returns
/// what the kiosk would do.
fn action_for(html: &str, selector: &str) -> Option<LinkAction> {
    let root = container();
    root.set_inner_html(html);
    let found = std::rc::Rc::new(std::cell::RefCell::new(None));
    let seen = found.clone();
    let listener = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MouseEvent)>::new(
        move |ev: web_sys::MouseEvent| {
            *seen.borrow_mut() = Some(link_action_for_click(&ev));
            ev.prevent_default();
        },
    );
    root.add_event_listener_with_callback_and_bool(
        "click",
        listener.as_ref().unchecked_ref(),
        true,
    )
    .unwrap();
    el(&root, selector).click();
    root.remove_event_listener_with_callback_and_bool(
        "click",
        listener.as_ref().unchecked_ref(),
        true,
    )
    .unwrap();
    root.remove();
    let action = found.borrow_mut().take().expect("the click was seen");
    action
}

#[wasm_bindgen_test]
fn clicks_on_links_are_classified_from_the_closest_link() {
    let origin = window().location().origin().unwrap();
    assert_eq!(
        action_for(
            r#"<a href="tel:0571-86120345"><span>热线</span></a>"#,
            "span"
        ),
        Some(LinkAction::Tel("0571-86120345".into())),
        "a click on a span inside the link"
    );
    assert_eq!(
        action_for(r#"<a href="mailto:dwgk@qingxi.gov.cn">信箱</a>"#, "a"),
        Some(LinkAction::Mail("dwgk@qingxi.gov.cn".into()))
    );
    assert_eq!(
        action_for(r#"<a href="javascript:alert(1)">x</a>"#, "a"),
        Some(LinkAction::Blocked)
    );
    assert_eq!(
        action_for(r#"<a href="https://www.gov.cn/a.pdf">x</a>"#, "a"),
        Some(LinkAction::Qr {
            url: "https://www.gov.cn/a.pdf".into(),
            file: true
        })
    );
    assert_eq!(
        action_for(r#"<a href="https://www.gov.cn/list" download>x</a>"#, "a"),
        Some(LinkAction::Qr {
            url: "https://www.gov.cn/list".into(),
            file: true
        }),
        "a download attribute makes it a file"
    );
    assert_eq!(action_for(r#"<p><span>no link</span></p>"#, "span"), None);
    assert_eq!(action_for(r#"<a>no href</a>"#, "a"), None);
    // A link in the page's own folder is the app's.
    assert_eq!(
        action_for(r#"<a href="item/x">x</a>"#, "a"),
        None,
        "{origin}"
    );
}

// The pages: 我要留言 (a hand-off) and 查询办理进度 (the keypad), over data
// given here rather than loaded.

fn provide_data(feedback: bool) {
    use gongkai::api::{Api, AppConfig, Loaded, Organisation, Site};
    use gongkai::domain::calendar::WorkCalendar;
    use gongkai::hooks::{provide_clock, SharedData};
    use std::sync::Arc;
    provide_clock();
    provide_context(Api::new(&AppConfig {
        api_base: "no-such-api/".into(),
        title: None,
        default_org: None,
        ..AppConfig::default()
    }));
    let mut site = serde_json::json!({
        "title": "青溪镇党务公开",
        "root_org": "qingxi-committee",
        "hotline": "0571-86120345",
    });
    if feedback {
        site["feedback"] =
            serde_json::json!({ "kinds": ["suggestion", "objection"], "reply_working_days": 10 });
    }
    let site: Site = serde_json::from_value(site).unwrap();
    let orgs: Vec<Organisation> = serde_json::from_value(serde_json::json!([
        { "id": "qingxi-committee", "name": "中共青溪镇委员会", "kind": "committee" },
        { "id": "qingxi-village", "name": "中共青溪镇青溪村支部委员会", "kind": "branch",
          "parent": "qingxi-committee" }
    ]))
    .unwrap();
    provide_context(SharedData {
        site: LocalResource::new(move || {
            let site = site.clone();
            async move { Ok(Loaded::fresh(site)) }
        }),
        orgs: LocalResource::new(move || {
            let orgs = orgs.clone();
            async move { Ok(Loaded::fresh(orgs)) }
        }),
        calendar: LocalResource::new(|| async { Arc::new(WorkCalendar::builtin()) }),
    });
}

/// Mounts the hand-off page at `?query` (the address bar changed for it).
fn mount_handoff(query: &str, feedback: bool) -> (HtmlElement, Box<dyn std::any::Any>) {
    use gongkai::pages::kiosk_feedback::KioskFeedbackPage;
    use gongkai::routes::Router;
    let history = window().history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("?{query}")))
        .unwrap();
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_data(feedback);
        view! { <Router><KioskFeedbackPage/></Router> }
    });
    (root, Box::new(handle))
}

async fn settle(root: &HtmlElement, selector: &str) {
    for _ in 0..50 {
        if root.query_selector(selector).unwrap().is_some() {
            return;
        }
        tick().await;
    }
    panic!("never showed {selector}: {}", root.inner_html());
}

#[wasm_bindgen_test]
async fn the_hand_off_is_a_qr_code_of_the_phone_form_with_only_org_item_and_kind() {
    let (root, _handle) = mount_handoff(
        "org=qingxi-village&kind=suggestion&name=%E5%BC%A0%E4%B8%89&phone=13800000000",
        true,
    );
    settle(&root, "svg").await;
    let origin = window().location().origin().unwrap();
    let url = format!("{origin}/feedback?org=qingxi-village&kind=suggestion");
    assert_eq!(
        text(&root, ".gk-kiosk-handoff__url"),
        format!("网址：{url}")
    );
    let svg = el(&root, "svg[role=img]");
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("留言表的二维码")
    );
    assert!(svg.query_selector("path").unwrap().is_some());
    assert_eq!(text(&root, "h1"), "用手机扫码留言");
    let about = text(&root, ".gk-kiosk-handoff__about");
    assert!(
        about.contains("留言对象：中共青溪镇青溪村支部委员会"),
        "{about}"
    );
    assert!(about.contains("留言类别：建议"), "{about}");
    assert_eq!(
        text(&root, ".gk-kiosk-handoff__private"),
        "二维码里没有您的任何个人信息。"
    );
    let page = root.text_content().unwrap();
    assert!(!page.contains("13800000000") && !page.contains("张三"));
}

#[wasm_bindgen_test]
async fn the_hand_off_without_an_organisation_goes_to_the_root_and_drops_unknown_kinds() {
    let (root, _handle) = mount_handoff("kind=praise", true);
    settle(&root, "svg").await;
    let origin = window().location().origin().unwrap();
    assert_eq!(
        text(&root, ".gk-kiosk-handoff__url"),
        format!("网址：{origin}/feedback?org=qingxi-committee")
    );
    assert!(!text(&root, ".gk-kiosk-handoff__about").contains("留言类别"));
}

#[wasm_bindgen_test]
async fn an_objection_is_handed_off_only_about_an_item_in_its_publicity() {
    let (root, _handle) = mount_handoff("org=qingxi-village&kind=objection", true);
    settle(&root, "svg").await;
    let origin = window().location().origin().unwrap();
    assert_eq!(
        text(&root, ".gk-kiosk-handoff__url"),
        format!("网址：{origin}/feedback?org=qingxi-village"),
        "no item: the phone form would not offer 异议 either"
    );
}

#[wasm_bindgen_test]
async fn a_site_without_feedback_says_so_and_shows_no_code() {
    let (root, _handle) = mount_handoff("org=qingxi-village", false);
    settle(&root, ".gk-kiosk-handoff__lead").await;
    assert_eq!(
        text(&root, ".gk-kiosk-handoff__lead"),
        "本站暂不接收网上留言。"
    );
    assert!(root.query_selector("svg").unwrap().is_none());
}

fn storage_keys() -> Vec<String> {
    let mut keys = vec![];
    for storage in [
        window().local_storage().unwrap().unwrap(),
        window().session_storage().unwrap().unwrap(),
    ] {
        for i in 0..storage.length().unwrap() {
            let key = storage.key(i).unwrap().unwrap();
            let value = storage.get_item(&key).unwrap().unwrap_or_default();
            keys.push(format!("{key}={value}"));
        }
    }
    keys
}

#[wasm_bindgen_test]
async fn the_kiosk_look_up_keeps_the_code_in_memory_only_and_starts_again() {
    use gongkai::pages::kiosk_lookup::KioskLookupPage;
    let before = storage_keys();
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_data(true);
        view! { <KioskLookupPage/> }
    });
    tick().await;
    assert_eq!(text(&root, "h1"), "查询办理进度");
    assert!(root.query_selector("input").unwrap().is_none());
    for k in "6J8NR0CH4HY9".chars() {
        key(&root, k);
    }
    tick().await;
    el(&root, ".gk-keypad__submit").click();
    // No such API here: the look-up finds nothing.
    settle(&root, ".gk-lookup__missing").await;
    assert!(root.query_selector(".gk-keypad").unwrap().is_none());
    let after = storage_keys();
    assert!(
        !after.iter().any(|kv| kv.contains("6J8N")),
        "the code is never stored: {after:?}"
    );
    assert_eq!(after.len(), before.len(), "{before:?} → {after:?}");
    el(&root, ".gk-kiosk-lookup__again-button").click();
    settle(&root, ".gk-keypad").await;
    assert!(root
        .query_selector(".gk-lookup__missing")
        .unwrap()
        .is_none());
    assert_eq!(slots(&root), "____________", "重新输入 starts from nothing");
}

#[wasm_bindgen_test]
async fn link_sheet_shows_a_mail_address_and_says_when_a_link_cannot_open() {
    let root = mount_sheet(
        LinkAction::Mail("dwgk@qingxi.gov.cn".into()),
        RwSignal::new(0),
    );
    tick().await;
    assert_eq!(text(&root, ".gk-link-sheet__title"), "请发送电子邮件");
    assert_eq!(text(&root, ".gk-link-sheet__address"), "dwgk@qingxi.gov.cn");
    assert!(root.query_selector("svg").unwrap().is_none());
    let blocked = mount_sheet(LinkAction::Blocked, RwSignal::new(0));
    tick().await;
    assert_eq!(
        text(&blocked, ".gk-link-sheet__title"),
        "这个链接不能在触摸屏上打开。"
    );
    assert!(blocked.query_selector("svg").unwrap().is_none());
    assert!(blocked
        .query_selector(".gk-link-sheet__close")
        .unwrap()
        .is_some());
}
