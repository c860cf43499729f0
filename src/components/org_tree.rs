//! The tree of organisations (党委 → 党总支 → 党支部) as nested lists of links.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::Organisation;
use crate::i18n::org_kind_label;
use crate::routes::org_href;

const MAX_DEPTH: usize = 12;

/// With `root`, the organisations under it (not itself); without, the whole
/// tree (organisations whose parent is unknown are roots).
#[component]
pub fn OrgTree(
    orgs: Arc<Vec<Organisation>>,
    #[prop(optional, into)] root: Option<String>,
) -> impl IntoView {
    // Plain lists with linear look-ups: a site has tens of organisations,
    // and no hash map code is needed for them.
    let start = root.as_deref();
    let mut visited = Vec::new();
    branch(&orgs, start, 0, &mut visited)
}

/// An organisation's parent in the tree: `None` (a root) when its parent is
/// not among `orgs` or is itself.
fn parent_in<'a>(orgs: &[Organisation], org: &'a Organisation) -> Option<&'a str> {
    org.parent
        .as_deref()
        .filter(|p| *p != org.id && orgs.iter().any(|o| o.id == *p))
}

fn branch<'a>(
    orgs: &'a [Organisation],
    parent: Option<&'a str>,
    depth: usize,
    visited: &mut Vec<&'a str>,
) -> Option<AnyView> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut items = Vec::new();
    for org in orgs.iter().filter(|o| parent_in(orgs, o) == parent) {
        if visited.contains(&org.id.as_str()) {
            continue;
        }
        visited.push(org.id.as_str());
        let sub = branch(orgs, Some(org.id.as_str()), depth + 1, visited);
        let name = org.name.clone();
        let href = org_href(&org.id);
        let kind = org_kind_label(org.kind);
        items.push(
            view! {
                <li class="gk-tree__item">
                    <span class="gk-tree__row">
                        <a href=href class="gk-tree__link">{name}</a>
                        <span class="gk-tree__kind">{kind}</span>
                    </span>
                    {sub}
                </li>
            }
            .into_any(),
        );
    }
    if items.is_empty() {
        return None;
    }
    Some(view! { <ul class="gk-tree">{items}</ul> }.into_any())
}
