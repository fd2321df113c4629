//! The Consumer API host: composes the modules' routes with the cross-cutting conventions of
//! spec §1 (path matching, headers, body limit, authentication, envelopes), and serves health,
//! metrics, the version and the OpenAPI document.

mod app;
mod config;
mod conventions;
mod infra;
mod metrics;
mod openapi;
mod paths;

pub use app::{ConsumerApi, StartError, event_subscribers};
pub use backbone_devices::ClientSecrets;
pub use config::{
    AccessTokenConfig, ApiConfig, LockoutConfig, MessagesConfig, OAuthClientConfig, PaginationConfig,
};
pub use openapi::{openapi_json, route_templates};
