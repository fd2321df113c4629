//! The embedded backend: a directory per landscape with one JSON file per secret.
//!
//! Metadata is in clear, so that an operator can inspect versions without the key. Each value is sealed
//! with AES-256-GCM under the master key, with a random 96-bit nonce and the slot `<name>/<version id>` as
//! associated data: a ciphertext copied into another secret or version fails authentication.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aws_lc_rs::aead::{AES_256_GCM, Aad, NONCE_LEN, Nonce, RandomizedNonceKey};
use backbone_domain::{Clock, Secret};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use zeroize::{Zeroize, Zeroizing};

use crate::{
    MasterKey, SecretInfo, SecretName, SecretStore, SecretVersion, VaultError, VersionId, VersionInfo,
    VersionState, files, random_hex,
};

/// Bumped on incompatible changes of the file layout.
const FORMAT: u32 = 1;
/// Proves at open that the key is the vault's, instead of failing later on every secret as "corrupt".
const KEY_CHECK_FILE: &str = ".key-check";
const KEY_CHECK_TEXT: &[u8] = b"backbone-vault key check";

/// A local encrypted vault. Every operation reads the files anew: another process (the CLI next to the
/// daemon) may have written since. Writers are serialised in the process by a mutex, and across processes
/// by a lock file.
pub struct LocalVault {
    inner: Arc<Inner>,
    writer: Mutex<()>,
}

struct Inner {
    dir: PathBuf,
    key: RandomizedNonceKey,
    clock: Arc<dyn Clock>,
}

#[derive(Serialize, Deserialize)]
struct SecretFile {
    format: u32,
    name: SecretName,
    /// Newest first.
    versions: Vec<StoredVersion>,
}

#[derive(Serialize, Deserialize)]
struct StoredVersion {
    #[serde(flatten)]
    info: VersionInfo,
    /// `None` once retired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed: Option<Sealed>,
}

/// AES-256-GCM output, base64: the nonce, and the ciphertext followed by the tag.
#[derive(Serialize, Deserialize)]
struct Sealed {
    nonce: String,
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
struct KeyCheck {
    format: u32,
    sealed: Sealed,
}

impl LocalVault {
    /// Opens the vault in `dir`, creating it (mode 0700) on first use. Fails with
    /// [`VaultError::MasterKey`] if the vault was created with another key.
    pub fn open(dir: &Path, key: MasterKey, clock: Arc<dyn Clock>) -> Result<Self, VaultError> {
        files::create_private_dir(dir)?;
        let key = RandomizedNonceKey::new(&AES_256_GCM, key.expose())
            .map_err(|_| VaultError::MasterKey("not usable as an AES-256-GCM key".to_owned()))?;
        let inner = Inner { dir: dir.to_owned(), key, clock };
        inner.check_key()?;
        Ok(Self { inner: Arc::new(inner), writer: Mutex::new(()) })
    }

    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// Runs file system work and cryptography off the async executor.
    async fn run<T: Send + 'static>(
        &self,
        task: impl FnOnce(&Inner) -> Result<T, VaultError> + Send + 'static,
    ) -> Result<T, VaultError> {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || task(&inner))
            .await
            .map_err(|e| VaultError::Backend(format!("vault task failed: {e}")))?
    }
}

impl fmt::Debug for LocalVault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalVault").field("dir", &self.inner.dir).finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl SecretStore for LocalVault {
    async fn list(&self) -> Result<Vec<SecretInfo>, VaultError> {
        self.run(Inner::list).await
    }

    async fn current(&self, name: &SecretName) -> Result<SecretVersion, VaultError> {
        let name = name.clone();
        self.run(move |vault| {
            let file = vault.load_existing(&name)?;
            vault.reveal(&file.name, file.current()?)
        })
        .await
    }

    async fn active(&self, name: &SecretName) -> Result<Vec<SecretVersion>, VaultError> {
        let name = name.clone();
        self.run(move |vault| {
            let file = vault.load_existing(&name)?;
            file.versions
                .iter()
                .filter(|version| version.info.state != VersionState::Retired)
                .map(|version| vault.reveal(&file.name, version))
                .collect()
        })
        .await
    }

    async fn history(&self, name: &SecretName) -> Result<Vec<VersionInfo>, VaultError> {
        let name = name.clone();
        self.run(move |vault| {
            let file = vault.load_existing(&name)?;
            Ok(file.versions.into_iter().map(|version| version.info).collect())
        })
        .await
    }

    async fn put(
        &self,
        name: &SecretName,
        value: Secret,
        created_by: &str,
    ) -> Result<VersionInfo, VaultError> {
        let _writer = self.writer.lock().await;
        let (name, created_by) = (name.clone(), created_by.to_owned());
        self.run(move |vault| vault.put(&name, &value, created_by)).await
    }

    async fn retire(&self, name: &SecretName, version: &VersionId) -> Result<(), VaultError> {
        let _writer = self.writer.lock().await;
        let (name, version) = (name.clone(), version.clone());
        self.run(move |vault| vault.retire(&name, &version)).await
    }
}

