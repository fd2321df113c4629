use axum::extract::{Path, State};
use backbone_domain::IdentityAddress;
use backbone_domain::id::{RelationshipId, RelationshipTemplateId};
use backbone_domain::quota::Metric;
use backbone_domain::relationship::{Action, Relationship, RelationshipError};
use backbone_http::quotas;
use backbone_http::{ApiError, ApiResult, Created, PageParams, PagedReply, Principal, QueryParams, Reply};
use backbone_http::{WireJson, paged, validate};
use backbone_proto::dto::identities::IdentityStatus;
use backbone_proto::dto::relationships::{
    self as dto, CanCreateRelationshipResponse, CreateRelationshipRequest, RelationshipMetadata,
    RespondToRelationshipRequest,
};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, Paged};
use backbone_store::{StoreError, devices, outbox, relationships};
use time::OffsetDateTime;

use crate::RelationshipsState;
use crate::collect::collect;

/// Sends a relationship request to the creator of a template the caller has collected.
#[utoipa::path(post, path = "/api/v2/Relationships", security(("bearer" = [])), tag = "Relationships",
    operation_id = "Relationships_create", request_body = CreateRelationshipRequest,
    responses((status = 201, body = Envelope<RelationshipMetadata>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<RelationshipsState>,
    caller: Principal,
    WireJson(request): WireJson<CreateRelationshipRequest>,
) -> ApiResult<Created<RelationshipMetadata>> {
    let template_id = RelationshipTemplateId::parse(&request.relationship_template_id)
        .map_err(|_| ApiError::invalid_id("relationshipTemplateId"))?;
    if let Some(content) = &request.creation_content {
        validate::content("creationContent", content)?;
    }
    let now = state.clock.now();
    ensure_relationships_available(&state, &caller.address, now).await?;
    let mut tx = state.db.begin().await?;
    let template = collect(&mut tx, &template_id, &caller, None, now).await?;
    let creator = devices::find_identity(&mut tx, &template.created_by)
        .await?
        .ok_or_else(|| ApiError::not_found("Identity"))?;
    if creator.status != IdentityStatus::Active {
        return Err(peer_is_to_be_deleted());
    }
    if relationships::blocking_exists(&mut tx, &caller.address, &template.created_by).await? {
        return Err(already_exists());
    }
    if caller.address == template.created_by {
        return Err(ApiError::new(
            ErrorCode::CannotCreateRelationshipWithYourself,
            "You cannot create a relationship with yourself.",
        ));
    }
    let (relationship, event) = Relationship::request(
        RelationshipId::generate(&mut rand::rng()),
        template_id,
        caller.address,
        caller.device,
        template.created_by,
        request.creation_content,
        now,
    );
    relationships::insert(&mut tx, &relationship).await.map_err(|error| match error {
        StoreError::Conflict => already_exists(),
        other => other.into(),
    })?;
    outbox::append(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(Created(metadata(relationship)))
}

#[utoipa::path(get, path = "/api/v2/Relationships/{id}", security(("bearer" = [])), tag = "Relationships",
    operation_id = "Relationships_get", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<dto::Relationship>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<RelationshipsState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Reply<dto::Relationship>> {
    let relationship = find_own(&state, &caller, &id).await?;
    if relationship.has_decomposed(&caller.address) {
        return Err(relationship_error(RelationshipError::AlreadyDecomposed));
    }
    Ok(Reply(full(relationship)))
}

/// The caller's relationships among `ids`.
#[utoipa::path(get, path = "/api/v2/Relationships", security(("bearer" = [])), tag = "Relationships",
    operation_id = "Relationships_list",
    params(("ids" = Vec<String>, Query), ("PageNumber" = Option<u32>, Query), ("PageSize" = Option<u32>, Query)),
    responses((status = 200, body = Paged<dto::Relationship>), (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<RelationshipsState>,
    caller: Principal,
    PageParams(page): PageParams,
    query: QueryParams,
) -> ApiResult<PagedReply<dto::Relationship>> {
    let ids = query
        .all("ids")
        .map(|id| RelationshipId::parse(id).map_err(|_| ApiError::invalid_id("ids")))
        .collect::<ApiResult<Vec<_>>>()?;
    if ids.is_empty() {
        return Err(ApiError::invalid("Ids", "must not be empty."));
    }
    let found =
        relationships::find_many_of(&mut *state.db.conn().await?, &caller.address, &ids, page).await?;
    Ok(paged(found.items.into_iter().map(full).collect(), page, found.total_records))
}

/// Whether the caller could send `peer` a relationship request now, and if not, why.
#[utoipa::path(get, path = "/api/v2/Relationships/CanCreate", security(("bearer" = [])), tag = "Relationships",
    operation_id = "Relationships_canCreate", params(("peer" = String, Query)),
    responses((status = 200, body = Envelope<CanCreateRelationshipResponse>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn can_create(
    State(state): State<RelationshipsState>,
    caller: Principal,
    query: QueryParams,
) -> ApiResult<Reply<CanCreateRelationshipResponse>> {
    let peer = validate::address("peer", query.get("peer"))?.ok_or_else(|| {
        ApiError::new(ErrorCode::InputCannotBeParsed, "'peer': The peer field is required.")
    })?;
    let mut conn = state.db.conn().await?;
    let identity =
        devices::find_identity(&mut conn, &peer).await?.ok_or_else(|| ApiError::not_found("Identity"))?;
    let refusal = if identity.status != IdentityStatus::Active {
        Some(ErrorCode::PeerIsToBeDeleted)
    } else if relationships::blocking_exists(&mut conn, &caller.address, &peer).await? {
        Some(ErrorCode::RelationshipToTargetAlreadyExists)
    } else {
        None
    };
    Ok(Reply(CanCreateRelationshipResponse {
        can_create: refusal.is_none(),
        code: refusal.map(|code| code.as_str().to_owned()),
    }))
}

macro_rules! transition_route {
    ($name:ident, $path:literal, $operation:literal, $doc:literal, $action:expr) => {
        #[doc = $doc]
        #[utoipa::path(put, path = $path, security(("bearer" = [])), tag = "Relationships", operation_id = $operation,
            params(("id" = String, Path)), request_body = Option<RespondToRelationshipRequest>,
            responses((status = 200, body = Envelope<RelationshipMetadata>), (status = 400, body = ErrorEnvelope),
                (status = 404, body = ErrorEnvelope)))]
        pub async fn $name(
            State(state): State<RelationshipsState>,
            caller: Principal,
            Path(id): Path<String>,
            WireJson(request): WireJson<RespondToRelationshipRequest>,
        ) -> ApiResult<Reply<RelationshipMetadata>> {
            let action: fn(RespondToRelationshipRequest) -> Action = $action;
            transition(&state, &caller, &id, action(request)).await
        }
    };
}

transition_route!(
    accept,
    "/api/v2/Relationships/{id}/Accept",
    "Relationships_accept",
    "Accepts a pending request addressed to the caller.",
    |request| Action::Accept { creation_response_content: request.creation_response_content }
);
transition_route!(
    reject,
    "/api/v2/Relationships/{id}/Reject",
    "Relationships_reject",
    "Rejects a pending request addressed to the caller.",
    |_| Action::Reject
);
transition_route!(
    revoke,
    "/api/v2/Relationships/{id}/Revoke",
    "Relationships_revoke",
    "Takes back the caller's pending request.",
    |_| Action::Revoke
);
transition_route!(
    terminate,
    "/api/v2/Relationships/{id}/Terminate",
    "Relationships_terminate",
    "Ends an active relationship.",
    |_| Action::Terminate
);
transition_route!(
    request_reactivation,
    "/api/v2/Relationships/{id}/Reactivate",
    "Relationships_requestReactivation",
    "Asks the peer to reactivate a terminated relationship.",
    |_| Action::RequestReactivation
);
transition_route!(
    accept_reactivation,
    "/api/v2/Relationships/{id}/Reactivate/Accept",
    "Relationships_acceptReactivation",
    "Accepts the peer's reactivation request.",
    |_| Action::AcceptReactivation
);
transition_route!(
    reject_reactivation,
    "/api/v2/Relationships/{id}/Reactivate/Reject",
    "Relationships_rejectReactivation",
    "Rejects the peer's reactivation request.",
    |_| Action::RejectReactivation
);
transition_route!(
    revoke_reactivation,
    "/api/v2/Relationships/{id}/Reactivate/Revoke",
    "Relationships_revokeReactivation",
    "Takes back the caller's reactivation request.",
    |_| Action::RevokeReactivation
);
transition_route!(
    decompose,
    "/api/v2/Relationships/{id}/Decompose",
    "Relationships_decompose",
    "Removes an ended relationship from the caller's side.",
    |_| Action::Decompose
);

/// Applies a participant's action, stores it with its event, and answers the new state.
async fn transition(
    state: &RelationshipsState,
    caller: &Principal,
    id: &str,
    action: Action,
) -> ApiResult<Reply<RelationshipMetadata>> {
    let id = RelationshipId::parse(id).map_err(|_| ApiError::invalid_id("id"))?;
    let now = state.clock.now();
    if matches!(action, Action::Accept { .. }) {
        ensure_relationships_available(state, &caller.address, now).await?;
    }
    let mut tx = state.db.begin().await?;
    let mut relationship = relationships::find(&mut tx, &id)
        .await?
        .filter(|relationship| relationship.is_participant(&caller.address))
        .ok_or_else(not_found)?;
    let stored_entries = relationship.audit_log.len();
    let event =
        relationship.apply(action, &caller.address, &caller.device, now).map_err(relationship_error)?;
    relationships::save_transition(&mut tx, &relationship, stored_entries).await?;
    outbox::append(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(Reply(metadata(relationship)))
}

async fn find_own(state: &RelationshipsState, caller: &Principal, id: &str) -> ApiResult<Relationship> {
    let id = RelationshipId::parse(id).map_err(|_| ApiError::invalid_id("id"))?;
    relationships::find(&mut *state.db.conn().await?, &id)
        .await?
        .filter(|relationship| relationship.is_participant(&caller.address))
        .ok_or_else(not_found)
}

fn relationship_error(error: RelationshipError) -> ApiError {
    let code = match error {
        RelationshipError::NotInCorrectStatus => ErrorCode::RelationshipIsNotInCorrectStatus,
        RelationshipError::AddressedToSomeoneElse => {
            ErrorCode::CannotAcceptOrRejectRelationshipAddressedToSomeoneElse
        }
        RelationshipError::NotCreatedByCaller => ErrorCode::CannotRevokeRelationshipNotCreatedByYourself,
        RelationshipError::OpenReactivationRequest => {
            ErrorCode::CannotRequestReactivationWhenThereIsAnOpenReactivationRequest
        }
        RelationshipError::NoAcceptableReactivationRequest => {
            ErrorCode::NoAcceptableRelationshipReactivationRequestExists
        }
        RelationshipError::NoRejectableReactivationRequest => {
            ErrorCode::NoRejectableReactivationRequestExists
        }
        RelationshipError::NoRevocableReactivationRequest => ErrorCode::NoRevocableReactivationRequestExists,
        RelationshipError::AlreadyDecomposed => ErrorCode::RelationshipAlreadyDecomposed,
    };
    ApiError::new(code, error.to_string())
}

fn not_found() -> ApiError {
    ApiError::not_found("Relationship")
}

fn already_exists() -> ApiError {
    ApiError::new(
        ErrorCode::RelationshipToTargetAlreadyExists,
        "There already is an active, pending or terminated relationship with this identity.",
    )
}

fn peer_is_to_be_deleted() -> ApiError {
    ApiError::new(ErrorCode::PeerIsToBeDeleted, "The identity you want to relate to is about to be deleted.")
}

fn metadata(relationship: Relationship) -> RelationshipMetadata {
    RelationshipMetadata {
        id: relationship.id.into_string(),
        relationship_template_id: relationship.template_id.map(RelationshipTemplateId::into_string),
        from: relationship.from.into_string(),
        to: relationship.to.into_string(),
        created_at: relationship.created_at,
        status: relationship.status,
        audit_log: relationship
            .audit_log
            .into_iter()
            .map(|entry| dto::RelationshipAuditLogEntry {
                created_at: entry.created_at,
                created_by: entry.created_by.into_string(),
                created_by_device: entry.created_by_device.map(|device| device.into_string()),
                reason: entry.reason,
                old_status: entry.old_status,
                new_status: entry.new_status,
            })
            .collect(),
    }
}

fn full(mut relationship: Relationship) -> dto::Relationship {
    let creation_content = relationship.creation_content.take();
    let creation_response_content = relationship.creation_response_content.take();
    dto::Relationship { metadata: metadata(relationship), creation_content, creation_response_content }
}

/// Requesting and accepting a relationship count against `NumberOfRelationships`.
async fn ensure_relationships_available(
    state: &RelationshipsState,
    identity: &IdentityAddress,
    now: OffsetDateTime,
) -> ApiResult<()> {
    let metric = [Metric::NumberOfRelationships];
    quotas::ensure_available(&mut *state.db.conn().await?, identity, &metric, now).await
}
