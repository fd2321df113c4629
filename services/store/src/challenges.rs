use backbone_domain::IdentityAddress;
use backbone_domain::entities::Challenge;
use backbone_domain::id::{ChallengeId, DeviceId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::StoreError;
use crate::row::{millis, time};

pub async fn insert(conn: &mut AnyConnection, challenge: &Challenge) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO challenges (id, expires_at, created_by, created_by_device) VALUES ($1, $2, $3, $4)",
    )
    .bind(challenge.id.as_str())
    .bind(millis(challenge.expires_at))
    .bind(challenge.created_by.as_ref().map(IdentityAddress::as_str))
    .bind(challenge.created_by_device.as_ref().map(DeviceId::as_str))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut AnyConnection, id: &ChallengeId) -> Result<Option<Challenge>, StoreError> {
    let row =
        sqlx::query("SELECT id, expires_at, created_by, created_by_device FROM challenges WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    row.map(|row| from_row(&row)).transpose()
}

/// Deletes challenges that expired before `cutoff`; returns how many.
pub async fn delete_expired(
    conn: &mut AnyConnection,
    cutoff: time::OffsetDateTime,
) -> Result<u64, StoreError> {
    let result = sqlx::query("DELETE FROM challenges WHERE expires_at < $1")
        .bind(millis(cutoff))
        .execute(conn)
        .await?;
    Ok(result.rows_affected())
}

fn from_row(row: &AnyRow) -> Result<Challenge, StoreError> {
    Ok(Challenge {
        id: ChallengeId::trusted(row.try_get("id")?),
        expires_at: time(row.try_get("expires_at")?),
        created_by: row.try_get::<Option<String>, _>("created_by")?.map(IdentityAddress::trusted),
        created_by_device: row.try_get::<Option<String>, _>("created_by_device")?.map(DeviceId::trusted),
    })
}
