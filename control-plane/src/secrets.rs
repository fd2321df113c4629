//! Landscapes that keep their secrets in a vault (every kind but `dev`): the token signing key and the
//! OAuth client secrets live, versioned and encrypted, in `<state>/vault`, under the master key of the home
//! (`BACKBONE_VAULT_KEY`, else `<home>/vault.key`). Plain secrets in their configuration are refused.
//! Running Consumer API instances follow rotations of the signing key and client secrets without a restart.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use backbone_api::ClientSecrets;
use backbone_domain::{Secret, SystemClock};
use backbone_http::auth::key_id;
use backbone_http::{SigningKey, TokenKeys};
use backbone_store::Db;
use backbone_vault::{LocalVault, MasterKey, SecretName, SecretStore, VaultError, VersionId};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tokio_util::sync::CancellationToken;

use crate::db_credentials::{Credential, CredentialError, DATABASE_CREDENTIAL};

/// The token signing key's name in the vault.
pub const SIGNING_KEY: &str = "access-token-signing-key";

/// The variable that holds the master key, when it is not in the home's key file.
pub const MASTER_KEY_VARIABLE: &str = "BACKBONE_VAULT_KEY";

/// How often instances look for a rotated signing key: well within the overlap in which the old key
/// still verifies, so no instance rejects a token another one issued.
const REFRESH: Duration = Duration::from_secs(2);

/// How long a replaced signing key keeps verifying: the longest access-token lifetime the Consumer API
/// accepts (an hour), plus a minute for clocks and requests in flight.
const SIGNING_KEY_OVERLAP: time::Duration = time::Duration::seconds(3600 + 60);

/// How long a replaced OAuth client secret keeps working: a day for the apps to get the new one.
const CLIENT_SECRET_GRACE: time::Duration = time::Duration::days(1);

/// How long a replaced database login keeps working: instances switch within seconds; the rest is for
/// a slow instance and queries in flight.
const DATABASE_CREDENTIAL_GRACE: time::Duration = time::Duration::minutes(1);

/// How long a replaced version of a secret stays accepted after a rotation, unless a landscape file sets
/// its `grace`; `None` for secrets that do not rotate.
pub fn rotation_overlap(secret: &str) -> Option<time::Duration> {
    if secret == SIGNING_KEY {
        Some(SIGNING_KEY_OVERLAP)
    } else if secret.starts_with("client-secret-") {
        Some(CLIENT_SECRET_GRACE)
    } else if secret == DATABASE_CREDENTIAL {
        Some(DATABASE_CREDENTIAL_GRACE)
    } else {
        None
    }
}

/// The vault of a landscape.
pub fn open(state_dir: &std::path::Path, home: &std::path::Path) -> Result<LocalVault, VaultError> {
    let key = MasterKey::from_env_or_file(MASTER_KEY_VARIABLE, &home.join("vault.key"))?;
    LocalVault::open(&state_dir.join("vault"), key, Arc::new(SystemClock))
}

/// The vault name of an OAuth client's secret.
pub fn client_secret(client_id: &str) -> Result<SecretName, VaultError> {
    SecretName::new(format!("client-secret-{}", client_id.to_ascii_lowercase()))
}

/// The current value of a secret, generated on first use.
pub async fn current_or_generated(vault: &dyn SecretStore, name: &SecretName) -> Result<Secret, VaultError> {
    match vault.current(name).await {
        Ok(version) => Ok(version.value),
        Err(VaultError::NotFound(_)) => {
            vault.put(name, generate(), "landscape").await?;
            Ok(vault.current(name).await?.value)
        }
        Err(error) => Err(error),
    }
}

/// A new random secret: 48 bytes, base64url.
pub fn generate() -> Secret {
    Secret::new(URL_SAFE_NO_PAD.encode(rand::random::<[u8; 48]>()))
}

/// What a process takes from the vault and follows through rotations.
#[derive(Default)]
pub struct Followers {
    /// A Consumer API's signing keys and client secrets.
    pub api: Option<ApiSecrets>,
    /// A PostgreSQL pool, which follows the database credential.
    pub db: Option<Db>,
}

