//! The backend's rich text, sanitised in the browser: parsed with
//! `DOMParser` (an inert document — scripts never run, images never load),
//! turned into `HtmlNode`s, passed through the domain's allow-list, and only
//! then set as `innerHTML`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

use crate::domain::sanitize::{sanitize_to_html, HtmlNode};

/// Deeper nesting than this is dropped (hostile input).
const MAX_DEPTH: usize = 48;

/// `html` made safe: only the allow-listed tags, attributes and URLs remain.
pub fn sanitize_html(html: &str) -> String {
    let Ok(parser) = DomParser::new() else {
        return String::new();
    };
    let Ok(doc) = parser.parse_from_string(html, SupportedType::TextHtml) else {
        return String::new();
    };
    let Some(body) = doc.body() else {
        return String::new();
    };
    let nodes = children_of(&body, 0);
    sanitize_to_html(&nodes)
}

fn children_of(node: &Node, depth: usize) -> Vec<HtmlNode> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
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
            let map = el.attributes();
            let attrs = (0..map.length())
                .filter_map(|i| map.item(i))
                .map(|a| (a.name().to_ascii_lowercase(), a.value()))
                .collect();
            Some(HtmlNode::Element {
                tag: el.local_name().to_ascii_lowercase(),
                attrs,
                children: children_of(node, depth + 1),
            })
        }
        _ => None,
    }
}

#[component]
pub fn RichText(#[prop(into)] html: String) -> impl IntoView {
    let clean = sanitize_html(&html);
    view! { <div class="gk-prose" inner_html=clean></div> }
}
