//! Load generator of tests/bench/gateway.sh: the same request mix against one Consumer API instance
//! directly (plain HTTP/1.1) and through the gateway (HTTPS, HTTP/1.1 and HTTP/2, keep-alive), open loop
//! at a fixed rate (latency) and closed loop at full speed (throughput, the gateway's CPU per request).
//!
//! Usage: gateway-load DIRECT_URL GATEWAY_URL CERT_FILE GATEWAY_PID API_PID
//!
//! The mix alternates `GET /api/v2/Identities/Self` (with the bearer token of an identity onboarded at the
//! start) and `GET /api/v2/Version`. Every response must be 200; anything else is counted per phase and
//! makes the exit status non-zero.
//!
//! Open loop: requests are released on a fixed schedule (RATE a second) whatever the server does, each in
//! its own task, and wait for a free keep-alive connection of a pool (HTTP/1.1: CONNECTIONS of them, one
//! request at a time each; HTTP/2: one connection, multiplexed). Latency is measured from the scheduled
//! time, so a slow server is not hidden by the client waiting for it (coordinated omission); the client's
//! own lateness (a thread sleeping until each scheduled time, then a runtime worker picking the request
//! up) is included and reported separately.
//!
//! Closed loop: CONNECTIONS workers, each sending its next request when the previous one is answered; on
//! HTTP/2 also one connection carrying all CONNECTIONS workers' streams ("h2 mux").
//!
//! Environment (defaults): RATE=500, OPEN_SECONDS=20, FULL_SECONDS=20, WARMUP_SECONDS=3, CONNECTIONS=32,
//! CLIENT_THREADS=2, TARGETS=direct,gateway-h1,gateway-h2,gateway-h2-mux (gateway-h2-mux: closed loop
//! only), ROUNDS=1, PAUSE_SECONDS=2 (between phases), IDLE_AFTER_SECONDS=5 (before the last RSS reading),
//! REQUEST_TIMEOUT_SECONDS=10.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use ed25519_dalek::{Signer, SigningKey};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::client::conn::{http1, http2};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request, Response, Uri};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio_rustls::TlsConnector;

const PASSWORD: &str = "password";
const CLIENT_ID: &str = "test";
const CLIENT_SECRET: &str = "test";
const ROUTES: [&str; 2] = ["Identities/Self", "Version"];

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(value) => value.parse().unwrap_or_else(|_| panic!("{name}={value:?} is not valid")),
        Err(_) => default,
    }
}

struct Config {
    rate: f64,
    open: Duration,
    full: Duration,
    warmup: Duration,
    connections: usize,
    targets: Vec<String>,
    rounds: usize,
    pause: Duration,
    idle_after: Duration,
    timeout: Duration,
    gateway_pid: String,
    api_pid: String,
}

// ---------------------------------------------------------------------------------------------
// Connections.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Proto {
    H1,
    H2,
}

struct Target {
    name: String,
    /// Connections of the closed loop (the open loop uses CONNECTIONS for HTTP/1.1, one for HTTP/2).
    closed_connections: usize,
    addr: SocketAddr,
    authority: String,
    scheme: &'static str,
    tls: Option<(TlsConnector, ServerName<'static>)>,
    proto: Proto,
    /// This target only runs the closed loop.
    closed_only: bool,
}

enum Sender {
    H1(http1::SendRequest<Full<Bytes>>),
    H2(http2::SendRequest<Full<Bytes>>),
}

impl Sender {
    async fn send(&mut self, request: Request<Full<Bytes>>) -> Result<Response<Incoming>, hyper::Error> {
        match self {
            Sender::H1(sender) => {
                sender.ready().await?;
                sender.send_request(request).await
            }
            Sender::H2(sender) => {
                sender.ready().await?;
                sender.send_request(request).await
            }
        }
    }

