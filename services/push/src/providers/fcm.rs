//! Firebase Cloud Messaging, HTTP v1 API, authenticated as a service account (OAuth 2.0
//! JWT-bearer grant).

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
use super::{ConfigError, app_credentials, endpoint_url, error_code, join, oauth, transport_error};
use crate::{Notification, PushError, PushProvider, Registration};

const PLATFORM: &str = "fcm";
const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// The Android notification channel the enmeshed apps create (spec §8).
const ANDROID_CHANNEL: &str = "ENMESHED";

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FcmConfig {
    /// Base URL of the FCM HTTP v1 API.
    pub endpoint: String,
    /// Credentials per app id (the `appId` apps register with).
    pub apps: BTreeMap<String, FcmApp>,
}

impl Default for FcmConfig {
    fn default() -> Self {
        Self { endpoint: "https://fcm.googleapis.com".to_owned(), apps: BTreeMap::new() }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FcmApp {
    /// The Firebase project id, as in the project settings.
    pub project_id: String,
    /// The content of a JSON key file of a service account of the project that may send messages
    /// (role "Firebase Cloud Messaging API Admin"); read are `client_email`, `private_key` and
    /// `token_uri`.
    pub service_account: Secret,
}

/// The fields of a service-account key file that the JWT-bearer grant needs.
#[derive(Deserialize)]
struct ServiceAccountKey {
    client_email: String,
    private_key: Secret,
    #[serde(default = "default_token_uri")]
    token_uri: String,
}

fn default_token_uri() -> String {
    "https://oauth2.googleapis.com/token".to_owned()
}

#[derive(Serialize)]
struct AssertionClaims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
}

/// One app's service account, checked at start-up.
struct Credentials {
    send_url: Url,
    client_email: String,
    /// As written in the key file: the assertion's audience must match it exactly.
    token_uri: String,
    token_url: Url,
    key: EncodingKey,
    token: TokenSlot,
}

impl Credentials {
    fn load(app_id: &str, app: &FcmApp, endpoint: &Url) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::Credentials {
            platform: PLATFORM,
            app_id: app_id.to_owned(),
            reason: reason.to_owned(),
        };
        let project_valid = !app.project_id.is_empty()
            && app
                .project_id
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'));
        if !project_valid {
            return Err(invalid("project_id must be a Firebase project id"));
        }
        // serde_json's messages can quote the input, so only the position is reported.
        let account: ServiceAccountKey = serde_json::from_str(app.service_account.expose()).map_err(|error| {
            invalid(&format!(
                "service_account is not a service-account key file with client_email and private_key (line {}, column {})",
                error.line(),
                error.column()
            ))
        })?;
        if account.client_email.is_empty() {
            return Err(invalid("the service account's client_email is empty"));
        }
        let key = EncodingKey::from_rsa_pem(account.private_key.expose().as_bytes())
            .map_err(|_| invalid("the service account's private_key is not a PEM RSA private key"))?;
        let token_url = endpoint_url(PLATFORM, "the service account's token_uri", &account.token_uri)?;
        let send_url = Url::parse(&join(endpoint, &format!("v1/projects/{}/messages:send", app.project_id)))
            .map_err(|_| ConfigError::Endpoint {
                platform: PLATFORM,
                setting: "endpoint",
                value: endpoint.to_string(),
            })?;
        let credentials = Self {
            send_url,
            client_email: account.client_email,
            token_uri: account.token_uri,
            token_url,
            key,
            token: TokenSlot::default(),
        };
        // Parsing the PEM does not check the key itself; signing once does.
        credentials
            .assertion(OffsetDateTime::UNIX_EPOCH)
            .map_err(|_| invalid("the service account's private_key cannot sign (not a valid RSA key)"))?;
        Ok(credentials)
    }

    /// The signed JWT that the token endpoint exchanges for an access token.
    fn assertion(&self, now: OffsetDateTime) -> Result<String, jsonwebtoken::errors::Error> {
        let iat = now.unix_timestamp();
        let claims = AssertionClaims {
            iss: &self.client_email,
            scope: SCOPE,
            aud: &self.token_uri,
            iat,
            exp: iat + Duration::hours(1).whole_seconds(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &self.key)
    }

    async fn access_token(&self, http: &Client, now: OffsetDateTime) -> Result<Token, PushError> {
        let assertion = self
            .assertion(now)
            .map_err(|_| PushError::Failed("cannot sign the service-account assertion".to_owned()))?;
        let form = [("grant_type", JWT_BEARER), ("assertion", assertion.as_str())];
        oauth::request_token(http, self.token_url.clone(), &form, now).await
    }
}

/// Sends through FCM with one service account per app id.
pub struct FcmProvider {
    http: Client,
    clock: Arc<dyn Clock>,
    apps: BTreeMap<String, Credentials>,
}

impl FcmProvider {
    /// Checks every app's service account; a malformed one is an error naming the app id.
    pub fn new(config: &FcmConfig, http: Client) -> Result<Self, ConfigError> {
        let endpoint = endpoint_url(PLATFORM, "endpoint", &config.endpoint)?;
        let apps = config
            .apps
            .iter()
            .map(|(app_id, app)| Ok((app_id.clone(), Credentials::load(app_id, app, &endpoint)?)))
            .collect::<Result<_, ConfigError>>()?;
        Ok(Self { http, clock: Arc::new(SystemClock), apps })
    }

