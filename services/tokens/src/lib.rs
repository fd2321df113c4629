//! The Tokens module: small encrypted payloads shared by reference, anonymously or between
//! identities, optionally for one identity and behind a password (spec §5.13).

mod tokens;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use backbone_domain::Clock;
use backbone_store::Db;
use utoipa::OpenApi;

#[derive(Clone)]
pub struct TokensState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
}

pub fn router(state: TokensState) -> Router {
    Router::new()
        .route("/api/v2/Tokens", get(tokens::list).post(tokens::create))
        .route("/api/v2/Tokens/{id}", get(tokens::get).delete(tokens::delete))
        .route("/api/v2/Tokens/{id}/UpdateContent", post(tokens::update_content))
        .with_state(state)
}

#[derive(OpenApi)]
#[openapi(paths(tokens::create, tokens::list, tokens::get, tokens::delete, tokens::update_content))]
pub struct TokensApi;
