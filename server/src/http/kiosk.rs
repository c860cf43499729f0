//! Kiosk heartbeats: `POST v1/kiosk/heartbeat` from the screens (public,
//! unauthenticated, so everything is checked, counted and capped), and
//! `GET v1/staff/kiosks` for staff.

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use gongkai::api::KioskList;
use time::OffsetDateTime;

use super::{blocking, client_ip, json, parse_json, require_json, ApiError, App};
use crate::kiosk::{validate, BeatFields};
use crate::store::BeatStored;

/// `POST v1/kiosk/heartbeat`: 204, the device's latest beat stored. No
/// `Idempotency-Key`: a beat replaces the last one, so a repeat is harmless,
/// and keys would leave a record per beat.
pub async fn beat(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Some(interval) = app.config.kiosk_heartbeat_seconds else {
        return Err(ApiError::not_found());
    };
    let body = body.map_err(ApiError::body)?;
    require_json(&headers)?;
    let fields: BeatFields = parse_json(&body)?;
    let beat = validate(&fields).map_err(ApiError::fields)?;
    let client = client_ip(&app, peer, &headers);
    app.beat_limit
        .try_acquire(client, Instant::now())
        .map_err(|seconds| {
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "提交太频繁了",
            )
            .detail(format!(
                "这个地址发来的心跳太多了（每分钟最多{}次），请{seconds}秒后再试",
                app.config.kiosk_heartbeat_limit
            ))
            .retry_after(seconds)
        })?;
    let max = app.config.kiosk_max_devices;
    let store = app.store.clone();
    let stored =
        blocking(move || Ok(store.record_beat(&beat, OffsetDateTime::now_utc(), interval, max)?))
            .await?;
    match stored {
        BeatStored::Stored => {
            let mut response = StatusCode::NO_CONTENT.into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(response)
        }
        BeatStored::Full => Err(ApiError::new(
            StatusCode::CONFLICT,
            "too-many-devices",
            "登记的触摸屏已达上限",
        )
        .detail(format!(
            "服务器最多登记{max}台触摸屏，这台设备是新的，心跳未记录；\
             请工作人员用 gongkai-server forget-kiosk 删除不再使用的设备后再试"
        ))),
    }
}

/// `GET v1/staff/kiosks`: every device's latest beat, offline or not.
pub async fn list(State(app): State<App>) -> Result<Response, ApiError> {
    let kiosks = blocking(move || Ok(app.store.kiosks(OffsetDateTime::now_utc())?)).await?;
    Ok(super::staff::private(json(
        StatusCode::OK,
        &KioskList { kiosks },
    )))
}