    /// Another handle on the same HTTP/2 connection.
    fn share(&self) -> Option<Sender> {
        match self {
            Sender::H1(_) => None,
            Sender::H2(sender) => Some(Sender::H2(sender.clone())),
        }
    }
}

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

fn tls_connector(cert_file: &str, alpn: &[u8]) -> TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(cert_file).unwrap_or_else(|e| panic!("{cert_file}: {e}")) {
        roots.add(cert.unwrap_or_else(|e| panic!("{cert_file}: {e}"))).expect("a trust anchor");
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![alpn.to_vec()];
    TlsConnector::from(Arc::new(config))
}

/// `http(s)://host:port` → (address to connect to, host:port); `localhost` is 127.0.0.1.
fn parse_url(url: &str) -> (&'static str, SocketAddr, String, String) {
    let (scheme, rest) = url.split_once("://").unwrap_or_else(|| panic!("not a URL: {url}"));
    let authority = rest.trim_end_matches('/').to_owned();
    let (host, port) = authority.rsplit_once(':').unwrap_or_else(|| panic!("no port in {url}"));
    let port: u16 = port.parse().unwrap();
    let ip = if host == "localhost" { Ipv4Addr::LOCALHOST } else { host.parse().unwrap() };
    let scheme = if scheme == "https" { "https" } else { "http" };
    let host = host.to_owned();
    (scheme, SocketAddr::from((ip, port)), authority, host)
}

async fn connect(target: &Target) -> Result<Sender, String> {
    let tcp = TcpStream::connect(target.addr).await.map_err(|e| format!("connect: {e}"))?;
    tcp.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
    match &target.tls {
        None => handshake(TokioIo::new(tcp), target.proto).await,
        Some((connector, name)) => {
            let tls = connector
                .connect(name.clone(), tcp)
                .await
                .map_err(|e| format!("TLS: {}", error_chain(&e)))?;
            let expected: &[u8] = if target.proto == Proto::H2 { b"h2" } else { b"http/1.1" };
            let alpn = tls.get_ref().1.alpn_protocol();
            if alpn != Some(expected) {
                return Err(format!(
                    "ALPN: asked for {:?}, got {:?}",
                    String::from_utf8_lossy(expected),
                    alpn.map(String::from_utf8_lossy)
                ));
            }
            handshake(TokioIo::new(tls), target.proto).await
        }
    }
}

async fn handshake<I>(io: I, proto: Proto) -> Result<Sender, String>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    match proto {
        Proto::H1 => {
            let (sender, connection) =
                http1::handshake(io).await.map_err(|e| format!("handshake: {}", error_chain(&e)))?;
            tokio::spawn(connection);
            Ok(Sender::H1(sender))
        }
        Proto::H2 => {
            let (sender, connection) = http2::Builder::new(TokioExecutor::new())
                .timer(TokioTimer::new())
                .handshake(io)
                .await
                .map_err(|e| format!("handshake: {}", error_chain(&e)))?;
            tokio::spawn(connection);
            Ok(Sender::H2(sender))
        }
    }
}

/// The two requests of the mix, prepared once.
struct Mix {
    uris: [Uri; 2],
    host: HeaderValue,
    authorization: HeaderValue,
    proto: Proto,
}

impl Mix {
    fn new(target: &Target, token: &str) -> Mix {
        let uri = |path: &str| -> Uri {
            match target.proto {
                Proto::H1 => path.parse().unwrap(),
                Proto::H2 => format!("{}://{}{path}", target.scheme, target.authority).parse().unwrap(),
            }
        };
        Mix {
            uris: [uri("/api/v2/Identities/Self"), uri("/api/v2/Version")],
            host: HeaderValue::from_str(&target.authority).unwrap(),
            authorization: HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
            proto: target.proto,
        }
    }

    fn request(&self, route: usize) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(Bytes::new()));
        *request.uri_mut() = self.uris[route].clone();
        if self.proto == Proto::H1 {
            request.headers_mut().insert(HOST, self.host.clone());
        }
        if route == 0 {
            request.headers_mut().insert(AUTHORIZATION, self.authorization.clone());
        }
        request
    }
}

/// One request and its whole response body.
async fn exchange(
    sender: &mut Sender,
    request: Request<Full<Bytes>>,
    timeout: Duration,
) -> Result<(u16, Bytes), String> {
    let work = async {
        let response = sender.send(request).await.map_err(|e| error_chain(&e))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {}", error_chain(&e)))?
            .to_bytes();
        Ok((status, body))
    };
    tokio::time::timeout(timeout, work)
        .await
        .unwrap_or_else(|_| Err(format!("no response within {timeout:?}")))
}

// ---------------------------------------------------------------------------------------------
// Onboarding.

fn random_key() -> SigningKey {
    let mut bytes = [0u8; 32];
    std::io::Read::read_exact(&mut std::fs::File::open("/dev/urandom").unwrap(), &mut bytes).unwrap();
    SigningKey::from_bytes(&bytes)
}

