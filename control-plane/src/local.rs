//! The local driver: runs a landscape's components as supervised processes on loopback, one OS
//! process per instance (`backbone service run <component> --landscape <name>`), with the gateway
//! as the only public listener. The children compute their configuration exactly as this process
//! does (same layers, same landscape state), so no secret travels on a command line.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use backbone_gateway::Upstream;
use backbone_supervisor::{
    ComponentSpec, HttpProbe, LogFiles, ProcessSpec, Snapshot, StderrTarget, Supervisor, SupervisorError,
};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::components::Component;

/// How long a stopping Consumer API instance stays out of the gateway's instance list before its
/// SIGTERM: the gateway reads the list every 250 ms, and requests sent meanwhile still find it.
const GATEWAY_CATCH_UP: Duration = Duration::from_secs(1);

/// How long `up` waits for the gateway and a first Consumer API instance.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error(transparent)]
    Supervisor(#[from] SupervisorError),
    #[error("the readiness probe is invalid: {0}")]
    Probe(String),
    #[error("the landscape was not ready within {READY_TIMEOUT:?}; see the logs in {0}")]
    NotReady(PathBuf),
    #[error("stopped before the landscape was ready")]
    Stopped,
}

/// How to start this landscape's instances.
pub struct Launch<'a> {
    /// The `backbone` binary.
    pub program: &'a Path,
    pub landscape: &'a str,
    /// The configuration file the user gave, passed on to every instance.
    pub config_file: Option<&'a Path>,
    /// Where the gateway listens.
    pub public_listen: &'a str,
    /// Per-instance stderr logs.
    pub log_dir: PathBuf,
    /// The file the gateway reads its instances from.
    pub upstreams_file: PathBuf,
    /// The gateway's certificate, which `start` trusts to see the gateway answer.
    pub certificate: Option<PathBuf>,
}

/// A landscape running as supervised processes.
pub struct Supervised {
    supervisor: Supervisor,
    pub gateway_url: String,
}

impl Supervised {
    /// Starts `replicas` instances of each component and waits until the gateway and one Consumer API
    /// instance are ready.
    pub async fn start(
        launch: &Launch<'_>,
        replicas: &[(Component, usize)],
        shutdown: CancellationToken,
    ) -> Result<Self, LocalError> {
        let supervisor = Supervisor::new();
        for (component, _) in replicas {
            supervisor.add_component(component.name(), component_spec(launch, *component)?)?;
        }
        tokio::spawn(keep_upstreams_current(
            supervisor.subscribe(),
            launch.upstreams_file.clone(),
            shutdown.clone(),
        ));
        for (component, count) in replicas {
            supervisor.set_replicas(component.name(), *count).await?;
        }
        let mut snapshots = supervisor.subscribe();
        let readiness = async {
            let ready = tokio::time::timeout(READY_TIMEOUT, async {
                loop {
                    if let Some(url) = gateway_url_when_ready(&snapshots.borrow_and_update()) {
                        return Some(url);
                    }
                    if snapshots.changed().await.is_err() {
                        return None;
                    }
                }
            });
            let gateway_url = ready.await.ok().flatten()?;
            gateway_serves(&gateway_url, launch.certificate.as_deref()).await.then_some(gateway_url)
        };
        // A stop requested while starting ends the start too.
        let outcome = tokio::select! {
            serving = readiness => serving.ok_or_else(|| LocalError::NotReady(launch.log_dir.clone())),
            () = shutdown.cancelled() => Err(LocalError::Stopped),
        };
        match outcome {
            Ok(gateway_url) => Ok(Self { supervisor, gateway_url }),
            Err(error) => {
                supervisor.shutdown().await;
                Err(error)
            }
        }
    }

    /// Runs until `shutdown`, then drains every instance.
    pub async fn wait(self, shutdown: CancellationToken) {
        shutdown.cancelled().await;
        self.supervisor.shutdown().await;
    }
}

fn component_spec(launch: &Launch<'_>, component: Component) -> Result<ComponentSpec, LocalError> {
    let mut process = ProcessSpec::new(launch.program).args(["-o", "json"]);
    if let Some(file) = launch.config_file {
        process = process.arg("-c").arg(file);
    }
    let listen = if component == Component::Gateway { launch.public_listen } else { "127.0.0.1:0" };
    process = process
        .args(["service", "run", component.name(), "--landscape", launch.landscape, "--listen", listen])
        .stderr(StderrTarget::Files(LogFiles::new(&launch.log_dir)));
    let spec = ComponentSpec::new(process);
    Ok(match component {
        Component::ConsumerApi => spec
            .probe(
                HttpProbe::new("consumer_api_url", "/health/ready")
                    .map_err(|error| LocalError::Probe(error.to_string()))?,
            )
            .pre_stop_delay(GATEWAY_CATCH_UP),
        _ => spec,
    })
}

/// The gateway's URL once it and at least one Consumer API instance are ready.
fn gateway_url_when_ready(snapshot: &Snapshot) -> Option<String> {
    let component = |name: &str| snapshot.components.iter().find(|component| component.name == name);
    let api_ready = component(Component::ConsumerApi.name())?.ready_replicas > 0;
    let gateway = component(Component::Gateway.name())?.ready().next()?;
    let url = gateway.announcement.as_ref()?.get("gateway_url")?.as_str()?;
    api_ready.then(|| url.to_owned())
}

/// Whether the gateway forwards to a ready instance (it learns of them through the upstreams file
/// and its own health checks, a moment after the supervisor does).
async fn gateway_serves(gateway_url: &str, certificate: Option<&Path>) -> bool {
    let mut builder = reqwest::Client::builder().timeout(Duration::from_secs(2));
    if let Some(pem) = certificate.and_then(|path| std::fs::read(path).ok()) {
        match reqwest::Certificate::from_pem(&pem) {
            Ok(certificate) => builder = builder.tls_certs_only([certificate]),
            Err(error) => tracing::warn!(%error, "the gateway's certificate is unreadable"),
        }
    }
    let Ok(http) = builder.build() else { return false };
    let health = format!("{gateway_url}/health");
    let deadline = tokio::time::Instant::now() + READY_TIMEOUT;
    while tokio::time::Instant::now() < deadline {
        if http.get(&health).send().await.is_ok_and(|response| response.status().is_success()) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// Rewrites the gateway's instance list whenever the set of ready Consumer API instances changes.
async fn keep_upstreams_current(
    mut snapshots: watch::Receiver<Snapshot>,
    file: PathBuf,
    shutdown: CancellationToken,
) {
    let mut written: Option<Vec<Upstream>> = None;
    loop {
        let upstreams = ready_consumer_apis(&snapshots.borrow_and_update());
        if written.as_ref() != Some(&upstreams) {
            match backbone_gateway::upstreams::write_file(&file, &upstreams) {
                Ok(()) => written = Some(upstreams),
                Err(error) => tracing::warn!(%error, "cannot update the gateway's instances"),
            }
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = snapshots.changed() => if changed.is_err() { return },
        }
    }
}

fn ready_consumer_apis(snapshot: &Snapshot) -> Vec<Upstream> {
    let Some(apis) =
        snapshot.components.iter().find(|component| component.name == Component::ConsumerApi.name())
    else {
        return Vec::new();
    };
    apis.ready()
        .filter_map(|instance| {
            let url = instance.announcement.as_ref()?.get("consumer_api_url")?.as_str()?;
            let port = url.rsplit_once(':')?.1.parse().ok()?;
            let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
            Some(Upstream::new(format!("consumer-api-{}", instance.id), address))
        })
        .collect()
}
