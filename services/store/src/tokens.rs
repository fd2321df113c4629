//! Tokens and their allocations.

use backbone_domain::IdentityAddress;
use backbone_domain::id::{DeviceId, TokenId};
use backbone_domain::token::Token;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::page::{Page, PageRequest};
use crate::row::{millis, placeholders, time};

const COLUMNS: &str = "id, created_by, created_by_device, for_identity, created_at, expires_at, content, password, failed_password_attempts";

pub async fn insert(conn: &mut AnyConnection, token: &Token) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO tokens (id, created_by, created_by_device, for_identity, created_at, expires_at, content, password, \
         failed_password_attempts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(token.id.as_str())
    .bind(token.created_by.as_ref().map(IdentityAddress::as_str))
    .bind(token.created_by_device.as_ref().map(DeviceId::as_str))
    .bind(token.for_identity.as_ref().map(IdentityAddress::as_str))
    .bind(millis(token.created_at))
    .bind(millis(token.expires_at))
    .bind(token.content.as_deref())
    .bind(token.password.as_deref())
    .bind(token.failed_password_attempts)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut AnyConnection, id: &TokenId) -> Result<Option<Token>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tokens WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.as_str()).fetch_optional(conn).await?;
    row.map(|row| from_row(&row)).transpose()
}

/// Among `ids`, the tokens `reader` created or allocated, oldest first.
pub async fn find_many_of(
    conn: &mut AnyConnection,
    reader: &IdentityAddress,
    ids: &[TokenId],
    page: PageRequest,
) -> Result<Page<Token>, StoreError> {
    if ids.is_empty() {
        return Ok(Page { items: Vec::new(), total_records: 0 });
    }
    let filter = format!(
        "FROM tokens WHERE id IN ({}) AND (created_by = $1 OR EXISTS (SELECT 1 FROM token_allocations a \
         WHERE a.token_id = tokens.id AND a.allocated_by = $1))",
        placeholders(2, ids.len())
    );
    let limit_at = ids.len() + 2;
    let sql = format!(
        "SELECT {COLUMNS} {filter} ORDER BY created_at, id LIMIT ${limit_at} OFFSET ${}",
        limit_at + 1
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(reader.as_str());
    for id in ids {
        query = query.bind(id.as_str());
    }
    let rows = query.bind(page.limit()).bind(page.offset()).fetch_all(&mut *conn).await?;
    let items = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    page.finish(items, || async {
        let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {filter}")))
            .bind(reader.as_str());
        for id in ids {
            query = query.bind(id.as_str());
        }
        Ok(query.fetch_one(&mut *conn).await?)
    })
    .await
}

pub async fn is_allocated_by(
    conn: &mut AnyConnection,
    id: &TokenId,
    reader: &IdentityAddress,
) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM token_allocations WHERE token_id = $1 AND allocated_by = $2",
    )
    .bind(id.as_str())
    .bind(reader.as_str())
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

pub async fn allocate(
    conn: &mut AnyConnection,
    id: &TokenId,
    by: &IdentityAddress,
    device: &DeviceId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO token_allocations (token_id, allocated_by, allocated_by_device, allocated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(id.as_str())
    .bind(by.as_str())
    .bind(device.as_str())
    .bind(millis(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn record_failed_password_attempt(
    conn: &mut AnyConnection,
    id: &TokenId,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE tokens SET failed_password_attempts = failed_password_attempts + 1 WHERE id = $1")
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Fills an empty token; the filler becomes its creator.
pub async fn fill(
    conn: &mut AnyConnection,
    id: &TokenId,
    content: &[u8],
    by: &IdentityAddress,
    device: &DeviceId,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE tokens SET content = $2, created_by = $3, created_by_device = $4 WHERE id = $1")
        .bind(id.as_str())
        .bind(content)
        .bind(by.as_str())
        .bind(device.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut AnyConnection, id: &TokenId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM token_allocations WHERE token_id = $1")
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM tokens WHERE id = $1").bind(id.as_str()).execute(conn).await?;
    Ok(())
}

/// Deletes tokens that expired before `cutoff`; returns how many.
pub async fn delete_expired(conn: &mut AnyConnection, cutoff: OffsetDateTime) -> Result<u64, StoreError> {
    sqlx::query(
        "DELETE FROM token_allocations WHERE token_id IN (SELECT id FROM tokens WHERE expires_at < $1)",
    )
    .bind(millis(cutoff))
    .execute(&mut *conn)
    .await?;
    let result =
        sqlx::query("DELETE FROM tokens WHERE expires_at < $1").bind(millis(cutoff)).execute(conn).await?;
    Ok(result.rows_affected())
}

fn from_row(row: &AnyRow) -> Result<Token, StoreError> {
    Ok(Token {
        id: TokenId::trusted(row.try_get("id")?),
        created_by: row.try_get::<Option<String>, _>("created_by")?.map(IdentityAddress::trusted),
        created_by_device: row.try_get::<Option<String>, _>("created_by_device")?.map(DeviceId::trusted),
        for_identity: row.try_get::<Option<String>, _>("for_identity")?.map(IdentityAddress::trusted),
        created_at: time(row.try_get("created_at")?),
        expires_at: time(row.try_get("expires_at")?),
        content: row.try_get("content")?,
        password: row.try_get("password")?,
        failed_password_attempts: row.try_get("failed_password_attempts")?,
    })
}
