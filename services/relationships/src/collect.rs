//! Reading a template for use: the visibility rules and the allocation it records (spec §5.10),
//! shared by `GET /RelationshipTemplates/{id}` and `POST /Relationships`.

use backbone_domain::events::DomainEvent;
use backbone_domain::id::RelationshipTemplateId;
use backbone_domain::template::RelationshipTemplate;
use backbone_http::{ApiError, ApiResult, Principal};
use backbone_proto::ErrorCode;
use backbone_store::{Tx, outbox, templates};
use time::OffsetDateTime;

/// The template, if `reader` may collect it with `password`; allocates it for them.
pub async fn collect(
    tx: &mut Tx,
    id: &RelationshipTemplateId,
    reader: &Principal,
    password: Option<&[u8]>,
    now: OffsetDateTime,
) -> ApiResult<RelationshipTemplate> {
    let template = templates::find(tx, id).await?.ok_or_else(not_found)?;
    let history = templates::history(tx, id, &reader.address).await?;
    if !template.is_collectable_by(&reader.address, password, history, now) {
        return Err(not_found());
    }
    if template.created_by != reader.address && !history.allocated {
        let allocations = templates::count_allocations(tx, id).await?;
        if !template.can_be_allocated(allocations) {
            return Err(ApiError::new(
                ErrorCode::MaxNumberOfAllocationsExhausted,
                "The maximum number of allocations of this template has been reached.",
            ));
        }
        templates::allocate(tx, id, &reader.address, &reader.device, now).await?;
        if template.max_number_of_allocations == Some(allocations + 1) {
            let event = DomainEvent::RelationshipTemplateAllocationsExhausted {
                relationship_template_id: id.to_string(),
                created_by: template.created_by.to_string(),
            };
            outbox::append(tx, &event, now).await?;
        }
    }
    Ok(template)
}

pub fn not_found() -> ApiError {
    ApiError::not_found("RelationshipTemplate")
}
