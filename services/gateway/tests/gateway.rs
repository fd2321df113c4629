//! The gateway over real TLS in front of fake Consumer API instances (axum on 127.0.0.1:0).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use backbone_gateway::{AllowList, Gateway, GatewayConfig, RateLimit, Upstream, tls, upstreams};
use base64::Engine;
use futures_util::StreamExt;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc, watch};
use tokio::task::{JoinHandle, JoinSet};
use tokio_util::sync::CancellationToken;

// ---------------------------------------------------------------------------------------------------
// A fake Consumer API instance

#[derive(Clone)]
struct Upstate {
    name: String,
    ready: Arc<AtomicBool>,
    echo_completed: Arc<AtomicUsize>,
    bytes_received: Arc<AtomicU64>,
    slow_started: Arc<AtomicUsize>,
    sse_gate: Arc<Notify>,
}

struct FakeUpstream {
    state: Upstate,
    addr: SocketAddr,
    /// Requests that reached it, health checks excepted.
    hits: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl FakeUpstream {
    async fn start(name: &str) -> Self {
        let state = Upstate {
            name: name.to_owned(),
            ready: Arc::new(AtomicBool::new(true)),
            echo_completed: Arc::default(),
            bytes_received: Arc::default(),
            slow_started: Arc::default(),
            sse_gate: Arc::new(Notify::new()),
        };
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        let router = Router::new()
            .route("/health/ready", get(ready))
            .route("/api/v2/whoami", get(whoami))
            .route("/secret", get(whoami))
            .route("/api/v2/headers", get(headers))
            .route("/api/v2/slow", get(slow))
            .route("/api/v2/slowpost", post(slow_post))
            .route("/api/v2/sse", get(sse))
            .route("/api/v2/Echo", post(echo))
            .route("/api/v2/Relationships/{id}/Accept", put(whoami))
            .route("/connect/token", post(token))
            .fallback(|| async { (StatusCode::NOT_FOUND, "upstream 404") })
            .layer(middleware::from_fn(move |request: Request, next: Next| {
                let counted = counted.clone();
                async move {
                    if request.uri().path() != "/health/ready" {
                        counted.fetch_add(1, Ordering::SeqCst);
                    }
                    next.run(request).await
                }
            }))
            .with_state(state.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(serve_fake(listener, router));
        Self { state, addr, hits, task }
    }

    fn upstream(&self) -> Upstream {
        Upstream::new(self.state.name.clone(), self.addr)
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    fn set_ready(&self, ready: bool) {
        self.state.ready.store(ready, Ordering::SeqCst);
    }

    /// Like SIGKILL: the listener and every open connection go at once.
    fn kill(&self) {
        self.task.abort();
    }
}

/// Serves like `axum::serve`, but owns its connections, so that aborting the task closes them too.
async fn serve_fake(listener: TcpListener, router: Router) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let service = TowerToHyperService::new(router.clone());
                connections.spawn(async move {
                    let builder = auto::Builder::new(TokioExecutor::new());
                    let _ = builder.serve_connection(TokioIo::new(stream), service).await;
                });
            }
            Some(_) = connections.join_next() => {}
        }
    }
}

async fn ready(State(state): State<Upstate>) -> StatusCode {
    if state.ready.load(Ordering::SeqCst) { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }
}

async fn whoami(State(state): State<Upstate>) -> String {
    state.name
}

async fn headers(headers: HeaderMap) -> axum::Json<BTreeMap<String, String>> {
    axum::Json(
        headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or("?").to_owned()))
            .collect(),
    )
}

async fn slow(State(state): State<Upstate>) -> String {
    state.slow_started.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(2)).await;
    state.name
}

async fn slow_post(State(state): State<Upstate>, body: Bytes) -> String {
    state.slow_started.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(2)).await;
    format!("{} {}", state.name, body.len())
}

