//! Builders shared by the domain's unit tests.

use time::OffsetDateTime;

use crate::api::{Audience, Item, ItemKind, Publicity};

/// A public, ad hoc item with only the required fields set.
pub fn item(id: &str, category: &str, published_at: OffsetDateTime) -> Item {
    Item {
        id: id.to_owned(),
        org: "org-1".to_owned(),
        category: category.to_owned(),
        title: format!("Item {id}"),
        summary: String::new(),
        body_html: String::new(),
        kind: ItemKind::AdHoc,
        audience: Audience::Public,
        published_at,
        publicity: None,
        attachments: Vec::new(),
        revisions: Vec::new(),
        superseded_by: None,
        objections_under_review: false,
    }
}

pub fn publicity(start: OffsetDateTime, end: OffsetDateTime) -> Publicity {
    Publicity { start, end }
}
