//! Access tokens (spec §3.1) and the authenticated caller.
//!
//! Tokens are JWTs with the reference's claim names, signed with HS256 by a key in the process or with ES256
//! by a key a vault holds (see [`TokenSigner`]). The host's [`authenticate`] middleware
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
/// a request: one key of the ring signs (its id goes into the token's `kid` header), every key verifies,
/// until the old ones are dropped once no token they signed can still be valid. Landscapes make a new key
/// the signer only once every instance verifies it.
pub struct TokenKeys {
    ring: RwLock<Arc<KeyRing>>,
    issuer: String,
    lifetime_seconds: u32,
}

/// Makes the signature of a token over its JWS signing input (`header.claims`, base64url), as the token's
/// third part (base64url). The key may be in this process (HMAC) or held by a key vault that signs.
#[async_trait::async_trait]
pub trait TokenSigner: Send + Sync {
    async fn sign(&self, signing_input: &[u8]) -> Result<String, KeyError>;
}

/// The key that signs new tokens: its id, its algorithm, and what makes the signature.
pub struct Signer {
    pub id: String,
    pub algorithm: Algorithm,
    pub signer: Arc<dyn TokenSigner>,
}

impl Signer {
    /// An ES256 signer, such as a key a vault holds.
    pub fn es256(id: &str, signer: Arc<dyn TokenSigner>) -> Self {
        Self { id: id.to_owned(), algorithm: Algorithm::ES256, signer }
    }
}

/// A key that verifies the tokens carrying its id, with one algorithm only: a token claiming another
/// algorithm (an HS256 token naming an EC key, say) is refused.
pub struct Verifier {
    id: String,
    algorithm: Algorithm,
    key: DecodingKey,
}

impl Verifier {
    /// An HMAC key: verifies HS256.
    pub fn hmac(key: SigningKey<'_>) -> Result<Self, KeyError> {
        Ok(Self {
            id: key.id.to_owned(),
            algorithm: Algorithm::HS256,
            key: DecodingKey::from_secret(key.secret)?,
        })
    }

