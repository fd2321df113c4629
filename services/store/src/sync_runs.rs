use backbone_domain::IdentityAddress;
use backbone_domain::entities::SyncRun;
use backbone_domain::id::{DeviceId, SyncRunId};
use backbone_proto::dto::sync::SyncRunType;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::row::{corrupt, millis, optional_time, time};

const COLUMNS: &str =
    "id, identity_address, device_id, run_type, idx, created_at, expires_at, finalized_at, event_count";

/// Inserts a run; [`StoreError::Conflict`] if another run took the same index first.
pub async fn insert(conn: &mut AnyConnection, run: &SyncRun) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sync_runs (id, identity_address, device_id, run_type, idx, created_at, expires_at, finalized_at, \
         event_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(run.id.as_str())
    .bind(run.identity.as_str())
    .bind(run.device.as_str())
    .bind(run.run_type.as_str())
    .bind(run.index)
    .bind(millis(run.created_at))
    .bind(millis(run.expires_at))
    .bind(run.finalized_at.map(millis))
    .bind(run.event_count)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    id: &SyncRunId,
) -> Result<Option<SyncRun>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM sync_runs WHERE id = $1 AND identity_address = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.as_str())
        .bind(identity.as_str())
        .fetch_optional(conn)
        .await?;
    row.map(|row| from_row(&row)).transpose()
}

/// The identity's run with the highest index.
pub async fn latest(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<Option<SyncRun>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM sync_runs WHERE identity_address = $1 ORDER BY idx DESC LIMIT 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(identity.as_str()).fetch_optional(conn).await?;
    row.map(|row| from_row(&row)).transpose()
}

pub async fn has_unfinalized(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sync_runs WHERE identity_address = $1 AND finalized_at IS NULL",
    )
    .bind(identity.as_str())
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

pub async fn finalize(
    conn: &mut AnyConnection,
    id: &SyncRunId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE sync_runs SET finalized_at = $2 WHERE id = $1")
        .bind(id.as_str())
        .bind(millis(now))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_expiry(
    conn: &mut AnyConnection,
    id: &SyncRunId,
    expires_at: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE sync_runs SET expires_at = $2 WHERE id = $1")
        .bind(id.as_str())
        .bind(millis(expires_at))
        .execute(conn)
        .await?;
    Ok(())
}

fn from_row(row: &AnyRow) -> Result<SyncRun, StoreError> {
    let run_type: String = row.try_get("run_type")?;
    Ok(SyncRun {
        id: SyncRunId::trusted(row.try_get("id")?),
        run_type: SyncRunType::from_name(&run_type).ok_or_else(|| corrupt("sync run type", &run_type))?,
        identity: IdentityAddress::trusted(row.try_get("identity_address")?),
        device: DeviceId::trusted(row.try_get("device_id")?),
        index: row.try_get("idx")?,
        created_at: time(row.try_get("created_at")?),
        expires_at: time(row.try_get("expires_at")?),
        finalized_at: optional_time(row.try_get("finalized_at")?),
        event_count: row.try_get("event_count")?,
    })
}
