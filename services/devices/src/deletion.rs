//! Identity deletion processes (spec §5.4): started and cancelled by the identity itself.

use axum::extract::{Path, State};
use backbone_domain::deletion::{
    AuditEntry, AuditMessage, DeletionError, DeletionProcess, QUEUED_FOR_DELETION_TIER,
};
use backbone_domain::events::DomainEvent;
use backbone_domain::id::{DeletionProcessId, ID_LENGTH, TierId};
use backbone_http::{ApiError, ApiResult, Created, Principal, Reply, WireJson};
use backbone_proto::dto::deletion::{self as dto, StartDeletionProcessRequest};
use backbone_proto::dto::identities::IdentityStatus;
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, date};
use backbone_store::{Tx, deletion_audit, deletion_processes, devices, outbox};
use time::OffsetDateTime;

use crate::DevicesState;

/// Starts the deletion of the caller's identity after a grace period.
#[utoipa::path(post, path = "/api/v2/Identities/Self/DeletionProcesses", security(("bearer" = [])),
    tag = "DeletionProcesses", operation_id = "DeletionProcesses_start", request_body = StartDeletionProcessRequest,
    responses((status = 201, body = Envelope<dto::DeletionProcess>), (status = 400, body = ErrorEnvelope)))]
pub async fn start(
    State(state): State<DevicesState>,
    caller: Principal,
    WireJson(request): WireJson<StartDeletionProcessRequest>,
) -> ApiResult<Created<dto::DeletionProcess>> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if deletion_processes::has_open(&mut tx, &caller.address).await? {
        return Err(ApiError::new(
            ErrorCode::OnlyOneActiveDeletionProcessAllowed,
            "Only one active deletion process is allowed.",
        ));
    }
    let identity = devices::find_identity(&mut tx, &caller.address)
        .await?
        .ok_or_else(|| ApiError::not_found("Identity"))?;
    let process = DeletionProcess::start(
        DeletionProcessId::generate(&mut rand::rng()),
        caller.address.clone(),
        caller.device,
        identity.tier_id,
        request.length_of_grace_period_in_days,
        now,
    )
    .map_err(|error| ApiError::invalid("lengthOfGracePeriodInDays", error))?;
    deletion_processes::insert(&mut tx, &process).await?;
    let audit =
        AuditEntry::new(&process, AuditMessage::StartedByOwner, None, Some(&process.created_by_device), now);
    deletion_audit::append(&mut tx, &audit).await?;
    let queued = TierId::trusted(QUEUED_FOR_DELETION_TIER.to_owned());
    let grace_period_ends_at = process.grace_period_ends_at;
    set_identity_state(&mut tx, &process, IdentityStatus::ToBeDeleted, &queued, grace_period_ends_at, now)
        .await?;
    let event = DomainEvent::IdentityToBeDeleted {
        identity_address: caller.address.to_string(),
        grace_period_ends_at: grace_period_ends_at.map(date::format).unwrap_or_default(),
    };
    outbox::append(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(Created(to_dto(process)))
}

#[utoipa::path(get, path = "/api/v2/Identities/Self/DeletionProcesses", security(("bearer" = [])),
    tag = "DeletionProcesses", operation_id = "DeletionProcesses_list",
    responses((status = 200, body = Envelope<Vec<dto::DeletionProcess>>)))]
pub async fn list(
    State(state): State<DevicesState>,
    caller: Principal,
) -> ApiResult<Reply<Vec<dto::DeletionProcess>>> {
    let processes = deletion_processes::of_identity(&mut *state.db.conn().await?, &caller.address).await?;
    Ok(Reply(processes.into_iter().map(to_dto).collect()))
}

#[utoipa::path(get, path = "/api/v2/Identities/Self/DeletionProcesses/{id}", security(("bearer" = [])),
    tag = "DeletionProcesses", operation_id = "DeletionProcesses_get", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<dto::DeletionProcess>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<DevicesState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Reply<dto::DeletionProcess>> {
    let id = DeletionProcessId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    let process = deletion_processes::find(&mut *state.db.conn().await?, &caller.address, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("IdentityDeletionProcess"))?;
    Ok(Reply(to_dto(process)))
}

/// Cancels an active deletion process during its grace period; the identity is active again.
#[utoipa::path(put, path = "/api/v2/Identities/Self/DeletionProcesses/{id}/Cancel", security(("bearer" = [])),
    tag = "DeletionProcesses", operation_id = "DeletionProcesses_cancel", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<dto::DeletionProcess>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn cancel(
    State(state): State<DevicesState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Reply<dto::DeletionProcess>> {
    let parsed = DeletionProcessId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    if id.len() != ID_LENGTH {
        return Err(ApiError::new(ErrorCode::InvalidId, "The id must have exactly 20 characters."));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let mut process = deletion_processes::find(&mut tx, &caller.address, &parsed)
        .await?
        .ok_or_else(|| ApiError::not_found("IdentityDeletionProcess"))?;
    process.cancel(now).map_err(|error| match error {
        DeletionError::GracePeriodExpired => {
            ApiError::new(ErrorCode::GracePeriodHasAlreadyExpired, error.to_string())
        }
        other => ApiError::new(ErrorCode::DeletionProcessIsNotInRequiredStatus, other.to_string()),
    })?;
    deletion_processes::update(&mut tx, &process).await?;
    let audit = AuditEntry::new(
        &process,
        AuditMessage::CancelledByOwner,
        Some(dto::DeletionProcessStatus::Active),
        Some(&caller.device),
        now,
    );
    deletion_audit::append(&mut tx, &audit).await?;
    let previous_tier = process.previous_tier.clone();
    set_identity_state(&mut tx, &process, IdentityStatus::Active, &previous_tier, None, now).await?;
    let event = DomainEvent::IdentityDeletionCancelled { identity_address: caller.address.to_string() };
    outbox::append(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(Reply(to_dto(process)))
}

/// Moves the identity into (or out of) its deletion grace period and announces the tier change.
async fn set_identity_state(
    tx: &mut Tx,
    process: &DeletionProcess,
    status: IdentityStatus,
    tier: &TierId,
    grace_period_ends_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> ApiResult<()> {
    let identity = devices::find_identity(tx, &process.identity)
        .await?
        .ok_or_else(|| ApiError::not_found("Identity"))?;
    devices::update_deletion_state(tx, &process.identity, status, tier, grace_period_ends_at).await?;
    let event = DomainEvent::TierOfIdentityChanged {
        identity_address: process.identity.to_string(),
        old_tier_id: identity.tier_id.into_string(),
        new_tier_id: tier.to_string(),
    };
    outbox::append(tx, &event, now).await?;
    Ok(())
}

fn to_dto(process: DeletionProcess) -> dto::DeletionProcess {
    let [reminder1, reminder2, reminder3] = process.grace_period_reminders_sent_at;
    dto::DeletionProcess {
        id: process.id.into_string(),
        status: process.status,
        created_at: process.created_at,
        created_by_device: process.created_by_device.to_string(),
        approved_at: process.created_at,
        approved_by_device: process.created_by_device.into_string(),
        grace_period_ends_at: process.grace_period_ends_at,
        grace_period_reminder1_sent_at: reminder1,
        grace_period_reminder2_sent_at: reminder2,
        grace_period_reminder3_sent_at: reminder3,
    }
}
