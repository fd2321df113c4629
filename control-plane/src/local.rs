//! The local driver: runs a landscape's components as supervised processes on loopback, one OS
//! process per instance (`backbone service run <component> --landscape <name>`) behind the gateway, or
//! all components in one process for a one-process landscape. The children compute their configuration
//! exactly as the daemon does (same layers, same landscape state), so no secret travels on a command line.

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
use crate::spec::{LandscapeSpec, RunMode};

/// The supervised component of a one-process landscape: one process running all its components.
pub const ALL_IN_ONE: &str = "all-in-one";

/// How long a stopping Consumer API instance stays out of the gateway's instance list before its
/// SIGTERM: the gateway reads the list every 250 ms, and requests sent meanwhile still find it.
const GATEWAY_CATCH_UP: Duration = Duration::from_secs(1);

/// How long a start waits for each group of components, and then for the public listener.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error(transparent)]
    Supervisor(#[from] SupervisorError),
    #[error("the readiness probe is invalid: {0}")]
    Probe(String),
    #[error("{component} was not ready within {READY_TIMEOUT:?}; see the logs in {logs}")]
    NotReady { component: String, logs: PathBuf },
    #[error("the landscape has no component '{0}'")]
    UnknownComponent(String),
    #[error("{0}")]
    SingleInstance(&'static str),
}

/// How to start this landscape's instances.
pub struct Launch {
    /// The `backbone` binary.
    pub program: PathBuf,
    pub landscape: String,
    /// The configuration file the caller gave, passed on to every instance.
    pub config_file: Option<PathBuf>,
    /// Variables of the caller (`BACKBONE_*` settings, `RUST_LOG`) every instance gets; never logged.
    pub env: Vec<(String, String)>,
    /// Where the public listener binds.
    pub public_listen: String,
    /// Per-instance stderr logs.
    pub log_dir: PathBuf,
    /// The file the gateway reads its instances from.
    pub upstreams_file: PathBuf,
    /// The gateway's certificate, trusted to see the gateway answer.
    pub certificate: Option<PathBuf>,
}

/// A landscape running as supervised processes.
pub struct Supervised {
    supervisor: Supervisor,
    spec: LandscapeSpec,
    launch: Launch,
    /// Ends the task that keeps the gateway's instance list current.
    stopped: CancellationToken,
}

impl Supervised {
    /// Registers the landscape's components; none runs before [`Supervised::start`].
    pub fn new(launch: Launch, spec: &LandscapeSpec) -> Result<Self, LocalError> {
        let supervisor = Supervisor::new();
        let stopped = CancellationToken::new();
        match spec.run {
            RunMode::OneProcess => {
                let components: Vec<Component> =
                    spec.components_in_start_order().into_iter().map(|(component, _)| component).collect();
                supervisor.add_component(ALL_IN_ONE, component_spec(&launch, &components)?)?;
            }
            RunMode::Processes => {
                for (component, _) in spec.components_in_start_order() {
                    supervisor.add_component(component.name(), component_spec(&launch, &[component])?)?;
                }
                tokio::spawn(keep_upstreams_current(
                    supervisor.subscribe(),
                    launch.upstreams_file.clone(),
                    stopped.clone(),
                ));
            }
        }
        Ok(Self { supervisor, spec: spec.clone(), launch, stopped })
    }

    /// Starts the components in dependency order, each group once the previous one is ready, and
    /// returns the public URL once the landscape serves there.
    pub async fn start(&self) -> Result<String, LocalError> {
        if self.spec.run == RunMode::OneProcess {
            self.start_group(&[(ALL_IN_ONE, 1)]).await?;
            return self.announced(ALL_IN_ONE, "consumer_api_url");
        }
        let plans = self.spec.components_in_start_order();
        let groups: [&[Component]; 3] = [
            &[Component::EventHandler, Component::Housekeeper, Component::DeletionJobs],
            &[Component::ConsumerApi],
            &[Component::Gateway],
        ];
        for group in groups {
            let members: Vec<(&str, usize)> = plans
                .iter()
                .filter(|(component, _)| group.contains(component))
                .map(|(component, plan)| (component.name(), plan.desired_replicas()))
                .collect();
            self.start_group(&members).await?;
        }
        let url = self.announced(Component::Gateway.name(), "gateway_url")?;
        if gateway_serves(&url, self.launch.certificate.as_deref()).await {
            Ok(url)
        } else {
            Err(self.not_ready(Component::Gateway.name()))
        }
    }

    async fn start_group(&self, members: &[(&str, usize)]) -> Result<(), LocalError> {
        for (name, replicas) in members {
            self.supervisor.set_replicas(name, *replicas).await?;
        }
        let mut snapshots = self.supervisor.subscribe();
        let all_ready = |snapshot: &Snapshot| {
            members.iter().find(|(name, replicas)| {
                snapshot.component(name).is_none_or(|component| component.ready_replicas < *replicas)
            })
        };
        let wait = async {
            while all_ready(&snapshots.borrow_and_update()).is_some() {
                if snapshots.changed().await.is_err() {
                    break;
                }
            }
        };
        if tokio::time::timeout(READY_TIMEOUT, wait).await.is_err() {
            let late = all_ready(&self.supervisor.snapshot()).map_or("a component", |(name, _)| *name);
            return Err(self.not_ready(late));
        }
        Ok(())
    }

    fn announced(&self, component: &str, key: &str) -> Result<String, LocalError> {
        let snapshot = self.supervisor.snapshot();
        snapshot
            .component(component)
            .and_then(|component| component.ready().next())
            .and_then(|instance| instance.announcement.as_ref()?.get(key)?.as_str().map(str::to_owned))
            .ok_or_else(|| self.not_ready(component))
    }

    fn not_ready(&self, component: &str) -> LocalError {
        LocalError::NotReady { component: component.to_owned(), logs: self.launch.log_dir.clone() }
    }

    /// Starts or drains instances of one component until `replicas` run.
    pub async fn scale(&self, component: Component, replicas: usize) -> Result<(), LocalError> {
        if !self.spec.components.contains_key(component.name()) {
            return Err(LocalError::UnknownComponent(component.name().to_owned()));
        }
        if replicas > 1 && (self.spec.run == RunMode::OneProcess || component == Component::Gateway) {
            return Err(LocalError::SingleInstance(self.spec.single_instance_reason(component)));
        }
        let name = match self.spec.run {
            RunMode::OneProcess => ALL_IN_ONE,
            RunMode::Processes => component.name(),
        };
        self.supervisor.set_replicas(name, replicas).await?;
        Ok(())
    }

    pub fn snapshot(&self) -> Snapshot {
        self.supervisor.snapshot()
    }

    /// Drains every instance and waits until all have exited.
    pub async fn shutdown(&self) {
        self.supervisor.shutdown().await;
        self.stopped.cancel();
    }
}

fn component_spec(launch: &Launch, components: &[Component]) -> Result<ComponentSpec, LocalError> {
    let mut process = ProcessSpec::new(&launch.program).args(["-o", "json"]);
    if let Some(file) = &launch.config_file {
        process = process.arg("-c").arg(file);
    }
    for (name, value) in &launch.env {
        process = process.env(name, value);
    }
    // The public listener is the gateway's, or the Consumer API's in a one-process landscape.
    let public = components.contains(&Component::Gateway) || components.len() > 1;
    let listen = if public { launch.public_listen.as_str() } else { "127.0.0.1:0" };
    process = process
        .args(["service", "run"])
        .args(components.iter().map(|component| component.name()))
        .args(["--landscape", &launch.landscape, "--listen", listen, "--exit-with-parent"])
        .stderr(StderrTarget::Files(LogFiles::new(&launch.log_dir)));
    let spec = ComponentSpec::new(process);
    if !components.contains(&Component::ConsumerApi) {
        return Ok(spec);
    }
    let probe = HttpProbe::new("consumer_api_url", "/health/ready")
        .map_err(|error| LocalError::Probe(error.to_string()))?;
    Ok(spec.probe(probe).pre_stop_delay(if public { Duration::ZERO } else { GATEWAY_CATCH_UP }))
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
    stopped: CancellationToken,
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
            () = stopped.cancelled() => return,
            changed = snapshots.changed() => if changed.is_err() { return },
        }
    }
}

fn ready_consumer_apis(snapshot: &Snapshot) -> Vec<Upstream> {
    let Some(apis) = snapshot.component(Component::ConsumerApi.name()) else {
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
