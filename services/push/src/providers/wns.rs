//! Windows Push Notification Services, authenticated with a Microsoft Entra ID app registration.
//!
//! Windows App SDK apps authenticate to WNS with their Entra ID (Azure AD) app registration: an
//! OAuth 2.0 client-credentials request to the tenant's endpoint
//! `https://login.microsoftonline.com/{tenantID}/oauth2/v2.0/token` with scope
//! `https://wns.windows.com/.default` ("Quickstart: Push notifications in the Windows App SDK",
//! learn.microsoft.com/windows/apps/windows-app-sdk/notifications/push-notifications/push-quickstart).
//! The older Partner Center flow (package SID and secret at `https://login.live.com/accesstoken.srf`,
//! scope `notify.windows.com`) is not supported.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use backbone_domain::{Clock, Secret, SystemClock};
use reqwest::{Client, StatusCode, Url};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::token::{Token, TokenSlot};
use super::{ConfigError, app_credentials, endpoint_url, error_code, fit_identifier, oauth, transport_error};
use crate::{Notification, NotificationText, PushError, PushProvider, Registration};

const PLATFORM: &str = "wns";
const SCOPE: &str = "https://wns.windows.com/.default";
/// Stands for the app's tenant id in [`WnsConfig::token_endpoint`].
const TENANT_PLACEHOLDER: &str = "{tenant}";
/// WNS tags are at most 16 alphanumerics.
const MAX_TAG_LEN: usize = 16;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WnsConfig {
    /// The OAuth 2.0 token endpoint of Microsoft Entra ID; `{tenant}` stands for the app's
    /// `tenant_id`.
    pub token_endpoint: String,
    /// Hosts that channel URIs may point at (the host itself or a subdomain). A handle elsewhere
    /// is refused, so that a client cannot make the Backbone send its WNS access token to
    /// another server.
    pub allowed_channel_hosts: Vec<String>,
    /// Tests only, and never read from configuration: also accept plain-`http` channel URIs.
    #[serde(skip)]
    pub allow_insecure_channels: bool,
    /// Credentials per app id (the `appId` apps register with, such as the package family name).
    pub apps: BTreeMap<String, WnsApp>,
}

impl Default for WnsConfig {
    fn default() -> Self {
        Self {
            token_endpoint: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token".to_owned(),
            allowed_channel_hosts: vec!["notify.windows.com".to_owned()],
            allow_insecure_channels: false,
            apps: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WnsApp {
    /// The Directory (tenant) id of the Entra ID app registration.
    pub tenant_id: String,
    /// The Application (client) id of the Entra ID app registration.
    pub client_id: String,
    /// A client secret of the Entra ID app registration.
    pub client_secret: Secret,
}

/// One app's registration and its current access token.
struct Credentials {
    token_url: Url,
    client_id: String,
    client_secret: Secret,
    token: TokenSlot,
}

impl Credentials {
    fn load(app_id: &str, app: &WnsApp, token_endpoint: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::Credentials {
            platform: PLATFORM,
            app_id: app_id.to_owned(),
            reason: reason.to_owned(),
        };
        let tenant_valid = !app.tenant_id.is_empty()
            && app.tenant_id.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.'));
        if !tenant_valid {
            return Err(invalid("tenant_id must be an Entra ID tenant id or domain"));
        }
        if app.client_id.is_empty() || app.client_secret.expose().is_empty() {
            return Err(invalid("client_id and client_secret are required"));
        }
        let token_url = endpoint_url(
            PLATFORM,
            "token_endpoint",
            &token_endpoint.replace(TENANT_PLACEHOLDER, &app.tenant_id),
        )?;
        Ok(Self {
            token_url,
            client_id: app.client_id.clone(),
            client_secret: app.client_secret.clone(),
            token: TokenSlot::default(),
        })
    }

    async fn access_token(&self, http: &Client, now: time::OffsetDateTime) -> Result<Token, PushError> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("scope", SCOPE),
        ];
        oauth::request_token(http, self.token_url.clone(), &form, now).await
    }
}

/// Sends through WNS with one Entra ID app registration per app id.
pub struct WnsProvider {
    http: Client,
    clock: Arc<dyn Clock>,
    allowed_hosts: Vec<String>,
    allow_insecure: bool,
    apps: BTreeMap<String, Credentials>,
}

impl WnsProvider {
    /// Checks every app's registration and the allowed channel hosts.
    pub fn new(config: &WnsConfig, http: Client) -> Result<Self, ConfigError> {
        let allowed_hosts = config
            .allowed_channel_hosts
            .iter()
            .map(|host| host.trim_start_matches('.').to_ascii_lowercase())
            .collect::<Vec<_>>();
        if allowed_hosts.iter().any(String::is_empty) {
            return Err(ConfigError::Invalid {
                platform: PLATFORM,
                reason: "allowed_channel_hosts must not contain empty names".to_owned(),
            });
        }
        let apps = config
            .apps
            .iter()
            .map(|(app_id, app)| {
                Ok((app_id.clone(), Credentials::load(app_id, app, &config.token_endpoint)?))
            })
            .collect::<Result<_, ConfigError>>()?;
        Ok(Self {
            http,
            clock: Arc::new(SystemClock),
            allowed_hosts,
            allow_insecure: config.allow_insecure_channels,
            apps,
        })
    }

