//! The Relationships module: relationship templates, relationships and their state machine
//! (spec §5.10 to §5.12, §9).

mod collect;
mod peer_notifier;
mod relationships;
mod templates;

pub use peer_notifier::PeerNotifier;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, put};
use backbone_domain::Clock;
use backbone_proto::dto::templates::PublicRelationshipTemplateReference;
use backbone_store::Db;
use utoipa::OpenApi;

#[derive(Clone)]
pub struct RelationshipsState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Per OAuth client id, the templates offered to its users.
    pub public_template_references: Arc<BTreeMap<String, Vec<PublicRelationshipTemplateReference>>>,
}

pub fn router(state: RelationshipsState) -> Router {
    Router::new()
        .route("/api/v2/RelationshipTemplates", get(templates::list).post(templates::create))
        .route("/api/v2/RelationshipTemplates/{id}", get(templates::get).delete(templates::delete))
        .route("/api/poc/PublicRelationshipTemplateReferences", get(templates::public_references))
        .route("/api/v2/Relationships", get(relationships::list).post(relationships::create))
        .route("/api/v2/Relationships/CanCreate", get(relationships::can_create))
        .route("/api/v2/Relationships/{id}", get(relationships::get))
        .route("/api/v2/Relationships/{id}/Accept", put(relationships::accept))
        .route("/api/v2/Relationships/{id}/Reject", put(relationships::reject))
        .route("/api/v2/Relationships/{id}/Revoke", put(relationships::revoke))
        .route("/api/v2/Relationships/{id}/Terminate", put(relationships::terminate))
        .route("/api/v2/Relationships/{id}/Reactivate", put(relationships::request_reactivation))
        .route("/api/v2/Relationships/{id}/Reactivate/Accept", put(relationships::accept_reactivation))
        .route("/api/v2/Relationships/{id}/Reactivate/Reject", put(relationships::reject_reactivation))
        .route("/api/v2/Relationships/{id}/Reactivate/Revoke", put(relationships::revoke_reactivation))
        .route("/api/v2/Relationships/{id}/Decompose", put(relationships::decompose))
        .with_state(state)
}

/// The module's part of the OpenAPI document; the proof-of-concept route is hidden like in the reference.
#[derive(OpenApi)]
#[openapi(paths(
    templates::create,
    templates::list,
    templates::get,
    templates::delete,
    relationships::create,
    relationships::list,
    relationships::can_create,
    relationships::get,
    relationships::accept,
    relationships::reject,
    relationships::revoke,
    relationships::terminate,
    relationships::request_reactivation,
    relationships::accept_reactivation,
    relationships::reject_reactivation,
    relationships::revoke_reactivation,
    relationships::decompose,
))]
pub struct RelationshipsApi;
