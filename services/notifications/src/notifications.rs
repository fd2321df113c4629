//! `POST /api/v2/Notifications`: an identity makes its peers' devices show a configured text
//! (spec §5.7). No content travels; the peers' apps only learn that something happened.

use axum::extract::State;
use backbone_domain::IdentityAddress;
use backbone_domain::events::DomainEvent;
use backbone_http::{ApiError, ApiResult, NoContent, Principal, WireJson};
use backbone_proto::dto::push::SendNotificationRequest;
use backbone_proto::dto::relationships::RelationshipStatus;
use backbone_proto::{ErrorCode, ErrorEnvelope};
use backbone_store::{outbox, relationships};

use crate::PushState;

const MAX_RECIPIENTS: usize = 100;

#[utoipa::path(post, path = "/api/v2/Notifications", security(("bearer" = [])), tag = "Notifications", operation_id = "Notifications_send",
    request_body = SendNotificationRequest,
    responses((status = 204), (status = 400, body = ErrorEnvelope)))]
pub async fn send(
    State(state): State<PushState>,
    caller: Principal,
    WireJson(request): WireJson<SendNotificationRequest>,
) -> ApiResult<NoContent> {
    if request.code.is_empty() {
        return Err(ApiError::invalid("code", "must not be empty."));
    }
    if !(1..=MAX_RECIPIENTS).contains(&request.recipients.len()) {
        return Err(ApiError::invalid("recipients", format!("must have 1 to {MAX_RECIPIENTS} entries.")));
    }
    let recipients = request
        .recipients
        .iter()
        .map(|recipient| {
            IdentityAddress::parse(recipient)
                .map_err(|_| ApiError::invalid("recipients", "must be identity addresses."))
        })
        .collect::<ApiResult<Vec<_>>>()?;

    let mut tx = state.db.begin().await?;
    for recipient in &recipients {
        let (_, status) =
            relationships::youngest_between(&mut tx, &caller.address, recipient).await?.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NoRelationshipToOneOrMoreRecipientsExists,
                    format!("There is no relationship to {recipient}."),
                )
            })?;
        let notifiable =
            [RelationshipStatus::Pending, RelationshipStatus::Active, RelationshipStatus::Terminated];
        if !notifiable.contains(&status) {
            return Err(ApiError::new(
                ErrorCode::RelationshipToRecipientIsNotInCorrectStatus,
                format!("The relationship to {recipient} does not allow notifications."),
            ));
        }
    }
    if !state.texts.contains(&request.code) {
        let codes: Vec<&str> = state.texts.codes().collect();
        return Err(ApiError::new(
            ErrorCode::NotificationCodeDoesNotExist,
            format!("The code '{}' does not exist. Valid codes: {}.", request.code, codes.join(", ")),
        ));
    }
    let event = DomainEvent::NotificationRequested {
        sender: caller.address.to_string(),
        recipients: recipients.iter().map(ToString::to_string).collect(),
        code: request.code,
    };
    outbox::append(&mut tx, &event, state.clock.now()).await?;
    tx.commit().await?;
    Ok(NoContent)
}
