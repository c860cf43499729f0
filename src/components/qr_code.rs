//! A QR code drawn in the page: one SVG path over a white square, its quiet
//! zone kept, sharp at any size (`shape-rendering: crispEdges`). Used by the
//! printed notice and by the kiosk (hand-off, links, attract loop). The code
//! itself is `domain::poster::qr_svg`'s.

use leptos::prelude::*;

use crate::domain::poster::qr_svg;

/// `text` as a QR code, an image named `label` (the sentence a screen reader
/// says instead). Nothing is drawn for a text too long for any QR code.
/// `class` is added to `gk-qr` on the `<svg>`.
#[component]
pub fn QrCode(
    #[prop(into)] text: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    qr_svg(&text).map(|qr| {
        let view_box = format!("0 0 {0} {0}", qr.size);
        let class = match class.is_empty() {
            true => "gk-qr".to_owned(),
            false => format!("gk-qr {class}"),
        };
        let size = qr.size.to_string();
        view! {
            <svg class=class role="img" aria-label=label viewBox=view_box
                shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
                <rect class="gk-qr__light" width=size.clone() height=size fill="#fff"/>
                <path class="gk-qr__dark" d=qr.path fill="#000"/>
            </svg>
        }
    })
}
