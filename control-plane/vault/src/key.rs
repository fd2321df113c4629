//! The master key that encrypts a local vault.

use std::ffi::OsString;
use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use zeroize::Zeroizing;

use crate::{VaultError, files, random_bytes};

/// 32 bytes for AES-256-GCM, written as base64url without padding (43 characters). Zeroed on drop and
/// never shown: `Debug` is redacted, and errors say what is wrong with a key, not what it is.
pub struct MasterKey(Zeroizing<[u8; MasterKey::LEN]>);

impl MasterKey {
    pub const LEN: usize = 32;

    pub fn from_bytes(bytes: [u8; Self::LEN]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// A new random key.
    pub fn generate() -> Result<Self, VaultError> {
        let mut bytes = random_bytes::<{ Self::LEN }>()?;
        let key = Self::from_bytes(bytes);
        zeroize::Zeroize::zeroize(&mut bytes);
        Ok(key)
    }

    /// The key from the environment variable `var` if it is set, else from `file`. If neither exists,
    /// `file` is created with a new key.
    ///
    /// Generating the key next to the vault is the single-machine default: it protects the secrets in
    /// backups and copies of the vault directory that leave out the key file, and needs no setup.
    /// Operators who keep the key elsewhere (a secret manager, a systemd credential) pass it in `var`.
    pub fn from_env_or_file(var: &str, file: &Path) -> Result<Self, VaultError> {
        Self::from_value_or_file(std::env::var_os(var), var, file)
    }

    fn from_value_or_file(value: Option<OsString>, var: &str, file: &Path) -> Result<Self, VaultError> {
        if let Some(value) = value {
            let value = Zeroizing::new(value.into_string().map_err(|_| {
                VaultError::MasterKey(format!("the environment variable {var} is not valid UTF-8"))
            })?);
            return Self::decode(&value, &format!("the environment variable {var}"));
        }
        let source = format!("the key file {}", file.display());
        if let Some(bytes) = files::read(file)? {
            return Self::decode_bytes(bytes, &source);
        }
        let key = Self::generate()?;
        let mut text = Zeroizing::new(URL_SAFE_NO_PAD.encode(key.0.as_slice()));
        text.push('\n');
        if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
            files::create_private_dir(parent)?;
        }
        if files::create_new(file, text.as_bytes())? {
            return Ok(key);
        }
        // Another process generated it first: use theirs.
        let bytes = files::read(file)?.unwrap_or_default();
        Self::decode_bytes(bytes, &source)
    }

    /// The raw key, for the cipher.
    pub(crate) fn expose(&self) -> &[u8; Self::LEN] {
        &self.0
    }

    fn decode_bytes(bytes: Vec<u8>, source: &str) -> Result<Self, VaultError> {
        let bytes = Zeroizing::new(bytes);
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| VaultError::MasterKey(format!("{source} is not text: {}", Self::EXPECTED)))?;
        Self::decode(text, source)
    }

    /// Surrounding whitespace is ignored: key files end with a newline, pasted values often too.
    fn decode(text: &str, source: &str) -> Result<Self, VaultError> {
        let invalid = |what: &str| VaultError::MasterKey(format!("{source} {what}: {}", Self::EXPECTED));
        let text = text.trim();
        if text.is_empty() {
            return Err(invalid("is empty"));
        }
        // The decoder's own error would quote the offending character, which is part of the key.
        let decoded = Zeroizing::new(URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid("is not base64url"))?);
        let bytes: &[u8; Self::LEN] =
            decoded.as_slice().try_into().map_err(|_| invalid(&format!("has {} bytes", decoded.len())))?;
        Ok(Self::from_bytes(*bytes))
    }

    const EXPECTED: &str = "expected 32 bytes as base64url without padding (43 characters)";
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_variable_wins_over_the_file() {
        let temp = tempfile::tempdir().unwrap();
        let file = temp.path().join("vault.key");
        let value = format!("{}\n", URL_SAFE_NO_PAD.encode([5u8; 32]));
        let key = MasterKey::from_value_or_file(Some(value.into()), "KEY", &file).unwrap();
        assert_eq!(key.expose(), &[5; 32]);
        assert!(!file.exists(), "no key file is generated when the variable is set");

        let error = MasterKey::from_value_or_file(Some("".into()), "KEY", &file).unwrap_err();
        assert_eq!(
            error.to_string(),
            "master key: the environment variable KEY is empty: \
             expected 32 bytes as base64url without padding (43 characters)"
        );
    }
}
