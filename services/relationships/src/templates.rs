use axum::extract::{Path, State};
use backbone_domain::events::DomainEvent;
use backbone_domain::id::RelationshipTemplateId;
use backbone_domain::quota::Metric;
use backbone_domain::template::RelationshipTemplate;
use backbone_http::quotas;
use backbone_http::{
    ApiError, ApiResult, Created, NoContent, PageParams, PagedReply, Principal, QueryParams, Reply,
};
use backbone_http::{WireJson, paged, validate};
use backbone_proto::dto::templates::{
    self as dto, CreateRelationshipTemplateRequest, CreatedResource, PublicRelationshipTemplateReference,
};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, Paged};
use backbone_store::{outbox, templates};

use crate::RelationshipsState;
use crate::collect::{collect, not_found};

#[utoipa::path(post, path = "/api/v2/RelationshipTemplates", security(("bearer" = [])), tag = "RelationshipTemplates",
    operation_id = "RelationshipTemplates_create", request_body = CreateRelationshipTemplateRequest,
    responses((status = 201, body = Envelope<CreatedResource>), (status = 400, body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<RelationshipsState>,
    caller: Principal,
    WireJson(request): WireJson<CreateRelationshipTemplateRequest>,
) -> ApiResult<Created<CreatedResource>> {
    let now = state.clock.now();
    validate::content("content", &request.content)?;
    if let Some(expires_at) = request.expires_at {
        validate::in_future("expiresAt", expires_at, now)?;
    }
    if request.max_number_of_allocations.is_some_and(|max| max <= 0) {
        return Err(ApiError::invalid("maxNumberOfAllocations", "must be greater than 0."));
    }
    let template = RelationshipTemplate {
        id: RelationshipTemplateId::generate(&mut rand::rng()),
        created_by: caller.address,
        created_by_device: caller.device,
        max_number_of_allocations: request.max_number_of_allocations,
        expires_at: request.expires_at,
        content: request.content,
        created_at: now,
        for_identity: validate::address("forIdentity", request.for_identity.as_deref())?,
        password: validate::password(request.password)?,
    };
    let metric = [Metric::NumberOfRelationshipTemplates];
    quotas::ensure_available(&mut *state.db.conn().await?, &template.created_by, &metric, now).await?;
    let mut tx = state.db.begin().await?;
    templates::insert(&mut tx, &template).await?;
    let event = DomainEvent::RelationshipTemplateCreated {
        template_id: template.id.to_string(),
        created_by: template.created_by.to_string(),
    };
    outbox::append(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(Created(CreatedResource { id: template.id.into_string(), created_at: now }))
}

/// Reads a template, allocating it for the caller; a password-protected one needs its password once.
#[utoipa::path(get, path = "/api/v2/RelationshipTemplates/{id}", security(("bearer" = [])), tag = "RelationshipTemplates",
    operation_id = "RelationshipTemplates_get", params(("id" = String, Path), ("password" = Option<String>, Query)),
    responses((status = 200, body = Envelope<dto::RelationshipTemplate>), (status = 400, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<RelationshipsState>,
    caller: Principal,
    Path(id): Path<String>,
    query: QueryParams,
) -> ApiResult<Reply<dto::RelationshipTemplate>> {
    let id = RelationshipTemplateId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    let password = validate::query_password(query.get("password"))?;
    let mut tx = state.db.begin().await?;
    let template = collect(&mut tx, &id, &caller, password.as_deref(), state.clock.now()).await?;
    tx.commit().await?;
    Ok(Reply(to_dto(template)))
}

/// The collectable templates among those asked for by `templates.{i}.id` (with `templates.{i}.password`)
/// or `ids`; nothing is allocated.
#[utoipa::path(get, path = "/api/v2/RelationshipTemplates", security(("bearer" = [])), tag = "RelationshipTemplates",
    operation_id = "RelationshipTemplates_list",
    params(("templates" = Option<Vec<String>>, Query, description = "`templates.{i}.id` and `templates.{i}.password`"),
        ("ids" = Option<Vec<String>>, Query), ("PageNumber" = Option<u32>, Query), ("PageSize" = Option<u32>, Query)),
    responses((status = 200, body = Paged<dto::RelationshipTemplate>), (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<RelationshipsState>,
    caller: Principal,
    PageParams(page): PageParams,
    query: QueryParams,
) -> ApiResult<PagedReply<dto::RelationshipTemplate>> {
    let mut requested: Vec<(Option<&str>, Option<&str>)> =
        query.objects("templates", "id").into_iter().zip(query.objects("templates", "password")).collect();
    if requested.is_empty() {
        requested = query.all("ids").map(|id| (Some(id), None)).collect();
    }
    if requested.is_empty() {
        return Err(ApiError::invalid("queryItems", "must not be empty."));
    }
    let requested = requested
        .into_iter()
        .map(|(id, password)| {
            let id = RelationshipTemplateId::parse(id.unwrap_or_default())
                .map_err(|_| ApiError::invalid_id("id"))?;
            Ok((id, validate::query_password(password)?))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let ids: Vec<RelationshipTemplateId> = requested.iter().map(|(id, _)| id.clone()).collect();
    let now = state.clock.now();
    let mut conn = state.db.conn().await?;
    let mut visible = Vec::new();
    for template in templates::find_many(&mut conn, &ids).await? {
        let history = templates::history(&mut conn, &template.id, &caller.address).await?;
        let collectable = requested.iter().any(|(id, password)| {
            *id == template.id
                && template.is_collectable_by(&caller.address, password.as_deref(), history, now)
        });
        if collectable {
            visible.push(template);
        }
    }
    let total = visible.len() as u64;
    let items =
        visible.into_iter().skip(page.offset() as usize).take(page.size as usize).map(to_dto).collect();
    Ok(paged(items, page, total))
}

#[utoipa::path(delete, path = "/api/v2/RelationshipTemplates/{id}", security(("bearer" = [])), tag = "RelationshipTemplates",
    operation_id = "RelationshipTemplates_delete", params(("id" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn delete(
    State(state): State<RelationshipsState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<NoContent> {
    let id = RelationshipTemplateId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    let mut tx = state.db.begin().await?;
    let template = templates::find(&mut tx, &id).await?.ok_or_else(not_found)?;
    let history = templates::history(&mut tx, &id, &caller.address).await?;
    if !template.is_visible_to(&caller.address, history, state.clock.now()) {
        return Err(not_found());
    }
    if template.created_by != caller.address {
        return Err(ApiError::new(ErrorCode::Forbidden, "Only the creator of a template can delete it."));
    }
    templates::delete(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(NoContent)
}

/// The templates the caller's OAuth client offers (proof of concept; hidden from the document).
pub async fn public_references(
    State(state): State<RelationshipsState>,
    caller: Principal,
) -> Reply<Vec<PublicRelationshipTemplateReference>> {
    Reply(state.public_template_references.get(&caller.client_id).cloned().unwrap_or_default())
}

fn to_dto(template: RelationshipTemplate) -> dto::RelationshipTemplate {
    dto::RelationshipTemplate {
        id: template.id.into_string(),
        created_by: template.created_by.into_string(),
        created_by_device: template.created_by_device.into_string(),
        max_number_of_allocations: template.max_number_of_allocations,
        expires_at: template.expires_at,
        content: template.content,
        created_at: template.created_at,
        for_identity: template.for_identity.map(|address| address.into_string()),
    }
}
