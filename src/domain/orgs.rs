//! The tree of organisations (党委 → 党总支 → 党支部), given by each
//! organisation's `parent`.

use std::collections::{HashMap, HashSet};

use crate::api::Organisation;

/// `root` and every organisation below it, at any depth. A parent that
/// points back into the tree (bad data) cannot loop: each organisation is
/// visited once.
pub fn subtree(orgs: &[Organisation], root: &str) -> HashSet<String> {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for org in orgs {
        if let Some(parent) = org.parent.as_deref().filter(|p| *p != org.id) {
            children.entry(parent).or_default().push(&org.id);
        }
    }
    let mut found = HashSet::from([root.to_owned()]);
    let mut next = vec![root];
    while let Some(id) = next.pop() {
        for &child in children.get(id).into_iter().flatten() {
            if found.insert(child.to_owned()) {
                next.push(child);
            }
        }
    }
    found
}

/// Whether `id` has organisations below it.
pub fn has_children(orgs: &[Organisation], id: &str) -> bool {
    orgs.iter()
        .any(|o| o.parent.as_deref() == Some(id) && o.id != id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::OrgKind;

    fn org(id: &str, parent: Option<&str>) -> Organisation {
        Organisation {
            id: id.into(),
            name: id.into(),
            short_name: None,
            kind: OrgKind::Branch,
            parent: parent.map(Into::into),
            description: None,
            contacts: Vec::new(),
        }
    }

    fn sorted(set: HashSet<String>) -> Vec<String> {
        let mut v: Vec<String> = set.into_iter().collect();
        v.sort();
        v
    }

    #[test]
    fn every_level_below_the_root() {
        let orgs = [
            org("town", None),
            org("general", Some("town")),
            org("b1", Some("general")),
            org("b2", Some("general")),
            org("village", Some("town")),
            org("other", None),
        ];
        assert_eq!(
            sorted(subtree(&orgs, "town")),
            ["b1", "b2", "general", "town", "village"]
        );
        assert_eq!(sorted(subtree(&orgs, "general")), ["b1", "b2", "general"]);
        assert_eq!(sorted(subtree(&orgs, "b1")), ["b1"]);
        assert_eq!(sorted(subtree(&orgs, "unknown")), ["unknown"]);
        assert!(has_children(&orgs, "general"));
        assert!(!has_children(&orgs, "b2"));
    }

    #[test]
    fn a_cycle_or_a_self_parent_does_not_loop() {
        let orgs = [
            org("a", Some("b")),
            org("b", Some("a")),
            org("c", Some("c")),
        ];
        assert_eq!(sorted(subtree(&orgs, "a")), ["a", "b"]);
        assert_eq!(sorted(subtree(&orgs, "c")), ["c"]);
    }
}
