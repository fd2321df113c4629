//! Push registrations (spec §5.6): how a device wants to be woken up.

use serde::{Deserialize, Serialize};

use crate::IdentityAddress;
use crate::id::{DeviceId, DevicePushIdentifier};

/// A push platform, as clients name it in their registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Firebase Cloud Messaging (HTTP v1 API).
    Fcm,
    /// Apple Push Notification service (token-based authentication).
    Apns,
    /// Windows Push Notification Services.
    Wns,
    /// Logs instead of sending; for development.
    Dummy,
    /// Server-Sent Events: devices that hold a stream open (`GET /api/v2/sse`).
    Sse,
}

impl Platform {
    pub const ALL: [Platform; 5] =
        [Platform::Fcm, Platform::Apns, Platform::Wns, Platform::Dummy, Platform::Sse];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Fcm => "fcm",
            Platform::Apns => "apns",
            Platform::Wns => "wns",
            Platform::Dummy => "dummy",
            Platform::Sse => "sse",
        }
    }

    /// Exact, lowercase names only, as the reference accepts them.
    pub fn parse(name: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|platform| platform.as_str() == name)
    }

    /// Platforms that reach the device through a third party holding per-app credentials.
    pub fn needs_app_credentials(self) -> bool {
        matches!(self, Platform::Fcm | Platform::Apns | Platform::Wns)
    }
}

/// APNs sandbox or production; other platforms ignore it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PushEnvironment {
    Development,
    #[default]
    Production,
}

impl PushEnvironment {
    pub fn as_str(self) -> &'static str {
        match self {
            PushEnvironment::Development => "Development",
            PushEnvironment::Production => "Production",
        }
    }

    pub fn parse(name: &str) -> Option<PushEnvironment> {
        [PushEnvironment::Development, PushEnvironment::Production]
            .into_iter()
            .find(|environment| environment.as_str() == name)
    }
}

/// A device's push registration (one per device).
#[derive(Clone, PartialEq, Eq)]
pub struct Registration {
    pub device: DeviceId,
    pub identity: IdentityAddress,
    pub platform: Platform,
    /// The FCM registration token, the APNs device token or the WNS channel URI.
    pub handle: String,
    /// The FCM application id, APNs bundle id or WNS package; selects the provider's credentials.
    pub app_id: String,
    pub environment: PushEnvironment,
    /// Tells the app which of its accounts a push is for; kept across updates of the registration.
    pub device_push_identifier: DevicePushIdentifier,
}

/// Handles are bearer capabilities of a device: kept out of logs.
impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("device", &self.device)
            .field("platform", &self.platform)
            .field("app_id", &self.app_id)
            .field("environment", &self.environment)
            .finish_non_exhaustive()
    }
}
