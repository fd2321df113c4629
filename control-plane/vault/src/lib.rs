//! Secrets with versions, for key rotation: a [`SecretStore`] keeps every version of a named secret with
//! its state, so that a rotation can put a new value while verifiers still accept the previous ones during
//! a grace window, and then retire them.
//!
//! The default backend is [`LocalVault`], a directory of files encrypted with a [`MasterKey`], one vault per
//! landscape. Other backends (such as a cloud key vault) implement the same trait.

pub mod azure;
mod files;
mod key;
mod local;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

pub use backbone_domain::Secret;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use azure::{AzureCredentialKind, AzureKeyType, AzureKeyVault, AzureVaultConfig};
pub use key::MasterKey;
pub use local::LocalVault;

/// The name of a secret: 1 to 127 characters of `a-z`, `0-9` and `-`. That is the intersection of what
/// cloud key vaults accept (Azure Key Vault, lowercased) and what is safe as a file name everywhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SecretName(String);

impl SecretName {
    pub const MAX_LEN: usize = 127;

    pub fn new(name: impl Into<String>) -> Result<Self, VaultError> {
        let name = name.into();
        let valid = (1..=Self::MAX_LEN).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Self(name))
        } else {
            Err(VaultError::InvalidName(format!(
                "invalid secret name {name:?}: use 1 to {} characters of a-z, 0-9 and '-'",
                Self::MAX_LEN
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SecretName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for SecretName {
    type Err = VaultError;

    fn from_str(name: &str) -> Result<Self, VaultError> {
        Self::new(name)
    }
}

impl TryFrom<String> for SecretName {
    type Error = VaultError;

    fn try_from(name: String) -> Result<Self, VaultError> {
        Self::new(name)
    }
}

impl From<SecretName> for String {
    fn from(name: SecretName) -> String {
        name.0
    }
}

/// Identifies one version of a secret. Opaque: the local vault uses 32 random hex digits, other backends
/// use whatever their service assigns.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VersionId(String);

impl VersionId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Any text is a version id; an unknown one is reported by the store as [`VaultError::VersionNotFound`].
impl FromStr for VersionId {
    type Err = std::convert::Infallible;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Ok(Self(id.to_owned()))
    }
}

/// Where a version is in its rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionState {
    /// The value to use for new tokens, signatures, connections. Exactly one version is current.
    Current,
    /// Replaced, but still accepted (by verifiers, during a grace window) until it is retired.
    Previous,
    /// No longer accepted; only its metadata is kept, its value is erased.
    Retired,
}

/// Metadata of one version; never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub id: VersionId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub state: VersionState,
    #[serde(with = "time::serde::rfc3339::option")]
    pub retired_at: Option<OffsetDateTime>,
    /// Who or what put the version (an operator, `rotation`, …), for the audit trail.
    pub created_by: String,
}

/// A secret as listed: its name, its current version and how many versions it has (all states).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretInfo {
    pub name: SecretName,
    pub current: VersionInfo,
    pub versions: usize,
}

/// A version with its value. The value is a [`Secret`], so `Debug` and serialisation show it redacted.
#[derive(Debug, Clone)]
pub struct SecretVersion {
    pub info: VersionInfo,
    pub value: Secret,
}

/// Where secrets live. The daemon holds one as `Arc<dyn SecretStore>`.
#[async_trait::async_trait]
pub trait SecretStore: Send + Sync {
    /// Every secret, ordered by name.
    async fn list(&self) -> Result<Vec<SecretInfo>, VaultError>;
    /// The current version.
    async fn current(&self, name: &SecretName) -> Result<SecretVersion, VaultError>;
    /// Every version not retired, newest first (the ones verifiers and grace windows still accept).
    async fn active(&self, name: &SecretName) -> Result<Vec<SecretVersion>, VaultError>;
    /// Every version, newest first, all states, without values.
    async fn history(&self, name: &SecretName) -> Result<Vec<VersionInfo>, VaultError>;
    /// Adds a version that becomes current; the previous current becomes [`VersionState::Previous`].
    /// Creates the secret if it does not exist.
    async fn put(
        &self,
        name: &SecretName,
        value: Secret,
        created_by: &str,
    ) -> Result<VersionInfo, VaultError>;
    /// Retires a version: it is kept in history, its value is erased from storage. Retiring a retired
    /// version does nothing; the current version cannot be retired (put its successor first).
    async fn retire(&self, name: &SecretName, version: &VersionId) -> Result<(), VaultError>;

