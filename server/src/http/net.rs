//! Connections: accepted up to a limit, served over HTTP/1.1 by hyper with
//! a header-read timeout, dropped when the client stops reading, and closed
//! gracefully on Ctrl-C or SIGTERM. `axum::serve` has no timer for hyper (so
//! no header-read timeout) and no limit, hence this loop.
//!
//! What bounds each stage of a connection:
//! - request line and headers, and the idle time before them on a kept-alive
//!   connection: [`Limits::header_read`] (hyper starts that clock as soon as
//!   it waits for a request);
//! - the request body: [`Limits::body`] between pieces, and
//!   [`Limits::request`] for the body and the handler together;
//! - the response body: [`Limits::stall`] without progress in writing it.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio_io_timeout::TimeoutStream;
use tower::ServiceExt;
use tower_http::timeout::RequestBodyTimeoutLayer;

use super::ApiError;

/// How long a client may take at each stage, and how many may be connected
/// at once. Each has a flag (see `cli.rs`).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// To send a request's line and headers, counted from when the
    /// connection opens or its previous response ends: also how long an idle
    /// kept-alive connection stays open.
    pub header_read: Duration,
    /// Between two pieces of a request body.
    pub body: Duration,
    /// From a request's headers to its response's head, reading the body
    /// included.
    pub request: Duration,
    /// For a response to make progress while the client is not reading it.
    pub stall: Duration,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            body: Duration::from_secs(30),
            request: Duration::from_secs(60),
            stall: Duration::from_secs(30),
            max_connections: 512,
        }
    }
}

/// hyper's read and write buffers per connection: a download keeps at most
/// two of its 64 KB chunks queued (hyper's default is about 400 KB).
const CONNECTION_BUFFER: usize = 128 * 1024;

/// The request-side limits, as layers around the whole app.
pub(super) fn time_limits(router: Router, limits: &Limits) -> Router {
    router
        .layer(RequestBodyTimeoutLayer::new(limits.body))
        .layer(middleware::from_fn_with_state(
            limits.request,
            request_timeout,
        ))
}

async fn request_timeout(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request-timeout",
            "请求用时太长，请稍后再试",
        )
        .detail(format!("请求须在{}秒内发送完毕并得到处理", limit.as_secs()))
        .into_response(),
    }
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(listener: TcpListener, router: Router, limits: Limits) -> io::Result<()> {
    let places = Arc::new(Semaphore::new(limits.max_connections as usize));
    let (stop, stopping) = watch::channel(false);
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        // A place first: when all are taken, connections wait in the
        // listen queue rather than being accepted and dropped.
        let place = tokio::select! {
            place = places.clone().acquire_owned() => match place {
                Ok(place) => place,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        tokio::spawn(connection(
            stream,
            peer,
            router.clone(),
            limits,
            stopping.clone(),
            place,
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    // Each connection holds its place until it ends.
    let _ = places.acquire_many(limits.max_connections).await;
    Ok(())
}

/// Serves one connection; `_place` is given back when it ends.
async fn connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    mut stopping: watch::Receiver<bool>,
    _place: OwnedSemaphorePermit,
) {
    let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
        let mut request = request.map(Body::new);
        // What `into_make_service_with_connect_info` would add; the rate
        // limit reads it.
        request.extensions_mut().insert(ConnectInfo(peer));
        if let Some(uri) = single_leading_slash(request.uri()) {
            *request.uri_mut() = uri;
        }
        router.clone().oneshot(request)
    });
    // Writes fail once they have waited `stall` for the client to take
    // anything: a client that stops reading a download is dropped instead of
    // holding its connection (and place) for ever. Reading, however slowly,
    // resets the clock.
    let mut stream = TimeoutStream::new(stream);
    stream.set_write_timeout(Some(limits.stall));
    let io = TokioIo::new(Box::pin(stream));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .max_buf_size(CONNECTION_BUFFER);
    let served = http.serve_connection(io, service);
    tokio::pin!(served);
    tokio::select! {
        _ = served.as_mut() => return,
        stopped = stopping.wait_for(|stop| *stop) => drop(stopped),
    }
    // Shutting down: finish the request in flight, then close.
    served.as_mut().graceful_shutdown();
    let _ = served.await;
}

/// Like axum's: errors about one connection are the client's; others (too
/// many open files) last a while, so wait before trying again.
async fn accept_failed(e: io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    eprintln!("gongkai-server: accepting a connection: {e}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// `//x` as `/x`. A path that starts with two slashes becomes a
/// protocol-relative URL (another site) once it is echoed in a `Location`,
/// as ServeDir's redirect from a directory to its slash does; browsers take
/// `\` for `/` there too.
fn single_leading_slash(uri: &Uri) -> Option<Uri> {
    let path_and_query = uri.path_and_query()?.as_str();
    let rest = path_and_query.trim_start_matches(['/', '\\']);
    if path_and_query.len() - rest.len() < 2 {
        return None;
    }
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(format!("/{rest}").parse().ok()?);
    Uri::from_parts(parts).ok()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    eprintln!("gongkai-server: shutting down, finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collapsed(uri: &str) -> Option<String> {
        single_leading_slash(&uri.parse().unwrap()).map(|u| u.to_string())
    }

    #[test]
    fn leading_slashes_collapse_to_one() {
        assert_eq!(collapsed("//demo/files").as_deref(), Some("/demo/files"));
        assert_eq!(collapsed("///x?a=//b").as_deref(), Some("/x?a=//b"));
        assert_eq!(collapsed("//").as_deref(), Some("/"));
        assert_eq!(
            collapsed("/\\evil.example/x").as_deref(),
            Some("/evil.example/x")
        );
        assert_eq!(
            collapsed("http://example.com//x").as_deref(),
            Some("http://example.com/x")
        );
        for fine in ["/", "/demo/files", "/a//b", "/x?next=//evil.example"] {
            assert_eq!(collapsed(fine), None, "{fine}");
        }
    }
}