async fn call(
    target: &Target,
    sender: &mut Sender,
    method: Method,
    path: &str,
    content_type: &str,
    body: String,
) -> (u16, String) {
    let mut request = Request::new(Full::new(Bytes::from(body)));
    *request.method_mut() = method;
    *request.uri_mut() = path.parse().unwrap();
    request.headers_mut().insert(HOST, HeaderValue::from_str(&target.authority).unwrap());
    request.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
    let (status, body) = exchange(sender, request, Duration::from_secs(30)).await.unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn expect(status: u16, expected: u16, body: &str, what: &str) {
    if status != expected {
        eprintln!("{what}: expected {expected}, got {status}: {body}");
        std::process::exit(2);
    }
}

/// Onboards an identity (challenge, Ed25519 proof, `POST /Identities`) and logs its device in, on `target`
/// (plain HTTP/1.1); returns the access token.
async fn onboard(target: &Target) -> String {
    let mut sender = connect(target).await.unwrap_or_else(|e| panic!("{}: {e}", target.name));
    let json = "application/json";
    let (status, body) =
        call(target, &mut sender, Method::POST, "/api/v2/Challenges", json, "{}".into()).await;
    expect(status, 201, &body, "POST /api/v2/Challenges");
    let challenge: Value = serde_json::from_str(&body).unwrap();
    let challenge = &challenge["result"];
    let key = random_key();
    let text =
        json!({"id": challenge["id"], "expiresAt": challenge["expiresAt"], "type": "Identity"}).to_string();
    let signature = json!({"sig": URL_SAFE_NO_PAD.encode(key.sign(text.as_bytes()).to_bytes()), "alg": 2, "@type": "CryptoSignature"});
    let public_key = json!({"pub": URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()), "alg": 3, "@type": "CryptoSignaturePublicKey"});
    let request = json!({
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "identityPublicKey": URL_SAFE_NO_PAD.encode(public_key.to_string()),
        "devicePassword": PASSWORD,
        "identityVersion": 1,
        "signedChallenge": {"challenge": text, "signature": URL_SAFE_NO_PAD.encode(signature.to_string())},
    });
    let (status, body) =
        call(target, &mut sender, Method::POST, "/api/v2/Identities", json, request.to_string()).await;
    expect(status, 201, &body, "POST /api/v2/Identities");
    let created: Value = serde_json::from_str(&body).unwrap();
    let username = created["result"]["device"]["username"].as_str().unwrap().to_owned();
    let form = format!(
        "grant_type=password&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&username={username}&password={PASSWORD}"
    );
    let (status, body) =
        call(target, &mut sender, Method::POST, "/connect/token", "application/x-www-form-urlencoded", form)
            .await;
    expect(status, 200, &body, "POST /connect/token");
    let token: Value = serde_json::from_str(&body).unwrap();
    token["access_token"].as_str().unwrap().to_owned()
}

// ---------------------------------------------------------------------------------------------
// Measurements.

#[derive(Default)]
struct Samples {
    /// Per route, microseconds.
    latency: [Vec<u32>; 2],
    /// Open loop: how late the client released each request (its own timer and scheduling), microseconds.
    lag: Vec<u32>,
    /// Open loop: latency of the successful requests measured from their release instead (without the
    /// client's lateness), microseconds.
    from_release: Vec<u32>,
    /// Completions per second since the phase started (any outcome).
    per_second: Vec<u64>,
    /// Failures by kind, with the first message of each.
    errors: BTreeMap<String, u64>,
    ok: u64,
}

impl Samples {
    fn record(&mut self, route: usize, micros: u32, second: usize, outcome: &Result<(u16, Bytes), String>) {
        if self.per_second.len() <= second {
            self.per_second.resize(second + 1, 0);
        }
        self.per_second[second] += 1;
        match outcome {
            Ok((200, _)) => {
                self.ok += 1;
                self.latency[route].push(micros);
            }
            Ok((status, body)) => {
                let body = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
                *self.errors.entry(format!("{} → {status} {body}", ROUTES[route])).or_default() += 1;
            }
            Err(error) => *self.errors.entry(format!("{} → {error}", ROUTES[route])).or_default() += 1,
        }
    }

    fn error(&mut self, what: String) {
        *self.errors.entry(what).or_default() += 1;
    }

    fn merge(&mut self, other: Samples) {
        for route in 0..2 {
            self.latency[route].extend(&other.latency[route]);
        }
        self.lag.extend(&other.lag);
        self.from_release.extend(&other.from_release);
        if self.per_second.len() < other.per_second.len() {
            self.per_second.resize(other.per_second.len(), 0);
        }
        for (second, count) in other.per_second.iter().enumerate() {
            self.per_second[second] += count;
        }
        for (error, count) in other.errors {
            *self.errors.entry(error).or_default() += count;
        }
        self.ok += other.ok;
    }

