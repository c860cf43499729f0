//! `use_theme()`: the theme `config.json` asks for (`domain::theme`), on
//! the app's root: a built-in one by its name (`data-gk-theme`), a site's
//! own colours as custom properties set through the CSSOM (no inline
//! style: the site runs under `style-src 'self'`). A theme that fails the
//! contrast check is refused with the reason in the console, for the
//! site's staff, and the default is shown.

use leptos::html::Div;
use leptos::prelude::*;

use crate::api::AppConfig;
use crate::domain::theme::{parse_color_list, resolve, Theme};

#[derive(Clone, Copy)]
pub struct UseTheme {
    pub theme: RwSignal<Theme>,
    /// The app's root, to be given `node_ref`.
    pub root: NodeRef<Div>,
}

impl UseTheme {
    /// The `data-gk-theme` of the root (tracked).
    pub fn name(&self) -> &'static str {
        self.theme.with(|t| t.base.name())
    }

    /// Takes the theme of `config`, or the default if it is refused.
    pub fn configure(&self, config: &AppConfig) {
        self.configure_with(config, None, "");
    }

    /// Takes the theme of `config`, with an element's `theme` and `colors`
    /// over it (`colors` as [`parse_color_list`] reads it), or the default
    /// if it is refused.
    pub fn configure_with(&self, config: &AppConfig, name: Option<&str>, colors: &str) {
        let mut pairs: Vec<(&str, &str)> = config.theme_colors.pairs();
        for (key, value) in parse_color_list(colors) {
            pairs.retain(|(k, _)| *k != key);
            pairs.push((key, value));
        }
        let name = name.or(config.theme.as_deref());
        let theme = match resolve(name, &pairs) {
            Ok(theme) => theme,
            Err(refusal) => {
                web_sys::console::warn_1(
                    &crate::t!(
                        theme_refused,
                        why = crate::i18n::theme_refusal_text(&refusal)
                    )
                    .into(),
                );
                Theme::default()
            }
        };
        self.theme.set(theme);
    }
}

pub fn use_theme() -> UseTheme {
    let theme = RwSignal::new(Theme::default());
    let root = NodeRef::<Div>::new();
    Effect::new(move |_| {
        let Some(root) = root.get() else { return };
        let style = web_sys::HtmlElement::style(&root);
        theme.with(|t| {
            for (name, value) in &t.colors {
                let _ = style.set_property(&format!("--gk-color-{name}"), value);
            }
        });
    });
    UseTheme { theme, root }
}
