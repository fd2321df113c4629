//! The Backbone's components, and how one process runs a set of them: all of them in a one-process
//! landscape, or one per process (`backbone service run <component>`) when a landscape spreads them
//! over processes.

use std::io;
use std::net::IpAddr;
use std::sync::Arc;

use backbone_api::ConsumerApi;
use backbone_blob::BlobStore;
use backbone_bus::{InProcess, RabbitMqConsumer, RabbitMqPublisher, Relay, Transport};
use backbone_deletion::DeletionJobs;
use backbone_domain::SystemClock;
use backbone_gateway::{AllowList, Gateway, GatewayConfig};
use backbone_housekeeper::Housekeeper;
use backbone_store::{Db, Engine};
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use backbone_vault::SecretStore;

use crate::config::{BackboneConfig, BusTransport};
use crate::secrets;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Component {
    /// The Consumer API, with the Server-Sent-Events streams.
    ConsumerApi,
    /// Reacts to domain events: external events, pushes, decomposition cascades.
    EventHandler,
    /// Deletes expired data.
    Housekeeper,
    /// Reminds identities of their coming deletion and deletes them when their grace period is over.
    DeletionJobs,
    /// The public HTTPS entry point: balances over the Consumer API instances.
    Gateway,
}

impl Component {
    pub const ALL: [Component; 5] = [
        Component::ConsumerApi,
        Component::EventHandler,
        Component::Housekeeper,
        Component::DeletionJobs,
        Component::Gateway,
    ];

