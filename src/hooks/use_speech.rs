//! `use_speech(tag)`: 读给我听 through the browser's speech engine
//! (`speechSynthesis`), in a voice that speaks `tag` (the content's
//! language). `available` is false until such a voice exists (voices
//! arrive late: `voiceschanged`), so the button is never offered where it
//! would read Chinese in a foreign voice or say nothing. A text is spoken
//! as a queue of short pieces ([`crate::domain::speech::pieces`]); it only
//! ever starts from a press, and stops when asked or when the page goes.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance};

use crate::domain::speech::{pieces, voice_speaks};

/// Slightly slower than the engine's default: easier to follow.
const RATE: f32 = 0.9;

#[derive(Clone, Copy)]
pub struct Speech {
    /// A voice for the language exists.
    pub available: RwSignal<bool>,
    /// Something is being read.
    pub speaking: RwSignal<bool>,
    /// The voice, read through its properties (`lang`, `default`,
    /// `localService`), as engines and test doubles both give them.
    voice: StoredValue<Option<JsValue>, LocalStorage>,
    /// One more for each reading: the end of an earlier one is ignored.
    run: StoredValue<u32>,
}

fn text_of(value: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(value, &key.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn flag_of(value: &JsValue, key: &str) -> bool {
    js_sys::Reflect::get(value, &key.into()).is_ok_and(|v| v.is_truthy())
}

fn synth() -> Option<SpeechSynthesis> {
    web_sys::window()?.speech_synthesis().ok()
}

impl Speech {
    /// Reads `text` aloud from its start, in place of anything being read.
    pub fn speak(&self, text: &str) {
        let Some(synth) = synth() else {
            return;
        };
        synth.cancel();
        let pieces = pieces(text);
        let Some(voice) = self.voice.try_get_value().flatten() else {
            return;
        };
        if pieces.is_empty() {
            return;
        }
        self.run.update_value(|r| *r = r.wrapping_add(1));
        let run = self.run.get_value();
        let last = pieces.len() - 1;
        for (i, piece) in pieces.iter().enumerate() {
            let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(piece) else {
                continue;
            };
            // Set as a property: an engine that refuses the voice object
            // still reads, in the language's default voice.
            let _ = js_sys::Reflect::set(&utterance, &"voice".into(), &voice);
            utterance.set_lang(&text_of(&voice, "lang"));
            utterance.set_rate(RATE);
            let this = *self;
            let ended = move || {
                if this.run.try_get_value() == Some(run) {
                    this.speaking.try_set(false);
                }
            };
            // The last piece's end, or any piece's failure, ends the reading.
            if i == last {
                let on_end = Closure::once_into_js(ended);
                utterance.set_onend(Some(on_end.unchecked_ref()));
            }
            let on_error = Closure::once_into_js(ended);
            utterance.set_onerror(Some(on_error.unchecked_ref()));
            synth.speak(&utterance);
        }
        self.speaking.set(true);
    }

    /// Stops reading.
    pub fn stop(&self) {
        if let Some(synth) = synth() {
            synth.cancel();
        }
        self.run.update_value(|r| *r = r.wrapping_add(1));
        self.speaking.set(false);
    }
}

/// Speech in a voice for `tag` (`zh-Hans`, `zh-Hant`, `en`).
pub fn use_speech(tag: &'static str) -> Speech {
    let speech = Speech {
        available: RwSignal::new(false),
        speaking: RwSignal::new(false),
        voice: StoredValue::new_local(None),
        run: StoredValue::new(0),
    };
    let Some(engine) = synth() else {
        return speech;
    };
    let find = move || {
        let Some(synth) = synth() else {
            return;
        };
        let voices: Vec<JsValue> = synth
            .get_voices()
            .iter()
            .filter(|v| voice_speaks(&text_of(v, "lang"), tag))
            .collect();
        // The system's own voice for the language first, then one on the
        // device (no network needed), then any.
        let voice = voices
            .iter()
            .find(|v| flag_of(v, "default"))
            .or_else(|| voices.iter().find(|v| flag_of(v, "localService")))
            .or(voices.first())
            .cloned();
        speech.available.try_set(voice.is_some());
        speech.voice.try_set_value(voice);
    };
    find();
    let on_voices = Closure::<dyn Fn()>::new(find);
    let _ = engine
        .add_event_listener_with_callback("voiceschanged", on_voices.as_ref().unchecked_ref());
    let held = SendWrapper::new((engine, on_voices));
    on_cleanup(move || {
        let (synth, on_voices) = held.take();
        let _ = synth.remove_event_listener_with_callback(
            "voiceschanged",
            on_voices.as_ref().unchecked_ref(),
        );
        // Whatever was read goes with the page.
        synth.cancel();
    });
    speech
}