    fn failed(&self) -> u64 {
        self.errors.values().sum()
    }

    fn all(&self) -> Vec<u32> {
        let mut all: Vec<u32> = self.latency.iter().flatten().copied().collect();
        all.sort_unstable();
        all
    }
}

/// The `q` quantile (nearest rank) of sorted values.
fn quantile(sorted: &[u32], q: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(micros: u32) -> f64 {
    f64::from(micros) / 1000.0
}

/// CPU time (user + system) of a process so far, in ms; 10 ms resolution (clock ticks).
fn cpu_ms(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|field| field.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) as f64 * 10.0
}

struct Memory {
    rss_kib: u64,
    hwm_kib: u64,
    threads: u64,
    fds: u64,
}

fn memory(pid: &str) -> Memory {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|value| value.parse().ok())
            .unwrap_or(0)
    };
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map(|dir| dir.count() as u64).unwrap_or(0);
    Memory { rss_kib: field("VmRSS:"), hwm_kib: field("VmHWM:"), threads: field("Threads:"), fds }
}

fn describe_memory(what: &str, pid: &str) -> Memory {
    let m = memory(pid);
    println!(
        "  {what}: RSS {:.1} MiB (peak {:.1} MiB), {} threads, {} open files",
        m.rss_kib as f64 / 1024.0,
        m.hwm_kib as f64 / 1024.0,
        m.threads,
        m.fds
    );
    m
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

struct Cpu {
    gateway: f64,
    api: f64,
    client: f64,
}

impl Cpu {
    fn now(config: &Config) -> Cpu {
        Cpu { gateway: cpu_ms(&config.gateway_pid), api: cpu_ms(&config.api_pid), client: cpu_ms("self") }
    }
}

/// What one phase measured.
struct Phase {
    target: String,
    open: bool,
    samples: Samples,
    elapsed: Duration,
    /// CPU ms used during the phase: gateway, Consumer API, this client.
    cpu: (f64, f64, f64),
}

impl Phase {
    fn report(&self) {
        let all = self.samples.all();
        let seconds = self.elapsed.as_secs_f64();
        let ok = self.samples.ok as f64;
        let per_request = |cpu_ms: f64| if ok > 0.0 { cpu_ms * 1000.0 / ok } else { 0.0 };
        println!(
            "  {} ok, {} failed in {:.1} s = {:.0} req/s; latency p50 {:.2} / p90 {:.2} / p99 {:.2} / p99.9 {:.2} / max {:.2} ms",
            self.samples.ok,
            self.samples.failed(),
            seconds,
            ok / seconds,
            ms(quantile(&all, 0.5)),
            ms(quantile(&all, 0.9)),
            ms(quantile(&all, 0.99)),
            ms(quantile(&all, 0.999)),
            ms(all.last().copied().unwrap_or(0)),
        );
        for (route, name) in ROUTES.iter().enumerate() {
            let mut sorted = self.samples.latency[route].clone();
            sorted.sort_unstable();
            println!(
                "    {name}: {} ok, p50 {:.2} / p99 {:.2} / max {:.2} ms",
                sorted.len(),
                ms(quantile(&sorted, 0.5)),
                ms(quantile(&sorted, 0.99)),
                ms(sorted.last().copied().unwrap_or(0))
            );
        }
        if self.open {
            let mut lag = self.samples.lag.clone();
            lag.sort_unstable();
            println!(
                "    client release lateness (included above): p50 {:.2} / p99 {:.2} / max {:.2} ms",
                ms(quantile(&lag, 0.5)),
                ms(quantile(&lag, 0.99)),
                ms(lag.last().copied().unwrap_or(0))
            );
            let mut released = self.samples.from_release.clone();
            released.sort_unstable();
            println!(
                "    latency from release instead of schedule: p50 {:.2} / p90 {:.2} / p99 {:.2} / max {:.2} ms",
                ms(quantile(&released, 0.5)),
                ms(quantile(&released, 0.9)),
                ms(quantile(&released, 0.99)),
                ms(released.last().copied().unwrap_or(0))
            );
        }
        let seconds_list = &self.samples.per_second;
        let full: Vec<u64> =
            seconds_list.iter().copied().take(seconds_list.len().saturating_sub(1)).collect();
        if let (Some(min), Some(max)) = (full.iter().min(), full.iter().max()) {
            println!("    completions per second: min {min}, max {max} (over {} whole seconds)", full.len());
        }
        println!(
            "    CPU: gateway {:.0} ms ({:.1} µs/req, {:.0} % of a core), consumer api {:.0} ms ({:.1} µs/req), client {:.0} ms ({:.1} µs/req)",
            self.cpu.0,
            per_request(self.cpu.0),
            self.cpu.0 / 10.0 / seconds,
            self.cpu.1,
            per_request(self.cpu.1),
            self.cpu.2,
            per_request(self.cpu.2)
        );
        for (error, count) in &self.samples.errors {
            println!("    FAILED ×{count}: {error}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Closed loop.

async fn closed_loop(
    target: Arc<Target>,
    mix: Arc<Mix>,
    connections: usize,
    concurrency: usize,
    duration: Duration,
    timeout: Duration,
) -> (Samples, Duration) {
    let mut senders = Vec::new();
    let mut samples = Samples::default();
    for _ in 0..connections {
        match connect(&target).await {
            Ok(sender) => senders.push(sender),
            Err(error) => samples.error(format!("opening a connection: {error}")),
        }
    }
    if senders.is_empty() {
        return (samples, Duration::from_secs(1));
    }
    let mut workers: Vec<Sender> = Vec::new();
    if target.proto == Proto::H1 {
        workers = senders;
    } else {
        for worker in 0..concurrency {
            workers.push(senders[worker % senders.len()].share().unwrap());
        }
    }
    let start = Instant::now();
    let deadline = start + duration;
    let mut handles = Vec::new();
    for (worker, mut sender) in workers.into_iter().enumerate() {
        let (target, mix) = (target.clone(), mix.clone());
        handles.push(tokio::spawn(async move {
            let mut samples = Samples::default();
            let mut i = worker;
            while Instant::now() < deadline {
                let route = i % 2;
                i += 1;
                let began = Instant::now();
                let outcome = exchange(&mut sender, mix.request(route), timeout).await;
                let done = Instant::now();
                let micros = (done - began).as_micros().min(u32::MAX as u128) as u32;
                samples.record(route, micros, (done - start).as_secs() as usize, &outcome);
                if outcome.is_err() {
                    // The connection may be broken: open a new one.
                    match connect(&target).await {
                        Ok(fresh) => sender = fresh,
                        Err(error) => {
                            samples.error(format!("reopening a connection: {error}"));
                            tokio::time::sleep(Duration::from_millis(10)).await;
                        }
                    }
                }
            }
            samples
        }));
    }
    for handle in handles {
        samples.merge(handle.await.unwrap());
    }
    (samples, start.elapsed())
}

// ---------------------------------------------------------------------------------------------
// Open loop.

struct Pool {
    target: Arc<Target>,
    permits: Semaphore,
    idle: Mutex<Vec<Sender>>,
    /// HTTP/2: the one connection every request shares.
    shared: Option<Sender>,
}

impl Pool {
    async fn new(target: Arc<Target>, size: usize) -> Result<Pool, String> {
        if target.proto == Proto::H2 {
            let shared = connect(&target).await?;
            return Ok(Pool {
                target,
                permits: Semaphore::new(Semaphore::MAX_PERMITS),
                idle: Mutex::new(Vec::new()),
                shared: Some(shared),
            });
        }
        let mut idle = Vec::new();
        for _ in 0..size {
            idle.push(connect(&target).await?);
        }
        Ok(Pool { target, permits: Semaphore::new(size), idle: Mutex::new(idle), shared: None })
    }

    async fn run(&self, mix: &Mix, route: usize, timeout: Duration) -> Result<(u16, Bytes), String> {
        if let Some(shared) = &self.shared {
            let mut sender = shared.share().unwrap();
            return exchange(&mut sender, mix.request(route), timeout).await;
        }
        let _permit = self.permits.acquire().await.unwrap();
        let sender = self.idle.lock().unwrap().pop();
        let mut sender = match sender {
            Some(sender) => sender,
            None => connect(&self.target).await.map_err(|e| format!("reopening a connection: {e}"))?,
        };
        let outcome = exchange(&mut sender, mix.request(route), timeout).await;
        if outcome.is_ok() {
            self.idle.lock().unwrap().push(sender);
        }
        outcome
    }
}

async fn open_loop(
    target: Arc<Target>,
    mix: Arc<Mix>,
    connections: usize,
    rate: f64,
    duration: Duration,
    timeout: Duration,
) -> (Samples, Duration) {
    let pool = match Pool::new(target, connections).await {
        Ok(pool) => Arc::new(pool),
        Err(error) => {
            let mut samples = Samples::default();
            samples.error(format!("opening the pool: {error}"));
            return (samples, Duration::from_secs(1));
        }
    };
    let total = (rate * duration.as_secs_f64()).round() as usize;
    let start = Instant::now() + Duration::from_millis(20);
    // The schedule is kept by a thread of its own sleeping with nanosleep (tens of microseconds late)
    // rather than by tokio's timer, which has 1 ms resolution.
    let runtime = tokio::runtime::Handle::current();
    let handles = tokio::task::spawn_blocking(move || {
        let mut handles = Vec::with_capacity(total);
        for i in 0..total {
            let intended = start + Duration::from_secs_f64(i as f64 / rate);
            let now = Instant::now();
            if intended > now {
                #[allow(clippy::disallowed_methods, reason = "a thread of its own, not a runtime worker")]
                std::thread::sleep(intended - now);
            }
            let (pool, mix) = (pool.clone(), mix.clone());
            handles.push(runtime.spawn(async move {
                let released = Instant::now();
                let outcome = pool.run(&mix, i % 2, timeout).await;
                let done = Instant::now();
                let micros = |from: Instant| (done - from).as_micros().min(u32::MAX as u128) as u32;
                (
                    i % 2,
                    micros(intended) - micros(released),
                    micros(intended),
                    micros(released),
                    (done - start).as_secs() as usize,
                    outcome,
                )
            }));
        }
        handles
    })
    .await
    .unwrap();
    let mut samples = Samples::default();
    for handle in handles {
        let (route, lag, micros, from_release, second, outcome) = handle.await.unwrap();
        samples.lag.push(lag);
        if matches!(outcome, Ok((200, _))) {
            samples.from_release.push(from_release);
        }
        samples.record(route, micros, second, &outcome);
    }
    (samples, Duration::from_secs_f64(total as f64 / rate))
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 {
        eprintln!("usage: gateway-load DIRECT_URL GATEWAY_URL CERT_FILE GATEWAY_PID API_PID");
        std::process::exit(2);
    }
    let config = Config {
        rate: env("RATE", 500.0),
        open: Duration::from_secs_f64(env("OPEN_SECONDS", 20.0)),
        full: Duration::from_secs_f64(env("FULL_SECONDS", 20.0)),
        warmup: Duration::from_secs_f64(env("WARMUP_SECONDS", 3.0)),
        connections: env("CONNECTIONS", 32),
        targets: env("TARGETS", "direct,gateway-h1,gateway-h2,gateway-h2-mux".to_owned())
            .split(',')
            .map(str::to_owned)
            .collect(),
        rounds: env("ROUNDS", 1),
        pause: Duration::from_secs_f64(env("PAUSE_SECONDS", 2.0)),
        idle_after: Duration::from_secs_f64(env("IDLE_AFTER_SECONDS", 5.0)),
        timeout: Duration::from_secs_f64(env("REQUEST_TIMEOUT_SECONDS", 10.0)),
        gateway_pid: args[4].clone(),
        api_pid: args[5].clone(),
    };
    let threads = env("CLIENT_THREADS", 2);
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build().unwrap();
    let ok = runtime.block_on(run(config, &args[1], &args[2], &args[3]));
    std::process::exit(if ok { 0 } else { 1 });
}

/// Every target; the first is `direct`.
fn all_targets(config: &Config, direct_url: &str, gateway_url: &str, cert_file: &str) -> Vec<Arc<Target>> {
    let (_, direct_addr, direct_authority, _) = parse_url(direct_url);
    let (scheme, gateway_addr, gateway_authority, gateway_host) = parse_url(gateway_url);
    assert_eq!(scheme, "https", "the gateway URL must be https: {gateway_url}");
    let name = ServerName::try_from(gateway_host).expect("a server name");
    let all = [
        Target {
            name: "direct".into(),
            closed_connections: config.connections,
            addr: direct_addr,
            authority: direct_authority,
            scheme: "http",
            tls: None,
            proto: Proto::H1,
            closed_only: false,
        },
        Target {
            name: "gateway-h1".into(),
            closed_connections: config.connections,
            addr: gateway_addr,
            authority: gateway_authority.clone(),
            scheme: "https",
            tls: Some((tls_connector(cert_file, b"http/1.1"), name.clone())),
            proto: Proto::H1,
            closed_only: false,
        },
        Target {
            name: "gateway-h2".into(),
            closed_connections: config.connections,
            addr: gateway_addr,
            authority: gateway_authority.clone(),
            scheme: "https",
            tls: Some((tls_connector(cert_file, b"h2"), name.clone())),
            proto: Proto::H2,
            closed_only: false,
        },
        Target {
            name: "gateway-h2-mux".into(),
            closed_connections: 1,
            addr: gateway_addr,
            authority: gateway_authority,
            scheme: "https",
            tls: Some((tls_connector(cert_file, b"h2"), name)),
            proto: Proto::H2,
            closed_only: true,
        },
    ];
    for name in &config.targets {
        assert!(all.iter().any(|target| &target.name == name), "unknown target {name}");
    }
    all.into_iter().map(Arc::new).collect()
}

async fn run(config: Config, direct_url: &str, gateway_url: &str, cert_file: &str) -> bool {
    let all = all_targets(&config, direct_url, gateway_url, cert_file);
    let token = onboard(&all[0]).await;
    let targets: Vec<Arc<Target>> =
        all.into_iter().filter(|target| config.targets.contains(&target.name)).collect();
    println!(
        "onboarded one identity directly; mix: GET /api/v2/Identities/Self (bearer token) and GET /api/v2/Version, alternating"
    );

    // Every target answers the whole mix before anything is measured.
    for target in &targets {
        let mix = Mix::new(target, &token);
        let mut sender = connect(target).await.unwrap_or_else(|e| panic!("{}: {e}", target.name));
        for (route, name) in ROUTES.iter().enumerate() {
            match exchange(&mut sender, mix.request(route), config.timeout).await {
                Ok((200, _)) => {}
                other => {
                    eprintln!(
                        "{}: GET {} answered {:?}",
                        target.name,
                        name,
                        other.map(|(s, b)| (s, String::from_utf8_lossy(&b).into_owned()))
                    );
                    return false;
                }
            }
        }
    }
    println!(
        "gateway pid {}, consumer api pid {}; load average {}",
        config.gateway_pid,
        config.api_pid,
        load()
    );
    let idle = describe_memory("gateway idle (after start and a handful of requests)", &config.gateway_pid);
    describe_memory("consumer api idle", &config.api_pid);

    println!("warm-up: {:.0} s closed loop on each target", config.warmup.as_secs_f64());
    for target in &targets {
        let mix = Arc::new(Mix::new(target, &token));
        let (samples, _) = closed_loop(
            target.clone(),
            mix,
            target.closed_connections,
            config.connections,
            config.warmup,
            config.timeout,
        )
        .await;
        if samples.failed() > 0 {
            println!("  {}: {} failed during warm-up: {:?}", target.name, samples.failed(), samples.errors);
        }
    }

    let mut phases: Vec<Phase> = Vec::new();
    for round in 1..=config.rounds {
        for open in [true, false] {
            for target in &targets {
                if open && target.closed_only {
                    continue;
                }
                tokio::time::sleep(config.pause).await;
                let mix = Arc::new(Mix::new(target, &token));
                let what = if open {
                    let connections = if target.proto == Proto::H2 {
                        "1 connection".to_owned()
                    } else {
                        format!("pool of {} connections", config.connections)
                    };
                    format!(
                        "open loop {} req/s for {:.0} s, {connections}",
                        config.rate,
                        config.open.as_secs_f64()
                    )
                } else {
                    format!(
                        "closed loop, {} concurrent requests on {} connection(s), {:.0} s",
                        config.connections,
                        target.closed_connections,
                        config.full.as_secs_f64()
                    )
                };
                println!("round {round}, {}: {what} (load average {})", target.name, load());
                let before = Cpu::now(&config);
                let (samples, elapsed) = if open {
                    open_loop(
                        target.clone(),
                        mix,
                        config.connections,
                        config.rate,
                        config.open,
                        config.timeout,
                    )
                    .await
                } else {
                    closed_loop(
                        target.clone(),
                        mix,
                        target.closed_connections,
                        config.connections,
                        config.full,
                        config.timeout,
                    )
                    .await
                };
                let after = Cpu::now(&config);
                let phase = Phase {
                    target: target.name.clone(),
                    open,
                    samples,
                    elapsed,
                    cpu: (
                        after.gateway - before.gateway,
                        after.api - before.api,
                        after.client - before.client,
                    ),
                };
                phase.report();
                describe_memory("gateway after this phase", &config.gateway_pid);
                phases.push(phase);
            }
        }
    }

    println!("after the load:");
    let loaded = describe_memory("gateway", &config.gateway_pid);
    describe_memory("consumer api", &config.api_pid);
    tokio::time::sleep(config.idle_after).await;
    let settled = describe_memory(
        &format!("gateway after {:.0} s idle (client connections closed)", config.idle_after.as_secs_f64()),
        &config.gateway_pid,
    );
    println!(
        "  gateway RSS idle → after load → {:.0} s later: {:.1} → {:.1} → {:.1} MiB; open files {} → {} → {}",
        config.idle_after.as_secs_f64(),
        idle.rss_kib as f64 / 1024.0,
        loaded.rss_kib as f64 / 1024.0,
        settled.rss_kib as f64 / 1024.0,
        idle.fds,
        loaded.fds,
        settled.fds
    );

    summary(&config, &phases);
    phases.iter().all(|phase| phase.samples.failed() == 0)
}

/// Markdown tables of every phase, and the differences to the direct one of the same round and loop.
fn summary(config: &Config, phases: &[Phase]) {
    let rounds = config.rounds;
    let per_round = phases.len() / rounds.max(1);
    println!();
    println!("summary (latency in ms; Δ = gateway − direct of the same round)");
    println!();
    println!("| open loop {:.0} req/s | p50 | p90 | p99 | max | failed |", config.rate);
    println!("|---|---|---|---|---|---|");
    for (index, phase) in phases.iter().enumerate().filter(|(_, p)| p.open) {
        let all = phase.samples.all();
        let q = [
            quantile(&all, 0.5),
            quantile(&all, 0.9),
            quantile(&all, 0.99),
            all.last().copied().unwrap_or(0),
        ];
        println!(
            "| {}{} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
            phase.target,
            if rounds > 1 { format!(" (round {})", index / per_round + 1) } else { String::new() },
            ms(q[0]),
            ms(q[1]),
            ms(q[2]),
            ms(q[3]),
            phase.samples.failed()
        );
        let round = index / per_round;
        if let Some(direct) = phases
            .iter()
            .enumerate()
            .find(|(i, p)| p.open && p.target == "direct" && i / per_round == round)
            .map(|(_, p)| p)
            && phase.target != "direct"
        {
            let d = direct.samples.all();
            let dq =
                [quantile(&d, 0.5), quantile(&d, 0.9), quantile(&d, 0.99), d.last().copied().unwrap_or(0)];
            let delta = |i: usize| (f64::from(q[i]) - f64::from(dq[i])) / 1000.0;
            println!(
                "| Δ {} | {:+.2} | {:+.2} | {:+.2} | {:+.2} | |",
                phase.target,
                delta(0),
                delta(1),
                delta(2),
                delta(3)
            );
        }
    }
    println!();
    println!(
        "| closed loop, {} concurrent | req/s | p50 | p99 | max | gateway CPU µs/req | API CPU µs/req | client CPU µs/req | failed |",
        config.connections
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (index, phase) in phases.iter().enumerate().filter(|(_, p)| !p.open) {
        let all = phase.samples.all();
        let ok = phase.samples.ok as f64;
        let per = |cpu: f64| if ok > 0.0 { format!("{:.0}", cpu * 1000.0 / ok) } else { "–".into() };
        println!(
            "| {}{} | {:.0} | {:.2} | {:.2} | {:.2} | {} | {} | {} | {} |",
            phase.target,
            if rounds > 1 { format!(" (round {})", index / per_round + 1) } else { String::new() },
            ok / phase.elapsed.as_secs_f64(),
            ms(quantile(&all, 0.5)),
            ms(quantile(&all, 0.99)),
            ms(all.last().copied().unwrap_or(0)),
            if phase.target == "direct" { "–".into() } else { per(phase.cpu.0) },
            per(phase.cpu.1),
            per(phase.cpu.2),
            phase.samples.failed()
        );
    }
    println!();
    println!("| open loop {:.0} req/s: CPU | gateway µs/req | API µs/req | client µs/req |", config.rate);
    println!("|---|---|---|---|");
    for phase in phases.iter().filter(|p| p.open) {
        let ok = phase.samples.ok as f64;
        let per = |cpu: f64| if ok > 0.0 { format!("{:.0}", cpu * 1000.0 / ok) } else { "–".into() };
        println!(
            "| {} | {} | {} | {} |",
            phase.target,
            if phase.target == "direct" { "–".into() } else { per(phase.cpu.0) },
            per(phase.cpu.1),
            per(phase.cpu.2)
        );
    }
}
