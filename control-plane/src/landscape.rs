//! Landscapes: named, self-contained Backbone installations on one machine, with embedded defaults
//! (SQLite, local files, the in-database event relay) unless configured otherwise; the state of each
//! lives in `<home>/landscapes/<name>/`. `dev` runs its components in this process; `stage` runs each
//! instance as a supervised process behind the gateway ([`crate::local`]).

use std::io;
use std::path::{Path, PathBuf};

use backbone_domain::Secret;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use figment::Figment;
use figment::providers::Serialized;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::components::{self, Component, ComponentError, Running};
use crate::config::BackboneConfig;
use crate::local::{Launch, LocalError, Supervised};

/// The landscapes this build can run on one machine.
pub const KNOWN_LANDSCAPES: [&str; 2] = ["dev", "stage"];

/// What `stage` runs: two Consumer API instances behind the gateway, one of everything else.
const STAGE: [(Component, usize); 5] = [
    (Component::ConsumerApi, 2),
    (Component::EventHandler, 1),
    (Component::Housekeeper, 1),
    (Component::DeletionJobs, 1),
    (Component::Gateway, 1),
];

/// The OAuth client a non-development landscape creates, with a generated secret.
pub const LANDSCAPE_CLIENT_ID: &str = "app";

/// The development OAuth client (`../shared/spec/dev-landscape.md`), known to every client test suite.
pub const DEV_CLIENT_ID: &str = "test";
pub const DEV_CLIENT_SECRET: &str = "test";

