//! File metadata.

use backbone_domain::IdentityAddress;
use backbone_domain::file::File;
use backbone_domain::id::{DeviceId, FileId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::page::{Page, PageRequest};
use crate::row::{flag, millis, placeholders, time};

const COLUMNS: &str = "id, created_at, created_by, created_by_device, modified_at, modified_by, modified_by_device, \
    owner, owner_signature, ownership_token, ownership_is_locked, cipher_size, cipher_hash, expires_at, encrypted_properties";

pub async fn insert(conn: &mut AnyConnection, file: &File) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO files (id, created_at, created_by, created_by_device, modified_at, modified_by, modified_by_device, \
         owner, owner_signature, ownership_token, ownership_is_locked, cipher_size, cipher_hash, expires_at, \
         encrypted_properties) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(file.id.as_str())
    .bind(millis(file.created_at))
    .bind(file.created_by.as_str())
    .bind(file.created_by_device.as_str())
    .bind(millis(file.modified_at))
    .bind(file.modified_by.as_str())
    .bind(file.modified_by_device.as_str())
    .bind(file.owner.as_str())
    .bind(&file.owner_signature)
    .bind(&file.ownership_token)
    .bind(flag(file.ownership_is_locked))
    .bind(file.cipher_size)
    .bind(&file.cipher_hash)
    .bind(millis(file.expires_at))
    .bind(&file.encrypted_properties)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut AnyConnection, id: &FileId) -> Result<Option<File>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM files WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.as_str()).fetch_optional(conn).await?;
    row.map(|row| from_row(&row)).transpose()
}

/// The unexpired files `creator` uploaded, optionally only `ids`, oldest first.
pub async fn created_by(
    conn: &mut AnyConnection,
    creator: &IdentityAddress,
    ids: &[FileId],
    now: OffsetDateTime,
    page: PageRequest,
) -> Result<Page<File>, StoreError> {
    let id_filter =
        if ids.is_empty() { String::new() } else { format!(" AND id IN ({})", placeholders(3, ids.len())) };
    let filter = format!("FROM files WHERE created_by = $1 AND expires_at > $2{id_filter}");
    let limit_at = ids.len() + 3;
    let sql = format!(
        "SELECT {COLUMNS} {filter} ORDER BY created_at, id LIMIT ${limit_at} OFFSET ${}",
        limit_at + 1
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(creator.as_str()).bind(millis(now));
    for id in ids {
        query = query.bind(id.as_str());
    }
    let rows = query.bind(page.limit()).bind(page.offset()).fetch_all(&mut *conn).await?;
    let items = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    page.finish(items, || async {
        let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {filter}")))
            .bind(creator.as_str())
            .bind(millis(now));
        for id in ids {
            query = query.bind(id.as_str());
        }
        Ok(query.fetch_one(&mut *conn).await?)
    })
    .await
}

/// Stores a change of owner, ownership token or lock.
pub async fn update_ownership(conn: &mut AnyConnection, file: &File) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE files SET owner = $2, ownership_token = $3, ownership_is_locked = $4, modified_at = $5, modified_by = $6, \
         modified_by_device = $7 WHERE id = $1",
    )
    .bind(file.id.as_str())
    .bind(file.owner.as_str())
    .bind(&file.ownership_token)
    .bind(flag(file.ownership_is_locked))
    .bind(millis(file.modified_at))
    .bind(file.modified_by.as_str())
    .bind(file.modified_by_device.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete(conn: &mut AnyConnection, id: &FileId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM files WHERE id = $1").bind(id.as_str()).execute(conn).await?;
    Ok(())
}

/// The ids of files that expired before `cutoff`.
pub async fn expired_before(
    conn: &mut AnyConnection,
    cutoff: OffsetDateTime,
) -> Result<Vec<FileId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM files WHERE expires_at < $1")
        .bind(millis(cutoff))
        .fetch_all(conn)
        .await?;
    Ok(ids.into_iter().map(FileId::trusted).collect())
}

/// Which of `ids` have metadata.
pub async fn existing(conn: &mut AnyConnection, ids: &[String]) -> Result<Vec<String>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT id FROM files WHERE id IN ({})", placeholders(1, ids.len()));
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(id.as_str());
    }
    Ok(query.fetch_all(conn).await?)
}

fn from_row(row: &AnyRow) -> Result<File, StoreError> {
    Ok(File {
        id: FileId::trusted(row.try_get("id")?),
        created_at: time(row.try_get("created_at")?),
        created_by: IdentityAddress::trusted(row.try_get("created_by")?),
        created_by_device: DeviceId::trusted(row.try_get("created_by_device")?),
        modified_at: time(row.try_get("modified_at")?),
        modified_by: IdentityAddress::trusted(row.try_get("modified_by")?),
        modified_by_device: DeviceId::trusted(row.try_get("modified_by_device")?),
        owner: IdentityAddress::trusted(row.try_get("owner")?),
        owner_signature: row.try_get("owner_signature")?,
        ownership_token: row.try_get("ownership_token")?,
        ownership_is_locked: row.try_get::<i64, _>("ownership_is_locked")? != 0,
        cipher_size: row.try_get("cipher_size")?,
        cipher_hash: row.try_get("cipher_hash")?,
        expires_at: time(row.try_get("expires_at")?),
        encrypted_properties: row.try_get("encrypted_properties")?,
    })
}
