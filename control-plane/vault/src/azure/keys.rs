//! Held keys in Azure Key Vault: EC P-256 key pairs that Key Vault makes and signs with (in an HSM for
//! `EC-HSM`), through `azure_security_keyvault_keys`. The versions carry the same tags as secrets'.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use azure_core::credentials::TokenCredential;
use azure_core::http::{ClientOptions, RequestContent, Url};
use azure_security_keyvault_keys::models::{
    CreateKeyParameters, CurveName, KeyAttributes, KeyClientGetKeyOptions, KeyClientSignOptions,
    KeyClientUpdateKeyPropertiesOptions, KeyOperation, KeyType, SignParameters, SignatureAlgorithm,
    UpdateKeyPropertiesParameters,
};
use azure_security_keyvault_keys::{KeyClient, KeyClientOptions, ResourceExt as _};
use backbone_domain::Secret;
use futures_util::TryStreamExt as _;

use super::{AzureKeyType, Listed, Stamps, Version, backend, chain};
use crate::{PublicKey, SecretName, VaultError, VersionId};

/// The length of a P-256 coordinate and of each half of an ES256 signature.
const P256_BYTES: usize = 32;

pub(super) struct HeldKeys {
    client: KeyClient,
    kinds: BTreeMap<SecretName, AzureKeyType>,
    /// Public keys by version id: a version's key never changes, so each is fetched once.
    public: Mutex<HashMap<String, Secret>>,
}

impl From<Option<KeyAttributes>> for Stamps {
    fn from(attributes: Option<KeyAttributes>) -> Self {
        let a = attributes.unwrap_or_default();
        Self { created: a.created, updated: a.updated, enabled: a.enabled }
    }
}

impl HeldKeys {
    pub(super) fn new(
        url: &Url,
        kinds: &BTreeMap<String, AzureKeyType>,
        credential: Arc<dyn TokenCredential>,
        client_options: ClientOptions,
    ) -> Result<Self, VaultError> {
        let kinds = kinds
            .iter()
            .map(|(name, kind)| Ok((SecretName::new(name.as_str())?, *kind)))
            .collect::<Result<_, VaultError>>()?;
        let options = KeyClientOptions { client_options, ..Default::default() };
        let client = KeyClient::new(url.as_str(), credential, Some(options)).map_err(|e| {
            VaultError::Backend(format!("Azure Key Vault configuration: vault_url {url}: {}", chain(&e)))
        })?;
        Ok(Self { client, kinds, public: Mutex::new(HashMap::new()) })
    }

    pub(super) fn kind(&self, name: &SecretName) -> Option<AzureKeyType> {
        self.kinds.get(name).copied()
    }

    pub(super) fn names(&self) -> impl Iterator<Item = &SecretName> {
        self.kinds.keys()
    }

    /// Every version of the key, as listed.
    pub(super) async fn versions(&self, remote: &str) -> azure_core::Result<Vec<Listed>> {
        let pager = self.client.list_key_properties_versions(remote, None)?;
        let mut pager = std::pin::pin!(pager);
        let mut listed = Vec::new();
        while let Some(properties) = pager.try_next().await? {
            listed.push(Listed {
                version: properties.resource_id().ok().and_then(|id| id.version),
                stamps: Stamps::from(properties.attributes),
                tags: properties.tags,
            });
        }
        Ok(listed)
    }

