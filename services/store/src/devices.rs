//! Tiers, OAuth clients, identities and their devices.

use backbone_domain::IdentityAddress;
use backbone_domain::entities::{Device, Identity, LoginState};
use backbone_domain::id::{DeviceId, TierId, Username};
use backbone_domain::password::PasswordHash;
use backbone_proto::dto::identities::IdentityStatus;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::StoreError;
use crate::page::{Page, PageRequest};
use crate::row::{corrupt, flag, millis, optional_time, time};

/// An OAuth client as stored; the secret only as a SHA-256 digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthClient {
    pub client_id: String,
    pub secret_sha256: String,
    pub display_name: String,
    pub default_tier: TierId,
    pub max_identities: Option<i64>,
}

pub async fn upsert_tier(conn: &mut AnyConnection, id: &TierId, name: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO tiers (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
    )
    .bind(id.as_str())
    .bind(name)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_tier_by_name(conn: &mut AnyConnection, name: &str) -> Result<Option<TierId>, StoreError> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT id FROM tiers WHERE name = $1").bind(name).fetch_optional(conn).await?;
    Ok(id.map(TierId::trusted))
}

pub async fn upsert_client(conn: &mut AnyConnection, client: &OAuthClient) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO oauth_clients (client_id, secret_sha256, display_name, default_tier, max_identities) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (client_id) DO UPDATE SET secret_sha256 = excluded.secret_sha256, \
         display_name = excluded.display_name, default_tier = excluded.default_tier, max_identities = excluded.max_identities",
    )
    .bind(&client.client_id)
    .bind(&client.secret_sha256)
    .bind(&client.display_name)
    .bind(client.default_tier.as_str())
    .bind(client.max_identities)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_client(
    conn: &mut AnyConnection,
    client_id: &str,
) -> Result<Option<OAuthClient>, StoreError> {
    let row = sqlx::query(
        "SELECT client_id, secret_sha256, display_name, default_tier, max_identities FROM oauth_clients WHERE client_id = $1",
    )
    .bind(client_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(OAuthClient {
            client_id: row.try_get("client_id")?,
            secret_sha256: row.try_get("secret_sha256")?,
            display_name: row.try_get("display_name")?,
            default_tier: TierId::trusted(row.try_get("default_tier")?),
            max_identities: row.try_get("max_identities")?,
        })
    })
    .transpose()
}

pub async fn count_identities_of_client(
    conn: &mut AnyConnection,
    client_id: &str,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM identities WHERE client_id = $1")
        .bind(client_id)
        .fetch_one(conn)
        .await?)
}

/// Inserts an identity; [`StoreError::Conflict`] if its address exists already.
pub async fn insert_identity(conn: &mut AnyConnection, identity: &Identity) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO identities (address, client_id, public_key, identity_version, tier_id, status, created_at, \
         deletion_grace_period_ends_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(identity.address.as_str())
    .bind(&identity.client_id)
    .bind(&identity.public_key)
    .bind(i64::from(identity.identity_version))
    .bind(identity.tier_id.as_str())
    .bind(identity.status.as_str())
    .bind(millis(identity.created_at))
    .bind(identity.deletion_grace_period_ends_at.map(millis))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_identity(
    conn: &mut AnyConnection,
    address: &IdentityAddress,
) -> Result<Option<Identity>, StoreError> {
    let row = sqlx::query(
        "SELECT address, client_id, public_key, identity_version, tier_id, status, created_at, \
         deletion_grace_period_ends_at FROM identities WHERE address = $1",
    )
    .bind(address.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|row| identity_from_row(&row)).transpose()
}

fn identity_from_row(row: &AnyRow) -> Result<Identity, StoreError> {
    let status: String = row.try_get("status")?;
    let version: i64 = row.try_get("identity_version")?;
    Ok(Identity {
        address: IdentityAddress::trusted(row.try_get("address")?),
        client_id: row.try_get("client_id")?,
        public_key: row.try_get("public_key")?,
        identity_version: u8::try_from(version).map_err(|_| corrupt("identity version", version))?,
        tier_id: TierId::trusted(row.try_get("tier_id")?),
        status: IdentityStatus::from_name(&status).ok_or_else(|| corrupt("identity status", &status))?,
        created_at: time(row.try_get("created_at")?),
        deletion_grace_period_ends_at: optional_time(row.try_get("deletion_grace_period_ends_at")?),
    })
}

/// Sets the identity's status, tier and end of its deletion grace period.
pub async fn update_deletion_state(
    conn: &mut AnyConnection,
    address: &IdentityAddress,
    status: IdentityStatus,
    tier: &TierId,
    grace_period_ends_at: Option<OffsetDateTime>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE identities SET status = $2, tier_id = $3, deletion_grace_period_ends_at = $4 WHERE address = $1")
        .bind(address.as_str())
        .bind(status.as_str())
        .bind(tier.as_str())
        .bind(grace_period_ends_at.map(millis))
        .execute(conn)
        .await?;
    Ok(())
}

const DEVICE_COLUMNS: &str = "id, identity_address, username, password_hash, created_at, created_by_device, \
    last_login_at, communication_language, is_backup_device, failed_logins, locked_until";

pub async fn insert_device(conn: &mut AnyConnection, device: &Device) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO devices (id, identity_address, username, username_upper, password_hash, created_at, \
         created_by_device, last_login_at, communication_language, is_backup_device, failed_logins, locked_until) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(device.id.as_str())
    .bind(device.identity.as_str())
    .bind(device.username.as_str())
    .bind(device.username.as_str().to_ascii_uppercase())
    .bind(device.password.as_stored())
    .bind(millis(device.created_at))
    .bind(device.created_by_device.as_str())
    .bind(device.last_login_at.map(millis))
    .bind(&device.communication_language)
    .bind(flag(device.is_backup_device))
    .bind(i64::from(device.login.failed_attempts))
    .bind(device.login.locked_until.map(millis))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_device(conn: &mut AnyConnection, id: &DeviceId) -> Result<Option<Device>, StoreError> {
    let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.as_str()).fetch_optional(conn).await?;
    row.map(|row| device_from_row(&row)).transpose()
}

