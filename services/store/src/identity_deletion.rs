//! What each module keeps about an identity whose actual deletion runs (operations §4.4): its data
//! is deleted, and where others' data refers to it, the reference is replaced by the anonymous
//! address. Every function is idempotent, so that a deletion that failed halfway can be run again.

use backbone_domain::IdentityAddress;
use backbone_domain::id::{FileId, RelationshipId, Username};
use sqlx::AnyConnection;

use crate::StoreError;

/// Challenges the identity created.
pub async fn delete_challenges(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<u64, StoreError> {
    let result = sqlx::query("DELETE FROM challenges WHERE created_by = $1")
        .bind(identity.as_str())
        .execute(conn)
        .await?;
    Ok(result.rows_affected())
}

/// Deletes the metadata of the files the identity owns and returns their ids, whose contents the
/// caller deletes from BLOB storage after the commit; files it created but no longer owns keep
/// existing with an anonymous creator.
pub async fn delete_files(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    anonymous: &IdentityAddress,
) -> Result<Vec<FileId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM files WHERE owner = $1 ORDER BY id")
        .bind(identity.as_str())
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM files WHERE owner = $1").bind(identity.as_str()).execute(&mut *conn).await?;
    for column in ["created_by", "modified_by"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE files SET {column} = $2 WHERE {column} = $1")))
            .bind(identity.as_str())
            .bind(anonymous.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(ids.into_iter().map(FileId::trusted).collect())
}

/// Anonymises the identity in every message it sent or received (spec §9.4), as if it had
/// decomposed all its relationships: its recipient entries are decomposed on the recipient side
/// and get the anonymous address, the messages it sent are decomposed on the sender side and get
/// the anonymous sender; entries decomposed from both sides are anonymised, messages fully
/// decomposed get an anonymous sender, and messages with nobody real left are deleted. The later
/// decomposition events of its relationships find nothing left to do for it. Returns how many
/// messages were deleted.
pub async fn anonymise_messages(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    anonymous: &IdentityAddress,
) -> Result<u64, StoreError> {
    const STATEMENTS: [&str; 5] = [
        "UPDATE message_recipients SET decomposed_by_recipient = 1, address = $2 WHERE address = $1",
        "UPDATE message_recipients SET decomposed_by_sender = 1 \
         WHERE message_id IN (SELECT id FROM messages WHERE created_by = $1)",
        "UPDATE message_recipients SET address = $2 WHERE decomposed_by_sender = 1 AND decomposed_by_recipient = 1 \
         AND address <> $2 AND message_id IN (SELECT id FROM messages WHERE created_by = $1)",
        "UPDATE messages SET created_by = $2 WHERE created_by = $1",
        "UPDATE messages SET created_by = $2 WHERE created_by <> $2 \
         AND id IN (SELECT message_id FROM message_recipients WHERE address = $2) \
         AND NOT EXISTS (SELECT 1 FROM message_recipients r WHERE r.message_id = messages.id \
         AND (r.decomposed_by_sender = 0 OR r.decomposed_by_recipient = 0))",
    ];
    for statement in STATEMENTS {
        sqlx::query(statement).bind(identity.as_str()).bind(anonymous.as_str()).execute(&mut *conn).await?;
    }
    let deleted = sqlx::query(
        "DELETE FROM messages WHERE created_by = $1 AND NOT EXISTS \
         (SELECT 1 FROM message_recipients r WHERE r.message_id = messages.id AND r.address <> $1)",
    )
    .bind(anonymous.as_str())
    .execute(conn)
    .await?;
    Ok(deleted.rows_affected())
}

/// The relationships the identity takes part in, oldest first.
pub async fn relationships_of(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<Vec<RelationshipId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM relationships WHERE from_address = $1 OR to_address = $1 ORDER BY created_at, id",
    )
    .bind(identity.as_str())
    .fetch_all(conn)
    .await?;
    Ok(ids.into_iter().map(RelationshipId::trusted).collect())
}

/// Gives the identity's relationships a pair key of their own that no longer names it. Decomposing
/// them due to the deletion may make several of one pair `DeletionProposed` (an old rejected one and
/// the active one), and a peer may keep relationships with several deleted identities: with the
/// shared key they would count as open relationships of one pair.
pub async fn release_pair_keys(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE relationships SET pair_key = 'deleted:' || id WHERE from_address = $1 OR to_address = $1",
    )
    .bind(identity.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the identity by the anonymous address in its relationships and their audit logs.
pub async fn anonymise_relationships(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    anonymous: &IdentityAddress,
) -> Result<(), StoreError> {
    const STATEMENTS: [&str; 3] = [
        "UPDATE relationships SET from_address = $2 WHERE from_address = $1",
        "UPDATE relationships SET to_address = $2 WHERE to_address = $1",
        "UPDATE relationship_audit_log SET created_by = $2 WHERE created_by = $1",
    ];
    for statement in STATEMENTS {
        sqlx::query(statement).bind(identity.as_str()).bind(anonymous.as_str()).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Deletes the identity's relationship templates (relationships created from them stay, without
/// template) and anonymises it where it is a template's `forIdentity` or an allocator.
pub async fn delete_templates(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    anonymous: &IdentityAddress,
) -> Result<u64, StoreError> {
    const OWN: &str = "SELECT id FROM relationship_templates WHERE created_by = $1";
    for statement in [
        format!("UPDATE relationships SET template_id = NULL WHERE template_id IN ({OWN})"),
        format!("DELETE FROM relationship_template_allocations WHERE template_id IN ({OWN})"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(statement)).bind(identity.as_str()).execute(&mut *conn).await?;
    }
    let deleted = sqlx::query("DELETE FROM relationship_templates WHERE created_by = $1")
        .bind(identity.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE relationship_templates SET for_identity = $2 WHERE for_identity = $1")
        .bind(identity.as_str())
        .bind(anonymous.as_str())
        .execute(&mut *conn)
        .await?;
    anonymise_allocations(conn, "relationship_template_allocations", "template_id", identity, anonymous)
        .await?;
    Ok(deleted.rows_affected())
}

/// Deletes the identity's tokens and anonymises it where it is a token's `forIdentity` or an allocator.
pub async fn delete_tokens(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    anonymous: &IdentityAddress,
) -> Result<u64, StoreError> {
    sqlx::query(
        "DELETE FROM token_allocations WHERE token_id IN (SELECT id FROM tokens WHERE created_by = $1)",
    )
    .bind(identity.as_str())
    .execute(&mut *conn)
    .await?;
    let deleted = sqlx::query("DELETE FROM tokens WHERE created_by = $1")
        .bind(identity.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE tokens SET for_identity = $2 WHERE for_identity = $1")
        .bind(identity.as_str())
        .bind(anonymous.as_str())
        .execute(&mut *conn)
        .await?;
    anonymise_allocations(conn, "token_allocations", "token_id", identity, anonymous).await?;
    Ok(deleted.rows_affected())
}

/// Allocations are keyed by what was allocated and who allocated it: where another deleted identity
/// already holds the anonymous allocation of the same thing, this one is dropped instead.
async fn anonymise_allocations(
    conn: &mut AnyConnection,
    table: &str,
    key: &str,
    identity: &IdentityAddress,
    anonymous: &IdentityAddress,
) -> Result<(), StoreError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE {table} SET allocated_by = $2 WHERE allocated_by = $1 \
         AND {key} NOT IN (SELECT {key} FROM {table} WHERE allocated_by = $2)"
    )))
    .bind(identity.as_str())
    .bind(anonymous.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE allocated_by = $1")))
        .bind(identity.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// The identity's external events, sync runs with their errors, and datawallet.
pub async fn delete_synchronization(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<(), StoreError> {
    const STATEMENTS: [&str; 5] = [
        "DELETE FROM sync_errors WHERE sync_run_id IN (SELECT id FROM sync_runs WHERE identity_address = $1)",
        "DELETE FROM external_events WHERE owner = $1",
        "DELETE FROM sync_runs WHERE identity_address = $1",
        "DELETE FROM datawallet_modifications WHERE owner = $1",
        "DELETE FROM datawallets WHERE owner = $1",
    ];
    for statement in STATEMENTS {
        sqlx::query(statement).bind(identity.as_str()).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The usernames of the identity's devices.
pub async fn usernames(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<Vec<Username>, StoreError> {
    let usernames: Vec<String> =
        sqlx::query_scalar("SELECT username FROM devices WHERE identity_address = $1 ORDER BY id")
            .bind(identity.as_str())
            .fetch_all(conn)
            .await?;
    Ok(usernames.into_iter().map(Username::trusted).collect())
}

/// The identity itself: push registrations and wake-up signals of its devices, the devices, its
/// deletion processes and the identity row.
pub async fn delete_identity(conn: &mut AnyConnection, identity: &IdentityAddress) -> Result<(), StoreError> {
    const STATEMENTS: [&str; 5] = [
        "DELETE FROM sse_signals WHERE device_id IN (SELECT id FROM devices WHERE identity_address = $1)",
        "DELETE FROM push_registrations WHERE identity_address = $1",
        "DELETE FROM devices WHERE identity_address = $1",
        "DELETE FROM deletion_processes WHERE identity_address = $1",
        "DELETE FROM identities WHERE address = $1",
    ];
    for statement in STATEMENTS {
        sqlx::query(statement).bind(identity.as_str()).execute(&mut *conn).await?;
    }
    Ok(())
}
