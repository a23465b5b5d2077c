//! Accepting connections: our own loop over hyper, because `axum::serve` has neither a
//! header-read timeout nor a connection limit, and a client that sends half a request
//! must not hold a connection (and its memory) for ever.
//!
//! - the request head must arrive within the header-read timeout (hyper closes the
//!   connection otherwise);
//! - at most `max_connections` are served at once; one more is answered 503 with
//!   `Retry-After` and closed;
//! - at most `max_in_flight` requests run at once and `max_queued` wait; the rest are
//!   answered 503 with `Retry-After` at once ([`Shed`]);
//! - the few answers hyper writes itself before our app sees a request (400 for a
//!   malformed head or `Content-Length`, 414 for a URL over 64 KiB, 431 for a head too
//!   large) carry our JSON error body like every other error ([`JsonParseErrors`]).

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::Router;
use clientbook_domain::api::ErrorBody;
use clientbook_domain::error_code::ErrorCode;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Limits on connections, from the configuration.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
}

/// How long requests under way get to finish after a shutdown signal.
const DRAIN: Duration = Duration::from_secs(30);

/// Serve `app` on `listener` until `shutdown` completes, then let the connections under
/// way finish (for at most [`DRAIN`]).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            tracing::warn!(%peer, "connection limit reached: 503");
            tokio::spawn(refuse_busy(stream));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = app.clone().map_request(move |req: Request<Incoming>| {
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let io = TokioIo::new(JsonParseErrors::new(stream));
        let conn = builder
            .serve_connection(io, TowerToHyperService::new(service))
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(DRAIN) => tracing::warn!("connections still open after the drain period"),
    }
    Ok(())
}

/// An error answer written by hand, outside hyper: status line, JSON body, close.
fn raw_error(status: u16, reason: &str, code: ErrorCode, message: &str, extra: &str) -> Vec<u8> {
    let body = serde_json::to_string(&ErrorBody {
        code,
        message: message.to_owned(),
        fields: vec![],
    })
    .unwrap_or_default();
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n{extra}\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Answer 503 to a connection over the limit, then close it. The request is read (for a
/// second at most) before closing so that the client is not reset before it reads the
/// answer.
async fn refuse_busy(mut stream: TcpStream) {
    let answer = raw_error(
        503,
        "Service Unavailable",
        ErrorCode::Busy,
        "The server is busy. Try again in a moment.",
        "retry-after: 1\r\n",
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(&answer).await;
        let _ = stream.shutdown().await;
        let mut sink = [0u8; 1024];
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    })
    .await;
}

/// A connection whose automatic parse-error answers from hyper (an empty 400, 414 or
/// 431, the only empty-bodied errors left once `error::json_errors` has given every
/// answer of the app a body) are rewritten, on their way out, into our error format.
///
/// Vectored writes are turned off so that hyper hands over a whole head at once.
pub struct JsonParseErrors<T> {
    inner: T,
    /// A rewritten answer still to be written, and how much of it is written.
    pending: Vec<u8>,
    written: usize,
}

impl<T> JsonParseErrors<T> {
    pub fn new(inner: T) -> Self {
        JsonParseErrors {
            inner,
            pending: Vec::new(),
            written: 0,
        }
    }
}

/// The JSON version of hyper's automatic answer in `head`, if it is one.
pub fn rewrite_parse_error(head: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(head).ok()?;
    let status_line = text.strip_prefix("HTTP/1.1 ")?;
    let (code, reason) = match status_line.get(..3)? {
        "400" => (
            ErrorCode::BadRequest,
            "The request could not be read: its head or Content-Length is malformed.",
        ),
        "414" => (ErrorCode::UriTooLong, "The URL is too long."),
        "431" => (
            ErrorCode::HeadersTooLarge,
            "The request headers are too large.",
        ),
        _ => return None,
    };
    let lower = text.to_ascii_lowercase();
    let empty = lower.contains("\r\ncontent-length: 0\r\n") && !lower.contains("\r\ncontent-type:");
    if !empty || !text.ends_with("\r\n\r\n") || text.matches("\r\n\r\n").count() != 1 {
        return None;
    }
    let status: u16 = status_line[..3].parse().ok()?;
    let phrase = status_line
        .get(4..)?
        .split("\r\n")
        .next()
        .unwrap_or_default();
    Some(raw_error(status, phrase, code, reason, ""))
}

impl<T: AsyncWrite + Unpin> JsonParseErrors<T> {
    /// Write what is pending; ready once it is all written.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n =
                ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for JsonParseErrors<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for JsonParseErrors<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.poll_pending(cx))?;
        // Only a head that starts an answer can be one of hyper's own.
        if buf.starts_with(b"HTTP/1.1 4") {
            if let Some(json) = rewrite_parse_error(buf) {
                this.pending = json;
                this.written = 0;
                // Start now; the rest goes out on the next write, flush or shutdown.
                let _ = this.poll_pending(cx)?;
                return Poll::Ready(Ok(buf.len()));
            }
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        false
    }
}

