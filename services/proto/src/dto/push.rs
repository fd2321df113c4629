use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `PUT /Devices/Self/PushNotifications`. Strings, not enums: the rules (exact lowercase platform
/// names, lengths) are checked by the handler so that violations get the reference's messages.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateDeviceRegistrationRequest {
    /// `fcm`, `apns`, `wns`, `dummy` or `sse`.
    pub platform: String,
    /// The FCM registration token, APNs device token or WNS channel URI (10 to 500 characters).
    pub handle: String,
    pub app_id: String,
    /// `Development` or `Production` (the default).
    #[serde(default)]
    pub environment: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateDeviceRegistrationResponse {
    pub device_push_identifier: String,
}

/// `POST /Notifications`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SendNotificationRequest {
    pub recipients: Vec<String>,
    pub code: String,
}
