//! A [`SecretStore`] in Azure Key Vault, through the Azure SDK for Rust 1.x (`azure_security_keyvault_secrets`,
//! `azure_identity`, `azure_core`).
//!
//! # Mapping
//!
//! - A backbone secret is a Key Vault secret of the same name, after an optional
//!   [`AzureVaultConfig::name_prefix`] (Key Vault accepts `0-9`, `a-z`, `A-Z` and `-`, 1 to 127 characters,
//!   case-insensitively; [`SecretName`] is a subset).
//! - A backbone version is a Key Vault version; its [`VersionId`] is the Key Vault version id (32 hex digits).
//! - The rotation state lives in tags on each version: `backbone-state` (`current`, `previous` or `retired`),
//!   `backbone-created-by`, `backbone-sequence` (1, 2, …: orders versions put within the same second, since Key
//!   Vault's `created` has a resolution of one second) and, once retired, `backbone-retired-at` (RFC 3339).
//!   `created_at` is Key Vault's own `attributes.created`.
//! - `put` sets a new version tagged `current`, then re-tags the versions that were tagged `current` as
//!   `previous`. If it stops in between, two versions are tagged `current`; the newest one counts, the others
//!   read as previous, and the next `put` re-tags them.
//! - `retire` tags the version `retired` and disables it (`attributes.enabled = false`) in one update. **Key
//!   Vault cannot erase a single version's value**: a disabled version can no longer be read through the data
//!   plane (`get` answers 403), but the value stays stored until the whole secret is deleted and purged, and a
//!   principal with `secrets/set` permission can enable it again. This is weaker than [`crate::LocalVault`],
//!   which drops the ciphertext.
//! - Versions created outside the backbone (portal, `az keyvault secret set`) carry no state tag: they read as
//!   previous, and a disabled version reads as retired whatever its tag. If no enabled version is tagged
//!   current (a secret created outside the backbone), the newest enabled version is current.
//! - `list` covers every secret whose name starts with the prefix and is a valid [`SecretName`] after it,
//!   except secrets managed by Key Vault certificates and secrets without any enabled version.
//! - A name listed in [`AzureVaultConfig::keys`] is a *held key* instead (see [`SecretStore::holds_key`]): its
//!   versions are versions of a Key Vault key (EC P-256, software-protected or in an HSM), tagged the same
//!   way. Key Vault makes each key pair and signs with it; the private key never leaves the vault. A version's
//!   value reads as its public key, fetched once per version (it never changes).
//! - Concurrent `put`s are serialised within one `AzureKeyVault`; across processes there is no lock, so two
//!   simultaneous `put`s can both leave their version tagged `current` (the newer one counts, see above).
//!
//! # Authentication and transport
//!
//! The SDK authenticates with Entra ID tokens from an [`azure_core::credentials::TokenCredential`], scoped by
//! Key Vault's authentication challenge: the first request of a client is sent without a token and without
//! its body, Key Vault answers 401 with `WWW-Authenticate: Bearer authorization="…", resource="…"`, and the
//! SDK retries with a token for that resource (the resource's domain must match the vault's). HTTP goes
//! through reqwest with rustls on aws-lc-rs (the SDK's default transport with the features chosen in the
//! workspace manifest), or through [`ClientOptions::transport`] when given.
//!
//! # What was tested, and against what
//!
//! `tests/azure.rs` runs this backend against a local HTTPS stand-in that implements the Key Vault REST calls
//! used here, as documented for api-version 2025-07-01 (the SDK's default): set secret (`PUT
//! /secrets/{name}`), get secret version (`GET /secrets/{name}/{version}`, 403 on a disabled version), update
//! secret version (`PATCH /secrets/{name}/{version}`), list secret versions (`GET
//! /secrets/{name}/versions`) and list secrets (`GET /secrets`), both paged with `nextLink`, the
//! `{"error": {"code": …}}` error bodies, and the 401 challenge. It covers rotation semantics, ordering,
//! retirement, not-found mapping, name prefixes, that the test credential's bearer token reaches the
//! service, that no request body (secret value) is sent before authentication, and that `Debug` shows no
//! value.
//!
//! For held keys: create key (`POST /keys/{name}/create`), get key version, update key version, list key
//! versions and sign (`POST /keys/{name}/{version}/sign`, ES256 over a SHA-256 digest, answered with the raw
//! `r‖s` signature, which the stand-in makes with AWS-LC and the tests verify as JWS does).
//!
//! Not tested against the real service: the exact response shapes and error codes of Azure Key Vault
//! (including whether listing the versions of a missing secret answers 404 or an empty list: both are
//! handled), the real 401 challenge and token audience, Entra ID token acquisition by
//! [`AzureKeyVault::with_default_credential`] (workload identity, managed identity, developer tools),
//! throttling (429) and the SDK's retries, soft-deleted secrets (a `put` to a name in the recycle bin fails
//! with 409), RBAC or access-policy failures (403), and service limits (25 KB values, 15 tags, 256-character
//! tag values), whether `EC-HSM` keys are refused by a Standard-tier vault (they need Premium or a Managed
//! HSM), and Key Vault's signing latency and its limit on sign calls per vault (the docs give 2,000 per 10
//! seconds for HSM P-256 keys, 4,000 for software keys).

