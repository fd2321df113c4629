//! Landscapes: named, self-contained Backbone installations, each declared by a landscape file
//! ([`crate::spec`]) with its state (database, files, generated secrets, certificate, logs) in
//! `<home>/landscapes/<name>/`. Embedded defaults (SQLite, local files, the in-database event relay) apply
//! unless the file or the configuration says otherwise. [`crate::local`] runs them.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use backbone_domain::{Secret, SystemClock};
use backbone_vault::SecretStore;
use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use time::OffsetDateTime;

use crate::components::{Component, ComponentError};
use crate::config::BackboneConfig;
use crate::db_credentials::{Credential, CredentialError, DATABASE_ADMIN_PASSWORD, DATABASE_CREDENTIAL};
use crate::local::LocalError;
use crate::secret_settings;
use crate::secrets;
use crate::spec::{self, Kind, LandscapeSpec, RunMode, SpecError, VaultSpec};

/// The OAuth client a non-development landscape creates, with a generated secret.
pub const LANDSCAPE_CLIENT_ID: &str = "app";

/// The development OAuth client (`../shared/spec/dev-landscape.md`), known to every client test suite.
pub const DEV_CLIENT_ID: &str = "test";
pub const DEV_CLIENT_SECRET: &str = "test";

const FILE_NAME: &str = "landscape.toml";

