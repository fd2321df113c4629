//! Exit codes, stable for scripts.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the operation failed |
//! | 2 | usage error: invalid arguments, configuration or landscape file; a destructive action not confirmed |
//! | 3 | not found: no such landscape, component or token |
//! | 4 | not allowed: the token is missing or unknown, or its role (or a secret's policy) does not allow this |
//! | 5 | conflict: the landscape is not in a state that allows it (not running, stopping, exists already, autoscaled) |
//! | 6 | unavailable: the daemon, a database, blob storage or an address is unreachable, or a landscape did not get ready; retrying may help |

use std::process::ExitCode;

use backbone_admin::AdminError;
use backbone_control_plane::components::ComponentError;
use backbone_control_plane::config::ConfigError;
use backbone_control_plane::landscape::LandscapeError;
use backbone_gateway::GatewayError;

use crate::admin::NoDaemon;
use crate::commands::{NotConfirmed, StartFailed};

pub const FAILURE: u8 = 1;
pub const USAGE: u8 = 2;
pub const NOT_FOUND: u8 = 3;
pub const NOT_ALLOWED: u8 = 4;
pub const CONFLICT: u8 = 5;
pub const UNAVAILABLE: u8 = 6;

/// Prints the error chain to standard error and picks the exit code.
pub fn report(error: &anyhow::Error) -> ExitCode {
    eprintln!("error: {error:#}");
    ExitCode::from(code(error))
}

fn code(error: &anyhow::Error) -> u8 {
    if error.is::<ConfigError>() || error.is::<NotConfirmed>() {
        return USAGE;
    }
    if error.is::<NoDaemon>() || error.is::<StartFailed>() {
        return UNAVAILABLE;
    }
    if let Some(error) = error.downcast_ref::<AdminError>() {
        return match error {
            AdminError::Api { status: 400, .. } => USAGE,
            AdminError::Api { status: 401 | 403, .. } => NOT_ALLOWED,
            AdminError::Api { status: 404, .. } => NOT_FOUND,
            AdminError::Api { status: 409, .. } => CONFLICT,
            AdminError::Api { status: 503, .. } | AdminError::Unreachable { .. } => UNAVAILABLE,
            AdminError::Api { .. } | AdminError::Decode(_) => FAILURE,
        };
    }
    let component = match error.downcast_ref::<LandscapeError>() {
        Some(LandscapeError::NotFound(_)) => return NOT_FOUND,
        Some(LandscapeError::InvalidName(_) | LandscapeError::Spec(_) | LandscapeError::Needs { .. }) => {
            return USAGE;
        }
        Some(LandscapeError::Local(_)) => return UNAVAILABLE,
        Some(LandscapeError::Denied { .. }) => return NOT_ALLOWED,
        Some(LandscapeError::Credential(_)) => return UNAVAILABLE,
        Some(LandscapeError::Component(error)) => Some(error),
        _ => error.downcast_ref::<ComponentError>(),
    };
    match component {
        Some(ComponentError::Gateway(GatewayError::Listen { .. })) => UNAVAILABLE,
        Some(ComponentError::Missing(_) | ComponentError::Api(_) | ComponentError::Gateway(_)) => USAGE,
        Some(ComponentError::Unmigrated(_)) => CONFLICT,
        Some(
            ComponentError::Listen { .. }
            | ComponentError::Database(_)
            | ComponentError::Blob(_)
            | ComponentError::SigningKeys(_),
        ) => UNAVAILABLE,
        None => FAILURE,
    }
}
