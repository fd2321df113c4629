//! Routes outside the modules: version, health, metrics, documentation.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use backbone_blob::BlobStore;
use backbone_http::Reply;
use backbone_proto::Envelope;
use backbone_proto::dto::version::BackboneVersion;
use backbone_store::Db;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(version))]
pub struct InfraApi;

/// The major version clients check compatibility against (the reference's release line, 7).
#[utoipa::path(get, path = "/api/v2/Version", tag = "Version", operation_id = "Version_version", responses((status = 200, body = Envelope<BackboneVersion>)))]
pub async fn version() -> Reply<BackboneVersion> {
    Reply(BackboneVersion { major_version: "7".to_owned() })
}

/// Liveness: the process answers.
pub async fn live() -> &'static str {
    "Healthy"
}

/// What readiness depends on.
#[derive(Clone)]
pub struct Dependencies {
    pub db: Db,
    pub blobs: BlobStore,
}

/// Readiness: the process and its dependencies answer; `503 Unhealthy` otherwise.
pub async fn ready(State(dependencies): State<Dependencies>) -> Response {
    let failure = match (dependencies.db.ping().await, dependencies.blobs.ping().await) {
        (Ok(()), Ok(())) => return "Healthy".into_response(),
        (Err(error), _) => format!("database unreachable: {error}"),
        (_, Err(error)) => format!("blob storage unreachable: {error}"),
    };
    tracing::warn!(%failure, "readiness check failed");
    (StatusCode::SERVICE_UNAVAILABLE, "Unhealthy").into_response()
}

pub async fn openapi_document() -> Response {
    let mut response = crate::openapi::openapi_json().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    response
}

pub async fn docs_index() -> Html<&'static str> {
    Html(include_str!("docs_index.html"))
}
