//! Messages with their recipients and attachments.

use backbone_domain::IdentityAddress;
use backbone_domain::id::{DeviceId, FileId, MessageId, RelationshipId};
use backbone_domain::message::{Message, Recipient};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::page::{Page, PageRequest};
use crate::row::{flag, millis, optional_time, placeholders, time};

/// Messages the reader may see: as sender while a recipient entry is not decomposed by the sender,
/// as recipient while its own entry is not decomposed by the recipient.
const VISIBLE_TO_1: &str = "((m.created_by = $1 AND EXISTS (SELECT 1 FROM message_recipients r \
    WHERE r.message_id = m.id AND r.decomposed_by_sender = 0)) OR EXISTS (SELECT 1 FROM message_recipients r \
    WHERE r.message_id = m.id AND r.address = $1 AND r.decomposed_by_recipient = 0))";

pub async fn insert(conn: &mut AnyConnection, message: &Message) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO messages (id, created_at, created_by, created_by_device, body) VALUES ($1, $2, $3, $4, $5)")
        .bind(message.id.as_str())
        .bind(millis(message.created_at))
        .bind(message.created_by.as_str())
        .bind(message.created_by_device.as_str())
        .bind(&message.body)
        .execute(&mut *conn)
        .await?;
    for (index, recipient) in message.recipients.iter().enumerate() {
        sqlx::query(
            "INSERT INTO message_recipients (message_id, idx, address, encrypted_key, relationship_id, received_at, \
             received_by_device, decomposed_by_sender, decomposed_by_recipient) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(message.id.as_str())
        .bind(index as i64)
        .bind(recipient.address.as_str())
        .bind(&recipient.encrypted_key)
        .bind(recipient.relationship_id.as_str())
        .bind(recipient.received_at.map(millis))
        .bind(recipient.received_by_device.as_ref().map(DeviceId::as_str))
        .bind(flag(recipient.decomposed_by_sender))
        .bind(flag(recipient.decomposed_by_recipient))
        .execute(&mut *conn)
        .await?;
    }
    for (index, file) in message.attachments.iter().enumerate() {
        sqlx::query("INSERT INTO message_attachments (message_id, idx, file_id) VALUES ($1, $2, $3)")
            .bind(message.id.as_str())
            .bind(index as i64)
            .bind(file.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The message, if `reader` may see it.
pub async fn find_visible(
    conn: &mut AnyConnection,
    reader: &IdentityAddress,
    id: &MessageId,
) -> Result<Option<Message>, StoreError> {
    let sql = format!(
        "SELECT m.id, m.created_at, m.created_by, m.created_by_device, m.body FROM messages m WHERE m.id = $2 AND {VISIBLE_TO_1}"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(reader.as_str())
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(Some(complete(conn, &row).await?)),
        None => Ok(None),
    }
}

/// The messages `reader` may see, optionally only those with `ids`, oldest first.
pub async fn list_visible(
    conn: &mut AnyConnection,
    reader: &IdentityAddress,
    ids: &[MessageId],
    page: PageRequest,
) -> Result<Page<Message>, StoreError> {
    let id_filter =
        if ids.is_empty() { String::new() } else { format!(" AND m.id IN ({})", placeholders(2, ids.len())) };
    let filter = format!("FROM messages m WHERE {VISIBLE_TO_1}{id_filter}");
    let limit_at = ids.len() + 2;
    let sql = format!(
        "SELECT m.id, m.created_at, m.created_by, m.created_by_device, m.body {filter} ORDER BY m.created_at, m.id \
         LIMIT ${limit_at} OFFSET ${}",
        limit_at + 1
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(reader.as_str());
    for id in ids {
        query = query.bind(id.as_str());
    }
    let rows = query.bind(page.limit()).bind(page.offset()).fetch_all(&mut *conn).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(complete(conn, row).await?);
    }
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

/// Records the first fetch of `recipient`'s copy; later fetches keep the first time.
pub async fn mark_received(
    conn: &mut AnyConnection,
    id: &MessageId,
    recipient: &IdentityAddress,
    device: &DeviceId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE message_recipients SET received_at = $3, received_by_device = $4 \
         WHERE message_id = $1 AND address = $2 AND received_at IS NULL",
    )
    .bind(id.as_str())
    .bind(recipient.as_str())
    .bind(millis(now))
    .bind(device.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// How many of `sender`'s messages `recipient` has not fetched yet.
pub async fn count_unreceived(
    conn: &mut AnyConnection,
    sender: &IdentityAddress,
    recipient: &IdentityAddress,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM message_recipients r JOIN messages m ON m.id = r.message_id \
         WHERE m.created_by = $1 AND r.address = $2 AND r.received_at IS NULL",
    )
    .bind(sender.as_str())
    .bind(recipient.as_str())
    .fetch_one(conn)
    .await?)
}

async fn complete(conn: &mut AnyConnection, row: &AnyRow) -> Result<Message, StoreError> {
    let id = MessageId::trusted(row.try_get("id")?);
    let recipients = sqlx::query(
        "SELECT address, encrypted_key, relationship_id, received_at, received_by_device, decomposed_by_sender, \
         decomposed_by_recipient FROM message_recipients WHERE message_id = $1 ORDER BY idx",
    )
    .bind(id.as_str())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        Ok(Recipient {
            address: IdentityAddress::trusted(row.try_get("address")?),
            encrypted_key: row.try_get("encrypted_key")?,
            relationship_id: RelationshipId::trusted(row.try_get("relationship_id")?),
            received_at: optional_time(row.try_get("received_at")?),
            received_by_device: row.try_get::<Option<String>, _>("received_by_device")?.map(DeviceId::trusted),
            decomposed_by_sender: row.try_get::<i64, _>("decomposed_by_sender")? != 0,
            decomposed_by_recipient: row.try_get::<i64, _>("decomposed_by_recipient")? != 0,
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    let attachments: Vec<String> =
        sqlx::query_scalar("SELECT file_id FROM message_attachments WHERE message_id = $1 ORDER BY idx")
            .bind(id.as_str())
            .fetch_all(&mut *conn)
            .await?;
    Ok(Message {
        id,
        created_at: time(row.try_get("created_at")?),
        created_by: IdentityAddress::trusted(row.try_get("created_by")?),
        created_by_device: DeviceId::trusted(row.try_get("created_by_device")?),
        body: row.try_get("body")?,
        attachments: attachments.into_iter().map(FileId::trusted).collect(),
        recipients,
    })
}

/// Records that `decomposer` decomposed `relationship` (spec §9.4): the entries of the messages sent
/// over it are marked decomposed by the sender or the recipient side; an entry decomposed by both
/// gets the anonymous address, a message whose entries all are gets an anonymous sender, and a
/// message left with nobody real is deleted. Returns how many messages were deleted.
pub async fn decompose(
    conn: &mut AnyConnection,
    relationship: &RelationshipId,
    decomposer: &IdentityAddress,
    anonymous: &IdentityAddress,
) -> Result<u64, StoreError> {
    sqlx::query("UPDATE message_recipients SET decomposed_by_recipient = 1 WHERE relationship_id = $1 AND address = $2")
        .bind(relationship.as_str())
        .bind(decomposer.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE message_recipients SET decomposed_by_sender = 1 WHERE relationship_id = $1 \
         AND message_id IN (SELECT id FROM messages WHERE created_by = $2)",
    )
    .bind(relationship.as_str())
    .bind(decomposer.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE message_recipients SET address = $2 WHERE relationship_id = $1 \
         AND decomposed_by_sender = 1 AND decomposed_by_recipient = 1",
    )
    .bind(relationship.as_str())
    .bind(anonymous.as_str())
    .execute(&mut *conn)
    .await?;
    const AFFECTED: &str = "SELECT message_id FROM message_recipients WHERE relationship_id = $1";
    const FULLY_DECOMPOSED: &str = "NOT EXISTS (SELECT 1 FROM message_recipients r WHERE r.message_id = messages.id \
        AND (r.decomposed_by_sender = 0 OR r.decomposed_by_recipient = 0))";
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE messages SET created_by = $2 WHERE id IN ({AFFECTED}) AND {FULLY_DECOMPOSED}"
    )))
    .bind(relationship.as_str())
    .bind(anonymous.as_str())
    .execute(&mut *conn)
    .await?;
    let orphaned = format!(
        "SELECT id FROM messages WHERE id IN ({AFFECTED}) AND created_by = $2 AND NOT EXISTS (SELECT 1 FROM \
         message_recipients r WHERE r.message_id = messages.id AND r.address <> $2)"
    );
    let deleted = sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM messages WHERE id IN ({orphaned})")))
        .bind(relationship.as_str())
        .bind(anonymous.as_str())
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected())
}