#[derive(Debug, thiserror::Error)]
pub enum LandscapeError {
    #[error("no landscape '{0}'; create one with `backbone landscape create {0} --from stage`")]
    NotFound(String),
    #[error("'{0}' is not a landscape name: use 1 to 40 lowercase letters, digits and dashes")]
    InvalidName(String),
    #[error("landscape '{0}' exists already")]
    Exists(String),
    #[error("'{0}' is built in and cannot be destroyed; `landscape down` stops it")]
    BuiltIn(String),
    #[error("the landscape file is invalid: {0}")]
    Spec(#[from] SpecError),
    #[error(
        "the {kind} landscape needs `{key}`: set it in its landscape file's [config] or in the configuration"
    )]
    Needs { kind: &'static str, key: &'static str },
    #[error("cannot use the state directory {path}: {source}")]
    State { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Component(#[from] ComponentError),
    #[error(transparent)]
    Local(#[from] LocalError),
    #[error("cannot prepare the gateway's certificate")]
    Certificate(#[from] backbone_gateway::GatewayError),
    #[error("the landscape's vault is not usable: {0}")]
    Vault(#[from] backbone_vault::VaultError),
    #[error("`{0}` must not be configured in a {1} landscape: its secrets live in the landscape's vault")]
    PlainSecret(&'static str, &'static str),
    #[error(
        "{component} may not read {secret}: the landscape file's [secrets.{secret}] read list leaves it out"
    )]
    Denied { secret: String, component: &'static str },
    #[error(transparent)]
    Credential(#[from] CredentialError),
    #[error("the vault holds no {0}; put it with `backbone vault set {0} --landscape <name>`")]
    MissingSecret(String),
}

/// Who completes a landscape's configuration with the secrets in its vault.
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    /// The daemon: it creates missing secrets, so that every instance finds the same ones.
    ControlPlane,
    /// A process running these components: it gets the secrets they use, as far as their policies allow.
    Process(&'a [Component]),
}

impl Reader<'_> {
    /// The components of this process that use `secret`; none for the daemon.
    pub fn users(&self, secret: &str) -> Vec<Component> {
        match self {
            Reader::ControlPlane => Vec::new(),
            Reader::Process(components) => {
                crate::policy::users(secret).into_iter().filter(|user| components.contains(user)).collect()
            }
        }
    }

    /// Refuses a process whose components use `secret` unless its policy lets each of them read it.
    pub fn check(&self, spec: &LandscapeSpec, secret: &str) -> Result<(), LandscapeError> {
        match spec.access(secret).first_denied(&self.users(secret)) {
            Some(user) => Err(LandscapeError::Denied { secret: secret.to_owned(), component: user.name() }),
            None => Ok(()),
        }
    }
}

/// Where landscapes keep their state: `$BACKBONE_HOME`, else the per-user data directory.
pub fn home_dir() -> Result<PathBuf, io::Error> {
    if let Some(home) = std::env::var_os("BACKBONE_HOME").filter(|home| !home.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    directories::ProjectDirs::from("", "", "backbone")
        .map(|dirs| dirs.data_dir().to_owned())
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no home directory; set BACKBONE_HOME"))
}

/// Landscape names end up in paths, process arguments and URLs.
pub fn valid_name(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[derive(Debug, Clone)]
pub struct Landscape {
    pub name: String,
    pub state_dir: PathBuf,
    /// The home it belongs to, which holds the vaults' master key.
    home: PathBuf,
    pub spec: LandscapeSpec,
    /// The text of the landscape file (or of the built-in one not yet written).
    text: String,
}

impl Landscape {
    /// The landscape's file if it has one, else the built-in file of that name.
    pub fn open(name: &str, home: &Path) -> Result<Self, LandscapeError> {
        if !valid_name(name) {
            return Err(LandscapeError::InvalidName(name.to_owned()));
        }
        let state_dir = home.join("landscapes").join(name);
        let file = state_dir.join(FILE_NAME);
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => spec::BUILT_IN
                .iter()
                .find(|(built_in, _)| *built_in == name)
                .map(|(_, text)| (*text).to_owned())
                .ok_or_else(|| LandscapeError::NotFound(name.to_owned()))?,
            Err(source) => return Err(LandscapeError::State { path: file, source }),
        };
        let spec = LandscapeSpec::parse(&text, &file)?;
        Ok(Self { name: name.to_owned(), state_dir, home: home.to_owned(), spec, text })
    }

    /// The built-in landscapes and every other one with a file under `home`, by name.
    pub fn list(home: &Path) -> Result<Vec<Self>, LandscapeError> {
        let mut names: Vec<String> = spec::BUILT_IN.iter().map(|(name, _)| (*name).to_owned()).collect();
        let dir = home.join("landscapes");
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if valid_name(&name) && entry.path().join(FILE_NAME).is_file() && !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(LandscapeError::State { path: dir, source }),
        }
        names.sort();
        names.iter().map(|name| Self::open(name, home)).collect()
    }

    /// A new landscape with `from`'s file, its own state, a port of its own, and an optional expiry.
    pub fn create(
        name: &str,
        from: &Landscape,
        expires_at: Option<OffsetDateTime>,
        home: &Path,
    ) -> Result<Self, LandscapeError> {
        if !valid_name(name) {
            return Err(LandscapeError::InvalidName(name.to_owned()));
        }
        if Self::open(name, home).is_ok() {
            return Err(LandscapeError::Exists(name.to_owned()));
        }
        let mut spec = from.spec.clone();
        spec.expires_at = expires_at;
        // Port 0: the system picks a free one, so that copies never collide with their original.
        let host = spec.listen.rsplit_once(':').map_or("localhost", |(host, _)| host).to_owned();
        spec.listen = format!("{host}:0");
        let text =
            format!("# Created from '{}' by `backbone landscape create`.\n{}", from.name, spec.to_toml());
        let state_dir = home.join("landscapes").join(name);
        let landscape = Self { name: name.to_owned(), state_dir, home: home.to_owned(), spec, text };
        landscape.write_file()?;
        Ok(landscape)
    }

    /// Deletes the landscape's state and file. Built-in landscapes cannot be destroyed.
    pub fn destroy(self) -> Result<(), LandscapeError> {
        if self.is_built_in() {
            return Err(LandscapeError::BuiltIn(self.name));
        }
        match std::fs::remove_dir_all(&self.state_dir) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(LandscapeError::State { path: self.state_dir, source }),
        }
    }

    pub fn is_built_in(&self) -> bool {
        spec::BUILT_IN.iter().any(|(name, _)| *name == self.name)
    }

    pub fn kind(&self) -> Kind {
        self.spec.kind
    }

    pub fn file(&self) -> PathBuf {
        self.state_dir.join(FILE_NAME)
    }

    pub fn log_dir(&self) -> PathBuf {
        self.state_dir.join("logs")
    }

    /// The setting of the landscape's public listener.
    pub fn public_listen_key(&self) -> &'static str {
        match self.spec.run {
            RunMode::OneProcess => "server.listen",
            RunMode::Processes => "gateway.listen",
        }
    }

    /// The landscape's configuration under the user's layers: the defaults of its kind, then its file's
    /// `listen` and `[config]`.
    pub fn profile(&self) -> Figment {
        let file = Figment::from(Toml::string(&self.text)).focus("config");
        kind_defaults(self.spec.kind)
            .merge(Serialized::default(self.public_listen_key(), &self.spec.listen))
            .merge(file)
    }

    /// Completes `config` with what the landscape keeps in its state directory: generated secrets
    /// (token signing key, client secrets), the database, file storage, and the gateway's certificate
    /// and instance list. Every process of the landscape does the same and gets the same result.
    pub async fn prepare(
        &self,
        mut config: BackboneConfig,
        reader: Reader<'_>,
    ) -> Result<BackboneConfig, LandscapeError> {
        self.write_file()?;
        let vault = if self.uses_vault() { Some(self.vault()?) } else { None };
        if let Some(vault) = &vault {
            self.secrets_from_vault(vault.as_ref(), &mut config, reader).await?;
        } else {
            let state_error = |source| LandscapeError::State { path: self.state_dir.clone(), source };
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
        }
        let prod = self.kind() == Kind::Prod;
        let needs = |key| LandscapeError::Needs { kind: self.kind().name(), key };
        if config.database.url.is_none() {
            config.database.url = Some(self.default_database_url().ok_or_else(|| needs("database.url"))?);
        }
        if let Some(vault) = &vault {
            self.database_credential_from_vault(vault.as_ref(), &mut config, reader).await?;
            secret_settings::load(&self.spec, vault.as_ref(), &mut config, reader, self.kind().name())
                .await?;
        }
        if config.blob.url.is_none() {
            config.blob.url = Some(format!("file://{}", self.state_dir.join("blobs").display()));
        }
        if self.spec.run == RunMode::Processes {
            if config.gateway.tls.cert_file.is_none() {
                if prod {
                    return Err(needs("gateway.tls.cert_file"));
                }
                let dir = self.state_dir.join("tls");
                if let Some(vault) = &vault {
                    config.gateway.tls.cert_file =
                        Some(self_signed_in_vault(vault.as_ref(), &dir, reader).await?);
                } else {
                    let certificate = backbone_gateway::tls::ensure_self_signed(&dir)?;
                    config.gateway.tls.cert_file = Some(certificate.cert_file);
                    config.gateway.tls.key_file = Some(certificate.key_file);
                }
            }
            if config.gateway.upstreams_file.is_none() {
                config.gateway.upstreams_file = Some(self.state_dir.join("upstreams.json"));
            }
        }
        Ok(config)
    }

    /// Whether its secrets live in its vault: every kind but `dev`, whose secrets are the development ones.
    pub fn uses_vault(&self) -> bool {
        self.kind() != Kind::Dev
    }

    /// Its vault: the local one in its state directory (created on first use), or Azure Key Vault.
    pub fn vault(&self) -> Result<Arc<dyn SecretStore>, LandscapeError> {
        Ok(match &self.spec.vault {
            VaultSpec::Local => Arc::new(secrets::open(&self.state_dir, &self.home)?),
            VaultSpec::AzureKeyVault(config) => Arc::new(
                backbone_vault::AzureKeyVault::with_default_credential(config, Arc::new(SystemClock))?,
            ),
        })
    }

    /// Whether its vault exists already: a local one is created when the landscape first starts.
    pub fn has_vault(&self) -> bool {
        self.uses_vault()
            && match self.spec.vault {
                VaultSpec::Local => self.state_dir.join("vault").exists(),
                VaultSpec::AzureKeyVault(_) => true,
            }
    }

    /// The signing key and client secrets: the vault's current versions, generated on first use. A process
    /// gets them only if it runs the Consumer API, which uses them, and the secrets' policies allow it.
    async fn secrets_from_vault(
        &self,
        vault: &dyn SecretStore,
        config: &mut BackboneConfig,
        reader: Reader<'_>,
    ) -> Result<(), LandscapeError> {
        let plain = |key| LandscapeError::PlainSecret(key, self.kind().name());
        if !config.api.access_tokens.signing_key.expose().is_empty() {
            return Err(plain("api.access_tokens.signing_key"));
        }
        if config.api.clients.iter().any(|client| !client.client_secret.expose().is_empty()) {
            return Err(plain("api.clients.client_secret"));
        }
        if matches!(reader, Reader::Process(_)) && reader.users(secrets::SIGNING_KEY).is_empty() {
            return Ok(());
        }
        let load = async |name: backbone_vault::SecretName| {
            reader.check(&self.spec, name.as_str())?;
            Ok::<_, LandscapeError>(secrets::current_or_generated(vault, &name).await?)
        };
        let signing_key = backbone_vault::SecretName::new(secrets::SIGNING_KEY)?;
        let held = vault.holds_key(&signing_key);
        let signing_value = load(signing_key).await?;
        // A key the vault holds signs in the vault; the Consumer API starts with a random key of its own,
        // which the vault's keys replace before it serves (`secrets::Follower::start`).
        config.api.access_tokens.signing_key = if held { secrets::generate() } else { signing_value };
        for client in &mut config.api.clients {
            client.client_secret = load(secrets::client_secret(&client.client_id)?).await?;
        }
        Ok(())
    }

    /// On PostgreSQL, the credential to connect with: the daemon connects as the configured administrator
    /// (with the vault's `database-admin-password`, if any), instances as the vault's current login.
    async fn database_credential_from_vault(
        &self,
        vault: &dyn SecretStore,
        config: &mut BackboneConfig,
        reader: Reader<'_>,
    ) -> Result<(), LandscapeError> {
        let Some(url) = &config.database.url else { return Ok(()) };
        if !matches!(backbone_store::Engine::from_url(url.expose()), Ok(backbone_store::Engine::Postgres)) {
            return Ok(());
        }
        if backbone_store::has_password(url.expose()) {
            return Err(LandscapeError::PlainSecret("database.url (its password)", self.kind().name()));
        }
        let (secret, users) = match reader {
            Reader::ControlPlane => (DATABASE_ADMIN_PASSWORD, Vec::new()),
            Reader::Process(_) => {
                let users = reader.users(DATABASE_CREDENTIAL);
                if users.is_empty() {
                    return Ok(());
                }
                (DATABASE_CREDENTIAL, users)
            }
        };
        reader.check(&self.spec, secret)?;
        let value = match vault.current(&backbone_vault::SecretName::new(secret)?).await {
            Ok(current) => current.value,
            // Not every database asks the administrator for a password.
            Err(backbone_vault::VaultError::NotFound(_)) if users.is_empty() => return Ok(()),
            Err(error) => return Err(error.into()),
        };
        let with = |user: Option<&str>, password: &Secret| {
            backbone_store::with_credential(url.expose(), user, password).map_err(CredentialError::from)
        };
        let url = if users.is_empty() {
            with(None, &value)?
        } else {
            let login = Credential::parse(&value)?;
            with(Some(&login.user), &login.password)?
        };
        config.database.url = Some(url);
        Ok(())
    }

    /// The database when none is configured: SQLite in the state directory, except for `prod`, which must
    /// be told.
    pub fn default_database_url(&self) -> Option<Secret> {
        (self.kind() != Kind::Prod)
            .then(|| Secret::new(format!("sqlite://{}", self.state_dir.join("backbone.db").display())))
    }

    /// Writes the landscape file (a built-in one on first use), so that operators find it to edit.
    fn write_file(&self) -> Result<(), LandscapeError> {
        let state_error = |source| LandscapeError::State { path: self.state_dir.clone(), source };
        std::fs::create_dir_all(&self.state_dir).map_err(state_error)?;
        let file = self.file();
        if !file.exists() {
            let partial = file.with_extension("toml.partial");
            std::fs::write(&partial, &self.text).map_err(state_error)?;
            std::fs::rename(&partial, &file).map_err(state_error)?;
        }
        Ok(())
    }
}

/// The configuration defaults of a kind: for `dev`, those of the reference's development setup;
/// otherwise production rules with one OAuth client whose secret is generated.
fn kind_defaults(kind: Kind) -> Figment {
    if kind != Kind::Dev {
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

/// A landscape's self-signed gateway certificate when it has a vault: the certificate in `dir`, its key in
/// the vault (`gateway-tls-key`). The daemon makes them, taking over the key file of an earlier version;
/// returns the certificate's path.
async fn self_signed_in_vault(
    vault: &dyn SecretStore,
    dir: &Path,
    reader: Reader<'_>,
) -> Result<PathBuf, LandscapeError> {
    let name = backbone_vault::SecretName::new(secret_settings::GATEWAY_TLS_KEY)?;
    let cert_file = dir.join("gateway-cert.pem");
    let has_key = match vault.current(&name).await {
        Ok(_) => true,
        Err(backbone_vault::VaultError::NotFound(_)) => false,
        Err(error) => return Err(error.into()),
    };
    if cert_file.is_file() && has_key {
        return Ok(cert_file);
    }
    if matches!(reader, Reader::Process(_)) {
        return Err(LandscapeError::MissingSecret(name.to_string()));
    }
    let key_file = dir.join("gateway-key.pem");
    if cert_file.is_file() && key_file.is_file() {
        let state_error = |source| LandscapeError::State { path: key_file.clone(), source };
        let key = std::fs::read_to_string(&key_file).map_err(state_error)?;
        vault.put(&name, Secret::new(key), "landscape").await?;
        std::fs::remove_file(&key_file).map_err(state_error)?;
        return Ok(cert_file);
    }
    let generated = backbone_gateway::tls::self_signed()?;
    vault.put(&name, generated.key_pem, "landscape").await?;
    Ok(backbone_gateway::tls::write_certificate(dir, &generated.cert_pem)?)
}

/// A secret of the landscape (a signing key, a client secret): created once, then reused, so that
/// tokens and clients survive restarts. Readable only by the owner.
fn generated_secret(dir: &Path, name: &str) -> io::Result<Secret> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(key) => Ok(Secret::new(key.trim())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)?;
            let key = secrets::generate();
            write_private(&path, key.expose())?;
            Ok(key)
        }
        Err(error) => Err(error),
    }
}

/// Creates `path` readable only by its owner.
#[cfg(unix)]
pub fn write_private(path: &Path, content: &str) -> io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(content.as_bytes())
}

#[cfg(not(unix))]
pub fn write_private(path: &Path, content: &str) -> io::Result<()> {
    std::fs::write(path, content)
}
