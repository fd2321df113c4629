use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

crate::wire_enum! {
    DatawalletModificationType { Create = 0, Update = 1, Delete = 2, CacheChanged = 3 }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Datawallet {
    pub version: u16,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DatawalletModification {
    pub id: String,
    pub datawallet_version: u16,
    pub index: i64,
    pub object_identifier: String,
    pub payload_category: Option<String>,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub created_by_device: String,
    pub collection: String,
    #[serde(rename = "type")]
    pub modification_type: DatawalletModificationType,
    #[serde(with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub encrypted_payload: Option<Vec<u8>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PushDatawalletModificationItem {
    #[serde(rename = "type")]
    pub modification_type: DatawalletModificationType,
    pub object_identifier: String,
    pub collection: String,
    #[serde(default)]
    pub payload_category: Option<String>,
    #[serde(default, with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub encrypted_payload: Option<Vec<u8>>,
    pub datawallet_version: u16,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PushDatawalletModificationsRequest {
    /// The index of the newest modification the device knows, `-1` if it knows none.
    pub local_index: Option<i64>,
    pub modifications: Vec<PushDatawalletModificationItem>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PushDatawalletModificationsResponse {
    pub new_index: i64,
    pub modifications: Vec<CreatedDatawalletModification>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedDatawalletModification {
    pub id: String,
    pub index: i64,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}
