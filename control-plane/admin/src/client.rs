//! The admin API client the CLI uses.

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::wire::{
    AuditEntry, CreateRequest, DaemonInfo, ErrorBody, LandscapeInfo, LandscapeStatus, LandscapeSummary,
    LeakScan, Plan, RevealedSecret, RotateRequest, Rotation, ScaleRequest, SecretPolicySummary,
    SecretSummary, SecretVersionSummary, SetSecretRequest, TokenCreated, TokenInfo, TokenRequest, UpRequest,
};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("cannot reach the daemon at {url}: {source}")]
    Unreachable { url: String, source: reqwest::Error },
    /// The daemon answered with an error.
    #[error("{message}")]
    Api { status: u16, code: String, message: String },
    #[error("the daemon's answer is unreadable: {0}")]
    Decode(reqwest::Error),
}

impl AdminError {
    /// The stable error code (`not_found`, `forbidden`, …) of an answered error.
    pub fn code(&self) -> Option<&str> {
        match self {
            AdminError::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}

#[derive(Clone)]
pub struct AdminClient {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminClient").field("base", &self.base).finish_non_exhaustive()
    }
}

type Result<T> = std::result::Result<T, AdminError>;

impl AdminClient {
    pub fn new(base_url: &str, token: &str) -> Self {
        // Calls that wait (a landscape's stop drains its instances) take seconds, not minutes.
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self { base: base_url.trim_end_matches('/').to_owned(), token: token.to_owned(), http }
    }

    pub fn url(&self) -> &str {
        &self.base
    }

    pub async fn daemon(&self) -> Result<DaemonInfo> {
        self.call(Method::GET, "/v1/daemon", None::<&()>).await
    }

    /// Stops every landscape, then the daemon.
    pub async fn stop_daemon(&self) -> Result<()> {
        self.call_empty(Method::POST, "/v1/daemon/stop", None::<&()>).await
    }

    pub async fn landscapes(&self) -> Result<Vec<LandscapeSummary>> {
        self.call(Method::GET, "/v1/landscapes", None::<&()>).await
    }

    pub async fn status(&self, name: &str) -> Result<LandscapeStatus> {
        self.call(Method::GET, &format!("/v1/landscapes/{name}"), None::<&()>).await
    }

    pub async fn plan(&self, name: &str) -> Result<Plan> {
        self.call(Method::GET, &format!("/v1/landscapes/{name}/plan"), None::<&()>).await
    }

    /// The URL and OAuth client of a running landscape (operator and automation only: it holds a secret).
    pub async fn info(&self, name: &str) -> Result<LandscapeInfo> {
        self.call(Method::GET, &format!("/v1/landscapes/{name}/info"), None::<&()>).await
    }

    /// Starts (or reconciles) a landscape; returns at once, `status` follows the start.
    pub async fn up(&self, name: &str, request: &UpRequest) -> Result<LandscapeStatus> {
        self.call(Method::POST, &format!("/v1/landscapes/{name}/up"), Some(request)).await
    }

    /// Stops a landscape; returns at once, `status` follows the stop.
    pub async fn down(&self, name: &str) -> Result<LandscapeStatus> {
        self.call(Method::POST, &format!("/v1/landscapes/{name}/down"), None::<&()>).await
    }

    pub async fn create(&self, request: &CreateRequest) -> Result<LandscapeStatus> {
        self.call(Method::POST, "/v1/landscapes", Some(request)).await
    }

    /// Stops a landscape and deletes its state: database, files, secrets, logs.
    pub async fn destroy(&self, name: &str) -> Result<()> {
        self.call_empty(Method::DELETE, &format!("/v1/landscapes/{name}"), None::<&()>).await
    }

    /// Sets a component's replicas; returns once surplus instances have drained, new ones are starting.
    pub async fn scale(&self, name: &str, component: &str, replicas: usize) -> Result<LandscapeStatus> {
        let path = format!("/v1/landscapes/{name}/components/{component}/replicas");
        self.call(Method::PUT, &path, Some(&ScaleRequest { replicas })).await
    }

