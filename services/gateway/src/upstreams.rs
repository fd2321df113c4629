//! The set of instances behind the gateway, and the file through which a supervisor in another process
//! announces it.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::config::GatewayConfig;
use crate::error::GatewayError;

/// How often [`watch_file`] looks at the file's modification time.
pub const FILE_POLL_INTERVAL: Duration = Duration::from_millis(250);

/// One Consumer API instance: an HTTP/1.1 server on loopback.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Upstream {
    /// A name for logs and metrics (`consumer-api-1`).
    pub name: String,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Upstream {
    pub fn new(name: impl Into<String>, addr: SocketAddr) -> Self {
        Self { name: name.into(), addr }
    }
}

/// The upstreams file: `{"upstreams": [{"name": "consumer-api-1", "addr": "127.0.0.1:8081"}]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpstreamsFile {
    pub upstreams: Vec<Upstream>,
}

/// Reads the upstreams file; a missing file is an empty set.
pub fn read_file(path: &Path) -> Result<Vec<Upstream>, GatewayError> {
    match std::fs::read(path) {
        Ok(bytes) => parse(path, &bytes),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(GatewayError::Read { path: path.to_owned(), source }),
    }
}

/// Writes the upstreams file atomically (a temporary file renamed over it), so that a polling gateway
/// never reads half of it. For the supervisor.
pub fn write_file(path: &Path, upstreams: &[Upstream]) -> Result<(), GatewayError> {
    let write_error = |source| GatewayError::Write { path: path.to_owned(), source };
    let contents = serde_json::to_vec_pretty(&UpstreamsFile { upstreams: upstreams.to_vec() })
        .map_err(|error| write_error(io::Error::other(error)))?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, contents).map_err(write_error)?;
    std::fs::rename(&temporary, path).map_err(write_error)
}

/// A channel fed from the upstreams file: it is read now (an invalid file is an error) and then whenever
/// its modification time or size changes, every [`FILE_POLL_INTERVAL`], until `cancel`. A file that
/// becomes invalid later is logged and the last good set kept; a file that disappears is an empty set.
/// Must be called within a Tokio runtime.
pub fn watch_file(
    path: PathBuf,
    cancel: CancellationToken,
) -> Result<watch::Receiver<Vec<Upstream>>, GatewayError> {
    let mut seen = stamp(&path);
    let (sender, receiver) = watch::channel(read_file(&path)?);
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(FILE_POLL_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = cancel.cancelled() => return,
                () = sender.closed() => return,
                _ = ticks.tick() => {}
            }
            let current = stamp(&path);
            if current == seen {
                continue;
            }
            seen = current;
            let read = {
                let path = path.clone();
                tokio::task::spawn_blocking(move || read_file(&path)).await
            };
            match read {
                Ok(Ok(upstreams)) => {
                    sender.send_if_modified(|old| {
                        let changed = *old != upstreams;
                        if changed {
                            tracing::info!(count = upstreams.len(), "upstreams file changed");
                            *old = upstreams;
                        }
                        changed
                    });
                }
                Ok(Err(error)) => tracing::warn!(%error, "keeping the previous upstreams"),
                Err(error) => tracing::warn!(%error, "reading the upstreams file failed"),
            }
        }
    });
    Ok(receiver)
}

/// [`watch_file`] on the configured `upstreams_file`: how a gateway in its own process learns its
/// instances.
pub fn watch_configured(
    config: &GatewayConfig,
    cancel: CancellationToken,
) -> Result<watch::Receiver<Vec<Upstream>>, GatewayError> {
    let Some(path) = &config.upstreams_file else {
        return Err(GatewayError::Config("gateway.upstreams_file is not set".to_owned()));
    };
    watch_file(path.clone(), cancel)
}

/// What tells a changed file: its modification time and size (`None` when it is missing).
fn stamp(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok(), metadata.len()))
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Upstream>, GatewayError> {
    serde_json::from_slice::<UpstreamsFile>(bytes)
        .map(|file| file.upstreams)
        .map_err(|source| GatewayError::UpstreamsFile { path: path.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_read_back_and_missing_ones_are_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upstreams.json");
        assert_eq!(read_file(&path).unwrap(), Vec::new());
        let upstreams = vec![Upstream::new("a", "127.0.0.1:1".parse().unwrap())];
        write_file(&path, &upstreams).unwrap();
        assert_eq!(read_file(&path).unwrap(), upstreams);
    }

    #[test]
    fn invalid_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upstreams.json");
        std::fs::write(&path, r#"{"upstreams": [{"name": "a"}]}"#).unwrap();
        assert!(matches!(read_file(&path), Err(GatewayError::UpstreamsFile { .. })));
    }
}
