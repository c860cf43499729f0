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

/// Deeper than this, a tree is not shown further (bad data, or no real
/// organisation).
const MAX_DEPTH: usize = 12;

/// An organisation in the tree, with those directly below it.
#[derive(Debug)]
pub struct OrgNode<'a> {
    pub org: &'a Organisation,
    pub children: Vec<OrgNode<'a>>,
}

/// With `root`, the tree of the organisations under it (not itself);
/// without, the whole tree (organisations whose parent is unknown, or is
/// themselves, are roots). In the order of `orgs`; each organisation once,
/// so a parent that points back into the tree cannot loop, and no deeper
/// than [`MAX_DEPTH`].
pub fn org_tree<'a>(orgs: &'a [Organisation], root: Option<&str>) -> Vec<OrgNode<'a>> {
    let mut visited = Vec::new();
    branch(orgs, root, 0, &mut visited)
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
    parent: Option<&str>,
    depth: usize,
    visited: &mut Vec<&'a str>,
) -> Vec<OrgNode<'a>> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let mut nodes = Vec::new();
    for org in orgs.iter().filter(|o| parent_in(orgs, o) == parent) {
        if visited.contains(&org.id.as_str()) {
            continue;
        }
        visited.push(org.id.as_str());
        let children = branch(orgs, Some(org.id.as_str()), depth + 1, visited);
        nodes.push(OrgNode { org, children });
    }
    nodes
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

    #[test]
    fn the_tree_nests_each_organisation_once_and_survives_a_loop() {
        let orgs = [
            org("town", None),
            org("general", Some("town")),
            org("b1", Some("general")),
            org("b2", Some("town")),
            // A loop in bad data, and a parent that is not there.
            org("x", Some("y")),
            org("y", Some("x")),
            org("lost", Some("nowhere")),
        ];
        fn shape(nodes: &[OrgNode<'_>]) -> String {
            nodes
                .iter()
                .map(|n| match n.children.is_empty() {
                    true => n.org.id.clone(),
                    false => format!("{}({})", n.org.id, shape(&n.children)),
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
        assert_eq!(shape(&org_tree(&orgs, None)), "town(general(b1) b2) lost");
        assert_eq!(shape(&org_tree(&orgs, Some("town"))), "general(b1) b2");
        assert_eq!(shape(&org_tree(&orgs, Some("x"))), "y(x)");
    }
}
