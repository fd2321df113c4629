//! Exit codes, stable for scripts.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the operation failed |
//! | 2 | usage error: invalid arguments or configuration |
//! | 6 | a resource is unavailable (address in use, database or blob storage unreachable, a landscape's instances not ready); retrying may help |

use std::process::ExitCode;

use backbone_control_plane::components::ComponentError;
use backbone_control_plane::config::ConfigError;
use backbone_control_plane::landscape::LandscapeError;
use backbone_gateway::GatewayError;

pub const FAILURE: u8 = 1;
pub const USAGE: u8 = 2;
pub const UNAVAILABLE: u8 = 6;

/// Prints the error chain to standard error and picks the exit code.
pub fn report(error: &anyhow::Error) -> ExitCode {
    eprintln!("error: {error:#}");
    ExitCode::from(code(error))
}

fn code(error: &anyhow::Error) -> u8 {
    if error.downcast_ref::<ConfigError>().is_some() {
        return USAGE;
    }
    let component = match error.downcast_ref::<LandscapeError>() {
        Some(LandscapeError::Unknown(_)) => return USAGE,
        Some(LandscapeError::Local(_)) => return UNAVAILABLE,
        Some(LandscapeError::Component(error)) => Some(error),
        _ => error.downcast_ref::<ComponentError>(),
    };
    match component {
        Some(ComponentError::Gateway(GatewayError::Listen { .. })) => UNAVAILABLE,
        Some(ComponentError::Missing(_) | ComponentError::Api(_) | ComponentError::Gateway(_)) => USAGE,
        Some(ComponentError::Listen { .. } | ComponentError::Database(_) | ComponentError::Blob(_)) => {
            UNAVAILABLE
        }
        None => FAILURE,
    }
}
