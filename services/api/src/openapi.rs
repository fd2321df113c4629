//! The OpenAPI document, generated from the route annotations of every module.

use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::infra::InfraApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Backbone Consumer API", description = "The enmeshed Backbone's client-facing API."),
    modifiers(&BearerTokens)
)]
struct ConsumerApiDoc;

/// Declares the `bearer` scheme that protected operations refer to: access tokens from `/connect/token`.
struct BearerTokens;

impl Modify for BearerTokens {
    fn modify(&self, document: &mut Document) {
        let scheme = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build();
        document
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

pub fn document() -> Document {
    let mut document = ConsumerApiDoc::openapi();
    document.info.version = env!("CARGO_PKG_VERSION").to_owned();
    document.merge(InfraApi::openapi());
    document.merge(backbone_devices::DevicesApi::openapi());
    document.merge(backbone_synchronization::SynchronizationApi::openapi());
    document.merge(backbone_relationships::RelationshipsApi::openapi());
    document.merge(backbone_tokens::TokensApi::openapi());
    document.merge(backbone_messages::MessagesApi::openapi());
    document.merge(backbone_files::FilesApi::openapi());
    document.merge(backbone_notifications::PushApi::openapi());
    document
}

/// The document as served at `/docs/v2/openapi.json` and checked in as `services/api/openapi.json`.
/// The path templates of every documented route (`/api/v2/Relationships/{id}/Accept`, …).
pub fn route_templates() -> Vec<String> {
    document().paths.paths.into_keys().collect()
}

pub fn openapi_json() -> String {
    document().to_pretty_json().unwrap_or_default()
}
