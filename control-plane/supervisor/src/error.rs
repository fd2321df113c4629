//! Errors of the supervisor's API and of starting an instance.

use std::time::Duration;

use crate::probe::ProbeError;

/// Why a request to the supervisor was refused.
#[derive(Debug, thiserror::Error)]
pub enum SupervisorError {
    #[error("unknown component `{0}`")]
    UnknownComponent(String),
    #[error("component `{0}` is already supervised")]
    DuplicateComponent(String),
    #[error("invalid component name `{0}`: use letters, digits, `-`, `_` and `.`, not starting with `.`")]
    InvalidName(String),
    #[error("the supervisor is shutting down")]
    ShuttingDown,
}

/// Why a process did not become ready. Shown to people as an instance's `last_error`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StartError {
    #[error("cannot open the log file: {0}")]
    Log(#[source] std::io::Error),
    #[error("cannot start the process: {0}")]
    Spawn(#[source] std::io::Error),
    #[error("stdout closed before the first line")]
    NoAnnouncement,
    #[error("the first stdout line is longer than {0} bytes")]
    AnnouncementTooLong(usize),
    #[error("the first stdout line is not JSON: {0}")]
    NotJson(#[source] serde_json::Error),
    #[error(transparent)]
    Probe(ProbeError),
    #[error("not ready within {timeout:?}: {last}")]
    Timeout { timeout: Duration, last: String },
}