    /// Whether `name` is a key pair the store holds and signs with, whose private half never leaves it (a
    /// Key Vault key, possibly in an HSM). Its versions' values are then their public keys, as
    /// [`PublicKey`] JSON; [`SecretStore::put`] is refused and [`SecretStore::put_key`] makes new versions.
    fn holds_key(&self, _name: &SecretName) -> bool {
        false
    }

    /// Makes a new key pair in the store as the current version of a held key (see
    /// [`SecretStore::holds_key`]); the previous current version becomes [`VersionState::Previous`].
    async fn put_key(&self, name: &SecretName, _created_by: &str) -> Result<VersionInfo, VaultError> {
        Err(VaultError::NotAKey(name.clone()))
    }

    /// Signs a SHA-256 `digest` with a version of a held key: ECDSA P-256, the signature as `r‖s` (64 bytes,
    /// as JWS ES256 wants it).
    async fn sign(
        &self,
        name: &SecretName,
        _version: &VersionId,
        _digest: &[u8; 32],
    ) -> Result<Vec<u8>, VaultError> {
        Err(VaultError::NotAKey(name.clone()))
    }
}

/// The public half of a held key, the value its versions read as: a JWK of an EC P-256 key
/// (`{"kty":"EC","crv":"P-256","x":…,"y":…}`, coordinates base64url).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKey {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub y: String,
}

impl PublicKey {
    /// The key from its 32-byte coordinates.
    pub fn p256(x: &[u8], y: &[u8]) -> Self {
        use base64::Engine as _;
        let encode = |bytes| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        Self { kty: "EC".to_owned(), crv: "P-256".to_owned(), x: encode(x), y: encode(y) }
    }

    /// Parses a held key's value; anything but a P-256 key is refused.
    pub fn parse(value: &Secret) -> Result<Self, VaultError> {
        let key: Self = serde_json::from_str(value.expose())
            .map_err(|e| VaultError::Corrupt(format!("a held key's public key does not parse: {e}")))?;
        if key.kty != "EC" || key.crv != "P-256" {
            return Err(VaultError::Corrupt(format!(
                "a held key is {} {}, not an EC P-256 key",
                key.kty, key.crv
            )));
        }
        Ok(key)
    }

    pub fn to_secret(&self) -> Secret {
        // Serialising four strings cannot fail.
        Secret::new(serde_json::to_string(self).unwrap_or_default())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("secret {0} not found")]
    NotFound(SecretName),
    #[error("secret {name} has no version {version}")]
    VersionNotFound { name: SecretName, version: VersionId },
    #[error(
        "version {version} is the current version of secret {name}; put a new version before retiring it"
    )]
    RetireCurrent { name: SecretName, version: VersionId },
    /// The master key is missing, malformed or not the one the vault was created with.
    #[error("master key: {0}")]
    MasterKey(String),
    /// Stored data fails authentication or does not parse: tampered with, damaged or moved.
    #[error("the vault is corrupt: {0}")]
    Corrupt(String),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    InvalidName(String),
    #[error("secret store: {0}")]
    Backend(String),
    /// `put` of a key the store makes itself.
    #[error(
        "{0} is a key pair made and held by the vault: its private key cannot be set or read; rotate it instead"
    )]
    HeldKey(SecretName),
    /// A key operation on a plain secret.
    #[error("{0} is not a key held by the vault")]
    NotAKey(SecretName),
}

/// Bytes from the operating system's generator (through AWS-LC), for keys and identifiers.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut bytes = [0; N];
    aws_lc_rs::rand::fill(&mut bytes)
        .map_err(|_| VaultError::Backend("the system random generator failed".to_owned()))?;
    Ok(bytes)
}

/// `N` random bytes as `2 * N` lowercase hex digits.
pub(crate) fn random_hex<const N: usize>() -> Result<String, VaultError> {
    Ok(random_bytes::<N>()?.iter().map(|b| format!("{b:02x}")).collect())
}
