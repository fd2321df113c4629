//! Landscapes that keep their secrets in a vault (every kind but `dev`): the token signing key and the
//! OAuth client secrets live, versioned and encrypted, in `<state>/vault`, under the master key of the home
//! (`BACKBONE_VAULT_KEY`, else `<home>/vault.key`). Plain secrets in their configuration are refused.
//! Running Consumer API instances follow rotations of the signing key and client secrets without a restart.
//! A vault that holds the signing key as a key pair (Azure Key Vault, possibly in an HSM) signs the tokens
//! itself: instances verify with the public keys and never see the private one.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use backbone_api::ClientSecrets;
use backbone_domain::{Clock as _, Secret, SystemClock};
use backbone_http::auth::{KeyError, key_id};
use backbone_http::{KeyRing, Signer, SigningKey, TokenKeys, TokenSigner, Verifier};
use backbone_store::Db;
use backbone_vault::{
    LocalVault, MasterKey, PublicKey, SecretName, SecretStore, SecretVersion, VaultError, VersionId,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use time::OffsetDateTime;
use tokio_util::sync::CancellationToken;

use crate::db_credentials::{Credential, CredentialError, DATABASE_CREDENTIAL};

/// The token signing key's name in the vault.
pub const SIGNING_KEY: &str = "access-token-signing-key";

/// The OAuth client secrets' names in the vault start with this; the client id follows.
pub const CLIENT_SECRET_PREFIX: &str = "client-secret-";

/// The variable that holds the master key, when it is not in the home's key file.
pub const MASTER_KEY_VARIABLE: &str = "BACKBONE_VAULT_KEY";

/// How often instances look for rotated secrets.
const REFRESH: Duration = Duration::from_secs(2);

/// How long after a rotation the new version is handed out (signs tokens, is given to apps): two looks of
/// every instance and a second, so that all of them accept it by then.
const PUBLISH_DELAY: time::Duration = time::Duration::seconds(5);

/// How long a token may wait for a vault that holds the signing key to sign it; then the token request
/// fails (and the client retries) instead of hanging.
const SIGN_TIMEOUT: Duration = Duration::from_secs(5);

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
    } else if secret.starts_with(CLIENT_SECRET_PREFIX) {
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
    SecretName::new(format!("{CLIENT_SECRET_PREFIX}{}", client_id.to_ascii_lowercase()))
}

