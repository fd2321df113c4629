//! Exit codes, stable for scripts.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the operation failed |
//! | 2 | usage error: invalid arguments or configuration |
//! | 6 | a resource is unavailable (address in use, database or blob storage unreachable); retrying may help |

use std::process::ExitCode;

use backbone_control_plane::config::ConfigError;
use backbone_control_plane::landscape::LandscapeError;

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
    match error.downcast_ref::<LandscapeError>() {
        Some(LandscapeError::Unknown(_) | LandscapeError::Api(_)) => USAGE,
        Some(LandscapeError::Listen { .. } | LandscapeError::Database(_) | LandscapeError::Blob(_)) => {
            UNAVAILABLE
        }
        _ => FAILURE,
    }
}
