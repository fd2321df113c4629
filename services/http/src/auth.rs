//! Access tokens (spec §3.1) and the authenticated caller.
//!
//! Tokens are HS256 JWTs with the reference's claim names. The host's [`authenticate`] middleware
//! validates a bearer token when one is sent and puts the [`Principal`] into the request; routes
//! that need a caller extract [`Principal`] (401 without one), anonymous-capable routes extract
//! `Option<Principal>`.

use std::sync::{Arc, PoisonError, RwLock};

use axum::extract::{FromRequestParts, OptionalFromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use backbone_domain::IdentityAddress;
use backbone_domain::id::DeviceId;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::Unauthenticated;

/// The identity and device a request is made by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub address: IdentityAddress,
    pub device: DeviceId,
    pub username: String,
    /// The OAuth client the token was issued to.
    pub client_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    name: String,
    nmshd_address: String,
    device_id: String,
    client_id: String,
    iss: String,
    iat: i64,
    exp: i64,
    jti: String,
}

/// Signs and verifies access tokens with a key ring, so that the signing key can rotate without failing
/// a request: the first key of the ring signs (its id goes into the token's `kid` header), every key
/// verifies, until the old ones are dropped once no token they signed can still be valid. Landscapes put
/// a new key first only once every instance verifies it.
pub struct TokenKeys {
    ring: RwLock<Arc<Ring>>,
    issuer: String,
    lifetime_seconds: u32,
}

struct Ring {
    signing_id: String,
    encoding: EncodingKey,
    /// Newest first.
    verifying: Vec<(String, DecodingKey)>,
}

/// A key of the ring: its id, carried by the tokens it signs, and its secret.
#[derive(Clone, Copy)]
pub struct SigningKey<'a> {
    pub id: &'a str,
    pub secret: &'a [u8],
}

