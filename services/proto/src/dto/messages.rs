use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub created_by_device: String,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub body: Vec<u8>,
    pub attachments: Vec<Attachment>,
    pub recipients: Vec<MessageRecipient>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    pub id: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageRecipient {
    pub address: String,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub encrypted_key: Vec<u8>,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub received_at: Option<OffsetDateTime>,
    pub received_by_device: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendMessageRequest {
    pub recipients: Vec<SendMessageRecipient>,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub body: Vec<u8>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendMessageRecipient {
    pub address: String,
    #[serde(with = "crate::bytes")]
    #[schema(value_type = String, format = Byte)]
    pub encrypted_key: Vec<u8>,
}
