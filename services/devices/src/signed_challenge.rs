//! Proof of possession of an identity key: a signed, unexpired challenge (spec §4.2).

use backbone_domain::crypto::{self, CryptoError, PublicKey};
use backbone_http::{ApiError, ApiResult};
use backbone_proto::ErrorCode;
use backbone_proto::dto::challenges::SignedChallenge;
use backbone_store::{AnyConnection, challenges};
use time::OffsetDateTime;

/// Rejects empty parts before any cryptography.
pub fn require_parts(signed: &SignedChallenge) -> ApiResult<()> {
    if signed.challenge.is_empty() {
        return Err(ApiError::invalid("signedChallenge.challenge", "must not be empty."));
    }
    if signed.signature.is_empty() {
        return Err(ApiError::invalid("signedChallenge.signature", "must not be empty."));
    }
    Ok(())
}

/// Verifies the signature first, then that the challenge exists and has not expired.
pub async fn verify(
    conn: &mut AnyConnection,
    key: &PublicKey,
    signed: &SignedChallenge,
    now: OffsetDateTime,
) -> ApiResult<()> {
    key.verify(signed.challenge.as_bytes(), &signed.signature)
        .map_err(|_| ApiError::new(ErrorCode::InvalidSignature, "The signature is not valid."))?;
    let id = crypto::challenge_id(&signed.challenge).map_err(|error| match error {
        CryptoError::InvalidChallengeId(_) => ApiError::invalid_id("signedChallenge.challenge.id"),
        other => ApiError::invalid("signedChallenge.challenge", other),
    })?;
    let challenge = challenges::find(conn, &id).await?.ok_or_else(|| ApiError::not_found("Challenge"))?;
    if challenge.is_expired(now) {
        return Err(ApiError::new(ErrorCode::ChallengeHasExpired, "The challenge has expired."));
    }
    Ok(())
}
