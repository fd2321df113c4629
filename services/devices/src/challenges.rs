use axum::extract::{Path, State};
use backbone_domain::entities::Challenge;
use backbone_domain::id::ChallengeId;
use backbone_http::{ApiError, ApiResult, Created, Principal, Reply};
use backbone_proto::dto::challenges as dto;
use backbone_proto::{Envelope, ErrorEnvelope};
use backbone_store::challenges;

use crate::DevicesState;

/// Creates a challenge; anonymous, or recording its creator when authenticated.
#[utoipa::path(post, path = "/api/v2/Challenges", tag = "Challenges", operation_id = "Challenges_create",
    responses((status = 201, body = Envelope<dto::Challenge>)))]
pub async fn create(
    State(state): State<DevicesState>,
    caller: Option<Principal>,
) -> ApiResult<Created<dto::Challenge>> {
    let challenge = Challenge {
        id: ChallengeId::generate(&mut rand::rng()),
        expires_at: state.clock.now() + Challenge::LIFETIME,
        created_by: caller.as_ref().map(|caller| caller.address.clone()),
        created_by_device: caller.map(|caller| caller.device),
    };
    challenges::insert(&mut *state.db.conn().await?, &challenge).await?;
    Ok(Created(to_dto(challenge)))
}

#[utoipa::path(get, path = "/api/v2/Challenges/{id}", security(("bearer" = [])), tag = "Challenges", operation_id = "Challenges_get",
    params(("id" = String, Path)),
    responses((status = 200, body = Envelope<dto::Challenge>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<DevicesState>,
    _caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Reply<dto::Challenge>> {
    let id = ChallengeId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    let challenge = challenges::find(&mut *state.db.conn().await?, &id)
        .await?
        .filter(|challenge| challenge.is_readable(state.clock.now()))
        .ok_or_else(|| ApiError::not_found("Challenge"))?;
    Ok(Reply(to_dto(challenge)))
}

fn to_dto(challenge: Challenge) -> dto::Challenge {
    dto::Challenge {
        id: challenge.id.into_string(),
        expires_at: challenge.expires_at,
        created_by: challenge.created_by.map(|address| address.into_string()),
        created_by_device: challenge.created_by_device.map(|device| device.into_string()),
    }
}
