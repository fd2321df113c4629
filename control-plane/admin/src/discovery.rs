//! How the CLI finds the daemon: the daemon writes `<home>/daemon/daemon.json` (its URL and pid) once it
//! listens, and keeps the local operator token in `<home>/daemon/operator.token`, readable only by its
//! user, like `~/.vault-token`. `BACKBONE_DAEMON_URL` and `BACKBONE_TOKEN` take precedence, for daemons
//! on other machines and for tokens of other roles.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The daemon's files under the backbone home.
#[derive(Debug, Clone)]
pub struct DaemonDir {
    dir: PathBuf,
}

/// What a listening daemon announces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DaemonFile {
    pub url: String,
    pub pid: u32,
}

impl DaemonDir {
    pub fn new(home: &Path) -> Self {
        Self { dir: home.join("daemon") }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    pub fn announcement(&self) -> PathBuf {
        self.dir.join("daemon.json")
    }

    pub fn operator_token(&self) -> PathBuf {
        self.dir.join("operator.token")
    }

    pub fn tokens(&self) -> PathBuf {
        self.dir.join("tokens.json")
    }

    pub fn audit_log(&self) -> PathBuf {
        self.dir.join("audit.log")
    }

    /// Where a daemon started in the background writes its logs.
    pub fn log(&self) -> PathBuf {
        self.dir.join("daemon.log")
    }

    /// Held (an exclusive file lock) by the running daemon, so that two never run on one home.
    pub fn lock(&self) -> PathBuf {
        self.dir.join("lock")
    }

    /// The running daemon's announcement, if one was written (it may be stale: ask the daemon).
    pub fn read_announcement(&self) -> io::Result<Option<DaemonFile>> {
        match std::fs::read(self.announcement()) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(io::Error::other),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }
}
