//! A local HTTPS stand-in for exactly the Azure Key Vault REST calls that `AzureKeyVault` makes, after the
//! documented shapes (api-version 2025-07-01): set secret, get secret (version), update secret (version),
//! list secret versions, list secrets, each paged with `nextLink`, the `{"error": {"code", "message"}}`
//! error bodies and the 401 authentication challenge; and for keys: create key (EC and EC-HSM on P-256),
//! get key version, update key version, list key versions and sign (ES256 over a digest, answered with the
//! raw `r‖s` signature, as Key Vault does). Secrets and key pairs live in memory; the stand-in signs with
//! AWS-LC.
//!
//! It listens on 127.0.0.1 with a self-signed certificate for [`HOST`], a `*.vault.azure.net` name, so that
//! the SDK's check of the challenge resource (the vault's domain must be a subdomain of the resource's) runs
//! as against Azure. The client reaches it through a reqwest client that resolves [`HOST`] to the stand-in
//! and trusts only its certificate, passed to the SDK as its transport.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use aws_lc_rs::digest::{Digest, SHA256};
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use azure_core::http::{ClientOptions, Transport, Url};
use backbone_domain::Clock;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

/// The vault's host name; resolved to the stand-in by the test client.
pub const HOST: &str = "backbone-test.vault.azure.net";
/// The token the test credential hands out and the stand-in accepts.
pub const TOKEN: &str = "test-token-3b9f2c";
/// What the SDK sends (its default), and the only version the stand-in answers.
pub const API_VERSION: &str = "2025-07-01";
/// Pages this short make every listing with more than two entries use `nextLink`.
const PAGE_SIZE: usize = 2;
/// The 401 challenge, as Key Vault sends it.
pub const CHALLENGE: &str = "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"";

/// One version as the stand-in stores it. Public so that tests can inspect and tamper with it.
#[derive(Debug, Clone)]
pub struct StoredVersion {
    pub version: String,
    pub value: String,
    pub enabled: bool,
    pub created: i64,
    pub updated: i64,
    pub tags: Option<BTreeMap<String, String>>,
    pub managed: bool,
}

/// One version of a key: a P-256 key pair.
#[derive(Clone)]
pub struct StoredKey {
    pub version: String,
    pub kty: String,
    pub pair: Arc<EcdsaKeyPair>,
    pub enabled: bool,
    pub created: i64,
    pub updated: i64,
    pub tags: Option<BTreeMap<String, String>>,
}

/// A request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub authorization: Option<String>,
    pub body: Vec<u8>,
}

#[derive(Default)]
pub struct Store {
    /// By lowercase name (Key Vault names are case-insensitive); versions in creation order.
    pub secrets: BTreeMap<String, Vec<StoredVersion>>,
    /// Keys by lowercase name; versions in creation order.
    pub keys: BTreeMap<String, Vec<StoredKey>>,
    pub requests: Vec<Recorded>,
    /// Answer the versions listing of a missing secret with 404 instead of an empty list.
    pub missing_versions_is_404: bool,
    /// Versions that are listed but answer 404 when read, as if deleted in between.
    pub unreadable: BTreeSet<String>,
    versions_made: u64,
}

impl Store {
    pub fn version_mut(&mut self, name: &str, version: &str) -> &mut StoredVersion {
        self.secrets.get_mut(name).unwrap().iter_mut().find(|v| v.version == version).unwrap()
    }

    /// A pseudo-random 32-hex-digit version id, so that listing by id (as the stand-in does, like Key Vault)
    /// is not creation order.
    pub fn next_version_id(&mut self) -> String {
        self.versions_made += 1;
        format!("{:016x}{:016x}", mix(self.versions_made), mix(self.versions_made ^ 0x5bd1_e995))
    }
}

struct Shared {
    base: String,
    store: Mutex<Store>,
    clock: Arc<dyn Clock>,
}

