//! Boots a Consumer API on 127.0.0.1:0 with a fresh SQLite database and a controllable clock.

use std::sync::{Arc, Mutex};

use backbone_api::{AccessTokenConfig, ApiConfig, ConsumerApi, OAuthClientConfig};
use backbone_blob::BlobStore;
use backbone_bus::{InProcess, Relay};
use backbone_domain::password::PasswordPolicy;
use backbone_domain::{Clock, Secret};
use backbone_store::Db;
use ed25519_dalek::SigningKey;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};
use tokio_util::sync::CancellationToken;

pub const CLIENT_ID: &str = "test";
pub const CLIENT_SECRET: &str = "test";
pub const PASSWORD: &str = "password";

/// A clock the test moves by hand.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<OffsetDateTime>>);

impl TestClock {
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

pub struct TestServer {
    pub url: String,
    pub db: Db,
    pub clock: TestClock,
    http: reqwest::Client,
    shutdown: CancellationToken,
    _dir: tempfile::TempDir,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

pub fn dev_config() -> ApiConfig {
    ApiConfig {
        password_policy: PasswordPolicy::Relaxed,
        access_tokens: AccessTokenConfig {
            signing_key: Secret::new("a test signing key that is long enough"),
            ..AccessTokenConfig::default()
        },
        clients: vec![OAuthClientConfig {
            client_id: CLIENT_ID.into(),
            client_secret: Secret::new(CLIENT_SECRET),
            display_name: None,
            default_tier: "Basic".into(),
            max_identities: None,
        }],
        ..ApiConfig::default()
    }
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(dev_config()).await
    }

    pub async fn start_with(config: ApiConfig) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("api.db").display())).await.unwrap();
        db.migrate().await.unwrap();
        #[allow(clippy::disallowed_methods)]
        let clock = TestClock(Arc::new(Mutex::new(backbone_domain::clock::truncate_to_millis(
            OffsetDateTime::now_utc(),
        ))));
        let blobs =
            BlobStore::open(&format!("file://{}", dir.path().join("blobs").display()), &Default::default())
                .unwrap();
        let api = ConsumerApi::start(&config, db.clone(), blobs, Arc::new(clock.clone())).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shutdown = CancellationToken::new();
        tokio::spawn(api.serve(vec![listener], shutdown.clone()));
        let subscribers = backbone_api::event_subscribers(&config, &db, Arc::new(clock.clone())).unwrap();
        let relay = Relay::new(db.clone(), Arc::new(InProcess::new(subscribers)), Arc::new(clock.clone()));
        tokio::spawn(relay.run(shutdown.clone()));
        Self { url, db, clock, http: reqwest::Client::new(), shutdown, _dir: dir }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.url))
    }

    pub fn authed(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.request(method, path).bearer_auth(token)
    }

    pub async fn challenge(&self, token: Option<&str>) -> Value {
        let mut request = self.request(Method::POST, "/api/v2/Challenges").json(&json!({}));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        body(response).await["result"].clone()
    }

    /// A signed challenge in the shape the official client sends.
    pub async fn signed_challenge(&self, key: &SigningKey, token: Option<&str>) -> Value {
        let challenge = self.challenge(token).await;
        sign_challenge(
            key,
            &json!({"id": challenge["id"], "expiresAt": challenge["expiresAt"], "type": "Identity"})
                .to_string(),
        )
    }

    pub async fn create_identity_with(&self, key: &SigningKey) -> Response {
        let signed_challenge = self.signed_challenge(key, None).await;
        self.request(Method::POST, "/api/v2/Identities")
            .json(&json!({
                "clientId": CLIENT_ID,
                "clientSecret": CLIENT_SECRET,
                "identityPublicKey": public_key_envelope(key),
                "devicePassword": PASSWORD,
                "identityVersion": 1,
                "signedChallenge": signed_challenge,
            }))
            .send()
            .await
            .unwrap()
    }

    /// A fresh identity with one onboarded device and its token.
    pub async fn identity(&self) -> TestIdentity {
        let key = SigningKey::from_bytes(&rand::random());
        let response = self.create_identity_with(&key).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let created = body(response).await["result"].clone();
        let username = created["device"]["username"].as_str().unwrap().to_owned();
        let token = self.token(&username, PASSWORD).await;
        TestIdentity {
            key,
            address: created["address"].as_str().unwrap().to_owned(),
            device_id: created["device"]["id"].as_str().unwrap().to_owned(),
            username,
            token,
        }
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        let form = [
            ("grant_type", "password"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("username", username),
            ("password", password),
        ];
        self.request(Method::POST, "/connect/token").form(&form).send().await.unwrap()
    }

    pub async fn token(&self, username: &str, password: &str) -> String {
        let response = self.login(username, password).await;
        assert_eq!(response.status(), StatusCode::OK);
        body(response).await["access_token"].as_str().unwrap().to_owned()
    }

    /// Registers another device of `identity`; returns the response.
    pub async fn register_device(&self, identity: &TestIdentity, extra: Value) -> Response {
        let signed_challenge = self.signed_challenge(&identity.key, Some(&identity.token)).await;
        let mut request = json!({ "devicePassword": PASSWORD, "signedChallenge": signed_challenge });
        request.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        self.authed(Method::POST, "/api/v2/Devices", &identity.token).json(&request).send().await.unwrap()
    }

    /// Registers and logs in a second device; returns its id and token.
    pub async fn second_device(&self, identity: &TestIdentity) -> (String, String) {
        let response = self.register_device(identity, json!({})).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let device = body(response).await["result"].clone();
        let token = self.token(device["username"].as_str().unwrap(), PASSWORD).await;
        (device["id"].as_str().unwrap().to_owned(), token)
    }
}

