//! The backend's rich text, sanitised in the browser: parsed with
//! `DOMParser` (an inert document — scripts never run, images never load),
//! turned into `HtmlNode`s, its URLs made absolute against the backend's base
//! URL (as attachments are), pictures from origins not allowed turned into
//! links to them (no third party learns who reads what), passed through the
//! domain's allow-list, and only then set as `innerHTML`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

use std::sync::Arc;

use crate::api::{app_base_url, resolve_url, Api, AppConfig};
use crate::domain::sanitize::{
    hold_remote_images, resolve_urls, sanitize_to_html, HtmlNode, ImageOrigins, DROPPED, MAX_DEPTH,
};

/// `html` made safe: only the allow-listed tags, attributes and URLs remain;
/// relative URLs are resolved against `base`; pictures load only from
/// `images`' origins.
pub fn sanitize_html(html: &str, base: &str, images: &ImageOrigins) -> String {
    let Ok(parser) = DomParser::new() else {
        return String::new();
    };
    let Ok(doc) = parser.parse_from_string(html, SupportedType::TextHtml) else {
        return String::new();
    };
    let Some(body) = doc.body() else {
        return String::new();
    };
    let mut nodes = children_of(&body, 0);
    resolve_urls(&mut nodes, &|url| resolve_url(url, base));
    hold_remote_images(&mut nodes, images, &|host, alt| match alt {
        Some(alt) => crate::t!(image_held_alt, host = host, alt = alt),
        None => crate::t!(image_held, host = host),
    });
    sanitize_to_html(&nodes, crate::t!(table_label))
}

fn children_of(node: &Node, depth: usize) -> Vec<HtmlNode> {
    let list = node.child_nodes();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| convert(&n, depth))
        .collect()
}

fn convert(node: &Node, depth: usize) -> Option<HtmlNode> {
    match node.node_type() {
        Node::TEXT_NODE => Some(HtmlNode::Text(node.node_value().unwrap_or_default())),
        Node::ELEMENT_NODE => {
            let el: &Element = node.dyn_ref()?;
            let tag = el.local_name().to_ascii_lowercase();
            if depth >= MAX_DEPTH {
                // Hostile nesting: keep the words, flat, as the sanitiser would.
                return (!DROPPED.contains(&tag.as_str()))
                    .then(|| HtmlNode::Text(node.text_content().unwrap_or_default()));
            }
            let map = el.attributes();
            let attrs = (0..map.length())
                .filter_map(|i| map.item(i))
                .map(|a| (a.name().to_ascii_lowercase(), a.value()))
                .collect();
            Some(HtmlNode::Element {
                tag,
                attrs,
                children: children_of(node, depth + 1),
            })
        }
        _ => None,
    }
}

#[component]
pub fn RichText(#[prop(into)] html: String) -> impl IntoView {
    let base = use_context::<Api>()
        .map(|api| api.base().to_owned())
        .unwrap_or_else(app_base_url);
    let listed = use_context::<Arc<AppConfig>>()
        .map(|c| c.image_origins.clone())
        .unwrap_or_default();
    let app = app_base_url();
    let images = ImageOrigins::new(
        [base.as_str(), app.as_str()]
            .into_iter()
            .chain(listed.iter().map(String::as_str)),
    );
    let clean = sanitize_html(&html, &base, &images);
    view! { <div class="gk-prose" inner_html=clean></div> }
}
