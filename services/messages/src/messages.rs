use std::collections::HashSet;

use axum::extract::{Path, State};
use backbone_domain::IdentityAddress;
use backbone_domain::events::{DomainEvent, MessageRecipientRef};
use backbone_domain::id::{FileId, MessageId};
use backbone_domain::message::{Message, Recipient};
use backbone_domain::quota::Metric;
use backbone_http::quotas;
use backbone_http::{ApiError, ApiResult, Created, PageParams, PagedReply, Principal, QueryParams, Reply};
use backbone_http::{WireJson, paged, validate};
use backbone_proto::dto::messages::{self as dto, SendMessageRequest};
use backbone_proto::dto::relationships::RelationshipStatus;
use backbone_proto::dto::templates::CreatedResource;
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, Paged};
use backbone_store::{messages, outbox, relationships};

use crate::MessagesState;

/// The reference's limits on attachments and on the size of a recipient's encrypted key.
const MAX_ATTACHMENTS: usize = 20;
const ENCRYPTED_KEY_BYTES: std::ops::RangeInclusive<usize> = 30..=300;

/// Sends a message to identities the sender has a pending, active or terminated relationship with.
#[utoipa::path(post, path = "/api/v2/Messages", security(("bearer" = [])), tag = "Messages", operation_id = "Messages_send",
    request_body = SendMessageRequest,
    responses((status = 201, body = Envelope<CreatedResource>), (status = 400, body = ErrorEnvelope)))]
pub async fn send(
    State(state): State<MessagesState>,
    caller: Principal,
    WireJson(request): WireJson<SendMessageRequest>,
) -> ApiResult<Created<CreatedResource>> {
    let limits = state.limits;
    if request.recipients.is_empty() || request.recipients.len() > limits.max_recipients {
        return Err(ApiError::invalid(
            "recipients",
            format!("must have 1 to {} entries.", limits.max_recipients),
        ));
    }
    if request.body.is_empty() {
        return Err(ApiError::invalid("body", "must not be empty."));
    }
    validate::content("body", &request.body)?;
    if request.attachments.len() > MAX_ATTACHMENTS {
        return Err(ApiError::invalid(
            "attachments",
            format!("must have at most {MAX_ATTACHMENTS} entries."),
        ));
    }
    let attachments = request
        .attachments
        .iter()
        .map(|attachment| {
            FileId::parse(&attachment.id)
                .map_err(|_| ApiError::new(ErrorCode::PredicateValidator, "'Id': invalid file id."))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let mut seen = HashSet::new();
    let mut addressed = Vec::with_capacity(request.recipients.len());
    for recipient in request.recipients {
        let address = IdentityAddress::parse(&recipient.address)
            .map_err(|error| ApiError::invalid("recipients.address", error))?;
        if !seen.insert(address.clone()) {
            return Err(ApiError::invalid("recipients", "must not contain an address twice."));
        }
        if !ENCRYPTED_KEY_BYTES.contains(&recipient.encrypted_key.len()) {
            return Err(ApiError::invalid("recipients.encryptedKey", "must have 30 to 300 bytes."));
        }
        addressed.push((address, recipient.encrypted_key));
    }

    let now = state.clock.now();
    let sent = [Metric::NumberOfSentMessages];
    quotas::ensure_available(&mut *state.db.conn().await?, &caller.address, &sent, now).await?;
    let mut tx = state.db.begin().await?;
    let mut recipients = Vec::with_capacity(addressed.len());
    let mut blocked = Vec::with_capacity(addressed.len());
    for (address, encrypted_key) in addressed {
        let (relationship_id, status) =
            relationships::youngest_between(&mut tx, &caller.address, &address).await?.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NoRelationshipToRecipientExists,
                    format!("There is no relationship to {address}."),
                )
            })?;
        let usable =
            [RelationshipStatus::Active, RelationshipStatus::Pending, RelationshipStatus::Terminated];
        if !usable.contains(&status) {
            return Err(ApiError::new(
                ErrorCode::RelationshipToRecipientNotActive,
                format!("The relationship to {address} does not allow messages."),
            ));
        }
        if messages::count_unreceived(&mut tx, &caller.address, &address).await?
            >= limits.max_unreceived_from_one_sender
        {
            return Err(ApiError::new(
                ErrorCode::MaxNumberOfUnreceivedMessagesReached,
                format!(
                    "{address} has not received {} of your messages yet.",
                    limits.max_unreceived_from_one_sender
                ),
            ));
        }
        blocked.push(status != RelationshipStatus::Active);
        recipients.push(Recipient {
            address,
            encrypted_key,
            relationship_id,
            received_at: None,
            received_by_device: None,
            decomposed_by_sender: false,
            decomposed_by_recipient: false,
        });
    }
    let message = Message {
        id: MessageId::generate(&mut rand::rng()),
        created_at: now,
        created_by: caller.address,
        created_by_device: caller.device,
        body: request.body,
        attachments,
        recipients,
    };
    messages::insert(&mut tx, &message).await?;
    let event = DomainEvent::MessageCreated {
        id: message.id.to_string(),
        created_by: message.created_by.to_string(),
        recipients: message
            .recipients
            .iter()
            .zip(blocked)
            .map(|(recipient, delivery_blocked)| MessageRecipientRef {
                address: recipient.address.to_string(),
                relationship_id: recipient.relationship_id.to_string(),
                delivery_blocked,
            })
            .collect(),
    };
    outbox::append(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(Created(CreatedResource { id: message.id.into_string(), created_at: now }))
}

