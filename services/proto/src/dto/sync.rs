use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::dto::datawallet::{CreatedDatawalletModification, PushDatawalletModificationItem};

crate::wire_enum! {
    SyncRunType { ExternalEventSync = 0, DatawalletVersionUpgrade = 1 }
}

crate::wire_enum! {
    StartSyncRunStatus { Created = 0, NoNewEvents = 1 }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StartSyncRunRequest {
    #[serde(default, rename = "type")]
    pub run_type: Option<SyncRunType>,
    /// Seconds until the run expires; 10 by default.
    #[serde(default)]
    pub duration: Option<u16>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StartSyncRunResponse {
    pub status: StartSyncRunStatus,
    pub sync_run: Option<SyncRun>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncRun {
    pub id: String,
    #[serde(rename = "type")]
    pub run_type: SyncRunType,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    pub index: i64,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub created_by_device: String,
    pub event_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExternalEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub index: i64,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub sync_error_count: i64,
    pub payload: Value,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshExpirationTimeResponse {
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinalizeExternalEventSyncRequest {
    #[serde(default)]
    pub external_event_results: Vec<ExternalEventResult>,
    #[serde(default)]
    pub datawallet_modifications: Vec<PushDatawalletModificationItem>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExternalEventResult {
    pub external_event_id: String,
    #[serde(default)]
    pub error_code: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinalizeExternalEventSyncResponse {
    pub new_datawallet_modification_index: Option<i64>,
    pub datawallet_modifications: Vec<CreatedDatawalletModification>,
    pub new_unsynced_external_events_exist: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinalizeDatawalletVersionUpgradeRequest {
    pub new_datawallet_version: u16,
    #[serde(default)]
    pub datawallet_modifications: Vec<PushDatawalletModificationItem>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinalizeDatawalletVersionUpgradeResponse {
    pub new_datawallet_modification_index: Option<i64>,
    pub datawallet_modifications: Vec<CreatedDatawalletModification>,
}
