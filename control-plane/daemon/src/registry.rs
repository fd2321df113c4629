//! The landscapes this daemon runs: their state machine (stopped → starting → running → stopping), the
//! supervised processes of each, and the operations of the admin API on them.

use backbone_domain::{Clock as _, SystemClock};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use backbone_admin::wire::{
    AutoscaleStatus, ComponentStatus, CreateRequest, LandscapeInfo, LandscapeState, LandscapeStatus,
    LandscapeSummary, Plan, PlanAction, PlanChange, Role, UpRequest,
};
use backbone_control_plane::autoscale::{Autoscaler, CpuSampler};
use backbone_control_plane::components::{self, Component, Migrations};
use backbone_control_plane::config::{BackboneConfig, ConfigLoader};
use backbone_control_plane::db_credentials;
use backbone_control_plane::landscape::{Landscape, LandscapeError, Reader};
use backbone_control_plane::local::{ALL_IN_ONE, Launch, Supervised};
use backbone_control_plane::policy::Principal;
use backbone_control_plane::secrets;
use backbone_control_plane::spec::RunMode;
use backbone_domain::Secret;
use backbone_store::Engine;
use backbone_supervisor::Snapshot;
use time::OffsetDateTime;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::error::DaemonError;

pub struct Registry {
    home: PathBuf,
    /// The `backbone` binary that instances run.
    program: PathBuf,
    entries: Mutex<HashMap<String, Arc<Entry>>>,
}

/// A landscape this daemon started at least once.
struct Entry {
    state: watch::Sender<Phase>,
    /// Held while a call decides on a state change, so that two `up`s cannot both start the landscape.
    transition: tokio::sync::Mutex<()>,
    /// Cancelled to end a start in progress.
    cancel: Mutex<CancellationToken>,
    run: Mutex<Option<Arc<Run>>>,
}

#[derive(Debug, Clone)]
struct Phase {
    state: LandscapeState,
    error: Option<String>,
    info: Option<LandscapeInfo>,
}

/// The processes of a started landscape, and the autoscalers of its components.
struct Run {
    supervised: Supervised,
    autoscalers: Mutex<HashMap<Component, Autoscaling>>,
    /// The administrator's connection to its PostgreSQL database, whose logins the daemon rotates.
    admin_database: Option<Secret>,
    /// The daemon's connection to its database (the administrator's, on PostgreSQL).
    database_url: Option<Secret>,
    /// Support staff's reads, connected on first use.
    support_db: tokio::sync::OnceCell<backbone_store::Db>,
    /// The OAuth clients of its configuration, which it seeds at every start.
    configured_clients: Vec<String>,
}

struct Autoscaling {
    autoscaler: Autoscaler,
    sampler: CpuSampler,
    cpu_percent: Option<f64>,
}

/// What an autoscaler changed, for the audit log.
pub struct AutoscaleChange {
    pub landscape: String,
    pub component: Component,
    pub from: usize,
    pub to: usize,
    pub cpu_percent: Option<f64>,
}

impl Registry {
    pub fn new(home: PathBuf, program: PathBuf) -> Self {
        Self { home, program, entries: Mutex::new(HashMap::new()) }
    }

    pub fn home(&self) -> &std::path::Path {
        &self.home
    }

    /// The administrator's connections to the PostgreSQL databases of the running landscapes, by name.
    pub fn admin_databases(&self) -> HashMap<String, Secret> {
        lock(&self.entries)
            .iter()
            .filter_map(|(name, entry)| {
                let run = lock(&entry.run).clone()?;
                Some((name.clone(), run.admin_database.clone()?))
            })
            .collect()
    }

    /// A running landscape's database, for support staff's reads.
    pub async fn database(&self, name: &str) -> Result<backbone_store::Db, DaemonError> {
        self.open(name)?;
        let run = self.entry(name).and_then(|entry| lock(&entry.run).clone());
        let not_running = || DaemonError::NotRunning(name.to_owned());
        let run = run.ok_or_else(not_running)?;
        let url = run.database_url.as_ref().ok_or_else(not_running)?;
        Ok(run.support_db.get_or_try_init(|| backbone_store::Db::connect(url.expose())).await?.clone())
    }

    /// The OAuth clients a running landscape's configuration defines.
    pub fn configured_clients(&self, name: &str) -> Vec<String> {
        let run = self.entry(name).and_then(|entry| lock(&entry.run).clone());
        run.map(|run| run.configured_clients.clone()).unwrap_or_default()
    }

    fn open(&self, name: &str) -> Result<Landscape, DaemonError> {
        Ok(Landscape::open(name, &self.home)?)
    }

