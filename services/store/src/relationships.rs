//! Relationships and their audit logs.

use backbone_domain::IdentityAddress;
use backbone_domain::id::{DeviceId, RelationshipId, RelationshipTemplateId};
use backbone_domain::relationship::{AuditLogEntry, BLOCKING_STATUSES, Relationship, pair_key};
use backbone_proto::dto::relationships::{RelationshipAuditLogEntryReason, RelationshipStatus};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::StoreError;
use crate::page::{Page, PageRequest};
use crate::row::{corrupt, flag, millis, placeholders, time};

const COLUMNS: &str = "id, template_id, from_address, to_address, created_at, status, creation_content, \
    creation_response_content, from_has_decomposed, to_has_decomposed";

/// Inserts a new relationship; [`StoreError::Conflict`] if the pair already has a blocking one.
pub async fn insert(conn: &mut AnyConnection, relationship: &Relationship) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO relationships (id, template_id, from_address, to_address, pair_key, created_at, status, \
         creation_content, creation_response_content, from_has_decomposed, to_has_decomposed) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(relationship.id.as_str())
    .bind(relationship.template_id.as_ref().map(RelationshipTemplateId::as_str))
    .bind(relationship.from.as_str())
    .bind(relationship.to.as_str())
    .bind(pair_key(&relationship.from, &relationship.to))
    .bind(millis(relationship.created_at))
    .bind(relationship.status.as_str())
    .bind(relationship.creation_content.as_deref())
    .bind(relationship.creation_response_content.as_deref())
    .bind(flag(relationship.from_has_decomposed))
    .bind(flag(relationship.to_has_decomposed))
    .execute(&mut *conn)
    .await?;
    for (index, entry) in relationship.audit_log.iter().enumerate() {
        insert_audit_entry(conn, &relationship.id, index, entry).await?;
    }
    Ok(())
}

/// Stores a transition: the new state and the audit entries added since it was read.
pub async fn save_transition(
    conn: &mut AnyConnection,
    relationship: &Relationship,
    stored_entries: usize,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE relationships SET status = $2, creation_response_content = $3, from_has_decomposed = $4, \
         to_has_decomposed = $5 WHERE id = $1",
    )
    .bind(relationship.id.as_str())
    .bind(relationship.status.as_str())
    .bind(relationship.creation_response_content.as_deref())
    .bind(flag(relationship.from_has_decomposed))
    .bind(flag(relationship.to_has_decomposed))
    .execute(&mut *conn)
    .await?;
    for (index, entry) in relationship.audit_log.iter().enumerate().skip(stored_entries) {
        insert_audit_entry(conn, &relationship.id, index, entry).await?;
    }
    Ok(())
}

async fn insert_audit_entry(
    conn: &mut AnyConnection,
    id: &RelationshipId,
    index: usize,
    entry: &AuditLogEntry,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO relationship_audit_log (relationship_id, idx, created_at, created_by, created_by_device, reason, \
         old_status, new_status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.as_str())
    .bind(i64::try_from(index).unwrap_or(i64::MAX))
    .bind(millis(entry.created_at))
    .bind(entry.created_by.as_str())
    .bind(entry.created_by_device.as_ref().map(DeviceId::as_str))
    .bind(entry.reason.as_str())
    .bind(entry.old_status.map(RelationshipStatus::as_str))
    .bind(entry.new_status.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut AnyConnection, id: &RelationshipId) -> Result<Option<Relationship>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM relationships WHERE id = $1");
    let Some(row) =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.as_str()).fetch_optional(&mut *conn).await?
    else {
        return Ok(None);
    };
    let mut relationship = from_row(&row)?;
    relationship.audit_log = audit_log(conn, id).await?;
    Ok(Some(relationship))
}

/// Among `ids`, the relationships `participant` takes part in, oldest first.
pub async fn find_many_of(
    conn: &mut AnyConnection,
    participant: &IdentityAddress,
    ids: &[RelationshipId],
    page: PageRequest,
) -> Result<Page<Relationship>, StoreError> {
    if ids.is_empty() {
        return Ok(Page { items: Vec::new(), total_records: 0 });
    }
    let filter = format!(
        "FROM relationships WHERE (from_address = $1 OR to_address = $1) AND id IN ({})",
        placeholders(2, ids.len())
    );
    let limit_at = ids.len() + 2;
    let sql = format!(
        "SELECT {COLUMNS} {filter} ORDER BY created_at, id LIMIT ${limit_at} OFFSET ${}",
        limit_at + 1
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(participant.as_str());
    for id in ids {
        query = query.bind(id.as_str());
    }
    let rows = query.bind(page.limit()).bind(page.offset()).fetch_all(&mut *conn).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut relationship = from_row(row)?;
        relationship.audit_log = audit_log(conn, &relationship.id).await?;
        items.push(relationship);
    }
    page.finish(items, || async {
        let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {filter}")))
            .bind(participant.as_str());
        for id in ids {
            query = query.bind(id.as_str());
        }
        Ok(query.fetch_one(&mut *conn).await?)
    })
    .await
}

