//! The tree of organisations (党委 → 党总支 → 党支部), given by each
//! organisation's `parent`.

use crate::api::Organisation;

/// `root` and every organisation below it, at any depth, `root` first and
/// then level by level in the order of `orgs` (the same list for the same
/// organisations). A parent that points back into the tree (bad data)
/// cannot loop: each organisation is listed once. A plain list with linear
/// look-ups: a site has tens of organisations, and no hash map code is
/// needed for them.
pub fn subtree(orgs: &[Organisation], root: &str) -> Vec<String> {
    let mut found = vec![root.to_owned()];
    let mut next = 0;
    while let Some(id) = found.get(next).cloned() {
        for org in orgs {
            if org.parent.as_deref() == Some(&id) && !found.contains(&org.id) {
                found.push(org.id.clone());
            }
        }
        next += 1;
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

    fn sorted(mut v: Vec<String>) -> Vec<String> {
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
