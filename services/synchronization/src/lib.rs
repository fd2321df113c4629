//! The Synchronization module: sync runs over each identity's external events, and the
//! datawallet, the identity's append-only log of encrypted modifications (spec §5.14, §5.15).

mod datawallet;
mod external_events;
mod modifications;
mod sync_runs;

pub use external_events::ExternalEventProducer;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post, put};
use backbone_domain::Clock;
use backbone_store::Db;
use utoipa::OpenApi;

#[derive(Clone)]
pub struct SyncState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
}

pub fn router(state: SyncState) -> Router {
    Router::new()
        .route("/api/v2/SyncRuns", post(sync_runs::start))
        .route("/api/v2/SyncRuns/{id}", get(sync_runs::get))
        .route("/api/v2/SyncRuns/{id}/ExternalEvents", get(sync_runs::external_events))
        .route("/api/v2/SyncRuns/{id}/RefreshExpirationTime", put(sync_runs::refresh_expiration_time))
        .route(
            "/api/v2/SyncRuns/{id}/FinalizeExternalEventSync",
            put(sync_runs::finalize_external_event_sync),
        )
        .route(
            "/api/v2/SyncRuns/{id}/FinalizeDatawalletVersionUpgrade",
            put(sync_runs::finalize_datawallet_version_upgrade),
        )
        .route("/api/v2/Datawallet", get(datawallet::get))
        .route("/api/v2/Datawallet/Modifications", get(datawallet::modifications).post(datawallet::push))
        .with_state(state)
}

#[derive(OpenApi)]
#[openapi(paths(
    sync_runs::start,
    sync_runs::get,
    sync_runs::external_events,
    sync_runs::refresh_expiration_time,
    sync_runs::finalize_external_event_sync,
    sync_runs::finalize_datawallet_version_upgrade,
    datawallet::get,
    datawallet::modifications,
    datawallet::push,
))]
pub struct SynchronizationApi;
