//! The Files module: encrypted file contents in BLOB storage, their metadata, and handing a file's
//! ownership over with an ownership token (spec §5.9).

mod files;
mod upload;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, patch, post};
use backbone_blob::BlobStore;
use backbone_domain::Clock;
use backbone_store::Db;
use utoipa::OpenApi;

#[derive(Clone)]
pub struct FilesState {
    pub db: Db,
    pub blobs: BlobStore,
    pub clock: Arc<dyn Clock>,
    /// The largest accepted file content, in bytes.
    pub max_content_bytes: usize,
}

pub fn router(state: FilesState) -> Router {
    Router::new()
        .route("/api/v2/Files", get(files::list).post(upload::upload))
        .route("/api/v2/Files/{id}", get(files::download).delete(files::delete))
        .route("/api/v2/Files/{id}/Metadata", get(files::metadata))
        .route("/api/v2/Files/{id}/RegenerateOwnershipToken", patch(files::regenerate_ownership_token))
        .route("/api/v2/Files/{id}/ClaimOwnership", patch(files::claim_ownership))
        .route("/api/v2/Files/{id}/ValidateOwnershipToken", post(files::validate_ownership_token))
        .with_state(state)
}

#[derive(OpenApi)]
#[openapi(paths(
    upload::upload,
    files::list,
    files::download,
    files::metadata,
    files::delete,
    files::regenerate_ownership_token,
    files::claim_ownership,
    files::validate_ownership_token,
))]
pub struct FilesApi;
