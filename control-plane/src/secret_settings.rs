//! The configuration's other secrets in landscapes with a vault: push providers' credentials, the BLOB
//! storage's keys and the RabbitMQ password. Their configuration holds none of them (refused); a process
//! gets each from the vault if one of its components uses it and the secret's policy lets that component
//! read it. Operators put them with `backbone vault set`; new versions take effect when instances start.
//!
//! | setting | vault name | used by |
//! |---|---|---|
//! | `api.push.apns.apps.<app>.private_key` | `push-apns-<app>` | consumer-api, event-handler |
//! | `api.push.fcm.apps.<app>.service_account` | `push-fcm-<app>` | consumer-api, event-handler |
//! | `api.push.wns.apps.<app>.client_secret` | `push-wns-<app>` | consumer-api, event-handler |
//! | `blob.options.<key>` (keys, secrets, tokens) | `blob-<key>` | consumer-api, housekeeper, deletion-jobs |
//! | the password of `bus.rabbitmq.url` | `rabbitmq-password` | every component with a database |
//! | `gateway.tls.key` (not `key_file`) | `gateway-tls-key` | gateway |
//!
//! (`<app>` and `<key>` in lowercase, other characters as `-`.)

use backbone_domain::Secret;
use backbone_vault::{SecretName, SecretStore, VaultError};

use crate::components::Component;
use crate::config::{BackboneConfig, BusTransport};
use crate::landscape::{LandscapeError, Reader};
use crate::spec::LandscapeSpec;

const PUSH_USERS: &[Component] = &[Component::ConsumerApi, Component::EventHandler];
const BLOB_USERS: &[Component] = &[Component::ConsumerApi, Component::Housekeeper, Component::DeletionJobs];

/// The prefix of BLOB storage keys' names in the vault.
pub const BLOB_PREFIX: &str = "blob-";
/// The prefix of push credentials' names in the vault.
pub const PUSH_PREFIX: &str = "push-";
pub const RABBITMQ_PASSWORD: &str = "rabbitmq-password";
/// The gateway's TLS private key, PEM.
pub const GATEWAY_TLS_KEY: &str = "gateway-tls-key";

/// The components that use a secret of this module, by its vault name; none for other secrets.
pub fn users(secret: &str) -> Vec<Component> {
    if secret.starts_with(PUSH_PREFIX) {
        PUSH_USERS.to_vec()
    } else if secret.starts_with(BLOB_PREFIX) {
        BLOB_USERS.to_vec()
    } else if secret == RABBITMQ_PASSWORD {
        Component::using_database()
    } else if secret == GATEWAY_TLS_KEY {
        vec![Component::Gateway]
    } else {
        Vec::new()
    }
}

/// Whether an `object_store` option holds a credential rather than a name or an address.
fn is_credential(option: &str) -> bool {
    ["key", "secret", "token", "password", "sas"].iter().any(|word| option.contains(word))
        && !option.ends_with("_name")
        && !option.ends_with("_id")
}

/// A name as a vault name part: lowercase, other characters as `-`.
fn vault_part(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

/// Refuses plain secret settings and fills in, for `reader`, those its components use.
pub async fn load(
    spec: &LandscapeSpec,
    vault: &dyn SecretStore,
    config: &mut BackboneConfig,
    reader: Reader<'_>,
    kind: &'static str,
) -> Result<(), LandscapeError> {
    let plain = |key| LandscapeError::PlainSecret(key, kind);
    let settings = Settings { spec, vault, reader };
    let push = &mut config.api.push;
    let apns = push.apns.apps.iter_mut().map(|(app, credentials)| {
        (
            "api.push.apns.apps.<app>.private_key",
            format!("push-apns-{}", vault_part(app)),
            &mut credentials.private_key,
        )
    });
    let fcm = push.fcm.apps.iter_mut().map(|(app, credentials)| {
        (
            "api.push.fcm.apps.<app>.service_account",
            format!("push-fcm-{}", vault_part(app)),
            &mut credentials.service_account,
        )
    });
    let wns = push.wns.apps.iter_mut().map(|(app, credentials)| {
        (
            "api.push.wns.apps.<app>.client_secret",
            format!("push-wns-{}", vault_part(app)),
            &mut credentials.client_secret,
        )
    });
    let push_credentials: Vec<(&'static str, String, &mut Secret)> = apns.chain(fcm).chain(wns).collect();
    let uses_push = settings.uses(PUSH_USERS);
    for (setting, secret, value) in push_credentials {
        if !value.expose().is_empty() {
            return Err(plain(setting));
        }
        if uses_push {
            *value = settings.required(&secret).await?;
        }
    }

    if config.blob.options.keys().any(|option| is_credential(option)) {
        return Err(plain("blob.options.<credential>"));
    }
    if settings.uses(BLOB_USERS) {
        for secret in vault.list().await? {
            if let Some(option) = secret.name.as_str().strip_prefix(BLOB_PREFIX) {
                let value = settings.required(secret.name.as_str()).await?;
                config.blob.options.insert(option.replace('-', "_"), value);
            }
        }
    }

    let tls = &mut config.gateway.tls;
    if tls.key_file.is_some() || !tls.key.expose().is_empty() {
        return Err(plain("gateway.tls.key_file / gateway.tls.key"));
    }
    if settings.uses(&[Component::Gateway]) {
        tls.key = settings.required(GATEWAY_TLS_KEY).await?;
    }

    if config.bus.transport == BusTransport::Rabbitmq {
        let url = &mut config.bus.rabbitmq.url;
        if backbone_store::has_password(url.expose()) {
            return Err(plain("bus.rabbitmq.url (its password)"));
        }
        if settings.uses(&users(RABBITMQ_PASSWORD))
            && let Some(password) = settings.optional(RABBITMQ_PASSWORD).await?
        {
            *url = backbone_store::with_credential(url.expose(), None, &password)
                .map_err(crate::db_credentials::CredentialError::from)?;
        }
    }
    Ok(())
}

struct Settings<'a> {
    spec: &'a LandscapeSpec,
    vault: &'a dyn SecretStore,
    reader: Reader<'a>,
}

impl Settings<'_> {
    /// Whether the process runs one of `users`; the daemon runs none of them.
    fn uses(&self, users: &[Component]) -> bool {
        match self.reader {
            Reader::ControlPlane => false,
            Reader::Process(components) => components.iter().any(|component| users.contains(component)),
        }
    }

    /// The secret's current value, if the policy lets this process's users of it read it.
    async fn optional(&self, secret: &str) -> Result<Option<Secret>, LandscapeError> {
        if matches!(self.reader, Reader::ControlPlane) {
            return Ok(None);
        }
        self.reader.check(self.spec, secret)?;
        match self.vault.current(&SecretName::new(secret)?).await {
            Ok(current) => Ok(Some(current.value)),
            Err(VaultError::NotFound(_)) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    async fn required(&self, secret: &str) -> Result<Secret, LandscapeError> {
        self.optional(secret).await?.ok_or_else(|| LandscapeError::MissingSecret(secret.to_owned()))
    }
}
