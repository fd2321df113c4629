//! One event per request on the target `backbone_gateway::access`. Only what identifies the request's
//! route and outcome: never headers (the bearer token), query strings (token passwords) or bodies.

use std::net::IpAddr;
use std::time::Duration;

use http::Method;

/// The tracing target of access-log events, for filters (`backbone_gateway::access=info`).
pub const TARGET: &str = "backbone_gateway::access";

/// Paths longer than this are cut in the log: they are attacks or mistakes, and could flood it.
const MAX_LOGGED_PATH: usize = 256;

pub(crate) struct AccessRecord<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub route: &'a str,
    pub status: u16,
    pub duration: Duration,
    pub upstream: Option<&'a str>,
    pub attempts: usize,
    pub client_ip: IpAddr,
}

pub(crate) fn record(entry: &AccessRecord<'_>) {
    let path = match entry.path.char_indices().nth(MAX_LOGGED_PATH) {
        Some((cut, _)) => &entry.path[..cut],
        None => entry.path,
    };
    tracing::info!(
        target: TARGET,
        method = %entry.method,
        path,
        route = entry.route,
        status = entry.status,
        duration_ms = entry.duration.as_secs_f64() * 1000.0,
        upstream = entry.upstream.unwrap_or("-"),
        attempts = entry.attempts,
        client_ip = %entry.client_ip,
        "request"
    );
}
