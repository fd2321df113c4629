//! The push section of the configuration: credentials per platform and app.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::providers::{ApnsProvider, ConfigError, FcmProvider, LogProvider, WnsProvider};
use crate::{ApnsConfig, FcmConfig, Platform, Providers, WnsConfig};

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PushConfig {
    /// Firebase Cloud Messaging (Android, and apps that use FCM on iOS).
    pub fcm: FcmConfig,
    /// Apple Push Notification service.
    pub apns: ApnsConfig,
    /// Windows Push Notification Services.
    pub wns: WnsConfig,
}

impl PushConfig {
    /// The providers of every platform, with their credentials checked; `dummy` logs instead of
    /// sending. `http` should come from [`crate::http_client`].
    pub fn providers(&self, http: &reqwest::Client) -> Result<Providers, ConfigError> {
        Ok(Providers::default()
            .with(Platform::Fcm, Arc::new(FcmProvider::new(&self.fcm, http.clone())?))
            .with(Platform::Apns, Arc::new(ApnsProvider::new(&self.apns, http.clone())?))
            .with(Platform::Wns, Arc::new(WnsProvider::new(&self.wns, http.clone())?))
            .with(Platform::Dummy, Arc::new(LogProvider)))
    }
}
