//! The daemon's errors, and the one place they become HTTP answers of the admin API.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use backbone_admin::wire::{ErrorBody, ErrorDetail};
use backbone_control_plane::config::ConfigError;
use backbone_control_plane::landscape::LandscapeError;
use backbone_control_plane::local::LocalError;

use crate::tokens::TokenError;

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error("another daemon runs with this home ({0})")]
    AlreadyRunning(std::path::PathBuf),
    #[error("cannot use {path}: {source}")]
    Io { path: std::path::PathBuf, source: std::io::Error },
    #[error("cannot listen on {address}: {source}")]
    Listen { address: String, source: std::io::Error },
    #[error(transparent)]
    Landscape(#[from] LandscapeError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error("landscape '{0}' is not running; start it with `backbone landscape up {0}`")]
    NotRunning(String),
    #[error("landscape '{0}' is {1}; try again when it is done")]
    Busy(String, &'static str),
    #[error("no component '{0}'")]
    UnknownComponent(String),
    #[error("the admin API has no route {0}; is the CLI newer than the daemon?")]
    UnknownRoute(String),
    #[error(
        "{component} is autoscaled between {min} and {max} replicas; change its policy in the landscape file"
    )]
    Autoscaled { component: &'static str, min: usize, max: usize },
    #[error("the start was cancelled")]
    Cancelled,
    #[error("missing or unknown token")]
    Unauthenticated,
    #[error("the {0} role may not do this")]
    Forbidden(backbone_admin::wire::Role),
    #[error(
        "the policy of {secret} does not let the {role} role {action} it; `backbone vault policy {secret}` shows who may"
    )]
    Denied { secret: String, role: backbone_admin::wire::Role, action: &'static str },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Vault(#[from] backbone_vault::VaultError),
    #[error(transparent)]
    Credential(#[from] backbone_control_plane::db_credentials::CredentialError),
    /// A landscape's database, read for support.
    #[error("the landscape's database: {0}")]
    Store(#[from] backbone_store::StoreError),
    #[error("{0} not found")]
    NoSuch(String),
    #[error("{0} exists already")]
    AlreadyExists(String),
}

impl DaemonError {
    fn status(&self) -> (StatusCode, &'static str) {
        use StatusCode as S;
        match self {
            DaemonError::Unauthenticated => (S::UNAUTHORIZED, "unauthenticated"),
            DaemonError::Forbidden(_) | DaemonError::Denied { .. } => (S::FORBIDDEN, "forbidden"),
            DaemonError::UnknownComponent(_)
            | DaemonError::UnknownRoute(_)
            | DaemonError::Landscape(LandscapeError::NotFound(_))
            | DaemonError::Landscape(LandscapeError::Local(LocalError::UnknownComponent(_)))
            | DaemonError::Token(TokenError::NotFound(_))
            | DaemonError::NoSuch(_)
            | DaemonError::Vault(
                backbone_vault::VaultError::NotFound(_) | backbone_vault::VaultError::VersionNotFound { .. },
            ) => (S::NOT_FOUND, "not_found"),
            DaemonError::Landscape(
                LandscapeError::InvalidName(_)
                | LandscapeError::Spec(_)
                | LandscapeError::Needs { .. }
                | LandscapeError::Local(LocalError::SingleInstance(_)),
            )
            | DaemonError::Config(_)
            | DaemonError::Token(TokenError::InvalidName(_))
            | DaemonError::Vault(
                backbone_vault::VaultError::HeldKey(_) | backbone_vault::VaultError::NotAKey(_),
            )
            | DaemonError::Invalid(_) => (S::BAD_REQUEST, "invalid"),
            DaemonError::Landscape(LandscapeError::Exists(_) | LandscapeError::BuiltIn(_))
            | DaemonError::Token(TokenError::Exists(_))
            | DaemonError::AlreadyExists(_)
            | DaemonError::NotRunning(_)
            | DaemonError::Busy(..)
            | DaemonError::Autoscaled { .. }
            | DaemonError::Cancelled => (S::CONFLICT, "conflict"),
            DaemonError::Landscape(
                LandscapeError::Local(_) | LandscapeError::Component(_) | LandscapeError::Credential(_),
            )
            | DaemonError::Credential(_)
            | DaemonError::Store(_) => (S::SERVICE_UNAVAILABLE, "unavailable"),
            _ => (S::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    pub fn status_code(&self) -> u16 {
        self.status().0.as_u16()
    }
}

impl IntoResponse for DaemonError {
    fn into_response(self) -> Response {
        let (status, code) = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "admin call failed");
        }
        let message = with_causes(&self);
        (status, Json(ErrorBody { error: ErrorDetail { code: code.to_owned(), message } })).into_response()
    }
}

/// The error with its causes, `outer: inner`, as people read it.
fn with_causes(error: &DaemonError) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        source = cause.source();
    }
    message
}
