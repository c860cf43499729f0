//! The residents' side of feedback: submit, look up by tracking code, rate.

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gongkai::api::{FeedbackKind, FeedbackRequest, RatingRequest};
use gongkai::domain::feedback::{
    objection_allowed, reply_due, submission_reply_due, validate_rating, validate_request,
    FieldErrorCode, TrackingCode,
};
use time::OffsetDateTime;

use super::{
    blocking, client_ip, idempotent_post, json, load_calendar, parse_json, stored, ApiError, App,
};
use crate::store::{self, NewCase};

/// `POST v1/feedback`
pub async fn submit(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let client = client_ip(&app, peer, &headers);
    let cal = match load_calendar(&app).await {
        Ok(cal) => cal,
        Err(response) => return response,
    };
    let reply_working_days = app.config.reply_working_days;
    let limit = app.rate_limit.clone();
    idempotent_post(
        &app,
        &headers,
        "/v1/feedback".into(),
        body,
        move |tx, body| {
            let request: FeedbackRequest = parse_json(body)?;
            let feedback = validate_request(&request).map_err(ApiError::validation)?;
            let now = OffsetDateTime::now_utc();
            if !store::org_exists(tx, &feedback.org)? {
                return Err(ApiError::field(
                    "/org",
                    FieldErrorCode::UnknownOrg,
                    "没有这个党组织，请从列表中选择",
                ));
            }
            let mut publicity = None;
            if let Some(id) = &feedback.item {
                let item = store::item_in(tx, id)?
                    .filter(|item| item.is_public())
                    .ok_or_else(|| {
                        ApiError::field(
                            "/item",
                            FieldErrorCode::UnknownItem,
                            "没有这条公开事项，它可能已被撤下",
                        )
                    })?;
                if item.org != feedback.org {
                    return Err(ApiError::field(
                        "/item",
                        FieldErrorCode::ItemOfOtherOrg,
                        "这条事项不属于所选的党组织",
                    ));
                }
                if feedback.kind == FeedbackKind::Objection {
                    if let Err(refusal) = objection_allowed(&item, now, &cal) {
                        return Err(ApiError::validation(vec![refusal.field_error()]));
                    }
                }
                publicity = item.publicity;
            }
            limit
                .try_acquire(client, Instant::now())
                .map_err(|seconds| {
                    ApiError::new(
                        StatusCode::TOO_MANY_REQUESTS,
                        "rate-limited",
                        "提交太频繁了",
                    )
                    .detail(format!(
                        "这台设备短时间内提交了太多留言，请{}分钟后再试；内容已保留，不会丢失",
                        seconds.div_ceil(60)
                    ))
                    .retry_after(seconds)
                })?;
            let new = NewCase {
                reply_due: submission_reply_due(
                    feedback.kind,
                    publicity.as_ref(),
                    now,
                    reply_working_days,
                    &cal,
                ),
                submitted_at: now,
                feedback,
            };
            let receipt = store::create(tx, &new)?;
            // Relative to the request URL `…/v1/feedback`.
            let location = format!("feedback/{}", receipt.code);
            stored(
                StatusCode::CREATED,
                &receipt,
                vec![("location".into(), location)],
            )
        },
    )
    .await
}

/// `GET v1/feedback/{code}`
pub async fn look_up(
    State(app): State<App>,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let state = blocking(move || Ok(app.store.case_state(&code)?)).await?;
    let mut response = json(StatusCode::OK, &state);
    // What the holder of the code wrote is theirs alone: no caches.
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// `POST v1/feedback/{code}/rating`
pub async fn rate(
    State(app): State<App>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(code) = TrackingCode::normalize(&code) else {
        return axum::response::IntoResponse::into_response(ApiError::from(
            store::CaseError::NotFound,
        ));
    };
    let cal = match load_calendar(&app).await {
        Ok(cal) => cal,
        Err(response) => return response,
    };
    let reply_working_days = app.config.reply_working_days;
    let path = format!("/v1/feedback/{code}/rating");
    idempotent_post(&app, &headers, path, body, move |tx, body| {
        let request: RatingRequest = parse_json(body)?;
        let rating = validate_rating(&request).map_err(ApiError::validation)?;
        let now = OffsetDateTime::now_utc();
        // A reopened case is due again, counted from today.
        let reopen_due = reply_due(now, reply_working_days, &cal);
        let state = store::rate(tx, &code, &rating, now, reopen_due)?;
        stored(StatusCode::OK, &state, Vec::new())
    })
    .await
}
