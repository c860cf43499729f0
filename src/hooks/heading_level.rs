//! `aria_level(n)`: the level a heading of the app's (`<h1>`…`<h6>`,
//! written for the app as a page of its own) has in the page around it.
//! In a portal's page the app is a section under the portal's own `<h1>`
//! (`<gongkai-board heading-level="2">`, the element's default): its
//! headings are announced one level down, or as many as asked.

use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::{custom_attribute, CustomAttr};

/// How many levels the app's headings go down (context; none: 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeadingShift(pub u8);

/// The `aria-level` for a heading written as `<h{level}>`: `None` (no
/// attribute) where the app is its own page, else the level shifted, at
/// most 6.
pub fn aria_level(level: u8) -> Option<u8> {
    shifted(level, use_context::<HeadingShift>().map_or(0, |s| s.0))
}

/// `aria-level` for a heading written as `<h{level}>`, as a spread:
/// `<h2 {..aria_level_attr(2)} class="gk-h2">` (none where the app is its
/// own page). The view macro has no `aria-level=`.
pub fn aria_level_attr(level: u8) -> CustomAttr<&'static str, Option<u8>> {
    custom_attribute("aria-level", aria_level(level))
}

fn shifted(level: u8, shift: u8) -> Option<u8> {
    (shift > 0).then(|| level.saturating_add(shift).min(6))
}

#[cfg(test)]
mod tests {
    use super::shifted;

    #[test]
    fn a_page_of_its_own_keeps_its_headings() {
        assert_eq!(shifted(1, 0), None);
        assert_eq!(shifted(3, 0), None);
    }

    #[test]
    fn an_element_goes_down_as_many_levels_as_asked_and_no_further_than_six() {
        // heading-level="2" (the default): the page heading is level 2.
        assert_eq!(shifted(1, 1), Some(2));
        assert_eq!(shifted(2, 1), Some(3));
        // heading-level="3" under a portal <h2>.
        assert_eq!(shifted(1, 2), Some(3));
        assert_eq!(shifted(5, 2), Some(6));
        assert_eq!(shifted(6, 5), Some(6));
    }
}
