use axum::extract::State;
use axum::http::HeaderMap;
use backbone_domain::entities::DatawalletModification;
use backbone_http::{
    ApiError, ApiResult, Created, PageParams, PagedReply, Principal, QueryParams, Reply, WireJson, paged,
};
use backbone_proto::dto::datawallet::{
    self as dto, PushDatawalletModificationsRequest, PushDatawalletModificationsResponse,
};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, Paged};
use backbone_store::{datawallet, sync_runs};

use crate::SyncState;
use crate::modifications::{self, not_up_to_date, require_supported, supported_version};

#[utoipa::path(get, path = "/api/v2/Datawallet", security(("bearer" = [])), tag = "Datawallet", operation_id = "Datawallet_get",
    responses((status = 200, body = Envelope<dto::Datawallet>), (status = 404, body = ErrorEnvelope)))]
pub async fn get(State(state): State<SyncState>, caller: Principal) -> ApiResult<Reply<dto::Datawallet>> {
    let version = datawallet::version(&mut *state.db.conn().await?, &caller.address)
        .await?
        .ok_or_else(|| ApiError::not_found("Datawallet"))?;
    Ok(Reply(dto::Datawallet { version }))
}

/// Modifications newer than `localIndex`, only the newest per object, type and payload category.
#[utoipa::path(get, path = "/api/v2/Datawallet/Modifications", security(("bearer" = [])), tag = "Datawallet", operation_id = "Datawallet_modifications",
    params(("localIndex" = Option<i64>, Query), ("PageNumber" = Option<u32>, Query), ("PageSize" = Option<u32>, Query),
        ("X-Supported-Datawallet-Version" = Option<u16>, Header)),
    responses((status = 200, body = Paged<dto::DatawalletModification>), (status = 400, body = ErrorEnvelope)))]
pub async fn modifications(
    State(state): State<SyncState>,
    caller: Principal,
    headers: HeaderMap,
    PageParams(page): PageParams,
    query: QueryParams,
) -> ApiResult<PagedReply<dto::DatawalletModification>> {
    let supported = supported_version(&headers)?;
    let local_index = match query.get("localIndex") {
        None | Some("") => -1,
        Some(text) => text.parse().map_err(|_| ApiError::invalid("localIndex", "must be a whole number."))?,
    };
    let mut conn = state.db.conn().await?;
    if let Some(version) = datawallet::version(&mut conn, &caller.address).await? {
        require_supported(supported, version)?;
    }
    let found = datawallet::modifications_since(&mut conn, &caller.address, local_index, page).await?;
    Ok(paged(found.items.into_iter().map(to_dto).collect(), page, found.total_records))
}

#[utoipa::path(post, path = "/api/v2/Datawallet/Modifications", security(("bearer" = [])), tag = "Datawallet", operation_id = "Datawallet_push",
    params(("X-Supported-Datawallet-Version" = u16, Header)),
    request_body = PushDatawalletModificationsRequest,
    responses((status = 201, body = Envelope<PushDatawalletModificationsResponse>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn push(
    State(state): State<SyncState>,
    caller: Principal,
    headers: HeaderMap,
    WireJson(request): WireJson<PushDatawalletModificationsRequest>,
) -> ApiResult<Created<PushDatawalletModificationsResponse>> {
    let supported = supported_version(&headers)?;
    if supported == 0 {
        return Err(ApiError::invalid("X-Supported-Datawallet-Version", "must be greater than 0."));
    }
    let local_index =
        request.local_index.ok_or_else(|| ApiError::invalid("localIndex", "must not be empty."))?;
    if request.modifications.is_empty() {
        return Err(ApiError::invalid("modifications", "must not be empty."));
    }
    let mut tx = state.db.begin().await?;
    if sync_runs::has_unfinalized(&mut tx, &caller.address).await? {
        return Err(ApiError::new(
            ErrorCode::CannotPushDatawalletModificationsDuringActiveSyncRun,
            "Datawallet modifications cannot be pushed while a sync run is active.",
        ));
    }
    let version = datawallet::version(&mut tx, &caller.address)
        .await?
        .ok_or_else(|| ApiError::not_found("Datawallet"))?;
    require_supported(supported, version)?;
    if datawallet::latest_index(&mut tx, &caller.address).await?.is_some_and(|latest| latest != local_index) {
        return Err(not_up_to_date());
    }
    let now = state.clock.now();
    let created =
        modifications::append(&mut tx, &caller.address, &caller.device, version, request.modifications, now)
            .await?;
    tx.commit().await?;
    let new_index = created.last().map_or(local_index, |last| last.index);
    Ok(Created(PushDatawalletModificationsResponse { new_index, modifications: created }))
}

fn to_dto(modification: DatawalletModification) -> dto::DatawalletModification {
    dto::DatawalletModification {
        id: modification.id.into_string(),
        datawallet_version: modification.datawallet_version,
        index: modification.index,
        object_identifier: modification.object_identifier,
        payload_category: modification.payload_category,
        created_at: modification.created_at,
        created_by_device: modification.created_by_device.into_string(),
        collection: modification.collection,
        modification_type: modification.modification_type,
        encrypted_payload: modification.encrypted_payload,
    }
}