    pub async fn secrets(&self, landscape: &str) -> Result<Vec<SecretSummary>> {
        self.call(Method::GET, &format!("/v1/landscapes/{landscape}/secrets"), None::<&()>).await
    }

    /// Looks for secret values in the home's logs.
    pub async fn scan_logs(&self) -> Result<LeakScan> {
        self.call(Method::POST, "/v1/vault/scan", None::<&()>).await
    }

    /// Who may read and rotate each secret of the landscape.
    pub async fn policies(&self, landscape: &str) -> Result<Vec<SecretPolicySummary>> {
        self.call(Method::GET, &format!("/v1/landscapes/{landscape}/policies"), None::<&()>).await
    }

    pub async fn secret_history(&self, landscape: &str, secret: &str) -> Result<Vec<SecretVersionSummary>> {
        self.call(Method::GET, &format!("/v1/landscapes/{landscape}/secrets/{secret}"), None::<&()>).await
    }

    /// The current value (operator role only; the call is audited).
    pub async fn reveal(&self, landscape: &str, secret: &str) -> Result<RevealedSecret> {
        self.call(Method::GET, &format!("/v1/landscapes/{landscape}/secrets/{secret}/value"), None::<&()>)
            .await
    }

    /// Puts a version with this value; it becomes current.
    pub async fn set_secret(
        &self,
        landscape: &str,
        secret: &str,
        value: &str,
    ) -> Result<SecretVersionSummary> {
        let path = format!("/v1/landscapes/{landscape}/secrets/{secret}");
        self.call(Method::PUT, &path, Some(&SetSecretRequest { value: value.to_owned() })).await
    }

    pub async fn rotate(&self, landscape: &str, secret: &str, dry_run: bool) -> Result<Rotation> {
        let path = format!("/v1/landscapes/{landscape}/secrets/{secret}/rotate");
        self.call(Method::POST, &path, Some(&RotateRequest { dry_run })).await
    }

    pub async fn audit(&self, limit: usize) -> Result<Vec<AuditEntry>> {
        self.call(Method::GET, &format!("/v1/audit?limit={limit}"), None::<&()>).await
    }

    pub async fn tokens(&self) -> Result<Vec<TokenInfo>> {
        self.call(Method::GET, "/v1/tokens", None::<&()>).await
    }

    pub async fn create_token(&self, request: &TokenRequest) -> Result<TokenCreated> {
        self.call(Method::POST, "/v1/tokens", Some(request)).await
    }

    /// A new token in place of the named one; the old one stops working.
    pub async fn rotate_token(&self, name: &str) -> Result<TokenCreated> {
        self.call(Method::POST, &format!("/v1/tokens/{name}/rotate"), None::<&()>).await
    }

    pub async fn revoke_token(&self, name: &str) -> Result<()> {
        self.call_empty(Method::DELETE, &format!("/v1/tokens/{name}"), None::<&()>).await
    }

    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<T> {
        self.send(method, path, body).await?.json().await.map_err(AdminError::Decode)
    }

    /// A `GET` with query parameters, encoded.
    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str, query: &[(&str, &str)]) -> Result<T> {
        let encoded: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(query).finish();
        let path = if encoded.is_empty() { path.to_owned() } else { format!("{path}?{encoded}") };
        self.call(Method::GET, &path, None::<&()>).await
    }

    pub(crate) async fn call_empty(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<()> {
        self.send(method, path, body).await.map(drop)
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<reqwest::Response> {
        let mut request = self.http.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|source| AdminError::Unreachable { url: self.base.clone(), source })?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let fallback = |status: StatusCode| AdminError::Api {
            status: status.as_u16(),
            code: "internal".to_owned(),
            message: format!("the daemon answered {status}"),
        };
        Err(match response.json::<ErrorBody>().await {
            Ok(ErrorBody { error }) => {
                AdminError::Api { status: status.as_u16(), code: error.code, message: error.message }
            }
            Err(_) => fallback(status),
        })
    }
}
