use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::dto::challenges::SignedChallenge;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegisterDeviceRequest {
    pub device_password: String,
    pub signed_challenge: SignedChallenge,
    #[serde(default)]
    pub communication_language: Option<String>,
    #[serde(default)]
    pub is_backup_device: Option<bool>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegisterDeviceResponse {
    pub id: String,
    pub username: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub created_by_device: String,
    pub is_backup_device: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub id: String,
    pub username: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub created_by_device: String,
    pub last_login: Option<LastLogin>,
    pub communication_language: String,
    pub is_backup_device: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LastLogin {
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub time: OffsetDateTime,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateDeviceRequest {
    pub communication_language: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    pub old_password: String,
    pub new_password: String,
}
