//! Landscapes that keep their secrets in a vault (every kind but `dev`): the token signing key and the
//! OAuth client secrets live, versioned and encrypted, in `<state>/vault`, under the master key of the home
//! (`BACKBONE_VAULT_KEY`, else `<home>/vault.key`). Plain secrets in their configuration are refused.
//! Running Consumer API instances follow rotations of the signing key without a restart.

use std::sync::Arc;
use std::time::Duration;

use backbone_domain::{Secret, SystemClock};
use backbone_http::auth::key_id;
use backbone_http::{SigningKey, TokenKeys};
use backbone_vault::{LocalVault, MasterKey, SecretName, SecretStore, VaultError, VersionId};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tokio_util::sync::CancellationToken;

/// The token signing key's name in the vault.
pub const SIGNING_KEY: &str = "access-token-signing-key";

/// The variable that holds the master key, when it is not in the home's key file.
pub const MASTER_KEY_VARIABLE: &str = "BACKBONE_VAULT_KEY";

/// How often instances look for a rotated signing key: well within the overlap in which the old key
/// still verifies, so no instance rejects a token another one issued.
const REFRESH: Duration = Duration::from_secs(2);

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

/// The signing keys to accept, newest (the signing one) first.
async fn signing_keys(vault: &dyn SecretStore) -> Result<Vec<(VersionId, Secret)>, VaultError> {
    let name = SecretName::new(SIGNING_KEY)?;
    Ok(vault.active(&name).await?.into_iter().map(|version| (version.info.id, version.value)).collect())
}

/// Loads the vault's signing keys into `keys` now and after every rotation, until `shutdown`.
pub async fn follow_signing_keys(
    vault: Arc<dyn SecretStore>,
    keys: Arc<TokenKeys>,
    shutdown: CancellationToken,
) {
    let mut loaded: Vec<VersionId> = Vec::new();
    loop {
        match signing_keys(vault.as_ref()).await {
            Ok(versions) if !versions.is_empty() => {
                let ids: Vec<VersionId> = versions.iter().map(|(id, _)| id.clone()).collect();
                if ids != loaded {
                    let ids_in_tokens: Vec<String> =
                        versions.iter().map(|(_, secret)| key_id(secret.expose().as_bytes())).collect();
                    let ring: Vec<SigningKey<'_>> = versions
                        .iter()
                        .zip(&ids_in_tokens)
                        .map(|((_, secret), id)| SigningKey { id, secret: secret.expose().as_bytes() })
                        .collect();
                    match keys.replace(&ring) {
                        Ok(()) => loaded = ids,
                        Err(error) => tracing::error!(%error, "cannot load the rotated signing key"),
                    }
                }
            }
            Ok(_) => tracing::warn!("the vault holds no signing key"),
            Err(error) => tracing::warn!(%error, "cannot read the signing keys from the vault"),
        }
        tokio::select! {
            () = tokio::time::sleep(REFRESH) => {}
            () = shutdown.cancelled() => return,
        }
    }
}
