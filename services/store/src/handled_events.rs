//! The inbox side of at-least-once delivery: a subscriber records each outbox event it handled in
//! the transaction of its effect, and skips events it has seen.

use sqlx::AnyConnection;

use crate::StoreError;

/// Records that `subscriber` handled event `event_id`; `false` if it had already.
pub async fn record(conn: &mut AnyConnection, subscriber: &str, event_id: i64) -> Result<bool, StoreError> {
    let result = sqlx::query(
        "INSERT INTO handled_events (subscriber, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(subscriber)
    .bind(event_id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Whether `subscriber` has handled event `event_id`: for subscribers whose effect happens outside
/// the database (a push) and is therefore checked before and recorded after.
pub async fn contains(conn: &mut AnyConnection, subscriber: &str, event_id: i64) -> Result<bool, StoreError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT event_id FROM handled_events WHERE subscriber = $1 AND event_id = $2")
            .bind(subscriber)
            .bind(event_id)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}
