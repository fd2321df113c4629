//! The platform providers, their configuration, and what they share: the HTTP client, cached
//! access tokens and the rules that keep secrets out of errors.

mod apns;
mod fcm;
mod log;
mod oauth;
mod token;
mod wns;

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::Url;
use sha2::{Digest, Sha256};

use crate::{Notification, PushError, Registration};

pub use apns::{ApnsApp, ApnsConfig, ApnsProvider};
pub use fcm::{FcmApp, FcmConfig, FcmProvider};
pub use log::LogProvider;
pub use wns::{WnsApp, WnsConfig, WnsProvider};

/// A provider cannot start with its configuration. Messages name the platform, the app id and the
/// setting, never a key, secret or token.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("push platform {platform}, app '{app_id}': {reason}")]
    Credentials { platform: &'static str, app_id: String, reason: String },
    #[error("push platform {platform}: {setting} '{value}' is not an http(s) URL")]
    Endpoint { platform: &'static str, setting: &'static str, value: String },
    #[error("push platform {platform}: {reason}")]
    Invalid { platform: &'static str, reason: String },
    #[error("cannot build the HTTP client for push delivery: {0}")]
    HttpClient(#[source] reqwest::Error),
}

/// The HTTP client for the providers: rustls with the aws-lc-rs provider, HTTP/2 negotiated by
/// ALPN on `https` URLs (APNs accepts nothing else), no redirects (a request carrying a bearer
/// token goes only where it was addressed), and timeouts so that a stuck platform cannot hold a
/// send forever.
pub fn http_client() -> Result<reqwest::Client, ConfigError> {
    reqwest::Client::builder()
        .user_agent(concat!("backbone-push/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(ConfigError::HttpClient)
}

/// Parses a configured base URL; only `http` and `https` make sense for a platform endpoint.
fn endpoint_url(platform: &'static str, setting: &'static str, value: &str) -> Result<Url, ConfigError> {
    Url::parse(value)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
        .ok_or_else(|| ConfigError::Endpoint { platform, setting, value: value.to_owned() })
}

/// `base` with `path` appended, whether or not `base` ends with a slash.
fn join(base: &Url, path: &str) -> String {
    format!("{}/{path}", base.as_str().trim_end_matches('/'))
}

/// What every provider checks first: credentials for the registration's app, and a notification
/// that shows or carries something (an empty one is a caller's mistake).
fn app_credentials<'a, T>(
    apps: &'a BTreeMap<String, T>,
    registration: &Registration,
    notification: &Notification,
) -> Result<&'a T, PushError> {
    let app = apps
        .get(&registration.app_id)
        .ok_or_else(|| PushError::UnsupportedApp(registration.app_id.clone()))?;
    if notification.text.is_none() && notification.content.is_none() {
        return Err(PushError::Failed("the notification has neither text nor content".to_owned()));
    }
    Ok(app)
}

/// A network failure as a [`PushError`]. The URL is dropped because it may carry the handle (the
/// APNs device token is in the path, a WNS channel URI's token in the query).
fn transport_error(what: &str, error: reqwest::Error) -> PushError {
    let error = error.without_url();
    let mut message = format!("{what}: {error}");
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    PushError::Failed(message)
}

/// A platform's status or reason code, quoted in an error only if it looks like one: anything
/// else in a response body could echo what was sent.
fn error_code(code: &str) -> Option<&str> {
    let plausible = !code.is_empty()
        && code.len() <= 64
        && code.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.'));
    plausible.then_some(code)
}

/// `id` if the platform takes it as it is, else the first `max_len` hex digits of its SHA-256:
/// platforms limit identifiers (WNS tags: 16 alphanumerics; APNs collapse ids: 64 bytes), and a
/// digest keeps distinct ids apart where truncation would merge those with a common prefix.
fn fit_identifier(id: &str, max_len: usize, alphanumeric_only: bool) -> String {
    let fits =
        id.len() <= max_len && (!alphanumeric_only || id.bytes().all(|byte| byte.is_ascii_alphanumeric()));
    if fits {
        return id.to_owned();
    }
    let mut digest: String = Sha256::digest(id.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect();
    digest.truncate(max_len);
    digest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_kept_when_they_fit_and_hashed_when_not() {
        assert_eq!(fit_identifier("relationship1", 16, true), "relationship1");
        let long = fit_identifier("relationship-changed-RELxxxxxxxxxxxxxxx", 16, true);
        assert_eq!(long.len(), 16);
        assert!(long.bytes().all(|byte| byte.is_ascii_hexdigit()));
        assert_ne!(long, fit_identifier("relationship-changed-RELyyyyyyyyyyyyyyy", 16, true));
        assert_eq!(fit_identifier("a-b", 16, false), "a-b");
        assert_ne!(fit_identifier("a-b", 16, true), "a-b");
    }

    #[test]
    fn only_plausible_codes_are_quoted() {
        assert_eq!(error_code("BadDeviceToken"), Some("BadDeviceToken"));
        assert_eq!(error_code("INVALID_ARGUMENT"), Some("INVALID_ARGUMENT"));
        assert_eq!(error_code("the token abc is bad"), None);
        assert_eq!(error_code(""), None);
    }

    #[test]
    fn the_http_client_builds() {
        http_client().unwrap();
    }

    #[test]
    fn endpoints_must_be_http_urls() {
        assert!(endpoint_url("fcm", "endpoint", "https://fcm.googleapis.com").is_ok());
        assert!(endpoint_url("fcm", "endpoint", "ftp://example.com").is_err());
        assert!(endpoint_url("fcm", "endpoint", "not a url").is_err());
        let base = endpoint_url("fcm", "endpoint", "http://127.0.0.1:1/").unwrap();
        assert_eq!(join(&base, "v1/x"), "http://127.0.0.1:1/v1/x");
    }
}
