//! External events: each identity's inbox of things that happened, fetched through sync runs.

use backbone_domain::IdentityAddress;
use backbone_domain::entities::ExternalEvent;
use backbone_domain::id::{ExternalEventId, RelationshipId, SyncErrorId, SyncRunId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::page::{Page, PageRequest};
use crate::row::{millis, time};

const COLUMNS: &str = "id, owner, idx, event_type, payload, created_at, sync_error_count";

/// Events not in a run, not blocked, and below the error limit.
const UNSYNCED: &str =
    "owner = $1 AND sync_run_id IS NULL AND is_delivery_blocked = 0 AND sync_error_count < 3";

/// Where an event belongs and whether it may be delivered yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery<'a> {
    /// The relationship a `MessageReceived` event was sent over.
    pub context: Option<&'a RelationshipId>,
    /// Invisible to sync runs until unblocked.
    pub blocked: bool,
}

/// Appends an event to its owner's inbox with the next index.
pub async fn insert(
    conn: &mut AnyConnection,
    id: &ExternalEventId,
    owner: &IdentityAddress,
    event_type: &str,
    payload: &str,
    now: OffsetDateTime,
) -> Result<ExternalEvent, StoreError> {
    insert_with(conn, id, owner, event_type, payload, Delivery::default(), now).await
}

/// Appends an event with a context and possibly blocked.
pub async fn insert_with(
    conn: &mut AnyConnection,
    id: &ExternalEventId,
    owner: &IdentityAddress,
    event_type: &str,
    payload: &str,
    delivery: Delivery<'_>,
    now: OffsetDateTime,
) -> Result<ExternalEvent, StoreError> {
    let index: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(idx) + 1, 0) FROM external_events WHERE owner = $1")
            .bind(owner.as_str())
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO external_events (id, owner, idx, event_type, payload, created_at, context, is_delivery_blocked) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.as_str())
    .bind(owner.as_str())
    .bind(index)
    .bind(event_type)
    .bind(payload)
    .bind(millis(now))
    .bind(delivery.context.map(RelationshipId::as_str))
    .bind(i64::from(delivery.blocked))
    .execute(conn)
    .await?;
    Ok(ExternalEvent {
        id: id.clone(),
        owner: owner.clone(),
        index,
        event_type: event_type.to_owned(),
        payload: payload.to_owned(),
        created_at: now,
        sync_error_count: 0,
    })
}

/// Makes the blocked events of a relationship deliverable.
pub async fn unblock_context(conn: &mut AnyConnection, context: &RelationshipId) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE external_events SET is_delivery_blocked = 0 WHERE context = $1 AND is_delivery_blocked = 1",
    )
    .bind(context.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes the blocked events of a relationship that will never become active.
pub async fn delete_blocked_of_context(
    conn: &mut AnyConnection,
    context: &RelationshipId,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM external_events WHERE context = $1 AND is_delivery_blocked = 1")
        .bind(context.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes `owner`'s events of a relationship it decomposed that have not been synced yet.
pub async fn delete_unsynced_of_context(
    conn: &mut AnyConnection,
    owner: &IdentityAddress,
    context: &RelationshipId,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM external_events WHERE owner = $1 AND context = $2 AND sync_run_id IS NULL")
        .bind(owner.as_str())
        .bind(context.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Assigns every unsynced event of `owner` to the run; returns how many.
pub async fn assign_unsynced(
    conn: &mut AnyConnection,
    owner: &IdentityAddress,
    run: &SyncRunId,
) -> Result<u64, StoreError> {
    let sql = format!("UPDATE external_events SET sync_run_id = $2 WHERE {UNSYNCED}");
    let result =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner.as_str()).bind(run.as_str()).execute(conn).await?;
    Ok(result.rows_affected())
}

pub async fn count_unsynced(
    conn: &mut AnyConnection,
    owner: &IdentityAddress,
    only_without_errors: bool,
) -> Result<i64, StoreError> {
    let extra = if only_without_errors { " AND sync_error_count = 0" } else { "" };
    let sql = format!("SELECT COUNT(*) FROM external_events WHERE {UNSYNCED}{extra}");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner.as_str()).fetch_one(conn).await?)
}

pub async fn of_run(
    conn: &mut AnyConnection,
    run: &SyncRunId,
    page: PageRequest,
) -> Result<Page<ExternalEvent>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM external_events WHERE sync_run_id = $1 ORDER BY idx LIMIT $2 OFFSET $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(run.as_str())
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&mut *conn)
        .await?;
    let items = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    page.finish(items, || async {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM external_events WHERE sync_run_id = $1")
            .bind(run.as_str())
            .fetch_one(&mut *conn)
            .await?)
    })
    .await
}

pub async fn ids_of_run(
    conn: &mut AnyConnection,
    run: &SyncRunId,
) -> Result<Vec<ExternalEventId>, StoreError> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM external_events WHERE sync_run_id = $1 ORDER BY idx")
            .bind(run.as_str())
            .fetch_all(conn)
            .await?;
    Ok(ids.into_iter().map(ExternalEventId::trusted).collect())
}

/// Records a sync error and puts the event back into its owner's unsynced events.
pub async fn release_with_error(
    conn: &mut AnyConnection,
    event: &ExternalEventId,
    run: &SyncRunId,
    error_id: &SyncErrorId,
    error_code: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO sync_errors (id, sync_run_id, external_event_id, error_code, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(error_id.as_str())
        .bind(run.as_str())
        .bind(event.as_str())
        .bind(error_code)
        .bind(millis(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE external_events SET sync_run_id = NULL, sync_error_count = sync_error_count + 1 WHERE id = $1")
        .bind(event.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

fn from_row(row: &AnyRow) -> Result<ExternalEvent, StoreError> {
    Ok(ExternalEvent {
        id: ExternalEventId::trusted(row.try_get("id")?),
        owner: IdentityAddress::trusted(row.try_get("owner")?),
        index: row.try_get("idx")?,
        event_type: row.try_get("event_type")?,
        payload: row.try_get("payload")?,
        created_at: time(row.try_get("created_at")?),
        sync_error_count: row.try_get("sync_error_count")?,
    })
}
