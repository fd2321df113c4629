use axum::extract::{Path, State};
use backbone_domain::IdentityAddress;
use backbone_domain::events::DomainEvent;
use backbone_domain::id::TokenId;
use backbone_domain::quota::Metric;
use backbone_domain::token::{Token, TokenAccess};
use backbone_http::quotas;
use backbone_http::{
    ApiError, ApiResult, Created, NoContent, PageParams, PagedReply, Principal, QueryParams, Reply,
};
use backbone_http::{WireJson, paged, validate};
use backbone_proto::dto::templates::CreatedResource;
use backbone_proto::dto::tokens::{self as dto, CreateTokenRequest, UpdateTokenContentRequest, UpdatedToken};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, Paged};
use backbone_store::{Tx, outbox, tokens};
use time::OffsetDateTime;

use crate::TokensState;

/// Creates a token. Anonymous callers may only create empty tokens that expire within 5 minutes.
#[utoipa::path(post, path = "/api/v2/Tokens", tag = "Tokens", operation_id = "Tokens_create",
    request_body = CreateTokenRequest,
    responses((status = 201, body = Envelope<CreatedResource>), (status = 400, body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<TokensState>,
    caller: Option<Principal>,
    WireJson(request): WireJson<CreateTokenRequest>,
) -> ApiResult<Created<CreatedResource>> {
    let now = state.clock.now();
    validate::in_future("expiresAt", request.expires_at, now)?;
    if let Some(content) = &request.content {
        validate::content("content", content)?;
    }
    if caller.is_none() {
        if request.content.is_some() {
            return Err(ApiError::invalid("content", "must be empty when the token is created anonymously."));
        }
        if request.expires_at >= now + Token::MAX_ANONYMOUS_LIFETIME {
            return Err(ApiError::invalid(
                "expiresAt",
                "must be less than 5 minutes ahead for anonymous tokens.",
            ));
        }
    }
    let token = Token {
        id: TokenId::generate(&mut rand::rng()),
        created_by: caller.as_ref().map(|caller| caller.address.clone()),
        created_by_device: caller.as_ref().map(|caller| caller.device.clone()),
        for_identity: validate::address("forIdentity", request.for_identity.as_deref())?,
        created_at: now,
        expires_at: request.expires_at,
        content: request.content,
        password: validate::password(request.password)?,
        failed_password_attempts: 0,
    };
    if let Some(created_by) = &token.created_by {
        let metric = [Metric::NumberOfTokens];
        quotas::ensure_available(&mut *state.db.conn().await?, created_by, &metric, now).await?;
    }
    let mut tx = state.db.begin().await?;
    tokens::insert(&mut tx, &token).await?;
    if let Some(created_by) = &token.created_by {
        let event =
            DomainEvent::TokenCreated { token_id: token.id.to_string(), created_by: created_by.to_string() };
        outbox::append(&mut tx, &event, now).await?;
    }
    tx.commit().await?;
    Ok(Created(CreatedResource { id: token.id.into_string(), created_at: now }))
}

/// Reads a token; a signed-in reader other than its creator allocates it.
#[utoipa::path(get, path = "/api/v2/Tokens/{id}", tag = "Tokens", operation_id = "Tokens_get",
    params(("id" = String, Path), ("password" = Option<String>, Query)),
    responses((status = 200, body = Envelope<dto::Token>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<TokensState>,
    caller: Option<Principal>,
    Path(id): Path<String>,
    query: QueryParams,
) -> ApiResult<Reply<dto::Token>> {
    let id = TokenId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    let password = validate::query_password(query.get("password"))?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let token = tokens::find(&mut tx, &id).await?.ok_or_else(not_found)?;
    let reader = caller.as_ref().map(|caller| &caller.address);
    let allocated = match reader {
        Some(reader) => tokens::is_allocated_by(&mut tx, &id, reader).await?,
        None => false,
    };
    match token.access(reader, allocated, password.as_deref(), now) {
        TokenAccess::Granted { allocate } => {
            if let (true, Some(caller)) = (allocate, &caller) {
                tokens::allocate(&mut tx, &id, &caller.address, &caller.device, now).await?;
            }
            tx.commit().await?;
            Ok(Reply(to_dto(token)))
        }
        refused => Err(refuse(tx, &token, refused, now).await),
    }
}

/// The tokens among `ids` (or `tokens.{i}.id`) that the caller created or allocated.
#[utoipa::path(get, path = "/api/v2/Tokens", security(("bearer" = [])), tag = "Tokens", operation_id = "Tokens_list",
    params(("ids" = Vec<String>, Query), ("PageNumber" = Option<u32>, Query), ("PageSize" = Option<u32>, Query)),
    responses((status = 200, body = Paged<dto::Token>), (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<TokensState>,
    caller: Principal,
    PageParams(page): PageParams,
    query: QueryParams,
) -> ApiResult<PagedReply<dto::Token>> {
    let mut ids: Vec<&str> = query.all("ids").collect();
    if ids.is_empty() {
        ids = query.objects("tokens", "id").into_iter().map(Option::unwrap_or_default).collect();
    }
    if ids.is_empty() {
        return Err(ApiError::invalid("Ids", "must not be empty."));
    }
    let ids = ids
        .into_iter()
        .map(|id| TokenId::parse(id).map_err(|_| ApiError::invalid_id("ids")))
        .collect::<ApiResult<Vec<_>>>()?;
    let found = tokens::find_many_of(&mut *state.db.conn().await?, &caller.address, &ids, page).await?;
    Ok(paged(found.items.into_iter().map(to_dto).collect(), page, found.total_records))
}

#[utoipa::path(delete, path = "/api/v2/Tokens/{id}", security(("bearer" = [])), tag = "Tokens",
    operation_id = "Tokens_delete", params(("id" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn delete(
    State(state): State<TokensState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<NoContent> {
    let id = TokenId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    let mut tx = state.db.begin().await?;
    let token = tokens::find(&mut tx, &id).await?.ok_or_else(not_found)?;
    if token.created_by.as_ref() != Some(&caller.address) {
        return Err(ApiError::new(ErrorCode::Forbidden, "Only the creator of a token can delete it."));
    }
    tokens::delete(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(NoContent)
}

/// Fills an empty token (one created anonymously); the caller becomes its creator.
#[utoipa::path(post, path = "/api/v2/Tokens/{id}/UpdateContent", security(("bearer" = [])), tag = "Tokens",
    operation_id = "Tokens_updateContent", params(("id" = String, Path)), request_body = UpdateTokenContentRequest,
    responses((status = 200, body = Envelope<UpdatedToken>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn update_content(
    State(state): State<TokensState>,
    caller: Principal,
    Path(id): Path<String>,
    WireJson(request): WireJson<UpdateTokenContentRequest>,
) -> ApiResult<Reply<UpdatedToken>> {
    let id = TokenId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    if request.new_content.is_empty() {
        return Err(ApiError::invalid("newContent", "must not be empty."));
    }
    validate::content("newContent", &request.new_content)?;
    let password = validate::password(request.password)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let token = tokens::find(&mut tx, &id).await?.ok_or_else(not_found)?;
    match token.update_access(&caller.address, password.as_deref(), now) {
        TokenAccess::Granted { .. } => {}
        refused => return Err(refuse(tx, &token, refused, now).await),
    }
    if token.content.is_some() {
        return Err(ApiError::new(
            ErrorCode::ContentUpdateNotPossibleBecauseContentAlreadyExists,
            "The token already has content.",
        ));
    }
    tokens::fill(&mut tx, &id, &request.new_content, &caller.address, &caller.device).await?;
    tx.commit().await?;
    Ok(Reply(UpdatedToken {
        id: token.id.into_string(),
        created_by: Some(caller.address.into_string()),
        created_by_device: Some(caller.device.into_string()),
        for_identity: token.for_identity.map(IdentityAddress::into_string),
        created_at: token.created_at,
        expires_at: token.expires_at,
        is_password_protected: token.password.is_some(),
    }))
}

/// Answers a refused access; a wrong password is counted (and may lock the token) before answering.
async fn refuse(mut tx: Tx, token: &Token, refused: TokenAccess, now: OffsetDateTime) -> ApiError {
    let locked = || {
        ApiError::new(
            ErrorCode::TooManyFailedPasswordAttempts,
            "The token is locked after too many wrong passwords.",
        )
    };
    match refused {
        TokenAccess::Locked => locked(),
        TokenAccess::WrongPassword { locks } => {
            let recorded: Result<(), ApiError> = async {
                tokens::record_failed_password_attempt(&mut tx, &token.id).await?;
                if locks {
                    let event = DomainEvent::TokenLocked {
                        token_id: token.id.to_string(),
                        created_by: token.created_by.as_ref().map(ToString::to_string),
                    };
                    outbox::append(&mut tx, &event, now).await?;
                }
                Ok(tx.commit().await?)
            }
            .await;
            match recorded {
                Err(error) => error,
                Ok(()) if locks => locked(),
                Ok(()) => not_found(),
            }
        }
        TokenAccess::NotFound | TokenAccess::Granted { .. } => not_found(),
    }
}

fn not_found() -> ApiError {
    ApiError::not_found("Token")
}

fn to_dto(token: Token) -> dto::Token {
    dto::Token {
        id: token.id.into_string(),
        created_by: token.created_by.map(IdentityAddress::into_string),
        created_by_device: token.created_by_device.map(|device| device.into_string()),
        for_identity: token.for_identity.map(IdentityAddress::into_string),
        created_at: token.created_at,
        expires_at: token.expires_at,
        content: token.content,
        is_password_protected: token.password.is_some(),
    }
}
