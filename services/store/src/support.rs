//! What support staff read about accounts (the admin API's support routes): identities found by any of
//! their names, their devices, relationships, messages, tokens, templates and files, as metadata only.

use backbone_domain::deletion::QUEUED_FOR_DELETION_TIER;
use backbone_proto::admin::{
    ClientOverview, DeviceOverview, FileOverview, IdentityDetails, IdentityOverview, LastLogin,
    MessageOverview, MessageRecipient, RelationshipOverview, RequestedBy, TemplateOverview, TierOverview,
    TierRef, TokenOverview,
};
use backbone_proto::dto::relationships::RelationshipStatus;
use base64::Engine as _;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::StoreError;
use crate::page::{Page, PageRequest};
use crate::row::{corrupt, optional_time, time};

/// How many failed password attempts lock a token (spec §5.12).
pub const TOKEN_LOCK_ATTEMPTS: i64 = 100;

const OVERVIEW: &str = "SELECT i.address, i.client_id, i.tier_id, COALESCE(t.name, i.tier_id) AS tier_name, \
    i.created_at, i.identity_version, i.status, \
    (SELECT COUNT(*) FROM devices d WHERE d.identity_address = i.address) AS devices, \
    (SELECT MAX(d.last_login_at) FROM devices d WHERE d.identity_address = i.address) AS last_login_at \
    FROM identities i LEFT JOIN tiers t ON t.id = i.tier_id";

/// Identities whose address contains `text`, or that were created with the client `text`, or that have
/// a device with the id or username `text`; newest first, at most `limit`.
pub async fn search_identities(
    conn: &mut AnyConnection,
    text: &str,
    limit: u32,
) -> Result<Vec<IdentityOverview>, StoreError> {
    let text = text.trim();
    let sql = format!(
        "{OVERVIEW} WHERE i.address LIKE $1 ESCAPE '\\' OR i.client_id = $2 OR i.address IN \
         (SELECT identity_address FROM devices WHERE id = $2 OR username_upper = $3) \
         ORDER BY i.created_at DESC, i.address LIMIT $4"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(format!("%{}%", escape_like(text)))
        .bind(text)
        .bind(text.to_ascii_uppercase())
        .bind(i64::from(limit))
        .fetch_all(conn)
        .await?;
    rows.iter().map(overview).collect()
}

/// `%`, `_` and the escape character itself stand for themselves.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn overview(row: &AnyRow) -> Result<IdentityOverview, StoreError> {
    Ok(IdentityOverview {
        address: row.try_get("address")?,
        created_at: time(row.try_get("created_at")?),
        last_login_at: optional_time(row.try_get("last_login_at")?),
        created_with_client: row.try_get("client_id")?,
        identity_version: row.try_get("identity_version")?,
        tier: TierRef { id: row.try_get("tier_id")?, name: row.try_get("tier_name")? },
        number_of_devices: count(row, "devices")?,
        status: row.try_get("status")?,
    })
}

/// One identity with its devices.
pub async fn identity(
    conn: &mut AnyConnection,
    address: &str,
) -> Result<Option<IdentityDetails>, StoreError> {
    let row = sqlx::query(
        "SELECT i.address, i.client_id, i.public_key, i.tier_id, COALESCE(t.name, i.tier_id) AS tier_name, \
         i.created_at, i.identity_version, i.status, i.deletion_grace_period_ends_at \
         FROM identities i LEFT JOIN tiers t ON t.id = i.tier_id WHERE i.address = $1",
    )
    .bind(address)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let devices = sqlx::query(
        "SELECT id, username, created_at, created_by_device, last_login_at, communication_language, \
         is_backup_device FROM devices WHERE identity_address = $1 ORDER BY created_at, id",
    )
    .bind(address)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(device)
    .collect::<Result<Vec<_>, _>>()?;
    let public_key: Vec<u8> = row.try_get("public_key")?;
    Ok(Some(IdentityDetails {
        address: row.try_get("address")?,
        client_id: row.try_get("client_id")?,
        public_key: base64::engine::general_purpose::STANDARD.encode(public_key),
        tier_id: row.try_get("tier_id")?,
        tier_name: row.try_get("tier_name")?,
        created_at: time(row.try_get("created_at")?),
        identity_version: row.try_get("identity_version")?,
        status: row.try_get("status")?,
        deletion_grace_period_ends_at: optional_time(row.try_get("deletion_grace_period_ends_at")?),
        number_of_devices: devices.len() as u64,
        devices,
        quotas: Vec::new(),
    }))
}