/// The current value of a secret, generated on first use (a held key's: its public key, the key pair made
/// by the vault).
pub async fn current_or_generated(vault: &dyn SecretStore, name: &SecretName) -> Result<Secret, VaultError> {
    match vault.current(name).await {
        Ok(version) => Ok(version.value),
        Err(VaultError::NotFound(_)) => {
            match vault.holds_key(name) {
                true => vault.put_key(name, "landscape").await?,
                false => vault.put(name, generate(), "landscape").await?,
            };
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

/// Keeps a process's secrets equal to the vault's: its signing keys, client secrets and database
/// credential.
pub struct Follower {
    vault: Arc<dyn SecretStore>,
    followers: Followers,
    /// What was loaded last, by secret: version ids in the order they were handed over.
    loaded: HashMap<String, Vec<VersionId>>,
}

/// A Consumer API cannot start without the vault's signing keys.
#[derive(Debug, thiserror::Error)]
#[error("cannot load the access-token signing keys from the vault (see the warnings before)")]
pub struct SigningKeysMissing;

impl Follower {
    /// Loads the vault's current state once, before the process serves anything. A Consumer API's signing
    /// keys must load: it would otherwise sign with a key no other instance knows.
    pub async fn start(
        vault: Arc<dyn SecretStore>,
        followers: Followers,
    ) -> Result<Self, SigningKeysMissing> {
        let mut follower = Self { vault, followers, loaded: HashMap::new() };
        follower.refresh(SystemClock.now()).await;
        if follower.followers.api.is_some() && !follower.loaded.contains_key(SIGNING_KEY) {
            return Err(SigningKeysMissing);
        }
        Ok(follower)
    }

    /// Follows rotations until `shutdown`.
    pub async fn run(mut self, shutdown: CancellationToken) {
        loop {
            tokio::select! {
                () = tokio::time::sleep(REFRESH) => {}
                () = shutdown.cancelled() => return,
            }
            self.refresh(SystemClock.now()).await;
        }
    }

    async fn refresh(&mut self, now: OffsetDateTime) {
        let (vault, loaded) = (self.vault.as_ref(), &mut self.loaded);
        if let Some(api) = &self.followers.api {
            reload_signing_keys(&self.vault, &api.keys, loaded, now).await;
            for client_id in &api.client_ids {
                reload_client_secret(vault, &api.client_secrets, client_id, loaded).await;
            }
        }
        if let Some(db) = &self.followers.db {
            reload_database_credential(vault, db, loaded).await;
        }
    }
}

/// The version of a secret that is handed out (signs new tokens, is given to apps): the newest one old
/// enough that every instance has loaded it, else the oldest active one, which they all have. `versions`
/// newest first, as [`SecretStore::active`] returns them.
pub fn published(versions: &[SecretVersion], now: OffsetDateTime) -> Option<&SecretVersion> {
    versions.iter().find(|version| version.info.created_at + PUBLISH_DELAY <= now).or(versions.last())
}

/// The active versions of a secret, in the order `arrange` gives them, if that differs from what was
/// loaded last time.
async fn changed(
    vault: &dyn SecretStore,
    name: &str,
    loaded: &mut HashMap<String, Vec<VersionId>>,
    arrange: impl FnOnce(Vec<SecretVersion>) -> Vec<SecretVersion>,
) -> Option<Vec<SecretVersion>> {
    let versions = match SecretName::new(name) {
        Ok(name) => vault.active(&name).await,
        Err(error) => Err(error),
    };
    match versions {
        Ok(versions) if !versions.is_empty() => {
            let versions = arrange(versions);
            let ids: Vec<VersionId> = versions.iter().map(|version| version.info.id.clone()).collect();
            if loaded.get(name) == Some(&ids) {
                return None;
            }
            // The audit trail of what this process read: which versions, never a value.
            let read: Vec<&str> = ids.iter().map(VersionId::as_str).collect();
            tracing::info!(secret = name, versions = ?read, "loaded from the vault");
            loaded.insert(name.to_owned(), ids);
            Some(versions)
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

/// Every active key verifies; the published one signs, so that no instance meets a token signed by a key
/// it has not loaded yet.
async fn reload_signing_keys(
    vault: &Arc<dyn SecretStore>,
    keys: &TokenKeys,
    loaded: &mut HashMap<String, Vec<VersionId>>,
    now: OffsetDateTime,
) {
    let signer_first = |mut versions: Vec<SecretVersion>| {
        let signer = published(&versions, now).map(|version| version.info.id.clone());
        if let Some(index) = versions.iter().position(|version| Some(&version.info.id) == signer.as_ref()) {
            let signer = versions.remove(index);
            versions.insert(0, signer);
        }
        versions
    };
    let Some(versions) = changed(vault.as_ref(), SIGNING_KEY, loaded, signer_first).await else { return };
    let ring = match SecretName::new(SIGNING_KEY) {
        Ok(name) if vault.holds_key(&name) => held_key_ring(vault, name, &versions),
        _ => hmac_ring(&versions),
    };
    match ring {
        Ok(ring) => keys.replace(ring),
        Err(error) => {
            tracing::error!(%error, "cannot load the rotated signing key");
            loaded.remove(SIGNING_KEY);
        }
    }
}

/// HMAC keys (HS256), the signer first.
fn hmac_ring(versions: &[SecretVersion]) -> Result<KeyRing, KeyError> {
    let secrets: Vec<&[u8]> = versions.iter().map(|version| version.value.expose().as_bytes()).collect();
    let ids: Vec<String> = secrets.iter().map(|secret| key_id(secret)).collect();
    let ring: Vec<SigningKey<'_>> =
        secrets.iter().zip(&ids).map(|(secret, id)| SigningKey { id, secret }).collect();
    KeyRing::hmac(&ring)
}

/// A key pair the vault holds (ES256), the signer first: each version's public key verifies the tokens
/// whose `kid` is that version's id; the vault signs.
fn held_key_ring(
    vault: &Arc<dyn SecretStore>,
    name: SecretName,
    versions: &[SecretVersion],
) -> Result<KeyRing, KeyError> {
    let mut verifying = Vec::with_capacity(versions.len());
    for version in versions {
        let key = PublicKey::parse(&version.value).map_err(|error| KeyError::Signing(error.to_string()))?;
        verifying.push(Verifier::es256(version.info.id.as_str(), &key.x, &key.y)?);
    }
    let signing = versions.first().ok_or(KeyError::None)?.info.id.clone();
    let signer = VaultSigner { vault: vault.clone(), name, version: signing.clone() };
    KeyRing::new(Signer::es256(signing.as_str(), Arc::new(signer)), verifying)
}

/// Has the vault sign a token with one version of the key it holds.
struct VaultSigner {
    vault: Arc<dyn SecretStore>,
    name: SecretName,
    version: VersionId,
}

#[async_trait::async_trait]
impl TokenSigner for VaultSigner {
    async fn sign(&self, signing_input: &[u8]) -> Result<String, KeyError> {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, signing_input);
        let digest: &[u8; 32] = digest
            .as_ref()
            .try_into()
            .map_err(|_| KeyError::Signing("a SHA-256 digest of another length".into()))?;
        let signed =
            tokio::time::timeout(SIGN_TIMEOUT, self.vault.sign(&self.name, &self.version, digest)).await;
        match signed {
            Ok(Ok(signature)) => Ok(URL_SAFE_NO_PAD.encode(signature)),
            Ok(Err(error)) => Err(KeyError::Signing(error.to_string())),
            Err(_) => Err(KeyError::Signing(format!("the vault did not sign within {SIGN_TIMEOUT:?}"))),
        }
    }
}

async fn reload_client_secret(
    vault: &dyn SecretStore,
    client_secrets: &ClientSecrets,
    client_id: &str,
    loaded: &mut HashMap<String, Vec<VersionId>>,
) {
    let Ok(name) = client_secret(client_id) else { return };
    if let Some(versions) = changed(vault, name.as_str(), loaded, |versions| versions).await {
        client_secrets.replace(client_id, versions.iter().map(|version| version.value.expose()));
    }
}

/// Switches the pool to the newest login; connections of the old one close as they come back.
async fn reload_database_credential(
    vault: &dyn SecretStore,
    db: &Db,
    loaded: &mut HashMap<String, Vec<VersionId>>,
) {
    let Some(versions) = changed(vault, DATABASE_CREDENTIAL, loaded, |versions| versions).await else {
        return;
    };
    let switched = versions
        .first()
        .ok_or(CredentialError::Malformed)
        .and_then(|version| Credential::parse(&version.value))
        .and_then(|login| Ok(db.set_credential(&login.user, &login.password)?));
    if let Err(error) = switched {
        tracing::error!(%error, "cannot switch to the rotated database credential");
        loaded.remove(DATABASE_CREDENTIAL);
    }
}
