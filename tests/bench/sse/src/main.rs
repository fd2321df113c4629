//! Load generator of `tests/bench/sse.sh`: onboards identities on a running Consumer API, holds N
//! Server-Sent-Events streams open on `GET /api/v2/sse`, measures the server's memory with and
//! without them, then triggers test notifications one after another and measures when each stream
//! receives its `Test` event.
//!
//! Plain HTTP/1.1 over tokio sockets, no HTTP client library: each stream costs the client one task
//! and one socket, so the client stays cheap next to the server it measures.
//!
//! Usage: `sse-load URL [SERVER_PID]`; settings come from the environment (see `Config::from_env`).
//! Exits 1 when not every stream opened or not every stream got every event exactly once.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

const PASSWORD: &str = "password";
const CLIENT_ID: &str = "test";
const CLIENT_SECRET: &str = "test";
const NOT_IN_A_ROUND: usize = usize::MAX;

struct Config {
    addr: SocketAddr,
    host: String,
    pid: Option<u32>,
    /// STREAMS: how many SSE streams to hold open.
    streams: usize,
    /// NOTIFICATIONS: how many test notifications to send, one after another.
    notifications: usize,
    /// IDENTITIES: identities the streams are spread over (round-robin); each round sends one
    /// notification per identity.
    identities: usize,
    /// CONCURRENCY: connections being opened at once (a stream counts as open at `ConnectionOpened`).
    concurrency: usize,
    /// SOURCE_ADDRS: bind client sockets to 127.0.0.1 … 127.0.0.<n> (more ephemeral ports); 1 = no bind.
    source_addrs: u8,
    /// IDLE_SECONDS: settle time before each memory reading.
    idle: Duration,
    /// OPEN_TIMEOUT_SECONDS: how long opening all streams may take.
    open_timeout: Duration,
    /// ROUND_TIMEOUT_SECONDS: how long one notification may take to reach every stream.
    round_timeout: Duration,
    /// GAP_MS: pause between notifications (also the grace period for late duplicates).
    gap: Duration,
    /// JITTER_MS: a random 0…JITTER_MS added to each pause, so notifications land at different
    /// phases of the server's signal polling (set it to the poll interval).
    jitter_ms: u64,
    /// HTTP_TIMEOUT_SECONDS: how long an ordinary request (onboarding, notification) may take.
    http_timeout: Duration,
    /// CLIENT_THREADS: tokio worker threads of this client (1 = current-thread runtime).
    threads: usize,
}

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => {
            value.parse().unwrap_or_else(|_| panic!("{name}={value:?} is not a valid value"))
        }
        _ => default,
    }
}

impl Config {
    fn from_env() -> Config {
        let mut args = std::env::args().skip(1);
        let url = args.next().expect("usage: sse-load URL [SERVER_PID]");
        let host = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let addr = std::net::ToSocketAddrs::to_socket_addrs(&host)
            .unwrap_or_else(|error| panic!("cannot resolve {host}: {error}"))
            .find(SocketAddr::is_ipv4)
            .expect("an IPv4 address");
        Config {
            addr,
            host,
            pid: args.next().map(|pid| pid.parse().expect("SERVER_PID is a number")),
            streams: env("STREAMS", 10_000),
            notifications: env("NOTIFICATIONS", 5),
            identities: env::<usize>("IDENTITIES", 1).max(1),
            concurrency: env::<usize>("CONCURRENCY", 100).max(1),
            source_addrs: env::<u8>("SOURCE_ADDRS", 1).clamp(1, 254),
            idle: Duration::from_secs_f64(env("IDLE_SECONDS", 5.0)),
            open_timeout: Duration::from_secs_f64(env("OPEN_TIMEOUT_SECONDS", 300.0)),
            round_timeout: Duration::from_secs_f64(env("ROUND_TIMEOUT_SECONDS", 30.0)),
            gap: Duration::from_millis(env("GAP_MS", 1000)),
            jitter_ms: env("JITTER_MS", 200),
            threads: env::<usize>("CLIENT_THREADS", 1).max(1),
            http_timeout: Duration::from_secs_f64(env("HTTP_TIMEOUT_SECONDS", 30.0)),
        }
    }
}

