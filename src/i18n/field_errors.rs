//! The words for the domain's reasons a field is refused
//! (`domain::feedback::FieldReason`), in the current locale: the domain
//! says what is wrong, this says it. The reference server words its
//! problem+json details with the same functions.

use crate::api::Problem;
use crate::domain::feedback::{
    problem_errors, Choice, FieldError, FieldReason, FormError, TextField,
};
use crate::t;

use super::format_date;

/// The name of a text field, as a sentence about its length says it.
pub fn text_field_label(field: TextField) -> &'static str {
    match field {
        TextField::Body => t!(field_label_body),
        TextField::Name => t!(field_label_name),
        TextField::Reason => t!(field_label_reason),
        TextField::Reply => t!(field_label_reply),
        TextField::Question => t!(field_label_question),
        TextField::OverrideReason => t!(field_label_override_reason),
    }
}

/// The sentence for `reason`.
pub fn field_reason_text(reason: FieldReason) -> String {
    use FieldReason as R;
    match reason {
        R::NotChosen(Choice::Kind) => t!(field_choose_kind).to_owned(),
        R::NotChosen(Choice::Org) => t!(field_choose_org).to_owned(),
        R::NotChosen(Choice::Rating) => t!(field_choose_rating).to_owned(),
        R::Empty(field) => t!(field_empty, field = text_field_label(field)),
        R::TooShort { field, min, chars } => t!(
            field_too_short,
            field = text_field_label(field),
            min = min,
            chars = chars
        ),
        R::TooLong { field, max, chars } => t!(
            field_too_long,
            field = text_field_label(field),
            max = max,
            chars = chars
        ),
        R::UnknownKind => t!(field_unknown_kind).to_owned(),
        R::UnknownRating => t!(field_unknown_rating).to_owned(),
        R::BadContact => t!(field_bad_contact).to_owned(),
        R::ItemRequired => t!(field_item_required).to_owned(),
        R::NoPublicity => t!(field_no_publicity).to_owned(),
        R::PublicityNotStarted { starts_on } => {
            t!(field_publicity_not_started, date = format_date(starts_on))
        }
        R::PublicityEnded { ended_on } => {
            t!(field_publicity_ended, date = format_date(ended_on))
        }
        R::ReopenNeedsUnsatisfied => t!(field_reopen_needs_unsatisfied).to_owned(),
        R::PublicityTooShort { actual, required } => t!(
            field_publicity_too_short,
            actual = actual,
            required = required
        ),
    }
}

/// The sentence for a refused field.
pub fn field_error_text(error: &FieldError) -> String {
    field_reason_text(error.reason)
}

/// A refused field as the form shows it.
pub fn form_error(error: FieldError) -> FormError {
    FormError {
        pointer: error.pointer.to_owned(),
        message: field_error_text(&error),
    }
}

/// A backend's refusal as the form shows it: in the app's own words where
/// the code says all a sentence needs, else in the backend's.
pub fn refusal_errors(problem: &Problem) -> Vec<FormError> {
    let mut errors = problem_errors(problem);
    for (shown, field) in errors.iter_mut().zip(&problem.errors) {
        if let Some(reason) = FieldReason::from_problem(&field.pointer, &field.code) {
            shown.message = field_reason_text(reason);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::FieldProblem;
    use crate::domain::feedback::{check_length, validate_request, ObjectionRefusal};
    use time::macros::date;

    #[test]
    fn lengths_name_their_field_and_figures() {
        let e = check_length("/text", TextField::Reply, "一二三四", 1, 3).unwrap();
        assert_eq!(field_error_text(&e), "答复不能超过3个字，现有4个字");
        let e = check_length("/body", TextField::Body, "短", 5, 10).unwrap();
        assert_eq!(field_error_text(&e), "留言内容至少5个字，现有1个字");
        let e = check_length("/body", TextField::Body, "", 5, 10).unwrap();
        assert_eq!(field_error_text(&e), "请填写留言内容");
    }

    #[test]
    fn a_form_gets_a_sentence_for_every_refused_field() {
        let req = crate::api::FeedbackRequest {
            kind: "praise".into(),
            org: " ".into(),
            body: "短".into(),
            contact: Some("12345".into()),
            ..Default::default()
        };
        let shown: Vec<FormError> = validate_request(&req)
            .unwrap_err()
            .into_iter()
            .map(form_error)
            .collect();
        let words: Vec<&str> = shown.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            words,
            [
                "留言类别只能是建议、意见、异议、咨询或投诉举报",
                "请选择留言的党组织",
                "留言内容至少5个字，现有1个字",
                "联系方式请填写手机号（如 13812345678）、固定电话（如 0571-87654321）或电子邮箱",
            ]
        );
        assert_eq!(shown[1].pointer, "/org");
    }

    #[test]
    fn publicity_refusals_carry_their_dates_and_days() {
        let ended = ObjectionRefusal::Ended {
            ended_on: date!(2026 - 11 - 20),
        }
        .field_error();
        assert_eq!(
            field_error_text(&ended),
            "这条事项的公示期已于2026年11月20日结束，不能再提出异议；可以选择“意见”或“投诉举报”"
        );
        let soon = ObjectionRefusal::NotStarted {
            starts_on: date!(2026 - 12 - 01),
        }
        .field_error();
        assert_eq!(
            field_error_text(&soon),
            "这条事项的公示期2026年12月1日才开始，开始后才能提出异议"
        );
        assert!(field_reason_text(FieldReason::PublicityTooShort {
            actual: 3,
            required: 5
        })
        .starts_with("公示期为3个工作日，少于本类事项规定的5个工作日"));
    }

    #[test]
    fn a_backends_refusal_is_shown_in_the_apps_words_where_its_code_says_enough() {
        let problem = Problem {
            problem_type: "about:blank".into(),
            title: "提交的内容需要修改".into(),
            status: 422,
            detail: None,
            errors: vec![
                FieldProblem {
                    pointer: "/contact".into(),
                    code: "bad_contact".into(),
                    detail: "contact is not valid".into(),
                },
                FieldProblem {
                    pointer: "/body".into(),
                    code: "too_long".into(),
                    detail: "留言内容不能超过2000个字，现有2001个字".into(),
                },
            ],
        };
        let shown = refusal_errors(&problem);
        assert_eq!(
            shown[0].message,
            "联系方式请填写手机号（如 13812345678）、固定电话（如 0571-87654321）或电子邮箱"
        );
        // No figures in the code: the backend's own sentence.
        assert_eq!(shown[1].message, "留言内容不能超过2000个字，现有2001个字");
        assert_eq!(shown[1].pointer, "/body");
    }
}