#[derive(Debug, thiserror::Error)]
pub enum LandscapeError {
    #[error("unknown landscape '{0}'; this build runs: dev, stage")]
    Unknown(String),
    #[error("cannot find a home directory; set BACKBONE_HOME")]
    NoHome,
    #[error("cannot prepare the state directory {path}: {source}")]
    State { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Component(#[from] ComponentError),
    #[error(transparent)]
    Local(#[from] LocalError),
    #[error("cannot prepare the gateway's certificate")]
    Certificate(#[from] backbone_gateway::GatewayError),
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

    fn is_dev(&self) -> bool {
        self.name == "dev"
    }

    /// The setting of the landscape's public listener: the Consumer API's in `dev`, else the gateway's.
    pub fn public_listen_key(&self) -> &'static str {
        if self.is_dev() { "server.listen" } else { "gateway.listen" }
    }

    /// The landscape's configuration defaults: for `dev`, those of the reference's development setup;
    /// otherwise production rules with one OAuth client whose secret is generated.
    pub fn profile(&self) -> Figment {
        if !self.is_dev() {
            return Figment::new().merge(Serialized::default("api.did_domain", "localhost")).merge(
                Serialized::default(
                    "api.clients",
                    [serde_json::json!({ "client_id": LANDSCAPE_CLIENT_ID, "client_secret": "", "default_tier": "Basic" })],
                ),
            );
        }
        Figment::new()
            .merge(Serialized::default("api.password_policy", "relaxed"))
            .merge(Serialized::default("api.lockout.duration_seconds", 60))
            .merge(Serialized::default("api.did_domain", "localhost"))
            .merge(Serialized::default("api.messages.max_recipients", 5))
            .merge(Serialized::default(
                "api.notification_texts",
                [serde_json::json!({ "code": "TestCode", "translations": {
                    "en": { "title": "Test Title", "body": "Test Body" },
                    "de": { "title": "Test Titel", "body": "Test Inhalt" },
                }})],
            ))
            .merge(Serialized::default(
                "api.clients",
                [serde_json::json!({ "client_id": DEV_CLIENT_ID, "client_secret": DEV_CLIENT_SECRET, "default_tier": "Basic" })],
            ))
    }

    /// Completes `config` with what the landscape keeps in its state directory: generated secrets
    /// (token signing key, client secrets), the database, file storage, and the gateway's certificate
    /// and instance list. Every process of the landscape does the same and gets the same result.
    pub fn prepare(&self, mut config: BackboneConfig) -> Result<BackboneConfig, LandscapeError> {
        let state_error = |source| LandscapeError::State { path: self.state_dir.clone(), source };
        std::fs::create_dir_all(&self.state_dir).map_err(state_error)?;
        let secrets = self.state_dir.join("secrets");
        if config.api.access_tokens.signing_key.expose().is_empty() {
            config.api.access_tokens.signing_key =
                generated_secret(&secrets, "access-token-signing-key").map_err(state_error)?;
        }
        for client in &mut config.api.clients {
            if client.client_secret.expose().is_empty() {
                let name = format!("client-secret-{}", client.client_id);
                client.client_secret = generated_secret(&secrets, &name).map_err(state_error)?;
            }
        }
        if config.database.url.is_none() {
            let url = format!("sqlite://{}", self.state_dir.join("backbone.db").display());
            config.database.url = Some(Secret::new(url));
        }
        if config.blob.url.is_none() {
            config.blob.url = Some(format!("file://{}", self.state_dir.join("blobs").display()));
        }
        if !self.is_dev() {
            if config.gateway.tls.cert_file.is_none() {
                let certificate = backbone_gateway::tls::ensure_self_signed(&self.state_dir.join("tls"))?;
                config.gateway.tls.cert_file = Some(certificate.cert_file);
                config.gateway.tls.key_file = Some(certificate.key_file);
            }
            if config.gateway.upstreams_file.is_none() {
                config.gateway.upstreams_file = Some(self.state_dir.join("upstreams.json"));
            }
        }
        Ok(config)
    }

    /// Starts the landscape; it runs until `shutdown` is cancelled. `program` and `config_file` are
    /// how supervised instances are started (the `backbone` binary and the user's file).
    pub async fn up(
        &self,
        config: BackboneConfig,
        program: &Path,
        config_file: Option<&Path>,
        shutdown: CancellationToken,
    ) -> Result<RunningLandscape, LandscapeError> {
        let config = self.prepare(config)?;
        let client = config.api.clients.first();
        let mut info = LandscapeInfo {
            landscape: self.name.clone(),
            consumer_api_url: String::new(),
            client_id: client.map(|client| client.client_id.clone()).unwrap_or_default(),
            client_secret: client.map(|client| client.client_secret.expose().to_owned()).unwrap_or_default(),
            state_dir: self.state_dir.clone(),
        };
        if self.is_dev() {
            let (db, blobs) = components::open_backends(&Component::IN_ONE_PROCESS, &config).await?;
            let running = components::start(&Component::IN_ONE_PROCESS, &config, db, blobs, shutdown).await?;
            info.consumer_api_url = running.consumer_api_url.clone().unwrap_or_default();
            return Ok(RunningLandscape { info, run: Run::InProcess(running) });
        }
        // Migrations run once, here, before any instance starts.
        let (db, _) = components::open_backends(&[Component::EventHandler], &config).await?;
        if let Some(db) = db {
            db.close().await;
        }
        let launch = Launch {
            program,
            landscape: &self.name,
            config_file,
            public_listen: &config.gateway.listen,
            log_dir: self.state_dir.join("logs"),
            upstreams_file: config.gateway.upstreams_file.clone().unwrap_or_default(),
            certificate: config.gateway.tls.cert_file.clone(),
        };
        let supervised = Supervised::start(&launch, &STAGE, shutdown.clone()).await?;
        info.consumer_api_url = supervised.gateway_url.clone();
        Ok(RunningLandscape { info, run: Run::Supervised(supervised, shutdown) })
    }
}

pub struct RunningLandscape {
    pub info: LandscapeInfo,
    run: Run,
}

enum Run {
    InProcess(Running),
    Supervised(Supervised, CancellationToken),
}

impl RunningLandscape {
    /// Waits until every component has stopped.
    pub async fn wait(self) {
        match self.run {
            Run::InProcess(running) => running.wait().await,
            Run::Supervised(supervised, shutdown) => supervised.wait(shutdown).await,
        }
    }
}

/// A secret of the landscape (a signing key, a client secret): created once, then reused, so that
/// tokens and clients survive restarts. Readable only by the owner.
fn generated_secret(dir: &Path, name: &str) -> io::Result<Secret> {
    let path = dir.join(name);
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
