//! The kiosk's on-screen keypad for the 留言码 (issue 10, part 2): a key
//! for each character of the code's alphabet, 退格, 清空 and 查询. A kiosk
//! has no input method and a shared screen should not summon one, so there
//! is no `<input>`: the keys (and a hardware keyboard's letters, digits,
//! Backspace and Enter) type into a [`CodeInput`]. The rules are
//! `domain::kiosk::keypad`'s.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::domain::feedback::TrackingCode;
use crate::domain::kiosk::keypad::code_char;
use crate::domain::kiosk::{CodeInput, KEYPAD_ROWS};
use crate::tk;

/// The id of the sentence under the keys (还差 N 位 …), which 查询 points at.
const HINT_ID: &str = "gk-keypad-hint";

/// The keypad typing into `input`; `on_submit` gets the normalised code
/// (`7K3M-Q9XD-2FHP`) when 查询 is pressed (or Enter typed) on a complete
/// code. 查询 is disabled until then, and the line under the keys says how
/// many characters are missing.
#[component]
pub fn Keypad(
    input: RwSignal<CodeInput>,
    #[prop(into)] on_submit: Callback<String>,
) -> impl IntoView {
    let submit = move || {
        if let Some(code) = input.get_untracked().code() {
            on_submit.run(code);
        }
    };
    let press = move |key: char| {
        input.update(|i| {
            i.press(key);
        })
    };

    // A hardware keyboard, if the kiosk has one: the code's letters and
    // digits type (i, l, o as 1, 1, 0, as the code is read),
    // Backspace and Delete correct, Escape clears, Enter looks up (unless
    // a button has the focus: then Enter presses it, as everywhere). Keys
    // typed with the focus on the keypad, or on nothing in particular (the
    // page, its heading): never those meant for a button, link or dialog.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if type_key(&ev, input, on_submit) {
            ev.prevent_default();
        }
    };
    let on_window_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let elsewhere = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                el.closest(".gk-keypad, button, a, input, textarea, select, [role=dialog], [contenteditable]")
                    .ok()
                    .flatten()
                    .is_some()
            });
        if !ev.default_prevented() && !elsewhere && type_key(&ev, input, on_submit) {
            ev.prevent_default();
        }
    };
    let handle = SendWrapper::new(window_event_listener(
        leptos::ev::keydown,
        on_window_keydown,
    ));
    on_cleanup(move || handle.take().remove());

    let slots = move || {
        let slots = input.get().slots();
        slots
            .chunks(4)
            .enumerate()
            .map(|(g, group)| {
                let cells = group
                    .iter()
                    .map(|slot| {
                        let class = match slot {
                            Some(_) => "gk-keypad__slot gk-keypad__slot--filled",
                            None => "gk-keypad__slot",
                        };
                        view! { <span class=class>{slot.map(String::from).unwrap_or_default()}</span> }
                    })
                    .collect_view();
                view! {
                    {(g > 0).then(|| view! { <span class="gk-keypad__dash">"-"</span> })}
                    <span class="gk-keypad__group">{cells}</span>
                }
            })
            .collect_view()
    };
    // What a screen reader hears after each key: the code so far.
    let spoken = move || {
        let typed = input.get().display();
        match typed.is_empty() {
            true => tk!(kiosk_keypad_empty).to_owned(),
            false => typed,
        }
    };
    let hint = move || {
        let typed = input.get();
        match typed.is_complete() {
            true => tk!(kiosk_keypad_complete).to_owned(),
            false => tk!(
                kiosk_keypad_incomplete,
                n = TrackingCode::LEN,
                left = TrackingCode::LEN - typed.len()
            ),
        }
    };
    let rows = KEYPAD_ROWS
        .iter()
        .map(|row| {
            let keys = row
                .chars()
                .map(|key| {
                    view! {
                        <button type="button" class="gk-keypad__key" data-key=key.to_string()
                            on:click=move |_| press(key)>{key.to_string()}</button>
                    }
                })
                .collect_view();
            view! { <div class="gk-keypad__row">{keys}</div> }
        })
        .collect_view();

    view! {
        <div class="gk-keypad" role="group" aria-label=tk!(kiosk_keypad_label) tabindex="-1"
            on:keydown=on_keydown>
            <div class="gk-keypad__display" role="group" aria-labelledby="gk-keypad-code">
                <p class="gk-keypad__label" id="gk-keypad-code">{tk!(kiosk_keypad_code)}</p>
                <p class="gk-keypad__code" aria-hidden="true">{slots}</p>
                <p class="gk-visually-hidden gk-keypad__spoken" aria-live="polite" aria-atomic="true">{spoken}</p>
            </div>
            <div class="gk-keypad__keys">{rows}</div>
            <div class="gk-keypad__actions">
                <button type="button" class="gk-keypad__action gk-keypad__backspace"
                    on:click=move |_| input.update(|i| {
                        i.backspace();
                    })>{tk!(kiosk_keypad_backspace)}</button>
                <button type="button" class="gk-keypad__action gk-keypad__clear"
                    on:click=move |_| input.update(CodeInput::clear)>{tk!(kiosk_keypad_clear)}</button>
                <button type="button" class="gk-keypad__action gk-keypad__submit"
                    aria-describedby=HINT_ID
                    disabled=move || !input.get().is_complete()
                    on:click=move |_| submit()>{tk!(kiosk_keypad_submit)}</button>
            </div>
            <p class="gk-keypad__hint" id=HINT_ID aria-live="polite">{hint}</p>
        </div>
    }
}

/// What a hardware key does to `input`; `true` when it was one of the
/// keypad's (and its default action is then to be prevented). Enter gives a
/// complete code to `on_submit`.
fn type_key(
    ev: &web_sys::KeyboardEvent,
    input: RwSignal<CodeInput>,
    on_submit: Callback<String>,
) -> bool {
    if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || ev.is_composing() {
        return false;
    }
    let on_button = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.tag_name().eq_ignore_ascii_case("button"));
    match ev.key().as_str() {
        "Backspace" | "Delete" => {
            input.update(|i| {
                i.backspace();
            });
            true
        }
        "Escape" => {
            input.update(CodeInput::clear);
            true
        }
        "Enter" if !on_button => {
            if let Some(code) = input.get_untracked().code() {
                on_submit.run(code);
            }
            true
        }
        key => {
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if code_char(c).is_some() => {
                    input.update(|i| {
                        i.press(c);
                    });
                    true
                }
                _ => false,
            }
        }
    }
}
