//! Errors as RFC 9457 problem details (`application/problem+json`), with
//! the fields at fault as JSON Pointers and every sentence in Chinese.

use axum::extract::rejection::BytesRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use gongkai::api::{FieldProblem, Problem};
use gongkai::domain::feedback::{FieldError, FieldErrorCode};
use gongkai::i18n::field_error_text;

use crate::store::{CaseError, StoreError};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// The last part of the `urn:gongkai:problem:` type.
    pub name: &'static str,
    pub title: &'static str,
    pub detail: Option<String>,
    pub errors: Vec<FieldProblem>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, name: &'static str, title: &'static str) -> Self {
        Self {
            status,
            name,
            title,
            detail: None,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// A `429`'s wait, sent as `Retry-After`.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "找不到这项内容")
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self::fields(
            errors
                .into_iter()
                .map(|f| FieldProblem {
                    pointer: f.pointer.to_owned(),
                    code: f.code.as_str().to_owned(),
                    detail: field_error_text(&f),
                })
                .collect(),
        )
    }

    /// A `validation` problem of refused fields, with codes of their own.
    pub fn fields(errors: Vec<FieldProblem>) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "提交的内容需要修改",
        )
        .detail(format!(
            "有{}处需要修改，请按提示修改后再提交",
            errors.len()
        ));
        e.errors = errors;
        e
    }

    /// One refused field, for rules that need the backend's data.
    pub fn field(pointer: &str, code: FieldErrorCode, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "提交的内容需要修改",
        )
        .detail(detail.clone());
        e.errors.push(FieldProblem {
            pointer: pointer.to_owned(),
            code: code.as_str().to_owned(),
            detail,
        });
        e
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", "现在不能这样操作").detail(detail)
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        eprintln!("gongkai-server: internal error: {e}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务器出错了，请稍后再试",
        )
    }

    pub fn bad_json(e: &serde_json::Error) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-json", "请求不是有效的 JSON").detail(format!(
            "第{}行第{}列：{e}",
            e.line(),
            e.column()
        ))
    }

    pub fn body(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "提交的内容太长",
            )
        } else {
            Self::new(rejection.status(), "bad-request", "请求无法读取")
                .detail(rejection.body_text())
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::internal(e)
    }
}

impl From<CaseError> for ApiError {
    fn from(e: CaseError) -> Self {
        match e {
            CaseError::NotFound => {
                ApiError::new(StatusCode::NOT_FOUND, "not-found", "没有找到这个留言码")
                    .detail("请核对留言码，它由12位数字和字母组成，如 7K3M-Q9XD-2FHP")
            }
            CaseError::Transition(t) => ApiError::conflict(format!(
                "留言现在的状态是“{}”，不能这样办理",
                status_name(t.from)
            )),
            CaseError::CannotRate => ApiError::conflict("还没有答复，或者这条答复已经评价过了"),
            CaseError::NoReply => ApiError::conflict("还没有答复，答复后才能公开"),
            CaseError::Store(e) => ApiError::internal(e),
        }
    }
}

fn status_name(s: gongkai::api::FeedbackStatus) -> &'static str {
    use gongkai::api::FeedbackStatus::*;
    match s {
        Received => "已受理",
        InProgress => "办理中",
        Replied => "已答复",
        Closed => "已办结",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem {
            problem_type: format!("urn:gongkai:problem:{}", self.name),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail,
            errors: self.errors,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"gongkai-staff\""),
            );
        }
        response
    }
}