    /// The order a landscape starts them in: what only needs the database, then the Consumer API, then
    /// the gateway in front of it.
    pub const START_ORDER: [Component; 5] = [
        Component::EventHandler,
        Component::Housekeeper,
        Component::DeletionJobs,
        Component::ConsumerApi,
        Component::Gateway,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Component::ConsumerApi => "consumer-api",
            Component::EventHandler => "event-handler",
            Component::Housekeeper => "housekeeper",
            Component::DeletionJobs => "deletion-jobs",
            Component::Gateway => "gateway",
        }
    }

    pub fn parse(name: &str) -> Option<Component> {
        Component::ALL.into_iter().find(|component| component.name() == name)
    }

    /// The components that connect to the database.
    pub fn using_database() -> Vec<Component> {
        Component::ALL.into_iter().filter(|component| component.needs_database()).collect()
    }

    fn needs_database(self) -> bool {
        self != Component::Gateway
    }

    fn needs_blobs(self) -> bool {
        matches!(self, Component::ConsumerApi | Component::Housekeeper | Component::DeletionJobs)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ComponentError {
    #[error("{0} must be configured to run components outside a landscape")]
    Missing(&'static str),
    #[error("cannot listen on {address}: {source}")]
    Listen { address: String, source: io::Error },
    #[error("the database is not usable")]
    Database(#[from] backbone_store::StoreError),
    #[error("the blob storage is not usable")]
    Blob(#[from] backbone_blob::BlobError),
    #[error("the consumer api cannot start")]
    Api(#[from] backbone_api::StartError),
    #[error("the gateway cannot start")]
    Gateway(#[from] backbone_gateway::GatewayError),
    #[error(
        "the database lacks migrations ({0}); `backbone landscape up` applies them before instances start"
    )]
    Unmigrated(String),
    #[error(transparent)]
    SigningKeys(#[from] secrets::SigningKeysMissing),
}

/// Whether a process applies the database's pending migrations or expects them applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrations {
    /// `backbone service run` on its own, and the daemon before a landscape's instances start.
    Apply,
    /// A landscape's instances, which may connect as a login that cannot change tables.
    Expect,
}

/// Components running in this process.
pub struct Running {
    /// Where the Consumer API listens, if it runs here.
    pub consumer_api_url: Option<String>,
    /// Where the gateway listens, if it runs here.
    pub gateway_url: Option<String>,
    tasks: JoinSet<()>,
    db: Option<Db>,
}

impl Running {
    /// Waits until every component has stopped, then closes the database.
    pub async fn wait(mut self) {
        while self.tasks.join_next().await.is_some() {}
        if let Some(db) = self.db {
            db.close().await;
        }
    }
}

/// What the components of a process use besides their configuration.
#[derive(Default)]
pub struct Backends {
    pub db: Option<Db>,
    pub blobs: Option<BlobStore>,
    /// The landscape's vault, which the Consumer API follows for rotated signing keys.
    pub vault: Option<Arc<dyn SecretStore>>,
}

/// Connects to the configured database (migrating it, or checking that it is) and, if a component needs
/// it, the blob storage.
pub async fn open_backends(
    components: &[Component],
    config: &BackboneConfig,
    migrations: Migrations,
) -> Result<(Option<Db>, Option<BlobStore>), ComponentError> {
    if !components.iter().any(|component| component.needs_database()) {
        return Ok((None, None));
    }
    let database_url = config.database.url.as_ref().ok_or(ComponentError::Missing("database.url"))?;
    let blobs = if components.iter().any(|component| component.needs_blobs()) {
        let url = config.blob.url.as_deref().ok_or(ComponentError::Missing("blob.url"))?;
        Some(BlobStore::open(url, &config.blob.options)?)
    } else {
        None
    };
    let db = Db::connect(database_url.expose()).await?;
    match migrations {
        Migrations::Apply => db.migrate().await?,
        Migrations::Expect => {
            let pending = db.pending().await?;
            if !pending.is_empty() {
                db.close().await;
                return Err(ComponentError::Unmigrated(pending.join(", ")));
            }
        }
    }
    Ok((Some(db), blobs))
}

/// Starts `components` in this process; they run until `shutdown` is cancelled.
pub async fn start(
    components: &[Component],
    config: &BackboneConfig,
    backends: Backends,
    shutdown: CancellationToken,
) -> Result<Running, ComponentError> {
    let Backends { db, blobs, vault } = backends;
    let mut tasks = JoinSet::new();
    let runs = |component| components.contains(&component);
    let gateway_url = if runs(Component::Gateway) {
        Some(start_gateway(&config.gateway, &mut tasks, shutdown.clone()).await?)
    } else {
        None
    };
    let Some(db) = db else {
        return Ok(Running { consumer_api_url: None, gateway_url, tasks, db: None });
    };
    let clock = Arc::new(SystemClock);
    let blobs = || blobs.clone().ok_or(ComponentError::Missing("blob.url"));

    let api = match runs(Component::ConsumerApi) {
        true => Some(ConsumerApi::start(&config.api, db.clone(), blobs()?, clock.clone()).await?),
        false => None,
    };
    if let Some(vault) = vault {
        let followers = secrets::Followers {
            api: api.as_ref().map(|api| secrets::ApiSecrets {
                keys: api.token_keys(),
                client_secrets: api.client_secrets(),
                client_ids: config.api.clients.iter().map(|client| client.client_id.clone()).collect(),
            }),
            db: (db.engine() == Engine::Postgres).then(|| db.clone()),
        };
        // The first load completes before the Consumer API serves: it signs with the published key.
        let follower = secrets::Follower::start(vault, followers).await?;
        tasks.spawn(follower.run(shutdown.clone()));
    }
    let mut consumer_api_url = None;
    if let Some(api) = api {
        let listeners = bind(&config.server.listen).await?;
        let port = listeners.first().and_then(|listener| listener.local_addr().ok()).map_or(0, |a| a.port());
        consumer_api_url = Some(format!("http://{}:{port}", url_host(&config.server.listen)));
        let shutdown = shutdown.clone();
        tasks.spawn(async move {
            if let Err(error) = api.serve(listeners, shutdown).await {
                tracing::error!(%error, "consumer api stopped");
            }
        });
    }

    // Who relays the outbox: with the embedded transport the event handler reads it directly;
    // with RabbitMQ every process that writes events publishes them, and event handlers consume the queue.
    let rabbitmq = config.bus.transport == BusTransport::Rabbitmq;
    let transport: Option<Arc<dyn Transport>> = if runs(Component::EventHandler) {
        let subscribers = backbone_api::event_subscribers(&config.api, &db, clock.clone())?;
        if rabbitmq {
            let consumer = RabbitMqConsumer::new(config.bus.rabbitmq.clone(), subscribers);
            tasks.spawn(consumer.run(shutdown.clone()));
            Some(Arc::new(RabbitMqPublisher::new(config.bus.rabbitmq.clone())))
        } else {
            Some(Arc::new(InProcess::new(subscribers)))
        }
    } else if rabbitmq && (runs(Component::ConsumerApi) || runs(Component::DeletionJobs)) {
        Some(Arc::new(RabbitMqPublisher::new(config.bus.rabbitmq.clone())))
    } else {
        None
    };
    if let Some(transport) = transport {
        tasks.spawn(Relay::new(db.clone(), transport, clock.clone()).run(shutdown.clone()));
    }

    if runs(Component::Housekeeper) {
        tasks.spawn(Housekeeper::new(db.clone(), blobs()?, clock.clone()).run(shutdown.clone()));
    }
    if runs(Component::DeletionJobs) {
        let jobs = DeletionJobs::new(db.clone(), blobs()?, config.api.anonymous_address(), clock);
        tasks.spawn(jobs.run(shutdown));
    }
    Ok(Running { consumer_api_url, gateway_url, tasks, db: Some(db) })
}

/// Starts the gateway in front of the Consumer API instances listed in `gateway.upstreams_file`
/// (which the supervisor keeps current); returns its URL.
async fn start_gateway(
    config: &GatewayConfig,
    tasks: &mut JoinSet<()>,
    shutdown: CancellationToken,
) -> Result<String, ComponentError> {
    // What the Consumer API serves beyond its documented routes.
    let mut allow_list =
        AllowList::new().template("/connect/token")?.template("/health")?.prefix("/docs/")?;
    for template in backbone_api::route_templates() {
        allow_list = allow_list.template(&template)?;
    }
    let upstreams = backbone_gateway::upstreams::watch_configured(config, shutdown.clone())?;
    let gateway = Gateway::start(config, allow_list, upstreams).await?;
    let url = gateway.public_url();
    tasks.spawn(gateway.serve(shutdown));
    Ok(url)
}

async fn bind(listen: &str) -> Result<Vec<TcpListener>, ComponentError> {
    backbone_gateway::listen::bind(listen)
        .await
        .map_err(|source| ComponentError::Listen { address: listen.to_owned(), source })
}

/// The host clients should use: loopback addresses are named `localhost`, whose name identity
/// addresses are derived from in development.
fn url_host(listen: &str) -> String {
    let host = listen.rsplit_once(':').map_or(listen, |(host, _)| host).trim_matches(['[', ']']);
    match host.parse::<IpAddr>() {
        Ok(ip) if ip.is_loopback() => "localhost".to_owned(),
        _ => host.to_owned(),
    }
}
