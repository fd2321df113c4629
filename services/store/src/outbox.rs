//! The transactional outbox: a domain event is appended in the transaction of the change it
//! describes, so that it is published if and only if the change is committed.

use backbone_domain::events::DomainEvent;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::row::{corrupt, millis, time};
use crate::wake::Wake;
use crate::{StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub event: DomainEvent,
    pub created_at: OffsetDateTime,
}

/// Takes a [`Tx`], not a connection: an event outside the transaction of its change could be
/// published for a change that never happened, or lost for one that did.
pub async fn append(tx: &mut Tx, event: &DomainEvent, now: OffsetDateTime) -> Result<(), StoreError> {
    let payload = serde_json::to_string(event).map_err(|error| corrupt("domain event", error))?;
    sqlx::query("INSERT INTO outbox (event_name, payload, created_at) VALUES ($1, $2, $3)")
        .bind(event.name())
        .bind(payload)
        .bind(millis(now))
        .execute(&mut **tx)
        .await?;
    tx.mark_written(Wake::Outbox);
    Ok(())
}

/// The oldest events not dispatched yet, in the order they were written.
pub async fn pending(conn: &mut AnyConnection, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, payload, created_at FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(entry).collect()
}

/// When the oldest event that is not dispatched yet was written, if there is one.
pub async fn oldest_pending(conn: &mut AnyConnection) -> Result<Option<OffsetDateTime>, StoreError> {
    let oldest: Option<i64> =
        sqlx::query_scalar("SELECT MIN(created_at) FROM outbox WHERE dispatched_at IS NULL")
            .fetch_one(conn)
            .await?;
    Ok(oldest.map(time))
}

/// Like [`pending`], but locks the entries until `tx` ends and skips those another transaction
/// has locked, so that concurrent relays each take a different batch. PostgreSQL only: SQLite has
/// no row locks (and serialises its writers anyway).
pub async fn claim_pending(tx: &mut Tx, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, payload, created_at FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 \
         FOR UPDATE SKIP LOCKED",
    )
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(entry).collect()
}

fn entry(row: &AnyRow) -> Result<OutboxEntry, StoreError> {
    let payload: String = row.try_get("payload")?;
    Ok(OutboxEntry {
        id: row.try_get("id")?,
        event: serde_json::from_str(&payload).map_err(|error| corrupt("domain event", error))?,
        created_at: time(row.try_get("created_at")?),
    })
}

/// Marks the given entries as dispatched. By id, not by range: under concurrent writers a smaller id
/// can commit after a larger one.
pub async fn mark_dispatched(
    conn: &mut AnyConnection,
    ids: &[i64],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!("UPDATE outbox SET dispatched_at = $1 WHERE id IN ({})", placeholders.join(", "));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(now));
    for id in ids {
        query = query.bind(*id);
    }
    query.execute(conn).await?;
    Ok(())
}
