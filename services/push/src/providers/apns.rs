//! Apple Push Notification service with token-based authentication: an ES256 provider token
//! signed with the team's .p8 key.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use backbone_domain::{Clock, Secret, SystemClock};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Client, StatusCode, Url};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::token::{Token, TokenSlot};
use super::{ConfigError, app_credentials, endpoint_url, error_code, fit_identifier, join, transport_error};
use crate::{Notification, PushEnvironment, PushError, PushProvider, Registration};

const PLATFORM: &str = "apns";
/// Apple refuses provider tokens older than an hour and renewals more often than every 20
/// minutes; 50 minutes keeps clear of both.
const TOKEN_LIFETIME: Duration = Duration::minutes(50);
/// Apple's limit for `apns-collapse-id`.
const MAX_COLLAPSE_ID_BYTES: usize = 64;
/// Reasons (with status 400) that mean the device token is of no use.
const DEAD_TOKEN_REASONS: [&str; 3] = ["BadDeviceToken", "DeviceTokenNotForTopic", "Unregistered"];

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ApnsConfig {
    /// Base URL of APNs for registrations in the `Production` environment.
    pub endpoint: String,
    /// Base URL of APNs for registrations in the `Development` environment.
    pub sandbox_endpoint: String,
    /// Credentials per bundle id (the `appId` apps register with).
    pub apps: BTreeMap<String, ApnsApp>,
}

impl Default for ApnsConfig {
    fn default() -> Self {
        Self {
            endpoint: "https://api.push.apple.com".to_owned(),
            sandbox_endpoint: "https://api.sandbox.push.apple.com".to_owned(),
            apps: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ApnsApp {
    /// The Apple developer team id (10 characters).
    pub team_id: String,
    /// The id of the APNs authentication key (10 characters).
    pub key_id: String,
    /// The content of the APNs authentication key file (`AuthKey_<key id>.p8`, a PEM EC P-256
    /// private key).
    pub private_key: Secret,
}

#[derive(Serialize)]
struct ProviderTokenClaims<'a> {
    iss: &'a str,
    iat: i64,
}

/// One authentication key and its current provider token.
struct Signer {
    team_id: String,
    key_id: String,
    key: EncodingKey,
    token: TokenSlot,
}

impl Signer {
    fn load(app_id: &str, app: &ApnsApp) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::Credentials {
            platform: PLATFORM,
            app_id: app_id.to_owned(),
            reason: reason.to_owned(),
        };
        if app.team_id.is_empty() || app.key_id.is_empty() {
            return Err(invalid("team_id and key_id are required"));
        }
        let key = EncodingKey::from_ec_pem(app.private_key.expose().as_bytes())
            .map_err(|_| invalid("private_key is not a PEM EC private key (the .p8 file)"))?;
        let signer = Self {
            team_id: app.team_id.clone(),
            key_id: app.key_id.clone(),
            key,
            token: TokenSlot::default(),
        };
        // Parsing the PEM does not check the key itself; signing once does.
        signer
            .sign(OffsetDateTime::UNIX_EPOCH)
            .map_err(|_| invalid("private_key cannot sign (not an EC P-256 key)"))?;
        Ok(signer)
    }

    fn sign(&self, now: OffsetDateTime) -> Result<Token, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.key_id.clone());
        let claims = ProviderTokenClaims { iss: &self.team_id, iat: now.unix_timestamp() };
        let value = jsonwebtoken::encode(&header, &claims, &self.key)?;
        Ok(Token { value: Secret::new(value), renew_at: now + TOKEN_LIFETIME })
    }

    async fn provider_token(&self, now: OffsetDateTime) -> Result<Secret, PushError> {
        self.token
            .get(now, || async move {
                self.sign(now)
                    .map_err(|_| PushError::Failed("cannot sign the APNs provider token".to_owned()))
            })
            .await
    }
}

/// Sends through APNs with one authentication key per bundle id.
pub struct ApnsProvider {
    http: Client,
    clock: Arc<dyn Clock>,
    production: Url,
    sandbox: Url,
    apps: BTreeMap<String, Arc<Signer>>,
}