/// Whether the two identities have a relationship that keeps them from starting a new one.
pub async fn blocking_exists(
    conn: &mut AnyConnection,
    a: &IdentityAddress,
    b: &IdentityAddress,
) -> Result<bool, StoreError> {
    let sql = format!(
        "SELECT COUNT(*) FROM relationships WHERE pair_key = $1 AND status IN ({})",
        placeholders(2, BLOCKING_STATUSES.len())
    );
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(pair_key(a, b));
    for status in BLOCKING_STATUSES {
        query = query.bind(status.as_str());
    }
    let count: i64 = query.fetch_one(conn).await?;
    Ok(count > 0)
}

/// The newest relationship between the two identities, with its status.
pub async fn youngest_between(
    conn: &mut AnyConnection,
    a: &IdentityAddress,
    b: &IdentityAddress,
) -> Result<Option<(RelationshipId, RelationshipStatus)>, StoreError> {
    let row = sqlx::query(
        "SELECT id, status FROM relationships WHERE pair_key = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(pair_key(a, b))
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok((RelationshipId::trusted(row.try_get("id")?), status(&row.try_get::<String, _>("status")?)?))
    })
    .transpose()
}

/// The identity's relationships in one of `statuses`, with the peer of each.
pub async fn peers_in_status(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    statuses: &[RelationshipStatus],
) -> Result<Vec<(RelationshipId, IdentityAddress)>, StoreError> {
    let sql = format!(
        "SELECT id, from_address, to_address FROM relationships WHERE (from_address = $1 OR to_address = $1) \
         AND status IN ({}) ORDER BY created_at, id",
        placeholders(2, statuses.len())
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(identity.as_str());
    for status in statuses {
        query = query.bind(status.as_str());
    }
    let rows = query.fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            let from: String = row.try_get("from_address")?;
            let peer = if from == identity.as_str() { row.try_get("to_address")? } else { from };
            Ok((RelationshipId::trusted(row.try_get("id")?), IdentityAddress::trusted(peer)))
        })
        .collect()
}

async fn audit_log(conn: &mut AnyConnection, id: &RelationshipId) -> Result<Vec<AuditLogEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT created_at, created_by, created_by_device, reason, old_status, new_status FROM relationship_audit_log \
         WHERE relationship_id = $1 ORDER BY idx",
    )
    .bind(id.as_str())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let reason: String = row.try_get("reason")?;
            let old_status: Option<String> = row.try_get("old_status")?;
            Ok(AuditLogEntry {
                created_at: time(row.try_get("created_at")?),
                created_by: IdentityAddress::trusted(row.try_get("created_by")?),
                created_by_device: row
                    .try_get::<Option<String>, _>("created_by_device")?
                    .map(DeviceId::trusted),
                reason: RelationshipAuditLogEntryReason::from_name(&reason)
                    .ok_or_else(|| corrupt("audit reason", &reason))?,
                old_status: old_status.as_deref().map(status).transpose()?,
                new_status: status(&row.try_get::<String, _>("new_status")?)?,
            })
        })
        .collect()
}

fn status(name: &str) -> Result<RelationshipStatus, StoreError> {
    RelationshipStatus::from_name(name).ok_or_else(|| corrupt("relationship status", name))
}

/// A relationship without its audit log, which the callers read separately.
fn from_row(row: &AnyRow) -> Result<Relationship, StoreError> {
    Ok(Relationship {
        id: RelationshipId::trusted(row.try_get("id")?),
        template_id: row.try_get::<Option<String>, _>("template_id")?.map(RelationshipTemplateId::trusted),
        from: IdentityAddress::trusted(row.try_get("from_address")?),
        to: IdentityAddress::trusted(row.try_get("to_address")?),
        created_at: time(row.try_get("created_at")?),
        status: status(&row.try_get::<String, _>("status")?)?,
        audit_log: Vec::new(),
        creation_content: row.try_get("creation_content")?,
        creation_response_content: row.try_get("creation_response_content")?,
        from_has_decomposed: row.try_get::<i64, _>("from_has_decomposed")? != 0,
        to_has_decomposed: row.try_get::<i64, _>("to_has_decomposed")? != 0,
    })
}
