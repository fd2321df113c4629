//! Access tokens (spec §3.1) and the authenticated caller.
//!
//! Tokens are HS256 JWTs with the reference's claim names. The host's [`authenticate`] middleware
//! validates a bearer token when one is sent and puts the [`Principal`] into the request; routes
//! that need a caller extract [`Principal`] (401 without one), anonymous-capable routes extract
//! `Option<Principal>`.

use std::sync::Arc;

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

/// Signs and verifies access tokens.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    lifetime_seconds: u32,
}

#[derive(Debug, thiserror::Error)]
#[error("the token signing key is unusable: {0}")]
pub struct KeyError(#[from] jsonwebtoken::errors::Error);

impl TokenKeys {
    pub fn new(signing_key: &[u8], issuer: &str, lifetime_seconds: u32) -> Result<Self, KeyError> {
        Ok(Self {
            encoding: EncodingKey::from_secret(signing_key)?,
            decoding: DecodingKey::from_secret(signing_key)?,
            issuer: issuer.to_owned(),
            lifetime_seconds,
        })
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
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// The principal of a valid, unexpired token.
    pub fn verify(&self, token: &str) -> Option<Principal> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_issuer(&[&self.issuer]);
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok()?.claims;
        Some(Principal {
            address: IdentityAddress::trusted(claims.nmshd_address),
            device: DeviceId::trusted(claims.device_id),
            username: claims.name,
            client_id: claims.client_id,
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

    #[test]
    fn issued_tokens_verify_until_they_expire() {
        let keys = TokenKeys::new(b"a signing key of enough length!!", "backbone", 300).unwrap();
        let token = keys.issue(&principal(), now()).unwrap();
        assert_eq!(keys.verify(&token), Some(principal()));
        let expired = keys.issue(&principal(), now() - Duration::seconds(301)).unwrap();
        assert_eq!(keys.verify(&expired), None);
        let other = TokenKeys::new(b"another signing key of any length", "backbone", 300).unwrap();
        assert_eq!(other.verify(&token), None);
        assert_eq!(keys.verify("garbage"), None);
    }
}