    /// Reads time from `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }
}

impl fmt::Debug for FcmProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FcmProvider")
            .field("apps", &self.apps.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl PushProvider for FcmProvider {
    fn supports_app(&self, app_id: &str) -> bool {
        self.apps.contains_key(app_id)
    }

    async fn send(&self, registration: &Registration, notification: &Notification) -> Result<(), PushError> {
        let app = app_credentials(&self.apps, registration, notification)?;
        let body = message(&registration.handle, notification)?;
        let now = self.clock.now();
        let token = app.token.get(now, || app.access_token(&self.http, now)).await?;
        let response = self
            .http
            .post(app.send_url.clone())
            .bearer_auth(token.expose())
            .json(&body)
            .send()
            .await
            .map_err(|error| transport_error("FCM request", error))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        if status == StatusCode::UNAUTHORIZED {
            app.token.discard(&token).await;
        }
        let error = response.json::<ErrorEnvelope>().await.map(|envelope| envelope.error).ok();
        Err(classify(status, error.as_ref()))
    }
}

/// The `message` of an FCM send request (spec §8: content as a string in the data field `content`,
/// `content-available: "1"`, Android channel `ENMESHED`).
fn message(handle: &str, notification: &Notification) -> Result<Value, PushError> {
    let mut message = serde_json::Map::new();
    message.insert("token".to_owned(), json!(handle));
    let mut android = serde_json::Map::new();
    android.insert("priority".to_owned(), json!("high"));
    if let Some(collapse_id) = &notification.collapse_id {
        android.insert("collapse_key".to_owned(), json!(collapse_id));
    }
    if let Some(text) = &notification.text {
        message.insert("notification".to_owned(), json!({ "title": text.title, "body": text.body }));
        // Only with text: an Android notification block turns a silent push into a visible one.
        let mut android_notification = serde_json::Map::new();
        android_notification.insert("channel_id".to_owned(), json!(ANDROID_CHANNEL));
        if let Some(collapse_id) = &notification.collapse_id {
            android_notification.insert("tag".to_owned(), json!(collapse_id));
        }
        android.insert("notification".to_owned(), Value::Object(android_notification));
    }
    if let Some(content) = &notification.content {
        // FCM data values must be strings.
        let content = serde_json::to_string(content)
            .map_err(|_| PushError::Failed("the notification content cannot be serialised".to_owned()))?;
        message.insert("data".to_owned(), json!({ "content": content, "content-available": "1" }));
    }
    message.insert("android".to_owned(), Value::Object(android));
    Ok(json!({ "message": message }))
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorBody,
}

/// A `google.rpc.Status`, with the parts that tell a dead token from other failures.
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    details: Vec<ErrorDetail>,
}

#[derive(Deserialize)]
struct ErrorDetail {
    /// `google.firebase.fcm.v1.FcmError`: `UNREGISTERED`, `INVALID_ARGUMENT`, …
    #[serde(rename = "errorCode")]
    error_code: Option<String>,
    /// `google.rpc.BadRequest`: which field of the request was refused.
    #[serde(default, rename = "fieldViolations")]
    field_violations: Vec<FieldViolation>,
}

#[derive(Deserialize)]
struct FieldViolation {
    #[serde(default)]
    field: String,
}

/// `UNREGISTERED` (404) means the app was uninstalled or the token expired; `INVALID_ARGUMENT`
/// (400) only means a bad token when it is about the token, since a bad payload gets it too.
fn classify(status: StatusCode, error: Option<&ErrorBody>) -> PushError {
    let fcm_code =
        error.and_then(|error| error.details.iter().find_map(|detail| detail.error_code.as_deref()));
    let about_token = error.is_some_and(|error| {
        error.message.to_ascii_lowercase().contains("registration token")
            || error
                .details
                .iter()
                .flat_map(|detail| &detail.field_violations)
                .any(|violation| violation.field == "message.token")
    });
    let invalid_argument =
        fcm_code == Some("INVALID_ARGUMENT") || error.is_some_and(|error| error.status == "INVALID_ARGUMENT");
    if fcm_code == Some("UNREGISTERED")
        || (status == StatusCode::BAD_REQUEST && invalid_argument && about_token)
    {
        return PushError::InvalidHandle;
    }
    let code = fcm_code.or(error.map(|error| error.status.as_str())).and_then(error_code);
    PushError::Failed(match code {
        Some(code) => format!("FCM answered {status} ({code})"),
        None => format!("FCM answered {status}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(json: Value) -> ErrorBody {
        serde_json::from_value::<ErrorEnvelope>(json).unwrap().error
    }

    #[test]
    fn unregistered_and_bad_tokens_are_invalid_handles() {
        let unregistered = error(json!({"error": {"code": 404, "message": "Requested entity was not found.",
            "status": "NOT_FOUND", "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
            "errorCode": "UNREGISTERED"}]}}));
        assert!(matches!(classify(StatusCode::NOT_FOUND, Some(&unregistered)), PushError::InvalidHandle));
        let bad_token = error(json!({"error": {"code": 400,
            "message": "The registration token is not a valid FCM registration token", "status": "INVALID_ARGUMENT",
            "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "INVALID_ARGUMENT"}]}}));
        assert!(matches!(classify(StatusCode::BAD_REQUEST, Some(&bad_token)), PushError::InvalidHandle));
    }

    #[test]
    fn a_bad_payload_is_not_an_invalid_handle() {
        let bad_payload =
            error(json!({"error": {"code": 400, "message": "Invalid value at 'message.data[0].value'",
            "status": "INVALID_ARGUMENT", "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": "message.data[0].value", "description": "Invalid value"}]}]}}));
        let PushError::Failed(message) = classify(StatusCode::BAD_REQUEST, Some(&bad_payload)) else {
            panic!("expected a failure");
        };
        assert_eq!(message, "FCM answered 400 Bad Request (INVALID_ARGUMENT)");
        assert!(matches!(classify(StatusCode::SERVICE_UNAVAILABLE, None), PushError::Failed(_)));
    }
}
