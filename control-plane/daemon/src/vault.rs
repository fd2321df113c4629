//! Landscapes' vaults through the admin API: list, history, policies, reading and rotation as each
//! secret's policy allows the caller's role, and the retirement of replaced versions once nothing they
//! signed can still be valid. Values leave the vault only to a role the policy lets read them.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use backbone_admin::wire::{
    RevealedSecret, Rotation, SecretPolicySummary, SecretSummary, SecretVersionSummary,
};
use backbone_control_plane::db_credentials::{self, CredentialError, DATABASE_CREDENTIAL};
use backbone_control_plane::landscape::Landscape;
use backbone_control_plane::policy::Principal;
use backbone_control_plane::secrets::{self, SIGNING_KEY};
use backbone_domain::Secret;
use backbone_store::Db;
use backbone_vault::{SecretName, SecretStore, VersionId, VersionInfo, VersionState};
use time::OffsetDateTime;

use crate::error::DaemonError;
use crate::tokens::Caller;

fn vault(home: &Path, landscape: &str) -> Result<(Landscape, Arc<dyn SecretStore>), DaemonError> {
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

/// Refuses `caller` unless the secret's policy in `landscape` lets its role `action` the secret.
fn allow(landscape: &Landscape, secret: &str, caller: &Caller, action: Action) -> Result<(), DaemonError> {
    let policy = landscape.spec.access(secret);
    let principal = Principal::Role(caller.role);
    let allowed = match action {
        Action::Read => policy.may_read(principal),
        Action::Rotate => policy.may_rotate(principal),
    };
    if allowed {
        Ok(())
    } else {
        let action = match action {
            Action::Read => "read",
            Action::Rotate => "rotate",
        };
        Err(DaemonError::Denied { secret: secret.to_owned(), role: caller.role, action })
    }
}

#[derive(Clone, Copy)]
enum Action {
    Read,
    /// Rotate or set: put a new version.
    Rotate,
}

/// The policies of the secrets in the vault and of those the landscape file names.
pub async fn policies(home: &Path, landscape: &str) -> Result<Vec<SecretPolicySummary>, DaemonError> {
    let (landscape, vault) = vault(home, landscape)?;
    let mut names: BTreeSet<String> =
        vault.list().await?.into_iter().map(|secret| secret.name.to_string()).collect();
    names.extend(landscape.spec.secrets.keys().cloned());
    Ok(names
        .into_iter()
        .map(|secret| {
            let file = landscape.spec.secrets.get(&secret);
            let policy = landscape.spec.access(&secret);
            let names = |principals: Vec<Principal>| principals.iter().map(ToString::to_string).collect();
            SecretPolicySummary {
                rotate_every: file.and_then(|policy| policy.rotate_every.clone()),
                from_landscape_file: file
                    .is_some_and(|policy| policy.read.is_some() || policy.rotate.is_some()),
                read: names(policy.read),
                rotate: names(policy.rotate),
                secret,
            }
        })
        .collect())
}

pub async fn reveal(
    home: &Path,
    landscape: &str,
    secret: &str,
    caller: &Caller,
) -> Result<RevealedSecret, DaemonError> {
    let (landscape, vault) = vault(home, landscape)?;
    allow(&landscape, secret, caller, Action::Read)?;
    let current = vault.current(&name(secret)?).await?;
    Ok(RevealedSecret {
        secret: secret.to_owned(),
        version: current.info.id.to_string(),
        value: current.value.expose().to_owned(),
    })
}

pub async fn set(
    home: &Path,
    landscape: &str,
    secret: &str,
    value: Secret,
    caller: &Caller,
) -> Result<SecretVersionSummary, DaemonError> {
    let (landscape, vault) = vault(home, landscape)?;
    allow(&landscape, secret, caller, Action::Rotate)?;
    if value.expose().is_empty() {
        return Err(DaemonError::Invalid("a secret's value must not be empty".to_owned()));
    }
    Ok(summary(vault.put(&name(secret)?, value, &caller.name).await?))
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

/// A rotation asked for through the admin API.
pub struct RotateCall<'a> {
    pub landscape: &'a str,
    pub secret: &'a str,
    pub dry_run: bool,
    pub caller: &'a Caller,
    pub now: OffsetDateTime,
    /// The administrator's connection to the landscape's database, if it runs on PostgreSQL.
    pub admin_database: Option<&'a Secret>,
}

/// Puts a new version; the replaced one stays accepted for the landscape's overlap of the secret.
pub async fn rotate(home: &Path, call: RotateCall<'_>) -> Result<Rotation, DaemonError> {
    let (landscape, vault) = vault(home, call.landscape)?;
    allow(&landscape, call.secret, call.caller, Action::Rotate)?;
    let actor = &call.caller.name;
    rotate_in(&landscape, vault.as_ref(), call.secret, call.dry_run, actor, call.now, call.admin_database)
        .await
}

/// The new value of a rotated secret: a new database login for the database credential, else random.
async fn new_value(
    landscape: &Landscape,
    secret: &str,
    admin_database: Option<&Secret>,
) -> Result<Secret, DaemonError> {
    if secret != DATABASE_CREDENTIAL {
        return Ok(secrets::generate());
    }
    let url = admin_database.ok_or_else(|| DaemonError::NotRunning(landscape.name.clone()))?;
    let admin = Db::connect(url.expose()).await.map_err(CredentialError::from)?;
    let login = db_credentials::new_login(&admin).await;
    admin.close().await;
    Ok(login?)
}

async fn rotate_in(
    landscape: &Landscape,
    vault: &dyn SecretStore,
    secret: &str,
    dry_run: bool,
    actor: &str,
    now: OffsetDateTime,
    admin_database: Option<&Secret>,
) -> Result<Rotation, DaemonError> {
    let secret_name = name(secret)?;
    let overlap = landscape.spec.overlap(secret).ok_or_else(|| {
        DaemonError::Invalid(format!(
            "{secret} cannot rotate: this build rotates {SIGNING_KEY}, the client-secret-* secrets and {DATABASE_CREDENTIAL}"
        ))
    })?;
    let previous = vault.current(&secret_name).await?.info.id.to_string();
    let version = if dry_run {
        None
    } else {
        let version = match vault.holds_key(&secret_name) {
            true => vault.put_key(&secret_name, actor).await?,
            false => {
                vault.put(&secret_name, new_value(landscape, secret, admin_database).await?, actor).await?
            }
        };
        Some(version.id.to_string())
    };
    Ok(Rotation {
        landscape: landscape.name.clone(),
        secret: secret.to_owned(),
        version,
        previous_version: Some(previous),
        previous_retired_after: Some(now + overlap),
        dry_run,
    })
}

/// The vaults of the landscapes that have one. A landscape that never started has no local vault yet, and
/// opening it would create one.
fn existing_vaults(
    landscapes: &[Landscape],
    wanted: fn(&Landscape) -> bool,
) -> Vec<(&Landscape, Arc<dyn SecretStore>)> {
    landscapes
        .iter()
        .filter(|landscape| wanted(landscape) && landscape.has_vault())
        .filter_map(|landscape| Some((landscape, landscape.vault().ok()?)))
        .collect()
}

/// Retires the versions replaced longer ago than their secret's overlap, in every landscape with a vault;
/// returns `(landscape, secret, version)` of each. A database login is dropped first, which needs the
/// landscape running (its entry in `admin_databases`); otherwise it waits.
pub async fn retire_due(
    landscapes: &[Landscape],
    now: OffsetDateTime,
    admin_databases: &HashMap<String, Secret>,
) -> Vec<(String, String, String)> {
    let mut retired = Vec::new();
    for (landscape, vault) in existing_vaults(landscapes, |_| true) {
        let Ok(secrets) = vault.list().await else { continue };
        for secret in secrets {
            let Some(overlap) = landscape.spec.overlap(secret.name.as_str()) else { continue };
            let Ok(history) = vault.history(&secret.name).await else { continue };
            // Newest first: a version was replaced when the one before it in the list was made.
            for pair in history.windows(2) {
                let (successor, version) = (&pair[0], &pair[1]);
                if version.state != VersionState::Previous || successor.created_at + overlap > now {
                    continue;
                }
                let admin = admin_databases.get(&landscape.name);
                match retire(vault.as_ref(), &secret.name, &version.id, admin).await {
                    Ok(true) => retired.push((
                        landscape.name.clone(),
                        secret.name.to_string(),
                        version.id.to_string(),
                    )),
                    Ok(false) => {}
                    Err(error) => {
                        tracing::warn!(%error, landscape = %landscape.name, "cannot retire a version")
                    }
                }
            }
        }
    }
    retired
}

/// Retires one version; for the database credential, drops its login first. `false` if it must wait.
async fn retire(
    vault: &dyn SecretStore,
    secret: &SecretName,
    version: &VersionId,
    admin_database: Option<&Secret>,
) -> Result<bool, DaemonError> {
    if secret.as_str() == DATABASE_CREDENTIAL {
        let Some(url) = admin_database else { return Ok(false) };
        let active = vault.active(secret).await?;
        if let Some(login) = active.iter().find(|active| active.info.id == *version) {
            let admin = Db::connect(url.expose()).await.map_err(CredentialError::from)?;
            let dropped = db_credentials::drop_login(&admin, &login.value).await;
            admin.close().await;
            let sessions = dropped?;
            tracing::info!(version = %version, sessions, "dropped the replaced database login");
        }
    }
    vault.retire(secret, version).await?;
    Ok(true)
}

/// Rotates the secrets whose landscape file schedules a rotation and whose current version is older than
/// its period; returns what was rotated.
pub async fn rotate_due(
    landscapes: &[Landscape],
    now: OffsetDateTime,
    admin_databases: &HashMap<String, Secret>,
) -> Vec<Rotation> {
    let mut rotated = Vec::new();
    for (landscape, vault) in existing_vaults(landscapes, |landscape| !landscape.spec.secrets.is_empty()) {
        for (secret, policy) in &landscape.spec.secrets {
            let (Ok(name), Some(period)) = (SecretName::new(secret), policy.period()) else { continue };
            let Ok(current) = vault.current(&name).await else { continue };
            if current.info.created_at + period > now {
                continue;
            }
            let admin = admin_databases.get(&landscape.name);
            match rotate_in(landscape, vault.as_ref(), secret, false, crate::audit::DAEMON, now, admin).await
            {
                Ok(rotation) => rotated.push(rotation),
                Err(error) => {
                    tracing::warn!(%error, landscape = %landscape.name, secret, "scheduled rotation failed")
                }
            }
        }
    }
    rotated
}