pub struct StandIn {
    /// `https://<HOST>:<port>/`
    pub url: String,
    addr: SocketAddr,
    certificate: CertificateDer<'static>,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StandIn {
    pub async fn start(clock: Arc<dyn Clock>) -> Self {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = rcgen::CertificateParams::new(vec![HOST.to_owned()]).unwrap();
        params.distinguished_name.push(rcgen::DnType::CommonName, "Key Vault stand-in");
        let certificate = params.self_signed(&key).unwrap().der().clone();
        let private_key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let mut tls = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![certificate.clone()], private_key)
            .unwrap();
        tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(tls));

        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let url = format!("https://{HOST}:{}/", addr.port());
        let shared = Arc::new(Shared { base: url.clone(), store: Mutex::new(Store::default()), clock });
        let router = Router::new().fallback(handle).with_state(shared.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else { continue };
                let (acceptor, router) = (acceptor.clone(), router.clone());
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else { return };
                    let service = TowerToHyperService::new(router);
                    let _ = auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        Self { url, addr, certificate, shared, task }
    }

    /// SDK client options whose transport reaches the stand-in and trusts its certificate only.
    pub fn client_options(&self) -> ClientOptions {
        let certificate = reqwest::Certificate::from_der(&self.certificate).unwrap();
        let client = reqwest::Client::builder()
            .tls_certs_only([certificate])
            .resolve(HOST, self.addr)
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        ClientOptions { transport: Some(Transport::new(Arc::new(client))), ..Default::default() }
    }

    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.shared.store.lock().unwrap()
    }

    /// Adds a version as the portal or `az keyvault secret set` would: no backbone tags.
    pub fn add_foreign_version(&self, name: &str, value: &str, managed: bool) -> String {
        let now = self.shared.clock.now().unix_timestamp();
        let mut store = self.store();
        let version = store.next_version_id();
        store.secrets.entry(name.to_owned()).or_default().push(StoredVersion {
            version: version.clone(),
            value: value.to_owned(),
            enabled: true,
            created: now,
            updated: now,
            tags: None,
            managed,
        });
        version
    }
}

