//! Landscape files: what a landscape runs, declared in `<home>/landscapes/<name>/landscape.toml`.
//!
//! A file names the kind of defaults it starts from (`dev`, `stage`, `prod`), how its components run (all
//! in one process, or each instance its own process behind the gateway), where it listens, its components
//! with their replicas and autoscaling policies, and under `[config]` any setting of the configuration
//! file (backends, limits, ports). `dev`, `stage` and `prod` have built-in files, written to the state
//! directory on first use so that operators can edit them; `landscape create` copies one for a temporary
//! landscape, with an expiry.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::autoscale::AutoscalePolicy;
use crate::components::Component;
use crate::policy::{AccessPolicy, Principal};

pub const DEV: &str = include_str!("landscapes/dev.toml");
pub const STAGE: &str = include_str!("landscapes/stage.toml");
pub const PROD: &str = include_str!("landscapes/prod.toml");

/// The landscapes every installation has.
pub const BUILT_IN: [(&str, &str); 3] = [("dev", DEV), ("stage", STAGE), ("prod", PROD)];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandscapeSpec {
    /// The defaults it starts from.
    pub kind: Kind,
    pub run: RunMode,
    /// The public listener, `host:port`: the gateway's, or the Consumer API's when all runs in one process.
    pub listen: String,
    /// When a temporary landscape is destroyed, data and processes.
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<OffsetDateTime>,
    pub components: BTreeMap<String, ComponentPlan>,
    /// Rotation schedules and access policies of the secrets in its vault:
    /// `access-token-signing-key = { rotate_every = "30d", rotate = ["role:operator"] }`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, SecretPolicy>,
    /// Where its secrets live (kinds with a vault): the local encrypted vault in its state directory by
    /// default, or Azure Key Vault.
    #[serde(default, skip_serializing_if = "VaultSpec::is_local")]
    pub vault: VaultSpec,
    /// Configuration settings over the kind's defaults, as in a configuration file.
    #[serde(default)]
    pub config: toml::Table,
}

/// A landscape's vault backend: `[vault] backend = "local"` or
/// `[vault] backend = "azure-key-vault"` with `vault_url`, `name_prefix`, `credential`, `client_id` and
/// `keys = { access-token-signing-key = "EC-HSM" }` (or `"EC"`) to keep the signing key as a Key Vault key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "backend", rename_all = "kebab-case")]
pub enum VaultSpec {
    /// `<state>/vault/`, sealed with the home's master key.
    #[default]
    Local,
    AzureKeyVault(backbone_vault::AzureVaultConfig),
}

