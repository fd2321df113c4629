//! Landscapes' vaults through the admin API: list, history, rotation, and the retirement of replaced
//! versions once nothing they signed can still be valid. Values never leave the vault here.

use std::path::Path;

use backbone_admin::wire::{Rotation, SecretSummary, SecretVersionSummary};
use backbone_control_plane::landscape::Landscape;
use backbone_control_plane::secrets::{self, SIGNING_KEY};
use backbone_vault::{SecretName, SecretStore, VersionInfo, VersionState};
use time::OffsetDateTime;

use crate::error::DaemonError;

/// How long a replaced signing key keeps verifying: the longest access-token lifetime the Consumer API
/// accepts (an hour), plus a minute for clocks and requests in flight.
pub const SIGNING_KEY_OVERLAP: time::Duration = time::Duration::seconds(3600 + 60);

fn vault(home: &Path, landscape: &str) -> Result<(Landscape, backbone_vault::LocalVault), DaemonError> {
    let landscape = Landscape::open(landscape, home)?;
    if !landscape.uses_vault() {
        return Err(DaemonError::Invalid(format!(
            "{} keeps its development secrets in its configuration; stage, prod and their copies use a vault",
            landscape.name
        )));
    }
    let vault = landscape.vault()?;
    Ok((landscape, vault))
}

fn name(secret: &str) -> Result<SecretName, DaemonError> {
    SecretName::new(secret).map_err(|error| DaemonError::Invalid(error.to_string()))
}

pub async fn list(home: &Path, landscape: &str) -> Result<Vec<SecretSummary>, DaemonError> {
    let (_, vault) = vault(home, landscape)?;
    Ok(vault
        .list()
        .await?
        .into_iter()
        .map(|secret| SecretSummary {
            name: secret.name.to_string(),
            current_version: secret.current.id.to_string(),
            updated_at: secret.current.created_at,
            versions: secret.versions,
        })
        .collect())
}

pub async fn history(
    home: &Path,
    landscape: &str,
    secret: &str,
) -> Result<Vec<SecretVersionSummary>, DaemonError> {
    let (_, vault) = vault(home, landscape)?;
    Ok(vault.history(&name(secret)?).await?.into_iter().map(summary).collect())
}

fn summary(version: VersionInfo) -> SecretVersionSummary {
    let state = match version.state {
        VersionState::Current => "current",
        VersionState::Previous => "previous",
        VersionState::Retired => "retired",
    };
    SecretVersionSummary {
        version: version.id.to_string(),
        state: state.to_owned(),
        created_at: version.created_at,
        created_by: version.created_by,
        retired_at: version.retired_at,
    }
}

/// Puts a new random version; the replaced one keeps verifying for [`SIGNING_KEY_OVERLAP`].
pub async fn rotate(
    home: &Path,
    landscape: &str,
    secret: &str,
    dry_run: bool,
    actor: &str,
    now: OffsetDateTime,
) -> Result<Rotation, DaemonError> {
    let (landscape, vault) = vault(home, landscape)?;
    let secret_name = name(secret)?;
    if secret != SIGNING_KEY {
        return Err(DaemonError::Invalid(format!(
            "{secret} cannot rotate yet: this build rotates {SIGNING_KEY} (client secrets follow with a grace window)"
        )));
    }
    let previous = vault.current(&secret_name).await?.info.id.to_string();
    let version = if dry_run {
        None
    } else {
        Some(vault.put(&secret_name, secrets::generate(), actor).await?.id.to_string())
    };
    Ok(Rotation {
        landscape: landscape.name,
        secret: secret.to_owned(),
        version,
        previous_version: Some(previous),
        previous_retired_after: Some(now + SIGNING_KEY_OVERLAP),
        dry_run,
    })
}

/// Retires the signing keys replaced more than [`SIGNING_KEY_OVERLAP`] ago, in every landscape with a
/// vault; returns `(landscape, version)` of each.
pub async fn retire_due(home: &Path, now: OffsetDateTime) -> Vec<(String, String)> {
    let Ok(landscapes) = Landscape::list(home) else { return Vec::new() };
    let mut retired = Vec::new();
    for landscape in landscapes.into_iter().filter(|landscape| landscape.uses_vault()) {
        // A landscape that never started has no vault yet; opening it would create one.
        if !landscape.state_dir.join("vault").exists() {
            continue;
        }
        let Ok(vault) = landscape.vault() else { continue };
        let Ok(key) = SecretName::new(SIGNING_KEY) else { continue };
        let Ok(history) = vault.history(&key).await else { continue };
        // Newest first: a version was replaced when the one before it in the list was made.
        for pair in history.windows(2) {
            let (successor, version) = (&pair[0], &pair[1]);
            if version.state == VersionState::Previous && successor.created_at + SIGNING_KEY_OVERLAP <= now {
                match vault.retire(&key, &version.id).await {
                    Ok(()) => retired.push((landscape.name.clone(), version.id.to_string())),
                    Err(error) => {
                        tracing::warn!(%error, landscape = %landscape.name, "cannot retire a signing key")
                    }
                }
            }
        }
    }
    retired
}
