//! `GET /api/v2/Announcements` (spec §5.18): what the platform's operators tell users, in the caller's
//! language. Operators create announcements through the admin API; they sit with the Push module because
//! they are the platform speaking to people, like its notifications.

use axum::extract::State;
use backbone_domain::language;
use backbone_http::{ApiError, ApiResult, Principal, QueryParams, Reply};
use backbone_proto::dto::announcements::{Announcement, AnnouncementAction};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope};
use backbone_store::announcements;

use crate::PushState;

/// Announcements to everybody and to the caller, expired ones too, in `language` (else English).
#[utoipa::path(get, path = "/api/v2/Announcements", security(("bearer" = [])), tag = "Announcements",
    operation_id = "Announcements_list", params(("language" = String, Query, description = "ISO 639-1")),
    responses((status = 200, body = Envelope<Vec<Announcement>>), (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<PushState>,
    caller: Principal,
    query: QueryParams,
) -> ApiResult<Reply<Vec<Announcement>>> {
    let wanted = query.get("language").ok_or_else(|| {
        ApiError::new(ErrorCode::InputCannotBeParsed, "'language': The language field is required.")
    })?;
    if !language::is_supported(wanted) {
        return Err(ApiError::invalid("language", "is not an ISO 639-1 language code."));
    }
    let visible = announcements::visible_to(&mut *state.db.conn().await?, &caller.address).await?;
    Ok(Reply(
        visible
            .into_iter()
            .filter_map(|announcement| {
                let text = announcement.text_in(wanted)?.clone();
                Some(Announcement {
                    id: announcement.id.to_string(),
                    created_at: announcement.created_at,
                    expires_at: announcement.expires_at,
                    severity: announcement.severity.name().to_owned(),
                    title: text.title,
                    body: text.body,
                    actions: announcement
                        .actions
                        .iter()
                        .map(|action| AnnouncementAction {
                            display_name: action.name_in(wanted).to_owned(),
                            link: action.link.clone(),
                            iql_query: None,
                        })
                        .collect(),
                    iql_query: announcement.iql_query.clone(),
                })
            })
            .collect(),
    ))
}