    /// The public key of a version, as [`PublicKey`] JSON.
    pub(super) async fn public_key(
        &self,
        name: &SecretName,
        remote: &str,
        id: &VersionId,
    ) -> Result<Secret, VaultError> {
        if let Some(known) = self.public.lock().unwrap_or_else(PoisonError::into_inner).get(id.as_str()) {
            return Ok(known.clone());
        }
        let failed = |e: azure_core::Error| match e.http_status() {
            Some(azure_core::http::StatusCode::NotFound) => {
                VaultError::VersionNotFound { name: name.clone(), version: id.clone() }
            }
            _ => backend(format_args!("reading version {id} of key {remote}"), &e),
        };
        let options =
            KeyClientGetKeyOptions { key_version: Some(id.as_str().to_owned()), ..Default::default() };
        let key =
            self.client.get_key(remote, Some(options)).await.map_err(failed)?.into_model().map_err(failed)?;
        let corrupt = |what: &str| {
            VaultError::Corrupt(format!("Key Vault returned version {id} of key {remote} {what}"))
        };
        let jwk = key.key.ok_or_else(|| corrupt("without its key"))?;
        if !matches!(jwk.kty, Some(KeyType::Ec | KeyType::EcHsm)) || jwk.crv != Some(CurveName::P256) {
            return Err(corrupt("as another type than an EC P-256 key"));
        }
        let (Some(x), Some(y)) = (jwk.x, jwk.y) else { return Err(corrupt("without its coordinates")) };
        let (Some(x), Some(y)) = (coordinate(&x), coordinate(&y)) else {
            return Err(corrupt("with coordinates longer than P-256's"));
        };
        let value = PublicKey::p256(&x, &y).to_secret();
        self.public
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.as_str().to_owned(), value.clone());
        Ok(value)
    }

    /// Makes a new key pair as a new version of the key, with `tags`.
    pub(super) async fn create(
        &self,
        name: &SecretName,
        remote: &str,
        kind: AzureKeyType,
        tags: HashMap<String, String>,
    ) -> Result<Version, VaultError> {
        let failed =
            |e: azure_core::Error| backend(format_args!("creating a new version of key {remote}"), &e);
        let parameters = CreateKeyParameters {
            kty: Some(match kind {
                AzureKeyType::Ec => KeyType::Ec,
                AzureKeyType::EcHsm => KeyType::EcHsm,
            }),
            curve: Some(CurveName::P256),
            key_ops: Some(vec![KeyOperation::Sign, KeyOperation::Verify]),
            tags: Some(tags),
            ..Default::default()
        };
        let content: RequestContent<CreateKeyParameters> = parameters.try_into().map_err(failed)?;
        let key = self
            .client
            .create_key(remote, content, None)
            .await
            .map_err(failed)?
            .into_model()
            .map_err(failed)?;
        let listed = Listed {
            version: key.resource_id().ok().and_then(|id| id.version),
            stamps: Stamps::from(key.attributes),
            tags: key.tags,
        };
        Version::new(name, listed)
    }

    /// Updates a version's tags, and enables or disables it.
    pub(super) async fn update(
        &self,
        remote: &str,
        id: &VersionId,
        enabled: Option<bool>,
        tags: Option<HashMap<String, String>>,
    ) -> azure_core::Result<()> {
        let parameters = UpdateKeyPropertiesParameters {
            key_attributes: enabled
                .map(|enabled| KeyAttributes { enabled: Some(enabled), ..Default::default() }),
            tags,
            ..Default::default()
        };
        let content: RequestContent<UpdateKeyPropertiesParameters> = parameters.try_into()?;
        let options = KeyClientUpdateKeyPropertiesOptions {
            key_version: Some(id.as_str().to_owned()),
            ..Default::default()
        };
        self.client.update_key_properties(remote, content, Some(options)).await?;
        Ok(())
    }

    /// Signs a SHA-256 digest with one version (always named, so that the signature and the token's key id
    /// cannot disagree); the ES256 signature `r‖s`.
    pub(super) async fn sign(
        &self,
        remote: &str,
        id: &VersionId,
        digest: &[u8; 32],
    ) -> Result<Vec<u8>, VaultError> {
        let failed =
            |e: azure_core::Error| backend(format_args!("signing with version {id} of key {remote}"), &e);
        let parameters =
            SignParameters { algorithm: Some(SignatureAlgorithm::Es256), value: Some(digest.to_vec()) };
        let content: RequestContent<SignParameters> = parameters.try_into().map_err(failed)?;
        let options =
            KeyClientSignOptions { key_version: Some(id.as_str().to_owned()), ..Default::default() };
        let result = self
            .client
            .sign(remote, content, Some(options))
            .await
            .map_err(failed)?
            .into_model()
            .map_err(failed)?;
        let corrupt = |what: &str| VaultError::Corrupt(format!("Key Vault signed with key {remote} {what}"));
        let signed_by = result.resource_id().ok().and_then(|resource| resource.version);
        if signed_by.as_deref() != Some(id.as_str()) {
            return Err(corrupt(&format!("but not with version {id}")));
        }
        match result.result {
            Some(signature) if signature.len() == 2 * P256_BYTES => Ok(signature),
            _ => Err(corrupt("and returned no ES256 signature")),
        }
    }
}

/// A coordinate as 32 bytes, left-padded: a JWK's coordinates have their curve's full length, but a
/// producer that drops leading zeros is accepted too.
fn coordinate(bytes: &[u8]) -> Option<[u8; P256_BYTES]> {
    let padding = P256_BYTES.checked_sub(bytes.len())?;
    let mut full = [0; P256_BYTES];
    full[padding..].copy_from_slice(bytes);
    Some(full)
}