impl VaultSpec {
    fn is_local(&self) -> bool {
        *self == VaultSpec::Local
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The reference's development defaults: client `test`/`test`, relaxed passwords.
    Dev,
    /// Production rules, a generated OAuth client, a generated certificate.
    Stage,
    /// Production rules; the database and the certificate must be configured.
    Prod,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Dev => "dev",
            Kind::Stage => "stage",
            Kind::Prod => "prod",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunMode {
    /// Every component in one supervised process, no gateway: the lightest landscape.
    OneProcess,
    /// Each instance its own supervised process on loopback, behind the gateway.
    Processes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentPlan {
    pub replicas: usize,
    /// Lets the daemon choose the replicas between `min` and `max`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscale: Option<AutoscalePolicy>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretPolicy {
    /// How often the daemon rotates the secret (`30d`, `12h`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotate_every: Option<String>,
    /// Who may read its value, instead of the built-in list ([`AccessPolicy::built_in`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<Vec<Principal>>,
    /// Who may put a new version, instead of the built-in list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotate: Option<Vec<Principal>>,
    /// How long a replaced version stays accepted (`1d`, `90s`), instead of the secret's default; not for
    /// the signing key, whose overlap is the longest token lifetime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace: Option<String>,
}

impl SecretPolicy {
    /// The rotation period, if one is scheduled; checked when the file is read.
    pub fn period(&self) -> Option<std::time::Duration> {
        positive_duration(self.rotate_every.as_deref()?)
    }

    /// The built-in policy of `secret` with this file's lists in its place.
    pub fn access(&self, secret: &str) -> AccessPolicy {
        let built_in = AccessPolicy::built_in(secret);
        AccessPolicy {
            read: self.read.clone().unwrap_or(built_in.read),
            rotate: self.rotate.clone().unwrap_or(built_in.rotate),
        }
    }
}

fn positive_duration(text: &str) -> Option<std::time::Duration> {
    humantime::parse_duration(text).ok().filter(|duration| !duration.is_zero())
}

impl ComponentPlan {
    /// The replicas `up` runs: the file's, within the autoscaling bounds.
    pub fn desired_replicas(&self) -> usize {
        match &self.autoscale {
            Some(policy) => self.replicas.max(policy.min).min(policy.max),
            None => self.replicas,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl LandscapeSpec {
    /// Reads and checks a landscape file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Self, SpecError> {
        let invalid = |message: String| SpecError::Invalid { path: origin.display().to_string(), message };
        let spec: LandscapeSpec = toml::from_str(text).map_err(|error| invalid(error.to_string()))?;
        spec.validate().map_err(invalid)?;
        Ok(spec)
    }

    fn validate(&self) -> Result<(), String> {
        if self.kind == Kind::Dev && !self.vault.is_local() {
            return Err("[vault]: a dev landscape keeps its development secrets in its configuration; \
                        use kind = \"stage\" or \"prod\" for a vault"
                .to_owned());
        }
        if let VaultSpec::AzureKeyVault(azure) = &self.vault
            && let Some(name) = azure.keys.keys().find(|name| *name != crate::secrets::SIGNING_KEY)
        {
            return Err(format!(
                "vault.keys.{name}: only {} can be a key the vault holds; the others are secrets",
                crate::secrets::SIGNING_KEY
            ));
        }
        for (name, plan) in &self.components {
            let component = Component::parse(name)
                .ok_or_else(|| format!("unknown component '{name}' in [components]"))?;
            if let Some(policy) = &plan.autoscale {
                policy.validate().map_err(|message| format!("components.{name}.autoscale: {message}"))?;
            }
            let single = self.run == RunMode::OneProcess || component == Component::Gateway;
            if single && plan.replicas > 1 {
                return Err(format!("components.{name}: {}", self.single_instance_reason(component)));
            }
        }
        for (secret, policy) in &self.secrets {
            backbone_vault::SecretName::new(secret).map_err(|error| format!("secrets.{secret}: {error}"))?;
            for (key, value) in [("rotate_every", &policy.rotate_every), ("grace", &policy.grace)] {
                let Some(value) = value else { continue };
                if crate::secrets::rotation_overlap(secret).is_none() {
                    return Err(format!(
                        "secrets.{secret}.{key}: only the signing key, client secrets and the database credential rotate"
                    ));
                }
                if positive_duration(value).is_none() {
                    return Err(format!("secrets.{secret}.{key}: '{value}' is not a duration"));
                }
            }
            if policy.grace.is_some() && secret == crate::secrets::SIGNING_KEY {
                return Err(format!(
                    "secrets.{secret}.grace: the signing key keeps verifying for the longest token lifetime"
                ));
            }
            if let Some(component) = policy.rotate.iter().flatten().find_map(|principal| match principal {
                Principal::Component(component) => Some(component),
                Principal::Role(_) => None,
            }) {
                return Err(format!(
                    "secrets.{secret}.rotate: components do not rotate secrets (the daemon does, on the schedule); remove component:{}",
                    component.name()
                ));
            }
        }
        let has = |component: Component| self.components.contains_key(component.name());
        match self.run {
            RunMode::OneProcess if has(Component::Gateway) => {
                Err("a one-process landscape has no gateway; use run = \"processes\"".to_owned())
            }
            RunMode::Processes if has(Component::ConsumerApi) && !has(Component::Gateway) => {
                Err("the Consumer API instances need the gateway in front of them: add [components.gateway]"
                    .to_owned())
            }
            _ => Ok(()),
        }
    }

    /// Why a component cannot have several instances here.
    pub fn single_instance_reason(&self, component: Component) -> &'static str {
        if component == Component::Gateway {
            "the gateway is the landscape's one public listener and runs once"
        } else {
            "a one-process landscape runs each component once; use run = \"processes\" for replicas"
        }
    }

    /// The components it runs, in the order they start: those that only need the database first, then
    /// the Consumer API, then the gateway in front of it.
    pub fn components_in_start_order(&self) -> Vec<(Component, &ComponentPlan)> {
        Component::START_ORDER
            .into_iter()
            .filter_map(|component| Some((component, self.components.get(component.name())?)))
            .collect()
    }

    /// How long a replaced version of `secret` stays accepted here; `None` if it does not rotate.
    pub fn overlap(&self, secret: &str) -> Option<time::Duration> {
        let built_in = crate::secrets::rotation_overlap(secret)?;
        let grace = self.secrets.get(secret).and_then(|policy| positive_duration(policy.grace.as_deref()?));
        Some(grace.and_then(|grace| time::Duration::try_from(grace).ok()).unwrap_or(built_in))
    }

    /// Who may read and rotate `secret` in this landscape.
    pub fn access(&self, secret: &str) -> AccessPolicy {
        self.secrets.get(secret).cloned().unwrap_or_default().access(secret)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}