impl Inner {
    fn check_key(&self) -> Result<(), VaultError> {
        let path = self.dir.join(KEY_CHECK_FILE);
        if files::read(&path)?.is_none() {
            let check = KeyCheck { format: FORMAT, sealed: self.seal(KEY_CHECK_FILE, KEY_CHECK_TEXT)? };
            // If another process created it meanwhile, theirs is checked below.
            files::create_new(&path, &to_json(&check)?)?;
        }
        let bytes = files::read(&path)?.unwrap_or_default();
        let check: KeyCheck = serde_json::from_slice(&bytes).map_err(|e| corrupt(&path, e))?;
        match self.open(KEY_CHECK_FILE, &check.sealed) {
            Some(text) if text == KEY_CHECK_TEXT => Ok(()),
            _ => Err(VaultError::MasterKey(format!(
                "the vault at {} cannot be opened with this master key (it was created with another one)",
                self.dir.display()
            ))),
        }
    }

    fn list(&self) -> Result<Vec<SecretInfo>, VaultError> {
        let entries = std::fs::read_dir(&self.dir).map_err(|e| files::io_error(&self.dir, e))?;
        let mut secrets = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| files::io_error(&self.dir, e))?;
            let file_name = entry.file_name();
            // Skips `.key-check`, `.lock`, `*.partial` and anything else that is not a secret.
            let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(".json")) else { continue };
            let Ok(name) = SecretName::new(name) else { continue };
            // Removed since `read_dir`: no longer listed.
            let Some(file) = self.load(&name)? else { continue };
            let current = file.current()?.info.clone();
            secrets.push(SecretInfo { name, current, versions: file.versions.len() });
        }
        secrets.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(secrets)
    }

    fn put(&self, name: &SecretName, value: &Secret, created_by: String) -> Result<VersionInfo, VaultError> {
        let _lock = files::lock(&self.dir)?;
        let mut file = self.load(name)?.unwrap_or_else(|| SecretFile {
            format: FORMAT,
            name: name.clone(),
            versions: vec![],
        });
        for version in &mut file.versions {
            if version.info.state == VersionState::Current {
                version.info.state = VersionState::Previous;
            }
        }
        let info = VersionInfo {
            id: VersionId(random_hex::<16>()?),
            created_at: self.clock.now(),
            state: VersionState::Current,
            retired_at: None,
            created_by,
        };
        let sealed = self.seal(&slot(name, &info.id), value.expose().as_bytes())?;
        file.versions.insert(0, StoredVersion { info: info.clone(), sealed: Some(sealed) });
        self.save(&file)?;
        Ok(info)
    }

    /// Drops the ciphertext from the file. The blocks of the replaced file are not scrubbed, but they hold
    /// ciphertext only, useless without the master key.
    fn retire(&self, name: &SecretName, id: &VersionId) -> Result<(), VaultError> {
        let _lock = files::lock(&self.dir)?;
        let mut file = self.load_existing(name)?;
        let now = self.clock.now();
        let version = file
            .versions
            .iter_mut()
            .find(|version| version.info.id == *id)
            .ok_or_else(|| VaultError::VersionNotFound { name: name.clone(), version: id.clone() })?;
        match version.info.state {
            VersionState::Retired => return Ok(()),
            VersionState::Current => {
                return Err(VaultError::RetireCurrent { name: name.clone(), version: id.clone() });
            }
            VersionState::Previous => {
                version.info.state = VersionState::Retired;
                version.info.retired_at = Some(now);
                version.sealed = None;
            }
        }
        self.save(&file)
    }

    fn path(&self, name: &SecretName) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    fn load_existing(&self, name: &SecretName) -> Result<SecretFile, VaultError> {
        self.load(name)?.ok_or_else(|| VaultError::NotFound(name.clone()))
    }

    /// Reads and checks the secret's file; `None` if it does not exist.
    fn load(&self, name: &SecretName) -> Result<Option<SecretFile>, VaultError> {
        let path = self.path(name);
        let Some(bytes) = files::read(&path)? else { return Ok(None) };
        let file: SecretFile = serde_json::from_slice(&bytes).map_err(|e| corrupt(&path, e))?;
        if file.format != FORMAT {
            return Err(corrupt(&path, format_args!("format {} is not supported", file.format)));
        }
        if file.name != *name {
            return Err(corrupt(&path, format_args!("it holds secret {}", file.name)));
        }
        file.current().map_err(|_| corrupt(&path, "it has no single current version"))?;
        Ok(Some(file))
    }

    fn save(&self, file: &SecretFile) -> Result<(), VaultError> {
        files::replace(&self.path(&file.name), &to_json(file)?)
    }

    fn reveal(&self, name: &SecretName, version: &StoredVersion) -> Result<SecretVersion, VaultError> {
        let id = &version.info.id;
        let unreadable = |what: &str| VaultError::Corrupt(format!("secret {name} version {id}: {what}"));
        let sealed = version.sealed.as_ref().ok_or_else(|| unreadable("the value is missing"))?;
        let plaintext = self.open(&slot(name, id), sealed).ok_or_else(|| {
            unreadable("the value fails authentication (tampered with, or moved from another slot)")
        })?;
        let value = String::from_utf8(plaintext).map_err(|e| {
            e.into_bytes().zeroize();
            unreadable("the value is not UTF-8")
        })?;
        Ok(SecretVersion { info: version.info.clone(), value: Secret::new(value) })
    }

    fn seal(&self, slot: &str, plaintext: &[u8]) -> Result<Sealed, VaultError> {
        // Encrypted in place: the buffer holds ciphertext when it is dropped.
        let mut buffer = plaintext.to_vec();
        let nonce = self
            .key
            .seal_in_place_append_tag(Aad::from(slot.as_bytes()), &mut buffer)
            .map_err(|_| VaultError::Backend("encryption failed".to_owned()))?;
        Ok(Sealed { nonce: STANDARD.encode(nonce.as_ref()), ciphertext: STANDARD.encode(&buffer) })
    }

    /// The plaintext, or `None` if anything is wrong: malformed, wrong key, tampered with, wrong slot.
    fn open(&self, slot: &str, sealed: &Sealed) -> Option<Vec<u8>> {
        let nonce: [u8; NONCE_LEN] = STANDARD.decode(&sealed.nonce).ok()?.try_into().ok()?;
        let mut buffer = Zeroizing::new(STANDARD.decode(&sealed.ciphertext).ok()?);
        let len = self
            .key
            .open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(slot.as_bytes()), &mut buffer)
            .ok()?
            .len();
        buffer.truncate(len);
        Some(std::mem::take(&mut *buffer))
    }
}

impl SecretFile {
    fn current(&self) -> Result<&StoredVersion, VaultError> {
        let mut current = self.versions.iter().filter(|version| version.info.state == VersionState::Current);
        match (current.next(), current.next()) {
            (Some(version), None) => Ok(version),
            _ => Err(VaultError::Corrupt(format!("secret {} has no single current version", self.name))),
        }
    }
}

/// The associated data that binds a ciphertext to its secret and version.
fn slot(name: &SecretName, id: &VersionId) -> String {
    format!("{name}/{id}")
}

fn to_json(value: &impl Serialize) -> Result<Vec<u8>, VaultError> {
    let mut json = serde_json::to_vec_pretty(value).map_err(|e| VaultError::Backend(e.to_string()))?;
    json.push(b'\n');
    Ok(json)
}

fn corrupt(path: &Path, what: impl fmt::Display) -> VaultError {
    VaultError::Corrupt(format!("{}: {what}", path.display()))
}