/// The caller's messages (optionally only `ids`); fetching them as a recipient records their receipt.
#[utoipa::path(get, path = "/api/v2/Messages", security(("bearer" = [])), tag = "Messages", operation_id = "Messages_list",
    params(("ids" = Option<Vec<String>>, Query), ("PageNumber" = Option<u32>, Query), ("PageSize" = Option<u32>, Query)),
    responses((status = 200, body = Paged<dto::Message>), (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<MessagesState>,
    caller: Principal,
    PageParams(page): PageParams,
    query: QueryParams,
) -> ApiResult<PagedReply<dto::Message>> {
    let ids = query
        .all("ids")
        .map(|id| MessageId::parse(id).map_err(|_| ApiError::invalid_id("ids")))
        .collect::<ApiResult<Vec<_>>>()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let found = messages::list_visible(&mut tx, &caller.address, &ids, page).await?;
    let mut items = Vec::with_capacity(found.items.len());
    for message in found.items {
        items.push(receive(&mut tx, &state, &caller, message, now).await?);
    }
    tx.commit().await?;
    Ok(paged(items, page, found.total_records))
}

#[utoipa::path(get, path = "/api/v2/Messages/{id}", security(("bearer" = [])), tag = "Messages", operation_id = "Messages_get",
    params(("id" = String, Path), ("noBody" = Option<bool>, Query, description = "Accepted and ignored, like the reference")),
    responses((status = 200, body = Envelope<dto::Message>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get(
    State(state): State<MessagesState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<Reply<dto::Message>> {
    let id = MessageId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let message = messages::find_visible(&mut tx, &caller.address, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("Message"))?;
    let message = receive(&mut tx, &state, &caller, message, now).await?;
    tx.commit().await?;
    Ok(Reply(message))
}

/// Records the caller's receipt if it is an unreceived recipient, and returns the caller's view.
async fn receive(
    tx: &mut backbone_store::Tx,
    state: &MessagesState,
    caller: &Principal,
    mut message: Message,
    now: time::OffsetDateTime,
) -> ApiResult<dto::Message> {
    if let Some(own) = message.recipients.iter_mut().find(|recipient| recipient.address == caller.address)
        && own.received_at.is_none()
    {
        messages::mark_received(tx, &message.id, &caller.address, &caller.device, now).await?;
        own.received_at = Some(now);
        own.received_by_device = Some(caller.device.clone());
    }
    Ok(to_dto(message.as_seen_by(&caller.address, &state.anonymous)))
}

fn to_dto(message: Message) -> dto::Message {
    dto::Message {
        id: message.id.into_string(),
        created_at: message.created_at,
        created_by: message.created_by.into_string(),
        created_by_device: message.created_by_device.into_string(),
        body: message.body,
        attachments: message
            .attachments
            .into_iter()
            .map(|file| dto::Attachment { id: file.into_string() })
            .collect(),
        recipients: message
            .recipients
            .into_iter()
            .map(|recipient| dto::MessageRecipient {
                address: recipient.address.into_string(),
                encrypted_key: recipient.encrypted_key,
                received_at: recipient.received_at,
                received_by_device: recipient.received_by_device.map(|device| device.into_string()),
            })
            .collect(),
    }
}