mod keys;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;
use azure_core::error::ErrorKind;
use azure_core::http::{ClientOptions, RequestContent, StatusCode, Url};
use azure_identity::{
    DeveloperToolsCredential, ManagedIdentityCredential, ManagedIdentityCredentialOptions, UserAssignedId,
    WorkloadIdentityCredential, WorkloadIdentityCredentialOptions,
};
use azure_security_keyvault_secrets::models::{
    SecretAttributes, SecretClientGetSecretOptions, SecretClientUpdateSecretPropertiesOptions,
    SetSecretParameters, UpdateSecretPropertiesParameters,
};
use azure_security_keyvault_secrets::{ResourceExt as _, ResourceId, SecretClient, SecretClientOptions};
use backbone_domain::{Clock, Secret};
use futures_util::TryStreamExt as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::Mutex;

use crate::{
    SecretInfo, SecretName, SecretStore, SecretVersion, VaultError, VersionId, VersionInfo, VersionState,
};

const STATE_TAG: &str = "backbone-state";
const CREATED_BY_TAG: &str = "backbone-created-by";
const SEQUENCE_TAG: &str = "backbone-sequence";
const RETIRED_AT_TAG: &str = "backbone-retired-at";
const CURRENT: &str = "current";
const PREVIOUS: &str = "previous";
const RETIRED: &str = "retired";
/// Key Vault's limit on a tag value, in characters.
const TAG_VALUE_MAX_CHARS: usize = 256;
/// Set by the AKS workload identity webhook.
const FEDERATED_TOKEN_FILE_VARIABLE: &str = "AZURE_FEDERATED_TOKEN_FILE";

/// Where the Azure backend stores secrets, and how it authenticates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AzureVaultConfig {
    /// The vault's URL, `https://<vault-name>.vault.azure.net/` ("Vault URI" in the portal).
    pub vault_url: String,
    /// Put before every secret name in Key Vault, so that several landscapes can share a vault (`prod-` stores
    /// `jwt-signing-key` as `prod-jwt-signing-key`). Characters `a-z`, `0-9` and `-`; empty by default.
    #[serde(default)]
    pub name_prefix: String,
    /// The credential that [`AzureKeyVault::with_default_credential`] uses.
    #[serde(default)]
    pub credential: AzureCredentialKind,
    /// The client id of the identity: a user-assigned managed identity (unset: the system-assigned one), or
    /// the workload identity's application (unset: `AZURE_CLIENT_ID`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Names kept as Key Vault keys rather than secrets, with the type of key: `keys =
    /// { access-token-signing-key = "EC-HSM" }` keeps the token signing key in an HSM, where it signs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub keys: BTreeMap<String, AzureKeyType>,
}

/// The Key Vault key type of a held key; both are EC P-256 keys that sign ES256.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AzureKeyType {
    /// Software-protected (any vault tier).
    #[serde(rename = "EC")]
    Ec,
    /// HSM-protected: a Premium-tier vault or a Managed HSM.
    #[serde(rename = "EC-HSM")]
    EcHsm,
}

