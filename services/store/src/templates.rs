//! Relationship templates and their allocations.

use backbone_domain::IdentityAddress;
use backbone_domain::id::{DeviceId, RelationshipTemplateId};
use backbone_domain::template::{ReaderHistory, RelationshipTemplate};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::row::{millis, optional_time, placeholders, time};

const COLUMNS: &str = "id, created_by, created_by_device, max_number_of_allocations, expires_at, content, created_at, \
    for_identity, password";

pub async fn insert(conn: &mut AnyConnection, template: &RelationshipTemplate) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO relationship_templates (id, created_by, created_by_device, max_number_of_allocations, expires_at, \
         content, created_at, for_identity, password) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(template.id.as_str())
    .bind(template.created_by.as_str())
    .bind(template.created_by_device.as_str())
    .bind(template.max_number_of_allocations)
    .bind(template.expires_at.map(millis))
    .bind(&template.content)
    .bind(millis(template.created_at))
    .bind(template.for_identity.as_ref().map(IdentityAddress::as_str))
    .bind(template.password.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut AnyConnection,
    id: &RelationshipTemplateId,
) -> Result<Option<RelationshipTemplate>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM relationship_templates WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.as_str()).fetch_optional(conn).await?;
    row.map(|row| from_row(&row)).transpose()
}

/// The templates with these ids, oldest first.
pub async fn find_many(
    conn: &mut AnyConnection,
    ids: &[RelationshipTemplateId],
) -> Result<Vec<RelationshipTemplate>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM relationship_templates WHERE id IN ({}) ORDER BY created_at, id",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(id.as_str());
    }
    query.fetch_all(conn).await?.iter().map(from_row).collect()
}

/// Deletes the template; relationships created from it keep existing without it.
pub async fn delete(conn: &mut AnyConnection, id: &RelationshipTemplateId) -> Result<(), StoreError> {
    sqlx::query("UPDATE relationships SET template_id = NULL WHERE template_id = $1")
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM relationship_template_allocations WHERE template_id = $1")
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM relationship_templates WHERE id = $1").bind(id.as_str()).execute(conn).await?;
    Ok(())
}

/// What `reader` has done with the template so far.
pub async fn history(
    conn: &mut AnyConnection,
    id: &RelationshipTemplateId,
    reader: &IdentityAddress,
) -> Result<ReaderHistory, StoreError> {
    let allocated: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM relationship_template_allocations WHERE template_id = $1 AND allocated_by = $2",
    )
    .bind(id.as_str())
    .bind(reader.as_str())
    .fetch_one(&mut *conn)
    .await?;
    let in_relationship: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM relationships WHERE template_id = $1 AND (from_address = $2 OR to_address = $2)",
    )
    .bind(id.as_str())
    .bind(reader.as_str())
    .fetch_one(conn)
    .await?;
    Ok(ReaderHistory { allocated: allocated > 0, in_relationship: in_relationship > 0 })
}

pub async fn count_allocations(
    conn: &mut AnyConnection,
    id: &RelationshipTemplateId,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM relationship_template_allocations WHERE template_id = $1")
        .bind(id.as_str())
        .fetch_one(conn)
        .await?)
}

pub async fn allocate(
    conn: &mut AnyConnection,
    id: &RelationshipTemplateId,
    by: &IdentityAddress,
    device: &DeviceId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO relationship_template_allocations (template_id, allocated_by, allocated_by_device, allocated_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(id.as_str())
    .bind(by.as_str())
    .bind(device.as_str())
    .bind(millis(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes templates that expired before `cutoff` and no relationship refers to; returns how many.
pub async fn delete_expired(conn: &mut AnyConnection, cutoff: OffsetDateTime) -> Result<u64, StoreError> {
    let expired = "SELECT id FROM relationship_templates t WHERE t.expires_at < $1 \
        AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.template_id = t.id)";
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM relationship_template_allocations WHERE template_id IN ({expired})"
    )))
    .bind(millis(cutoff))
    .execute(&mut *conn)
    .await?;
    let result = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM relationship_templates WHERE id IN ({expired})"
    )))
    .bind(millis(cutoff))
    .execute(conn)
    .await?;
    Ok(result.rows_affected())
}

fn from_row(row: &AnyRow) -> Result<RelationshipTemplate, StoreError> {
    Ok(RelationshipTemplate {
        id: RelationshipTemplateId::trusted(row.try_get("id")?),
        created_by: IdentityAddress::trusted(row.try_get("created_by")?),
        created_by_device: DeviceId::trusted(row.try_get("created_by_device")?),
        max_number_of_allocations: row.try_get("max_number_of_allocations")?,
        expires_at: optional_time(row.try_get("expires_at")?),
        content: row.try_get("content")?,
        created_at: time(row.try_get("created_at")?),
        for_identity: row.try_get::<Option<String>, _>("for_identity")?.map(IdentityAddress::trusted),
        password: row.try_get("password")?,
    })
}