    /// Reads time from `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The handle as a channel URI this provider may post to.
    fn channel(&self, handle: &str) -> Result<Url, PushError> {
        let url = Url::parse(handle).map_err(|_| PushError::InvalidHandle)?;
        let scheme_allowed = url.scheme() == "https" || (self.allow_insecure && url.scheme() == "http");
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let host_allowed = self.allowed_hosts.iter().any(|allowed| {
            host == *allowed || host.strip_suffix(allowed.as_str()).is_some_and(|rest| rest.ends_with('.'))
        });
        let no_credentials = url.username().is_empty() && url.password().is_none();
        if scheme_allowed && host_allowed && no_credentials { Ok(url) } else { Err(PushError::InvalidHandle) }
    }
}

impl fmt::Debug for WnsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WnsProvider")
            .field("allowed_hosts", &self.allowed_hosts)
            .field("apps", &self.apps.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl PushProvider for WnsProvider {
    fn supports_app(&self, app_id: &str) -> bool {
        self.apps.contains_key(app_id)
    }

    async fn send(&self, registration: &Registration, notification: &Notification) -> Result<(), PushError> {
        let app = app_credentials(&self.apps, registration, notification)?;
        let channel = self.channel(&registration.handle)?;
        let now = self.clock.now();
        let token = app.token.get(now, || app.access_token(&self.http, now)).await?;
        let request = self.http.post(channel).bearer_auth(token.expose());
        let request = match (&notification.content, &notification.text) {
            // The app reads the content and shows what it decides to.
            (Some(content), _) => {
                let body = serde_json::to_vec(content).map_err(|_| {
                    PushError::Failed("the notification content cannot be serialised".to_owned())
                })?;
                request
                    .header("X-WNS-Type", "wns/raw")
                    .header("Content-Type", "application/octet-stream")
                    // WNS drops raw notifications for offline devices unless asked to keep the last one.
                    .header("X-WNS-Cache-Policy", "cache")
                    .body(body)
            }
            (None, Some(text)) => {
                let request = request.header("X-WNS-Type", "wns/toast").header("Content-Type", "text/xml");
                // A tag replaces a shown toast; WNS documents it for toasts and tiles, not raw.
                let request = match &notification.collapse_id {
                    Some(collapse_id) => {
                        request.header("X-WNS-Tag", fit_identifier(collapse_id, MAX_TAG_LEN, true))
                    }
                    None => request,
                };
                request.body(toast(text))
            }
            (None, None) => {
                return Err(PushError::Failed("the notification has neither text nor content".to_owned()));
            }
        };
        let response = request.send().await.map_err(|error| transport_error("WNS request", error))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        // 404: the channel is unknown; 410: it expired.
        if matches!(status, StatusCode::NOT_FOUND | StatusCode::GONE) {
            return Err(PushError::InvalidHandle);
        }
        if status == StatusCode::UNAUTHORIZED {
            app.token.discard(&token).await;
        }
        let wns_status =
            response.headers().get("X-WNS-Status").and_then(|value| value.to_str().ok()).and_then(error_code);
        Err(PushError::Failed(match wns_status {
            Some(wns_status) => format!("WNS answered {status} ({wns_status})"),
            None => format!("WNS answered {status}"),
        }))
    }
}

/// A minimal toast: the title and the body as the two text lines of the generic template.
fn toast(text: &NotificationText) -> String {
    format!(
        "<toast><visual><binding template=\"ToastGeneric\"><text>{}</text><text>{}</text></binding></visual></toast>",
        xml_text(&text.title),
        xml_text(&text.body)
    )
}

/// `text` escaped for XML, without the characters XML 1.0 cannot carry.
fn xml_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(character),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toast_text_is_escaped() {
        let text =
            NotificationText { title: "Tom & \"Jerry\"".to_owned(), body: "<b>1 < 2</b>\u{0}'".to_owned() };
        assert_eq!(
            toast(&text),
            "<toast><visual><binding template=\"ToastGeneric\"><text>Tom &amp; &quot;Jerry&quot;</text>\
             <text>&lt;b&gt;1 &lt; 2&lt;/b&gt;&apos;</text></binding></visual></toast>"
        );
    }

    #[test]
    fn channels_must_be_https_on_an_allowed_host() {
        let provider = WnsProvider::new(&WnsConfig::default(), Client::new()).unwrap();
        assert!(provider.channel("https://wns2-by3p.notify.windows.com/?token=abc").is_ok());
        assert!(provider.channel("https://NOTIFY.windows.com/?token=abc").is_ok());
        for refused in [
            "http://wns2-by3p.notify.windows.com/?token=abc",
            "https://evilnotify.windows.com/?token=abc",
            "https://notify.windows.com.evil.example/?token=abc",
            "https://user:pass@db5.notify.windows.com/?token=abc",
            "https://127.0.0.1/?token=abc",
            "not a url",
        ] {
            assert!(matches!(provider.channel(refused), Err(PushError::InvalidHandle)), "{refused}");
        }
    }
}
