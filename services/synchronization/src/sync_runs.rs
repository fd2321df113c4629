use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use backbone_domain::IdentityAddress;
use backbone_domain::entities::{ExternalEvent, SyncRun};
use backbone_domain::id::{ExternalEventId, SyncErrorId, SyncRunId};
use backbone_http::{
    ApiError, ApiResult, Created, PageParams, PagedReply, Principal, Reply, WireJson, paged,
};
use backbone_proto::dto::identities::IdentityStatus;
use backbone_proto::dto::sync::{
    self as dto, FinalizeDatawalletVersionUpgradeRequest, FinalizeDatawalletVersionUpgradeResponse,
    FinalizeExternalEventSyncRequest, FinalizeExternalEventSyncResponse, RefreshExpirationTimeResponse,
    StartSyncRunRequest, StartSyncRunResponse, StartSyncRunStatus, SyncRunType,
};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, Paged};
use backbone_store::{AnyConnection, StoreError, Tx, datawallet, devices, external_events, sync_runs};
use time::{Duration, OffsetDateTime};

use crate::SyncState;
use crate::modifications::{self, require_supported, supported_version};

/// Starts a sync run: a short lease on the identity's unsynced external events, or on a datawallet upgrade.
#[utoipa::path(post, path = "/api/v2/SyncRuns", security(("bearer" = [])), tag = "SyncRuns", operation_id = "SyncRuns_start",
    params(("X-Supported-Datawallet-Version" = u16, Header)),
    request_body = StartSyncRunRequest,
    responses((status = 201, body = Envelope<StartSyncRunResponse>), (status = 200, body = Envelope<StartSyncRunResponse>),
        (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn start(
    State(state): State<SyncState>,
    caller: Principal,
    headers: HeaderMap,
    WireJson(request): WireJson<StartSyncRunRequest>,
) -> ApiResult<Response> {
    let supported = supported_version(&headers)?;
    let run_type = request.run_type.unwrap_or(SyncRunType::ExternalEventSync);
    let duration = Duration::seconds(i64::from(request.duration.unwrap_or(10)));
    let mut tx = state.db.begin().await?;
    let identity = devices::find_identity(&mut tx, &caller.address)
        .await?
        .ok_or_else(|| ApiError::not_found("Identity"))?;
    if identity.status != IdentityStatus::Active {
        return Err(ApiError::new(
            ErrorCode::CannotStartSyncRunWhileIdentityIsToBeDeleted,
            "A sync run cannot be started while the identity is to be deleted.",
        ));
    }
    let version = datawallet::version(&mut tx, &caller.address).await?;
    match (run_type, version) {
        (SyncRunType::ExternalEventSync, None) => return Err(ApiError::not_found("Datawallet")),
        (_, Some(version)) => require_supported(supported, version)?,
        (SyncRunType::DatawalletVersionUpgrade, None) => {}
    }

    let now = state.clock.now();
    let index = match sync_runs::latest(&mut tx, &caller.address).await? {
        None => 0,
        Some(previous) if previous.is_finalized() => previous.index + 1,
        Some(previous) if !previous.is_expired(now) => return Err(another_run_is_running(&previous.id)),
        Some(previous) => {
            cancel(&mut tx, &previous, now).await?;
            previous.index + 1
        }
    };
    let id = SyncRunId::generate(&mut rand::rng());
    let event_count = match run_type {
        SyncRunType::ExternalEventSync => {
            let assigned = external_events::assign_unsynced(&mut tx, &caller.address, &id).await?;
            if assigned == 0 {
                tx.commit().await?;
                let response =
                    StartSyncRunResponse { status: StartSyncRunStatus::NoNewEvents, sync_run: None };
                return Ok(Reply(response).into_response());
            }
            i64::try_from(assigned).unwrap_or(i64::MAX)
        }
        SyncRunType::DatawalletVersionUpgrade => 0,
    };
    let run = SyncRun {
        id,
        run_type,
        identity: caller.address,
        device: caller.device,
        index,
        created_at: now,
        expires_at: now + duration,
        finalized_at: None,
        event_count,
    };
    sync_runs::insert(&mut tx, &run).await.map_err(|error| match error {
        StoreError::Conflict => another_run_is_running(&run.id),
        other => other.into(),
    })?;
    tx.commit().await?;
    let response = StartSyncRunResponse { status: StartSyncRunStatus::Created, sync_run: Some(to_dto(run)) };
    Ok(Created(response).into_response())
}

#[utoipa::path(get, path = "/api/v2/SyncRuns/{id}", security(("bearer" = [])), tag = "SyncRuns", operation_id = "SyncRuns_get",
    params(("id" = String, Path)),
    responses((status = 200, body = Envelope<dto::SyncRun>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<SyncState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Reply<dto::SyncRun>> {
    let run = find(&mut *state.db.conn().await?, &caller.address, &id).await?;
    Ok(Reply(to_dto(run)))
}

#[utoipa::path(get, path = "/api/v2/SyncRuns/{id}/ExternalEvents", security(("bearer" = [])), tag = "SyncRuns", operation_id = "SyncRuns_externalEvents",
    params(("id" = String, Path), ("PageNumber" = Option<u32>, Query), ("PageSize" = Option<u32>, Query)),
    responses((status = 200, body = Paged<dto::ExternalEvent>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn external_events(
    State(state): State<SyncState>,
    caller: Principal,
    Path(id): Path<String>,
    PageParams(page): PageParams,
) -> ApiResult<PagedReply<dto::ExternalEvent>> {
    let mut conn = state.db.conn().await?;
    let run = find(&mut conn, &caller.address, &id).await?;
    require_open(&run)?;
    if run.device != caller.device {
        return Err(ApiError::new(
            ErrorCode::CannotReadExternalEventsOfASyncRunStartedByAnotherDevice,
            "The sync run was started by another device.",
        ));
    }
    let found = external_events::of_run(&mut conn, &run.id, page).await?;
    let events = found.items.into_iter().map(event_to_dto).collect::<ApiResult<Vec<_>>>()?;
    Ok(paged(events, page, found.total_records))
}

#[utoipa::path(put, path = "/api/v2/SyncRuns/{id}/RefreshExpirationTime", security(("bearer" = [])), tag = "SyncRuns", operation_id = "SyncRuns_refreshExpirationTime",
    params(("id" = String, Path)),
    responses((status = 200, body = Envelope<RefreshExpirationTimeResponse>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn refresh_expiration_time(
    State(state): State<SyncState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Reply<RefreshExpirationTimeResponse>> {
    let mut tx = state.db.begin().await?;
    let run = find(&mut tx, &caller.address, &id).await?;
    if run.device != caller.device {
        return Err(ApiError::new(
            ErrorCode::CannotRefreshExpirationTimeOfSyncRunStartedByAnotherDevice,
            "The sync run was started by another device.",
        ));
    }
    require_open(&run)?;
    let expires_at = state.clock.now() + SyncRun::REFRESH_DURATION;
    sync_runs::set_expiry(&mut tx, &run.id, expires_at).await?;
    tx.commit().await?;
    Ok(Reply(RefreshExpirationTimeResponse { expires_at }))
}

/// Ends an external-event sync: acknowledges the events without an error code, releases the others,
/// and appends the device's pending datawallet modifications.
#[utoipa::path(put, path = "/api/v2/SyncRuns/{id}/FinalizeExternalEventSync", security(("bearer" = [])), tag = "SyncRuns", operation_id = "SyncRuns_finalizeExternalEventSync",
    params(("id" = String, Path)),
    request_body = FinalizeExternalEventSyncRequest,
    responses((status = 200, body = Envelope<FinalizeExternalEventSyncResponse>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn finalize_external_event_sync(
    State(state): State<SyncState>,
    caller: Principal,
    Path(id): Path<String>,
    WireJson(request): WireJson<FinalizeExternalEventSyncRequest>,
) -> ApiResult<Reply<FinalizeExternalEventSyncResponse>> {
    let results = request
        .external_event_results
        .into_iter()
        .map(|result| {
            let id = ExternalEventId::parse(&result.external_event_id)
                .map_err(|_| ApiError::invalid_id("externalEventId"))?;
            if result.error_code.as_ref().is_some_and(|code| code.chars().count() > 100) {
                return Err(ApiError::invalid("errorCode", "must have at most 100 characters."));
            }
            Ok((id, result.error_code.filter(|code| !code.is_empty())))
        })
        .collect::<ApiResult<Vec<_>>>()?;

    let mut tx = state.db.begin().await?;
    let run = find_for_finalize(&mut tx, &caller, &id, SyncRunType::ExternalEventSync).await?;
    let version = datawallet::version(&mut tx, &caller.address)
        .await?
        .ok_or_else(|| ApiError::not_found("Datawallet"))?;
    let now = state.clock.now();
    for event in external_events::ids_of_run(&mut tx, &run.id).await? {
        let error_code = match results.iter().find(|(id, _)| *id == event) {
            None => Some("notProcessed"),
            Some((_, code)) => code.as_deref(),
        };
        if let Some(code) = error_code {
            let error_id = SyncErrorId::generate(&mut rand::rng());
            external_events::release_with_error(&mut tx, &event, &run.id, &error_id, code, now).await?;
        }
    }
    let created = modifications::append(
        &mut tx,
        &caller.address,
        &caller.device,
        version,
        request.datawallet_modifications,
        now,
    )
    .await?;
    sync_runs::finalize(&mut tx, &run.id, now).await?;
    let new_index = datawallet::latest_index(&mut tx, &caller.address).await?;
    let new_events = external_events::count_unsynced(&mut tx, &caller.address, true).await? > 0;
    tx.commit().await?;
    Ok(Reply(FinalizeExternalEventSyncResponse {
        new_datawallet_modification_index: new_index,
        datawallet_modifications: created,
        new_unsynced_external_events_exist: new_events,
    }))
}

/// Ends a datawallet upgrade: creates the datawallet or raises its version, then appends modifications.
#[utoipa::path(put, path = "/api/v2/SyncRuns/{id}/FinalizeDatawalletVersionUpgrade", security(("bearer" = [])), tag = "SyncRuns", operation_id = "SyncRuns_finalizeDatawalletVersionUpgrade",
    params(("id" = String, Path)),
    request_body = FinalizeDatawalletVersionUpgradeRequest,
    responses((status = 200, body = Envelope<FinalizeDatawalletVersionUpgradeResponse>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn finalize_datawallet_version_upgrade(
    State(state): State<SyncState>,
    caller: Principal,
    Path(id): Path<String>,
    WireJson(request): WireJson<FinalizeDatawalletVersionUpgradeRequest>,
) -> ApiResult<Reply<FinalizeDatawalletVersionUpgradeResponse>> {
    let new_version = request.new_datawallet_version;
    if new_version == 0 {
        return Err(ApiError::invalid("newDatawalletVersion", "must be greater than 0."));
    }
    let mut tx = state.db.begin().await?;
    let run = find_for_finalize(&mut tx, &caller, &id, SyncRunType::DatawalletVersionUpgrade).await?;
    if datawallet::version(&mut tx, &caller.address).await?.is_some_and(|current| new_version < current) {
        return Err(ApiError::new(ErrorCode::CannotDowngrade, "The datawallet version cannot be lowered."));
    }
    datawallet::set_version(&mut tx, &caller.address, new_version).await?;
    let now = state.clock.now();
    let created = modifications::append(
        &mut tx,
        &caller.address,
        &caller.device,
        new_version,
        request.datawallet_modifications,
        now,
    )
    .await?;
    sync_runs::finalize(&mut tx, &run.id, now).await?;
    let new_index = datawallet::latest_index(&mut tx, &caller.address).await?;
    tx.commit().await?;
    Ok(Reply(FinalizeDatawalletVersionUpgradeResponse {
        new_datawallet_modification_index: new_index,
        datawallet_modifications: created,
    }))
}

async fn find(conn: &mut AnyConnection, owner: &IdentityAddress, id: &str) -> ApiResult<SyncRun> {
    let id = SyncRunId::parse(id).map_err(|_| ApiError::invalid_id("id"))?;
    sync_runs::find(conn, owner, &id).await?.ok_or_else(|| ApiError::not_found("SyncRun"))
}

async fn find_for_finalize(
    tx: &mut Tx,
    caller: &Principal,
    id: &str,
    expected: SyncRunType,
) -> ApiResult<SyncRun> {
    let run = find(tx, &caller.address, id).await?;
    if run.run_type != expected {
        return Err(ApiError::new(
            ErrorCode::UnexpectedSyncRunType,
            format!("The sync run is not of type {}.", expected.as_str()),
        ));
    }
    if run.device != caller.device {
        return Err(ApiError::new(
            ErrorCode::CannotFinalizeSyncRunStartedByAnotherDevice,
            "The sync run was started by another device.",
        ));
    }
    require_open(&run)?;
    Ok(run)
}

fn require_open(run: &SyncRun) -> ApiResult<()> {
    if run.is_finalized() {
        return Err(ApiError::new(ErrorCode::SyncRunAlreadyFinalized, "The sync run is already finalized."));
    }
    Ok(())
}

/// Cancels an expired run: its events get a `syncRunCanceled` error and become unsynced again.
async fn cancel(tx: &mut Tx, run: &SyncRun, now: OffsetDateTime) -> ApiResult<()> {
    for event in external_events::ids_of_run(tx, &run.id).await? {
        let error_id = SyncErrorId::generate(&mut rand::rng());
        external_events::release_with_error(tx, &event, &run.id, &error_id, "syncRunCanceled", now).await?;
    }
    sync_runs::finalize(tx, &run.id, now).await?;
    Ok(())
}

fn another_run_is_running(id: &SyncRunId) -> ApiError {
    ApiError::new(
        ErrorCode::CannotStartSyncRunWhenAnotherSyncRunIsRunning,
        format!("There is an active sync run ({id}). Finalize it or wait until it expires."),
    )
}

fn to_dto(run: SyncRun) -> dto::SyncRun {
    dto::SyncRun {
        id: run.id.into_string(),
        run_type: run.run_type,
        expires_at: run.expires_at,
        index: run.index,
        created_at: run.created_at,
        created_by: run.identity.into_string(),
        created_by_device: run.device.into_string(),
        event_count: run.event_count,
    }
}

fn event_to_dto(event: ExternalEvent) -> ApiResult<dto::ExternalEvent> {
    let payload = serde_json::from_str(&event.payload).map_err(|error| ApiError::unexpected(&error))?;
    Ok(dto::ExternalEvent {
        id: event.id.into_string(),
        event_type: event.event_type,
        index: event.index,
        created_at: event.created_at,
        sync_error_count: event.sync_error_count,
        payload,
    })
}