fn device(row: &AnyRow) -> Result<DeviceOverview, StoreError> {
    Ok(DeviceOverview {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        created_at: time(row.try_get("created_at")?),
        created_by_device: row.try_get("created_by_device")?,
        last_login: optional_time(row.try_get("last_login_at")?).map(|time| LastLogin { time }),
        communication_language: row.try_get("communication_language")?,
        is_backup_device: flag(row, "is_backup_device")?,
    })
}

/// The relationships of a participant, newest first, with who asked and when and by whom it was answered
/// (from the audit log: the first entry is the request, the second its answer).
pub async fn relationships_of(
    conn: &mut AnyConnection,
    participant: &str,
    page: PageRequest,
) -> Result<Page<RelationshipOverview>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.id, r.template_id, r.from_address, r.to_address, r.created_at, r.status, \
         c.created_by_device AS requested_by_device, a.created_at AS answered_at, \
         a.created_by_device AS answered_by_device \
         FROM relationships r \
         LEFT JOIN relationship_audit_log c ON c.relationship_id = r.id AND c.idx = 0 \
         LEFT JOIN relationship_audit_log a ON a.relationship_id = r.id AND a.idx = 1 \
         WHERE r.from_address = $1 OR r.to_address = $1 ORDER BY r.created_at DESC, r.id LIMIT $2 OFFSET $3",
    )
    .bind(participant)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&mut *conn)
    .await?;
    let items = rows.iter().map(|row| relationship(row, participant)).collect::<Result<Vec<_>, _>>()?;
    page.finish(items, || async {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM relationships WHERE from_address = $1 OR to_address = $1",
        )
        .bind(participant)
        .fetch_one(&mut *conn)
        .await?;
        Ok::<_, StoreError>(count)
    })
    .await
}

fn relationship(row: &AnyRow, participant: &str) -> Result<RelationshipOverview, StoreError> {
    let from: String = row.try_get("from_address")?;
    let to: String = row.try_get("to_address")?;
    let status: String = row.try_get("status")?;
    let (peer, requested_by) =
        if from == participant { (to, RequestedBy::Participant) } else { (from, RequestedBy::Peer) };
    Ok(RelationshipOverview {
        id: row.try_get("id")?,
        peer,
        requested_by,
        template_id: row.try_get("template_id")?,
        status: RelationshipStatus::from_name(&status)
            .ok_or_else(|| corrupt("relationship status", &status))?,
        creation_date: time(row.try_get("created_at")?),
        answered_at: optional_time(row.try_get("answered_at")?),
        created_by_device: row.try_get("requested_by_device")?,
        answered_by_device: row.try_get("answered_by_device")?,
    })
}

/// Which messages of a participant to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageDirection {
    Incoming,
    Outgoing,
}

