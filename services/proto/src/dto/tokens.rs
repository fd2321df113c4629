use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    pub id: String,
    pub created_by: Option<String>,
    pub created_by_device: Option<String>,
    pub for_identity: Option<String>,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    #[serde(with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub content: Option<Vec<u8>>,
    pub is_password_protected: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateTokenRequest {
    #[serde(default, with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub content: Option<Vec<u8>>,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    #[serde(default)]
    pub for_identity: Option<String>,
    #[serde(default, with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub password: Option<Vec<u8>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateTokenContentRequest {
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub new_content: Vec<u8>,
    #[serde(default, with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub password: Option<Vec<u8>>,
}

/// The token after its content was filled: everything but the content.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdatedToken {
    pub id: String,
    pub created_by: Option<String>,
    pub created_by_device: Option<String>,
    pub for_identity: Option<String>,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    pub is_password_protected: bool,
}
