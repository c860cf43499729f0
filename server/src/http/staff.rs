//! The staff API: behind a bearer token from the server's configuration.
//! A server started without a token refuses all of it.

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use gongkai::api::{
    is_valid_id, FeedbackStatus, ItemUpdate, PublishRequest, ReplyRequest, ID_MAX_LEN,
};
use gongkai::domain::feedback::{
    check_length, clean_text, FieldErrorCode, TextField, TrackingCode, QUESTION_MAX_CHARS,
    REPLY_MAX_CHARS,
};
use gongkai::i18n::field_error_text;
use serde::Deserialize;
use time::OffsetDateTime;

use super::{blocking, client_ip, idempotent_post, json, parse_json, stored, ApiError, App};
use crate::store::{self, CaseError, CaseFilter, ContentError, StaffAction, ITEM_MAX_BYTES};

pub async fn require_token(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let Some(expected) = app.config.staff_token.as_deref() else {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "staff-api-disabled",
            "工作人员接口未启用",
        )
        .detail("服务器启动时没有设置工作人员令牌（GONGKAI_STAFF_TOKEN 或 --staff-token-file）")
        .into_response();
    };
    // A client that sent too many wrong tokens waits, whatever it sends now.
    let client = client_ip(&app, peer, request.headers());
    let now = Instant::now();
    if let Err(wait) = app.staff_failures.check(client, now) {
        return too_many_attempts(wait);
    }
    let header = request.headers().get(header::AUTHORIZATION);
    let given = header
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => {
            next.run(request).await
        }
        _ => {
            // Only a presented credential is a guess; a missing one is not.
            if header.is_some() {
                app.staff_failures.record(client, now);
            }
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "需要工作人员令牌")
                .detail("请在 Authorization 请求头中带上 Bearer 令牌")
                .into_response()
        }
    }
}

fn too_many_attempts(wait: u64) -> Response {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too-many-attempts",
        "令牌错误次数过多，请稍后再试",
    )
    .detail(format!("请在 {wait} 秒后再试"))
    .retry_after(wait)
    .into_response()
}

/// Compares without stopping at the first difference, so response times do
/// not reveal how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i % b.len().max(1)).copied().unwrap_or(0));
    }
    diff == 0
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    org: Option<String>,
    /// `true`: only cases rated 不满意 and not reopened.
    #[serde(default)]
    unsatisfied: Option<bool>,
}

/// `GET v1/staff/feedback?status=…&org=…&unsatisfied=true`
pub async fn list(
    State(app): State<App>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "bad-request", "查询参数无法读取")
            .detail(e.body_text())
    })?;
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(FeedbackStatus::parse(s).ok_or_else(|| {
            ApiError::field(
                "/status",
                FieldErrorCode::UnknownStatus,
                "status 只能是 received、in_progress、replied 或 closed",
            )
        })?),
    };
    let submissions = blocking(move || {
        Ok(app.store.list_cases(&CaseFilter {
            status,
            org: q.org.as_deref(),
            unsatisfied: q.unsatisfied.unwrap_or(false),
        })?)
    })
    .await?;
    Ok(private(json(
        StatusCode::OK,
        &gongkai::api::StaffFeedbackList { submissions },
    )))
}

/// `GET v1/staff/feedback/{code}`
pub async fn show(State(app): State<App>, Path(code): Path<String>) -> Result<Response, ApiError> {
    let case = blocking(move || Ok(app.store.staff_case(&code)?)).await?;
    Ok(private(json(StatusCode::OK, &case)))
}

/// `GET v1/staff/objections`: ended 公示 with objections still awaiting a
/// reply.
pub async fn objections(State(app): State<App>) -> Result<Response, ApiError> {
    let items =
        blocking(move || Ok(app.store.objection_reviews(OffsetDateTime::now_utc())?)).await?;
    Ok(private(json(
        StatusCode::OK,
        &gongkai::api::ObjectionReviewList { items },
    )))
}

/// `GET v1/staff/items/{id}`: an item, public or not, with the reason
/// recorded for a too-short publicity period.
pub async fn get_item(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !is_valid_id(&id) {
        return Err(ApiError::not_found());
    }
    let item = blocking(move || Ok(app.store.staff_item(&id, OffsetDateTime::now_utc())?))
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(private(json(StatusCode::OK, &item)))
}

