//! Quotas at the support routes: the metrics, a tier's definitions, an identity's quotas with their usage,
//! and the operator's changes to tiers' and identities' quotas (audited).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use backbone_domain::IdentityAddress;
use backbone_domain::id::{IndividualQuotaId, TierQuotaDefinitionId};
use backbone_domain::quota::{Metric, Period, Quota, Source};
use backbone_proto::admin::{CreateQuotaRequest, IdentityQuota, MetricRef, QuotaDefinition, TierDetails};
use backbone_store::{AnyConnection, quotas, support};
use serde_json::json;
use time::OffsetDateTime;

use super::{Answer, Body, Created, connection, created, ok};
use crate::api::Shared;
use crate::error::DaemonError;
use crate::tokens::Caller;

fn metric_ref(metric: Metric) -> MetricRef {
    MetricRef { key: metric.key().to_owned(), display_name: metric.display_name().to_owned() }
}

fn definition(quota: &Quota) -> QuotaDefinition {
    QuotaDefinition {
        id: quota.id.clone(),
        metric: metric_ref(quota.metric),
        max: quota.max,
        period: quota.period.name().to_owned(),
    }
}

/// The quotas that apply to an identity, with their usage now.
pub(super) async fn of_identity(
    conn: &mut AnyConnection,
    address: &str,
    now: OffsetDateTime,
) -> Result<Vec<IdentityQuota>, DaemonError> {
    let identity = IdentityAddress::trusted(address.to_owned());
    let mut answered = Vec::new();
    for quota in quotas::applicable(conn, &identity).await? {
        let usage = quotas::usage(conn, &identity, quota.metric, quota.period, now).await?;
        answered.push(IdentityQuota {
            id: quota.id.clone(),
            source: quota.source.name().to_owned(),
            metric: metric_ref(quota.metric),
            max: quota.max,
            usage,
            period: quota.period.name().to_owned(),
        });
    }
    Ok(answered)
}

/// `GET /Metrics`: what quotas can count.
pub(super) async fn metrics(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
) -> Answer<Vec<MetricRef>> {
    connection(&app, &caller, &name).await?;
    ok(Metric::ALL.into_iter().map(metric_ref).collect())
}

/// `GET /Tiers/{id}`: a tier with its quota definitions.
pub(super) async fn tier(
    State(app): Shared,
    caller: Caller,
    Path((name, id)): Path<(String, String)>,
) -> Answer<TierDetails> {
    let mut conn = connection(&app, &caller, &name).await?;
    let tier =
        support::tier_name(&mut conn, &id).await?.ok_or_else(|| DaemonError::NoSuch(format!("tier {id}")))?;
    let quotas = quotas::of_tier(&mut conn, &id).await?;
    ok(TierDetails { id, name: tier, quotas: quotas.iter().map(definition).collect() })
}

/// A quota from a request: a known metric, a positive maximum, a known period.
fn parse(request: &CreateQuotaRequest, source: Source) -> Result<Quota, DaemonError> {
    let metric = Metric::from_key(&request.metric_key).ok_or_else(|| {
        DaemonError::Invalid(format!("unknown metric '{}'; GET Metrics lists them", request.metric_key))
    })?;
    let period = Period::from_name(&request.period).ok_or_else(|| {
        DaemonError::Invalid(format!(
            "period '{}' is none of Hour, Day, Week, Month, Year, Total",
            request.period
        ))
    })?;
    if request.max < 1 {
        return Err(DaemonError::Invalid("max must be greater than 0".to_owned()));
    }
    let id = match source {
        Source::Tier => TierQuotaDefinitionId::generate(&mut rand::rng()).to_string(),
        Source::Individual => IndividualQuotaId::generate(&mut rand::rng()).to_string(),
    };
    Ok(Quota { id, source, metric, max: request.max, period })
}

/// `POST /Tiers/{id}/Quotas`: applies to every identity of the tier at once.
pub(super) async fn create_tier_quota(
    State(app): Shared,
    caller: Caller,
    Path((name, tier)): Path<(String, String)>,
    Body(request): Body<CreateQuotaRequest>,
) -> Created<QuotaDefinition> {
    created(create(&app, &caller, (name, tier), &request, Source::Tier).await?)
}

/// `POST /Identities/{address}/Quotas`: replaces the tier's quotas of the metric for this identity.
pub(super) async fn create_individual_quota(
    State(app): Shared,
    caller: Caller,
    Path((name, address)): Path<(String, String)>,
    Body(request): Body<CreateQuotaRequest>,
) -> Created<QuotaDefinition> {
    created(create(&app, &caller, (name, address), &request, Source::Individual).await?)
}

/// A quota for the tier or identity `owner`, which must exist.
async fn create(
    app: &crate::api::App,
    caller: &Caller,
    (name, owner): (String, String),
    request: &CreateQuotaRequest,
    source: Source,
) -> Result<QuotaDefinition, DaemonError> {
    let action = match source {
        Source::Tier => "tier.quota-create",
        Source::Individual => "account.quota-create",
    };
    let detail = json!({ "metricKey": request.metric_key, "max": request.max, "period": request.period });
    app.audited(caller, action, &format!("{name}/{owner}"), Some(detail), async {
        let quota = parse(request, source)?;
        let mut conn = connection(app, caller, &name).await?;
        let exists = match source {
            Source::Tier => support::tier_name(&mut conn, &owner).await?.is_some(),
            Source::Individual => {
                let identity = IdentityAddress::trusted(owner.clone());
                backbone_store::devices::find_identity(&mut conn, &identity).await?.is_some()
            }
        };
        if !exists {
            return Err(DaemonError::NoSuch(format!(
                "{} {owner}",
                if source == Source::Tier { "tier" } else { "identity" }
            )));
        }
        quotas::insert(&mut conn, &owner, &quota).await?;
        Ok(definition(&quota))
    })
    .await
}

/// `DELETE /Tiers/{id}/Quotas/{quota}` and `DELETE /Identities/{address}/Quotas/{quota}`.
async fn delete(
    app: &crate::api::App,
    caller: &Caller,
    (name, owner, id): (String, String, String),
    source: Source,
) -> Result<StatusCode, DaemonError> {
    let action = match source {
        Source::Tier => "tier.quota-delete",
        Source::Individual => "account.quota-delete",
    };
    app.audited(caller, action, &format!("{name}/{owner}/{id}"), None, async {
        let mut conn = connection(app, caller, &name).await?;
        match quotas::delete(&mut conn, source, &owner, &id).await? {
            true => Ok(StatusCode::NO_CONTENT),
            false => Err(DaemonError::NoSuch(format!("quota {id} of {owner}"))),
        }
    })
    .await
}

pub(super) async fn delete_tier_quota(
    State(app): Shared,
    caller: Caller,
    Path(path): Path<(String, String, String)>,
) -> Result<StatusCode, DaemonError> {
    delete(&app, &caller, path, Source::Tier).await
}

pub(super) async fn delete_individual_quota(
    State(app): Shared,
    caller: Caller,
    Path(path): Path<(String, String, String)>,
) -> Result<StatusCode, DaemonError> {
    delete(&app, &caller, path, Source::Individual).await
}
