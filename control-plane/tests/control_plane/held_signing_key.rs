//! A Consumer API process whose vault holds the signing key as a key pair (as Azure Key Vault does with
//! `keys = { access-token-signing-key = "EC-HSM" }`): tokens are ES256, signed by the vault, named by the
//! key version, and follow rotations and retirements. The vault here is an in-memory store with the same
//! contract; the Key Vault backend itself is tested against its stand-in in `backbone-vault`.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test code fails loudly")]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_lc_rs::digest::{Digest, SHA256};
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};
use backbone_api::ClientSecrets;
use backbone_control_plane::secrets::{ApiSecrets, Follower, Followers, SIGNING_KEY};
use backbone_domain::id::DeviceId;
use backbone_domain::{IdentityAddress, Secret};
use backbone_http::{KeyRing, Principal, SigningKey, TokenKeys};
use backbone_vault::{
    PublicKey, SecretInfo, SecretName, SecretStore, SecretVersion, VaultError, VersionId, VersionInfo,
    VersionState,
};
use time::OffsetDateTime;
use tokio_util::sync::CancellationToken;

/// Holds [`SIGNING_KEY`] as key pairs; can be taken down.
struct HeldKeyVault {
    name: SecretName,
    versions: Mutex<Vec<(VersionInfo, Arc<EcdsaKeyPair>)>>,
    down: AtomicBool,
}

impl HeldKeyVault {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            name: SecretName::new(SIGNING_KEY).unwrap(),
            versions: Mutex::default(),
            down: AtomicBool::new(false),
        })
    }

    /// A new current version made `age` ago (the vault publishes a version 5 s after it is made).
    fn add(&self, age: time::Duration) -> VersionId {
        let mut versions = self.versions.lock().unwrap();
        for (info, _) in versions.iter_mut().filter(|(info, _)| info.state == VersionState::Current) {
            info.state = VersionState::Previous;
        }
        let id: VersionId = format!("{:032x}", versions.len() + 1).parse().unwrap();
        let info = VersionInfo {
            id: id.clone(),
            created_at: now() - age,
            state: VersionState::Current,
            retired_at: None,
            created_by: "test".to_owned(),
        };
        versions
            .insert(0, (info, Arc::new(EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap())));
        id
    }

    fn up(&self) -> Result<(), VaultError> {
        match self.down.load(Ordering::Relaxed) {
            true => Err(VaultError::Backend("the vault is down".to_owned())),
            false => Ok(()),
        }
    }
}

#[async_trait::async_trait]
impl SecretStore for HeldKeyVault {
    async fn list(&self) -> Result<Vec<SecretInfo>, VaultError> {
        Ok(Vec::new())
    }

    async fn current(&self, name: &SecretName) -> Result<SecretVersion, VaultError> {
        self.active(name).await?.into_iter().next().ok_or_else(|| VaultError::NotFound(name.clone()))
    }

    async fn active(&self, _name: &SecretName) -> Result<Vec<SecretVersion>, VaultError> {
        self.up()?;
        let versions = self.versions.lock().unwrap();
        let active = versions.iter().filter(|(info, _)| info.state != VersionState::Retired);
        Ok(active
            .map(|(info, pair)| {
                let point = pair.public_key().as_ref();
                SecretVersion {
                    info: info.clone(),
                    value: PublicKey::p256(&point[1..33], &point[33..65]).to_secret(),
                }
            })
            .collect())
    }

    async fn history(&self, _name: &SecretName) -> Result<Vec<VersionInfo>, VaultError> {
        Ok(self.versions.lock().unwrap().iter().map(|(info, _)| info.clone()).collect())
    }

    async fn put(&self, name: &SecretName, _value: Secret, _by: &str) -> Result<VersionInfo, VaultError> {
        Err(VaultError::HeldKey(name.clone()))
    }

    async fn retire(&self, _name: &SecretName, version: &VersionId) -> Result<(), VaultError> {
        let mut versions = self.versions.lock().unwrap();
        let (info, _) = versions.iter_mut().find(|(info, _)| info.id == *version).unwrap();
        info.state = VersionState::Retired;
        Ok(())
    }

    fn holds_key(&self, name: &SecretName) -> bool {
        *name == self.name
    }

