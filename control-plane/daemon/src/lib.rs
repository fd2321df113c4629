//! `backbone daemon`: the control-plane process. It runs landscapes ([`registry`]) as supervised local
//! processes, serves the admin API ([`api`]) on loopback to the CLI, checks every call's token and role
//! ([`tokens`]) and records every change ([`audit`]). On its own it destroys temporary landscapes whose
//! time is up and applies autoscaling policies.
//!
//! One daemon runs per backbone home: it holds a lock file there, and announces its URL in
//! `daemon/daemon.json` once it listens.

mod api;
mod audit;
mod error;
mod leaks;
mod registry;
mod support;
mod tokens;
mod vault;

use backbone_domain::{Clock as _, SystemClock};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use backbone_admin::discovery::DaemonDir;
use backbone_control_plane::landscape::Landscape;
pub use error::DaemonError;
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::api::App;
use crate::audit::{AuditLog, Record};
use crate::registry::Registry;
use crate::tokens::Tokens;

pub struct DaemonOptions {
    /// The backbone home: landscapes' state and the daemon's files.
    pub home: PathBuf,
    /// Where the admin API listens; loopback unless the admin API is reached through a tunnel.
    pub listen: String,
    /// The `backbone` binary that landscapes' instances run.
    pub program: PathBuf,
    /// How often expiries are checked.
    pub reap_interval: Duration,
    /// How often autoscaling policies are evaluated.
    pub autoscale_interval: Duration,
}

/// Runs the daemon until `shutdown` (or `POST /v1/daemon/stop`); then stops every landscape. `ready` is
/// called with the admin API's URL once it listens.
pub async fn run(
    options: DaemonOptions,
    shutdown: CancellationToken,
    ready: impl FnOnce(&str),
) -> Result<(), DaemonError> {
    let dir = DaemonDir::new(&options.home);
    let io_error = |path: PathBuf| move |source| DaemonError::Io { path, source };
    std::fs::create_dir_all(dir.path()).map_err(io_error(dir.path().to_owned()))?;
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.lock())
        .map_err(io_error(dir.lock()))?;
    if lock.try_lock().is_err() {
        return Err(DaemonError::AlreadyRunning(options.home));
    }
    let tokens = Tokens::open(&dir.tokens(), &dir.operator_token())?;
    let audit = AuditLog::open(&dir.audit_log()).map_err(io_error(dir.audit_log()))?;
    let listener = tokio::net::TcpListener::bind(&options.listen)
        .await
        .map_err(|source| DaemonError::Listen { address: options.listen.clone(), source })?;
    let address = listener
        .local_addr()
        .map_err(|source| DaemonError::Listen { address: options.listen.clone(), source })?;
    let url = format!("http://{address}");
    if !address.ip().is_loopback() {
        tracing::warn!(%address, "the admin API listens beyond loopback; its tokens travel unencrypted");
    }

    let registry = Arc::new(Registry::new(options.home.clone(), options.program));
    let app = Arc::new(App {
        registry: registry.clone(),
        tokens,
        audit,
        url: url.clone(),
        started_at: SystemClock.now(),
        shutdown: shutdown.clone(),
    });
    let announcement = backbone_admin::discovery::DaemonFile { url: url.clone(), pid: std::process::id() };
    write_announcement(&dir, &announcement)?;
    tracing::info!(%url, "the daemon listens");
    ready(&url);

    tokio::spawn(reap(app.clone(), options.reap_interval, shutdown.clone()));
    tokio::spawn(autoscale(app.clone(), options.autoscale_interval, shutdown.clone()));
    let served = axum::serve(listener, api::router(app.clone()))
        .with_graceful_shutdown(shutdown.clone().cancelled_owned())
        .await;
    registry.stop_all().await;
    let _ = std::fs::remove_file(dir.announcement());
    drop(lock);
    served.map_err(|source| DaemonError::Listen { address: url, source })
}

fn write_announcement(
    dir: &DaemonDir,
    announcement: &backbone_admin::discovery::DaemonFile,
) -> Result<(), DaemonError> {
    let path = dir.announcement();
    let partial = path.with_extension("json.partial");
    let json = serde_json::to_vec(announcement)
        .map_err(|error| DaemonError::Io { path: path.clone(), source: std::io::Error::other(error) })?;
    std::fs::write(&partial, json)
        .and_then(|()| std::fs::rename(&partial, &path))
        .map_err(|source| DaemonError::Io { path, source })
}

/// Destroys temporary landscapes when their time is up, at start-up too (the daemon may have been down).
async fn reap(app: Arc<App>, interval: Duration, shutdown: CancellationToken) {
    let mut ticks = tokio::time::interval(interval);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            () = shutdown.cancelled() => return,
        }
        // One reading of the landscape files serves the whole tick.
        let landscapes = match Landscape::list(app.registry.home()) {
            Ok(landscapes) => landscapes,
            Err(error) => {
                tracing::warn!(%error, "cannot read the landscapes");
                continue;
            }
        };
        let now = SystemClock.now();
        let admin_databases = app.registry.admin_databases();
        for rotation in vault::rotate_due(&landscapes, now, &admin_databases).await {
            let target = format!("{}/{}", rotation.landscape, rotation.secret);
            let detail = Some(
                json!({ "version": rotation.version, "previous_version": rotation.previous_version, "scheduled": true }),
            );
            app.audit.record(Record {
                caller: None,
                action: "vault.rotate",
                target: &target,
                status: 200,
                detail,
            });
        }
        for (landscape, secret, version) in vault::retire_due(&landscapes, now, &admin_databases).await {
            let target = format!("{landscape}/{secret}");
            let detail = Some(json!({ "version": version }));
            app.audit.record(Record {
                caller: None,
                action: "vault.retire",
                target: &target,
                status: 200,
                detail,
            });
        }
        for name in app.registry.reap(&landscapes, now).await {
            tracing::info!(landscape = %name, "destroyed the expired landscape");
            app.audit.record(Record {
                caller: None,
                action: "landscape.expire",
                target: &name,
                status: 200,
                detail: None,
            });
        }
    }
}

async fn autoscale(app: Arc<App>, interval: Duration, shutdown: CancellationToken) {
    let mut ticks = tokio::time::interval(interval);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            () = shutdown.cancelled() => return,
        }
        for change in app.registry.autoscale(std::time::Instant::now()).await {
            let target = format!("{}/{}", change.landscape, change.component.name());
            tracing::info!(%target, from = change.from, to = change.to, cpu_percent = ?change.cpu_percent, "autoscaled");
            let detail =
                json!({ "from": change.from, "replicas": change.to, "cpu_percent": change.cpu_percent });
            app.audit.record(Record {
                caller: None,
                action: "landscape.autoscale",
                target: &target,
                status: 200,
                detail: Some(detail),
            });
        }
    }
}
