//! The tree of organisations (党委 → 党总支 → 党支部) as nested lists of links.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::Organisation;
use crate::domain::orgs::{org_tree, OrgNode};
use crate::i18n::org_kind_label;
use crate::routes::org_href;

/// With `root`, the organisations under it (not itself); without, the whole
/// tree (`domain::orgs::org_tree`).
#[component]
pub fn OrgTree(
    orgs: Arc<Vec<Organisation>>,
    #[prop(optional, into)] root: Option<String>,
) -> impl IntoView {
    branch(&org_tree(&orgs, root.as_deref()))
}

fn branch(nodes: &[OrgNode<'_>]) -> Option<AnyView> {
    if nodes.is_empty() {
        return None;
    }
    let items = nodes
        .iter()
        .map(|node| {
            let org = node.org;
            let href = org_href(&org.id);
            let kind = org_kind_label(org.kind);
            view! {
                <li class="gk-tree__item">
                    <span class="gk-tree__row">
                        <a href=href class="gk-tree__link">{org.name.clone()}</a>
                        <span class="gk-tree__kind">{kind}</span>
                    </span>
                    {branch(&node.children)}
                </li>
            }
            .into_any()
        })
        .collect::<Vec<_>>();
    Some(view! { <ul class="gk-tree">{items}</ul> }.into_any())
}
