//! The kiosk's codes put into words: a bad `config.json` setting
//! ([`KioskProblem`]) as the sentence staff read on the screen.

use crate::domain::kiosk::{KioskIssue, KioskProblem};
use crate::tk;

/// The sentence for one bad setting, naming its key and, where there is
/// one, the limit it broke.
pub fn kiosk_problem(problem: &KioskProblem) -> String {
    let key = problem.field.key();
    match problem.issue {
        KioskIssue::NotAnObject => tk!(kiosk_problem_not_an_object, key = key),
        KioskIssue::UnknownKey => tk!(kiosk_problem_unknown_key, key = key),
        KioskIssue::Duplicate => tk!(kiosk_problem_duplicate, key = key),
        KioskIssue::WrongType => tk!(kiosk_problem_wrong_type, key = key),
        KioskIssue::NotWholeNumber => tk!(kiosk_problem_not_whole_number, key = key),
        KioskIssue::BelowMinimum(limit) => {
            tk!(kiosk_problem_below_minimum, key = key, limit = limit)
        }
        KioskIssue::AboveMaximum(limit) => {
            tk!(kiosk_problem_above_maximum, key = key, limit = limit)
        }
        KioskIssue::MalformedNight => tk!(kiosk_problem_malformed_night, key = key),
        KioskIssue::EmptyNight => tk!(kiosk_problem_empty_night, key = key),
        KioskIssue::TooLong(limit) => tk!(kiosk_problem_too_long, key = key, limit = limit),
        KioskIssue::NotPrintable => tk!(kiosk_problem_not_printable, key = key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kiosk::KioskConfig;

    fn words(json: &str) -> Vec<String> {
        KioskConfig::from_config_json(json)
            .unwrap()
            .problems
            .iter()
            .map(kiosk_problem)
            .collect()
    }

    #[test]
    fn every_problem_names_its_key_and_limit() {
        assert_eq!(
            words(r#"{"kiosk":{"warning_seconds":5}}"#),
            ["设置“warning_seconds”不能小于 20，已使用默认值。"]
        );
        assert_eq!(
            words(r#"{"kiosk":{"idle_sconds":60}}"#),
            ["不认识的设置“idle_sconds”，已忽略。"]
        );
        assert_eq!(
            words(r#"{"kiosk":{"night":"22点"}}"#),
            ["设置“night”应写成“22:00-07:00”的样子，已关闭夜间模式。"]
        );
        assert_eq!(
            words(r#"{"kiosk":true}"#),
            ["“kiosk”应当是一组设置（JSON 对象），已全部使用默认值。"]
        );
    }

    #[test]
    fn no_placeholder_is_left_unfilled() {
        let all = words(
            r#"{"kiosk":{"idle_seconds":"90","attract_seconds":1.5,"refresh_minutes":99999,
               "device":"\u0007","night":"07:00-07:00","signage":1,"x":1,"x":2}}"#,
        );
        assert!(all.len() >= 7, "{all:?}");
        for sentence in all {
            assert!(!sentence.contains('{'), "{sentence}");
        }
    }
}
