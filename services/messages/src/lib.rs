//! The Messages module: encrypted messages between related identities (spec §5.8).

mod decomposer;
mod messages;

pub use decomposer::MessageDecomposer;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use backbone_domain::message::MessageLimits;
use backbone_domain::{Clock, IdentityAddress};
use backbone_store::Db;
use utoipa::OpenApi;

#[derive(Clone)]
pub struct MessagesState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub limits: MessageLimits,
    /// Replaces the addresses of recipients the sender decomposed its relationship with.
    pub anonymous: Arc<IdentityAddress>,
}

pub fn router(state: MessagesState) -> Router {
    Router::new()
        .route("/api/v2/Messages", get(messages::list).post(messages::send))
        .route("/api/v2/Messages/{id}", get(messages::get))
        .with_state(state)
}

#[derive(OpenApi)]
#[openapi(paths(messages::send, messages::list, messages::get))]
pub struct MessagesApi;
