//! Landscapes: named, self-contained Backbone installations. This one runs a landscape's components
//! in the current process on loopback, with embedded defaults (SQLite and the in-database event
//! relay); its state lives in `<home>/landscapes/<name>/`.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use backbone_api::ConsumerApi;
use backbone_blob::BlobStore;
use backbone_bus::{InProcess, Relay};
use backbone_domain::{Secret, SystemClock};
use backbone_housekeeper::Housekeeper;
use backbone_store::Db;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use figment::Figment;
use figment::providers::Serialized;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::config::BackboneConfig;

/// The landscapes this build can run on one machine.
pub const KNOWN_LANDSCAPES: [&str; 1] = ["dev"];

/// The development OAuth client (`../shared/spec/dev-landscape.md`), known to every client test suite.
pub const DEV_CLIENT_ID: &str = "test";
pub const DEV_CLIENT_SECRET: &str = "test";

#[derive(Debug, thiserror::Error)]
pub enum LandscapeError {
    #[error("unknown landscape '{0}'; this build runs: dev")]
    Unknown(String),
    #[error("cannot find a home directory; set BACKBONE_HOME")]
    NoHome,
    #[error("cannot prepare the state directory {path}: {source}")]
    State { path: PathBuf, source: io::Error },
    #[error("cannot listen on {address}: {source}")]
    Listen { address: String, source: io::Error },
    #[error("the database is not usable")]
    Database(#[from] backbone_store::StoreError),
    #[error("the blob storage is not usable")]
    Blob(#[from] backbone_blob::BlobError),
    #[error("the consumer api cannot start")]
    Api(#[from] backbone_api::StartError),
}

/// Where landscapes keep their state: `$BACKBONE_HOME`, else the per-user data directory.
pub fn home_dir() -> Result<PathBuf, LandscapeError> {
    if let Some(home) = std::env::var_os("BACKBONE_HOME").filter(|home| !home.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    directories::ProjectDirs::from("", "", "backbone")
        .map(|dirs| dirs.data_dir().to_owned())
        .ok_or(LandscapeError::NoHome)
}

#[derive(Debug, Clone)]
pub struct Landscape {
    pub name: String,
    pub state_dir: PathBuf,
}

/// What a running landscape tells its user.
#[derive(Debug, Clone, Serialize)]
pub struct LandscapeInfo {
    pub landscape: String,
    pub consumer_api_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub state_dir: PathBuf,
}

impl Landscape {
    pub fn open(name: &str, home: &Path) -> Result<Self, LandscapeError> {
        if !KNOWN_LANDSCAPES.contains(&name) {
            return Err(LandscapeError::Unknown(name.to_owned()));
        }
        Ok(Self { name: name.to_owned(), state_dir: home.join("landscapes").join(name) })
    }

    /// The landscape's configuration defaults: for `dev`, those of the reference's development setup.
    pub fn profile(&self) -> Figment {
        Figment::new()
            .merge(Serialized::default("api.password_policy", "relaxed"))
            .merge(Serialized::default("api.lockout.duration_seconds", 60))
            .merge(Serialized::default("api.did_domain", "localhost"))
            .merge(Serialized::default("api.messages.max_recipients", 5))
            .merge(Serialized::default(
                "api.clients",
                [serde_json::json!({ "client_id": DEV_CLIENT_ID, "client_secret": DEV_CLIENT_SECRET, "default_tier": "Basic" })],
            ))
    }

    /// Starts the landscape's components; they run until `shutdown` is cancelled.
    pub async fn up(
        &self,
        mut config: BackboneConfig,
        shutdown: CancellationToken,
    ) -> Result<RunningLandscape, LandscapeError> {
        let state_error = |source| LandscapeError::State { path: self.state_dir.clone(), source };
        std::fs::create_dir_all(&self.state_dir).map_err(state_error)?;
        if config.api.access_tokens.signing_key.expose().is_empty() {
            config.api.access_tokens.signing_key =
                signing_key(&self.state_dir.join("secrets")).map_err(state_error)?;
        }
        let database_url = match &config.database.url {
            Some(url) => url.expose().to_owned(),
            None => format!("sqlite://{}", self.state_dir.join("backbone.db").display()),
        };

        let blob_url = match &config.blob.url {
            Some(url) => url.clone(),
            None => format!("file://{}", self.state_dir.join("blobs").display()),
        };
        let blobs = BlobStore::open(&blob_url, &config.blob.options)?;

        let db = Db::connect(&database_url).await?;
        db.migrate().await?;
        let clock = Arc::new(SystemClock);
        let api = ConsumerApi::start(&config.api, db.clone(), blobs.clone(), clock.clone()).await?;
        let listeners = bind(&config.server.listen).await?;
        let port = listeners
            .first()
            .and_then(|listener| listener.local_addr().ok())
            .map_or(0, |address| address.port());

        let mut tasks = JoinSet::new();
        let subscribers = backbone_api::event_subscribers(&config.api, &db, clock.clone())?;
        let relay = Relay::new(db.clone(), Arc::new(InProcess::new(subscribers)), clock.clone());
        tasks.spawn(relay.run(shutdown.clone()));
        tasks.spawn(Housekeeper::new(db.clone(), blobs, clock.clone()).run(shutdown.clone()));
        tasks.spawn(async move {
            if let Err(error) = api.serve(listeners, shutdown).await {
                tracing::error!(%error, "consumer api stopped");
            }
        });
        let info = LandscapeInfo {
            landscape: self.name.clone(),
            consumer_api_url: format!("http://{}:{port}", url_host(&config.server.listen)),
            client_id: config.api.clients.first().map(|client| client.client_id.clone()).unwrap_or_default(),
            client_secret: config
                .api
                .clients
                .first()
                .map(|client| client.client_secret.expose().to_owned())
                .unwrap_or_default(),
            state_dir: self.state_dir.clone(),
        };
        Ok(RunningLandscape { info, tasks, db })
    }
}

pub struct RunningLandscape {
    pub info: LandscapeInfo,
    tasks: JoinSet<()>,
    db: Db,
}

impl RunningLandscape {
    /// Waits until every component has stopped, then closes the database.
    pub async fn wait(mut self) {
        while self.tasks.join_next().await.is_some() {}
        self.db.close().await;
    }
}

/// The landscape's token signing key: created once, then reused so that tokens survive restarts.
fn signing_key(dir: &Path) -> io::Result<Secret> {
    let path = dir.join("access-token-signing-key");
    match std::fs::read_to_string(&path) {
        Ok(key) => Ok(Secret::new(key.trim())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)?;
            let key = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 48]>());
            write_private(&path, &key)?;
            Ok(Secret::new(key))
        }
        Err(error) => Err(error),
    }
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) -> io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) -> io::Result<()> {
    std::fs::write(path, content)
}

/// Binds `host:port`; `localhost` binds both loopback addresses on the same port, because clients
/// resolve it to either.
async fn bind(listen: &str) -> Result<Vec<TcpListener>, LandscapeError> {
    let listen_error = |source| LandscapeError::Listen { address: listen.to_owned(), source };
    let Some((host, port)) = listen.rsplit_once(':') else {
        return Err(listen_error(io::Error::new(io::ErrorKind::InvalidInput, "expected host:port")));
    };
    let port: u16 = port
        .parse()
        .map_err(|_| listen_error(io::Error::new(io::ErrorKind::InvalidInput, "invalid port")))?;
    if host != "localhost" {
        return Ok(vec![TcpListener::bind(listen).await.map_err(listen_error)?]);
    }
    let first = TcpListener::bind(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port))
        .await
        .map_err(listen_error)?;
    let port = first.local_addr().map_err(listen_error)?.port();
    let mut listeners = vec![first];
    match TcpListener::bind(SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), port)).await {
        Ok(second) => listeners.push(second),
        Err(error) => tracing::debug!(%error, "IPv6 loopback unavailable; listening on 127.0.0.1 only"),
    }
    Ok(listeners)
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