impl TestServer {
    /// Fetches `identity`'s new external events through sync runs, acknowledging them, until there
    /// are `count` (events are created asynchronously by the relay). Creates the identity's
    /// datawallet first if needed, like the client does on account creation.
    pub async fn external_events(&self, identity: &TestIdentity, count: usize) -> Vec<Value> {
        let sync = |method: Method, path: &str| {
            self.authed(method, path, &identity.token).header("x-supported-datawallet-version", "1")
        };
        if sync(Method::GET, "/api/v2/Datawallet").send().await.unwrap().status() == StatusCode::NOT_FOUND {
            let start = json!({"type": "DatawalletVersionUpgrade"});
            let run =
                assert_result(sync(Method::POST, "/api/v2/SyncRuns").json(&start).send().await.unwrap(), 201)
                    .await;
            let path = format!(
                "/api/v2/SyncRuns/{}/FinalizeDatawalletVersionUpgrade",
                run["syncRun"]["id"].as_str().unwrap()
            );
            assert_result(
                sync(Method::PUT, &path).json(&json!({"newDatawalletVersion": 1})).send().await.unwrap(),
                200,
            )
            .await;
        }
        // Events in the outbox may still add, unblock or drop external events.
        self.settle().await;
        let mut events = Vec::new();
        for _ in 0..300 {
            events.extend(backbone_testkit::sync_once(&self.http, &self.url, &identity.token).await);
            if events.len() >= count {
                assert_eq!(events.len(), count, "{events:?}");
                return events;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("expected {count} external events, got {events:?}");
    }
}

impl TestServer {
    /// Waits until the relay has handled every committed domain event.
    pub async fn settle(&self) {
        for _ in 0..500 {
            let pending =
                backbone_store::outbox::pending(&mut self.db.conn().await.unwrap(), 1).await.unwrap();
            if pending.is_empty() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("the relay did not catch up");
    }
}

pub struct TestIdentity {
    pub key: SigningKey,
    pub address: String,
    pub device_id: String,
    pub username: String,
    pub token: String,
}

pub use backbone_testkit::{public_key_envelope, sign_challenge};

pub async fn body(response: Response) -> Value {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text:?}"))
}

/// Asserts an error response: status and `error.code`; returns the error object.
pub async fn assert_error(response: Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let body = body(response).await;
    assert_eq!(body["error"]["code"], code, "{body}");
    body["error"].clone()
}

/// Asserts a success response and returns its `result`; `status` 0 accepts any 2xx.
pub async fn assert_result(response: Response, status: u16) -> Value {
    let actual = response.status().as_u16();
    let body = body(response).await;
    if status == 0 {
        assert!((200..300).contains(&actual), "{actual}: {body}");
    } else {
        assert_eq!(actual, status, "{body}");
    }
    body["result"].clone()
}

impl TestServer {
    /// Creates a template of `creator` with the given extra properties; returns its id.
    pub async fn template(&self, creator: &TestIdentity, extra: Value) -> String {
        let mut body = json!({"content": "AQID"});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let response = self
            .authed(Method::POST, "/api/v2/RelationshipTemplates", &creator.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_result(response, 201).await["id"].as_str().unwrap().to_owned()
    }

    /// `requester` sends a relationship request through a new template of `templator`; returns its id.
    pub async fn pending_relationship(&self, requester: &TestIdentity, templator: &TestIdentity) -> String {
        let template = self.template(templator, json!({})).await;
        let path = format!("/api/v2/RelationshipTemplates/{template}");
        assert_result(self.authed(Method::GET, &path, &requester.token).send().await.unwrap(), 200).await;
        let body = json!({"relationshipTemplateId": template, "creationContent": "BAU"});
        let response = self
            .authed(Method::POST, "/api/v2/Relationships", &requester.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_result(response, 201).await["id"].as_str().unwrap().to_owned()
    }

    /// Puts an action (`Accept`, `Reactivate/Revoke`, …) on a relationship as `actor`.
    pub async fn relationship_action(
        &self,
        actor: &TestIdentity,
        relationship: &str,
        action: &str,
    ) -> Response {
        let path = format!("/api/v2/Relationships/{relationship}/{action}");
        self.authed(Method::PUT, &path, &actor.token).json(&json!({})).send().await.unwrap()
    }
}
