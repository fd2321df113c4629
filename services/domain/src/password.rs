//! Device passwords (spec §3.2): the policy they must satisfy and how they are stored.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Which password policy applies to device passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PasswordPolicy {
    /// At least 10 characters with an upper- and a lowercase letter, a digit and a symbol.
    #[default]
    Production,
    /// Any non-empty password; for development landscapes and client test suites.
    Relaxed,
}

impl PasswordPolicy {
    /// Why the password violates the policy, if it does.
    pub fn violation(self, password: &str) -> Option<&'static str> {
        if password.is_empty() {
            return Some("Passwords must be at least 1 characters.");
        }
        if self == PasswordPolicy::Relaxed {
            return None;
        }
        let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
        if password.chars().count() < 10 {
            Some("Passwords must be at least 10 characters.")
        } else if !has(char::is_ascii_uppercase) {
            Some("Passwords must have at least one uppercase ('A'-'Z').")
        } else if !has(char::is_ascii_lowercase) {
            Some("Passwords must have at least one lowercase ('a'-'z').")
        } else if !has(char::is_ascii_digit) {
            Some("Passwords must have at least one digit ('0'-'9').")
        } else if !has(|c| !c.is_alphanumeric()) {
            Some("Passwords must have at least one non alphanumeric character.")
        } else {
            None
        }
    }
}

/// The stored form of a password: an Argon2id PHC string.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

#[derive(Debug, thiserror::Error)]
#[error("the password could not be hashed")]
pub struct HashingFailed;

impl PasswordHash {
    /// Hashes with a fresh random salt. CPU-heavy: call it off the async executor.
    pub fn create(password: &str) -> Result<Self, HashingFailed> {
        let hash = Argon2::default().hash_password(password.as_bytes()).map_err(|_| HashingFailed)?;
        Ok(Self(hash.to_string()))
    }

    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_stored(&self) -> &str {
        &self.0
    }

    /// CPU-heavy: call it off the async executor.
    pub fn verify(&self, password: &str) -> bool {
        Argon2::default().verify_password(password.as_bytes(), self.0.as_str()).is_ok()
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::Secret::REDACTED)
    }
}

/// OAuth client secrets are long random strings, so a fast digest protects them at rest; a slow
/// password hash would cost every identity creation and token request for nothing.
pub fn client_secret_digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Compares digests in constant time with respect to their content.
pub fn digests_match(left: &str, right: &str) -> bool {
    crate::Secret::new(left).matches(right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_policy_requires_all_classes() {
        let policy = PasswordPolicy::Production;
        assert!(policy.violation("Aa1!Aa1!Aa1!").is_none());
        assert!(policy.violation("Aa1!").is_some());
        assert!(policy.violation("aaaaaaaaaa1!").is_some());
        assert!(policy.violation("AAAAAAAAAAa!").is_some());
        assert!(policy.violation("AAAAAAAAAa1a").is_some());
    }

    #[test]
    fn relaxed_policy_accepts_any_nonempty_password() {
        assert!(PasswordPolicy::Relaxed.violation("p").is_none());
        assert!(PasswordPolicy::Relaxed.violation("").is_some());
    }

    #[test]
    fn hashes_verify() {
        let hash = PasswordHash::create("password").unwrap();
        assert!(hash.verify("password"));
        assert!(!hash.verify("Password"));
        assert_eq!(format!("{hash:?}"), "<redacted>");
    }
}
