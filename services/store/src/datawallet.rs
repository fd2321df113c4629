//! Datawallets: per identity, a version and an append-only log of encrypted modifications.

use backbone_domain::IdentityAddress;
use backbone_domain::entities::DatawalletModification;
use backbone_domain::id::{DatawalletModificationId, DeviceId};
use backbone_proto::dto::datawallet::DatawalletModificationType;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::StoreError;
use crate::page::{Page, PageRequest};
use crate::row::{corrupt, millis, time};

/// The identity's datawallet version, if it has a datawallet.
pub async fn version(conn: &mut AnyConnection, owner: &IdentityAddress) -> Result<Option<u16>, StoreError> {
    let version: Option<i64> = sqlx::query_scalar("SELECT version FROM datawallets WHERE owner = $1")
        .bind(owner.as_str())
        .fetch_optional(conn)
        .await?;
    version
        .map(|version| u16::try_from(version).map_err(|_| corrupt("datawallet version", version)))
        .transpose()
}

/// Creates the datawallet or sets its version.
pub async fn set_version(
    conn: &mut AnyConnection,
    owner: &IdentityAddress,
    version: u16,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO datawallets (owner, version) VALUES ($1, $2) ON CONFLICT (owner) DO UPDATE SET version = excluded.version")
        .bind(owner.as_str())
        .bind(i64::from(version))
        .execute(conn)
        .await?;
    Ok(())
}

/// The index of the newest modification, if there is any.
pub async fn latest_index(
    conn: &mut AnyConnection,
    owner: &IdentityAddress,
) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT MAX(idx) FROM datawallet_modifications WHERE owner = $1")
        .bind(owner.as_str())
        .fetch_one(conn)
        .await?)
}

/// Appends a modification; [`StoreError::Conflict`] if its index is taken (a concurrent push).
pub async fn insert_modification(
    conn: &mut AnyConnection,
    owner: &IdentityAddress,
    modification: &DatawalletModification,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO datawallet_modifications (id, owner, idx, datawallet_version, object_identifier, payload_category, \
         collection, modification_type, encrypted_payload, created_at, created_by_device) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(modification.id.as_str())
    .bind(owner.as_str())
    .bind(modification.index)
    .bind(i64::from(modification.datawallet_version))
    .bind(&modification.object_identifier)
    .bind(modification.payload_category.as_deref())
    .bind(&modification.collection)
    .bind(modification.modification_type.as_str())
    .bind(modification.encrypted_payload.as_deref())
    .bind(millis(modification.created_at))
    .bind(modification.created_by_device.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Modifications after `local_index`, keeping only the newest per object, type and payload category.
pub async fn modifications_since(
    conn: &mut AnyConnection,
    owner: &IdentityAddress,
    local_index: i64,
    page: PageRequest,
) -> Result<Page<DatawalletModification>, StoreError> {
    const NEWEST: &str = "FROM datawallet_modifications m WHERE m.owner = $1 AND m.idx > $2 AND NOT EXISTS ( \
        SELECT 1 FROM datawallet_modifications later WHERE later.owner = m.owner AND later.idx > m.idx \
        AND later.object_identifier = m.object_identifier AND later.modification_type = m.modification_type \
        AND COALESCE(later.payload_category, '') = COALESCE(m.payload_category, ''))";
    let sql = format!(
        "SELECT m.id, m.idx, m.datawallet_version, m.object_identifier, m.payload_category, m.collection, \
         m.modification_type, m.encrypted_payload, m.created_at, m.created_by_device {NEWEST} ORDER BY m.idx LIMIT $3 OFFSET $4"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(owner.as_str())
        .bind(local_index)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&mut *conn)
        .await?;
    let items = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    page.finish(items, || async {
        let sql = format!("SELECT COUNT(*) {NEWEST}");
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(owner.as_str())
            .bind(local_index)
            .fetch_one(&mut *conn)
            .await?)
    })
    .await
}

fn from_row(row: &AnyRow) -> Result<DatawalletModification, StoreError> {
    let version: i64 = row.try_get("datawallet_version")?;
    let modification_type: String = row.try_get("modification_type")?;
    Ok(DatawalletModification {
        id: DatawalletModificationId::trusted(row.try_get("id")?),
        index: row.try_get("idx")?,
        datawallet_version: u16::try_from(version).map_err(|_| corrupt("datawallet version", version))?,
        object_identifier: row.try_get("object_identifier")?,
        payload_category: row.try_get("payload_category")?,
        collection: row.try_get("collection")?,
        modification_type: DatawalletModificationType::from_name(&modification_type)
            .ok_or_else(|| corrupt("modification type", &modification_type))?,
        encrypted_payload: row.try_get("encrypted_payload")?,
        created_at: time(row.try_get("created_at")?),
        created_by_device: DeviceId::trusted(row.try_get("created_by_device")?),
    })
}
