//! Onboarding cryptography (spec §4): the public-key and signature envelopes the client sends,
//! Ed25519 verification of a signed challenge, and the challenge string's id.

use ed25519_dalek::{Signature, VerifyingKey};
use serde::Deserialize;

use crate::id::{ChallengeId, InvalidId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("The public key is not a valid Ed25519 public key.")]
    MalformedPublicKey,
    #[error("The signature is not valid.")]
    InvalidSignature,
    #[error("The challenge is not valid JSON with the properties 'id' and 'expiresAt'.")]
    MalformedChallenge,
    #[error(transparent)]
    InvalidChallengeId(#[from] InvalidId),
}

/// An identity public key as the client sends it: UTF-8 JSON `{"pub": "<base64>", "alg": n, ...}`.
#[derive(Debug, Clone)]
pub struct PublicKey {
    raw: [u8; 32],
}

impl PublicKey {
    /// Decodes the JSON envelope; the server stores the whole envelope and derives the address from `raw`.
    pub fn from_envelope(envelope: &[u8]) -> Result<Self, CryptoError> {
        #[derive(Deserialize)]
        struct Envelope {
            #[serde(rename = "pub")]
            public: String,
            #[allow(
                dead_code,
                reason = "required to be present, but the server always verifies with Ed25519"
            )]
            alg: serde_json::Number,
        }
        let envelope: Envelope =
            serde_json::from_slice(envelope).map_err(|_| CryptoError::MalformedPublicKey)?;
        let raw = decode_base64(&envelope.public)
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .ok_or(CryptoError::MalformedPublicKey)?;
        VerifyingKey::from_bytes(&raw).map_err(|_| CryptoError::MalformedPublicKey)?;
        Ok(Self { raw })
    }

    pub fn raw(&self) -> &[u8; 32] {
        &self.raw
    }

    /// Verifies a signature envelope (`{"sig": "<base64>", "alg": n}`) over `message`.
    pub fn verify(&self, message: &[u8], signature_envelope: &[u8]) -> Result<(), CryptoError> {
        #[derive(Deserialize)]
        struct Envelope {
            sig: String,
        }
        let envelope: Envelope =
            serde_json::from_slice(signature_envelope).map_err(|_| CryptoError::InvalidSignature)?;
        let signature = decode_base64(&envelope.sig)
            .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
            .map(|bytes| Signature::from_bytes(&bytes))
            .ok_or(CryptoError::InvalidSignature)?;
        let key = VerifyingKey::from_bytes(&self.raw).map_err(|_| CryptoError::MalformedPublicKey)?;
        key.verify_strict(message, &signature).map_err(|_| CryptoError::InvalidSignature)
    }
}

/// The id of the challenge inside a challenge string (JSON with `id` and `expiresAt`, keys matched
/// case-insensitively). Only the id matters: expiry is read from the stored challenge.
pub fn challenge_id(challenge: &str) -> Result<ChallengeId, CryptoError> {
    let value: serde_json::Value =
        serde_json::from_str(challenge).map_err(|_| CryptoError::MalformedChallenge)?;
    let object = value.as_object().ok_or(CryptoError::MalformedChallenge)?;
    let property =
        |name: &str| object.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value);
    if property("expiresAt").is_none() {
        return Err(CryptoError::MalformedChallenge);
    }
    let id = property("id").and_then(|id| id.as_str()).ok_or(CryptoError::MalformedChallenge)?;
    Ok(ChallengeId::parse(id)?)
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).or_else(|_| STANDARD.decode(text)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use ed25519_dalek::{Signer, SigningKey};

    fn envelopes(key: &SigningKey, message: &str) -> (Vec<u8>, Vec<u8>) {
        let public =
            format!(r#"{{"pub":"{}","alg":3}}"#, URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()));
        let signature = key.sign(message.as_bytes());
        let signature = format!(r#"{{"sig":"{}","alg":2}}"#, URL_SAFE_NO_PAD.encode(signature.to_bytes()));
        (public.into_bytes(), signature.into_bytes())
    }

    #[test]
    fn verifies_a_signed_challenge() {
        let key = SigningKey::from_bytes(&[9; 32]);
        let (public, signature) = envelopes(&key, "challenge");
        let public = PublicKey::from_envelope(&public).unwrap();
        assert_eq!(public.verify(b"challenge", &signature), Ok(()));
        assert_eq!(public.verify(b"other", &signature), Err(CryptoError::InvalidSignature));
        assert_eq!(public.verify(b"challenge", b"garbage"), Err(CryptoError::InvalidSignature));
    }

    #[test]
    fn rejects_malformed_keys() {
        assert!(PublicKey::from_envelope(b"{}").is_err());
        assert!(PublicKey::from_envelope(br#"{"pub":"AAAA","alg":3}"#).is_err());
    }

    #[test]
    fn reads_the_challenge_id_case_insensitively() {
        let id =
            challenge_id(r#"{"Id":"CHLaaaaaaaaaaaaaaaaa","ExpiresAt":"2025-01-01T00:00:00.000Z"}"#).unwrap();
        assert_eq!(id.as_str(), "CHLaaaaaaaaaaaaaaaaa");
        assert_eq!(challenge_id(r#"{"id":"CHLaaaaaaaaaaaaaaaaa"}"#), Err(CryptoError::MalformedChallenge));
        assert_eq!(challenge_id("not json"), Err(CryptoError::MalformedChallenge));
    }
}