/// Answers `<name> <bytes>` once the whole body arrived, counting bytes as they come.
async fn echo(State(state): State<Upstate>, body: Body) -> Result<String, StatusCode> {
    let mut stream = body.into_data_stream();
    let mut total = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST)?;
        total += chunk.len() as u64;
        state.bytes_received.fetch_add(chunk.len() as u64, Ordering::SeqCst);
    }
    state.echo_completed.fetch_add(1, Ordering::SeqCst);
    Ok(format!("{} {total}", state.name))
}

async fn token(State(state): State<Upstate>, body: Bytes) -> String {
    format!("{} {}", state.name, String::from_utf8_lossy(&body))
}

/// Two events; the second only after the test opens the gate.
async fn sse(State(state): State<Upstate>) -> Response {
    let gate = state.sse_gate.clone();
    let events = futures_util::stream::unfold(0, move |step| {
        let gate = gate.clone();
        async move {
            match step {
                0 => Some((Ok::<_, Infallible>(Bytes::from_static(b"data: one\n\n")), 1)),
                1 => {
                    gate.notified().await;
                    Some((Ok(Bytes::from_static(b"data: two\n\n")), 2))
                }
                _ => None,
            }
        }
    });
    ([(header::CONTENT_TYPE, "text/event-stream")], Body::from_stream(events)).into_response()
}

// ---------------------------------------------------------------------------------------------------
// The gateway under test

struct TestGateway {
    port: u16,
    admin: String,
    cert_pem: Vec<u8>,
    upstreams: watch::Sender<Vec<Upstream>>,
    shutdown: CancellationToken,
    served: JoinHandle<()>,
    _dir: tempfile::TempDir,
}

fn allow_list() -> AllowList {
    [
        "/api/v2/whoami",
        "/api/v2/headers",
        "/api/v2/slow",
        "/api/v2/slowpost",
        "/api/v2/sse",
        "/api/v2/Echo",
        "/api/v2/Relationships/{id}/Accept",
        "/connect/token",
    ]
    .into_iter()
    .try_fold(AllowList::new(), |list, template| list.template(template))
    .and_then(|list| list.prefix("/docs/"))
    .unwrap()
}

fn test_config(dir: &std::path::Path) -> GatewayConfig {
    let files = tls::generate_self_signed(dir).unwrap();
    let mut config = GatewayConfig {
        listen: "127.0.0.1:0".into(),
        admin_listen: "127.0.0.1:0".into(),
        health_check_interval_ms: 100,
        health_check_timeout_ms: 500,
        ..GatewayConfig::default()
    };
    config.tls.cert_file = Some(files.cert_file);
    config.tls.key_file = Some(files.key_file);
    // Off unless a test is about them: every request comes from 127.0.0.1.
    config.rate_limits.per_ip = RateLimit { rate_per_second: 0.0, burst: 1 };
    config.rate_limits.per_client = RateLimit { rate_per_second: 0.0, burst: 1 };
    config
}

impl TestGateway {
    async fn start(upstreams: &[&FakeUpstream], configure: impl FnOnce(&mut GatewayConfig)) -> Self {
        let (sender, receiver) =
            watch::channel(upstreams.iter().map(|upstream| upstream.upstream()).collect());
        Self::start_with(receiver, sender, configure).await
    }

    async fn start_with(
        receiver: watch::Receiver<Vec<Upstream>>,
        sender: watch::Sender<Vec<Upstream>>,
        configure: impl FnOnce(&mut GatewayConfig),
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = test_config(dir.path());
        configure(&mut config);
        let cert_pem = std::fs::read(config.tls.cert_file.as_ref().unwrap()).unwrap();
        let running = Gateway::start(&config, allow_list(), receiver).await.unwrap();
        let port = running.public_addrs()[0].port();
        assert_eq!(running.public_url(), format!("https://localhost:{port}"));
        let admin = format!("http://{}", running.admin_addrs()[0]);
        let shutdown = CancellationToken::new();
        let served = tokio::spawn(running.serve(shutdown.clone()));
        let gateway = Self { port, admin, cert_pem, upstreams: sender, shutdown, served, _dir: dir };
        gateway.wait_ready(gateway.upstreams.borrow().len()).await;
        gateway
    }

    fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }

    fn client_builder(&self) -> reqwest::ClientBuilder {
        let cert = reqwest::Certificate::from_pem(&self.cert_pem).unwrap();
        reqwest::Client::builder().tls_certs_only([cert]).timeout(Duration::from_secs(20))
    }

    fn client(&self) -> reqwest::Client {
        self.client_builder().build().unwrap()
    }

    /// A client whose connections come from `ip` (any 127.x address reaches the loopback listener).
    fn client_from(&self, ip: &str) -> reqwest::Client {
        self.client_builder().local_address(ip.parse::<IpAddr>().unwrap()).build().unwrap()
    }

    async fn health(&self) -> serde_json::Value {
        reqwest::get(format!("{}/health", self.admin)).await.unwrap().json().await.unwrap()
    }

    async fn metrics(&self) -> String {
        reqwest::get(format!("{}/metrics", self.admin)).await.unwrap().text().await.unwrap()
    }

    async fn wait_ready(&self, count: usize) {
        eventually("upstreams ready", || async { self.health().await["upstreams"]["ready"] == count }).await;
    }

    async fn stop(self) {
        self.shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(10), self.served).await.unwrap().unwrap();
    }
}

async fn eventually<F, Fut>(what: &str, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..100 {
        if condition().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn get_text(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let response = client.get(url).send().await.unwrap();
    let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
    (status, response.text().await.unwrap())
}

async fn error_code(response: reqwest::Response) -> String {
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json; charset=utf-8");
    let json: serde_json::Value = response.json().await.unwrap();
    assert!(json["error"]["id"].as_str().unwrap().starts_with("ERR"), "{json}");
    json["error"]["code"].as_str().unwrap().to_owned()
}

fn bearer(client_id: &str, marker: &str) -> String {
    let encode = |json: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(&json).unwrap())
    };
    let header = encode(serde_json::json!({"alg": "HS256", "typ": "JWT"}));
    let claims = encode(serde_json::json!({"client_id": client_id, "sub": marker}));
    format!("Bearer {header}.{claims}.c2lnbmF0dXJl")
}

// ---------------------------------------------------------------------------------------------------
// Tests

#[tokio::test]
async fn requests_reach_upstreams_over_tls_and_are_balanced() {
    let a = FakeUpstream::start("a").await;
    let b = FakeUpstream::start("b").await;
    let gateway = TestGateway::start(&[&a, &b], |_| {}).await;
    let client = gateway.client();

    let mut names = BTreeMap::<String, usize>::new();
    for _ in 0..10 {
        let (status, name) = get_text(&client, &gateway.url("/api/v2/whoami")).await;
        assert_eq!(status, StatusCode::OK);
        *names.entry(name).or_default() += 1;
    }
    // Sequential requests alternate (ties in turn); allow for a response whose lease ends a little late.
    assert!(names.get("a").is_some_and(|count| *count >= 3), "{names:?}");
    assert!(names.get("b").is_some_and(|count| *count >= 3), "{names:?}");

    // The certificate is valid for localhost too; HTTP/2 is negotiated.
    let by_name = gateway
        .client_builder()
        .resolve("localhost", SocketAddr::from(([127, 0, 0, 1], gateway.port)))
        .build()
        .unwrap()
        .get(format!("https://localhost:{}/api/v2/whoami", gateway.port))
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.status(), 200);
    assert_eq!(by_name.version(), reqwest::Version::HTTP_2);

    // Path templates match case-insensitively, parameters one segment.
    let accepted = client.put(gateway.url("/api/v2/Relationships/REL1/Accept")).send().await.unwrap();
    assert_eq!(accepted.status(), 200);

    let metrics = gateway.metrics().await;
    assert!(
        metrics.contains(r#"backbone_gateway_requests_total{route="/api/v2/whoami",status_class="2xx"} 11"#),
        "{metrics}"
    );
    assert!(metrics.contains("backbone_gateway_upstream_ready{upstream=\"a\""), "{metrics}");
    gateway.stop().await;
}

