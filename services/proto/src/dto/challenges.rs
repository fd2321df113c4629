use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Challenge {
    pub id: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    pub created_by: Option<String>,
    pub created_by_device: Option<String>,
}

/// A challenge string and its signature, used to prove possession of the identity key (spec §4).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignedChallenge {
    pub challenge: String,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub signature: Vec<u8>,
}