/// How the backbone obtains Entra ID tokens for Key Vault. Azure SDK 1.x has no `DefaultAzureCredential`;
/// this is the backbone's choice of one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AzureCredentialKind {
    /// Workload identity when `AZURE_FEDERATED_TOKEN_FILE` is set (AKS with the workload identity webhook),
    /// otherwise managed identity (App Service, Container Apps, Functions, VMs and VM scale sets through
    /// IMDS). Developer credentials are never picked automatically, so that a server never runs with an
    /// operator's identity by accident.
    #[default]
    Auto,
    /// Entra workload identity on Kubernetes: `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` (or `client_id`) and
    /// `AZURE_FEDERATED_TOKEN_FILE`.
    WorkloadIdentity,
    /// The managed identity of the Azure resource the backbone runs on.
    ManagedIdentity,
    /// The identity logged in to the Azure CLI (`az login`) or the Azure Developer CLI (`azd auth login`), for
    /// operators' machines.
    DeveloperTools,
}

impl AzureVaultConfig {
    /// The credential chosen by [`AzureVaultConfig::credential`]. Nothing is contacted yet: failures to get a
    /// token show on the first request.
    pub fn token_credential(&self) -> Result<Arc<dyn TokenCredential>, VaultError> {
        let kind = match self.credential {
            AzureCredentialKind::Auto if std::env::var_os(FEDERATED_TOKEN_FILE_VARIABLE).is_some() => {
                AzureCredentialKind::WorkloadIdentity
            }
            AzureCredentialKind::Auto => AzureCredentialKind::ManagedIdentity,
            kind => kind,
        };
        let error = |e: azure_core::Error| VaultError::Backend(format!("Azure credential: {}", chain(&e)));
        let credential: Arc<dyn TokenCredential> = match kind {
            AzureCredentialKind::WorkloadIdentity => {
                let options = WorkloadIdentityCredentialOptions {
                    client_id: self.client_id.clone(),
                    ..Default::default()
                };
                WorkloadIdentityCredential::new(Some(options)).map_err(error)?
            }
            AzureCredentialKind::Auto | AzureCredentialKind::ManagedIdentity => {
                let options = ManagedIdentityCredentialOptions {
                    user_assigned_id: self.client_id.clone().map(UserAssignedId::ClientId),
                    ..Default::default()
                };
                ManagedIdentityCredential::new(Some(options)).map_err(error)?
            }
            AzureCredentialKind::DeveloperTools => DeveloperToolsCredential::new(None).map_err(error)?,
        };
        Ok(credential)
    }
}

/// Secrets in an Azure Key Vault; see the module documentation for the mapping and its limits.
pub struct AzureKeyVault {
    client: SecretClient,
    /// The held keys, if the configuration names any.
    keys: Option<keys::HeldKeys>,
    vault_url: String,
    prefix: String,
    clock: Arc<dyn Clock>,
    /// Serialises `put` and `retire` of this instance: each reads the versions, then writes.
    writer: Mutex<()>,
}

impl fmt::Debug for AzureKeyVault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureKeyVault").field("vault_url", &self.vault_url).finish_non_exhaustive()
    }
}

