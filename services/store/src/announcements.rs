//! Announcements: their texts and actions as JSON, their recipients as rows.

use backbone_domain::IdentityAddress;
use backbone_domain::announcement::{Announcement, Severity};
use backbone_domain::id::AnnouncementId;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::StoreError;
use crate::row::{corrupt, flag, millis, optional_time, time};

const COLUMNS: &str = "id, created_at, expires_at, severity, is_silent, iql_query, texts, actions";

pub async fn insert(conn: &mut AnyConnection, announcement: &Announcement) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO announcements (id, created_at, expires_at, severity, is_silent, iql_query, texts, actions) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(announcement.id.as_str())
    .bind(millis(announcement.created_at))
    .bind(announcement.expires_at.map(millis))
    .bind(announcement.severity.name())
    .bind(flag(announcement.is_silent))
    .bind(announcement.iql_query.as_deref())
    .bind(json(&announcement.texts)?)
    .bind(json(&announcement.actions)?)
    .execute(&mut *conn)
    .await?;
    for recipient in &announcement.recipients {
        sqlx::query("INSERT INTO announcement_recipients (announcement_id, address) VALUES ($1, $2)")
            .bind(announcement.id.as_str())
            .bind(recipient.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Every announcement, newest first.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<Announcement>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM announcements ORDER BY created_at DESC, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *conn).await?;
    with_recipients(conn, rows).await
}

pub async fn find(conn: &mut AnyConnection, id: &AnnouncementId) -> Result<Option<Announcement>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM announcements WHERE id = $1");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.as_str()).fetch_all(&mut *conn).await?;
    Ok(with_recipients(conn, rows).await?.pop())
}

/// What an identity sees: announcements to everybody and those naming it, expired ones too, newest first.
pub async fn visible_to(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<Vec<Announcement>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM announcements a WHERE NOT EXISTS \
         (SELECT 1 FROM announcement_recipients r WHERE r.announcement_id = a.id) \
         OR EXISTS (SELECT 1 FROM announcement_recipients r WHERE r.announcement_id = a.id AND r.address = $1) \
         ORDER BY created_at DESC, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(identity.as_str()).fetch_all(&mut *conn).await?;
    with_recipients(conn, rows).await
}

/// `false` if there is no such announcement.
pub async fn delete(conn: &mut AnyConnection, id: &AnnouncementId) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM announcements WHERE id = $1").bind(id.as_str()).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

async fn with_recipients(
    conn: &mut AnyConnection,
    rows: Vec<AnyRow>,
) -> Result<Vec<Announcement>, StoreError> {
    let mut announcements = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut announcement = from_row(row)?;
        let recipients: Vec<String> = sqlx::query_scalar(
            "SELECT address FROM announcement_recipients WHERE announcement_id = $1 ORDER BY address",
        )
        .bind(announcement.id.as_str())
        .fetch_all(&mut *conn)
        .await?;
        announcement.recipients = recipients.into_iter().map(IdentityAddress::trusted).collect();
        announcements.push(announcement);
    }
    Ok(announcements)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("announcement: {e}")))
}

fn from_row(row: &AnyRow) -> Result<Announcement, StoreError> {
    let severity: String = row.try_get("severity")?;
    let texts: String = row.try_get("texts")?;
    let actions: String = row.try_get("actions")?;
    Ok(Announcement {
        id: AnnouncementId::trusted(row.try_get("id")?),
        created_at: time(row.try_get("created_at")?),
        expires_at: optional_time(row.try_get("expires_at")?),
        severity: Severity::from_name(&severity)
            .ok_or_else(|| corrupt("announcement severity", &severity))?,
        is_silent: row.try_get::<i64, _>("is_silent")? != 0,
        iql_query: row.try_get("iql_query")?,
        texts: serde_json::from_str(&texts).map_err(|e| corrupt("announcement texts", e))?,
        actions: serde_json::from_str(&actions).map_err(|e| corrupt("announcement actions", e))?,
        recipients: Vec::new(),
    })
}