fn main() {
    let config = Config::from_env();
    let runtime = if config.threads == 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build()
    } else {
        tokio::runtime::Builder::new_multi_thread().worker_threads(config.threads).enable_all().build()
    }
    .expect("a tokio runtime");
    let ok = runtime.block_on(run(Arc::new(config)));
    // Dropping the runtime would wait for nothing useful; the sockets close with the process.
    std::process::exit(if ok { 0 } else { 1 });
}

// ---------------------------------------------------------------------------------------------
// Shared measurement state: one slot per stream, written by the stream tasks.

struct Shared {
    base: Instant,
    n: usize,
    opened: AtomicUsize,
    /// Streams that ended (error or end of body) before `ConnectionOpened`.
    failed: AtomicUsize,
    /// Streams the server ended after `ConnectionOpened`, before the benchmark closed them.
    dropped: AtomicUsize,
    connect_started: Vec<AtomicU64>,
    opened_at: Vec<AtomicU64>,
    alive: Vec<AtomicBool>,
    round: AtomicUsize,
    /// `rounds × n` arrival times (ns since `base`, + 1 so 0 means "not yet").
    arrivals: Vec<AtomicU64>,
    round_count: Vec<AtomicUsize>,
    tests_seen: Vec<AtomicUsize>,
    /// `Test` events outside a round or a second one in the same round.
    unexpected_tests: AtomicUsize,
    keep_alives: AtomicUsize,
    other_events: AtomicUsize,
    shutting_down: AtomicBool,
    errors: Mutex<BTreeMap<String, usize>>,
}

impl Shared {
    fn new(n: usize, rounds: usize) -> Shared {
        let slots = |len: usize| (0..len).map(|_| AtomicU64::new(0)).collect::<Vec<_>>();
        Shared {
            base: Instant::now(),
            n,
            opened: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            dropped: AtomicUsize::new(0),
            connect_started: slots(n),
            opened_at: slots(n),
            alive: (0..n).map(|_| AtomicBool::new(false)).collect(),
            round: AtomicUsize::new(NOT_IN_A_ROUND),
            arrivals: slots(n * rounds),
            round_count: (0..rounds).map(|_| AtomicUsize::new(0)).collect(),
            tests_seen: (0..n).map(|_| AtomicUsize::new(0)).collect(),
            unexpected_tests: AtomicUsize::new(0),
            keep_alives: AtomicUsize::new(0),
            other_events: AtomicUsize::new(0),
            shutting_down: AtomicBool::new(false),
            errors: Mutex::new(BTreeMap::new()),
        }
    }

    fn now(&self) -> u64 {
        self.base.elapsed().as_nanos() as u64 + 1
    }

    fn error(&self, what: String) {
        *self.errors.lock().unwrap().entry(what).or_default() += 1;
    }

