//! The audit log of identity deletion processes. It outlives the identity and its processes, so it
//! stores hashes (`backbone_domain::deletion::audit_hash`), never plain addresses or usernames.

use backbone_domain::deletion::{AuditEntry, AuditMessage, audit_hash};
use backbone_domain::id::DeletionProcessId;
use backbone_domain::{IdentityAddress, id::Username};
use backbone_proto::dto::deletion::DeletionProcessStatus;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::row::{corrupt, millis, optional_time, time};

pub async fn append(conn: &mut AnyConnection, entry: &AuditEntry) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO deletion_audit_log (process_id, identity_address_hash, device_id_hash, created_at, \
         message_key, old_status, new_status, additional_data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.process_id.as_str())
    .bind(&entry.identity_address_hash)
    .bind(entry.device_id_hash.as_deref())
    .bind(millis(entry.created_at))
    .bind(entry.message.as_str())
    .bind(entry.old_status.map(DeletionProcessStatus::as_str))
    .bind(entry.new_status.as_str())
    .bind(entry.additional_data.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

/// Attaches the identity's usernames to its audit entries, so that a deleted identity can still be
/// found by the username of one of its former devices.
pub async fn attach_usernames(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    usernames: &[Username],
) -> Result<(), StoreError> {
    for username in usernames {
        sqlx::query(
            "INSERT INTO deletion_audit_usernames (username_hash, identity_address_hash) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(username_hash(username))
        .bind(audit_hash(identity.as_str()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// When the deletion of the identity that had a device with this username was completed.
pub async fn completed_for_username(
    conn: &mut AnyConnection,
    username: &Username,
) -> Result<Option<OffsetDateTime>, StoreError> {
    let completed: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(a.created_at) FROM deletion_audit_log a JOIN deletion_audit_usernames u \
         ON u.identity_address_hash = a.identity_address_hash WHERE u.username_hash = $1 AND a.message_key = $2",
    )
    .bind(username_hash(username))
    .bind(AuditMessage::DeletionCompleted.as_str())
    .fetch_one(conn)
    .await?;
    Ok(optional_time(completed))
}

/// The audit entries of the identity with this address, oldest first (for support).
pub async fn of_identity(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT process_id, identity_address_hash, device_id_hash, created_at, message_key, old_status, \
         new_status, additional_data FROM deletion_audit_log WHERE identity_address_hash = $1 ORDER BY id",
    )
    .bind(audit_hash(identity.as_str()))
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

fn username_hash(username: &Username) -> String {
    audit_hash(&username.as_str().to_ascii_uppercase())
}

fn status(name: &str) -> Result<DeletionProcessStatus, StoreError> {
    DeletionProcessStatus::from_name(name).ok_or_else(|| corrupt("deletion process status", name))
}

fn from_row(row: &AnyRow) -> Result<AuditEntry, StoreError> {
    let message: String = row.try_get("message_key")?;
    let old_status: Option<String> = row.try_get("old_status")?;
    Ok(AuditEntry {
        process_id: DeletionProcessId::trusted(row.try_get("process_id")?),
        identity_address_hash: row.try_get("identity_address_hash")?,
        device_id_hash: row.try_get("device_id_hash")?,
        created_at: time(row.try_get("created_at")?),
        message: AuditMessage::from_name(&message).ok_or_else(|| corrupt("audit message", &message))?,
        old_status: old_status.as_deref().map(status).transpose()?,
        new_status: status(&row.try_get::<String, _>("new_status")?)?,
        additional_data: row.try_get("additional_data")?,
    })
}
