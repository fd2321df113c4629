use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use backbone_blob::BlobError;
use backbone_domain::events::DomainEvent;
use backbone_domain::file::{Claim, File, is_valid_ownership_token, ownership_token};
use backbone_domain::id::FileId;
use backbone_http::{
    ApiError, ApiResult, NoContent, PageParams, PagedReply, Principal, QueryParams, Reply, WireJson, paged,
};
use backbone_proto::dto::files::{
    FileMetadata, NewOwnershipToken, OwnershipTokenRequest, OwnershipTokenValidity,
};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, Paged};
use backbone_store::{Tx, files, outbox};

use crate::FilesState;

/// The files the caller uploaded, optionally only `ids`.
#[utoipa::path(get, path = "/api/v2/Files", security(("bearer" = [])), tag = "Files", operation_id = "Files_list",
    params(("ids" = Option<Vec<String>>, Query), ("PageNumber" = Option<u32>, Query), ("PageSize" = Option<u32>, Query)),
    responses((status = 200, body = Paged<FileMetadata>), (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<FilesState>,
    caller: Principal,
    PageParams(page): PageParams,
    query: QueryParams,
) -> ApiResult<PagedReply<FileMetadata>> {
    let ids = query
        .all("ids")
        .map(|id| FileId::parse(id).map_err(|_| ApiError::invalid_id("ids")))
        .collect::<ApiResult<Vec<_>>>()?;
    let found =
        files::created_by(&mut *state.db.conn().await?, &caller.address, &ids, state.clock.now(), page)
            .await?;
    Ok(paged(found.items.into_iter().map(metadata_dto).collect(), page, found.total_records))
}

/// The file's content, as uploaded; any authenticated identity that knows the id may read it.
#[utoipa::path(get, path = "/api/v2/Files/{id}", security(("bearer" = [])), tag = "Files", operation_id = "Files_download",
    params(("id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn download(
    State(state): State<FilesState>,
    _caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let file = find_available(&state, &id).await?;
    let content = state.blobs.get(file.id.as_str()).await.map_err(|error| match error {
        BlobError::NotFound => {
            tracing::warn!(file = %file.id, "file metadata without content");
            not_found()
        }
        other => ApiError::unexpected(&other),
    })?;
    let mut response = Body::from_stream(content).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    Ok(response)
}

#[utoipa::path(get, path = "/api/v2/Files/{id}/Metadata", security(("bearer" = [])), tag = "Files",
    operation_id = "Files_metadata", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<FileMetadata>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn metadata(
    State(state): State<FilesState>,
    _caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Reply<FileMetadata>> {
    Ok(Reply(metadata_dto(find_available(&state, &id).await?)))
}

/// Deletes a file the caller uploaded, content and metadata.
#[utoipa::path(delete, path = "/api/v2/Files/{id}", security(("bearer" = [])), tag = "Files", operation_id = "Files_delete",
    params(("id" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn delete(
    State(state): State<FilesState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<NoContent> {
    let file = find_available(&state, &id).await?;
    if file.created_by != caller.address {
        return Err(ApiError::new(ErrorCode::Forbidden, "Only the creator of a file can delete it."));
    }
    files::delete(&mut *state.db.conn().await?, &file.id).await?;
    if let Err(error) = state.blobs.delete(file.id.as_str()).await {
        tracing::warn!(file = %file.id, %error, "could not delete the content of a deleted file; housekeeping will");
    }
    Ok(NoContent)
}

/// Gives the file a new ownership token and unlocks its ownership; owner only.
#[utoipa::path(patch, path = "/api/v2/Files/{id}/RegenerateOwnershipToken", security(("bearer" = [])), tag = "Files",
    operation_id = "Files_regenerateOwnershipToken", params(("id" = String, Path)),
    responses((status = 200, body = Envelope<NewOwnershipToken>), (status = 400, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn regenerate_ownership_token(
    State(state): State<FilesState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Reply<NewOwnershipToken>> {
    let mut tx = state.db.begin().await?;
    let mut file = find_in(&mut tx, &state, &id).await?;
    if file.owner != caller.address {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Only the owner of a file can regenerate its ownership token.",
        ));
    }
    file.ownership_token = ownership_token(&mut rand::rng());
    file.ownership_is_locked = false;
    touch(&mut file, &caller, &state);
    files::update_ownership(&mut tx, &file).await?;
    tx.commit().await?;
    Ok(Reply(NewOwnershipToken { new_ownership_token: file.ownership_token }))
}

/// Takes over a file with its ownership token; a wrong token locks the ownership.
#[utoipa::path(patch, path = "/api/v2/Files/{id}/ClaimOwnership", security(("bearer" = [])), tag = "Files",
    operation_id = "Files_claimOwnership", params(("id" = String, Path)), request_body = OwnershipTokenRequest,
    responses((status = 200, body = Envelope<NewOwnershipToken>), (status = 400, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn claim_ownership(
    State(state): State<FilesState>,
    caller: Principal,
    Path(id): Path<String>,
    WireJson(request): WireJson<OwnershipTokenRequest>,
) -> ApiResult<Reply<NewOwnershipToken>> {
    require_well_formed(&request.ownership_token)?;
    let mut tx = state.db.begin().await?;
    let mut file = find_in(&mut tx, &state, &id).await?;
    if file.owner == caller.address {
        return Err(ApiError::new(ErrorCode::CannotClaimOwnershipOfOwnFile, "You already own this file."));
    }
    let forbidden = || ApiError::new(ErrorCode::Forbidden, "The ownership of this file cannot be claimed.");
    match file.claim(&request.ownership_token) {
        Claim::Locked => Err(forbidden()),
        Claim::Locks => {
            lock(&mut tx, &mut file, &caller, &state).await?;
            tx.commit().await?;
            Err(forbidden())
        }
        Claim::Granted => {
            let old_owner = std::mem::replace(&mut file.owner, caller.address.clone());
            file.ownership_token = ownership_token(&mut rand::rng());
            touch(&mut file, &caller, &state);
            files::update_ownership(&mut tx, &file).await?;
            let event = DomainEvent::FileOwnershipClaimed {
                file_id: file.id.to_string(),
                old_owner_address: old_owner.into_string(),
                new_owner_address: caller.address.to_string(),
            };
            outbox::append(&mut tx, &event, file.modified_at).await?;
            tx.commit().await?;
            Ok(Reply(NewOwnershipToken { new_ownership_token: file.ownership_token }))
        }
    }
}

/// Whether a token is the file's current ownership token; a wrong one from a non-owner locks the ownership.
#[utoipa::path(post, path = "/api/v2/Files/{id}/ValidateOwnershipToken", security(("bearer" = [])), tag = "Files",
    operation_id = "Files_validateOwnershipToken", params(("id" = String, Path)), request_body = OwnershipTokenRequest,
    responses((status = 200, body = Envelope<OwnershipTokenValidity>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn validate_ownership_token(
    State(state): State<FilesState>,
    caller: Principal,
    Path(id): Path<String>,
    WireJson(request): WireJson<OwnershipTokenRequest>,
) -> ApiResult<Reply<OwnershipTokenValidity>> {
    require_well_formed(&request.ownership_token)?;
    let mut tx = state.db.begin().await?;
    let mut file = find_in(&mut tx, &state, &id).await?;
    let is_valid = match file.claim(&request.ownership_token) {
        Claim::Granted => true,
        Claim::Locked => false,
        Claim::Locks => {
            if file.owner != caller.address {
                lock(&mut tx, &mut file, &caller, &state).await?;
            }
            false
        }
    };
    tx.commit().await?;
    Ok(Reply(OwnershipTokenValidity { is_valid }))
}

async fn lock(tx: &mut Tx, file: &mut File, caller: &Principal, state: &FilesState) -> ApiResult<()> {
    file.ownership_is_locked = true;
    touch(file, caller, state);
    files::update_ownership(tx, file).await?;
    let event = DomainEvent::FileOwnershipLocked {
        file_id: file.id.to_string(),
        owner_address: file.owner.to_string(),
    };
    outbox::append(tx, &event, file.modified_at).await?;
    Ok(())
}

fn touch(file: &mut File, caller: &Principal, state: &FilesState) {
    file.modified_at = state.clock.now();
    file.modified_by = caller.address.clone();
    file.modified_by_device = caller.device.clone();
}

fn require_well_formed(token: &str) -> ApiResult<()> {
    if is_valid_ownership_token(token) {
        Ok(())
    } else {
        Err(ApiError::invalid("ownershipToken", "Invalid ownership token."))
    }
}

async fn find_available(state: &FilesState, id: &str) -> ApiResult<File> {
    find_in(&mut *state.db.conn().await?, state, id).await
}

async fn find_in(conn: &mut backbone_store::AnyConnection, state: &FilesState, id: &str) -> ApiResult<File> {
    let id = FileId::parse(id).map_err(|_| ApiError::invalid_id("id"))?;
    files::find(conn, &id).await?.filter(|file| file.is_available(state.clock.now())).ok_or_else(not_found)
}

fn not_found() -> ApiError {
    ApiError::not_found("File")
}

fn metadata_dto(file: File) -> FileMetadata {
    FileMetadata {
        id: file.id.into_string(),
        created_at: file.created_at,
        created_by: file.created_by.into_string(),
        created_by_device: file.created_by_device.into_string(),
        modified_at: file.modified_at,
        modified_by: file.modified_by.into_string(),
        modified_by_device: file.modified_by_device.into_string(),
        deleted_at: None,
        deleted_by: None,
        deleted_by_device: None,
        owner: file.owner.into_string(),
        owner_signature: file.owner_signature,
        ownership_is_locked: file.ownership_is_locked,
        cipher_size: file.cipher_size,
        cipher_hash: file.cipher_hash,
        expires_at: file.expires_at,
        encrypted_properties: file.encrypted_properties,
    }
}
