//! Appending to a datawallet, shared by the push route and both finalize routes.

use axum::http::HeaderMap;
use backbone_domain::IdentityAddress;
use backbone_domain::entities::DatawalletModification;
use backbone_domain::events::DomainEvent;
use backbone_domain::id::{DatawalletModificationId, DeviceId};
use backbone_http::{ApiError, ApiResult};
use backbone_proto::ErrorCode;
use backbone_proto::dto::datawallet::{CreatedDatawalletModification, PushDatawalletModificationItem};
use backbone_store::{StoreError, Tx, datawallet, outbox};
use time::OffsetDateTime;

/// The `X-Supported-Datawallet-Version` header: the newest datawallet version the client understands.
pub fn supported_version(headers: &HeaderMap) -> ApiResult<u16> {
    match headers.get("x-supported-datawallet-version") {
        None => Ok(0),
        Some(value) => value.to_str().ok().and_then(|text| text.trim().parse().ok()).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InputCannotBeParsed,
                "'X-Supported-Datawallet-Version': must be a whole number.",
            )
        }),
    }
}

/// Rejects clients that cannot read the datawallet's version.
pub fn require_supported(supported: u16, datawallet_version: u16) -> ApiResult<()> {
    if supported < datawallet_version {
        return Err(ApiError::new(
            ErrorCode::InsufficientSupportedDatawalletVersion,
            format!(
                "The datawallet has version {datawallet_version}, but the client supports only up to {supported}."
            ),
        ));
    }
    Ok(())
}

pub fn not_up_to_date() -> ApiError {
    ApiError::new(
        ErrorCode::DatawalletNotUpToDate,
        "The datawallet has new modifications. Fetch them before pushing your own.",
    )
}

/// Appends the items with consecutive indexes after the newest one and announces the change.
pub async fn append(
    tx: &mut Tx,
    owner: &IdentityAddress,
    device: &DeviceId,
    datawallet_version: u16,
    items: Vec<PushDatawalletModificationItem>,
    now: OffsetDateTime,
) -> ApiResult<Vec<CreatedDatawalletModification>> {
    for item in &items {
        validate(item, datawallet_version)?;
    }
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let mut index = datawallet::latest_index(tx, owner).await?.map_or(0, |latest| latest + 1);
    let mut created = Vec::with_capacity(items.len());
    for item in items {
        let modification = DatawalletModification {
            id: DatawalletModificationId::generate(&mut rand::rng()),
            index,
            datawallet_version: item.datawallet_version,
            object_identifier: item.object_identifier,
            payload_category: item.payload_category,
            collection: item.collection,
            modification_type: item.modification_type,
            encrypted_payload: item.encrypted_payload,
            created_at: now,
            created_by_device: device.clone(),
        };
        datawallet::insert_modification(tx, owner, &modification).await.map_err(|error| match error {
            StoreError::Conflict => not_up_to_date(),
            other => other.into(),
        })?;
        created.push(CreatedDatawalletModification {
            id: modification.id.into_string(),
            index,
            created_at: now,
        });
        index += 1;
    }
    let event = DomainEvent::DatawalletModified {
        identity: owner.to_string(),
        modified_by_device: device.to_string(),
    };
    outbox::append(tx, &event, now).await?;
    Ok(created)
}

fn validate(item: &PushDatawalletModificationItem, datawallet_version: u16) -> ApiResult<()> {
    let within = |value: &str, max: usize| !value.is_empty() && value.chars().count() <= max;
    if !within(&item.object_identifier, 100) {
        return Err(ApiError::invalid("objectIdentifier", "must have 1 to 100 characters."));
    }
    if !within(&item.collection, 50) {
        return Err(ApiError::invalid("collection", "must have 1 to 50 characters."));
    }
    if item.payload_category.as_deref().is_some_and(|category| category.chars().count() > 50) {
        return Err(ApiError::invalid("payloadCategory", "must have at most 50 characters."));
    }
    if item.datawallet_version > datawallet_version {
        return Err(ApiError::new(
            ErrorCode::DatawalletVersionOfModificationTooHigh,
            format!(
                "The datawallet version of a modification must not be higher than the datawallet's ({datawallet_version})."
            ),
        ));
    }
    Ok(())
}