impl ApnsProvider {
    /// Checks every app's key; a malformed one is an error naming the bundle id.
    ///
    /// APNs speaks HTTP/2 only: `http` must negotiate it by ALPN, as [`super::http_client`] does.
    pub fn new(config: &ApnsConfig, http: Client) -> Result<Self, ConfigError> {
        let production = endpoint_url(PLATFORM, "endpoint", &config.endpoint)?;
        let sandbox = endpoint_url(PLATFORM, "sandbox_endpoint", &config.sandbox_endpoint)?;
        // Keyed by the whole credential: bundle ids that share a key share its provider token.
        let mut signers: BTreeMap<(&str, &str, &str), Arc<Signer>> = BTreeMap::new();
        let mut apps = BTreeMap::new();
        for (app_id, app) in &config.apps {
            let credential = (app.team_id.as_str(), app.key_id.as_str(), app.private_key.expose());
            let signer = match signers.get(&credential) {
                Some(signer) => Arc::clone(signer),
                None => {
                    let signer = Arc::new(Signer::load(app_id, app)?);
                    signers.insert(credential, Arc::clone(&signer));
                    signer
                }
            };
            apps.insert(app_id.clone(), signer);
        }
        Ok(Self { http, clock: Arc::new(SystemClock), production, sandbox, apps })
    }

    /// Reads time from `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }
}

impl fmt::Debug for ApnsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApnsProvider")
            .field("production", &self.production.as_str())
            .field("sandbox", &self.sandbox.as_str())
            .field("apps", &self.apps.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl PushProvider for ApnsProvider {
    fn supports_app(&self, app_id: &str) -> bool {
        self.apps.contains_key(app_id)
    }

    async fn send(&self, registration: &Registration, notification: &Notification) -> Result<(), PushError> {
        let signer = app_credentials(&self.apps, registration, notification)?;
        // Device tokens are hex; anything else would also change the request path.
        let handle = &registration.handle;
        if handle.is_empty() || handle.len() > 200 || !handle.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(PushError::InvalidHandle);
        }
        let base = match registration.environment {
            PushEnvironment::Production => &self.production,
            PushEnvironment::Development => &self.sandbox,
        };
        let token = signer.provider_token(self.clock.now()).await?;
        let (push_type, priority) =
            if notification.text.is_some() { ("alert", "10") } else { ("background", "5") };
        let mut request = self
            .http
            .post(join(base, &format!("3/device/{handle}")))
            .header("authorization", format!("bearer {}", token.expose()))
            .header("apns-topic", &registration.app_id)
            .header("apns-push-type", push_type)
            .header("apns-priority", priority);
        if let Some(collapse_id) = &notification.collapse_id {
            request =
                request.header("apns-collapse-id", fit_identifier(collapse_id, MAX_COLLAPSE_ID_BYTES, false));
        }
        let response = request
            .json(&payload(notification))
            .send()
            .await
            .map_err(|error| transport_error("APNs request", error))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let reason = response.json::<ErrorBody>().await.map(|body| body.reason).unwrap_or_default();
        if status == StatusCode::GONE
            || (status == StatusCode::BAD_REQUEST && DEAD_TOKEN_REASONS.contains(&reason.as_str()))
        {
            return Err(PushError::InvalidHandle);
        }
        if status == StatusCode::FORBIDDEN && reason == "ExpiredProviderToken" {
            signer.token.discard(&token).await;
        }
        Err(PushError::Failed(match error_code(&reason) {
            Some(reason) => format!("APNs answered {status} ({reason})"),
            None => format!("APNs answered {status}"),
        }))
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    reason: String,
}

/// The APNs payload: `aps` for the system, `content` for the app.
fn payload(notification: &Notification) -> Value {
    let mut aps = serde_json::Map::new();
    if let Some(text) = &notification.text {
        aps.insert("alert".to_owned(), json!({ "title": text.title, "body": text.body }));
        aps.insert("sound".to_owned(), json!("default"));
    }
    if notification.content.is_some() {
        // Wakes the app in the background to fetch what the content points at.
        aps.insert("content-available".to_owned(), json!(1));
    }
    let mut payload = serde_json::Map::new();
    payload.insert("aps".to_owned(), Value::Object(aps));
    if let Some(content) = &notification.content {
        payload.insert("content".to_owned(), content.clone());
    }
    Value::Object(payload)
}