async fn handle(
    AxumState(shared): AxumState<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let url = Url::parse(&format!("https://{HOST}{uri}")).unwrap();
    let query: Vec<(String, String)> =
        url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let authorization = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let now = shared.clock.now().unix_timestamp();
    let mut store = shared.store.lock().unwrap();
    store.requests.push(Recorded {
        method: method.clone(),
        path: uri.path().to_owned(),
        query: query.clone(),
        authorization: authorization.clone(),
        body: body.to_vec(),
    });
    let query: HashMap<String, String> = query.into_iter().collect();

    if query.get("api-version").map(String::as_str) != Some(API_VERSION) {
        return error(
            StatusCode::BAD_REQUEST,
            "BadParameter",
            "The api-version is missing or not supported.",
        );
    }
    if authorization.as_deref() != Some(&format!("Bearer {TOKEN}")) {
        let mut response = error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "AKV10000: Request is missing a Bearer or PoP token.",
        );
        response.headers_mut().insert(WWW_AUTHENTICATE, CHALLENGE.parse().unwrap());
        return response;
    }

    let segments: Vec<&str> = uri.path().split('/').filter(|s| !s.is_empty()).collect();
    let base = shared.base.as_str();
    match (method, segments.as_slice()) {
        (Method::GET, ["secrets"]) => {
            let items: Vec<Value> = store
                .secrets
                .iter()
                .filter_map(|(name, versions)| versions.last().map(|latest| (name, latest)))
                .map(|(name, latest)| {
                    let mut item = properties(base, name, latest, false);
                    item["id"] = json!(format!("{base}secrets/{name}"));
                    item
                })
                .collect();
            page(base, "secrets", items, &query)
        }
        (Method::PUT, ["secrets", name]) => {
            let name = name.to_ascii_lowercase();
            let Ok(request) = serde_json::from_slice::<Value>(&body) else {
                return error(StatusCode::BAD_REQUEST, "BadParameter", "The request body is not JSON.");
            };
            let Some(value) = request["value"].as_str() else {
                return error(StatusCode::BAD_REQUEST, "BadParameter", "Property value is required.");
            };
            let tags = match parse_tags(&request) {
                Ok(tags) => tags,
                Err(message) => return error(StatusCode::BAD_REQUEST, "BadParameter", message),
            };
            let version = store.next_version_id();
            let stored = StoredVersion {
                version,
                value: value.to_owned(),
                enabled: request["attributes"]["enabled"].as_bool().unwrap_or(true),
                created: now,
                updated: now,
                tags,
                managed: false,
            };
            let response = properties(base, &name, &stored, true);
            store.secrets.entry(name).or_default().push(stored);
            ok(response)
        }
        (Method::GET, ["secrets", name, "versions"]) => {
            let name = name.to_ascii_lowercase();
            let Some(versions) = store.secrets.get(&name) else {
                if store.missing_versions_is_404 {
                    return not_found(&name);
                }
                return ok(json!({"value": [], "nextLink": null}));
            };
            let mut versions = versions.clone();
            versions.sort_by(|a, b| a.version.cmp(&b.version));
            let items = versions.iter().map(|v| properties(base, &name, v, false)).collect();
            page(base, &format!("secrets/{name}/versions"), items, &query)
        }
        (Method::GET, ["secrets", name]) => {
            let name = name.to_ascii_lowercase();
            match store.secrets.get(&name).and_then(|versions| versions.last()) {
                Some(latest) => read(base, &name, latest),
                None => not_found(&name),
            }
        }
        (Method::GET, ["secrets", name, version]) => {
            let name = name.to_ascii_lowercase();
            match find(&store, &name, version) {
                Some(stored) if !store.unreadable.contains(stored.version.as_str()) => {
                    read(base, &name, stored)
                }
                _ => not_found(&name),
            }
        }
        (Method::PATCH, ["secrets", name, version]) => {
            let name = name.to_ascii_lowercase();
            let Ok(request) = serde_json::from_slice::<Value>(&body) else {
                return error(StatusCode::BAD_REQUEST, "BadParameter", "The request body is not JSON.");
            };
            let tags = match parse_tags(&request) {
                Ok(tags) => tags,
                Err(message) => return error(StatusCode::BAD_REQUEST, "BadParameter", message),
            };
            let Some(stored) = store
                .secrets
                .get_mut(&name)
                .and_then(|versions| versions.iter_mut().find(|v| v.version == *version))
            else {
                return not_found(&name);
            };
            if let Some(enabled) = request["attributes"]["enabled"].as_bool() {
                stored.enabled = enabled;
            }
            if request.get("tags").is_some() {
                stored.tags = tags;
            }
            stored.updated = now;
            ok(properties(base, &name, stored, false))
        }
        (method, ["keys", ..]) => keys(&mut store, base, now, method, &segments[1..], &body, &query),
        _ => error(StatusCode::BAD_REQUEST, "BadParameter", "The stand-in does not implement this call."),
    }
}