#[tokio::test]
async fn forwarding_headers_are_set_and_hop_by_hop_ones_removed() {
    let a = FakeUpstream::start("a").await;
    let gateway = TestGateway::start(&[&a], |_| {}).await;
    // HTTP/1.1, which has connection-level headers to remove.
    let client = gateway.client_builder().http1_only().build().unwrap();
    let response = client
        .get(gateway.url("/api/v2/headers?x=1"))
        .header("x-forwarded-for", "6.6.6.6")
        .header("forwarded", "for=6.6.6.6")
        .header(header::CONNECTION, "x-hop")
        .header("x-hop", "secret")
        .header("x-end-to-end", "kept")
        .send()
        .await
        .unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_11);
    let seen: BTreeMap<String, String> = response.json().await.unwrap();
    assert_eq!(seen["x-forwarded-for"], "127.0.0.1");
    assert_eq!(seen["x-forwarded-proto"], "https");
    let host = format!("127.0.0.1:{}", gateway.port);
    assert_eq!(seen["host"], host);
    assert_eq!(seen["forwarded"], format!("for=127.0.0.1;proto=https;host=\"{host}\""));
    assert_eq!(seen["x-end-to-end"], "kept");
    assert!(!seen.contains_key("x-hop"), "{seen:?}");
    gateway.stop().await;
}

#[tokio::test]
async fn unknown_routes_get_404_from_the_gateway() {
    let a = FakeUpstream::start("a").await;
    let gateway = TestGateway::start(&[&a], |_| {}).await;
    let client = gateway.client();
    for path in [
        "/secret",
        "/api/v2/whoami/extra",
        "/api/v2/Relationships/REL1/Reject",
        "/docs/../secret",
        "/docs/%2e%2e/secret",
        "/",
    ] {
        let response = client.get(gateway.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(error_code(response).await, "error.platform.recordNotFound");
    }
    assert_eq!(a.hits(), 0, "an unknown route reached the upstream");

    // A prefix lets anything below it through (the fake answers 404 itself, in plain text).
    let (status, body) = get_text(&client, &gateway.url("/docs/index.html")).await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, "upstream 404"));
    assert_eq!(a.hits(), 1);
    gateway.stop().await;
}

#[tokio::test]
async fn oversize_bodies_get_413_and_large_uploads_stream() {
    const MIB: usize = 1024 * 1024;
    let a = FakeUpstream::start("a").await;
    let gateway = TestGateway::start(&[&a], |config| config.max_body_bytes = MIB as u64).await;
    let client = gateway.client();

    // Declared too large: rejected before anything is forwarded.
    let response = client.post(gateway.url("/api/v2/Echo")).body(vec![0u8; 2 * MIB]).send().await.unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(error_code(response).await, "error.platform.requestBodyTooLarge");
    assert_eq!(a.hits(), 0);

    // Streamed without a length: cut off once over the limit; the upstream never gets the whole body.
    let chunks = futures_util::stream::iter((0..32).map(|_| Ok::<_, std::io::Error>(vec![1u8; 64 * 1024])));
    let response = client
        .post(gateway.url("/api/v2/Echo"))
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(error_code(response).await, "error.platform.requestBodyTooLarge");
    assert_eq!(a.state.echo_completed.load(Ordering::SeqCst), 0);
    gateway.stop().await;

    // 15 MiB under the default limit flow through while being sent: the upstream has the first MiB
    // before the client sends the rest.
    let gateway = TestGateway::start(&[&a], |_| {}).await;
    let before = a.state.bytes_received.load(Ordering::SeqCst);
    let (sender, receiver) = mpsc::channel::<Vec<u8>>(4);
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (Ok::<_, std::io::Error>(chunk), receiver))
    });
    let request = gateway
        .client()
        .post(gateway.url("/api/v2/Echo"))
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
        .body(reqwest::Body::wrap_stream(stream))
        .send();
    let upload = tokio::spawn(request);
    sender.send(vec![2u8; MIB]).await.unwrap();
    let received = || a.state.bytes_received.load(Ordering::SeqCst) - before;
    eventually("the first MiB upstream", || async { received() >= MIB as u64 }).await;
    for _ in 0..14 {
        sender.send(vec![3u8; MIB]).await.unwrap();
    }
    drop(sender);
    let response = upload.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), format!("a {}", 15 * MIB));
    gateway.stop().await;
}

