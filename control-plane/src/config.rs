//! Configuration, layered: built-in defaults, then the landscape's profile, then a TOML file, then
//! `BACKBONE_*` environment variables (`__` separates levels: `BACKBONE_API__DID_DOMAIN`), then flags.
//! Unknown keys are rejected with the key and where it came from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use backbone_api::ApiConfig;
use backbone_bus::RabbitMqConfig;
use backbone_domain::Secret;
use backbone_gateway::GatewayConfig;
use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the configuration format this build reads.
pub const CONFIG_VERSION: u32 = 1;

/// Everything a Backbone process can be configured with.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BackboneConfig {
    /// The version of this configuration format.
    pub version: u32,
    /// Where the Consumer API listens.
    pub server: ServerConfig,
    /// The database all modules store their data in.
    pub database: DatabaseConfig,
    /// Where file contents are stored.
    pub blob: BlobConfig,
    /// Logging to standard error.
    pub log: LogConfig,
    /// How domain events travel from the components that write them to the event handler.
    pub bus: BusConfig,
    /// The Consumer API.
    pub api: ApiConfig,
    /// The gateway: the public HTTPS entry point in front of the Consumer API instances.
    pub gateway: GatewayConfig,
}

impl Default for BackboneConfig {
    fn default() -> Self {
        Self {
            version: CONFIG_VERSION,
            server: ServerConfig::default(),
            database: DatabaseConfig::default(),
            blob: BlobConfig::default(),
            log: LogConfig::default(),
            bus: BusConfig::default(),
            api: ApiConfig::default(),
            gateway: GatewayConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// `host:port` to listen on; `localhost` binds every loopback address. Port 0 picks a free port.
    pub listen: String,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self { listen: "localhost:8080".to_owned() }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://<file>` or `postgres://user:password@host/db`. Default: SQLite in the landscape's
    /// state directory.
    pub url: Option<Secret>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BlobConfig {
    /// `file:///dir`, `az://container` or `s3://bucket`. Default: a directory in the landscape's state
    /// directory.
    pub url: Option<String>,
    /// `object_store` settings of the engine, such as `azure_storage_account_name`,
    /// `azure_storage_account_key`, `azure_storage_endpoint`, `aws_region`, `aws_access_key_id`.
    pub options: BTreeMap<String, Secret>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BusConfig {
    /// `embedded`: the event handler reads the database's outbox itself (processes on one
    /// database). `rabbitmq`: every process publishes its outbox to RabbitMQ and event handlers
    /// consume from there, so that several can share the work.
    pub transport: BusTransport,
    /// The broker, when `transport` is `rabbitmq`.
    pub rabbitmq: RabbitMqConfig,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BusTransport {
    #[default]
    Embedded,
    Rabbitmq,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// A tracing filter such as `info` or `backbone_api=debug,info`; `RUST_LOG` overrides it.
    pub filter: String,
    /// `text` for people, `json` for log collectors.
    pub format: LogFormat,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self { filter: "info".to_owned(), format: LogFormat::Text }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// The configuration is invalid; the message names the key and its source.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("invalid configuration: {0}")]
    Invalid(Box<figment::Error>),
    #[error("configuration version {found} is not supported; this build reads version {CONFIG_VERSION}")]
    Version { found: u32 },
}

/// The sections a `BACKBONE_*` variable may configure; others (`BACKBONE_HOME`, …) are not config keys.
const SECTIONS: [&str; 8] = ["version", "server", "database", "blob", "log", "bus", "api", "gateway"];

/// Whether an environment variable sets a configuration key (`BACKBONE_API__DID_DOMAIN`), as opposed to
/// one that steers the CLI (`BACKBONE_HOME`, `BACKBONE_OUTPUT`).
pub fn is_config_variable(name: &str) -> bool {
    name.strip_prefix(VARIABLE_PREFIX).is_some_and(|key| {
        let section = key.split("__").next().unwrap_or_default();
        SECTIONS.iter().any(|known| section.eq_ignore_ascii_case(known))
    })
}

const VARIABLE_PREFIX: &str = "BACKBONE_";

/// Configuration variables as a figment provider; errors name them as `BACKBONE_SECTION__KEY`.
struct Variables(Vec<(String, String)>);

impl figment::Provider for Variables {
    fn metadata(&self) -> figment::Metadata {
        figment::Metadata::named("environment variable(s)").interpolater(|_, keys| {
            let keys: Vec<String> = keys.iter().map(|key| key.to_ascii_uppercase()).collect();
            format!("{VARIABLE_PREFIX}{}", keys.join("__"))
        })
    }

    fn data(&self) -> Result<figment::value::Map<figment::Profile, figment::value::Dict>, figment::Error> {
        let mut dict = figment::value::Dict::new();
        for (name, value) in &self.0 {
            let Some(key) = name.strip_prefix(VARIABLE_PREFIX) else { continue };
            let key = key.to_ascii_lowercase().replace("__", ".");
            let value: figment::value::Value = value.parse().unwrap_or_else(|never| match never {});
            insert(&mut dict, &key.split('.').collect::<Vec<_>>(), value);
        }
        Ok(figment::Profile::Default.collect(dict))
    }
}

/// Sets `path` in `dict`, creating the tables on the way; a later variable wins over an earlier one.
fn insert(dict: &mut figment::value::Dict, path: &[&str], value: figment::value::Value) {
    use figment::value::{Dict, Value};
    match path {
        [] => {}
        [key] => {
            dict.insert((*key).to_owned(), value);
        }
        [key, rest @ ..] => {
            let entry = dict.entry((*key).to_owned()).or_insert_with(|| Value::from(Dict::new()));
            if !matches!(entry, Value::Dict(..)) {
                *entry = Value::from(Dict::new());
            }
            if let Value::Dict(_, inner) = entry {
                insert(inner, rest, value);
            }
        }
    }
}

/// Builds the effective configuration from its layers; `flags` are `(dotted.key, value)` pairs.
pub struct ConfigLoader {
    figment: Figment,
}

impl ConfigLoader {
    /// Starts from a landscape's profile (values that differ per landscape); what no layer sets
    /// takes the built-in default through `#[serde(default)]`. Defaults are not serialised into the
    /// figment, because secrets serialise redacted.
    pub fn new(profile: Figment) -> Self {
        Self { figment: profile }
    }

    /// For processes outside a landscape: only the built-in defaults under the other layers.
    pub fn without_profile() -> Self {
        Self::new(Figment::new())
    }

    pub fn file(mut self, path: Option<&Path>) -> Result<Self, ConfigError> {
        if let Some(path) = path {
            if !path.is_file() {
                return Err(ConfigError::MissingFile(path.to_owned()));
            }
            self.figment = self.figment.merge(Toml::file_exact(path));
        }
        Ok(self)
    }

    /// The `BACKBONE_*` variables of this process.
    pub fn env(self) -> Self {
        self.variables(std::env::vars())
    }

    /// `BACKBONE_*` variables given as pairs: those of the caller of a daemon's `landscape up`, which the
    /// landscape's instances see as their environment.
    pub fn variables(mut self, vars: impl IntoIterator<Item = (String, String)>) -> Self {
        let vars = vars.into_iter().filter(|(name, _)| is_config_variable(name)).collect();
        self.figment = self.figment.merge(Variables(vars));
        self
    }

    pub fn flag<V: Serialize>(mut self, key: &str, value: Option<V>) -> Self {
        if let Some(value) = value {
            self.figment = self.figment.merge(Serialized::global(key, value));
        }
        self
    }

    pub fn load(self) -> Result<BackboneConfig, ConfigError> {
        let config: BackboneConfig =
            self.figment.extract().map_err(|error| ConfigError::Invalid(Box::new(error)))?;
        if config.version != CONFIG_VERSION {
            return Err(ConfigError::Version { found: config.version });
        }
        Ok(config)
    }
}

impl BackboneConfig {
    /// The configuration as TOML, with secrets redacted.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}