/// The calls on `/keys/…`; `path` follows `keys`.
fn keys(
    store: &mut Store,
    base: &str,
    now: i64,
    method: Method,
    path: &[&str],
    body: &[u8],
    query: &HashMap<String, String>,
) -> Response {
    let Some(name) = path.first().map(|name| name.to_ascii_lowercase()) else {
        return error(StatusCode::BAD_REQUEST, "BadParameter", "The stand-in does not list keys.");
    };
    let request = match method {
        Method::POST | Method::PATCH => match serde_json::from_slice::<Value>(body) {
            Ok(request) => request,
            Err(_) => return error(StatusCode::BAD_REQUEST, "BadParameter", "The request body is not JSON."),
        },
        _ => Value::Null,
    };
    match (method, &path[1..]) {
        (Method::POST, ["create"]) => {
            let kty = request["kty"].as_str().unwrap_or_default();
            if !["EC", "EC-HSM"].contains(&kty) || request["crv"] != "P-256" {
                return error(
                    StatusCode::BAD_REQUEST,
                    "BadParameter",
                    "The stand-in makes P-256 EC keys only.",
                );
            }
            let tags = match parse_tags(&request) {
                Ok(tags) => tags,
                Err(message) => return error(StatusCode::BAD_REQUEST, "BadParameter", message),
            };
            let Ok(pair) = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING) else {
                return error(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "Key generation failed.");
            };
            let stored = StoredKey {
                version: store.next_version_id(),
                kty: kty.to_owned(),
                pair: Arc::new(pair),
                enabled: true,
                created: now,
                updated: now,
                tags,
            };
            let response = key_bundle(base, &name, &stored);
            store.keys.entry(name).or_default().push(stored);
            ok(response)
        }
        (Method::GET, ["versions"]) => {
            let Some(versions) = store.keys.get(&name) else {
                if store.missing_versions_is_404 {
                    return key_not_found(&name);
                }
                return ok(json!({"value": [], "nextLink": null}));
            };
            let mut versions = versions.clone();
            versions.sort_by(|a, b| a.version.cmp(&b.version));
            let items = versions.iter().map(|v| key_item(base, &name, v)).collect();
            page(base, &format!("keys/{name}/versions"), items, query)
        }
        (Method::GET, [version]) => match find_key(store, &name, version) {
            Some(stored) if !stored.enabled => disabled("get", "key"),
            Some(stored) => ok(key_bundle(base, &name, stored)),
            None => key_not_found(&name),
        },
        (Method::PATCH, [version]) => {
            let tags = match parse_tags(&request) {
                Ok(tags) => tags,
                Err(message) => return error(StatusCode::BAD_REQUEST, "BadParameter", message),
            };
            let Some(stored) = store
                .keys
                .get_mut(&name)
                .and_then(|versions| versions.iter_mut().find(|v| v.version == *version))
            else {
                return key_not_found(&name);
            };
            if let Some(enabled) = request["attributes"]["enabled"].as_bool() {
                stored.enabled = enabled;
            }
            if request.get("tags").is_some() {
                stored.tags = tags;
            }
            stored.updated = now;
            ok(key_bundle(base, &name, stored))
        }
        (Method::POST, [version, "sign"]) => {
            let Some(stored) = find_key(store, &name, version) else { return key_not_found(&name) };
            if !stored.enabled {
                return disabled("sign", "key");
            }
            if request["alg"] != "ES256" {
                return error(StatusCode::BAD_REQUEST, "BadParameter", "The stand-in signs ES256 only.");
            }
            let digest = request["value"].as_str().and_then(|value| URL_SAFE_NO_PAD.decode(value).ok());
            let Some(digest) = digest.and_then(|digest| Digest::import_less_safe(&digest, &SHA256).ok())
            else {
                return error(StatusCode::BAD_REQUEST, "BadParameter", "The value must be a SHA-256 digest.");
            };
            let Ok(signature) = stored.pair.sign_digest(&digest) else {
                return error(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "Signing failed.");
            };
            ok(json!({
                "kid": format!("{base}keys/{name}/{}", stored.version),
                "value": URL_SAFE_NO_PAD.encode(signature.as_ref()),
            }))
        }
        _ => error(StatusCode::BAD_REQUEST, "BadParameter", "The stand-in does not implement this call."),
    }
}

fn find_key<'a>(store: &'a Store, name: &str, version: &str) -> Option<&'a StoredKey> {
    store.keys.get(name)?.iter().find(|v| v.version == version)
}

/// The key bundle of a version: its public JWK, attributes and tags.
fn key_bundle(base: &str, name: &str, stored: &StoredKey) -> Value {
    let point = stored.pair.public_key().as_ref();
    let mut bundle = key_item(base, name, stored);
    bundle["key"] = json!({
        "kid": format!("{base}keys/{name}/{}", stored.version),
        "kty": stored.kty,
        "crv": "P-256",
        "key_ops": ["sign", "verify"],
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
        "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
    });
    bundle.as_object_mut().map(|object| object.remove("kid"));
    bundle
}

