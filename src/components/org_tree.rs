//! The tree of organisations (党委 → 党总支 → 党支部) as nested lists of links.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;

use super::org_href;
use crate::api::Organisation;
use crate::i18n::org_kind_label;

const MAX_DEPTH: usize = 12;

/// With `root`, the organisations under it (not itself); without, the whole
/// tree (organisations whose parent is unknown are roots).
#[component]
pub fn OrgTree(
    orgs: Arc<Vec<Organisation>>,
    #[prop(optional, into)] root: Option<String>,
) -> impl IntoView {
    let ids: HashSet<&str> = orgs.iter().map(|o| o.id.as_str()).collect();
    let mut children: HashMap<Option<&str>, Vec<&Organisation>> = HashMap::new();
    for org in orgs.iter() {
        let parent = org
            .parent
            .as_deref()
            .filter(|p| ids.contains(p) && *p != org.id);
        children.entry(parent).or_default().push(org);
    }
    let start = root.as_deref().map(Some).unwrap_or(None);
    let mut visited = HashSet::new();
    branch(&children, start, 0, &mut visited)
}

fn branch<'a>(
    children: &HashMap<Option<&'a str>, Vec<&'a Organisation>>,
    parent: Option<&'a str>,
    depth: usize,
    visited: &mut HashSet<&'a str>,
) -> Option<AnyView> {
    let list = children.get(&parent)?;
    if depth > MAX_DEPTH {
        return None;
    }
    let mut items = Vec::new();
    for org in list {
        if !visited.insert(org.id.as_str()) {
            continue;
        }
        let sub = branch(children, Some(org.id.as_str()), depth + 1, visited);
        let name = org.name.clone();
        let href = org_href(&org.id);
        let kind = org_kind_label(org.kind);
        items.push(view! {
            <li class="gk-tree__item">
                <span class="gk-tree__row">
                    <a href=href class="gk-tree__link">{name}</a>
                    <span class="gk-tree__kind">{kind}</span>
                </span>
                {sub}
            </li>
        });
    }
    if items.is_empty() {
        return None;
    }
    Some(view! { <ul class="gk-tree">{items}</ul> }.into_any())
}