/// Usernames are matched case-insensitively.
pub async fn find_device_by_username(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<Device>, StoreError> {
    let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE username_upper = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(username.to_ascii_uppercase())
        .fetch_optional(conn)
        .await?;
    row.map(|row| device_from_row(&row)).transpose()
}

/// The identity's devices ordered by creation, optionally only those with the given ids.
pub async fn list_devices(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
    ids: &[DeviceId],
    page: PageRequest,
) -> Result<Page<Device>, StoreError> {
    let id_filter = if ids.is_empty() {
        String::new()
    } else {
        let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
        format!(" AND id IN ({})", placeholders.join(", "))
    };
    let limit_at = ids.len() + 2;
    let sql = format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE identity_address = $1{id_filter} \
         ORDER BY created_at, id LIMIT ${limit_at} OFFSET ${}",
        limit_at + 1
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(identity.as_str());
    for id in ids {
        query = query.bind(id.as_str());
    }
    let rows = query.bind(page.limit()).bind(page.offset()).fetch_all(&mut *conn).await?;
    let items = rows.iter().map(device_from_row).collect::<Result<Vec<_>, _>>()?;
    page.finish(items, || async {
        let sql = format!("SELECT COUNT(*) FROM devices WHERE identity_address = $1{id_filter}");
        let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(identity.as_str());
        for id in ids {
            query = query.bind(id.as_str());
        }
        Ok(query.fetch_one(&mut *conn).await?)
    })
    .await
}

pub async fn has_backup_device(
    conn: &mut AnyConnection,
    identity: &IdentityAddress,
) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM devices WHERE identity_address = $1 AND is_backup_device = 1",
    )
    .bind(identity.as_str())
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

/// Records the outcome of a login attempt.
pub async fn update_login(
    conn: &mut AnyConnection,
    id: &DeviceId,
    login: LoginState,
    last_login_at: Option<OffsetDateTime>,
    is_backup_device: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE devices SET failed_logins = $2, locked_until = $3, last_login_at = COALESCE($4, last_login_at), \
         is_backup_device = $5 WHERE id = $1",
    )
    .bind(id.as_str())
    .bind(i64::from(login.failed_attempts))
    .bind(login.locked_until.map(millis))
    .bind(last_login_at.map(millis))
    .bind(flag(is_backup_device))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_language(
    conn: &mut AnyConnection,
    id: &DeviceId,
    language: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE devices SET communication_language = $2 WHERE id = $1")
        .bind(id.as_str())
        .bind(language)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn update_password(
    conn: &mut AnyConnection,
    id: &DeviceId,
    password: &PasswordHash,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE devices SET password_hash = $2 WHERE id = $1")
        .bind(id.as_str())
        .bind(password.as_stored())
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes the device with its push registration.
pub async fn delete_device(conn: &mut AnyConnection, id: &DeviceId) -> Result<(), StoreError> {
    crate::push::delete(&mut *conn, id).await?;
    sqlx::query("DELETE FROM devices WHERE id = $1").bind(id.as_str()).execute(conn).await?;
    Ok(())
}

fn device_from_row(row: &AnyRow) -> Result<Device, StoreError> {
    let failed: i64 = row.try_get("failed_logins")?;
    Ok(Device {
        id: DeviceId::trusted(row.try_get("id")?),
        identity: IdentityAddress::trusted(row.try_get("identity_address")?),
        username: Username::trusted(row.try_get("username")?),
        password: PasswordHash::from_stored(row.try_get("password_hash")?),
        created_at: time(row.try_get("created_at")?),
        created_by_device: DeviceId::trusted(row.try_get("created_by_device")?),
        last_login_at: optional_time(row.try_get("last_login_at")?),
        communication_language: row.try_get("communication_language")?,
        is_backup_device: row.try_get::<i64, _>("is_backup_device")? != 0,
        login: LoginState {
            failed_attempts: u32::try_from(failed).map_err(|_| corrupt("failed logins", failed))?,
            locked_until: optional_time(row.try_get("locked_until")?),
        },
    })
}
