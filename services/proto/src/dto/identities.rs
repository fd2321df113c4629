use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::dto::challenges::SignedChallenge;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateIdentityRequest {
    pub client_id: String,
    pub client_secret: String,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub identity_public_key: Vec<u8>,
    pub device_password: String,
    pub identity_version: u8,
    pub signed_challenge: SignedChallenge,
    #[serde(default)]
    pub device_communication_language: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateIdentityResponse {
    pub address: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub device: CreatedDevice,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedDevice {
    pub id: String,
    pub username: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

crate::wire_enum! {
    IdentityStatus { Active = 0, ToBeDeleted = 1, Deleting = 2 }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentitySummary {
    pub address: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub identity_version: u8,
    pub tier_id: String,
    pub status: IdentityStatus,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub deletion_grace_period_ends_at: Option<OffsetDateTime>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IsDeletedResponse {
    pub is_deleted: bool,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub deletion_date: Option<OffsetDateTime>,
}
