//! Attachments: name (the download link), type label, size.

use leptos::prelude::*;

use crate::api::Attachment;
use crate::hooks::aria_level_attr;
use crate::i18n::{file_type_label, format_size};
use crate::t;

#[component]
pub fn Attachments(attachments: Vec<Attachment>) -> impl IntoView {
    (!attachments.is_empty()).then(|| {
        view! {
            <section class="gk-section" aria-labelledby="gk-attachments">
                <h2 {..aria_level_attr(2)} class="gk-h2" id="gk-attachments">{t!(attachments)}</h2>
                <ul class="gk-attachments">
                    {attachments
                        .into_iter()
                        // The API layer already keeps only http(s) URLs; a
                        // component never trusts that.
                        .filter(|a| is_http(&a.url))
                        .map(|a| {
                            let label = file_type_label(a.media_type.as_deref(), &a.name);
                            let download_name = a.name.clone();
                            view! {
                                <li class="gk-attachment">
                                    <a class="gk-attachment__link" href=a.url download=download_name rel="noopener">
                                        {a.name}
                                    </a>
                                    <span class="gk-attachment__meta">
                                        <span class="gk-file-type">{label}</span>
                                        {a.size.map(|s| view! { <span class="gk-file-size">{format_size(s)}</span> }.into_any())}
                                    </span>
                                </li>
                            }
                        })
                        .map(IntoAny::into_any).collect_view()}
                </ul>
            </section>
        }.into_any()
    })
}

fn is_http(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    u.starts_with("https://") || u.starts_with("http://")
}
