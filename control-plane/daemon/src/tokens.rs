//! Admin API tokens, each bound to a role. Only their SHA-256 digests are stored (`tokens.json`), so the
//! file grants nothing when read; the token itself is shown once, at creation. The daemon keeps one
//! operator token for the local user in `operator.token` (mode 0600), which the CLI reads by itself.

use backbone_domain::{Clock as _, SystemClock};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use backbone_admin::wire::{Role, TokenCreated, TokenInfo};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The token the daemon creates for its local user.
pub const LOCAL_OPERATOR: &str = "local-operator";

/// Tokens start with this, so that secret scanners and people recognise them.
const PREFIX: &str = "bbt_";

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("a token named '{0}' exists already")]
    Exists(String),
    #[error("no token named '{0}'")]
    NotFound(String),
    #[error("'{0}' is not a token name: use 1 to 64 letters, digits, dots, dashes and underscores")]
    InvalidName(String),
    #[error("cannot store the tokens in {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

#[derive(Clone, Serialize, Deserialize)]
struct Stored {
    name: String,
    role: Role,
    /// Hex SHA-256 of the token.
    digest: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

/// Who called: the token's name and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub name: String,
    pub role: Role,
}

/// What a role may do.
impl Caller {
    pub fn may(&self, permission: Permission) -> bool {
        let role = self.role;
        match permission {
            Permission::Read => true,
            Permission::Operate => matches!(role, Role::Operator | Role::Automation),
            Permission::Administer => role == Role::Operator,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Landscapes, their status and plans.
    Read,
    /// Landscapes' lifecycle, scaling, and their clients' secrets.
    Operate,
    /// Tokens, the audit log, stopping the daemon.
    Administer,
}

pub struct Tokens {
    path: PathBuf,
    stored: Mutex<Vec<Stored>>,
}

impl Tokens {
    /// Loads the tokens and makes sure the local operator token exists and is in `operator_token_file`.
    pub fn open(path: &Path, operator_token_file: &Path) -> Result<Self, TokenError> {
        let io_error = |source| TokenError::Io { path: path.to_owned(), source };
        let stored: Vec<Stored> = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| io_error(io::Error::other(error)))?,
            Err(error) if error.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(error) => return Err(io_error(error)),
        };
        let tokens = Self { path: path.to_owned(), stored: Mutex::new(stored) };
        let local = std::fs::read_to_string(operator_token_file).ok().map(|token| token.trim().to_owned());
        if local.as_deref().and_then(|token| tokens.authenticate(token)).is_none() {
            let _ = tokens.revoke(LOCAL_OPERATOR);
            let created = tokens.create(LOCAL_OPERATOR, Role::Operator)?;
            let _ = std::fs::remove_file(operator_token_file);
            backbone_control_plane::landscape::write_private(operator_token_file, &created.token)
                .map_err(|source| TokenError::Io { path: operator_token_file.to_owned(), source })?;
        }
        Ok(tokens)
    }

    pub fn authenticate(&self, token: &str) -> Option<Caller> {
        let digest = digest(token);
        let stored = self.lock();
        // Digests of random tokens: comparing them leaks nothing useful about the token.
        let found = stored.iter().find(|entry| entry.digest == digest)?;
        Some(Caller { name: found.name.clone(), role: found.role })
    }

    pub fn create(&self, name: &str, role: Role) -> Result<TokenCreated, TokenError> {
        if !valid_name(name) {
            return Err(TokenError::InvalidName(name.to_owned()));
        }
        let (token, digest) = new_token();
        let mut stored = self.lock();
        if stored.iter().any(|entry| entry.name == name) {
            return Err(TokenError::Exists(name.to_owned()));
        }
        let entry = Stored { name: name.to_owned(), role, digest, created_at: SystemClock.now() };
        let mut updated = stored.clone();
        updated.push(entry);
        self.save(&updated)?;
        *stored = updated;
        Ok(TokenCreated { name: name.to_owned(), role, token })
    }

    /// A new token for the named one, same name and role; the old one stops working at once.
    pub fn rotate(&self, name: &str) -> Result<TokenCreated, TokenError> {
        let mut stored = self.lock();
        let entry = stored
            .iter()
            .find(|entry| entry.name == name)
            .ok_or_else(|| TokenError::NotFound(name.to_owned()))?;
        let (token, digest) = new_token();
        let role = entry.role;
        let mut updated: Vec<Stored> = stored.iter().filter(|entry| entry.name != name).cloned().collect();
        updated.push(Stored { name: name.to_owned(), role, digest, created_at: SystemClock.now() });
        self.save(&updated)?;
        *stored = updated;
        Ok(TokenCreated { name: name.to_owned(), role, token })
    }

    pub fn revoke(&self, name: &str) -> Result<(), TokenError> {
        let mut stored = self.lock();
        let updated: Vec<Stored> = stored.iter().filter(|entry| entry.name != name).cloned().collect();
        if updated.len() == stored.len() {
            return Err(TokenError::NotFound(name.to_owned()));
        }
        self.save(&updated)?;
        *stored = updated;
        Ok(())
    }

    pub fn list(&self) -> Vec<TokenInfo> {
        self.lock()
            .iter()
            .map(|entry| TokenInfo {
                name: entry.name.clone(),
                role: entry.role,
                created_at: entry.created_at,
            })
            .collect()
    }

    /// Written to a temporary file and renamed, so that a crash leaves the old or the new list.
    fn save(&self, stored: &[Stored]) -> Result<(), TokenError> {
        let io_error = |source| TokenError::Io { path: self.path.clone(), source };
        let json = serde_json::to_vec_pretty(stored).map_err(|error| io_error(io::Error::other(error)))?;
        let partial = self.path.with_extension("json.partial");
        std::fs::write(&partial, json).map_err(io_error)?;
        std::fs::rename(&partial, &self.path).map_err(io_error)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Stored>> {
        self.stored.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A new random token and its digest.
fn new_token() -> (String, String) {
    let token = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>()));
    let digest = digest(&token);
    (token, digest)
}

/// Tokens are stored like OAuth client secrets: as their SHA-256 digest.
fn digest(token: &str) -> String {
    backbone_domain::password::client_secret_digest(token)
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