    async fn sign(
        &self,
        name: &SecretName,
        version: &VersionId,
        digest: &[u8; 32],
    ) -> Result<Vec<u8>, VaultError> {
        self.up()?;
        let versions = self.versions.lock().unwrap();
        let (_, pair) = versions
            .iter()
            .find(|(info, _)| info.id == *version && info.state != VersionState::Retired)
            .ok_or_else(|| VaultError::VersionNotFound { name: name.clone(), version: version.clone() })?;
        let digest = Digest::import_less_safe(digest, &SHA256).unwrap();
        Ok(pair.sign_digest(&digest).unwrap().as_ref().to_vec())
    }
}

#[allow(clippy::disallowed_methods, reason = "the follower publishes by the wall clock")]
fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn principal() -> Principal {
    Principal {
        address: IdentityAddress::derive("localhost", &[7; 32]),
        device: DeviceId::trusted("DVCaaaaaaaaaaaaaaaaa".into()),
        username: "USRaaaaaaaaaaaaaaaaa".into(),
        client_id: "app".into(),
    }
}

/// The ring a Consumer API starts with before the vault's keys replace it.
fn placeholder() -> Arc<TokenKeys> {
    let secret = Secret::new("a key of the process's own, which signs nothing");
    let ring =
        KeyRing::hmac(&[SigningKey { id: "placeholder", secret: secret.expose().as_bytes() }]).unwrap();
    Arc::new(TokenKeys::new(ring, "backbone", 300))
}

fn followers(keys: &Arc<TokenKeys>) -> Followers {
    let api = ApiSecrets {
        keys: keys.clone(),
        client_secrets: Arc::new(ClientSecrets::default()),
        client_ids: Vec::new(),
    };
    Followers { api: Some(api), db: None }
}

/// The token's algorithm and key id.
fn header(token: &str) -> (String, String) {
    use base64::Engine as _;
    let json =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token.split('.').next().unwrap()).unwrap();
    let header: serde_json::Value = serde_json::from_slice(&json).unwrap();
    (header["alg"].as_str().unwrap().to_owned(), header["kid"].as_str().unwrap().to_owned())
}

/// Waits until the follower has looked at the vault again (it looks every 2 s).
async fn next_look() {
    tokio::time::sleep(Duration::from_millis(2500)).await;
}

#[tokio::test]
async fn tokens_are_signed_by_the_vault_and_follow_its_rotations() {
    let vault = HeldKeyVault::new();
    let first = vault.add(time::Duration::hours(1));
    let keys = placeholder();
    let store: Arc<dyn SecretStore> = vault.clone();
    let follower = Follower::start(store, followers(&keys)).await.unwrap();
    let shutdown = CancellationToken::new();
    tokio::spawn(follower.run(shutdown.clone()));

    let old = keys.issue(&principal(), now()).await.unwrap();
    assert_eq!(
        header(&old),
        ("ES256".to_owned(), first.to_string()),
        "the vault's key replaced the placeholder"
    );
    assert_eq!(keys.verify(&old), Some(principal()));

    // A new version signs once it is published; the old one keeps verifying.
    vault.add(time::Duration::ZERO);
    next_look().await;
    assert_eq!(
        header(&keys.issue(&principal(), now()).await.unwrap()).1,
        first.to_string(),
        "not yet published"
    );
    let second = vault.add(time::Duration::seconds(10));
    next_look().await;
    let new = keys.issue(&principal(), now()).await.unwrap();
    assert_eq!(header(&new).1, second.to_string());
    assert_eq!((keys.verify(&old), keys.verify(&new)), (Some(principal()), Some(principal())));

    // Retired: its tokens are refused.
    vault.retire(&SecretName::new(SIGNING_KEY).unwrap(), &first).await.unwrap();
    next_look().await;
    assert_eq!(keys.verify(&old), None);
    assert_eq!(keys.verify(&new), Some(principal()));

    // A vault that cannot sign fails the token request; the keys already loaded keep verifying.
    vault.down.store(true, Ordering::Relaxed);
    let error = keys.issue(&principal(), now()).await.unwrap_err();
    assert!(error.to_string().contains("the vault is down"), "{error}");
    assert_eq!(keys.verify(&new), Some(principal()));
    shutdown.cancel();
}

#[tokio::test]
async fn a_consumer_api_does_not_start_without_the_vaults_signing_keys() {
    let vault = HeldKeyVault::new();
    vault.add(time::Duration::hours(1));
    vault.down.store(true, Ordering::Relaxed);
    let store: Arc<dyn SecretStore> = vault;
    assert!(Follower::start(store, followers(&placeholder())).await.is_err());
}
