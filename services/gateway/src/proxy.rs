//! The request path: who may send it, whether it may go anywhere, and forwarding it to an instance
//! (retrying on another one when that is safe).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::request::Parts;
use http::uri::PathAndQuery;
use http::{Method, Request, Response, Uri};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::{Body, Incoming};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::access_log::{self, AccessRecord};
use crate::balance::{Lease, Pool};
use crate::body::{Claim, Counted, Leased, ProxyBody, Reclaimable, empty, full};
use crate::config::GatewayConfig;
use crate::limits::{Blocklist, RateLimiter, client_id_from_bearer, client_id_from_token_request};
use crate::metrics::{Limit, Metrics};
use crate::reject::Rejection;
use crate::routes::AllowList;

/// The token endpoint, whose form body names the OAuth client.
const TOKEN_PATH: &str = "/connect/token";
/// A token request is a handful of form fields; anything larger is not one.
const TOKEN_FORM_LIMIT: usize = 16 * 1024;
/// How long reading a token request's form may take: it is buffered, so a trickling client must not hold
/// it open.
const TOKEN_FORM_TIMEOUT: Duration = Duration::from_secs(10);

static X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
static X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
static X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
static X_REAL_IP: HeaderName = HeaderName::from_static("x-real-ip");
static KEEP_ALIVE: HeaderName = HeaderName::from_static("keep-alive");
static PROXY_CONNECTION: HeaderName = HeaderName::from_static("proxy-connection");

pub(crate) struct Proxy {
    allow_list: AllowList,
    pool: Arc<Pool>,
    metrics: Arc<Metrics>,
    client: Client<HttpConnector, Reclaimable>,
    blocklist: Blocklist,
    per_ip: RateLimiter<IpAddr>,
    per_client: RateLimiter<String>,
    max_body_bytes: u64,
    max_attempts: usize,
}

/// What handling a request learned, for the access log and metrics.
#[derive(Default)]
struct Trace<'a> {
    route: Option<&'a str>,
    upstream: Option<String>,
    attempts: usize,
}

/// The request body as far as retries are concerned.
enum Outgoing {
    /// Empty or buffered: can be sent again.
    Bytes(Bytes),
    /// Streamed from the client: can be sent again only if no instance read any of it.
    Stream(Option<ProxyBody>),
}

impl Outgoing {
    fn take(&mut self) -> Option<ProxyBody> {
        match self {
            Self::Bytes(bytes) if bytes.is_empty() => Some(empty()),
            Self::Bytes(bytes) => Some(full(bytes.clone())),
            Self::Stream(body) => body.take(),
        }
    }

    fn put_back(&mut self, claim: Claim) {
        if let Self::Stream(body) = self {
            *body = claim.reclaim();
        }
    }

    fn is_available(&self) -> bool {
        match self {
            Self::Bytes(_) => true,
            Self::Stream(body) => body.is_some(),
        }
    }
}