/// The id of a key in tokens' `kid`: derived from the key, so that every instance names it alike whoever
/// loaded it, and telling nothing about it.
pub fn key_id(secret: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(secret).iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the token signing key is unusable: {0}")]
    Unusable(#[from] jsonwebtoken::errors::Error),
    #[error("no token signing key")]
    None,
}

impl TokenKeys {
    /// The first of `keys` signs.
    pub fn new(keys: &[SigningKey<'_>], issuer: &str, lifetime_seconds: u32) -> Result<Self, KeyError> {
        Ok(Self {
            ring: RwLock::new(Arc::new(Ring::new(keys)?)),
            issuer: issuer.to_owned(),
            lifetime_seconds,
        })
    }

    /// Replaces the ring, e.g. after a rotation; requests in flight finish with the ring they started with.
    pub fn replace(&self, keys: &[SigningKey<'_>]) -> Result<(), KeyError> {
        let ring = Arc::new(Ring::new(keys)?);
        *self.ring.write().unwrap_or_else(PoisonError::into_inner) = ring;
        Ok(())
    }

    /// The ids of the keys in the ring, signing key first.
    pub fn key_ids(&self) -> Vec<String> {
        self.ring().verifying.iter().map(|(id, _)| id.clone()).collect()
    }

    fn ring(&self) -> Arc<Ring> {
        self.ring.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub fn lifetime_seconds(&self) -> u32 {
        self.lifetime_seconds
    }

    /// Issues a token for the device.
    pub fn issue(&self, principal: &Principal, now: OffsetDateTime) -> Result<String, KeyError> {
        let iat = now.unix_timestamp();
        let claims = Claims {
            sub: principal.device.to_string(),
            name: principal.username.clone(),
            nmshd_address: principal.address.to_string(),
            device_id: principal.device.to_string(),
            client_id: principal.client_id.clone(),
            iss: self.issuer.clone(),
            iat,
            exp: iat + i64::from(self.lifetime_seconds),
            jti: format!("{:032x}", rand::random::<u128>()),
        };
        let ring = self.ring();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(ring.signing_id.clone());
        Ok(jsonwebtoken::encode(&header, &claims, &ring.encoding)?)
    }

    /// The principal of a valid, unexpired token signed by a key of the ring.
    pub fn verify(&self, token: &str) -> Option<Principal> {
        let kid = jsonwebtoken::decode_header(token).ok()?.kid;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_issuer(&[&self.issuer]);
        let ring = self.ring();
        // Tokens without an id predate key ids: any key of the ring may have signed them.
        let claims = ring
            .verifying
            .iter()
            .filter(|(id, _)| kid.as_ref().is_none_or(|kid| kid == id))
            .find_map(|(_, key)| jsonwebtoken::decode::<Claims>(token, key, &validation).ok())?
            .claims;
        Some(Principal {
            address: IdentityAddress::trusted(claims.nmshd_address),
            device: DeviceId::trusted(claims.device_id),
            username: claims.name,
            client_id: claims.client_id,
        })
    }
}

impl Ring {
    fn new(keys: &[SigningKey<'_>]) -> Result<Self, KeyError> {
        let first = keys.first().ok_or(KeyError::None)?;
        let verifying = keys
            .iter()
            .map(|key| Ok((key.id.to_owned(), DecodingKey::from_secret(key.secret)?)))
            .collect::<Result<_, KeyError>>()?;
        Ok(Self {
            signing_id: first.id.to_owned(),
            encoding: EncodingKey::from_secret(first.secret)?,
            verifying,
        })
    }
}

/// Middleware: adds the [`Principal`] of a valid bearer token to the request.
pub async fn authenticate(State(keys): State<Arc<TokenKeys>>, mut request: Request, next: Next) -> Response {
    let principal = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
        .and_then(|token| keys.verify(token.trim()));
    if let Some(principal) = principal {
        request.extensions_mut().insert(principal);
    }
    next.run(request).await
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = Unauthenticated;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Principal>().cloned().ok_or(Unauthenticated)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Principal {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<Principal>().cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    fn principal() -> Principal {
        Principal {
            address: IdentityAddress::derive("localhost", &[1; 32]),
            device: DeviceId::trusted("DVCaaaaaaaaaaaaaaaaa".into()),
            username: "USRaaaaaaaaaaaaaaaaa".into(),
            client_id: "test".into(),
        }
    }

    #[allow(clippy::disallowed_methods)]
    fn now() -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    const KEY: SigningKey<'static> = SigningKey { id: "one", secret: b"a signing key of enough length!!" };
    const NEXT: SigningKey<'static> = SigningKey { id: "two", secret: b"another signing key of any length" };

    #[test]
    fn issued_tokens_verify_until_they_expire() {
        let keys = TokenKeys::new(&[KEY], "backbone", 300).unwrap();
        let token = keys.issue(&principal(), now()).unwrap();
        assert_eq!(keys.verify(&token), Some(principal()));
        let expired = keys.issue(&principal(), now() - Duration::seconds(301)).unwrap();
        assert_eq!(keys.verify(&expired), None);
        let other = TokenKeys::new(&[NEXT], "backbone", 300).unwrap();
        assert_eq!(other.verify(&token), None);
        assert_eq!(keys.verify("garbage"), None);
    }

    #[test]
    fn a_rotated_ring_signs_with_the_new_key_and_still_verifies_with_the_old_one() {
        let keys = TokenKeys::new(&[KEY], "backbone", 300).unwrap();
        let old = keys.issue(&principal(), now()).unwrap();
        keys.replace(&[NEXT, KEY]).unwrap();
        let new = keys.issue(&principal(), now()).unwrap();
        assert_eq!(jsonwebtoken::decode_header(&new).unwrap().kid.as_deref(), Some("two"));
        assert_eq!(keys.verify(&old), Some(principal()));
        assert_eq!(keys.verify(&new), Some(principal()));
        keys.replace(&[NEXT]).unwrap();
        assert_eq!(keys.verify(&old), None, "a retired key verifies nothing");
        assert_eq!(keys.key_ids(), ["two"]);
        assert!(matches!(keys.replace(&[]), Err(KeyError::None)));
    }
}