/// The metadata of a participant's messages, newest first.
pub async fn messages_of(
    conn: &mut AnyConnection,
    participant: &str,
    direction: MessageDirection,
    page: PageRequest,
) -> Result<Page<MessageOverview>, StoreError> {
    let filter = match direction {
        MessageDirection::Outgoing => "m.created_by = $1",
        MessageDirection::Incoming => {
            "m.id IN (SELECT message_id FROM message_recipients WHERE address = $1)"
        }
    };
    let sql = format!(
        "SELECT m.id, m.created_by, m.created_by_device, m.created_at, \
         (SELECT COUNT(*) FROM message_attachments x WHERE x.message_id = m.id) AS attachments \
         FROM messages m WHERE {filter} ORDER BY m.created_at DESC, m.id LIMIT $2 OFFSET $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(participant)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&mut *conn)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: String = row.try_get("id")?;
        let recipients = sqlx::query(
            "SELECT address, relationship_id, received_at FROM message_recipients WHERE message_id = $1 ORDER BY idx",
        )
        .bind(&id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|recipient| {
            Ok(MessageRecipient {
                message_id: id.clone(),
                relationship_id: recipient.try_get("relationship_id")?,
                address: recipient.try_get("address")?,
                received_at: optional_time(recipient.try_get("received_at")?),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        items.push(MessageOverview {
            message_id: id,
            sender_address: row.try_get("created_by")?,
            sender_device: row.try_get("created_by_device")?,
            send_date: time(row.try_get("created_at")?),
            number_of_attachments: count(row, "attachments")?,
            recipients,
        });
    }
    let count_sql = format!("SELECT COUNT(*) FROM messages m WHERE {filter}");
    page.finish(items, || async {
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql))
            .bind(participant)
            .fetch_one(&mut *conn)
            .await?;
        Ok::<_, StoreError>(count)
    })
    .await
}

/// The tokens an identity created, newest first.
pub async fn tokens_of(
    conn: &mut AnyConnection,
    created_by: &str,
    page: PageRequest,
) -> Result<Page<TokenOverview>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, created_by, created_by_device, for_identity, created_at, expires_at, \
         CASE WHEN password IS NULL THEN 0 ELSE 1 END AS protected, failed_password_attempts FROM tokens WHERE created_by = $1 \
         ORDER BY created_at DESC, id LIMIT $2 OFFSET $3",
    )
    .bind(created_by)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&mut *conn)
    .await?;
    let items = rows.iter().map(token).collect::<Result<Vec<_>, _>>()?;
    page.finish(items, || async {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tokens WHERE created_by = $1")
            .bind(created_by)
            .fetch_one(&mut *conn)
            .await?;
        Ok::<_, StoreError>(count)
    })
    .await
}

fn token(row: &AnyRow) -> Result<TokenOverview, StoreError> {
    let failed: i64 = row.try_get("failed_password_attempts")?;
    Ok(TokenOverview {
        id: row.try_get("id")?,
        created_by: row.try_get("created_by")?,
        created_by_device: row.try_get("created_by_device")?,
        for_identity: row.try_get("for_identity")?,
        created_at: time(row.try_get("created_at")?),
        expires_at: time(row.try_get("expires_at")?),
        is_password_protected: flag(row, "protected")?,
        failed_password_attempts: u64::try_from(failed).unwrap_or(0),
        is_locked: failed >= TOKEN_LOCK_ATTEMPTS,
    })
}

/// The relationship templates an identity created, newest first, with how often each was allocated.
pub async fn templates_of(
    conn: &mut AnyConnection,
    created_by: &str,
) -> Result<Vec<TemplateOverview>, StoreError> {
    let rows = sqlx::query(
        "SELECT t.id, t.created_by, t.created_by_device, t.created_at, t.expires_at, t.max_number_of_allocations, \
         t.for_identity, CASE WHEN t.password IS NULL THEN 0 ELSE 1 END AS protected, \
         (SELECT COUNT(*) FROM relationship_template_allocations a WHERE a.template_id = t.id) AS allocations \
         FROM relationship_templates t WHERE t.created_by = $1 ORDER BY t.created_at DESC, t.id",
    )
    .bind(created_by)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(TemplateOverview {
                id: row.try_get("id")?,
                created_by: row.try_get("created_by")?,
                created_by_device: row.try_get("created_by_device")?,
                created_at: time(row.try_get("created_at")?),
                expires_at: optional_time(row.try_get("expires_at")?),
                max_number_of_allocations: row.try_get("max_number_of_allocations")?,
                number_of_allocations: count(row, "allocations")?,
                for_identity: row.try_get("for_identity")?,
                is_password_protected: flag(row, "protected")?,
            })
        })
        .collect()
}

/// The files an identity owns, newest first.
pub async fn files_of(conn: &mut AnyConnection, owner: &str) -> Result<Vec<FileOverview>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, owner, created_by, created_at, expires_at, cipher_size, ownership_is_locked FROM files \
         WHERE owner = $1 ORDER BY created_at DESC, id",
    )
    .bind(owner)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(FileOverview {
                id: row.try_get("id")?,
                owner: row.try_get("owner")?,
                created_by: row.try_get("created_by")?,
                created_at: time(row.try_get("created_at")?),
                expires_at: time(row.try_get("expires_at")?),
                cipher_size: row.try_get("cipher_size")?,
                ownership_is_locked: flag(row, "ownership_is_locked")?,
            })
        })
        .collect()
}