/// Load shedding: at most `max_in_flight` requests are handled at once and at most
/// `max_queued` wait for their turn, each for [`QUEUE_WAIT`] at most. A request beyond
/// the queue, or one that waited too long, is answered 503 with `Retry-After` and the
/// JSON error body at once, instead of piling up until every client times out.
#[derive(Clone, Debug)]
pub struct Shed {
    in_flight: Arc<Semaphore>,
    queued: Arc<std::sync::atomic::AtomicUsize>,
    max_queued: usize,
}

/// The longest a request waits in the queue before it is answered 503.
pub const QUEUE_WAIT: Duration = Duration::from_secs(10);

impl Shed {
    pub fn new(max_in_flight: usize, max_queued: usize) -> Self {
        Shed {
            in_flight: Arc::new(Semaphore::new(max_in_flight.max(1))),
            queued: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
            max_queued,
        }
    }

    /// A turn to run, or `None` when the queue is full or the wait was too long.
    async fn turn(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        use std::sync::atomic::Ordering;
        if let Ok(permit) = self.in_flight.clone().try_acquire_owned() {
            return Some(permit);
        }
        if self.queued.fetch_add(1, Ordering::SeqCst) >= self.max_queued {
            self.queued.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let permit = tokio::time::timeout(QUEUE_WAIT, self.in_flight.clone().acquire_owned()).await;
        self.queued.fetch_sub(1, Ordering::SeqCst);
        permit.ok()?.ok()
    }
}

/// The middleware of [`Shed`].
pub async fn shed_load(
    axum::extract::State(shed): axum::extract::State<Shed>,
    req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let Some(_turn) = shed.turn().await else {
        tracing::warn!("request queue full: 503");
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::RETRY_AFTER, "1")],
            axum::Json(ErrorBody {
                code: ErrorCode::Busy,
                message: "The server is busy. Try again in a moment.".to_owned(),
                fields: vec![],
            }),
        )
            .into_response();
    };
    next.run(req).await
}

/// Large answers built at once, at most: a whole book or an export holds every row of
/// its scope while it is built (a relationship manager's book at 1,000,000 customers is
/// 125,000 customers, about 100 MB in memory and as much again as the encoded body), so
/// the server's memory is bounded by this many of them rather than by how many arrive
/// together. Others wait their turn for [`BIG_ANSWER_WAIT`], then get 503 `busy`.
pub const BIG_ANSWERS_AT_ONCE: usize = 2;
/// The longest a large answer waits for its turn before 503 `busy`.
pub const BIG_ANSWER_WAIT: Duration = Duration::from_secs(30);
/// `Retry-After` of that 503.
pub const BIG_ANSWER_RETRY_AFTER_SECS: u64 = 2;

static BIG_ANSWERS: Semaphore = Semaphore::const_new(BIG_ANSWERS_AT_ONCE);

/// A turn to build a large answer (held until the body is built), or 503 `busy`.
pub async fn big_answer_turn(
) -> Result<tokio::sync::SemaphorePermit<'static>, crate::error::AppError> {
    match tokio::time::timeout(BIG_ANSWER_WAIT, BIG_ANSWERS.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => {
            tracing::warn!("large answers at their limit: 503");
            Err(crate::error::AppError::Busy)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypers_empty_431_becomes_json() {
        let head = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: Sun, 29 Nov 2026 13:00:00 GMT\r\n\r\n";
        let out = String::from_utf8(rewrite_parse_error(head).unwrap()).unwrap();
        assert!(
            out.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
            "{out}"
        );
        assert!(out.contains("content-type: application/json"));
        let body = out.split("\r\n\r\n").nth(1).unwrap();
        let parsed: ErrorBody = serde_json::from_str(body).unwrap();
        assert_eq!(parsed.code, "headers_too_large");
    }

    #[test]
    fn an_answer_with_a_body_or_another_status_is_left_alone() {
        let with_body = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        assert!(rewrite_parse_error(with_body).is_none());
        let ok = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";
        assert!(rewrite_parse_error(ok).is_none());
    }
}