impl Proxy {
    pub fn new(
        config: &GatewayConfig,
        allow_list: AllowList,
        pool: Arc<Pool>,
        metrics: Arc<Metrics>,
        blocklist: Blocklist,
    ) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(Duration::from_millis(config.connect_timeout_ms)));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_timer(TokioTimer::new())
            .build(connector);
        Self {
            allow_list,
            pool,
            metrics,
            client,
            blocklist,
            per_ip: RateLimiter::new(&config.rate_limits.per_ip),
            per_client: RateLimiter::new(&config.rate_limits.per_client),
            max_body_bytes: config.max_body_bytes,
            max_attempts: usize::try_from(config.max_attempts).unwrap_or(usize::MAX),
        }
    }

    /// Answers one request from `peer`: the gateway's own rejection or an instance's response.
    pub async fn handle(&self, request: Request<Incoming>, peer: SocketAddr) -> Response<ProxyBody> {
        let started = Instant::now();
        // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
        let client_ip = peer.ip().to_canonical();
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let mut trace = Trace::default();
        let response =
            self.process(request, client_ip, &mut trace).await.unwrap_or_else(Rejection::into_response);
        let duration = started.elapsed();
        let route = trace.route.unwrap_or("unmatched");
        let status = response.status().as_u16();
        self.metrics.request(route, status, duration);
        access_log::record(&AccessRecord {
            method: &method,
            path: &path,
            route,
            status,
            duration,
            upstream: trace.upstream.as_deref(),
            attempts: trace.attempts,
            client_ip,
        });
        response
    }

    async fn process<'a>(
        &'a self,
        request: Request<Incoming>,
        client_ip: IpAddr,
        trace: &mut Trace<'a>,
    ) -> Result<Response<ProxyBody>, Rejection> {
        if self.blocklist.contains(client_ip) {
            return Err(Rejection::Forbidden);
        }
        // Before the allow-list, so that scanning for routes is limited too.
        if let Err(retry_after) = self.per_ip.check(client_ip, Instant::now()) {
            self.metrics.rate_limited(Limit::Ip);
            return Err(Rejection::TooManyRequests(retry_after));
        }
        let Some(route) = self.allow_list.matches(request.uri().path()) else {
            return Err(Rejection::NotFound);
        };
        trace.route = Some(route);
        if content_length(request.headers()).is_some_and(|length| length > self.max_body_bytes) {
            return Err(Rejection::TooLarge);
        }

        let (parts, body) = request.into_parts();
        let authorization = parts.headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
        let exceeded = Arc::new(AtomicBool::new(false));
        let (client_id, outgoing) = if is_token_request(&parts) {
            let form = read_form(body).await?;
            (client_id_from_token_request(authorization, &form), Outgoing::Bytes(form))
        } else {
            let outgoing = if body.is_end_stream() {
                Outgoing::Bytes(Bytes::new())
            } else {
                Outgoing::Stream(Some(
                    Counted::new(body, self.max_body_bytes, exceeded.clone()).boxed_unsync(),
                ))
            };
            (authorization.and_then(client_id_from_bearer), outgoing)
        };
        if let Some(client_id) = client_id
            && let Err(retry_after) = self.per_client.check(client_id, Instant::now())
        {
            self.metrics.rate_limited(Limit::Client);
            return Err(Rejection::TooManyRequests(retry_after));
        }
        self.forward(parts, outgoing, client_ip, &exceeded, trace).await
    }

    async fn forward(
        &self,
        parts: Parts,
        mut outgoing: Outgoing,
        client_ip: IpAddr,
        exceeded: &AtomicBool,
        trace: &mut Trace<'_>,
    ) -> Result<Response<ProxyBody>, Rejection> {
        let idempotent = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        let headers = upstream_headers(&parts, client_ip);
        let path_and_query = parts.uri.path_and_query().map_or("/", PathAndQuery::as_str);
        let mut tried = Vec::new();
        loop {
            let Some(lease) = self.pool.pick(&tried) else {
                return Err(if tried.is_empty() { Rejection::NoUpstream } else { Rejection::BadGateway });
            };
            let upstream = lease.member().upstream.clone();
            tried.push(upstream.addr);
            trace.upstream = Some(upstream.name.clone());
            trace.attempts = tried.len();
            let body = outgoing.take().ok_or(Rejection::BadGateway)?;
            let (body, claim) = Reclaimable::new(body);
            let uri = Uri::builder()
                .scheme("http")
                .authority(upstream.addr.to_string())
                .path_and_query(path_and_query)
                .build()
                .map_err(|_| Rejection::BadRequest)?;
            let mut request = Request::new(body);
            *request.method_mut() = parts.method.clone();
            *request.uri_mut() = uri;
            *request.headers_mut() = headers.clone();

            let error = match self.client.request(request).await {
                Ok(response) => return Ok(downstream_response(response, lease)),
                Err(error) => error,
            };
            if exceeded.load(Ordering::Relaxed) {
                return Err(Rejection::TooLarge);
            }
            // Connecting failed: the request never reached the instance, so any request may go elsewhere.
            // Otherwise it may have been processed: only idempotent ones are sent again.
            let never_arrived = error.is_connect();
            if never_arrived {
                lease.member().mark_down();
            }
            self.metrics.upstream_failure(&upstream.name, upstream.addr);
            outgoing.put_back(claim);
            let retry =
                tried.len() < self.max_attempts && (idempotent || never_arrived) && outgoing.is_available();
            tracing::warn!(
                upstream = %upstream.name,
                addr = %upstream.addr,
                error = %error_chain(&error),
                retry,
                "forwarding failed"
            );
            if !retry {
                return Err(Rejection::BadGateway);
            }
            self.metrics.retry();
        }
    }
}

fn is_token_request(parts: &Parts) -> bool {
    parts.method == Method::POST && parts.uri.path().eq_ignore_ascii_case(TOKEN_PATH)
}

