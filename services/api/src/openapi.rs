//! The OpenAPI document, generated from the route annotations of every module.

use utoipa::OpenApi;
use utoipa::openapi::OpenApi as Document;

use crate::infra::InfraApi;

#[derive(OpenApi)]
#[openapi(info(
    title = "Backbone Consumer API",
    description = "The enmeshed Backbone's client-facing API."
))]
struct ConsumerApiDoc;

pub fn document() -> Document {
    let mut document = ConsumerApiDoc::openapi();
    document.info.version = env!("CARGO_PKG_VERSION").to_owned();
    document.merge(InfraApi::openapi());
    document.merge(backbone_devices::DevicesApi::openapi());
    document.merge(backbone_synchronization::SynchronizationApi::openapi());
    document
}

/// The document as served at `/docs/v2/openapi.json` and checked in as `services/api/openapi.json`.
pub fn openapi_json() -> String {
    document().to_pretty_json().unwrap_or_default()
}
