//! Readiness probes: the check that follows an instance's announcement line.

use std::future::Future;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;

/// Why a probe did not pass.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    /// Not ready yet; the supervisor asks again until the readiness timeout.
    #[error("not ready: {0}")]
    NotReady(String),
    /// Asking again cannot help (e.g. the announcement lacks the URL): the start failed.
    #[error("cannot probe: {0}")]
    Invalid(String),
}

/// One readiness check of a started instance, given the JSON value it announced on stdout.
///
/// The supervisor knows nothing about what "ready" means for a component; this decides it.
#[async_trait]
pub trait ReadinessProbe: Send + Sync + 'static {
    async fn check(&self, announcement: &Value) -> Result<(), ProbeError>;
}

/// A probe from a closure, for callers (and tests) that need no type of their own:
/// `ProbeFn(|announcement| async move { … })`.
pub struct ProbeFn<F>(pub F);

#[async_trait]
impl<F, Fut> ReadinessProbe for ProbeFn<F>
where
    F: Fn(Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), ProbeError>> + Send,
{
    async fn check(&self, announcement: &Value) -> Result<(), ProbeError> {
        (self.0)(announcement.clone()).await
    }
}

/// `GET <base URL from the announcement><path>`; ready on `200 OK`.
///
/// For the Consumer API: `HttpProbe::new("consumer_api_url", "/health/ready")`.
#[derive(Debug, Clone)]
pub struct HttpProbe {
    client: reqwest::Client,
    url_field: String,
    path: String,
}

impl HttpProbe {
    /// `url_field` names the announcement's field holding the base URL: a top-level key, or a JSON pointer
    /// when it starts with `/`. Each request may take 2 s.
    pub fn new(url_field: impl Into<String>, path: impl Into<String>) -> Result<Self, ProbeError> {
        Self::with_request_timeout(url_field, path, Duration::from_secs(2))
    }

    pub fn with_request_timeout(
        url_field: impl Into<String>,
        path: impl Into<String>,
        timeout: Duration,
    ) -> Result<Self, ProbeError> {
        // No proxy: instances listen on loopback, and a proxy from the environment would only get in the way.
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(timeout)
            .build()
            .map_err(|error| ProbeError::Invalid(format!("cannot build the HTTP client: {error}")))?;
        Ok(Self { client, url_field: url_field.into(), path: path.into() })
    }

    /// The URL probed for `announcement`.
    pub fn url(&self, announcement: &Value) -> Result<String, ProbeError> {
        let base = if self.url_field.starts_with('/') {
            announcement.pointer(&self.url_field)
        } else {
            announcement.get(&self.url_field)
        };
        let base = base.and_then(Value::as_str).ok_or_else(|| {
            ProbeError::Invalid(format!("the announcement has no URL in `{}`", self.url_field))
        })?;
        Ok(format!("{}{}", base.trim_end_matches('/'), self.path))
    }
}

#[async_trait]
impl ReadinessProbe for HttpProbe {
    async fn check(&self, announcement: &Value) -> Result<(), ProbeError> {
        let url = self.url(announcement)?;
        match self.client.get(&url).send().await {
            Ok(response) if response.status() == reqwest::StatusCode::OK => Ok(()),
            Ok(response) => Err(ProbeError::NotReady(format!("{url} answered {}", response.status()))),
            Err(error) => Err(ProbeError::NotReady(format!("{url}: {error}"))),
        }
    }
}
