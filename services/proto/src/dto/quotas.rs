use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `GET /api/v2/Quotas`: the caller's quotas of one metric, individual ones first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MetricQuotas {
    pub metric_key: String,
    pub quotas: Vec<QuotaUsage>,
}

/// A quota with the usage in its current period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuotaUsage {
    /// `Tier` or `Individual`.
    pub source: String,
    pub metric_key: String,
    pub max: i64,
    pub usage: u64,
    /// `Hour`, `Day`, `Week`, `Month`, `Year` or `Total`.
    pub period: String,
}