impl AzureKeyVault {
    /// A vault with the credential chosen by [`AzureVaultConfig::credential`] and the SDK's default
    /// transport.
    pub fn with_default_credential(
        config: &AzureVaultConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, VaultError> {
        Self::new(config, config.token_credential()?, clock)
    }

    /// A vault authenticating with `credential`, over the SDK's default transport.
    pub fn new(
        config: &AzureVaultConfig,
        credential: Arc<dyn TokenCredential>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, VaultError> {
        Self::with_client_options(config, credential, clock, ClientOptions::default())
    }

    /// A vault authenticating with `credential`, with the SDK's client options: an own HTTP client through
    /// [`ClientOptions::transport`], retries, logging. The clock stamps `retired_at`.
    pub fn with_client_options(
        config: &AzureVaultConfig,
        credential: Arc<dyn TokenCredential>,
        clock: Arc<dyn Clock>,
        client_options: ClientOptions,
    ) -> Result<Self, VaultError> {
        let invalid = |what: String| VaultError::Backend(format!("Azure Key Vault configuration: {what}"));
        let url = Url::parse(&config.vault_url)
            .map_err(|e| invalid(format!("vault_url {:?} is not a URL: {e}", config.vault_url)))?;
        if url.scheme() != "https" || url.host_str().is_none() {
            return Err(invalid(format!("vault_url {:?} must be an https:// URL", config.vault_url)));
        }
        let prefix = &config.name_prefix;
        let prefix_valid = prefix.len() < SecretName::MAX_LEN
            && prefix.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !prefix_valid {
            return Err(invalid(format!(
                "name_prefix {prefix:?}: use at most {} characters of a-z, 0-9 and '-'",
                SecretName::MAX_LEN - 1
            )));
        }
        let keys = match config.keys.is_empty() {
            true => None,
            false => {
                Some(keys::HeldKeys::new(&url, &config.keys, credential.clone(), client_options.clone())?)
            }
        };
        let options = SecretClientOptions { client_options, ..Default::default() };
        let client = SecretClient::new(url.as_str(), credential, Some(options))
            .map_err(|e| invalid(format!("vault_url {:?}: {}", config.vault_url, chain(&e))))?;
        Ok(Self {
            client,
            keys,
            vault_url: config.vault_url.clone(),
            prefix: prefix.clone(),
            clock,
            writer: Mutex::new(()),
        })
    }

    pub fn vault_url(&self) -> &str {
        &self.vault_url
    }

    /// The name in Key Vault.
    fn remote_name(&self, name: &SecretName) -> Result<String, VaultError> {
        let remote = format!("{}{name}", self.prefix);
        if remote.len() > SecretName::MAX_LEN {
            return Err(VaultError::InvalidName(format!(
                "secret name {name} is too long for Key Vault with the prefix {:?}: at most {} characters in all",
                self.prefix,
                SecretName::MAX_LEN
            )));
        }
        Ok(remote)
    }

    /// The held key of that name, if it is one.
    fn held(&self, name: &SecretName) -> Option<(&keys::HeldKeys, AzureKeyType)> {
        let keys = self.keys.as_ref()?;
        Some((keys, keys.kind(name)?))
    }

    /// Every version of the secret with its state, newest first; [`VaultError::NotFound`] if there is none.
    async fn load(&self, name: &SecretName) -> Result<Vec<Resolved>, VaultError> {
        let remote = self.remote_name(name)?;
        let not_found = |e: azure_core::Error| match e.http_status() {
            Some(StatusCode::NotFound) => VaultError::NotFound(name.clone()),
            _ => backend(format_args!("listing the versions of {remote}"), &e),
        };
        let listed = match self.held(name) {
            Some((keys, _)) => keys.versions(&remote).await.map_err(not_found)?,
            None => {
                let pager = self.client.list_secret_properties_versions(&remote, None).map_err(not_found)?;
                let mut pager = std::pin::pin!(pager);
                let mut listed = Vec::new();
                while let Some(properties) = pager.try_next().await.map_err(not_found)? {
                    let id = properties.id.as_deref().and_then(|id| id.parse::<ResourceId>().ok());
                    listed.push(Listed {
                        version: id.and_then(|id| id.version),
                        stamps: Stamps::from(properties.attributes),
                        tags: properties.tags,
                    });
                }
                listed
            }
        };
        let versions =
            listed.into_iter().map(|listed| Version::new(name, listed)).collect::<Result<Vec<_>, _>>()?;
        if versions.is_empty() {
            return Err(VaultError::NotFound(name.clone()));
        }
        Ok(resolve(versions))
    }

    /// The value of `version`.
    async fn reveal(&self, name: &SecretName, version: &Resolved) -> Result<SecretVersion, VaultError> {
        let remote = self.remote_name(name)?;
        let id = &version.version.id;
        if let Some((keys, _)) = self.held(name) {
            let value = keys.public_key(name, &remote, id).await?;
            return Ok(SecretVersion { info: version.info(), value });
        }
        let options = SecretClientGetSecretOptions {
            secret_version: Some(id.as_str().to_owned()),
            ..Default::default()
        };
        let failed = |e: azure_core::Error| match e.http_status() {
            Some(StatusCode::NotFound) => {
                VaultError::VersionNotFound { name: name.clone(), version: id.clone() }
            }
            _ => backend(format_args!("reading version {id} of {remote}"), &e),
        };
        let secret = self.client.get_secret(&remote, Some(options)).await.map_err(failed)?.into_model();
        let value = secret.map_err(failed)?.value.ok_or_else(|| {
            VaultError::Corrupt(format!("Key Vault returned version {id} of {remote} without a value"))
        })?;
        Ok(SecretVersion { info: version.info(), value: Secret::new(value) })
    }

    /// Updates a version's tags, and enables or disables it.
    async fn update(
        &self,
        name: &SecretName,
        id: &VersionId,
        enabled: Option<bool>,
        tags: Option<HashMap<String, String>>,
    ) -> Result<(), VaultError> {
        let remote = self.remote_name(name)?;
        let failed = |e: azure_core::Error| backend(format_args!("updating version {id} of {remote}"), &e);
        if let Some((keys, _)) = self.held(name) {
            return keys.update(&remote, id, enabled, tags).await.map_err(failed);
        }
        let parameters = UpdateSecretPropertiesParameters {
            secret_attributes: enabled
                .map(|enabled| SecretAttributes { enabled: Some(enabled), ..Default::default() }),
            tags,
            ..Default::default()
        };
        let content: RequestContent<UpdateSecretPropertiesParameters> =
            parameters.try_into().map_err(failed)?;
        let options = SecretClientUpdateSecretPropertiesOptions {
            secret_version: Some(id.as_str().to_owned()),
            ..Default::default()
        };
        self.client.update_secret_properties(&remote, content, Some(options)).await.map_err(failed)?;
        Ok(())
    }

    /// Makes a new version from `new`, tagged current, and tags the versions that were current as previous.
    async fn put_version(
        &self,
        name: &SecretName,
        new: New<'_>,
        created_by: &str,
    ) -> Result<VersionInfo, VaultError> {
        if created_by.chars().count() > TAG_VALUE_MAX_CHARS {
            return Err(VaultError::Backend(format!(
                "created_by is longer than {TAG_VALUE_MAX_CHARS} characters, the limit of a Key Vault tag"
            )));
        }
        let remote = self.remote_name(name)?;
        let _writer = self.writer.lock().await;
        let existing = match self.load(name).await {
            Ok(versions) => versions,
            Err(VaultError::NotFound(_)) => Vec::new(),
            Err(e) => return Err(e),
        };
        let sequence = existing.iter().map(|v| v.version.sequence()).max().unwrap_or(0).saturating_add(1);
        let tags = HashMap::from([
            (STATE_TAG.to_owned(), CURRENT.to_owned()),
            (CREATED_BY_TAG.to_owned(), created_by.to_owned()),
            (SEQUENCE_TAG.to_owned(), sequence.to_string()),
        ]);
        let failed = |e: azure_core::Error| backend(format_args!("setting a new version of {remote}"), &e);
        let version = match new {
            New::Key(keys, kind) => keys.create(name, &remote, kind, tags).await?,
            New::Value(value) => {
                let parameters = SetSecretParameters {
                    value: Some(value.expose().to_owned()),
                    tags: Some(tags),
                    ..Default::default()
                };
                let content: RequestContent<SetSecretParameters> = parameters.try_into().map_err(failed)?;
                let set = self.client.set_secret(&remote, content, None).await.map_err(failed)?;
                let mut set = set.into_model().map_err(failed)?;
                set.value = None;
                let id = set.id.as_deref().and_then(|id| id.parse::<ResourceId>().ok());
                let listed = Listed {
                    version: id.and_then(|id| id.version),
                    stamps: Stamps::from(set.attributes),
                    tags: set.tags,
                };
                Version::new(name, listed)?
            }
        };

        for old in existing.iter().filter(|v| v.version.tag(STATE_TAG) == Some(CURRENT)) {
            let mut tags = old.version.tags.clone();
            tags.insert(STATE_TAG.to_owned(), PREVIOUS.to_owned());
            self.update(name, &old.version.id, None, Some(tags)).await?;
        }
        tracing::info!(secret = %name, version = %version.id, created_by, "put a new version into Azure Key Vault");
        Ok(Resolved { version, state: VersionState::Current }.info())
    }
}

/// What a new version is made of.
enum New<'a> {
    Value(Secret),
    /// A new key pair of a held key, made by Key Vault.
    Key(&'a keys::HeldKeys, AzureKeyType),
}

#[async_trait::async_trait]
impl SecretStore for AzureKeyVault {
    async fn list(&self) -> Result<Vec<SecretInfo>, VaultError> {
        let failed = |e: azure_core::Error| backend("listing the secrets", &e);
        let pager = self.client.list_secret_properties(None).map_err(failed)?;
        let mut pager = std::pin::pin!(pager);
        let mut names = Vec::new();
        while let Some(properties) = pager.try_next().await.map_err(failed)? {
            if properties.managed == Some(true) {
                continue;
            }
            let Ok(id) = properties.resource_id() else { continue };
            let Some(name) = id.name.strip_prefix(self.prefix.as_str()) else { continue };
            let Ok(name) = SecretName::new(name) else { continue };
            names.push(name);
        }
        if let Some(keys) = &self.keys {
            names.extend(keys.names().cloned());
        }
        names.sort();
        names.dedup();
        let mut secrets = Vec::with_capacity(names.len());
        for name in names {
            let versions = match self.load(&name).await {
                Ok(versions) => versions,
                // Deleted since it was listed.
                Err(VaultError::NotFound(_)) => continue,
                Err(e) => return Err(e),
            };
            let Some(current) = versions.iter().find(|v| v.state == VersionState::Current) else {
                tracing::debug!(secret = %name, "skipping a Key Vault secret without an enabled version");
                continue;
            };
            secrets.push(SecretInfo { name, current: current.info(), versions: versions.len() });
        }
        Ok(secrets)
    }

    async fn current(&self, name: &SecretName) -> Result<SecretVersion, VaultError> {
        let versions = self.load(name).await?;
        self.reveal(name, current_of(name, &versions)?).await
    }

    async fn active(&self, name: &SecretName) -> Result<Vec<SecretVersion>, VaultError> {
        let versions = self.load(name).await?;
        let mut active = Vec::new();
        for version in versions.iter().filter(|v| v.state != VersionState::Retired) {
            active.push(self.reveal(name, version).await?);
        }
        Ok(active)
    }

    async fn history(&self, name: &SecretName) -> Result<Vec<VersionInfo>, VaultError> {
        Ok(self.load(name).await?.iter().map(Resolved::info).collect())
    }

    async fn put(
        &self,
        name: &SecretName,
        value: Secret,
        created_by: &str,
    ) -> Result<VersionInfo, VaultError> {
        if self.held(name).is_some() {
            return Err(VaultError::HeldKey(name.clone()));
        }
        self.put_version(name, New::Value(value), created_by).await
    }

    async fn retire(&self, name: &SecretName, version: &VersionId) -> Result<(), VaultError> {
        let _writer = self.writer.lock().await;
        let versions = self.load(name).await?;
        let target = versions
            .iter()
            .find(|v| v.version.id == *version)
            .ok_or_else(|| VaultError::VersionNotFound { name: name.clone(), version: version.clone() })?;
        match target.state {
            VersionState::Current => {
                Err(VaultError::RetireCurrent { name: name.clone(), version: version.clone() })
            }
            // Disabled again if someone enabled it; the tags (and `retired_at`) stay.
            VersionState::Retired if target.version.enabled => {
                self.update(name, version, Some(false), None).await
            }
            VersionState::Retired => Ok(()),
            VersionState::Previous => {
                let now =
                    self.clock.now().format(&Rfc3339).map_err(|e| VaultError::Backend(e.to_string()))?;
                let mut tags = target.version.tags.clone();
                tags.insert(STATE_TAG.to_owned(), RETIRED.to_owned());
                tags.insert(RETIRED_AT_TAG.to_owned(), now);
                self.update(name, version, Some(false), Some(tags)).await?;
                tracing::info!(secret = %name, %version, "retired and disabled a version in Azure Key Vault");
                Ok(())
            }
        }
    }

    fn holds_key(&self, name: &SecretName) -> bool {
        self.held(name).is_some()
    }

    async fn put_key(&self, name: &SecretName, created_by: &str) -> Result<VersionInfo, VaultError> {
        let (keys, kind) = self.held(name).ok_or_else(|| VaultError::NotAKey(name.clone()))?;
        self.put_version(name, New::Key(keys, kind), created_by).await
    }

    async fn sign(
        &self,
        name: &SecretName,
        version: &VersionId,
        digest: &[u8; 32],
    ) -> Result<Vec<u8>, VaultError> {
        let (keys, _) = self.held(name).ok_or_else(|| VaultError::NotAKey(name.clone()))?;
        keys.sign(&self.remote_name(name)?, version, digest).await
    }
}

/// One Key Vault version, as listed: metadata and tags, never the value.
struct Version {
    id: VersionId,
    created_at: OffsetDateTime,
    updated_at: Option<OffsetDateTime>,
    enabled: bool,
    tags: HashMap<String, String>,
}

/// A version as Key Vault lists or returns it, a secret's or a key's.
struct Listed {
    /// The version id, from the resource id.
    version: Option<String>,
    stamps: Stamps,
    tags: Option<HashMap<String, String>>,
}

/// The attributes of a version that the backbone reads, from a secret's or a key's attributes.
#[derive(Default)]
struct Stamps {
    created: Option<OffsetDateTime>,
    updated: Option<OffsetDateTime>,
    enabled: Option<bool>,
}

impl From<Option<SecretAttributes>> for Stamps {
    fn from(attributes: Option<SecretAttributes>) -> Self {
        let a = attributes.unwrap_or_default();
        Self { created: a.created, updated: a.updated, enabled: a.enabled }
    }
}

impl Version {
    fn new(name: &SecretName, Listed { version, stamps, tags }: Listed) -> Result<Self, VaultError> {
        let corrupt =
            |what: &str| VaultError::Corrupt(format!("Key Vault returned a version of {name} {what}"));
        let version = version.ok_or_else(|| corrupt("without a version id"))?;
        let created_at =
            stamps.created.ok_or_else(|| corrupt(&format!("{version} without a creation time")))?;
        Ok(Self {
            id: VersionId(version),
            created_at,
            updated_at: stamps.updated,
            enabled: stamps.enabled.unwrap_or(true),
            tags: tags.unwrap_or_default(),
        })
    }

    fn tag(&self, name: &str) -> Option<&str> {
        self.tags.get(name).map(String::as_str)
    }

    fn sequence(&self) -> u64 {
        self.tag(SEQUENCE_TAG).and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    fn is_retired(&self) -> bool {
        !self.enabled || self.tag(STATE_TAG) == Some(RETIRED)
    }
}

/// A version with the state it reads as.
struct Resolved {
    version: Version,
    state: VersionState,
}

impl Resolved {
    fn info(&self) -> VersionInfo {
        let version = &self.version;
        let retired_at = (self.state == VersionState::Retired).then(|| {
            version
                .tag(RETIRED_AT_TAG)
                .and_then(|at| OffsetDateTime::parse(at, &Rfc3339).ok())
                .or(version.updated_at)
                .unwrap_or(version.created_at)
        });
        VersionInfo {
            id: version.id.clone(),
            created_at: version.created_at,
            state: self.state,
            retired_at,
            created_by: version.tag(CREATED_BY_TAG).unwrap_or_default().to_owned(),
        }
    }
}

/// Orders the versions newest first and gives each its state (see the module documentation).
fn resolve(mut versions: Vec<Version>) -> Vec<Resolved> {
    versions.sort_by(|a, b| {
        (b.created_at, b.sequence(), b.id.as_str()).cmp(&(a.created_at, a.sequence(), a.id.as_str()))
    });
    let current = versions
        .iter()
        .position(|v| !v.is_retired() && v.tag(STATE_TAG) == Some(CURRENT))
        .or_else(|| versions.iter().position(|v| !v.is_retired()));
    versions
        .into_iter()
        .enumerate()
        .map(|(index, version)| {
            let state = if Some(index) == current {
                VersionState::Current
            } else if version.is_retired() {
                VersionState::Retired
            } else {
                VersionState::Previous
            };
            Resolved { version, state }
        })
        .collect()
}

fn current_of<'a>(name: &SecretName, versions: &'a [Resolved]) -> Result<&'a Resolved, VaultError> {
    versions
        .iter()
        .find(|v| v.state == VersionState::Current)
        .ok_or_else(|| VaultError::Corrupt(format!("secret {name} has no enabled version in Key Vault")))
}

/// A failure with what was being done, the HTTP status and Key Vault's error code if any, and the causes.
/// Key Vault's error messages name secrets and versions, never values.
fn backend(what: impl fmt::Display, error: &azure_core::Error) -> VaultError {
    let status = match error.kind() {
        ErrorKind::HttpResponse { status, error_code, .. } => match error_code {
            Some(code) => format!("HTTP {status} {code}: "),
            None => format!("HTTP {status}: "),
        },
        _ => String::new(),
    };
    VaultError::Backend(format!("Azure Key Vault, {what}: {status}{}", chain(error)))
}

/// The error with its causes: the SDK's messages alone often say only "Connection" or "Io".
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
