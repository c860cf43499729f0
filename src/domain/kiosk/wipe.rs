//! What a kiosk keeps when it wipes itself between people (issue 10,
//! part 4): everything in `sessionStorage` goes, and every `localStorage`
//! key but the few that hold nothing of anyone's: the data cache (the last
//! good copy of the public boards, shown through an outage) and the outbox
//! (a submission not yet delivered is never deleted; the next person does
//! not see it, but it is still sent). The kiosk's own record of its last
//! error stays too, for its heartbeat.

/// Whether `key` survives a reset, given the prefixes of the keys that
/// hold no personal data. Exact keys are prefixes that match themselves.
pub fn kept_on_reset(key: &str, kept_prefixes: &[&str]) -> bool {
    kept_prefixes
        .iter()
        .any(|prefix| !prefix.is_empty() && key.starts_with(prefix))
}

/// The keys among `keys` that a reset removes.
pub fn keys_to_wipe<'a>(
    keys: impl IntoIterator<Item = &'a str>,
    kept_prefixes: &[&str],
) -> Vec<&'a str> {
    keys.into_iter()
        .filter(|key| !kept_on_reset(key, kept_prefixes))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::device_keys::{DeviceKeys, LEGACY_OUTBOX, OUTBOX_PREFIX};

    /// As the kiosk's reset has them (`shells::kiosk::reset`): the data
    /// cache's prefix (`api::CACHE_PREFIX`), every outbox, the kiosk's own.
    const KEPT: [&str; 3] = ["gongkai:v1:", OUTBOX_PREFIX, "gongkai:kiosk:"];

    #[test]
    fn personal_keys_go_and_the_data_cache_and_every_outbox_stay() {
        let keys = DeviceKeys::new("https://h/api/");
        let (outbox, receipts, draft, lookup, codes) = (
            keys.outbox(),
            keys.receipts(),
            keys.draft("org-1", None),
            keys.lookup(),
            keys.codes(),
        );
        let all = [
            "gongkai:v1:https://h/api/v1/site.json",
            LEGACY_OUTBOX,
            outbox.as_str(),
            receipts.as_str(),
            draft.as_str(),
            lookup.as_str(),
            codes.as_str(),
            "gongkai:draft:v1:org-1",
            "gongkai:codes:v1",
            "gongkai:kiosk:last-error",
            "gongkai:locale",
            "something-else",
        ];
        assert_eq!(
            keys_to_wipe(all, &KEPT),
            [
                receipts.as_str(),
                draft.as_str(),
                lookup.as_str(),
                codes.as_str(),
                "gongkai:draft:v1:org-1",
                "gongkai:codes:v1",
                "gongkai:locale",
                "something-else",
            ]
        );
    }

    #[test]
    fn an_empty_prefix_keeps_nothing() {
        assert!(!kept_on_reset("anything", &[""]));
        assert_eq!(keys_to_wipe(["a", "b"], &[""]), ["a", "b"]);
    }

    #[test]
    fn a_prefix_is_not_a_substring_match() {
        assert!(!kept_on_reset("x-gongkai:v1:", &KEPT));
        // The data cache's prefix does not keep the other v1 keys.
        assert!(!kept_on_reset("gongkai:lookup:v1", &KEPT));
    }
}