    /// An EC P-256 public key from its base64url coordinates: verifies ES256.
    pub fn es256(id: &str, x: &str, y: &str) -> Result<Self, KeyError> {
        Ok(Self {
            id: id.to_owned(),
            algorithm: Algorithm::ES256,
            key: DecodingKey::from_ec_components(x, y)?,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

/// The keys of [`TokenKeys`]: the signer and every key that verifies.
pub struct KeyRing {
    signer: Signer,
    verifying: Vec<Verifier>,
}

impl KeyRing {
    /// `signer` signs; each of `verifying` verifies. The signer's key must be among them.
    pub fn new(signer: Signer, verifying: Vec<Verifier>) -> Result<Self, KeyError> {
        if !verifying.iter().any(|key| key.id == signer.id && key.algorithm == signer.algorithm) {
            return Err(KeyError::SignerNotVerifying);
        }
        Ok(Self { signer, verifying })
    }

    /// HMAC keys (HS256): the first signs, all verify.
    pub fn hmac(keys: &[SigningKey<'_>]) -> Result<Self, KeyError> {
        let first = keys.first().ok_or(KeyError::None)?;
        let signer = Signer {
            id: first.id.to_owned(),
            algorithm: Algorithm::HS256,
            signer: Arc::new(HmacSigner(EncodingKey::from_secret(first.secret)?)),
        };
        Self::new(signer, keys.iter().map(|key| Verifier::hmac(*key)).collect::<Result<_, _>>()?)
    }
}

struct HmacSigner(EncodingKey);

#[async_trait::async_trait]
impl TokenSigner for HmacSigner {
    async fn sign(&self, signing_input: &[u8]) -> Result<String, KeyError> {
        Ok(jsonwebtoken::crypto::sign(signing_input, &self.0, Algorithm::HS256)?)
    }
}

/// A secret HMAC key of the ring: its id, carried by the tokens it signs, and its secret.
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
    #[error("the token signing key is not among the verifying keys")]
    SignerNotVerifying,
    #[error("the token signing key could not sign: {0}")]
    Signing(String),
    #[error("a token signature made by key {0} does not verify with that key")]
    BadSignature(String),
}

impl TokenKeys {
    pub fn new(ring: KeyRing, issuer: &str, lifetime_seconds: u32) -> Self {
        Self { ring: RwLock::new(Arc::new(ring)), issuer: issuer.to_owned(), lifetime_seconds }
    }

    /// Replaces the ring, e.g. after a rotation; requests in flight finish with the ring they started with.
    pub fn replace(&self, ring: KeyRing) {
        *self.ring.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(ring);
    }

    fn ring(&self) -> Arc<KeyRing> {
        self.ring.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub fn lifetime_seconds(&self) -> u32 {
        self.lifetime_seconds
    }

    /// Issues a token for the device.
    pub async fn issue(&self, principal: &Principal, now: OffsetDateTime) -> Result<String, KeyError> {
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
        let signer = &ring.signer;
        let mut header = Header::new(signer.algorithm);
        header.kid = Some(signer.id.clone());
        // Assembled here rather than by `jsonwebtoken::encode`, which signs only with keys in this process.
        let input = format!("{}.{}", encode_part(&header)?, encode_part(&claims)?);
        let signature = signer.signer.sign(input.as_bytes()).await?;
        // A signer gone wrong (a vault signing with another key) shows here, not at the client's next request.
        let verifier =
            ring.verifying.iter().find(|key| key.id == signer.id).ok_or(KeyError::SignerNotVerifying)?;
        if !jsonwebtoken::crypto::verify(&signature, input.as_bytes(), &verifier.key, verifier.algorithm)? {
            return Err(KeyError::BadSignature(signer.id.clone()));
        }
        Ok(format!("{input}.{signature}"))
    }

    /// The principal of a valid, unexpired token signed by a key of the ring.
    pub fn verify(&self, token: &str) -> Option<Principal> {
        let kid = jsonwebtoken::decode_header(token).ok()?.kid;
        let ring = self.ring();
        // Tokens without an id predate key ids: any key of the ring may have signed them.
        let claims = ring
            .verifying
            .iter()
            .filter(|key| kid.as_ref().is_none_or(|kid| *kid == key.id))
            .find_map(|key| {
                let mut validation = Validation::new(key.algorithm);
                validation.leeway = 0;
                validation.set_issuer(&[&self.issuer]);
                jsonwebtoken::decode::<Claims>(token, &key.key, &validation).ok()
            })?
            .claims;
        Some(Principal {
            address: IdentityAddress::trusted(claims.nmshd_address),
            device: DeviceId::trusted(claims.device_id),
            username: claims.name,
            client_id: claims.client_id,
        })
    }
}

/// A part of a compact JWS: JSON, base64url without padding.
fn encode_part(part: &impl Serialize) -> Result<String, KeyError> {
    use base64::Engine as _;
    let json = serde_json::to_vec(part).map_err(|e| KeyError::Signing(e.to_string()))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json))
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
    use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
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

    fn kid(token: &str) -> Option<String> {
        jsonwebtoken::decode_header(token).unwrap().kid
    }

    const KEY: SigningKey<'static> = SigningKey { id: "one", secret: b"a signing key of enough length!!" };
    const NEXT: SigningKey<'static> = SigningKey { id: "two", secret: b"another signing key of any length" };

    /// An ES256 key pair in the process, standing in for one a vault holds.
    struct EcKey {
        id: &'static str,
        pair: EcdsaKeyPair,
    }

    impl EcKey {
        fn generate(id: &'static str) -> Arc<Self> {
            Arc::new(Self { id, pair: EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap() })
        }

        /// The public key's base64url coordinates, from the uncompressed point `04‖x‖y`.
        fn coordinates(&self) -> (String, String) {
            let point = self.pair.public_key().as_ref();
            (URL_SAFE_NO_PAD.encode(&point[1..33]), URL_SAFE_NO_PAD.encode(&point[33..65]))
        }

        fn verifier(&self) -> Verifier {
            let (x, y) = self.coordinates();
            Verifier::es256(self.id, &x, &y).unwrap()
        }

        fn signer(self: &Arc<Self>) -> Signer {
            Signer::es256(self.id, self.clone())
        }
    }

    #[async_trait::async_trait]
    impl TokenSigner for EcKey {
        async fn sign(&self, signing_input: &[u8]) -> Result<String, KeyError> {
            let signature = self.pair.sign(&aws_lc_rs::rand::SystemRandom::new(), signing_input).unwrap();
            Ok(URL_SAFE_NO_PAD.encode(signature.as_ref()))
        }
    }

    #[tokio::test]
    async fn issued_tokens_verify_until_they_expire() {
        let keys = TokenKeys::new(KeyRing::hmac(&[KEY]).unwrap(), "backbone", 300);
        let token = keys.issue(&principal(), now()).await.unwrap();
        assert_eq!(keys.verify(&token), Some(principal()));
        let expired = keys.issue(&principal(), now() - Duration::seconds(301)).await.unwrap();
        assert_eq!(keys.verify(&expired), None);
        let other = TokenKeys::new(KeyRing::hmac(&[NEXT]).unwrap(), "backbone", 300);
        assert_eq!(other.verify(&token), None);
        assert_eq!(keys.verify("garbage"), None);
    }

    #[tokio::test]
    async fn a_rotated_ring_signs_with_the_new_key_and_still_verifies_with_the_old_one() {
        let keys = TokenKeys::new(KeyRing::hmac(&[KEY]).unwrap(), "backbone", 300);
        let old = keys.issue(&principal(), now()).await.unwrap();
        keys.replace(KeyRing::hmac(&[NEXT, KEY]).unwrap());
        let new = keys.issue(&principal(), now()).await.unwrap();
        assert_eq!(kid(&new).as_deref(), Some("two"));
        assert_eq!(keys.verify(&old), Some(principal()));
        assert_eq!(keys.verify(&new), Some(principal()));
        keys.replace(KeyRing::hmac(&[NEXT]).unwrap());
        assert_eq!(keys.verify(&old), None, "a retired key verifies nothing");
        assert_eq!(keys.verify(&new), Some(principal()));
        assert!(matches!(KeyRing::hmac(&[]), Err(KeyError::None)));
    }

    #[tokio::test]
    async fn a_held_ec_key_signs_es256_and_an_hmac_ring_moves_to_it_without_failing_a_token() {
        let ec = EcKey::generate("0123456789abcdef0123456789abcdef");
        let keys = TokenKeys::new(KeyRing::hmac(&[KEY]).unwrap(), "backbone", 300);
        let hmac = keys.issue(&principal(), now()).await.unwrap();
        let verifying = vec![ec.verifier(), Verifier::hmac(KEY).unwrap()];
        keys.replace(KeyRing::new(ec.signer(), verifying).unwrap());
        let es256 = keys.issue(&principal(), now()).await.unwrap();
        let header = jsonwebtoken::decode_header(&es256).unwrap();
        assert_eq!((header.alg, header.kid.as_deref()), (Algorithm::ES256, Some(ec.id)));
        assert_eq!(keys.verify(&es256), Some(principal()));
        assert_eq!(keys.verify(&hmac), Some(principal()));
    }

    #[tokio::test]
    async fn a_token_claiming_another_algorithm_than_its_key_is_refused() {
        let ec = EcKey::generate("ec");
        let keys = TokenKeys::new(KeyRing::new(ec.signer(), vec![ec.verifier()]).unwrap(), "backbone", 300);
        let genuine = keys.issue(&principal(), now()).await.unwrap();
        let claims = genuine.split('.').nth(1).unwrap();
        // The classic confusion: HS256 keyed with the public key, which anyone may know.
        let (x, _) = ec.coordinates();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("ec".to_owned());
        let input = format!("{}.{claims}", encode_part(&header).unwrap());
        let forged = jsonwebtoken::crypto::sign(
            input.as_bytes(),
            &EncodingKey::from_secret(x.as_bytes()).unwrap(),
            Algorithm::HS256,
        );
        assert_eq!(keys.verify(&format!("{input}.{}", forged.unwrap())), None);
        assert_eq!(keys.verify(&genuine), Some(principal()));
    }

    #[tokio::test]
    async fn a_signer_that_signs_with_another_key_than_its_id_says_fails_at_issue() {
        let (ec, impostor) = (EcKey::generate("ec"), EcKey::generate("other"));
        let signer = Signer::es256("ec", impostor);
        let keys = TokenKeys::new(KeyRing::new(signer, vec![ec.verifier()]).unwrap(), "backbone", 300);
        assert!(
            matches!(keys.issue(&principal(), now()).await, Err(KeyError::BadSignature(id)) if id == "ec")
        );
        let unknown = Signer::es256("unknown", ec.clone());
        assert!(matches!(KeyRing::new(unknown, vec![ec.verifier()]), Err(KeyError::SignerNotVerifying)));
    }
}
