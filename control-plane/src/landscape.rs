//! Landscapes: named, self-contained Backbone installations. This one runs a landscape's components
//! in the current process on loopback, with embedded defaults (SQLite and the in-database event
//! relay) unless configured otherwise; its state lives in `<home>/landscapes/<name>/`.

use std::io;
use std::path::{Path, PathBuf};

use backbone_blob::BlobStore;
use backbone_domain::Secret;
use backbone_store::Db;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use figment::Figment;
use figment::providers::Serialized;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::components::{self, Component, ComponentError, Running};
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
    #[error("the database is not usable")]
    Database(#[from] backbone_store::StoreError),
    #[error("the blob storage is not usable")]
    Blob(#[from] backbone_blob::BlobError),
    #[error(transparent)]
    Component(#[from] ComponentError),
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
        let running =
            components::start(&Component::IN_ONE_PROCESS, &config, Some(db), Some(blobs), shutdown).await?;
        let info = LandscapeInfo {
            landscape: self.name.clone(),
            consumer_api_url: running.consumer_api_url.clone().unwrap_or_default(),
            client_id: config.api.clients.first().map(|client| client.client_id.clone()).unwrap_or_default(),
            client_secret: config
                .api
                .clients
                .first()
                .map(|client| client.client_secret.expose().to_owned())
                .unwrap_or_default(),
            state_dir: self.state_dir.clone(),
        };
        Ok(RunningLandscape { info, components: running })
    }
}

pub struct RunningLandscape {
    pub info: LandscapeInfo,
    components: Running,
}

impl RunningLandscape {
    /// Waits until every component has stopped.
    pub async fn wait(self) {
        self.components.wait().await;
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