/// The key item of a version, as the versions listing gives it.
fn key_item(base: &str, name: &str, stored: &StoredKey) -> Value {
    let mut item = json!({
        "kid": format!("{base}keys/{name}/{}", stored.version),
        "attributes": attributes(stored.enabled, stored.created, stored.updated),
    });
    if let Some(tags) = &stored.tags {
        item["tags"] = json!(tags);
    }
    item
}

fn key_not_found(name: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "KeyNotFound",
        &format!("A key with (name/id) {name} was not found in this key vault."),
    )
}

fn find<'a>(store: &'a Store, name: &str, version: &str) -> Option<&'a StoredVersion> {
    store.secrets.get(name)?.iter().find(|v| v.version == version)
}

fn read(base: &str, name: &str, stored: &StoredVersion) -> Response {
    if !stored.enabled {
        return disabled("get", "secret");
    }
    ok(properties(base, name, stored, true))
}

/// Key Vault's answer to an operation on a disabled version.
fn disabled(operation: &str, what: &str) -> Response {
    let inner = if what == "key" { "KeyDisabled" } else { "SecretDisabled" };
    let body = json!({"error": {
        "code": "Forbidden",
        "message": format!("Operation {operation} is not allowed on a disabled {what}."),
        "innererror": {"code": inner},
    }});
    (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
}

/// The secret bundle (`with_value`) or secret item of a version.
fn properties(base: &str, name: &str, stored: &StoredVersion, with_value: bool) -> Value {
    let mut item = json!({
        "id": format!("{base}secrets/{name}/{}", stored.version),
        "attributes": attributes(stored.enabled, stored.created, stored.updated),
    });
    if with_value {
        item["value"] = json!(stored.value);
    }
    if let Some(tags) = &stored.tags {
        item["tags"] = json!(tags);
    }
    if stored.managed {
        item["managed"] = json!(true);
    }
    item
}

fn attributes(enabled: bool, created: i64, updated: i64) -> Value {
    json!({
        "enabled": enabled,
        "created": created,
        "updated": updated,
        "recoveryLevel": "Recoverable+Purgeable",
        "recoverableDays": 90,
    })
}

/// Key Vault accepts at most 15 tags, with values of at most 256 characters. The error is a message for a
/// 400 answer.
fn parse_tags(request: &Value) -> Result<Option<BTreeMap<String, String>>, &'static str> {
    let Some(tags) = request.get("tags") else { return Ok(None) };
    let tags: BTreeMap<String, String> =
        serde_json::from_value(tags.clone()).map_err(|_| "Tags must be strings.")?;
    if tags.len() > 15 || tags.values().any(|v| v.chars().count() > 256) {
        return Err("Too many tags, or a tag value is too long.");
    }
    Ok(Some(tags))
}

/// One page of `items`, from the offset in `$skiptoken`, with a `nextLink` if more follow.
fn page(base: &str, path: &str, items: Vec<Value>, query: &HashMap<String, String>) -> Response {
    let start: usize = query.get("$skiptoken").and_then(|s| s.parse().ok()).unwrap_or(0);
    let size = query.get("maxresults").and_then(|s| s.parse().ok()).unwrap_or(25).min(PAGE_SIZE);
    let end = (start + size).min(items.len());
    let next_link = (end < items.len())
        .then(|| format!("{base}{path}?api-version={API_VERSION}&$skiptoken={end}&maxresults={size}"));
    ok(json!({"value": items[start.min(end)..end], "nextLink": next_link}))
}

fn ok(body: Value) -> Response {
    (StatusCode::OK, axum::Json(body)).into_response()
}

fn not_found(name: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "SecretNotFound",
        &format!("A secret with (name/id) {name} was not found in this key vault."),
    )
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, axum::Json(json!({"error": {"code": code, "message": message}}))).into_response()
}

/// splitmix64: spreads a counter over 64 bits.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
