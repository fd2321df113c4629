use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// A file's metadata; its content is downloaded separately.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FileMetadata {
    pub id: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub created_by_device: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub modified_at: OffsetDateTime,
    pub modified_by: String,
    pub modified_by_device: String,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub deleted_at: Option<OffsetDateTime>,
    pub deleted_by: Option<String>,
    pub deleted_by_device: Option<String>,
    pub owner: String,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub owner_signature: Vec<u8>,
    pub ownership_is_locked: bool,
    pub cipher_size: i64,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub cipher_hash: Vec<u8>,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub encrypted_properties: Vec<u8>,
}

/// The answer to an upload: the metadata with the ownership token, without the encrypted properties.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedFile {
    pub id: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub created_by_device: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub modified_at: OffsetDateTime,
    pub modified_by: String,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub deleted_at: Option<OffsetDateTime>,
    pub deleted_by: Option<String>,
    pub owner: String,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub owner_signature: Vec<u8>,
    pub ownership_token: String,
    pub cipher_size: i64,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub cipher_hash: Vec<u8>,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
}

/// The multipart form of an upload, for the OpenAPI document.
#[derive(Debug, ToSchema)]
#[allow(dead_code, reason = "documents the multipart form; the handler reads the parts one by one")]
pub struct UploadFileForm {
    #[schema(value_type = String, format = Binary)]
    content: Vec<u8>,
    #[schema(format = Byte)]
    cipher_hash: String,
    #[schema(format = Byte)]
    owner_signature: String,
    #[schema(format = DateTime)]
    expires_at: String,
    #[schema(format = Byte)]
    encrypted_properties: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipTokenRequest {
    pub ownership_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewOwnershipToken {
    pub new_ownership_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipTokenValidity {
    pub is_valid: bool,
}
