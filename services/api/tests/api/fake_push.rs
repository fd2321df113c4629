//! A stand-in for the push platforms (FCM, APNs, WNS and their token endpoints): records every
//! request and answers like the platform would.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use backbone_domain::Secret;
use backbone_push::{ApnsApp, FcmApp, PushConfig, WnsApp};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |value| value.to_str().unwrap())
    }
}

#[derive(Default)]
struct Shared {
    requests: Vec<Recorded>,
    /// Handles the platform reports as no longer valid.
    dead_handles: Vec<String>,
}

#[derive(Clone)]
pub struct FakePush {
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

impl FakePush {
    pub async fn start() -> Self {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = Router::new().fallback(record).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, shared }
    }

    /// The push requests received so far (token requests left out).
    pub fn pushes(&self) -> Vec<Recorded> {
        let shared = self.shared.lock().unwrap();
        shared.requests.iter().filter(|request| !request.path.contains("token")).cloned().collect()
    }

    pub fn reject_handle(&self, handle: &str) {
        self.shared.lock().unwrap().dead_handles.push(handle.to_owned());
    }

    /// A configuration with one app per platform, all pointing here.
    pub fn config(&self) -> PushConfig {
        let key = |name: &str| {
            let path = format!("{}/../push/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_to_string(path).unwrap()
        };
        let service_account = json!({
            "client_email": "backbone@test-project.iam.gserviceaccount.com",
            "private_key": key("fcm-test-only-rsa-private.pem"),
            "token_uri": format!("{}/fcm/token", self.url),
        });
        let mut config = PushConfig::default();
        config.fcm.endpoint = self.url.clone();
        config.fcm.apps.insert(
            "eu.enmeshed.app".into(),
            FcmApp {
                project_id: "test-project".into(),
                service_account: Secret::new(service_account.to_string()),
            },
        );
        config.apns.endpoint = format!("{}/apns", self.url);
        config.apns.sandbox_endpoint = format!("{}/apns-sandbox", self.url);
        config.apns.apps.insert(
            "eu.enmeshed.app".into(),
            ApnsApp {
                team_id: "TEAM123456".into(),
                key_id: "KEY1234567".into(),
                private_key: Secret::new(key("apns-test-only-ec-private.pem")),
            },
        );
        config.wns.token_endpoint = format!("{}/wns/{{tenant}}/token", self.url);
        config.wns.allowed_channel_hosts = vec!["127.0.0.1".into()];
        config.wns.allow_insecure_channels = true;
        config.wns.apps.insert(
            "eu.enmeshed.app".into(),
            WnsApp {
                tenant_id: "tenant".into(),
                client_id: "client".into(),
                client_secret: Secret::new("secret"),
            },
        );
        config
    }
}

async fn record(
    State(shared): State<Arc<Mutex<Shared>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let mut shared = shared.lock().unwrap();
    shared.requests.push(Recorded { method, path: path.clone(), headers, body: body.clone() });
    if path.ends_with("/token") {
        return axum::Json(
            json!({"access_token": "fake-access-token", "expires_in": 3600, "token_type": "Bearer"}),
        )
        .into_response();
    }
    let text = String::from_utf8_lossy(&body);
    let dead = shared
        .dead_handles
        .iter()
        .any(|handle| path.contains(handle.as_str()) || text.contains(handle.as_str()));
    if !dead {
        return axum::Json(json!({"name": "projects/test-project/messages/1"})).into_response();
    }
    match path.split('/').nth(1) {
        Some("apns" | "apns-sandbox") => {
            (StatusCode::GONE, axum::Json(json!({"reason": "Unregistered"}))).into_response()
        }
        Some("v1") => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"error": {"code": 404, "status": "NOT_FOUND", "details": [
                {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}
            ]}})),
        )
            .into_response(),
        _ => StatusCode::GONE.into_response(),
    }
}
