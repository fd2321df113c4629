//! The notification hub's delivery side (spec §8): one [`PushProvider`] per push platform, each
//! sending one notification to one registered device.
//!
//! What to send and to whom is decided by the caller (the Devices module's pusher); a provider
//! only knows its platform's wire format and how to authenticate to it. A provider that learns a
//! handle is dead says so with [`PushError::InvalidHandle`], and the caller drops the registration.

pub mod config;
pub mod providers;

pub use config::PushConfig;
pub use providers::{
    ApnsApp, ApnsConfig, ApnsProvider, ConfigError, FcmApp, FcmConfig, FcmProvider, LogProvider, WnsApp,
    WnsConfig, WnsProvider, http_client,
};
mod registry;

pub use registry::Providers;

use async_trait::async_trait;
pub use backbone_domain::push::{Platform, PushEnvironment, Registration};
use serde_json::Value;

/// One notification for one device, already localised.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// Visible text; `None` for silent (content-only) pushes.
    pub text: Option<NotificationText>,
    /// The data object apps read (spec §8.2): `{accRef, devicePushIdentifier, eventName, sentAt,
    /// payload}`; `None` for identity-to-identity notifications, which carry no content.
    pub content: Option<Value>,
    /// Replaces an earlier notification with the same id on the device.
    pub collapse_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationText {
    pub title: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The platform says the handle is no longer valid: the registration should be removed.
    #[error("the platform rejected the device handle as invalid")]
    InvalidHandle,
    /// No credentials are configured for the registration's app id.
    #[error("no credentials are configured for app id '{0}'")]
    UnsupportedApp(String),
    /// Anything else: the platform or the network failed; worth retrying later.
    #[error("push delivery failed: {0}")]
    Failed(String),
}

/// Sends notifications to devices of one platform.
#[async_trait]
pub trait PushProvider: Send + Sync + 'static {
    /// Whether registrations for this app id can be accepted (`error.platform.unsupportedAppId`).
    fn supports_app(&self, app_id: &str) -> bool;

    async fn send(&self, registration: &Registration, notification: &Notification) -> Result<(), PushError>;
}
