#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Each provider against a local fake of its platform: what the fake received (paths, headers,
//! signed JWTs, bodies), token caching, and how the platform's answers map to `PushError`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use backbone_domain::id::{DeviceId, DevicePushIdentifier};
use backbone_domain::{Clock, IdentityAddress, Secret};
use backbone_push::{
    ApnsApp, ApnsConfig, ApnsProvider, FcmApp, FcmConfig, FcmProvider, LogProvider, Notification,
    NotificationText, Platform, PushConfig, PushEnvironment, PushError, PushProvider, Registration, WnsApp,
    WnsConfig, WnsProvider,
};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

const FCM_PRIVATE_KEY: &str = include_str!("keys/fcm-test-only-rsa-private.pem");
const FCM_PUBLIC_KEY: &str = include_str!("keys/fcm-test-only-rsa-public.pem");
const APNS_PRIVATE_KEY: &str = include_str!("keys/apns-test-only-ec-private.pem");
const APNS_PUBLIC_KEY: &str = include_str!("keys/apns-test-only-ec-public.pem");

// ---- the fake platform ----

/// One request as the fake received it.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    /// Path and query.
    target: String,
    headers: HeaderMap,
    body: Bytes,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn form(&self) -> BTreeMap<String, String> {
        form_urlencoded::parse(&self.body).into_owned().collect()
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

type Responder = dyn Fn(&Received) -> (StatusCode, Value) + Send + Sync;

#[derive(Clone)]
struct FakeState {
    received: Arc<Mutex<Vec<Received>>>,
    respond: Arc<Responder>,
}

/// An HTTP server on 127.0.0.1 that records every request and answers with `respond`.
struct Fake {
    base: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Fake {
    async fn start(respond: impl Fn(&Received) -> (StatusCode, Value) + Send + Sync + 'static) -> Fake {
        let state = FakeState { received: Arc::default(), respond: Arc::new(respond) };
        let received = Arc::clone(&state.received);
        let router = Router::new().fallback(record).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Fake { base, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn record(State(state): State<FakeState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let received = Received {
        method: parts.method.to_string(),
        target: parts.uri.path_and_query().map(ToString::to_string).unwrap_or_default(),
        headers: parts.headers,
        body: axum::body::to_bytes(body, 1 << 20).await.unwrap(),
    };
    let (status, body) = (state.respond)(&received);
    state.received.lock().unwrap().push(received);
    (status, axum::Json(body)).into_response()
}

// ---- shared test data ----

struct ManualClock(Mutex<OffsetDateTime>);

impl ManualClock {
    fn new() -> Arc<ManualClock> {
        Arc::new(ManualClock(Mutex::new(OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap())))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

fn registration(platform: Platform, app_id: &str, handle: &str) -> Registration {
    Registration {
        device: DeviceId::parse("DVCtestdevice0000001").unwrap(),
        identity: IdentityAddress::trusted("did:e:localhost:dids:0123456789abcdef0123ab".to_owned()),
        platform,
        handle: handle.to_owned(),
        app_id: app_id.to_owned(),
        environment: PushEnvironment::Production,
        device_push_identifier: DevicePushIdentifier::trusted("DPItestpush000000001".to_owned()),
    }
}

fn content() -> Value {
    json!({
        "accRef": "did:e:localhost:dids:0123456789abcdef0123ab",
        "devicePushIdentifier": "DPItestpush000000001",
        "eventName": "dynamic",
        "sentAt": "2027-01-15T08:00:00.000Z",
        "payload": {"messageId": "MSGtest0000000000001"}
    })
}

fn visible_with_content() -> Notification {
    Notification {
        text: Some(NotificationText {
            title: "New message".to_owned(),
            body: "You have received a message".to_owned(),
        }),
        content: Some(content()),
        collapse_id: Some("message-received".to_owned()),
    }
}

fn silent() -> Notification {
    Notification { text: None, content: Some(content()), collapse_id: None }
}

fn text_only(collapse_id: Option<&str>) -> Notification {
    Notification {
        text: Some(NotificationText { title: "Tom & Jerry".to_owned(), body: "<hello>".to_owned() }),
        content: None,
        collapse_id: collapse_id.map(str::to_owned),
    }
}

fn ok() -> (StatusCode, Value) {
    (StatusCode::OK, json!({}))
}

// ---- FCM ----

const FCM_APP: &str = "eu.enmeshed.app";
const FCM_CLIENT_EMAIL: &str = "push@test-project.iam.gserviceaccount.com";

fn service_account(token_uri: &str, private_key: &str) -> Secret {
    Secret::new(
        json!({
            "type": "service_account",
            "project_id": "test-project",
            "private_key_id": "0123456789abcdef",
            "private_key": private_key,
            "client_email": FCM_CLIENT_EMAIL,
            "client_id": "1234567890",
            "token_uri": token_uri,
        })
        .to_string(),
    )
}

fn fcm_config(fake: &Fake, private_key: &str) -> FcmConfig {
    let app = FcmApp {
        project_id: "test-project".to_owned(),
        service_account: service_account(&format!("{}/token", fake.base), private_key),
    };
    FcmConfig { endpoint: fake.base.clone(), apps: BTreeMap::from([(FCM_APP.to_owned(), app)]) }
}

/// Access tokens are numbered, so that a test sees which one a send used.
fn fcm_responder(
    send: impl Fn(&Received) -> (StatusCode, Value) + Send + Sync + 'static,
) -> impl Fn(&Received) -> (StatusCode, Value) {
    let issued = Mutex::new(0);
    move |request| {
        if request.target == "/token" {
            let mut issued = issued.lock().unwrap();
            *issued += 1;
            (
                StatusCode::OK,
                json!({"access_token": format!("ya29.access-{issued}"), "expires_in": 3599, "token_type": "Bearer"}),
            )
        } else {
            send(request)
        }
    }
}

#[tokio::test]
async fn fcm_sends_v1_messages_with_one_cached_access_token() {
    let fake =
        Fake::start(fcm_responder(|_| (StatusCode::OK, json!({"name": "projects/test-project/messages/1"}))))
            .await;
    let clock = ManualClock::new();
    let provider = FcmProvider::new(&fcm_config(&fake, FCM_PRIVATE_KEY), reqwest::Client::new())
        .unwrap()
        .with_clock(clock.clone());
    assert!(provider.supports_app(FCM_APP));
    assert!(!provider.supports_app("other.app"));

    let device = registration(Platform::Fcm, FCM_APP, "fcm-registration-token-1");
    provider.send(&device, &visible_with_content()).await.unwrap();
    provider.send(&device, &silent()).await.unwrap();

    let received = fake.received();
    assert_eq!(received.len(), 3, "one token request for two sends");
    let (token_request, sends) = (&received[0], &received[1..]);

    assert_eq!((token_request.method.as_str(), token_request.target.as_str()), ("POST", "/token"));
    assert_eq!(token_request.header("content-type"), Some("application/x-www-form-urlencoded"));
    let form = token_request.form();
    assert_eq!(form["grant_type"], "urn:ietf:params:oauth:grant-type:jwt-bearer");
    let header = jsonwebtoken::decode_header(&form["assertion"]).unwrap();
    assert_eq!((header.alg, header.typ.as_deref()), (Algorithm::RS256, Some("JWT")));
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[format!("{}/token", fake.base)]);
    validation.validate_exp = false;
    let key = DecodingKey::from_rsa_pem(FCM_PUBLIC_KEY.as_bytes()).unwrap();
    let claims = jsonwebtoken::decode::<Value>(&form["assertion"], &key, &validation).unwrap().claims;
    let iat = clock.now().unix_timestamp();
    assert_eq!(
        claims,
        json!({
            "iss": FCM_CLIENT_EMAIL,
            "scope": "https://www.googleapis.com/auth/firebase.messaging",
            "aud": format!("{}/token", fake.base),
            "iat": iat,
            "exp": iat + 3600,
        })
    );

    for send in sends {
        assert_eq!(
            (send.method.as_str(), send.target.as_str()),
            ("POST", "/v1/projects/test-project/messages:send")
        );
        assert_eq!(send.header("authorization"), Some("Bearer ya29.access-1"));
        assert_eq!(send.header("content-type"), Some("application/json"));
    }
    let content_string = serde_json::to_string(&content()).unwrap();
    assert_eq!(
        sends[0].json(),
        json!({"message": {
            "token": "fcm-registration-token-1",
            "notification": {"title": "New message", "body": "You have received a message"},
            "data": {"content": content_string, "content-available": "1"},
            "android": {
                "priority": "high",
                "collapse_key": "message-received",
                "notification": {"channel_id": "ENMESHED", "tag": "message-received"},
            },
        }})
    );
    assert_eq!(
        sends[1].json(),
        json!({"message": {
            "token": "fcm-registration-token-1",
            "data": {"content": content_string, "content-available": "1"},
            "android": {"priority": "high"},
        }})
    );
    // The content string is the content object, as apps parse it.
    let data_content = sends[0].json()["message"]["data"]["content"].as_str().unwrap().to_owned();
    assert_eq!(serde_json::from_str::<Value>(&data_content).unwrap(), content());

    // Shortly before the token expires, a new one is fetched.
    clock.advance(Duration::minutes(55));
    provider.send(&device, &text_only(None)).await.unwrap();
    let received = fake.received();
    assert_eq!(received.len(), 5);
    assert_eq!(received[3].target, "/token");
    assert_eq!(received[4].header("authorization"), Some("Bearer ya29.access-2"));
    assert_eq!(
        received[4].json(),
        json!({"message": {
            "token": "fcm-registration-token-1",
            "notification": {"title": "Tom & Jerry", "body": "<hello>"},
            "android": {"priority": "high", "notification": {"channel_id": "ENMESHED"}},
        }})
    );
}

#[tokio::test]
async fn fcm_maps_dead_tokens_to_invalid_handle_and_other_failures_to_failed() {
    let fake = Fake::start(fcm_responder(|request| {
        match request.json()["message"]["token"].as_str().unwrap() {
            "uninstalled" => (
                StatusCode::NOT_FOUND,
                json!({"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND",
                    "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}]}}),
            ),
            "malformed" => (
                StatusCode::BAD_REQUEST,
                json!({"error": {"code": 400, "message": "The registration token is not a valid FCM registration token",
                    "status": "INVALID_ARGUMENT",
                    "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "INVALID_ARGUMENT"}]}}),
            ),
            "expired-auth" => (
                StatusCode::UNAUTHORIZED,
                json!({"error": {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}}),
            ),
            _ => (StatusCode::SERVICE_UNAVAILABLE, json!({"error": {"code": 503, "message": "unavailable", "status": "UNAVAILABLE"}})),
        }
    }))
    .await;
    let provider = FcmProvider::new(&fcm_config(&fake, FCM_PRIVATE_KEY), reqwest::Client::new()).unwrap();
    let send = |handle: &str| {
        let device = registration(Platform::Fcm, FCM_APP, handle);
        let provider = &provider;
        async move { provider.send(&device, &silent()).await }
    };

    assert!(matches!(send("uninstalled").await, Err(PushError::InvalidHandle)));
    assert!(matches!(send("malformed").await, Err(PushError::InvalidHandle)));
    let Err(PushError::Failed(message)) = send("secret-handle-xyz").await else {
        panic!("expected a failure")
    };
    assert_eq!(message, "FCM answered 503 Service Unavailable (UNAVAILABLE)");

    // A refused access token is dropped: the next send fetches a new one.
    assert!(matches!(send("expired-auth").await, Err(PushError::Failed(_))));
    send("uninstalled").await.unwrap_err();
    let tokens: Vec<_> = fake
        .received()
        .iter()
        .filter(|request| request.target != "/token")
        .map(|request| request.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(tokens.last().unwrap(), "Bearer ya29.access-2");
    assert_eq!(fake.received().iter().filter(|request| request.target == "/token").count(), 2);

    let unknown = registration(Platform::Fcm, "other.app", "token");
    assert!(
        matches!(provider.send(&unknown, &silent()).await, Err(PushError::UnsupportedApp(app)) if app == "other.app")
    );
}

#[tokio::test]
async fn fcm_refuses_malformed_service_accounts_at_start_up() {
    let broken_key = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n";
    let cases = [
        (
            "service_account is not a service-account key file with client_email and private_key (line 1, column 37)",
            Secret::new("{\"private_key\": \"secret-key-material\""),
        ),
        (
            "the service account's private_key is not a PEM RSA private key",
            service_account("https://oauth2.googleapis.com/token", broken_key),
        ),
        (
            "the service account's private_key is not a PEM RSA private key",
            service_account("https://oauth2.googleapis.com/token", APNS_PRIVATE_KEY),
        ),
    ];
    for (case, account) in cases {
        let app = FcmApp { project_id: "test-project".to_owned(), service_account: account };
        let config =
            FcmConfig { apps: BTreeMap::from([("broken.app".to_owned(), app)]), ..FcmConfig::default() };
        let error = FcmProvider::new(&config, reqwest::Client::new()).unwrap_err().to_string();
        assert_eq!(error, format!("push platform fcm, app 'broken.app': {case}"));
        for secret in
            ["secret-key-material", "c2VjcmV0LWtleS1tYXRlcmlhbA", "BEGIN", &APNS_PRIVATE_KEY[30..60]]
        {
            assert!(!error.contains(secret), "{case}: {error}");
        }
    }
}

// ---- APNs ----

const APNS_APP: &str = "eu.enmeshed.app";
const APNS_TEAM: &str = "TEAM123456";
const APNS_KEY_ID: &str = "KEY1234567";
const DEVICE_TOKEN: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

fn apns_config(fake: &Fake, private_key: &str) -> ApnsConfig {
    let app = ApnsApp {
        team_id: APNS_TEAM.to_owned(),
        key_id: APNS_KEY_ID.to_owned(),
        private_key: Secret::new(private_key),
    };
    ApnsConfig {
        endpoint: format!("{}/production", fake.base),
        sandbox_endpoint: format!("{}/sandbox", fake.base),
        apps: BTreeMap::from([(APNS_APP.to_owned(), app)]),
    }
}

/// The provider token's claims, after checking its header and signature.
fn provider_token_claims(authorization: &str) -> Value {
    let jwt = authorization.strip_prefix("bearer ").expect("a bearer token");
    let header = jsonwebtoken::decode_header(jwt).unwrap();
    assert_eq!((header.alg, header.kid.as_deref()), (Algorithm::ES256, Some(APNS_KEY_ID)));
    let mut validation = Validation::new(Algorithm::ES256);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_aud = false;
    let key = DecodingKey::from_ec_pem(APNS_PUBLIC_KEY.as_bytes()).unwrap();
    jsonwebtoken::decode::<Value>(jwt, &key, &validation).unwrap().claims
}

#[tokio::test]
async fn apns_sends_alerts_and_background_pushes_with_a_renewed_provider_token() {
    let fake = Fake::start(|_| ok()).await;
    let clock = ManualClock::new();
    let provider = ApnsProvider::new(&apns_config(&fake, APNS_PRIVATE_KEY), reqwest::Client::new())
        .unwrap()
        .with_clock(clock.clone());

    let production = registration(Platform::Apns, APNS_APP, DEVICE_TOKEN);
    let sandbox = Registration { environment: PushEnvironment::Development, ..production.clone() };
    provider.send(&production, &visible_with_content()).await.unwrap();
    provider.send(&sandbox, &silent()).await.unwrap();

    let received = fake.received();
    assert_eq!(received.len(), 2);
    let (alert, background) = (&received[0], &received[1]);
    assert_eq!(
        (alert.method.as_str(), alert.target.as_str()),
        ("POST", &*format!("/production/3/device/{DEVICE_TOKEN}"))
    );
    assert_eq!(background.target, format!("/sandbox/3/device/{DEVICE_TOKEN}"));
    for (request, push_type, priority) in [(alert, "alert", "10"), (background, "background", "5")] {
        assert_eq!(request.header("apns-topic"), Some(APNS_APP));
        assert_eq!(request.header("apns-push-type"), Some(push_type));
        assert_eq!(request.header("apns-priority"), Some(priority));
        assert_eq!(request.header("content-type"), Some("application/json"));
    }
    assert_eq!(alert.header("apns-collapse-id"), Some("message-received"));
    assert_eq!(background.header("apns-collapse-id"), None);

    let authorization = alert.header("authorization").unwrap();
    assert_eq!(background.header("authorization"), Some(authorization), "one provider token for both sends");
    assert_eq!(
        provider_token_claims(authorization),
        json!({"iss": APNS_TEAM, "iat": clock.now().unix_timestamp()})
    );

    assert_eq!(
        alert.json(),
        json!({
            "aps": {
                "alert": {"title": "New message", "body": "You have received a message"},
                "sound": "default",
                "content-available": 1,
            },
            "content": content(),
        })
    );
    assert_eq!(background.json(), json!({"aps": {"content-available": 1}, "content": content()}));

    // Apple refuses renewals within 20 minutes and tokens older than an hour: renewed after 50.
    clock.advance(Duration::minutes(49));
    provider.send(&production, &text_only(None)).await.unwrap();
    clock.advance(Duration::minutes(2));
    provider.send(&production, &text_only(None)).await.unwrap();
    let received = fake.received();
    assert_eq!(received[2].header("authorization"), Some(authorization));
    let renewed = received[3].header("authorization").unwrap();
    assert_ne!(renewed, authorization);
    assert_eq!(provider_token_claims(renewed)["iat"], json!(clock.now().unix_timestamp()));
    assert_eq!(
        received[2].json(),
        json!({"aps": {"alert": {"title": "Tom & Jerry", "body": "<hello>"}, "sound": "default"}})
    );
}

#[tokio::test]
async fn apns_maps_dead_device_tokens_to_invalid_handle() {
    let fake = Fake::start(|request| match request.target.rsplit('/').next().unwrap() {
        "0dead" => (StatusCode::GONE, json!({"reason": "Unregistered", "timestamp": 1_700_000_000_000_u64})),
        "0bad" => (StatusCode::BAD_REQUEST, json!({"reason": "BadDeviceToken"})),
        "0f0e" => (StatusCode::BAD_REQUEST, json!({"reason": "DeviceTokenNotForTopic"})),
        _ => (StatusCode::BAD_REQUEST, json!({"reason": "PayloadTooLarge"})),
    })
    .await;
    let provider = ApnsProvider::new(&apns_config(&fake, APNS_PRIVATE_KEY), reqwest::Client::new()).unwrap();
    let send = |handle: &str| {
        let device = registration(Platform::Apns, APNS_APP, handle);
        let provider = &provider;
        async move { provider.send(&device, &silent()).await }
    };

    assert!(matches!(send("0dead").await, Err(PushError::InvalidHandle)));
    assert!(matches!(send("0bad").await, Err(PushError::InvalidHandle)));
    assert!(matches!(send("0f0e").await, Err(PushError::InvalidHandle)));
    let Err(PushError::Failed(message)) = send("0abc").await else { panic!("expected a failure") };
    assert_eq!(message, "APNs answered 400 Bad Request (PayloadTooLarge)");
    // Not hex: refused without asking Apple (it would also change the request path).
    assert!(matches!(send("../../v1/other").await, Err(PushError::InvalidHandle)));
    assert!(matches!(send("").await, Err(PushError::InvalidHandle)));
    assert_eq!(fake.received().len(), 4);
}

#[tokio::test]
async fn apns_replaces_a_provider_token_apple_calls_expired() {
    let fake = Fake::start(|request| {
        if request.target.ends_with("/0e") {
            (StatusCode::FORBIDDEN, json!({"reason": "ExpiredProviderToken"}))
        } else {
            ok()
        }
    })
    .await;
    let provider = ApnsProvider::new(&apns_config(&fake, APNS_PRIVATE_KEY), reqwest::Client::new()).unwrap();
    let device = |handle: &str| registration(Platform::Apns, APNS_APP, handle);

    provider.send(&device("0d"), &silent()).await.unwrap();
    assert!(matches!(provider.send(&device("0e"), &silent()).await, Err(PushError::Failed(_))));
    provider.send(&device("0f"), &silent()).await.unwrap();
    let received = fake.received();
    assert_eq!(received[0].header("authorization"), received[1].header("authorization"));
    assert_ne!(received[1].header("authorization"), received[2].header("authorization"));
}

#[tokio::test]
async fn apns_refuses_malformed_keys_at_start_up() {
    let broken_key = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n";
    for (case, key) in
        [("broken key", broken_key), ("RSA key", FCM_PRIVATE_KEY), ("not PEM", "secret-key-material")]
    {
        let app = ApnsApp {
            team_id: APNS_TEAM.to_owned(),
            key_id: APNS_KEY_ID.to_owned(),
            private_key: Secret::new(key),
        };
        let config =
            ApnsConfig { apps: BTreeMap::from([("broken.bundle".to_owned(), app)]), ..ApnsConfig::default() };
        let error = ApnsProvider::new(&config, reqwest::Client::new()).unwrap_err().to_string();
        assert_eq!(
            error,
            "push platform apns, app 'broken.bundle': private_key is not a PEM EC private key (the .p8 file)",
            "{case}"
        );
        for secret in ["secret-key-material", "c2VjcmV0LWtleS1tYXRlcmlhbA", "BEGIN", &FCM_PRIVATE_KEY[30..60]]
        {
            assert!(!error.contains(secret), "{case}: {error}");
        }
    }
}

// ---- WNS ----

const WNS_APP: &str = "enmeshed.app_8wekyb3d8bbwe";

fn wns_config(fake: &Fake) -> WnsConfig {
    let app = WnsApp {
        tenant_id: "tenant-1".to_owned(),
        client_id: "00000000-0000-0000-0000-000000000001".to_owned(),
        client_secret: Secret::new("wns-client-secret"),
    };
    WnsConfig {
        token_endpoint: format!("{}/{{tenant}}/oauth2/v2.0/token", fake.base),
        allowed_channel_hosts: vec!["notify.windows.com".to_owned(), "127.0.0.1".to_owned()],
        allow_insecure_channels: true,
        apps: BTreeMap::from([(WNS_APP.to_owned(), app)]),
    }
}

fn wns_responder(
    send: impl Fn(&Received) -> (StatusCode, Value) + Send + Sync + 'static,
) -> impl Fn(&Received) -> (StatusCode, Value) {
    let issued = Mutex::new(0);
    move |request| {
        if request.target.ends_with("/oauth2/v2.0/token") {
            let mut issued = issued.lock().unwrap();
            *issued += 1;
            // Entra ID's documented example gives expires_in as a string.
            (
                StatusCode::OK,
                json!({"token_type": "Bearer", "expires_in": "86399", "access_token": format!("wns-access-{issued}")}),
            )
        } else {
            send(request)
        }
    }
}

#[tokio::test]
async fn wns_posts_raw_content_and_toasts_to_the_channel() {
    let fake = Fake::start(wns_responder(|_| ok())).await;
    let provider = WnsProvider::new(&wns_config(&fake), reqwest::Client::new()).unwrap();
    let channel = format!("{}/?token=AwYAAABchannel%2bsecret", fake.base);
    let device = registration(Platform::Wns, WNS_APP, &channel);

    provider.send(&device, &visible_with_content()).await.unwrap();
    provider.send(&device, &text_only(Some("relationship-changed-RELtest00000000001"))).await.unwrap();
    provider.send(&device, &text_only(Some("short1"))).await.unwrap();

    let received = fake.received();
    assert_eq!(received.len(), 4, "one token request for three sends");
    let token_request = &received[0];
    assert_eq!(token_request.target, "/tenant-1/oauth2/v2.0/token");
    assert_eq!(
        token_request.form(),
        BTreeMap::from([
            ("grant_type".to_owned(), "client_credentials".to_owned()),
            ("client_id".to_owned(), "00000000-0000-0000-0000-000000000001".to_owned()),
            ("client_secret".to_owned(), "wns-client-secret".to_owned()),
            ("scope".to_owned(), "https://wns.windows.com/.default".to_owned()),
        ])
    );

    let (raw, toast, short) = (&received[1], &received[2], &received[3]);
    for send in [raw, toast, short] {
        assert_eq!((send.method.as_str(), send.target.as_str()), ("POST", "/?token=AwYAAABchannel%2bsecret"));
        assert_eq!(send.header("authorization"), Some("Bearer wns-access-1"));
    }
    assert_eq!(raw.header("x-wns-type"), Some("wns/raw"));
    assert_eq!(raw.header("content-type"), Some("application/octet-stream"));
    assert_eq!(raw.header("x-wns-cache-policy"), Some("cache"));
    assert_eq!(raw.json(), content());

    assert_eq!(toast.header("x-wns-type"), Some("wns/toast"));
    assert_eq!(toast.header("content-type"), Some("text/xml"));
    assert_eq!(
        toast.text(),
        "<toast><visual><binding template=\"ToastGeneric\"><text>Tom &amp; Jerry</text><text>&lt;hello&gt;</text>\
         </binding></visual></toast>"
    );
    let tag = toast.header("x-wns-tag").unwrap();
    assert!(tag.len() == 16 && tag.bytes().all(|byte| byte.is_ascii_alphanumeric()), "{tag}");
    assert_eq!(short.header("x-wns-tag"), Some("short1"));
}

#[tokio::test]
async fn wns_refuses_channels_that_are_not_allowed() {
    let fake = Fake::start(wns_responder(|_| ok())).await;
    let provider = WnsProvider::new(&wns_config(&fake), reqwest::Client::new()).unwrap();
    for handle in ["http://evil.example/?token=x", "https://localhost/?token=x", "not a uri", ""] {
        let device = registration(Platform::Wns, WNS_APP, handle);
        assert!(matches!(provider.send(&device, &silent()).await, Err(PushError::InvalidHandle)), "{handle}");
    }
    // Plain http only with the test flag.
    let strict = WnsProvider::new(
        &WnsConfig { allow_insecure_channels: false, ..wns_config(&fake) },
        reqwest::Client::new(),
    )
    .unwrap();
    let device = registration(Platform::Wns, WNS_APP, &format!("{}/?token=x", fake.base));
    assert!(matches!(strict.send(&device, &silent()).await, Err(PushError::InvalidHandle)));
    assert!(fake.received().is_empty(), "nothing was sent, not even a token request");
    // The flag cannot come from a configuration file.
    assert!(serde_json::from_value::<WnsConfig>(json!({"allow_insecure_channels": true})).is_err());
}

#[tokio::test]
async fn wns_maps_gone_channels_to_invalid_handle() {
    let fake = Fake::start(wns_responder(|request| match request.target.as_str() {
        "/?token=unknown" => (StatusCode::NOT_FOUND, json!({})),
        "/?token=expired" => (StatusCode::GONE, json!({})),
        "/?token=auth" => (StatusCode::UNAUTHORIZED, json!({})),
        _ => (StatusCode::NOT_ACCEPTABLE, json!({})),
    }))
    .await;
    let provider = WnsProvider::new(&wns_config(&fake), reqwest::Client::new()).unwrap();
    let send = |token: &str| {
        let device = registration(Platform::Wns, WNS_APP, &format!("{}/?token={token}", fake.base));
        let provider = &provider;
        async move { provider.send(&device, &silent()).await }
    };
    assert!(matches!(send("unknown").await, Err(PushError::InvalidHandle)));
    assert!(matches!(send("expired").await, Err(PushError::InvalidHandle)));
    let Err(PushError::Failed(message)) = send("throttled-secret").await else {
        panic!("expected a failure")
    };
    assert_eq!(message, "WNS answered 406 Not Acceptable");
    // A refused access token is dropped: the next send fetches a new one.
    assert!(matches!(send("auth").await, Err(PushError::Failed(_))));
    send("unknown").await.unwrap_err();
    let received = fake.received();
    assert_eq!(received.last().unwrap().header("authorization"), Some("Bearer wns-access-2"));
}

// ---- the dummy platform ----

/// Collects formatted log output.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_log_provider_logs_device_and_event_but_not_the_handle() {
    let buffer = LogBuffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let device = registration(Platform::Dummy, "any.app", "secret-dummy-handle");
    assert!(LogProvider.supports_app("any.app"));
    LogProvider.send(&device, &visible_with_content()).await.unwrap();

    let logged = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains(" INFO "), "{logged}");
    assert!(logged.contains("DVCtestdevice0000001"), "{logged}");
    assert!(logged.contains("dynamic"), "{logged}");
    assert!(!logged.contains("secret-dummy-handle"), "{logged}");
}

// ---- configuration ----

#[test]
fn debug_output_shows_no_secret() {
    let mut config = PushConfig::default();
    config.fcm.apps.insert(
        FCM_APP.to_owned(),
        FcmApp {
            project_id: "test-project".to_owned(),
            service_account: service_account("https://oauth2.googleapis.com/token", FCM_PRIVATE_KEY),
        },
    );
    config.apns.apps.insert(
        APNS_APP.to_owned(),
        ApnsApp {
            team_id: APNS_TEAM.to_owned(),
            key_id: APNS_KEY_ID.to_owned(),
            private_key: Secret::new(APNS_PRIVATE_KEY),
        },
    );
    config.wns.apps.insert(
        WNS_APP.to_owned(),
        WnsApp {
            tenant_id: "tenant-1".to_owned(),
            client_id: "client".to_owned(),
            client_secret: Secret::new("wns-client-secret"),
        },
    );
    let device = registration(Platform::Wns, WNS_APP, "https://db5.notify.windows.com/?token=channel-secret");
    let providers = config.providers(&reqwest::Client::new()).unwrap();
    let outputs = [
        format!("{config:?}"),
        format!("{config:#?}"),
        serde_json::to_string(&config).unwrap(),
        format!("{device:?}"),
        format!("{:?}", FcmProvider::new(&config.fcm, reqwest::Client::new()).unwrap()),
        format!("{:?}", ApnsProvider::new(&config.apns, reqwest::Client::new()).unwrap()),
        format!("{:?}", WnsProvider::new(&config.wns, reqwest::Client::new()).unwrap()),
    ];
    for output in &outputs {
        for secret in [
            "PRIVATE KEY",
            &FCM_PRIVATE_KEY[40..80],
            &APNS_PRIVATE_KEY[40..80],
            "wns-client-secret",
            "channel-secret",
        ] {
            assert!(!output.contains(secret), "{secret} in {output}");
        }
    }
    assert!(outputs[0].contains(FCM_APP) && outputs[0].contains("<redacted>"));
    assert!(providers.accepts(Platform::Fcm, FCM_APP));
    assert!(providers.accepts(Platform::Wns, WNS_APP));
    assert!(!providers.accepts(Platform::Apns, "unknown.bundle"));
    assert!(providers.accepts(Platform::Dummy, "anything"));
}

#[test]
fn configuration_has_documented_defaults() {
    let config: PushConfig = serde_json::from_value(json!({})).unwrap();
    assert_eq!(config.fcm.endpoint, "https://fcm.googleapis.com");
    assert_eq!(config.apns.endpoint, "https://api.push.apple.com");
    assert_eq!(config.apns.sandbox_endpoint, "https://api.sandbox.push.apple.com");
    assert_eq!(config.wns.token_endpoint, "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token");
    assert_eq!(config.wns.allowed_channel_hosts, ["notify.windows.com"]);
    assert!(!config.wns.allow_insecure_channels);
    assert!(serde_json::from_value::<PushConfig>(json!({"fcm": {"unknown": 1}})).is_err());
    let schema = serde_json::to_string(&schemars::schema_for!(PushConfig)).unwrap();
    assert!(schema.contains("Hosts that channel URIs may point at"));
    assert!(!schema.contains("allow_insecure_channels"));
}
