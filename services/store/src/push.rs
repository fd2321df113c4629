//! Push registrations (one per device) and the wake-up signals of Server-Sent-Events streams.

use backbone_domain::IdentityAddress;
use backbone_domain::id::{DeviceId, DevicePushIdentifier};
use backbone_domain::push::{Platform, PushEnvironment, Registration};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::row::{corrupt, millis, placeholders};
use crate::{StoreError, Tx, Wake};

const COLUMNS: &str =
    "device_id, identity_address, device_push_identifier, platform, handle, app_id, environment";

/// Creates or replaces the device's registration; its push identifier is the one of an earlier
/// registration of the device if there is one. Returns the identifier in effect.
pub async fn upsert(
    conn: &mut AnyConnection,
    registration: &Registration,
    now: OffsetDateTime,
) -> Result<DevicePushIdentifier, StoreError> {
    let identifier: String = sqlx::query_scalar(
        "INSERT INTO push_registrations (device_id, identity_address, device_push_identifier, platform, handle, \
         app_id, environment, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (device_id) DO UPDATE SET platform = excluded.platform, handle = excluded.handle, \
         app_id = excluded.app_id, environment = excluded.environment, updated_at = excluded.updated_at \
         RETURNING device_push_identifier",
    )
    .bind(registration.device.as_str())
    .bind(registration.identity.as_str())
    .bind(registration.device_push_identifier.as_str())
    .bind(registration.platform.as_str())
    .bind(&registration.handle)
    .bind(&registration.app_id)
    .bind(registration.environment.as_str())
    .bind(millis(now))
    .fetch_one(conn)
    .await?;
    Ok(DevicePushIdentifier::trusted(identifier))
}

pub async fn find(conn: &mut AnyConnection, device: &DeviceId) -> Result<Option<Registration>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM push_registrations WHERE device_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(device.as_str()).fetch_optional(conn).await?;
    row.map(|row| from_row(&row)).transpose()
}

/// Removes the device's registration; `false` if it had none.
pub async fn delete(conn: &mut AnyConnection, device: &DeviceId) -> Result<bool, StoreError> {
    let result = sqlx::query("DELETE FROM push_registrations WHERE device_id = $1")
        .bind(device.as_str())
        .execute(conn)
        .await?;
    Ok(result.rows_affected() > 0)
}

/// Removes the device's registration only if it is still the given one: a device may have
/// re-registered with a new handle while a push to its old handle failed.
pub async fn delete_if_unchanged(
    conn: &mut AnyConnection,
    registration: &Registration,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM push_registrations WHERE device_id = $1 AND platform = $2 AND handle = $3")
        .bind(registration.device.as_str())
        .bind(registration.platform.as_str())
        .bind(&registration.handle)
        .execute(conn)
        .await?;
    Ok(())
}

/// A registration to push to, with what localising the notification needs.
#[derive(Debug, Clone)]
pub struct Target {
    pub registration: Registration,
    pub communication_language: String,
}

/// The registrations of the devices of `identities` whose identity is active (pushes to identities
/// in deletion are dropped, spec §8.1), with each device's language.
const TARGETS: &str = "SELECT p.device_id, p.identity_address, p.device_push_identifier, p.platform, p.handle, \
    p.app_id, p.environment, d.communication_language FROM push_registrations p \
    JOIN devices d ON d.id = p.device_id JOIN identities i ON i.address = p.identity_address";

/// Every registered device of an active identity (an announcement to everybody).
pub async fn all_targets(conn: &mut AnyConnection) -> Result<Vec<Target>, StoreError> {
    let sql = format!("{TARGETS} WHERE i.status = 'Active' ORDER BY p.device_id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(conn).await?;
    rows.iter().map(target).collect()
}

pub async fn targets_of(
    conn: &mut AnyConnection,
    identities: &[IdentityAddress],
    only_active: bool,
) -> Result<Vec<Target>, StoreError> {
    if identities.is_empty() {
        return Ok(Vec::new());
    }
    let active = if only_active { " AND i.status = 'Active'" } else { "" };
    let sql = format!(
        "{TARGETS} WHERE p.identity_address IN ({}){active} ORDER BY p.device_id",
        placeholders(1, identities.len())
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for identity in identities {
        query = query.bind(identity.as_str());
    }
    let rows = query.fetch_all(conn).await?;
    rows.iter().map(target).collect()
}

fn target(row: &AnyRow) -> Result<Target, StoreError> {
    Ok(Target {
        registration: from_row(row)?,
        communication_language: row.try_get("communication_language")?,
    })
}

fn from_row(row: &AnyRow) -> Result<Registration, StoreError> {
    let platform: String = row.try_get("platform")?;
    let environment: String = row.try_get("environment")?;
    Ok(Registration {
        device: DeviceId::trusted(row.try_get("device_id")?),
        identity: IdentityAddress::trusted(row.try_get("identity_address")?),
        platform: Platform::parse(&platform).ok_or_else(|| corrupt("push platform", &platform))?,
        handle: row.try_get("handle")?,
        app_id: row.try_get("app_id")?,
        environment: PushEnvironment::parse(&environment)
            .ok_or_else(|| corrupt("push environment", &environment))?,
        device_push_identifier: DevicePushIdentifier::trusted(row.try_get("device_push_identifier")?),
    })
}

/// A wake-up for one device's Server-Sent-Events streams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseSignal {
    pub id: i64,
    pub device: DeviceId,
    pub event_name: String,
}

/// Takes a [`Tx`]: its commit wakes the SSE hubs.
pub async fn insert_sse_signal(
    tx: &mut Tx,
    device: &DeviceId,
    event_name: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO sse_signals (device_id, event_name, created_at) VALUES ($1, $2, $3)")
        .bind(device.as_str())
        .bind(event_name)
        .bind(millis(now))
        .execute(&mut **tx)
        .await?;
    tx.mark_written(Wake::SseSignals);
    Ok(())
}

/// Signals with an id above `after`, oldest first.
pub async fn sse_signals_after(
    conn: &mut AnyConnection,
    after: i64,
    limit: i64,
) -> Result<Vec<SseSignal>, StoreError> {
    let rows =
        sqlx::query("SELECT id, device_id, event_name FROM sse_signals WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(conn)
            .await?;
    rows.iter()
        .map(|row| {
            Ok(SseSignal {
                id: row.try_get("id")?,
                device: DeviceId::trusted(row.try_get("device_id")?),
                event_name: row.try_get("event_name")?,
            })
        })
        .collect()
}

/// The newest signal's id (0 if none): where a process that starts listening begins.
pub async fn latest_sse_signal(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM sse_signals").fetch_one(conn).await?;
    Ok(latest.unwrap_or(0))
}

/// Drops signals older than `before`: every listener has read them long ago.
pub async fn delete_sse_signals_before(
    conn: &mut AnyConnection,
    before: OffsetDateTime,
) -> Result<u64, StoreError> {
    let result = sqlx::query("DELETE FROM sse_signals WHERE created_at < $1")
        .bind(millis(before))
        .execute(conn)
        .await?;
    Ok(result.rows_affected())
}

/// Removes the device's registration if it is the one of a Server-Sent-Events stream: the device
/// may have registered with a push platform while its stream was open.
pub async fn delete_sse(conn: &mut AnyConnection, device: &DeviceId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM push_registrations WHERE device_id = $1 AND platform = $2")
        .bind(device.as_str())
        .bind(Platform::Sse.as_str())
        .execute(conn)
        .await?;
    Ok(())
}