#[tokio::test]
async fn rate_limits_apply_per_ip_and_per_oauth_client() {
    let a = FakeUpstream::start("a").await;
    let gateway = TestGateway::start(&[&a], |config| {
        config.rate_limits.per_ip = RateLimit { rate_per_second: 0.2, burst: 3 };
    })
    .await;
    let local = gateway.client();
    for _ in 0..3 {
        assert_eq!(local.get(gateway.url("/api/v2/whoami")).send().await.unwrap().status(), 200);
    }
    let limited = local.get(gateway.url("/api/v2/whoami")).send().await.unwrap();
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=5).contains(&retry_after), "{retry_after}");
    assert_eq!(error_code(limited).await, "error.platform.tooManyRequests");
    // Unknown routes count against the IP too, and are still not forwarded.
    assert_eq!(local.get(gateway.url("/nope")).send().await.unwrap().status(), 429);
    assert_eq!(a.hits(), 3);

    let other = gateway.client_from("127.0.0.2");
    assert_eq!(other.get(gateway.url("/api/v2/whoami")).send().await.unwrap().status(), 200);
    assert!(gateway.metrics().await.contains(r#"backbone_gateway_rate_limited_total{limit="ip"} 2"#));
    gateway.stop().await;

    let gateway = TestGateway::start(&[&a], |config| {
        config.rate_limits.per_client = RateLimit { rate_per_second: 0.2, burst: 2 };
    })
    .await;
    let client = gateway.client();
    let as_client = |client_id: &str| {
        client.get(gateway.url("/api/v2/whoami")).header(header::AUTHORIZATION, bearer(client_id, "x")).send()
    };
    assert_eq!(as_client("alpha").await.unwrap().status(), 200);
    assert_eq!(as_client("alpha").await.unwrap().status(), 200);
    let limited = as_client("alpha").await.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(as_client("beta").await.unwrap().status(), 200);

    // The token endpoint counts by the form's client_id, and forwards the form it buffered intact.
    let token = |client_id: &str| {
        client
            .post(gateway.url("/connect/token"))
            .form(&[("grant_type", "password"), ("client_id", client_id), ("username", "u")])
            .send()
    };
    assert_eq!(token("alpha").await.unwrap().status(), 429);
    let accepted = token("gamma").await.unwrap();
    assert_eq!(accepted.status(), 200);
    assert_eq!(accepted.text().await.unwrap(), "a grant_type=password&client_id=gamma&username=u");
    assert!(gateway.metrics().await.contains(r#"backbone_gateway_rate_limited_total{limit="client"} 2"#));
    gateway.stop().await;
}

#[tokio::test]
async fn blocked_addresses_get_403_before_anything_else() {
    let a = FakeUpstream::start("a").await;
    let gateway =
        TestGateway::start(&[&a], |config| config.blocked = vec!["127.0.0.3".into(), "10.0.0.0/8".into()])
            .await;
    let blocked = gateway.client_from("127.0.0.3");
    for path in ["/api/v2/whoami", "/unknown"] {
        let response = blocked.get(gateway.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 403, "{path}");
        assert_eq!(error_code(response).await, "error.platform.forbidden");
    }
    assert_eq!(a.hits(), 0);
    assert_eq!(gateway.client().get(gateway.url("/api/v2/whoami")).send().await.unwrap().status(), 200);
    gateway.stop().await;
}

#[tokio::test]
async fn unready_upstreams_get_no_requests_until_ready_again() {
    let a = FakeUpstream::start("a").await;
    let b = FakeUpstream::start("b").await;
    let gateway = TestGateway::start(&[&a, &b], |_| {}).await;
    let client = gateway.client();

    a.set_ready(false);
    gateway.wait_ready(1).await;
    let hits = a.hits();
    for _ in 0..10 {
        assert_eq!(get_text(&client, &gateway.url("/api/v2/whoami")).await.1, "b");
    }
    assert_eq!(a.hits(), hits);

    a.set_ready(true);
    gateway.wait_ready(2).await;
    eventually("a to get requests again", || async {
        get_text(&client, &gateway.url("/api/v2/whoami")).await.1 == "a"
    })
    .await;

    // None ready: 503 from the gateway.
    a.set_ready(false);
    b.set_ready(false);
    gateway.wait_ready(0).await;
    let response = client.get(gateway.url("/api/v2/whoami")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(error_code(response).await, "error.platform.serviceUnavailable");
    gateway.stop().await;
}

#[tokio::test]
async fn a_killed_upstream_fails_no_get() {
    let a = FakeUpstream::start("a").await;
    let b = FakeUpstream::start("b").await;
    // Active checks far apart: only retries and passive checks can save these requests.
    let gateway = TestGateway::start(&[&a, &b], |config| config.health_check_interval_ms = 60_000).await;
    let client = gateway.client();
    for _ in 0..4 {
        assert_eq!(client.get(gateway.url("/api/v2/whoami")).send().await.unwrap().status(), 200);
    }
    assert!(a.hits() > 0 && b.hits() > 0);

    a.kill();
    for _ in 0..20 {
        let (status, name) = get_text(&client, &gateway.url("/api/v2/whoami")).await;
        assert_eq!((status, name.as_str()), (StatusCode::OK, "b"));
    }
    // Passively marked down by a refused connection, long before the next active check.
    let metrics = gateway.metrics().await;
    let ready =
        metrics.lines().find(|line| line.starts_with("backbone_gateway_upstream_ready{upstream=\"a\""));
    assert!(ready.is_some_and(|line| line.ends_with(" 0")), "{metrics}");
    gateway.stop().await;
}

#[tokio::test]
async fn a_get_in_flight_on_a_dying_upstream_is_retried_elsewhere() {
    let a = FakeUpstream::start("a").await;
    let b = FakeUpstream::start("b").await;
    let gateway = TestGateway::start(&[&a, &b], |config| config.health_check_interval_ms = 60_000).await;
    let request = tokio::spawn(gateway.client().get(gateway.url("/api/v2/slow")).send());
    let started = |upstream: &FakeUpstream| upstream.state.slow_started.load(Ordering::SeqCst) > 0;
    eventually("the slow request to start", || async { started(&a) || started(&b) }).await;
    let (dying, other) = if started(&a) { (&a, &b) } else { (&b, &a) };
    dying.kill();
    let response = request.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), other.state.name);
    gateway.stop().await;
}

#[tokio::test]
async fn a_post_is_retried_only_when_it_never_reached_the_upstream() {
    let a = FakeUpstream::start("a").await;
    let b = FakeUpstream::start("b").await;
    let gateway = TestGateway::start(&[&a, &b], |config| config.health_check_interval_ms = 60_000).await;
    let client = gateway.client();

    // Connection refused: the body was never sent, so it goes to the other instance.
    a.kill();
    tokio::time::sleep(Duration::from_millis(50)).await;
    for _ in 0..2 {
        let response = client.post(gateway.url("/api/v2/Echo")).body(vec![7u8; 4096]).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), "b 4096");
    }
    assert!(gateway.metrics().await.contains("backbone_gateway_retries_total 1"));
    gateway.stop().await;

    // Sent, then the instance died: not replayed anywhere, 502.
    let c = FakeUpstream::start("c").await;
    let d = FakeUpstream::start("d").await;
    let gateway = TestGateway::start(&[&c, &d], |config| config.health_check_interval_ms = 60_000).await;
    let request = tokio::spawn(gateway.client().post(gateway.url("/api/v2/slowpost")).body("once").send());
    let started = |upstream: &FakeUpstream| upstream.state.slow_started.load(Ordering::SeqCst) > 0;
    eventually("the post to arrive", || async { started(&c) || started(&d) }).await;
    let (dying, other) = if started(&c) { (&c, &d) } else { (&d, &c) };
    dying.kill();
    let response = request.await.unwrap().unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(error_code(response).await, "error.platform.badGateway");
    assert_eq!(other.hits(), 0, "the post was replayed");
    gateway.stop().await;
}