pub struct ApiSecrets {
    pub keys: Arc<TokenKeys>,
    pub client_secrets: Arc<ClientSecrets>,
    /// The configured OAuth clients, whose secrets are in the vault.
    pub client_ids: Vec<String>,
}

/// Loads the vault's signing keys, client secrets and database credential into the process now and after
/// every rotation, until `shutdown`.
pub async fn follow(vault: Arc<dyn SecretStore>, followers: Followers, shutdown: CancellationToken) {
    let mut loaded: HashMap<String, Vec<VersionId>> = HashMap::new();
    loop {
        if let Some(api) = &followers.api {
            reload_signing_keys(vault.as_ref(), &api.keys, &mut loaded).await;
            for client_id in &api.client_ids {
                reload_client_secret(vault.as_ref(), &api.client_secrets, client_id, &mut loaded).await;
            }
        }
        if let Some(db) = &followers.db {
            reload_database_credential(vault.as_ref(), db, &mut loaded).await;
        }
        tokio::select! {
            () = tokio::time::sleep(REFRESH) => {}
            () = shutdown.cancelled() => return,
        }
    }
}

/// The active versions of a secret, if they differ from those loaded last time.
async fn changed(
    vault: &dyn SecretStore,
    name: &str,
    loaded: &mut HashMap<String, Vec<VersionId>>,
) -> Option<Vec<Secret>> {
    let versions = match SecretName::new(name) {
        Ok(name) => vault.active(&name).await,
        Err(error) => Err(error),
    };
    match versions {
        Ok(versions) if !versions.is_empty() => {
            let ids: Vec<VersionId> = versions.iter().map(|version| version.info.id.clone()).collect();
            if loaded.get(name) == Some(&ids) {
                return None;
            }
            // The audit trail of what this process read: which versions, never a value.
            let read: Vec<&str> = ids.iter().map(VersionId::as_str).collect();
            tracing::info!(secret = name, versions = ?read, "loaded from the vault");
            loaded.insert(name.to_owned(), ids);
            Some(versions.into_iter().map(|version| version.value).collect())
        }
        Ok(_) => {
            tracing::warn!(secret = name, "the vault holds no version");
            None
        }
        Err(error) => {
            tracing::warn!(%error, secret = name, "cannot read the vault");
            None
        }
    }
}

async fn reload_signing_keys(
    vault: &dyn SecretStore,
    keys: &TokenKeys,
    loaded: &mut HashMap<String, Vec<VersionId>>,
) {
    let Some(secrets) = changed(vault, SIGNING_KEY, loaded).await else { return };
    let ids: Vec<String> = secrets.iter().map(|secret| key_id(secret.expose().as_bytes())).collect();
    let ring: Vec<SigningKey<'_>> = secrets
        .iter()
        .zip(&ids)
        .map(|(secret, id)| SigningKey { id, secret: secret.expose().as_bytes() })
        .collect();
    if let Err(error) = keys.replace(&ring) {
        tracing::error!(%error, "cannot load the rotated signing key");
        loaded.remove(SIGNING_KEY);
    }
}

async fn reload_client_secret(
    vault: &dyn SecretStore,
    client_secrets: &ClientSecrets,
    client_id: &str,
    loaded: &mut HashMap<String, Vec<VersionId>>,
) {
    let Ok(name) = client_secret(client_id) else { return };
    if let Some(secrets) = changed(vault, name.as_str(), loaded).await {
        client_secrets.replace(client_id, secrets.iter().map(Secret::expose));
    }
}

/// Switches the pool to the newest login; connections of the old one close as they come back.
async fn reload_database_credential(
    vault: &dyn SecretStore,
    db: &Db,
    loaded: &mut HashMap<String, Vec<VersionId>>,
) {
    let Some(versions) = changed(vault, DATABASE_CREDENTIAL, loaded).await else { return };
    let switched = versions
        .first()
        .ok_or(CredentialError::Malformed)
        .and_then(Credential::parse)
        .and_then(|login| Ok(db.set_credential(&login.user, &login.password)?));
    if let Err(error) = switched {
        tracing::error!(%error, "cannot switch to the rotated database credential");
        loaded.remove(DATABASE_CREDENTIAL);
    }
}