    fn on_event(&self, i: usize, name: &str, permit: &mut Option<OwnedSemaphorePermit>) {
        let now = self.now();
        match name {
            "ConnectionOpened" => {
                if self.opened_at[i].compare_exchange(0, now, Relaxed, Relaxed).is_ok() {
                    self.alive[i].store(true, Relaxed);
                    self.opened.fetch_add(1, Relaxed);
                }
                permit.take();
            }
            "Test" => {
                self.tests_seen[i].fetch_add(1, Relaxed);
                let round = self.round.load(Relaxed);
                let recorded = round != NOT_IN_A_ROUND
                    && self.arrivals[round * self.n + i].compare_exchange(0, now, Relaxed, Relaxed).is_ok();
                if recorded {
                    self.round_count[round].fetch_add(1, Relaxed);
                } else {
                    self.unexpected_tests.fetch_add(1, Relaxed);
                }
            }
            "keep-alive" => {
                self.keep_alives.fetch_add(1, Relaxed);
            }
            _ => {
                self.other_events.fetch_add(1, Relaxed);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP/1.1 and SSE parsing.

/// Decodes a chunked (or identity) body incrementally.
struct Body {
    chunked: bool,
    state: Chunk,
    line: Vec<u8>,
}

enum Chunk {
    Size,
    Data(usize),
    End(usize),
    Done,
}

impl Body {
    fn new(chunked: bool) -> Body {
        Body { chunked, state: Chunk::Size, line: Vec::new() }
    }

    /// Passes the decoded bytes of `input` to `out`; false once the body has ended.
    fn feed(&mut self, mut input: &[u8], out: &mut impl FnMut(&[u8])) -> Result<bool, String> {
        if !self.chunked {
            out(input);
            return Ok(true);
        }
        while !input.is_empty() {
            match self.state {
                Chunk::Size => {
                    let Some(end) = input.iter().position(|&b| b == b'\n') else {
                        self.line.extend_from_slice(input);
                        return Ok(true);
                    };
                    self.line.extend_from_slice(&input[..end]);
                    input = &input[end + 1..];
                    let line = String::from_utf8_lossy(&self.line).into_owned();
                    let hex = line.split(';').next().unwrap_or("").trim();
                    let size =
                        usize::from_str_radix(hex, 16).map_err(|_| format!("bad chunk size {line:?}"))?;
                    self.line.clear();
                    self.state = if size == 0 { Chunk::Done } else { Chunk::Data(size) };
                }
                Chunk::Data(remaining) => {
                    let take = remaining.min(input.len());
                    out(&input[..take]);
                    input = &input[take..];
                    self.state =
                        if take == remaining { Chunk::End(2) } else { Chunk::Data(remaining - take) };
                }
                Chunk::End(remaining) => {
                    let take = remaining.min(input.len());
                    input = &input[take..];
                    self.state = if take == remaining { Chunk::Size } else { Chunk::End(remaining - take) };
                }
                Chunk::Done => return Ok(false),
            }
        }
        Ok(!matches!(self.state, Chunk::Done))
    }
}

/// Splits an event stream into events; passes each event's name (`event:` field) on.
#[derive(Default)]
struct SseParser {
    line: Vec<u8>,
    name: Option<String>,
}

impl SseParser {
    fn feed(&mut self, input: &[u8], on_event: &mut impl FnMut(&str)) {
        for &byte in input {
            if byte != b'\n' {
                self.line.push(byte);
                continue;
            }
            if self.line.last() == Some(&b'\r') {
                self.line.pop();
            }
            if self.line.is_empty() {
                if let Some(name) = self.name.take() {
                    on_event(&name);
                }
            } else if let Some(value) = self.line.strip_prefix(b"event:") {
                let value = value.strip_prefix(b" ").unwrap_or(value);
                self.name = Some(String::from_utf8_lossy(value).into_owned());
            } else if self.line.starts_with(b"data:") && self.name.is_none() {
                self.name = Some("message".into());
            }
            self.line.clear();
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Status, whether the body is chunked, and the bytes after the head; `None` while incomplete.
fn parse_head(buffer: &[u8]) -> Result<Option<(u16, bool, usize)>, String> {
    let Some(end) = find(buffer, b"\r\n\r\n") else { return Ok(None) };
    let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .ok_or_else(|| format!("bad response head {head:?}"))?;
    let chunked = head.lines().any(|line| line.starts_with("transfer-encoding:") && line.contains("chunked"));
    Ok(Some((status, chunked, end + 4)))
}

fn describe(error: &std::io::Error) -> String {
    match error.raw_os_error() {
        Some(code) => format!("{:?} (os error {code}: {error})", error.kind()),
        None => format!("{:?} ({error})", error.kind()),
    }
}

/// One request on its own connection (`Connection: close`); returns status and decoded body.
async fn http(
    config: &Config,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, String)>,
) -> Result<(u16, String), String> {
    let limit = config.http_timeout;
    tokio::time::timeout(limit, http_unlimited(config, method, path, token, body))
        .await
        .unwrap_or_else(|_| Err(format!("{method} {path}: no response within {limit:?}")))
}

async fn http_unlimited(
    config: &Config,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, String)>,
) -> Result<(u16, String), String> {
    let mut tcp = TcpStream::connect(config.addr).await.map_err(|e| format!("connect: {}", describe(&e)))?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", config.host);
    if let Some(token) = token {
        request += &format!("Authorization: Bearer {token}\r\n");
    }
    let body = match body {
        Some((content_type, body)) => {
            request += &format!("Content-Type: {content_type}\r\n");
            body
        }
        None => String::new(),
    };
    request += &format!("Content-Length: {}\r\n\r\n{body}", body.len());
    tcp.write_all(request.as_bytes()).await.map_err(|e| format!("write: {}", describe(&e)))?;
    let mut response = Vec::new();
    tcp.read_to_end(&mut response).await.map_err(|e| format!("read: {}", describe(&e)))?;
    let (status, chunked, start) = parse_head(&response)?.ok_or("incomplete response")?;
    let mut decoded = Vec::new();
    Body::new(chunked).feed(&response[start..], &mut |bytes| decoded.extend_from_slice(bytes))?;
    Ok((status, String::from_utf8_lossy(&decoded).into_owned()))
}

fn json_body(value: &Value) -> Option<(&'static str, String)> {
    Some(("application/json", value.to_string()))
}

fn expect(status: u16, expected: u16, body: &str, what: &str) {
    if status != expected {
        eprintln!("{what}: expected {expected}, got {status}: {body}");
        std::process::exit(2);
    }
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    std::io::Read::read_exact(&mut std::fs::File::open("/dev/urandom").unwrap(), &mut bytes).unwrap();
    bytes
}

fn random_key() -> SigningKey {
    SigningKey::from_bytes(&random_bytes())
}

/// Onboards an identity (challenge, Ed25519 proof, `POST /Identities`) and logs its device in.
async fn onboard(config: &Config) -> String {
    let key = random_key();
    let (status, body) =
        http(config, "POST", "/api/v2/Challenges", None, json_body(&json!({}))).await.unwrap();
    expect(status, 201, &body, "POST /api/v2/Challenges");
    let challenge: Value = serde_json::from_str(&body).unwrap();
    let challenge = &challenge["result"];
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
    let (status, body) = http(config, "POST", "/api/v2/Identities", None, json_body(&request)).await.unwrap();
    expect(status, 201, &body, "POST /api/v2/Identities");
    let created: Value = serde_json::from_str(&body).unwrap();
    let username = created["result"]["device"]["username"].as_str().unwrap().to_owned();
    let form = format!(
        "grant_type=password&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&username={username}&password={PASSWORD}"
    );
    let form = Some(("application/x-www-form-urlencoded", form));
    let (status, body) = http(config, "POST", "/connect/token", None, form).await.unwrap();
    expect(status, 200, &body, "POST /connect/token");
    let token: Value = serde_json::from_str(&body).unwrap();
    token["access_token"].as_str().unwrap().to_owned()
}

/// The server's own count of open streams: the `backbone_sse_streams` gauge on `/metrics`.
async fn sse_streams_metric(config: &Config) -> String {
    match http(config, "GET", "/metrics", None, None).await {
        Ok((200, body)) => body
            .lines()
            .find_map(|line| line.strip_prefix("backbone_sse_streams "))
            .map_or_else(|| "not exported".to_owned(), |value| value.trim().to_owned()),
        Ok((status, _)) => format!("unavailable (status {status})"),
        Err(error) => format!("unavailable ({error})"),
    }
}

// ---------------------------------------------------------------------------------------------
// Streams.

async fn connect(config: &Config, i: usize) -> std::io::Result<TcpStream> {
    if config.source_addrs == 1 {
        return TcpStream::connect(config.addr).await;
    }
    let socket = TcpSocket::new_v4()?;
    let source = Ipv4Addr::new(127, 0, 0, 1 + (i % usize::from(config.source_addrs)) as u8);
    socket.bind(SocketAddr::new(source.into(), 0))?;
    socket.connect(config.addr).await
}

async fn hold_stream(
    i: usize,
    config: Arc<Config>,
    shared: Arc<Shared>,
    token: Arc<str>,
    permits: Arc<Semaphore>,
) {
    let mut permit = Some(permits.acquire_owned().await.unwrap());
    shared.connect_started[i].store(shared.now(), Relaxed);
    let ended = read_stream(i, &config, &shared, &token, &mut permit).await;
    if shared.shutting_down.load(Relaxed) {
        return;
    }
    if shared.alive[i].swap(false, Relaxed) {
        shared.dropped.fetch_add(1, Relaxed);
        shared.error(format!("after ConnectionOpened: {ended}"));
    } else {
        shared.failed.fetch_add(1, Relaxed);
        shared.error(format!("before ConnectionOpened: {ended}"));
    }
}

/// Reads stream `i` until it ends; returns why it ended.
async fn read_stream(
    i: usize,
    config: &Config,
    shared: &Shared,
    token: &str,
    permit: &mut Option<OwnedSemaphorePermit>,
) -> String {
    let mut tcp = match connect(config, i).await {
        Ok(tcp) => tcp,
        Err(error) => return format!("connect: {}", describe(&error)),
    };
    let _ = tcp.set_nodelay(true);
    let request = format!(
        "GET /api/v2/sse HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n",
        config.host
    );
    if let Err(error) = tcp.write_all(request.as_bytes()).await {
        return format!("write: {}", describe(&error));
    }
    let mut buffer = [0u8; 1024];
    let mut head = Vec::new();
    let (mut body, start) = loop {
        match tcp.read(&mut buffer).await {
            Ok(0) => return "connection closed before the response head".into(),
            Ok(n) => head.extend_from_slice(&buffer[..n]),
            Err(error) => return format!("read: {}", describe(&error)),
        }
        match parse_head(&head) {
            Ok(None) => {}
            Ok(Some((200, chunked, start))) => break (Body::new(chunked), start),
            Ok(Some((status, _, start))) => {
                let text = String::from_utf8_lossy(&head[start..]);
                return format!("status {status}: {}", text.chars().take(200).collect::<String>());
            }
            Err(error) => return error,
        }
    };
    let mut sse = SseParser::default();
    let mut on_bytes = |bytes: &[u8]| sse.feed(bytes, &mut |name| shared.on_event(i, name, permit));
    let mut received = head.len() - start;
    buffer[..received].copy_from_slice(&head[start..]);
    drop(head);
    loop {
        match body.feed(&buffer[..received], &mut on_bytes) {
            Ok(true) => {}
            Ok(false) => return "end of the response body".into(),
            Err(error) => return error,
        }
        match tcp.read(&mut buffer).await {
            Ok(0) => return "connection closed by the server".into(),
            Ok(n) => received = n,
            Err(error) => return format!("read: {}", describe(&error)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Process readings and statistics.

#[derive(Clone, Copy, Default)]
struct Reading {
    rss_kib: u64,
    hwm_kib: u64,
    threads: u64,
    fds: u64,
}

fn reading(pid: &str) -> Reading {
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
    Reading { rss_kib: field("VmRSS:"), hwm_kib: field("VmHWM:"), threads: field("Threads:"), fds }
}

/// CPU time (user + system, exited threads included) of a process so far, in ms; 10 ms resolution
/// (`/proc/<pid>/stat` counts clock ticks, 100 a second on Linux).
fn cpu_ms(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After the command name (which may hold spaces and parentheses): state, ppid, …; utime and
    // stime are fields 14 and 15 of the line, so the 12th and 13th after the name.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|field| field.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) as f64 * 10.0
}

/// The load average over the last minute.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_owned()
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn ms(ns: i64) -> f64 {
    ns as f64 / 1e6
}

/// The `q` quantile (nearest rank) of sorted values.
fn quantile(sorted: &[i64], q: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

struct Round {
    post_ms: f64,
    server_cpu_ms: f64,
    client_cpu_ms: f64,
    expected: usize,
    received: usize,
    first: i64,
    p50: i64,
    p99: i64,
    max: i64,
}

// ---------------------------------------------------------------------------------------------

async fn run(config: Arc<Config>) -> bool {
    let n = config.streams;
    let k = config.notifications;
    let server = config.pid.map(|pid| pid.to_string());
    let server_reading = || server.as_deref().map(reading).unwrap_or_default();
    println!(
        "sse-load: {} streams on {} identit{}, {k} notifications, server {} (pid {}), {} client thread(s), {} source address(es), {} connecting at once",
        n,
        config.identities,
        if config.identities == 1 { "y" } else { "ies" },
        config.host,
        server.as_deref().unwrap_or("?"),
        config.threads,
        config.source_addrs,
        config.concurrency,
    );

    let fresh = server_reading();
    let mut tokens = Vec::new();
    for _ in 0..config.identities {
        tokens.push(Arc::<str>::from(onboard(&config).await));
    }
    tokio::time::sleep(config.idle).await;
    let before = server_reading();

    // Open the streams.
    let shared = Arc::new(Shared::new(n, k));
    let permits = Arc::new(Semaphore::new(config.concurrency));
    let open_start = shared.now();
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let token = tokens[i % tokens.len()].clone();
        tasks.push(tokio::spawn(hold_stream(i, config.clone(), shared.clone(), token, permits.clone())));
    }
    let mut last_progress = (0, Instant::now());
    loop {
        let opened = shared.opened.load(Relaxed);
        let done = opened + shared.failed.load(Relaxed);
        if done >= n || started.elapsed() > config.open_timeout {
            break;
        }
        if last_progress.1.elapsed() >= Duration::from_secs(5) {
            eprintln!("  … {opened} of {n} streams open after {:.1} s", started.elapsed().as_secs_f64());
            last_progress = (opened, Instant::now());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let opened = shared.opened.load(Relaxed);
    let pending = n - opened - shared.failed.load(Relaxed);
    let mut open_latencies: Vec<i64> = (0..n)
        .filter_map(|i| {
            let at = shared.opened_at[i].load(Relaxed);
            (at != 0).then(|| at as i64 - shared.connect_started[i].load(Relaxed) as i64)
        })
        .collect();
    open_latencies.sort_unstable();
    let open_all =
        (0..n).map(|i| shared.opened_at[i].load(Relaxed)).max().unwrap_or(0) as i64 - open_start as i64;

    let server_count = sse_streams_metric(&config).await;
    let idle_cpu = server.as_deref().map_or(0.0, cpu_ms);
    tokio::time::sleep(config.idle).await;
    let idle_cpu_percent =
        (server.as_deref().map_or(0.0, cpu_ms) - idle_cpu) / config.idle.as_secs_f64() / 10.0;
    let with_streams = server_reading();
    let client_with_streams = reading("self");

    // Notifications, one after another.
    let load_before_rounds = load();
    let mut rounds = Vec::new();
    let mut failures = Vec::new();
    let mut all_latencies = Vec::new();
    for round in 0..k {
        let jitter = u64::from_le_bytes(random_bytes()) % (config.jitter_ms + 1);
        tokio::time::sleep(config.gap + Duration::from_millis(jitter)).await;
        let expected: Vec<usize> = (0..n).filter(|&i| shared.alive[i].load(Relaxed)).collect();
        shared.round.store(round, Relaxed);
        let server_cpu = server.as_deref().map_or(0.0, cpu_ms);
        let client_cpu = cpu_ms("self");
        let sent = Instant::now();
        let mut posts = Vec::new();
        for token in &tokens {
            let (config, token) = (config.clone(), token.clone());
            posts.push(tokio::spawn(async move {
                let path = "/api/v2/Devices/Self/PushNotifications/SendTestNotification";
                let result =
                    http(&config, "POST", path, Some(&token), json_body(&json!({"round": round}))).await;
                (result, Instant::now())
            }));
        }
        let mut answered = Vec::new();
        for post in posts {
            let (result, at) = post.await.unwrap();
            match result {
                Ok((204, _)) => answered.push(at),
                Ok((status, body)) => {
                    failures.push(format!("notification {}: status {status}: {body}", round + 1))
                }
                Err(error) => failures.push(format!("notification {}: {error}", round + 1)),
            }
        }
        if answered.len() < tokens.len() {
            eprintln!("  {}", failures.last().unwrap());
            rounds.push(Round {
                post_ms: f64::NAN,
                server_cpu_ms: 0.0,
                client_cpu_ms: 0.0,
                expected: expected.len(),
                received: 0,
                first: 0,
                p50: 0,
                p99: 0,
                max: 0,
            });
            continue;
        }
        let post_ms = answered.iter().map(|at| at.duration_since(sent)).max().unwrap().as_secs_f64() * 1e3;
        let t0: Vec<i64> =
            answered.iter().map(|at| at.duration_since(shared.base).as_nanos() as i64 + 1).collect();
        let round_start = Instant::now();
        while shared.round_count[round].load(Relaxed) < expected.len()
            && round_start.elapsed() < config.round_timeout
        {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let server_cpu_ms = server.as_deref().map_or(0.0, cpu_ms) - server_cpu;
        let client_cpu_ms = cpu_ms("self") - client_cpu;
        let mut latencies: Vec<i64> = expected
            .iter()
            .filter_map(|&i| {
                let at = shared.arrivals[round * n + i].load(Relaxed);
                (at != 0).then(|| at as i64 - t0[i % t0.len()])
            })
            .collect();
        latencies.sort_unstable();
        all_latencies.extend_from_slice(&latencies);
        rounds.push(Round {
            post_ms,
            server_cpu_ms,
            client_cpu_ms,
            expected: expected.len(),
            received: latencies.len(),
            first: latencies.first().copied().unwrap_or(0),
            p50: quantile(&latencies, 0.5),
            p99: quantile(&latencies, 0.99),
            max: latencies.last().copied().unwrap_or(0),
        });
    }
    tokio::time::sleep(config.gap).await;
    shared.round.store(NOT_IN_A_ROUND, Relaxed);
    let load_after = load();
    all_latencies.sort_unstable();
    let alive = (0..n).filter(|&i| shared.alive[i].load(Relaxed)).count();
    let missed: usize = (0..n)
        .filter(|&i| shared.opened_at[i].load(Relaxed) != 0)
        .map(|i| k.saturating_sub(shared.tests_seen[i].load(Relaxed)))
        .sum();
    let streams_missing: usize = (0..n)
        .filter(|&i| shared.opened_at[i].load(Relaxed) != 0 && shared.tests_seen[i].load(Relaxed) < k)
        .count();

    // Close every stream and let the server settle.
    shared.shutting_down.store(true, Relaxed);
    for task in &tasks {
        task.abort();
    }
    for task in tasks {
        let _ = task.await;
    }
    tokio::time::sleep(config.idle).await;
    let after = server_reading();

    // Report.
    println!();
    println!("opening {n} streams ({} at once)", config.concurrency);
    println!("  open (ConnectionOpened received)   {opened} of {n}");
    println!(
        "  failed before open / dropped later {} / {}",
        shared.failed.load(Relaxed),
        shared.dropped.load(Relaxed)
    );
    println!("  the server's count (backbone_sse_streams on /metrics) {server_count}");
    if pending > 0 {
        println!(
            "  still not open after {:?}          {pending} (connecting or waiting for the response)",
            config.open_timeout
        );
    }
    let label = if opened == n { "time to open all" } else { "time until the last opened" };
    println!("  {label:<35}{:.0} ms", ms(open_all));
    println!(
        "  per connection p50 / p99 / max     {:.1} / {:.1} / {:.1} ms",
        ms(quantile(&open_latencies, 0.5)),
        ms(quantile(&open_latencies, 0.99)),
        ms(open_latencies.last().copied().unwrap_or(0))
    );
    println!();
    println!("server process              RSS MiB   peak MiB   threads   fds");
    for (label, r) in [
        ("fresh (before onboarding)", fresh),
        ("0 streams (before)", before),
        (&*format!("{opened} streams (idle)"), with_streams),
        ("0 streams (after close)", after),
    ] {
        println!("  {label:<26}{:>8.1}{:>11.1}{:>10}{:>6}", mib(r.rss_kib), mib(r.hwm_kib), r.threads, r.fds);
    }
    let per_stream = (with_streams.rss_kib as f64 - before.rss_kib as f64) * 1024.0 / opened.max(1) as f64;
    println!("  RSS per stream              {:.1} KiB", per_stream / 1024.0);
    println!("  CPU while idle with streams {idle_cpu_percent:.1} % of one core");
    println!("  (client process RSS with the streams: {:.1} MiB)", mib(client_with_streams.rss_kib));
    println!();
    println!(
        "notification  POST→204   streams         first     p50      p99      max (= time to all), ms after the 204   CPU ms server/client"
    );
    for (i, r) in rounds.iter().enumerate() {
        println!(
            "  {:<12}{:>6.1} ms   {:>6}/{:<6}{:>9.1}{:>8.1}{:>9.1}{:>9.1}{:>33.0} / {:.0}",
            i + 1,
            r.post_ms,
            r.received,
            r.expected,
            ms(r.first),
            ms(r.p50),
            ms(r.p99),
            ms(r.max),
            r.server_cpu_ms,
            r.client_cpu_ms
        );
    }
    println!(
        "  {:<12}{:>9}   {:>13}{:>9.1}{:>8.1}{:>9.1}{:>9.1}",
        "all",
        "",
        all_latencies.len(),
        ms(all_latencies.first().copied().unwrap_or(0)),
        ms(quantile(&all_latencies, 0.5)),
        ms(quantile(&all_latencies, 0.99)),
        ms(all_latencies.last().copied().unwrap_or(0))
    );
    let spreads: Vec<f64> = rounds.iter().map(|r| ms(r.max - r.first)).collect();
    println!("  fan-out (last − first arrival) per notification: {spreads:.1?} ms");
    println!();
    let unexpected = shared.unexpected_tests.load(Relaxed);
    println!(
        "machine load (1-minute average): {load_before_rounds} before the notifications, {load_after} after; other processes that are busy on the machine skew the timings"
    );
    println!(
        "events: {missed} Test events missed (on {streams_missing} streams), {unexpected} unexpected or duplicate, {} keep-alive, {} other",
        shared.keep_alives.load(Relaxed),
        shared.other_events.load(Relaxed)
    );
    for failure in &failures {
        println!("request failed: {failure}");
    }
    let errors = shared.errors.lock().unwrap();
    if !errors.is_empty() {
        println!("stream errors:");
        for (error, count) in errors.iter() {
            println!("  {count:>6} × {error}");
        }
    }
    // The server's gauge must agree (a server without it is not held to it).
    let counted = server_count.parse::<usize>().map_or(true, |count| count == opened);
    if !counted {
        println!("the server counts {server_count} open streams, the client {opened}");
    }
    let ok = failures.is_empty()
        && counted
        && opened == n
        && alive == n
        && missed == 0
        && unexpected == 0
        && rounds.iter().all(|r| r.received == r.expected);
    println!(
        "{}",
        json!({
            "streams": n, "opened": opened, "open_all_ms": ms(open_all),
            "rss_mib": {"before": mib(before.rss_kib), "with_streams": mib(with_streams.rss_kib), "after_close": mib(after.rss_kib)},
            "latency_ms": {"p50": ms(quantile(&all_latencies, 0.5)), "p99": ms(quantile(&all_latencies, 0.99)),
                           "max": ms(all_latencies.last().copied().unwrap_or(0))},
            "time_to_all_ms": rounds.iter().map(|r| ms(r.max)).collect::<Vec<_>>(),
            "missed": missed, "unexpected": unexpected, "ok": ok,
        })
    );
    println!(
        "{}",
        if ok { "OK" } else { "FAILED: not every stream opened and got every event exactly once" }
    );
    ok
}