/// Names and contacts: never kept by a browser or a proxy.
pub(super) fn private(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

fn required_text(
    value: &str,
    pointer: &'static str,
    what: TextField,
    max: usize,
) -> Result<String, ApiError> {
    let text = clean_text(value);
    match check_length(pointer, what, &text, 1, max) {
        Some(e) => Err(ApiError::field(e.pointer, e.code, field_error_text(&e))),
        None => Ok(text),
    }
}

/// `POST v1/staff/feedback/{code}/{start|reply|publish|close}`
pub async fn act(
    State(app): State<App>,
    Path((code, action)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(code) = TrackingCode::normalize(&code) else {
        return ApiError::from(CaseError::NotFound).into_response();
    };
    if !matches!(action.as_str(), "start" | "reply" | "publish" | "close") {
        return ApiError::not_found().into_response();
    }
    let path = format!("/v1/staff/feedback/{code}/{action}");
    idempotent_post(&app, &headers, path, body, move |tx, body| {
        let now = OffsetDateTime::now_utc();
        let case = match action.as_str() {
            "start" => store::act(tx, &code, StaffAction::Start, now)?,
            "close" => store::act(tx, &code, StaffAction::Close, now)?,
            "reply" => {
                let r: ReplyRequest = parse_json(body)?;
                let text = required_text(&r.text, "/text", TextField::Reply, REPLY_MAX_CHARS)?;
                let question = match r.public_question.as_deref().map(clean_text) {
                    Some(q) if !q.is_empty() => Some(required_text(
                        &q,
                        "/public_question",
                        TextField::Question,
                        QUESTION_MAX_CHARS,
                    )?),
                    _ => None,
                };
                store::act(
                    tx,
                    &code,
                    StaffAction::Reply {
                        text: &text,
                        public_question: question.as_deref(),
                    },
                    now,
                )?
            }
            _ => {
                let r: PublishRequest = parse_json(body)?;
                let question = required_text(
                    &r.question,
                    "/question",
                    TextField::Question,
                    QUESTION_MAX_CHARS,
                )?;
                store::act(
                    tx,
                    &code,
                    StaffAction::Publish {
                        question: &question,
                    },
                    now,
                )?
            }
        };
        stored(StatusCode::OK, &case, Vec::new())
    })
    .await
}

/// `PUT v1/staff/items/{id}`: publish or revise an item.
pub async fn put_item(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(ApiError::body)?;
    super::require_json(&headers)?;
    let update: ItemUpdate = parse_json(&body)?;
    let put = blocking(move || {
        app.store
            .put_item(&id, update, OffsetDateTime::now_utc())
            .map_err(|e| match e {
                ContentError::BadId { field, .. } => ApiError::field(
                    &format!("/item/{field}"),
                    FieldErrorCode::BadId,
                    format!(
                        "{}只能由英文字母、数字、“-”和“_”组成，以字母或数字开头，\
                         最多{ID_MAX_LEN}个字符",
                        if field == "id" {
                            "事项编号（id）"
                        } else {
                            "替代事项的编号（superseded_by）"
                        }
                    ),
                ),
                ContentError::TooLarge { bytes } => ApiError::field(
                    "/item",
                    FieldErrorCode::TooLong,
                    format!(
                        "事项内容共{} KB，超过每个事项{} KB的上限；请精简正文，或把表格、扫描件等大段内容改为附件",
                        bytes.div_ceil(1024),
                        ITEM_MAX_BYTES / 1024
                    ),
                ),
                ContentError::IdMismatch { .. } => ApiError::field(
                    "/item/id",
                    FieldErrorCode::IdMismatch,
                    "item.id 须与网址中的 id 相同",
                ),
                ContentError::UnknownOrg(_) => {
                    ApiError::field("/item/org", FieldErrorCode::UnknownOrg, "没有这个党组织")
                }
                ContentError::NoteRequired => ApiError::field(
                    "/note",
                    FieldErrorCode::Required,
                    "修改已发布的事项须写明修订说明",
                ),
                ContentError::Refused(e) => ApiError::validation(vec![e]),
                ContentError::Store(e) => ApiError::internal(e),
            })
    })
    .await?;
    let status = if put.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(json(status, &put.item))
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq(b"secret-token", b"secret-token"));
        assert!(!constant_time_eq(b"secret-tokeN", b"secret-token"));
        assert!(!constant_time_eq(b"secret", b"secret-token"));
        assert!(!constant_time_eq(b"", b"secret-token"));
        assert!(!constant_time_eq(b"secret-token-and-more", b"secret-token"));
    }
}
