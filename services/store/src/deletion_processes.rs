//! Identity deletion processes.

use backbone_domain::IdentityAddress;
use backbone_domain::deletion::DeletionProcess;
use backbone_domain::id::{DeletionProcessId, DeviceId, TierId};
use backbone_proto::dto::deletion::DeletionProcessStatus;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::row::{corrupt, millis, optional_time, time};

const COLUMNS: &str = "id, identity_address, status, created_at, created_by_device, grace_period_ends_at, \
    cancelled_at, previous_tier_id, grace_period_reminder1_sent_at, grace_period_reminder2_sent_at, \
    grace_period_reminder3_sent_at, deletion_started_at";

pub async fn insert(conn: &mut AnyConnection, process: &DeletionProcess) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO deletion_processes (id, identity_address, status, created_at, created_by_device, \
         grace_period_ends_at, cancelled_at, previous_tier_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(process.id.as_str())
    .bind(process.identity.as_str())
    .bind(process.status.as_str())
    .bind(millis(process.created_at))
    .bind(process.created_by_device.as_str())
    .bind(process.grace_period_ends_at.map(millis))
    .bind(process.cancelled_at.map(millis))
    .bind(process.previous_tier.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores a status change or sent reminders.
pub async fn update(conn: &mut AnyConnection, process: &DeletionProcess) -> Result<(), StoreError> {
    let [reminder1, reminder2, reminder3] = process.grace_period_reminders_sent_at;
    sqlx::query(
        "UPDATE deletion_processes SET status = $2, grace_period_ends_at = $3, cancelled_at = $4, \
         grace_period_reminder1_sent_at = $5, grace_period_reminder2_sent_at = $6, \
         grace_period_reminder3_sent_at = $7, deletion_started_at = $8 WHERE id = $1",
    )
    .bind(process.id.as_str())
    .bind(process.status.as_str())
    .bind(process.grace_period_ends_at.map(millis))
    .bind(process.cancelled_at.map(millis))
    .bind(reminder1.map(millis))
    .bind(reminder2.map(millis))
    .bind(reminder3.map(millis))
    .bind(process.deletion_started_at.map(millis))
    .execute(conn)
    .await?;
    Ok(())
}

/// The process with this id, whoever it belongs to.
pub async fn find_by_id(
    conn: &mut AnyConnection,
    id: &DeletionProcessId,
) -> Result<Option<DeletionProcess>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM deletion_processes WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.as_str()).fetch_optional(conn).await?;
    row.map(|row| from_row(&row)).transpose()
}

/// Active processes whose grace period ends at or before `until`, soonest first.
pub async fn active_ending_until(
    conn: &mut AnyConnection,
    until: OffsetDateTime,
) -> Result<Vec<DeletionProcess>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM deletion_processes WHERE status = 'Active' AND grace_period_ends_at <= $1 \
         ORDER BY grace_period_ends_at, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(until)).fetch_all(conn).await?;
    rows.iter().map(from_row).collect()
}

/// Processes whose actual deletion started at or before `until`, oldest first.
pub async fn deleting_since(
    conn: &mut AnyConnection,
    until: OffsetDateTime,
) -> Result<Vec<DeletionProcess>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM deletion_processes WHERE status = 'Deleting' AND deletion_started_at <= $1 \
         ORDER BY deletion_started_at, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(until)).fetch_all(conn).await?;
    rows.iter().map(from_row).collect()
}

pub async fn find(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    id: &DeletionProcessId,
) -> Result<Option<DeletionProcess>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM deletion_processes WHERE id = $1 AND identity_address = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.as_str())
        .bind(identity.as_str())
        .fetch_optional(conn)
        .await?;
    row.map(|row| from_row(&row)).transpose()
}

/// All processes of the identity, oldest first.
pub async fn of_identity(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<Vec<DeletionProcess>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM deletion_processes WHERE identity_address = $1 ORDER BY created_at, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(identity.as_str()).fetch_all(conn).await?;
    rows.iter().map(from_row).collect()
}

/// Whether the identity has a process that is active or already deleting.
pub async fn has_open(conn: &mut AnyConnection, identity: &IdentityAddress) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deletion_processes WHERE identity_address = $1 AND status IN ('Active', 'Deleting')",
    )
    .bind(identity.as_str())
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

fn from_row(row: &AnyRow) -> Result<DeletionProcess, StoreError> {
    let status: String = row.try_get("status")?;
    Ok(DeletionProcess {
        id: DeletionProcessId::trusted(row.try_get("id")?),
        identity: IdentityAddress::trusted(row.try_get("identity_address")?),
        status: DeletionProcessStatus::from_name(&status)
            .ok_or_else(|| corrupt("deletion process status", &status))?,
        created_at: time(row.try_get("created_at")?),
        created_by_device: DeviceId::trusted(row.try_get("created_by_device")?),
        grace_period_ends_at: optional_time(row.try_get("grace_period_ends_at")?),
        cancelled_at: optional_time(row.try_get("cancelled_at")?),
        previous_tier: TierId::trusted(row.try_get("previous_tier_id")?),
        grace_period_reminders_sent_at: [
            optional_time(row.try_get("grace_period_reminder1_sent_at")?),
            optional_time(row.try_get("grace_period_reminder2_sent_at")?),
            optional_time(row.try_get("grace_period_reminder3_sent_at")?),
        ],
        deletion_started_at: optional_time(row.try_get("deletion_started_at")?),
    })
}
