//! Quota enforcement (spec §11): before a command creates what a quota counts, the identity's applicable
//! quotas for those metrics are checked against its usage, counted now. A used-up quota (usage ≥ max) answers
//! 429 `quotaExhausted` with each metric and the end of its period; the request that reaches the limit
//! succeeds, as in the reference.

use backbone_domain::IdentityAddress;
use backbone_domain::quota::Metric;
use backbone_proto::{ErrorCode, date};
use backbone_store::{AnyConnection, quotas};
use serde_json::json;
use time::OffsetDateTime;

use crate::error::{ApiError, ApiResult};

const MESSAGE: &str = "You cannot to perform this action because one or more quotas are exhausted.";

pub async fn ensure_available(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    metrics: &[Metric],
    now: OffsetDateTime,
) -> ApiResult<()> {
    let mut exhausted: Vec<(Metric, OffsetDateTime)> = Vec::new();
    for quota in
        quotas::applicable(conn, identity).await?.into_iter().filter(|quota| metrics.contains(&quota.metric))
    {
        let usage = quotas::usage(conn, identity, quota.metric, quota.period, now).await?;
        if usage < u64::try_from(quota.max).unwrap_or(0) {
            continue;
        }
        let until = quota.period.end(now);
        match exhausted.iter_mut().find(|(metric, _)| *metric == quota.metric) {
            Some((_, latest)) => *latest = (*latest).max(until),
            None => exhausted.push((quota.metric, until)),
        }
    }
    if exhausted.is_empty() {
        return Ok(());
    }
    let data = exhausted
        .iter()
        .map(|(metric, until)| json!({ "metricKey": metric.key(), "isExhaustedUntil": date::format(*until) }))
        .collect();
    Err(ApiError {
        code: ErrorCode::QuotaExhausted,
        message: MESSAGE.into(),
        data: Some(serde_json::Value::Array(data)),
    })
}