#[tokio::test]
async fn server_sent_events_flow_one_by_one() {
    let a = FakeUpstream::start("a").await;
    let gateway = TestGateway::start(&[&a], |_| {}).await;
    let response = gateway.client().get(gateway.url("/api/v2/sse")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut stream = response.bytes_stream();
    let mut received = String::new();
    // The upstream sends the second event only after the gate opens, so the first must arrive alone.
    while !received.contains("data: one\n\n") {
        let chunk =
            tokio::time::timeout(Duration::from_secs(5), stream.next()).await.unwrap().unwrap().unwrap();
        received.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    assert!(!received.contains("two"));
    a.state.sse_gate.notify_one();
    while !received.contains("data: two\n\n") {
        let chunk =
            tokio::time::timeout(Duration::from_secs(5), stream.next()).await.unwrap().unwrap().unwrap();
        received.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    // Then the stream ends cleanly.
    while let Some(rest) = tokio::time::timeout(Duration::from_secs(5), stream.next()).await.unwrap() {
        let rest = rest.unwrap();
        assert!(rest.is_empty(), "unexpected {rest:?}");
    }
    gateway.stop().await;
}

async fn names_served(client: &reqwest::Client, url: &str, count: usize) -> Vec<String> {
    let mut names = Vec::new();
    for _ in 0..count {
        names.push(get_text(client, url).await.1);
    }
    names
}

#[tokio::test]
async fn upstream_changes_through_the_channel_are_followed() {
    let a = FakeUpstream::start("a").await;
    let b = FakeUpstream::start("b").await;
    let gateway = TestGateway::start(&[], |_| {}).await;
    let client = gateway.client();
    let url = gateway.url("/api/v2/whoami");
    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 503);

    gateway.upstreams.send_replace(vec![a.upstream()]);
    gateway.wait_ready(1).await;
    assert_eq!(names_served(&client, &url, 4).await, ["a"; 4]);

    gateway.upstreams.send_replace(vec![a.upstream(), b.upstream()]);
    gateway.wait_ready(2).await;
    let names = names_served(&client, &url, 4).await;
    assert!(names.contains(&"a".to_owned()) && names.contains(&"b".to_owned()), "{names:?}");

    gateway.upstreams.send_replace(vec![b.upstream()]);
    eventually("only b", || async { gateway.health().await["upstreams"]["total"] == 1 }).await;
    assert_eq!(names_served(&client, &url, 4).await, ["b"; 4]);
    gateway.stop().await;
}

#[tokio::test]
async fn upstream_changes_through_the_file_are_followed() {
    let a = FakeUpstream::start("a").await;
    let b = FakeUpstream::start("b").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upstreams.json");
    upstreams::write_file(&path, &[a.upstream()]).unwrap();
    let stop_watching = CancellationToken::new();
    let receiver = upstreams::watch_file(path.clone(), stop_watching.clone()).unwrap();
    assert_eq!(*receiver.borrow(), [a.upstream()]);
    let (unused_sender, _) = watch::channel(Vec::new());
    let gateway = TestGateway::start_with(receiver, unused_sender, |_| {}).await;
    gateway.wait_ready(1).await;
    let client = gateway.client();
    let url = gateway.url("/api/v2/whoami");
    assert_eq!(names_served(&client, &url, 2).await, ["a"; 2]);

    upstreams::write_file(&path, &[b.upstream()]).unwrap();
    eventually("b from the file", || async { get_text(&client, &url).await.1 == "b" }).await;
    assert_eq!(names_served(&client, &url, 4).await, ["b"; 4]);

    // An invalid rewrite keeps the last good set.
    std::fs::File::create(&path).unwrap().write_all(b"{not json").unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(names_served(&client, &url, 2).await, ["b"; 2]);
    stop_watching.cancel();
    gateway.stop().await;
}

/// Everything the process logs, for the one test that reads it.
fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let writer = log.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || Capture(writer.clone()))
            .try_init()
            .ok();
        log
    })
    .clone()
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_access_log_has_one_line_per_request_and_no_secrets() {
    let log = captured_log();
    let a = FakeUpstream::start("a").await;
    let gateway = TestGateway::start(&[&a], |_| {}).await;
    // An address of its own tells this test's lines from other tests' in the same process.
    let client = gateway.client_from("127.0.0.9");
    let token = bearer("wallet", "SECRET-TOKEN-MARKER");
    let response = client
        .get(gateway.url("/api/v2/whoami?password=SECRET-QUERY"))
        .header(header::AUTHORIZATION, &token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = client
        .post(gateway.url("/api/v2/Echo"))
        .header(header::AUTHORIZATION, &token)
        .body("SECRET-BODY")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(client.get(gateway.url("/nope")).send().await.unwrap().status(), 404);
    gateway.stop().await;

    let text = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    let access: Vec<&str> = text
        .lines()
        .filter(|line| {
            line.contains(backbone_gateway::ACCESS_LOG_TARGET) && line.contains("client_ip=127.0.0.9")
        })
        .collect();
    let line = |path: &str| {
        let found: Vec<&&str> =
            access.iter().filter(|line| line.contains(&format!("path=\"{path}\""))).collect();
        assert_eq!(found.len(), 1, "{path}: {access:#?}");
        (*found[0]).to_owned()
    };
    let get = line("/api/v2/whoami");
    for field in ["method=GET", "status=200", "upstream=\"a\"", "duration_ms=", "route=\"/api/v2/whoami\""] {
        assert!(get.contains(field), "{field} missing in {get}");
    }
    assert!(line("/api/v2/Echo").contains("method=POST"));
    let unknown = line("/nope");
    assert!(unknown.contains("status=404") && unknown.contains("upstream=\"-\""), "{unknown}");
    for secret in ["SECRET-TOKEN-MARKER", &token[7..], "SECRET-QUERY", "SECRET-BODY", "Bearer"] {
        assert!(!text.contains(secret), "the log contains {secret}: {text}");
    }
}

#[tokio::test]
async fn shutdown_lets_requests_in_flight_finish_and_refuses_new_ones() {
    let a = FakeUpstream::start("a").await;
    let gateway = TestGateway::start(&[&a], |_| {}).await;
    let client = gateway.client();
    let url = gateway.url("/api/v2/slow");
    let request = tokio::spawn(client.get(&url).send());
    eventually("the slow request to start", || async { a.state.slow_started.load(Ordering::SeqCst) > 0 })
        .await;
    gateway.shutdown.cancel();
    let response = request.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "a");
    let fresh = gateway.client();
    tokio::time::timeout(Duration::from_secs(10), gateway.served).await.unwrap().unwrap();
    assert!(fresh.get(&url).send().await.is_err(), "a stopped gateway still answers");
}
