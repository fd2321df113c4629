//! Identity addresses (spec §2.2): `did:e:<domain>:dids:<20 hex><2 hex checksum>`.

use std::fmt;

use sha2::{Digest, Sha256, Sha512};

const MAX_LENGTH: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdentityAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The ID or Address is not valid. Check length, prefix and the used characters.")]
pub struct InvalidAddress;

impl IdentityAddress {
    /// Derives the address of the identity with this raw Ed25519 public key on `domain`.
    pub fn derive(domain: &str, public_key: &[u8]) -> Self {
        let hash = Sha256::digest(Sha512::digest(public_key));
        let specific_part = hex(&hash[..10]);
        let main_phrase = format!("did:e:{}:dids:{specific_part}", domain.to_ascii_lowercase());
        let checksum = hex(&Sha256::digest(main_phrase.as_bytes())[..1]);
        Self(format!("{main_phrase}{checksum}"))
    }

    /// The address that replaces those of deleted identities and decomposed peers: derived like any
    /// other from the UTF-16LE bytes of "deleted identity" (spec §2.2).
    pub fn anonymous(domain: &str) -> Self {
        let raw: Vec<u8> = "deleted identity".encode_utf16().flat_map(u16::to_le_bytes).collect();
        Self::derive(domain, &raw)
    }

    /// Validates an incoming address: format, length and checksum.
    pub fn parse(text: &str) -> Result<Self, InvalidAddress> {
        if text.len() > MAX_LENGTH {
            return Err(InvalidAddress);
        }
        let rest = text.strip_prefix("did:e:").ok_or(InvalidAddress)?;
        let (domain, id_and_checksum) = rest.rsplit_once(":dids:").ok_or(InvalidAddress)?;
        let hex_only = id_and_checksum.len() == 22
            && id_and_checksum.bytes().all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte));
        if !hex_only || !is_valid_domain(domain) {
            return Err(InvalidAddress);
        }
        let (main_phrase, checksum) = text.split_at(text.len() - 2);
        if hex(&Sha256::digest(main_phrase.as_bytes())[..1]) != checksum {
            return Err(InvalidAddress);
        }
        Ok(Self(text.to_owned()))
    }

    /// Wraps an address read back from storage.
    pub fn trusted(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for IdentityAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `(?:[a-z0-9-]+\.)*[a-z]{2,}`
fn is_valid_domain(domain: &str) -> bool {
    let mut labels: Vec<&str> = domain.split('.').collect();
    let Some(top) = labels.pop() else { return false };
    top.len() >= 2
        && top.bytes().all(|byte| byte.is_ascii_lowercase())
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_addresses_validate() {
        let address = IdentityAddress::derive("localhost", &[7; 32]);
        assert!(address.as_str().starts_with("did:e:localhost:dids:"));
        assert_eq!(address.as_str().len(), "did:e:localhost:dids:".len() + 22);
        assert_eq!(IdentityAddress::parse(address.as_str()), Ok(address));
    }

    #[test]
    fn rejects_a_wrong_checksum_or_format() {
        let address = IdentityAddress::derive("pilot.enmeshed.eu", &[1; 32]).into_string();
        let mut wrong = address.clone();
        let last = if wrong.ends_with('0') { "1" } else { "0" };
        wrong.replace_range(wrong.len() - 1.., last);
        assert_eq!(IdentityAddress::parse(&wrong), Err(InvalidAddress));
        assert_eq!(IdentityAddress::parse("did:e:localhost:dids:xyz"), Err(InvalidAddress));
        assert_eq!(IdentityAddress::parse(&address.to_uppercase()), Err(InvalidAddress));
    }
}
