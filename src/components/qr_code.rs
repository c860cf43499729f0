//! A QR code drawn in the page: one SVG path, its quiet zone inside the
//! view box (the CSS gives it a white background where the page is not), sharp at any size (`shape-rendering: crispEdges`). Used by the
//! kiosk (hand-off, links); the printed notice draws its own, inline, which
//! keeps the phone bundle as small as it was. The code
//! itself is `domain::poster::qr_svg`'s.

use leptos::prelude::*;

use crate::domain::poster::qr_svg;

/// `text` as a QR code, an image named `label` (the sentence a screen reader
/// says instead), with `class` on the `<svg>` (`gk-qr` draws it dark on
/// white on a screen). Nothing is drawn for a text too long for any QR code.
#[component]
pub fn QrCode(
    #[prop(into)] text: String,
    #[prop(into)] label: String,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    qr_svg(&text).map(|qr| {
        let view_box = format!("0 0 {0} {0}", qr.size);
        view! {
            <svg class=class role="img" aria-label=label viewBox=view_box shape-rendering="crispEdges">
                <path d=qr.path/>
            </svg>
        }
    })
}
