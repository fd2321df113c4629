//! The Devices module: challenges, identities, devices and the OAuth token endpoint
//! (spec §3, §4, §5.2, §5.3, §5.5).

mod challenges;
mod client_secrets;
mod deletion;
mod devices;
mod identities;
mod quotas;
mod signed_challenge;
mod token;

pub use client_secrets::ClientSecrets;

use std::sync::Arc;

use axum::Router;
use axum::routing::{delete, get, post, put};
use backbone_domain::Clock;
use backbone_domain::entities::LockoutPolicy;
use backbone_domain::password::PasswordPolicy;
use backbone_http::TokenKeys;
use backbone_store::Db;
use utoipa::OpenApi;

/// What the module needs from the configuration.
#[derive(Debug, Clone)]
pub struct DevicesSettings {
    /// The domain of identity addresses; must equal the host name clients use.
    pub did_domain: String,
    pub password_policy: PasswordPolicy,
    pub lockout: LockoutPolicy,
}

#[derive(Clone)]
pub struct DevicesState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub tokens: Arc<TokenKeys>,
    pub client_secrets: Arc<ClientSecrets>,
    pub settings: Arc<DevicesSettings>,
}

pub fn router(state: DevicesState) -> Router {
    Router::new()
        .route("/connect/token", post(token::issue))
        .route("/api/v2/Challenges", post(challenges::create))
        .route("/api/v2/Challenges/{id}", get(challenges::get))
        .route("/api/v2/Identities", post(identities::create))
        .route("/api/v2/Identities/Self", get(identities::get_self))
        .route("/api/v2/Identities/IsDeleted", get(identities::is_deleted))
        .route("/api/v2/Identities/Self/DeletionProcesses", post(deletion::start).get(deletion::list))
        .route("/api/v2/Identities/Self/DeletionProcesses/{id}", get(deletion::get))
        .route("/api/v2/Identities/Self/DeletionProcesses/{id}/Cancel", put(deletion::cancel))
        .route("/api/v2/Devices", post(devices::register).get(devices::list))
        .route("/api/v2/Devices/Self", get(devices::get_self).put(devices::update_self))
        .route("/api/v2/Devices/Self/Password", put(devices::change_password))
        .route("/api/v2/Devices/{id}", delete(devices::remove))
        .route("/api/v2/Quotas", get(quotas::list))
        .with_state(state)
}

/// The module's part of the OpenAPI document. `/connect/token` is hidden, like in the reference.
#[derive(OpenApi)]
#[openapi(paths(
    challenges::create,
    challenges::get,
    identities::create,
    identities::get_self,
    identities::is_deleted,
    deletion::start,
    deletion::list,
    deletion::get,
    deletion::cancel,
    devices::register,
    devices::list,
    devices::get_self,
    devices::update_self,
    devices::change_password,
    devices::remove,
    quotas::list,
))]
pub struct DevicesApi;

/// Runs CPU-heavy password hashing off the async executor.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, backbone_http::ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| backbone_http::ApiError::unexpected(&error))
}
