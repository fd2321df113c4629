//! The admin listener: `/metrics` (Prometheus text format) and `/health` of the gateway itself.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use crate::balance::Pool;
use crate::metrics::Metrics;

#[derive(Clone)]
pub(crate) struct AdminState {
    pub pool: Arc<Pool>,
    pub metrics: Arc<Metrics>,
}

pub(crate) fn router(state: AdminState) -> Router {
    Router::new().route("/metrics", get(metrics)).route("/health", get(health)).with_state(state)
}

async fn metrics(State(state): State<AdminState>) -> Response {
    match state.metrics.render(&state.pool) {
        Ok(text) => {
            let mut response = text.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
            );
            response
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The gateway's own health: it answers, so it is up. The instance counts tell whether it can forward.
#[derive(Serialize)]
struct Health {
    status: &'static str,
    upstreams: UpstreamCounts,
}

#[derive(Serialize)]
struct UpstreamCounts {
    total: usize,
    ready: usize,
}

async fn health(State(state): State<AdminState>) -> Response {
    let members = state.pool.members();
    let ready = members.iter().filter(|member| member.is_eligible()).count();
    let body = Health { status: "healthy", upstreams: UpstreamCounts { total: members.len(), ready } };
    axum::Json(body).into_response()
}