/// The OAuth clients with their default tier and how many identities they created.
pub async fn clients(conn: &mut AnyConnection) -> Result<Vec<ClientOverview>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.client_id, c.display_name, c.default_tier, COALESCE(t.name, c.default_tier) AS tier_name, \
         c.max_identities, (SELECT COUNT(*) FROM identities i WHERE i.client_id = c.client_id) AS identities \
         FROM oauth_clients c LEFT JOIN tiers t ON t.id = c.default_tier ORDER BY c.client_id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ClientOverview {
                client_id: row.try_get("client_id")?,
                display_name: row.try_get("display_name")?,
                default_tier: TierRef { id: row.try_get("default_tier")?, name: row.try_get("tier_name")? },
                max_identities: row.try_get("max_identities")?,
                number_of_identities: count(row, "identities")?,
            })
        })
        .collect()
}

/// The tiers with how many identities each has.
pub async fn tiers(conn: &mut AnyConnection) -> Result<Vec<TierOverview>, StoreError> {
    let rows = sqlx::query(
        "SELECT t.id, t.name, (SELECT COUNT(*) FROM identities i WHERE i.tier_id = t.id) AS identities \
         FROM tiers t ORDER BY t.name",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            // Identities waiting for their deletion are in this tier, which nobody chooses.
            let assignable = id != QUEUED_FOR_DELETION_TIER;
            Ok(TierOverview {
                name: row.try_get("name")?,
                can_be_used_as_default_for_client: assignable,
                can_be_manually_assigned: assignable,
                number_of_identities: count(row, "identities")?,
                id,
            })
        })
        .collect()
}

fn count(row: &AnyRow, column: &str) -> Result<u64, StoreError> {
    Ok(u64::try_from(row.try_get::<i64, _>(column)?).unwrap_or(0))
}

/// A 0/1 column as a boolean.
fn flag(row: &AnyRow, column: &str) -> Result<bool, StoreError> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

/// The tier's name, if it exists.
pub async fn tier_name(conn: &mut AnyConnection, id: &str) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT name FROM tiers WHERE id = $1").bind(id).fetch_optional(conn).await?)
}

/// Moves an identity to another tier; `false` if there is no such identity.
pub async fn set_tier(conn: &mut AnyConnection, address: &str, tier_id: &str) -> Result<bool, StoreError> {
    let done = sqlx::query("UPDATE identities SET tier_id = $2 WHERE address = $1")
        .bind(address)
        .bind(tier_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Unlocks a password-protected token; `false` if there is no such token.
pub async fn reset_token_attempts(conn: &mut AnyConnection, id: &str) -> Result<bool, StoreError> {
    let done = sqlx::query("UPDATE tokens SET failed_password_attempts = 0 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// What keeps a tier from being deleted: identities in it, or clients that give it to new identities.
pub async fn tier_users(conn: &mut AnyConnection, id: &str) -> Result<(u64, u64), StoreError> {
    let identities: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM identities WHERE tier_id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let clients: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM oauth_clients WHERE default_tier = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok((u64::try_from(identities).unwrap_or(0), u64::try_from(clients).unwrap_or(0)))
}

pub async fn delete_tier(conn: &mut AnyConnection, id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM tiers WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}

/// Deletes an OAuth client; the identities it created keep its id.
pub async fn delete_client(conn: &mut AnyConnection, client_id: &str) -> Result<bool, StoreError> {
    let done =
        sqlx::query("DELETE FROM oauth_clients WHERE client_id = $1").bind(client_id).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

/// Events written but not yet handed to the event handlers: the landscape's queue depth.
pub async fn queue_depth(conn: &mut AnyConnection) -> Result<u64, StoreError> {
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE dispatched_at IS NULL").fetch_one(conn).await?;
    Ok(u64::try_from(pending).unwrap_or(0))
}
