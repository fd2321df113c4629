//! Quotas (spec §11): tiers' definitions, identities' own, and usage counted live from what the identity
//! created in the period.

use backbone_domain::IdentityAddress;
use backbone_domain::quota::{Metric, Period, Quota, Source};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::row::{corrupt, millis};

/// How long a challenge lives: its creation time is its expiry less this (challenges store no creation time).
const CHALLENGE_LIFETIME_MILLIS: i64 = 10 * 60 * 1000;

const MIB: i64 = 1024 * 1024;

/// A tier's quota definitions.
pub async fn of_tier(conn: &mut AnyConnection, tier_id: &str) -> Result<Vec<Quota>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, metric_key, max, period FROM tier_quotas WHERE tier_id = $1 ORDER BY metric_key, id",
    )
    .bind(tier_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|row| quota(row, Source::Tier)).collect()
}

/// The quotas that apply to an identity, individual ones first for each metric (see
/// [`backbone_domain::quota::applicable`]).
pub async fn applicable(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<Vec<Quota>, StoreError> {
    // One round trip: this runs before every write that a quota may count, mostly to find none.
    let rows = sqlx::query(
        "SELECT 'Tier' AS source, q.id, q.metric_key, q.max, q.period FROM tier_quotas q \
         JOIN identities i ON i.tier_id = q.tier_id WHERE i.address = $1 \
         UNION ALL SELECT 'Individual' AS source, id, metric_key, max, period FROM individual_quotas \
         WHERE identity_address = $1",
    )
    .bind(identity.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let quotas = rows
        .iter()
        .map(|row| {
            let source: String = row.try_get("source")?;
            quota(row, if source == Source::Tier.name() { Source::Tier } else { Source::Individual })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(backbone_domain::quota::applicable(quotas))
}

fn quota(row: &AnyRow, source: Source) -> Result<Quota, StoreError> {
    let metric: String = row.try_get("metric_key")?;
    let period: String = row.try_get("period")?;
    Ok(Quota {
        id: row.try_get("id")?,
        source,
        metric: Metric::from_key(&metric).ok_or_else(|| corrupt("quota metric", &metric))?,
        max: row.try_get("max")?,
        period: Period::from_name(&period).ok_or_else(|| corrupt("quota period", &period))?,
    })
}

/// Stores a quota: a tier's (`owner` is the tier id) or an identity's (`owner` is its address). A quota whose id
/// exists already is left as it is, so that built-in quotas with fixed ids can be stored at every start.
pub async fn insert(conn: &mut AnyConnection, owner: &str, quota: &Quota) -> Result<(), StoreError> {
    let sql = match quota.source {
        Source::Tier => {
            "INSERT INTO tier_quotas (id, tier_id, metric_key, max, period) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO NOTHING"
        }
        Source::Individual => {
            "INSERT INTO individual_quotas (id, identity_address, metric_key, max, period) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO NOTHING"
        }
    };
    sqlx::query(sql)
        .bind(&quota.id)
        .bind(owner)
        .bind(quota.metric.key())
        .bind(quota.max)
        .bind(quota.period.name())
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes a tier's or an identity's quota; `false` if `owner` has no quota with that id.
pub async fn delete(
    conn: &mut AnyConnection,
    source: Source,
    owner: &str,
    id: &str,
) -> Result<bool, StoreError> {
    let sql = match source {
        Source::Tier => "DELETE FROM tier_quotas WHERE tier_id = $1 AND id = $2",
        Source::Individual => "DELETE FROM individual_quotas WHERE identity_address = $1 AND id = $2",
    };
    Ok(sqlx::query(sql).bind(owner).bind(id).execute(conn).await?.rows_affected() > 0)
}

/// How much of `metric` the identity used in the period that contains `now`.
pub async fn usage(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    metric: Metric,
    period: Period,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    let since = period.start(now).map_or(i64::MIN, millis);
    let sql = match metric {
        Metric::NumberOfSentMessages => {
            "SELECT COUNT(*) FROM messages WHERE created_by = $1 AND created_at >= $2"
        }
        Metric::NumberOfRelationships => {
            "SELECT COUNT(*) FROM relationships WHERE created_at >= $2 AND (\
             (status = 'Pending' AND from_address = $1) \
             OR (status IN ('Active', 'Terminated') AND (from_address = $1 OR to_address = $1)) \
             OR (status = 'DeletionProposed' AND ((from_address = $1 AND to_has_decomposed = 1) \
                 OR (to_address = $1 AND from_has_decomposed = 1))))"
        }
        Metric::NumberOfRelationshipTemplates => {
            "SELECT COUNT(*) FROM relationship_templates WHERE created_by = $1 AND created_at >= $2"
        }
        Metric::NumberOfFiles => "SELECT COUNT(*) FROM files WHERE created_by = $1 AND created_at >= $2",
        Metric::UsedFileStorageSpace => {
            // PostgreSQL sums BIGINTs as NUMERIC; the cast keeps one type for both engines.
            "SELECT CAST(COALESCE(SUM(cipher_size), 0) AS BIGINT) FROM files WHERE created_by = $1 AND created_at >= $2"
        }
        Metric::NumberOfTokens => "SELECT COUNT(*) FROM tokens WHERE created_by = $1 AND created_at >= $2",
        Metric::NumberOfStartedDeletionProcesses => {
            "SELECT COUNT(*) FROM deletion_processes WHERE identity_address = $1 AND created_at >= $2"
        }
        Metric::NumberOfCreatedDatawalletModifications => {
            "SELECT COUNT(*) FROM datawallet_modifications WHERE owner = $1 AND created_at >= $2"
        }
        Metric::NumberOfCreatedDevices => {
            "SELECT COUNT(*) FROM devices WHERE identity_address = $1 AND created_at >= $2"
        }
        Metric::NumberOfCreatedChallenges => {
            "SELECT COUNT(*) FROM challenges WHERE created_by = $1 AND expires_at >= $2"
        }
    };
    // Challenges store their expiry: one created at the start of the period expires a lifetime later.
    let since = match metric {
        Metric::NumberOfCreatedChallenges => since.saturating_add(CHALLENGE_LIFETIME_MILLIS),
        _ => since,
    };
    let value: i64 = sqlx::query_scalar(sql).bind(identity.as_str()).bind(since).fetch_one(conn).await?;
    let value = match metric {
        // Counted in whole MiB, truncated.
        Metric::UsedFileStorageSpace => value / MIB,
        _ => value,
    };
    Ok(u64::try_from(value).unwrap_or(0))
}
