//! Whom a contact is for. A site lists its 党务公开工作机构, its 监督员 and the
//! 纪委's 监督举报 channel side by side; heading them all "监督员" tells a
//! resident the wrong thing about the office and the 纪委.

use crate::api::Contact;

/// A contact's real role, read from its `role` and `name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContactGroup {
    /// The office that runs the disclosure (党建办, 组织办, 党委办公室 …).
    Office,
    /// 党务公开监督员.
    Supervisor,
    /// 监督举报: the 纪委, 纪检, 监察.
    Discipline,
    Other,
}

impl ContactGroup {
    pub fn of(contact: &Contact) -> ContactGroup {
        let role = contact.role.as_deref().unwrap_or("");
        let name = contact.name.as_str();
        let any = |words: &[&str]| words.iter().any(|w| role.contains(w) || name.contains(w));
        if any(&["纪委", "纪检", "监察", "举报"]) {
            ContactGroup::Discipline
        } else if role.contains("监督员") {
            ContactGroup::Supervisor
        } else if any(&["工作机构", "办公室", "组织部", "党建办", "党政办", "组织办"])
        {
            ContactGroup::Office
        } else {
            ContactGroup::Other
        }
    }
}

/// A contact's e-mail address fit for a `mailto:` link: one with an `@`
/// and no `:` (nothing that would make the link another scheme's).
pub fn mailto_address(contact: &Contact) -> Option<&str> {
    contact
        .email
        .as_deref()
        .filter(|e| e.contains('@') && !e.contains(':'))
}

/// The contacts in groups, office first, then supervisors, then 监督举报,
/// then the rest; each group keeps the site's order, empty groups are left
/// out.
pub fn group_contacts(contacts: &[Contact]) -> Vec<(ContactGroup, Vec<Contact>)> {
    // The groups in their order, each filled in turn: no sort code.
    use ContactGroup::*;
    [Office, Supervisor, Discipline, Other]
        .into_iter()
        .filter_map(|group| {
            let list: Vec<Contact> = contacts
                .iter()
                .filter(|c| ContactGroup::of(c) == group)
                .cloned()
                .collect();
            (!list.is_empty()).then_some((group, list))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, role: &str) -> Contact {
        Contact {
            name: name.into(),
            role: (!role.is_empty()).then(|| role.into()),
            ..Contact::default()
        }
    }

    #[test]
    fn only_a_plain_address_becomes_a_mailto_link() {
        let with = |email: &str| Contact {
            email: Some(email.into()),
            ..contact("镇党建工作办公室", "")
        };
        assert_eq!(
            mailto_address(&with("djb@qingxi.gov.cn")),
            Some("djb@qingxi.gov.cn")
        );
        assert_eq!(mailto_address(&with("javascript:alert(1)//@x")), None);
        assert_eq!(mailto_address(&with("电话联系")), None);
        assert_eq!(mailto_address(&contact("镇纪委", "")), None);
    }

    #[test]
    fn the_office_the_supervisors_and_the_discipline_committee_are_told_apart() {
        let contacts = [
            contact("镇党建工作办公室", "党务公开工作机构"),
            contact("周某某", "党务公开监督员（镇人大代表）"),
            contact("钱某某", "党务公开监督员（老党员代表）"),
            contact("镇纪委", "监督举报"),
            contact("村便民服务点", ""),
        ];
        let groups: Vec<(ContactGroup, Vec<String>)> = group_contacts(&contacts)
            .into_iter()
            .map(|(g, list)| (g, list.into_iter().map(|c| c.name).collect()))
            .collect();
        assert_eq!(
            groups,
            [
                (ContactGroup::Office, vec!["镇党建工作办公室".to_owned()]),
                (
                    ContactGroup::Supervisor,
                    vec!["周某某".to_owned(), "钱某某".to_owned()]
                ),
                (ContactGroup::Discipline, vec!["镇纪委".to_owned()]),
                (ContactGroup::Other, vec!["村便民服务点".to_owned()]),
            ]
        );
    }

    #[test]
    fn a_discipline_office_is_not_the_disclosure_office() {
        assert_eq!(
            ContactGroup::of(&contact("县纪委监委信访室", "办公室")),
            ContactGroup::Discipline
        );
        assert_eq!(
            ContactGroup::of(&contact("王某", "党委办公室主任")),
            ContactGroup::Office
        );
        assert!(group_contacts(&[]).is_empty());
    }
}