    fn entry(&self, name: &str) -> Option<Arc<Entry>> {
        self.lock().get(name).cloned()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Entry>>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn list(&self) -> Result<Vec<LandscapeSummary>, DaemonError> {
        Ok(Landscape::list(&self.home)?
            .into_iter()
            .map(|landscape| {
                let phase = self.phase(&landscape.name);
                LandscapeSummary {
                    kind: landscape.kind().name().to_owned(),
                    state: phase.state,
                    url: phase.info.map(|info| info.consumer_api_url),
                    expires_at: landscape.spec.expires_at,
                    name: landscape.name,
                }
            })
            .collect())
    }

    fn phase(&self, name: &str) -> Phase {
        self.entry(name).map_or(Phase { state: LandscapeState::Stopped, error: None, info: None }, |entry| {
            entry.state.borrow().clone()
        })
    }

    pub fn status(&self, name: &str) -> Result<LandscapeStatus, DaemonError> {
        let landscape = self.open(name)?;
        let phase = self.phase(name);
        let run = self.entry(name).and_then(|entry| lock(&entry.run).clone());
        let snapshot = run.as_ref().map(|run| run.supervised.snapshot()).unwrap_or_default();
        let autoscale = |component: Component| {
            let plan = landscape.spec.components.get(component.name())?;
            let policy = plan.autoscale.as_ref()?;
            let cpu_percent =
                run.as_ref().and_then(|run| lock(&run.autoscalers).get(&component)?.cpu_percent);
            Some(AutoscaleStatus {
                min: policy.min,
                max: policy.max,
                target_cpu_percent: policy.target_cpu_percent,
                cpu_percent,
            })
        };
        let components = match landscape.spec.run {
            RunMode::OneProcess => vec![component_status(&snapshot, ALL_IN_ONE, None)],
            RunMode::Processes => landscape
                .spec
                .components_in_start_order()
                .into_iter()
                .map(|(component, _)| component_status(&snapshot, component.name(), autoscale(component)))
                .collect(),
        };
        Ok(LandscapeStatus {
            kind: landscape.kind().name().to_owned(),
            state: phase.state,
            url: phase.info.as_ref().map(|info| info.consumer_api_url.clone()),
            expires_at: landscape.spec.expires_at,
            error: phase.error,
            state_dir: landscape.state_dir,
            components,
            name: landscape.name,
        })
    }

    /// How to reach a running landscape, with its OAuth client's secret.
    /// How to reach a running landscape, with its OAuth client's secret if `role` may read it: the
    /// published version, which every instance accepts.
    pub async fn info(&self, name: &str, role: Role) -> Result<LandscapeInfo, DaemonError> {
        let landscape = self.open(name)?;
        let mut info = self.phase(name).info.ok_or_else(|| DaemonError::NotRunning(name.to_owned()))?;
        // After a rotation the current client secret is the one apps should get.
        if landscape.uses_vault() && !info.client_id.is_empty() {
            let secret = secrets::client_secret(&info.client_id)?;
            info.client_secret = if landscape.spec.access(secret.as_str()).may_read(Principal::Role(role)) {
                let active = landscape.vault()?.active(&secret).await?;
                let published = secrets::published(&active, SystemClock.now());
                published.map(|version| version.value.expose().to_owned())
            } else {
                None
            };
        }
        Ok(info)
    }

    /// What `up` would change.
    pub async fn plan(&self, name: &str) -> Result<Plan, DaemonError> {
        let landscape = self.open(name)?;
        let phase = self.phase(name);
        let running = matches!(phase.state, LandscapeState::Running | LandscapeState::Starting);
        let snapshot = self
            .entry(name)
            .and_then(|entry| lock(&entry.run).clone())
            .map(|run| run.supervised.snapshot())
            .unwrap_or_default();
        let changes = landscape
            .spec
            .components_in_start_order()
            .into_iter()
            .map(|(component, plan)| {
                let supervised = match landscape.spec.run {
                    RunMode::OneProcess => ALL_IN_ONE,
                    RunMode::Processes => component.name(),
                };
                let current = if running {
                    snapshot.component(supervised).map_or(0, |component| component.desired_replicas)
                } else {
                    0
                };
                let desired = plan.desired_replicas();
                let action = match (running, current.cmp(&desired)) {
                    (false, _) => PlanAction::Start,
                    (true, std::cmp::Ordering::Less) => PlanAction::ScaleUp,
                    (true, std::cmp::Ordering::Greater) => PlanAction::ScaleDown,
                    (true, std::cmp::Ordering::Equal) => PlanAction::None,
                };
                PlanChange { component: component.name().to_owned(), current, desired, action }
            })
            .collect();
        let pending_migrations = self.pending_migrations(&landscape).await;
        Ok(Plan { landscape: landscape.name, state: phase.state, changes, pending_migrations })
    }

    async fn pending_migrations(&self, landscape: &Landscape) -> Option<Vec<String>> {
        // Without `prepare`: a plan changes nothing, not even the state directory.
        let config = ConfigLoader::new(landscape.profile()).env().load().ok()?;
        let url = config.database.url.or_else(|| landscape.default_database_url())?;
        backbone_store::Db::pending_migrations(url.expose()).await.ok()
    }

    /// Starts a landscape, or, when it runs, brings its replicas to what its file says. Returns as soon as
    /// the start is under way; `status` follows it.
    pub async fn up(
        self: &Arc<Self>,
        name: &str,
        request: UpRequest,
    ) -> Result<LandscapeStatus, DaemonError> {
        let landscape = self.open(name)?;
        let entry = self.lock().entry(name.to_owned()).or_insert_with(|| Arc::new(Entry::new())).clone();
        let held = entry.clone();
        let _transition = held.transition.lock().await;
        let state = entry.state.borrow().state;
        match state {
            LandscapeState::Starting => return self.status(name),
            LandscapeState::Stopping => return Err(DaemonError::Busy(name.to_owned(), "stopping")),
            LandscapeState::Running => {
                let run = lock(&entry.run).clone();
                if let Some(run) = run {
                    let registry = self.clone();
                    tokio::spawn(async move { registry.reconcile(&landscape, &run).await });
                }
                return self.status(name);
            }
            LandscapeState::Stopped | LandscapeState::Failed => {}
        }
        // Invalid settings are the caller's to fix: they fail the call, not the start.
        let config = self.config(&landscape, &request).await?;
        let cancel = CancellationToken::new();
        *lock(&entry.cancel) = cancel.clone();
        entry.state.send_replace(Phase { state: LandscapeState::Starting, error: None, info: None });
        let registry = self.clone();
        tokio::spawn(async move {
            let started = tokio::select! {
                started = registry.start(&landscape, config, request, &entry) => started,
                () = cancel.cancelled() => Err(DaemonError::Cancelled),
            };
            match started {
                Ok(info) => {
                    entry.state.send_replace(Phase {
                        state: LandscapeState::Running,
                        error: None,
                        info: Some(info),
                    });
                }
                Err(error) => {
                    let run = lock(&entry.run).take();
                    if let Some(run) = run {
                        run.supervised.shutdown().await;
                    }
                    let (state, error) = match error {
                        DaemonError::Cancelled => (LandscapeState::Stopped, None),
                        error => (LandscapeState::Failed, Some(error.to_string())),
                    };
                    entry.state.send_replace(Phase { state, error, info: None });
                }
            }
        });
        self.status(name)
    }

    /// The effective configuration of a landscape's instances: the landscape's, then the caller's file,
    /// the daemon's and the caller's variables, the caller's `--listen`; completed from its state.
    async fn config(
        &self,
        landscape: &Landscape,
        request: &UpRequest,
    ) -> Result<BackboneConfig, DaemonError> {
        let config = ConfigLoader::new(landscape.profile())
            .file(request.config_file.as_deref())?
            .env()
            .variables(request.env.clone())
            .flag(landscape.public_listen_key(), request.listen.as_deref())
            .load()?;
        Ok(landscape.prepare(config, Reader::ControlPlane).await?)
    }

    async fn start(
        &self,
        landscape: &Landscape,
        config: BackboneConfig,
        request: UpRequest,
        entry: &Entry,
    ) -> Result<LandscapeInfo, DaemonError> {
        // Migrations run once, here, before any instance starts; on PostgreSQL the instances' login is
        // provisioned with the privileges the new tables need.
        let (db, _) = components::open_backends(&[Component::EventHandler], &config, Migrations::Apply)
            .await
            .map_err(LandscapeError::from)?;
        let mut admin_database = None;
        if let Some(db) = db {
            let provisioned = if db.engine() == Engine::Postgres && landscape.uses_vault() {
                admin_database = config.database.url.clone();
                match landscape.vault() {
                    Ok(vault) => {
                        db_credentials::provision(&db, vault.as_ref()).await.map_err(LandscapeError::from)
                    }
                    Err(error) => Err(error),
                }
            } else {
                Ok(())
            };
            db.close().await;
            provisioned?;
        }
        let public_listen = match landscape.spec.run {
            RunMode::OneProcess => config.server.listen.clone(),
            RunMode::Processes => config.gateway.listen.clone(),
        };
        let launch = Launch {
            program: self.program.clone(),
            landscape: landscape.name.clone(),
            config_file: request.config_file,
            env: request.env.into_iter().collect(),
            public_listen,
            log_dir: landscape.log_dir(),
            upstreams_file: config.gateway.upstreams_file.clone().unwrap_or_default(),
            certificate: config.gateway.tls.cert_file.clone(),
        };
        let supervised = Supervised::new(launch, &landscape.spec).map_err(LandscapeError::from)?;
        let run = Arc::new(Run {
            supervised,
            autoscalers: Mutex::new(autoscalers(landscape)),
            admin_database,
            database_url: config.database.url.clone(),
            support_db: tokio::sync::OnceCell::new(),
            configured_clients: config.api.clients.iter().map(|client| client.client_id.clone()).collect(),
        });
        *lock(&entry.run) = Some(run.clone());
        let url = run.supervised.start().await.map_err(LandscapeError::from)?;
        let client = config.api.clients.first();
        Ok(LandscapeInfo {
            landscape: landscape.name.clone(),
            consumer_api_url: url,
            client_id: client.map(|client| client.client_id.clone()).unwrap_or_default(),
            client_secret: client.map(|client| client.client_secret.expose().to_owned()),
            state_dir: landscape.state_dir.clone(),
        })
    }

    /// Brings a running landscape's replicas to its file's (within the autoscaling bounds).
    async fn reconcile(&self, landscape: &Landscape, run: &Run) {
        if landscape.spec.run != RunMode::Processes {
            return;
        }
        for (component, plan) in landscape.spec.components_in_start_order() {
            if let Err(error) = run.supervised.scale(component, plan.desired_replicas()).await {
                tracing::warn!(%error, landscape = %landscape.name, component = component.name(), "cannot scale");
            }
        }
    }

    /// Stops a landscape: ends a start in progress, drains every instance. Returns once stopping began;
    /// `stopped` says when it is over.
    pub async fn down(&self, name: &str) -> Result<LandscapeStatus, DaemonError> {
        self.open(name)?;
        if let Some(entry) = self.entry(name) {
            stop(entry).await;
        }
        self.status(name)
    }

    /// Waits until a landscape is no longer starting, running or stopping.
    pub async fn stopped(&self, name: &str) {
        let Some(entry) = self.entry(name) else { return };
        let mut states = entry.state.subscribe();
        let _ = states
            .wait_for(|phase| matches!(phase.state, LandscapeState::Stopped | LandscapeState::Failed))
            .await;
    }

    /// A temporary landscape, copied from another's file, started at once.
    pub async fn create(self: &Arc<Self>, request: CreateRequest) -> Result<LandscapeStatus, DaemonError> {
        let from = self.open(&request.from)?;
        let expires_at = request
            .ttl_seconds
            .map(|seconds| SystemClock.now() + time::Duration::seconds(seconds.min(i64::MAX as u64) as i64));
        Landscape::create(&request.name, &from, expires_at, &self.home)?;
        self.up(&request.name, request.up).await
    }

    /// Stops a landscape and deletes its state.
    pub async fn destroy(&self, name: &str) -> Result<(), DaemonError> {
        let landscape = self.open(name)?;
        if landscape.is_built_in() {
            return Err(LandscapeError::BuiltIn(name.to_owned()).into());
        }
        self.down(name).await?;
        self.stopped(name).await;
        self.lock().remove(name);
        Ok(landscape.destroy()?)
    }

    /// Sets a component's replicas in a running landscape.
    pub async fn scale(
        &self,
        name: &str,
        component: &str,
        replicas: usize,
    ) -> Result<LandscapeStatus, DaemonError> {
        let landscape = self.open(name)?;
        let component =
            Component::parse(component).ok_or_else(|| DaemonError::UnknownComponent(component.to_owned()))?;
        if let Some(policy) =
            landscape.spec.components.get(component.name()).and_then(|plan| plan.autoscale.as_ref())
        {
            return Err(DaemonError::Autoscaled {
                component: component.name(),
                min: policy.min,
                max: policy.max,
            });
        }
        let run = self
            .entry(name)
            .filter(|entry| entry.state.borrow().state == LandscapeState::Running)
            .and_then(|entry| lock(&entry.run).clone())
            .ok_or_else(|| DaemonError::NotRunning(name.to_owned()))?;
        run.supervised.scale(component, replicas).await.map_err(LandscapeError::from)?;
        self.status(name)
    }

    /// Stops every landscape and waits until all are stopped.
    pub async fn stop_all(&self) {
        let names: Vec<String> = self.lock().keys().cloned().collect();
        for name in &names {
            if let Some(entry) = self.entry(name) {
                stop(entry).await;
            }
        }
        for name in &names {
            self.stopped(name).await;
        }
    }

    /// Destroys the temporary landscapes whose time is up; returns their names.
    pub async fn reap(&self, landscapes: &[Landscape], now: OffsetDateTime) -> Vec<String> {
        let mut reaped = Vec::new();
        for landscape in landscapes {
            if landscape.spec.expires_at.is_some_and(|expiry| expiry <= now) {
                match self.destroy(&landscape.name).await {
                    Ok(()) => reaped.push(landscape.name.clone()),
                    Err(error) => {
                        tracing::warn!(%error, landscape = %landscape.name, "cannot destroy an expired landscape")
                    }
                }
            }
        }
        reaped
    }

    /// Evaluates every autoscaling policy of the running landscapes and applies what they recommend.
    pub async fn autoscale(&self, now: std::time::Instant) -> Vec<AutoscaleChange> {
        let running: Vec<(String, Arc<Run>)> = self
            .lock()
            .iter()
            .filter(|(_, entry)| entry.state.borrow().state == LandscapeState::Running)
            .filter_map(|(name, entry)| Some((name.clone(), lock(&entry.run).clone()?)))
            .collect();
        let mut changes = Vec::new();
        for (name, run) in running {
            let snapshot = run.supervised.snapshot();
            let decisions: Vec<(Component, usize, usize, Option<f64>)> = {
                let mut autoscalers = lock(&run.autoscalers);
                autoscalers
                    .iter_mut()
                    .filter_map(|(component, scaling)| {
                        let status = snapshot.component(component.name())?;
                        let pids: Vec<u32> = status.ready().filter_map(|instance| instance.pid).collect();
                        scaling.cpu_percent = scaling.sampler.sample(&pids);
                        let current = status.desired_replicas;
                        let wanted = scaling.autoscaler.recommend(now, current, scaling.cpu_percent);
                        Some((*component, current, wanted, scaling.cpu_percent))
                    })
                    .collect()
            };
            for (component, from, to, cpu_percent) in decisions {
                if from == to {
                    continue;
                }
                match run.supervised.scale(component, to).await {
                    Ok(()) => changes.push(AutoscaleChange {
                        landscape: name.clone(),
                        component,
                        from,
                        to,
                        cpu_percent,
                    }),
                    Err(error) => tracing::warn!(%error, landscape = %name, "autoscaling failed"),
                }
            }
        }
        changes
    }
}

impl Entry {
    fn new() -> Self {
        let (state, _) = watch::channel(Phase { state: LandscapeState::Stopped, error: None, info: None });
        Self {
            state,
            transition: tokio::sync::Mutex::new(()),
            cancel: Mutex::new(CancellationToken::new()),
            run: Mutex::new(None),
        }
    }
}

/// Ends a start in progress or drains a running landscape, in the background.
async fn stop(entry: Arc<Entry>) {
    let held = entry.clone();
    let _transition = held.transition.lock().await;
    let state = entry.state.borrow().state;
    match state {
        LandscapeState::Starting => lock(&entry.cancel).cancel(),
        LandscapeState::Running => {
            entry.state.send_modify(|phase| phase.state = LandscapeState::Stopping);
            tokio::spawn(async move {
                let run = lock(&entry.run).take();
                if let Some(run) = run {
                    run.supervised.shutdown().await;
                }
                entry.state.send_replace(Phase { state: LandscapeState::Stopped, error: None, info: None });
            });
        }
        LandscapeState::Stopping | LandscapeState::Stopped | LandscapeState::Failed => {}
    }
}

fn autoscalers(landscape: &Landscape) -> HashMap<Component, Autoscaling> {
    if landscape.spec.run != RunMode::Processes {
        return HashMap::new();
    }
    landscape
        .spec
        .components_in_start_order()
        .into_iter()
        .filter_map(|(component, plan)| {
            let policy = plan.autoscale.clone()?;
            let scaling = Autoscaling {
                autoscaler: Autoscaler::new(policy),
                sampler: CpuSampler::new(),
                cpu_percent: None,
            };
            Some((component, scaling))
        })
        .collect()
}

fn component_status(snapshot: &Snapshot, name: &str, autoscale: Option<AutoscaleStatus>) -> ComponentStatus {
    let component = snapshot.component(name);
    ComponentStatus {
        name: name.to_owned(),
        desired_replicas: component.map_or(0, |component| component.desired_replicas),
        ready_replicas: component.map_or(0, |component| component.ready_replicas),
        autoscale,
        instances: component.map(|component| component.instances.clone()).unwrap_or_default(),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
