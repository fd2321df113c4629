use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

crate::wire_enum! {
    DeletionProcessStatus { WaitingForApproval = 0, Active = 1, Cancelled = 2, Rejected = 3, Deleting = 10 }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StartDeletionProcessRequest {
    /// Days until the identity is deleted; 14 by default. May be fractional.
    #[serde(default)]
    pub length_of_grace_period_in_days: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletionProcess {
    pub id: String,
    pub status: DeletionProcessStatus,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub created_by_device: String,
    /// Legacy alias of `createdAt`.
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub approved_at: OffsetDateTime,
    /// Legacy alias of `createdByDevice`.
    pub approved_by_device: String,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub grace_period_ends_at: Option<OffsetDateTime>,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub grace_period_reminder1_sent_at: Option<OffsetDateTime>,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub grace_period_reminder2_sent_at: Option<OffsetDateTime>,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub grace_period_reminder3_sent_at: Option<OffsetDateTime>,
}
