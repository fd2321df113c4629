//! The audit log: one JSON line per mutating call (who, what, on what, when, with what outcome), appended
//! to `audit.log` before the answer leaves, and what the daemon does on its own (expiry, autoscaling).

use backbone_domain::{Clock as _, SystemClock};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use backbone_admin::wire::AuditEntry;

use crate::tokens::Caller;

/// The actor of what the daemon does by itself.
pub const DAEMON: &str = "daemon";

pub struct AuditLog {
    path: PathBuf,
    file: Mutex<std::fs::File>,
}

/// One call to record.
pub struct Record<'a> {
    pub caller: Option<&'a Caller>,
    pub action: &'a str,
    pub target: &'a str,
    pub status: u16,
    pub detail: Option<serde_json::Value>,
}

impl AuditLog {
    pub fn open(path: &Path) -> io::Result<Self> {
        let file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self { path: path.to_owned(), file: Mutex::new(file) })
    }

    pub fn record(&self, record: Record<'_>) {
        let entry = AuditEntry {
            at: SystemClock.now(),
            actor: record.caller.map_or(DAEMON, |caller| caller.name.as_str()).to_owned(),
            role: record.caller.map(|caller| caller.role),
            action: record.action.to_owned(),
            target: record.target.to_owned(),
            status: record.status,
            detail: record.detail,
        };
        let written = serde_json::to_string(&entry).map_err(io::Error::other).and_then(|mut line| {
            line.push('\n');
            let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
            file.write_all(line.as_bytes())?;
            file.sync_data()
        });
        if let Err(error) = written {
            tracing::error!(%error, path = %self.path.display(), "cannot write the audit log");
        }
    }

    /// The last `limit` entries, oldest first.
    pub fn recent(&self, limit: usize) -> io::Result<Vec<AuditEntry>> {
        let text = std::fs::read_to_string(&self.path)?;
        let lines: Vec<&str> = text.lines().filter(|line| !line.trim().is_empty()).collect();
        let start = lines.len().saturating_sub(limit);
        Ok(lines[start..].iter().filter_map(|line| serde_json::from_str(line).ok()).collect())
    }
}
