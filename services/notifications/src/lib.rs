//! The Push module: how devices are woken up (spec §5.6, §5.7, §5.21, §8).
//!
//! Devices register for a platform (`registrations`); identities notify each other (`notifications`);
//! apps read the operators' announcements (`announcements`).
//! Both only write: registrations to the database, push requests to the outbox. The [`Pusher`]
//! subscriber, in the event-handler component, turns domain events into notifications and hands
//! them to the platform providers of `backbone-push`; for devices with a Server-Sent-Events stream
//! it writes a signal row that every SSE-serving process tails ([`SseHub`]), so that streams work
//! whichever replica holds them.

mod announcements;
mod config;
mod notifications;
mod pusher;
mod registrations;
mod sse;
mod texts;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post, put};
use backbone_domain::Clock;
use backbone_push::Providers;
use backbone_store::Db;
use utoipa::OpenApi;

pub use config::{NotificationTextConfig, SseConfig, TranslationConfig};
pub use pusher::Pusher;
pub use sse::SseHub;
pub use texts::{NotificationTexts, TextsError};

#[derive(Clone)]
pub struct PushState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Which platforms and app ids devices may register for.
    pub providers: Arc<Providers>,
    pub texts: Arc<NotificationTexts>,
}

pub fn router(state: PushState) -> Router {
    Router::new()
        .route(
            "/api/v2/Devices/Self/PushNotifications",
            put(registrations::update).delete(registrations::delete),
        )
        .route("/api/v2/Devices/Self/PushNotifications/SendTestNotification", post(registrations::send_test))
        .route("/api/v2/Notifications", post(notifications::send))
        .route("/api/v2/Announcements", get(announcements::list))
        .with_state(state)
}

/// The Server-Sent-Events stream, served by the SSE component (and the Consumer API in one-process
/// landscapes).
pub fn sse_router(hub: Arc<SseHub>) -> Router {
    Router::new()
        .route("/api/v2/sse", get(sse::stream))
        .route("/api/v1/sse", get(sse::stream))
        .with_state(hub)
}

#[derive(OpenApi)]
#[openapi(paths(
    registrations::update,
    registrations::delete,
    notifications::send,
    announcements::list,
    sse::stream
))]
pub struct PushApi;