async fn read_form(body: Incoming) -> Result<Bytes, Rejection> {
    match tokio::time::timeout(TOKEN_FORM_TIMEOUT, Limited::new(body, TOKEN_FORM_LIMIT).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.is::<LengthLimitError>() => Err(Rejection::TooLarge),
        Ok(Err(_)) | Err(_) => Err(Rejection::BadRequest),
    }
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// The headers sent to the instance: the client's, without hop-by-hop ones and without any forwarding
/// headers the client made up, plus ours. The gateway is the edge, so it trusts no incoming
/// `X-Forwarded-*` or `Forwarded`.
fn upstream_headers(parts: &Parts, client_ip: IpAddr) -> HeaderMap {
    // HTTP/2 clients send the host as the URI's authority, HTTP/1.1 ones as `Host`.
    let host =
        parts.uri.authority().map(|authority| authority.as_str().to_owned()).or_else(|| {
            parts.headers.get(header::HOST).and_then(|host| host.to_str().ok()).map(str::to_owned)
        });
    let mut headers = parts.headers.clone();
    remove_hop_by_hop(&mut headers);
    for name in [
        &header::HOST,
        &header::FORWARDED,
        &X_FORWARDED_FOR,
        &X_FORWARDED_PROTO,
        &X_FORWARDED_HOST,
        &X_REAL_IP,
    ] {
        headers.remove(name);
    }
    // The gateway does not wait for `100 Continue` from the instance; the client got its own.
    headers.remove(header::EXPECT);

    let ip = client_ip.to_string();
    let node = if client_ip.is_ipv6() { format!("\"[{ip}]\"") } else { ip.clone() };
    let mut forwarded = format!("for={node};proto=https");
    if let Some(host) = host.as_deref().and_then(|host| HeaderValue::from_str(host).ok()) {
        if let Ok(host_text) = host.to_str() {
            forwarded.push_str(&format!(";host=\"{}\"", host_text.replace(['"', '\\'], "")));
        }
        headers.insert(header::HOST, host.clone());
        headers.insert(X_FORWARDED_HOST.clone(), host);
    }
    if let Ok(value) = HeaderValue::from_str(&ip) {
        headers.insert(X_FORWARDED_FOR.clone(), value);
    }
    headers.insert(X_FORWARDED_PROTO.clone(), HeaderValue::from_static("https"));
    if let Ok(value) = HeaderValue::from_str(&forwarded) {
        headers.insert(header::FORWARDED, value);
    }
    headers
}

/// Removes the headers that describe one connection rather than the message (RFC 9110 §7.6.1), including
/// those the `Connection` header names.
fn remove_hop_by_hop(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    for name in named {
        headers.remove(name);
    }
    for name in [
        &header::CONNECTION,
        &KEEP_ALIVE,
        &PROXY_CONNECTION,
        &header::PROXY_AUTHENTICATE,
        &header::PROXY_AUTHORIZATION,
        &header::TE,
        &header::TRAILER,
        &header::TRANSFER_ENCODING,
        &header::UPGRADE,
    ] {
        headers.remove(name);
    }
}

/// The instance's response as the client gets it: streamed frame by frame (event streams flow event by
/// event), holding the instance's lease until it ends.
fn downstream_response(response: Response<Incoming>, lease: Lease) -> Response<ProxyBody> {
    let (mut parts, body) = response.into_parts();
    remove_hop_by_hop(&mut parts.headers);
    Response::from_parts(parts, Leased::new(body, lease).boxed_unsync())
}

/// An error with its causes: hyper's own messages are terse ("client error (Connect)").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(request: Request<()>) -> Parts {
        request.into_parts().0
    }

    #[test]
    fn forwarding_headers_replace_what_the_client_sent() {
        let request = Request::post("/api/v2/Messages")
            .header(header::HOST, "example.org")
            .header("x-forwarded-for", "1.2.3.4")
            .header("forwarded", "for=1.2.3.4")
            .header(header::CONNECTION, "keep-alive, x-hop")
            .header("x-hop", "1")
            .header(header::TRANSFER_ENCODING, "chunked")
            .header(header::AUTHORIZATION, "Bearer t")
            .body(())
            .unwrap();
        let headers = upstream_headers(&parts(request), "203.0.113.9".parse().unwrap());
        assert_eq!(headers["x-forwarded-for"], "203.0.113.9");
        assert_eq!(headers["x-forwarded-proto"], "https");
        assert_eq!(headers["x-forwarded-host"], "example.org");
        assert_eq!(headers[header::HOST], "example.org");
        assert_eq!(headers["forwarded"], "for=203.0.113.9;proto=https;host=\"example.org\"");
        assert_eq!(headers[header::AUTHORIZATION], "Bearer t");
        for gone in ["x-hop", "connection", "transfer-encoding"] {
            assert!(!headers.contains_key(gone), "{gone}");
        }
    }

    #[test]
    fn ipv6_clients_are_quoted_and_http2_hosts_come_from_the_authority() {
        let request = Request::get("https://localhost:8443/api/v2/Version").body(()).unwrap();
        let headers = upstream_headers(&parts(request), "::1".parse().unwrap());
        assert_eq!(headers["forwarded"], "for=\"[::1]\";proto=https;host=\"localhost:8443\"");
        assert_eq!(headers[header::HOST], "localhost:8443");
    }

    #[test]
    fn token_requests_are_recognised_in_any_case() {
        assert!(is_token_request(&parts(Request::post("/Connect/Token").body(()).unwrap())));
        assert!(!is_token_request(&parts(Request::get("/connect/token").body(()).unwrap())));
    }
}
