use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// A relationship template as its readers see it; the password is never returned.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipTemplate {
    pub id: String,
    pub created_by: String,
    pub created_by_device: String,
    pub max_number_of_allocations: Option<i64>,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub content: Vec<u8>,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub for_identity: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateRelationshipTemplateRequest {
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub content: Vec<u8>,
    #[serde(default, with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub max_number_of_allocations: Option<i64>,
    #[serde(default)]
    pub for_identity: Option<String>,
    #[serde(default, with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub password: Option<Vec<u8>>,
}

/// The id and creation time of something just created.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedResource {
    pub id: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

/// A template an OAuth client's users are offered (proof of concept, spec §5.12).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicRelationshipTemplateReference {
    pub title: String,
    pub description: String,
    pub truncated_reference: String,
}
