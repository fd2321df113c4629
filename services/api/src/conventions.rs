//! Headers on every response (spec §1.8): correlation id, request/response times, duration,
//! trace id, and the security headers.

use std::time::Instant;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use backbone_domain::{Clock, SystemClock};
use backbone_proto::date;
use tracing::Instrument as _;

const CORRELATION_ID: HeaderName = HeaderName::from_static("x-correlation-id");
const MAX_CORRELATION_ID_LENGTH: usize = 100;

pub async fn response_headers(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_time = SystemClock.now();
    let correlation_id = correlation_id(request.headers());
    let trace_id = format!("{:032x}", rand::random::<u128>());
    let span = tracing::debug_span!("request", method = %request.method(), path = %request.uri().path(), %correlation_id);
    let mut response = next.run(request).instrument(span).await;
    let elapsed = started.elapsed();
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    set("x-correlation-id", correlation_id);
    set("x-trace-id", trace_id);
    set("x-request-time", date::format(request_time));
    set("x-response-time", date::format(SystemClock.now()));
    set("x-response-duration-ms", elapsed.as_millis().to_string());
    set("strict-transport-security", "max-age=5184000; includeSubDomains".to_owned());
    set("x-frame-options", "Deny".to_owned());
    set("x-content-type-options", "nosniff".to_owned());
    set("referrer-policy", "no-referrer".to_owned());
    response
}

/// The caller's correlation id, cleaned up, or a fresh one.
fn correlation_id(headers: &HeaderMap) -> String {
    let given = headers
        .get(CORRELATION_ID)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().replace(['\r', '\n'], ""))
        .filter(|value| !value.is_empty());
    match given {
        Some(value) => value.chars().take(MAX_CORRELATION_ID_LENGTH).collect(),
        None => format!("{:032x}", rand::random::<u128>()),
    }
}
