//! Announcements at the support routes: every role reads them; operators create and delete them (audited).
//! Apps read them at the Consumer API's `GET /api/v2/Announcements`; the landscape's event handler pushes
//! those that are not silent (`NewAnnouncement`) to the addressed identities' devices, or to all.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use backbone_domain::announcement::{self, Announcement, Severity};
use backbone_domain::events::DomainEvent;
use backbone_domain::id::AnnouncementId;
use backbone_domain::{Clock as _, IdentityAddress, SystemClock};
use backbone_proto::admin::{
    AnnouncementAction, AnnouncementDetails, AnnouncementText, CreateAnnouncementRequest,
};
use backbone_store::{announcements, outbox};
use serde_json::json;

use super::{Answer, Body, Created, connection, created, ok, transaction};
use crate::api::Shared;
use crate::error::DaemonError;
use crate::tokens::Caller;

fn details(announcement: Announcement) -> AnnouncementDetails {
    AnnouncementDetails {
        id: announcement.id.to_string(),
        created_at: announcement.created_at,
        expires_at: announcement.expires_at,
        severity: announcement.severity.name().to_owned(),
        is_silent: announcement.is_silent,
        texts: announcement
            .texts
            .into_iter()
            .map(|text| AnnouncementText { language: text.language, title: text.title, body: text.body })
            .collect(),
        recipients: announcement.recipients.iter().map(ToString::to_string).collect(),
        actions: announcement
            .actions
            .into_iter()
            .map(|action| AnnouncementAction { display_name: action.display_name, link: action.link })
            .collect(),
        iql_query: announcement.iql_query,
    }
}

/// `GET /Announcements`: all of them, newest first.
pub(super) async fn list(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
) -> Answer<Vec<AnnouncementDetails>> {
    let mut conn = connection(&app, &caller, &name).await?;
    ok(announcements::all(&mut conn).await?.into_iter().map(details).collect())
}

/// `GET /Announcements/{id}`.
pub(super) async fn get(
    State(app): Shared,
    caller: Caller,
    Path((name, id)): Path<(String, String)>,
) -> Answer<AnnouncementDetails> {
    let mut conn = connection(&app, &caller, &name).await?;
    let found = announcements::find(&mut conn, &AnnouncementId::trusted(id.clone())).await?;
    ok(details(found.ok_or_else(|| DaemonError::NoSuch(format!("announcement {id}")))?))
}

/// `POST /Announcements`: English text required; at most 100 recipients (none: everybody).
pub(super) async fn create(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Body(request): Body<CreateAnnouncementRequest>,
) -> Created<AnnouncementDetails> {
    let detail = json!({ "severity": request.severity, "recipients": request.recipients.len() });
    let result = app
        .audited(&caller, "announcement.create", &name, Some(detail), async {
            let announcement = parse(request.clone())?;
            let mut tx = transaction(&app, &caller, &name).await?;
            announcements::insert(&mut tx, &announcement).await?;
            // The landscape's event handler pushes it; written with it, so that it is pushed if and only if
            // it exists.
            if !announcement.is_silent {
                let event = DomainEvent::AnnouncementCreated {
                    announcement_id: announcement.id.to_string(),
                    texts: announcement.texts.clone(),
                    recipients: announcement.recipients.iter().map(ToString::to_string).collect(),
                };
                outbox::append(&mut tx, &event, announcement.created_at).await?;
            }
            tx.commit().await?;
            Ok(details(announcement))
        })
        .await?;
    created(result)
}

fn parse(request: CreateAnnouncementRequest) -> Result<Announcement, DaemonError> {
    let severity = Severity::from_name(&request.severity).ok_or_else(|| {
        DaemonError::Invalid(format!("severity '{}' is none of Low, Medium, High", request.severity))
    })?;
    let recipients = request
        .recipients
        .iter()
        .map(|address| {
            IdentityAddress::parse(address)
                .map_err(|error| DaemonError::Invalid(format!("recipient {address}: {error}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let announcement = Announcement {
        id: AnnouncementId::generate(&mut rand::rng()),
        created_at: SystemClock.now(),
        expires_at: request.expires_at,
        severity,
        is_silent: request.is_silent,
        texts: request
            .texts
            .into_iter()
            .map(|text| announcement::Text { language: text.language, title: text.title, body: text.body })
            .collect(),
        actions: request
            .actions
            .into_iter()
            .map(|action| announcement::Action { display_name: action.display_name, link: action.link })
            .collect(),
        recipients,
        iql_query: request.iql_query,
    };
    announcement.validate().map_err(|invalid| DaemonError::Invalid(invalid.to_string()))?;
    Ok(announcement)
}

/// `DELETE /Announcements/{id}`.
pub(super) async fn delete(
    State(app): Shared,
    caller: Caller,
    Path((name, id)): Path<(String, String)>,
) -> Result<StatusCode, DaemonError> {
    app.audited(&caller, "announcement.delete", &format!("{name}/{id}"), None, async {
        let mut conn = connection(&app, &caller, &name).await?;
        match announcements::delete(&mut conn, &AnnouncementId::trusted(id.clone())).await? {
            true => Ok(StatusCode::NO_CONTENT),
            false => Err(DaemonError::NoSuch(format!("announcement {id}"))),
        }
    })
    .await
}
