//! `GET /api/v2/Quotas` (spec §5.17): the caller's quotas with their usage, counted now.

use axum::extract::State;
use backbone_http::{ApiResult, Principal, Reply};
use backbone_proto::Envelope;
use backbone_proto::dto::quotas::{MetricQuotas, QuotaUsage};
use backbone_store::quotas;

use crate::DevicesState;

#[utoipa::path(get, path = "/api/v2/Quotas", security(("bearer" = [])), tag = "Quotas", operation_id = "Quotas_list",
    responses((status = 200, body = Envelope<Vec<MetricQuotas>>)))]
pub async fn list(
    State(state): State<DevicesState>,
    caller: Principal,
) -> ApiResult<Reply<Vec<MetricQuotas>>> {
    let now = state.clock.now();
    let mut conn = state.db.conn().await?;
    let mut grouped: Vec<MetricQuotas> = Vec::new();
    for quota in quotas::applicable(&mut conn, &caller.address).await? {
        let usage = quotas::usage(&mut conn, &caller.address, quota.metric, quota.period, now).await?;
        let entry = QuotaUsage {
            source: quota.source.name().to_owned(),
            metric_key: quota.metric.key().to_owned(),
            max: quota.max,
            usage,
            period: quota.period.name().to_owned(),
        };
        match grouped.iter_mut().find(|group| group.metric_key == entry.metric_key) {
            Some(group) => group.quotas.push(entry),
            None => grouped.push(MetricQuotas { metric_key: entry.metric_key.clone(), quotas: vec![entry] }),
        }
    }
    Ok(Reply(grouped))
}
