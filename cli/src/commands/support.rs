//! `backbone identities|relationships|messages|tiers|clients`: support staff's quick looks at a running
//! landscape's accounts, through the admin API's support routes.

use backbone_admin::AdminClient;
use backbone_admin::support::Page;
use backbone_admin::support::QuotaOwner;
use backbone_proto::admin::{
    AnnouncementDetails, AnnouncementText, ClientChanged, CreateAnnouncementRequest, CreateClientRequest,
    CreateQuotaRequest, IdentityQuota, MetricRef, QuotaDefinition, TierDetails, TokenOverview,
    UpdateClientRequest,
};
use backbone_proto::admin::{
    ClientOverview, DeletionProcessOverview, IdentityDetails, IdentityOverview, MessageOverview,
    RelationshipDetails, RelationshipOverview, RequestedBy, TierOverview,
};
use serde::Serialize;

use super::landscape::format_time;
use crate::admin;
use crate::cli::{
    AnnouncementsCommand, ClientsCommand, ConfirmedChange, GlobalArgs, IdentitiesCommand, MessagesCommand,
    QuotaOwnerArgs, QuotasCommand, RelationshipsCommand, SupportLandscape, TiersCommand,
};
use crate::output::{self, or_dash, table};

async fn client() -> anyhow::Result<AdminClient> {
    admin::connect(&super::home()?, true).await
}

/// `identities show` for scripts: the identity and its deletion processes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IdentityReport {
    identity: IdentityDetails,
    deletion_processes: Vec<DeletionProcessOverview>,
}

pub async fn identities(global: &GlobalArgs, command: IdentitiesCommand) -> anyhow::Result<()> {
    let client = client().await?;
    match command {
        IdentitiesCommand::Search { text, landscape: SupportLandscape { landscape } } => {
            let found = client.support(&landscape).search(&text).await?;
            output::print(global.output, found.as_slice(), describe_identities)
        }
        IdentitiesCommand::Show { address, landscape: SupportLandscape { landscape } } => {
            let support = client.support(&landscape);
            let identity = support.identity(&address).await?;
            let deletion_processes = support.deletion_processes(&address).await?;
            output::print(global.output, &IdentityReport { identity, deletion_processes }, describe_identity)
        }
        IdentitiesCommand::Tokens { address, page, landscape: SupportLandscape { landscape } } => {
            let found = client.support(&landscape).tokens(&address, page).await?;
            output::print(global.output, &found.result, |rows| describe_tokens(rows, &found))
        }
        IdentitiesCommand::SetTier {
            address,
            tier,
            change: ConfirmedChange { landscape: SupportLandscape { landscape }, yes },
        } => {
            super::confirm(&format!("Move {address} to tier {tier}?"), yes)?;
            client.support(&landscape).set_tier(&address, &tier).await?;
            let done = serde_json::json!({ "address": address, "tierId": tier });
            output::print(global.output, &done, |_| format!("{address} is in tier {tier}.\n"))
        }
        IdentitiesCommand::UnlockToken {
            token,
            change: ConfirmedChange { landscape: SupportLandscape { landscape }, yes },
        } => {
            super::confirm(
                &format!("Unlock token {token}? Its password can be tried 100 times again."),
                yes,
            )?;
            client.support(&landscape).unlock_token(&token).await?;
            let done = serde_json::json!({ "token": token, "unlocked": true });
            output::print(global.output, &done, |_| format!("Token {token} is unlocked.\n"))
        }
    }
}

pub async fn relationships(global: &GlobalArgs, command: RelationshipsCommand) -> anyhow::Result<()> {
    let client = client().await?;
    match command {
        RelationshipsCommand::List { participant, page, landscape: SupportLandscape { landscape } } => {
            let found = client.support(&landscape).relationships(&participant, page).await?;
            output::print(global.output, &found.result, |rows| describe_relationships(rows, &found))
        }
        RelationshipsCommand::Inspect { ids, landscape: SupportLandscape { landscape } } => {
            let support = client.support(&landscape);
            let mut found = Vec::with_capacity(ids.len());
            for id in &ids {
                found.push(support.relationship(id).await?);
            }
            output::print(global.output, found.as_slice(), |all| {
                all.iter().map(describe_relationship).collect::<Vec<_>>().join("\n")
            })
        }
    }
}

pub async fn messages(global: &GlobalArgs, command: MessagesCommand) -> anyhow::Result<()> {
    let MessagesCommand::List { participant, outgoing, page, landscape: SupportLandscape { landscape } } =
        command;
    let found = client().await?.support(&landscape).messages(&participant, !outgoing, page).await?;
    output::print(global.output, &found.result, |rows| describe_messages(rows, &found))
}

pub async fn tiers(global: &GlobalArgs, command: TiersCommand) -> anyhow::Result<()> {
    let client = client().await?;
    match command {
        TiersCommand::List(SupportLandscape { landscape }) => {
            let tiers = client.support(&landscape).tiers().await?;
            output::print(global.output, tiers.as_slice(), describe_tiers)
        }
        TiersCommand::Show { id, landscape: SupportLandscape { landscape } } => {
            let tier = client.support(&landscape).tier(&id).await?;
            output::print(global.output, &tier, describe_tier)
        }
        TiersCommand::Create { name, landscape: SupportLandscape { landscape } } => {
            let created = client.support(&landscape).create_tier(&name).await?;
            output::print(global.output, &created, |tier| format!("Tier {} is {}.\n", tier.name, tier.id))
        }
        TiersCommand::Delete {
            id,
            change: ConfirmedChange { landscape: SupportLandscape { landscape }, yes },
        } => {
            super::confirm(&format!("Delete tier {id}?"), yes)?;
            client.support(&landscape).delete_tier(&id).await?;
            let done = serde_json::json!({ "tier": id, "deleted": true });
            output::print(global.output, &done, |_| format!("Tier {id} is deleted.\n"))
        }
    }
}

pub async fn clients(global: &GlobalArgs, command: ClientsCommand) -> anyhow::Result<()> {
    let client = client().await?;
    match command {
        ClientsCommand::List(SupportLandscape { landscape }) => {
            let clients = client.support(&landscape).clients().await?;
            output::print(global.output, clients.as_slice(), describe_clients)
        }
        ClientsCommand::Create {
            client_id,
            default_tier,
            display_name,
            max_identities,
            landscape: SupportLandscape { landscape },
        } => {
            let request = CreateClientRequest {
                client_id,
                display_name,
                default_tier,
                max_identities,
                ..Default::default()
            };
            let created = client.support(&landscape).create_client(&request).await?;
            output::print(global.output, &created, describe_client_changed)
        }
        ClientsCommand::Update {
            client_id,
            default_tier,
            max_identities,
            landscape: SupportLandscape { landscape },
        } => {
            let request = UpdateClientRequest { default_tier, max_identities };
            let updated = client.support(&landscape).update_client(&client_id, &request).await?;
            output::print(global.output, &updated, describe_client_changed)
        }
        ClientsCommand::ChangeSecret {
            client_id,
            change: ConfirmedChange { landscape: SupportLandscape { landscape }, yes },
        } => {
            super::confirm(
                &format!("Change the secret of client {client_id}? The old one stops working at once."),
                yes,
            )?;
            let changed = client.support(&landscape).change_client_secret(&client_id).await?;
            output::print(global.output, &changed, describe_client_changed)
        }
        ClientsCommand::Delete {
            client_id,
            change: ConfirmedChange { landscape: SupportLandscape { landscape }, yes },
        } => {
            super::confirm(&format!("Delete client {client_id}? Apps using it can onboard no one."), yes)?;
            client.support(&landscape).delete_client(&client_id).await?;
            let done = serde_json::json!({ "client": client_id, "deleted": true });
            output::print(global.output, &done, |_| format!("Client {client_id} is deleted.\n"))
        }
    }
}

pub async fn quotas(global: &GlobalArgs, command: QuotasCommand) -> anyhow::Result<()> {
    let client = client().await?;
    let owner = |args: QuotaOwnerArgs| match (args.tier, args.identity) {
        (Some(tier), _) => QuotaOwner::Tier(tier),
        (None, identity) => QuotaOwner::Identity(identity.unwrap_or_default()),
    };
    match command {
        QuotasCommand::Metrics(SupportLandscape { landscape }) => {
            let metrics = client.support(&landscape).metrics().await?;
            output::print(global.output, metrics.as_slice(), describe_metrics)
        }
        QuotasCommand::Add {
            metric,
            max,
            period,
            owner: args,
            landscape: SupportLandscape { landscape },
        } => {
            let request = CreateQuotaRequest { metric_key: metric, max, period };
            let added = client.support(&landscape).add_quota(&owner(args), &request).await?;
            output::print(global.output, &added, |quota| {
                format!(
                    "Quota {}: at most {} {} per {}.\n",
                    quota.id, quota.max, quota.metric.key, quota.period
                )
            })
        }
        QuotasCommand::Delete {
            quota,
            owner: args,
            change: ConfirmedChange { landscape: SupportLandscape { landscape }, yes },
        } => {
            super::confirm(&format!("Delete quota {quota}?"), yes)?;
            client.support(&landscape).delete_quota(&owner(args), &quota).await?;
            let done = serde_json::json!({ "quota": quota, "deleted": true });
            output::print(global.output, &done, |_| format!("Quota {quota} is deleted.\n"))
        }
    }
}

pub async fn announcements(global: &GlobalArgs, command: AnnouncementsCommand) -> anyhow::Result<()> {
    let client = client().await?;
    match command {
        AnnouncementsCommand::List(SupportLandscape { landscape }) => {
            let all = client.support(&landscape).announcements().await?;
            output::print(global.output, all.as_slice(), describe_announcements)
        }
        AnnouncementsCommand::Show { id, landscape: SupportLandscape { landscape } } => {
            let announcement = client.support(&landscape).announcement(&id).await?;
            output::print(global.output, &announcement, describe_announcement)
        }
        AnnouncementsCommand::Create {
            title,
            body,
            translation,
            severity,
            recipients,
            expires_at,
            silent,
            landscape: SupportLandscape { landscape },
        } => {
            let english = AnnouncementText { language: "en".to_owned(), title, body };
            let translations = translation.chunks_exact(3).map(|text| AnnouncementText {
                language: text[0].clone(),
                title: text[1].clone(),
                body: text[2].clone(),
            });
            let expires_at = expires_at
                .map(|at| backbone_proto::date::parse(&at).ok_or_else(|| anyhow::anyhow!(NotADate(at))))
                .transpose()?;
            let request = CreateAnnouncementRequest {
                severity,
                is_silent: silent,
                texts: std::iter::once(english).chain(translations).collect(),
                expires_at,
                actions: Vec::new(),
                recipients,
                iql_query: None,
            };
            let created = client.support(&landscape).create_announcement(&request).await?;
            output::print(global.output, &created, describe_announcement)
        }
        AnnouncementsCommand::Delete {
            id,
            change: ConfirmedChange { landscape: SupportLandscape { landscape }, yes },
        } => {
            super::confirm(&format!("Delete announcement {id}? Apps no longer show it."), yes)?;
            client.support(&landscape).delete_announcement(&id).await?;
            let done = serde_json::json!({ "announcement": id, "deleted": true });
            output::print(global.output, &done, |_| format!("Announcement {id} is deleted.\n"))
        }
    }
}

/// `--expires-at` is not an RFC 3339 time.
#[derive(Debug, thiserror::Error)]
#[error("--expires-at {0} is not an RFC 3339 time such as 2026-12-24T18:00:00Z")]
pub struct NotADate(String);

fn describe_announcements(announcements: &[AnnouncementDetails]) -> String {
    if announcements.is_empty() {
        return "No announcement.\n".to_owned();
    }
    let rows = announcements.iter().map(|announcement| {
        let title = announcement
            .texts
            .iter()
            .find(|text| text.language == "en")
            .map_or("", |text| text.title.as_str());
        let to = match announcement.recipients.len() {
            0 => "everybody".to_owned(),
            n => format!("{n} identities"),
        };
        [
            announcement.id.clone(),
            announcement.severity.clone(),
            title.to_owned(),
            to,
            format_time(announcement.created_at),
        ]
    });
    table(["ID", "SEVERITY", "TITLE", "TO", "CREATED"], rows)
}

fn describe_announcement(announcement: &AnnouncementDetails) -> String {
    let mut text = format!("Announcement {} ({})\n", announcement.id, announcement.severity);
    text.push_str(&format!("  Created  {}\n", format_time(announcement.created_at)));
    text.push_str(&format!("  Expires  {}\n", or_dash(announcement.expires_at.map(format_time))));
    let to = if announcement.recipients.is_empty() {
        "everybody".to_owned()
    } else {
        announcement.recipients.join(", ")
    };
    text.push_str(&format!(
        "  To       {to}\n  Silent   {}\n\n",
        if announcement.is_silent { "yes" } else { "no" }
    ));
    let rows =
        announcement.texts.iter().map(|text| [text.language.clone(), text.title.clone(), text.body.clone()]);
    text + &table(["LANGUAGE", "TITLE", "BODY"], rows)
}

fn describe_metrics(metrics: &[MetricRef]) -> String {
    table(["METRIC", "NAME"], metrics.iter().map(|metric| [metric.key.clone(), metric.display_name.clone()]))
}

fn describe_tier(tier: &TierDetails) -> String {
    let mut text = format!("Tier {} ({})\n", tier.name, tier.id);
    if tier.quotas.is_empty() {
        return text + "No quota.\n";
    }
    let rows = tier.quotas.iter().map(|quota: &QuotaDefinition| {
        [quota.id.clone(), quota.metric.key.clone(), quota.max.to_string(), quota.period.clone()]
    });
    text.push_str(&table(["QUOTA", "METRIC", "MAX", "PERIOD"], rows));
    text
}

fn describe_quotas(quotas: &[IdentityQuota]) -> String {
    if quotas.is_empty() {
        return "\nNo quota.\n".to_owned();
    }
    let rows = quotas.iter().map(|quota| {
        [
            quota.id.clone(),
            quota.metric.key.clone(),
            quota.source.clone(),
            format!("{}/{}", quota.usage, quota.max),
            quota.period.clone(),
        ]
    });
    format!("\nQuotas\n{}", table(["QUOTA", "METRIC", "SOURCE", "USED", "PERIOD"], rows))
}

fn describe_client_changed(client: &ClientChanged) -> String {
    let mut text = format!(
        "Client {} ({}): default tier {}, at most {} identities.\n",
        client.client_id,
        client.display_name,
        client.default_tier,
        or_dash(client.max_identities)
    );
    if let Some(secret) = &client.client_secret {
        text.push_str(&format!("Secret (shown once): {secret}\n"));
    }
    text
}

fn describe_tokens(tokens: &[TokenOverview], page: &Page<TokenOverview>) -> String {
    if tokens.is_empty() {
        return "No token.\n".to_owned();
    }
    let rows = tokens.iter().map(|token| {
        let lock = match (token.is_password_protected, token.is_locked) {
            (_, true) => format!("locked ({} wrong passwords)", token.failed_password_attempts),
            (true, false) => "password".to_owned(),
            (false, false) => "-".to_owned(),
        };
        [
            token.id.clone(),
            or_dash(token.for_identity.as_deref()),
            format_time(token.created_at),
            format_time(token.expires_at),
            lock,
        ]
    });
    table(["ID", "FOR", "CREATED", "EXPIRES", "PROTECTION"], rows) + &page_footer(page, "tokens")
}

fn describe_identities(identities: &[IdentityOverview]) -> String {
    if identities.is_empty() {
        return "No identity found.\n".to_owned();
    }
    let rows = identities.iter().map(|identity| {
        [
            identity.address.clone(),
            identity.created_with_client.clone(),
            identity.tier.name.clone(),
            identity.status.clone(),
            identity.number_of_devices.to_string(),
            or_dash(identity.last_login_at.map(format_time)),
            format_time(identity.created_at),
        ]
    });
    table(["ADDRESS", "CLIENT", "TIER", "STATUS", "DEVICES", "LAST LOGIN", "CREATED"], rows)
}

fn describe_identity(report: &IdentityReport) -> String {
    let identity = &report.identity;
    let mut text = format!("Identity {}\n", identity.address);
    let grace =
        identity.deletion_grace_period_ends_at.map(|at| format!(" (grace period ends {})", format_time(at)));
    for (label, value) in [
        ("Client", identity.client_id.clone()),
        ("Tier", format!("{} ({})", identity.tier_name, identity.tier_id)),
        ("Status", format!("{}{}", identity.status, grace.unwrap_or_default())),
        ("Created", format_time(identity.created_at)),
        ("Version", identity.identity_version.to_string()),
    ] {
        text.push_str(&format!("  {label:<9}{value}\n"));
    }
    text.push_str(&format!("\nDevices ({})\n", identity.number_of_devices));
    let rows = identity.devices.iter().map(|device| {
        [
            device.id.clone(),
            device.username.clone(),
            format_time(device.created_at),
            or_dash(device.last_login.as_ref().map(|login| format_time(login.time))),
            device.communication_language.clone(),
            if device.is_backup_device { "yes" } else { "no" }.to_owned(),
        ]
    });
    text.push_str(&table(["ID", "USERNAME", "CREATED", "LAST LOGIN", "LANGUAGE", "BACKUP"], rows));
    text.push_str(&describe_quotas(&identity.quotas));
    if report.deletion_processes.is_empty() {
        text.push_str("\nNo deletion process.\n");
    } else {
        text.push_str("\nDeletion processes\n");
        let rows = report.deletion_processes.iter().map(|process| {
            [
                process.id.clone(),
                process.status.clone(),
                format_time(process.created_at),
                or_dash(process.grace_period_ends_at.map(format_time)),
            ]
        });
        text.push_str(&table(["ID", "STATUS", "STARTED", "GRACE PERIOD ENDS"], rows));
    }
    text
}

/// "Page 1 of 3, 120 in all." under a table that does not show everything.
fn page_footer<T>(page: &Page<T>, what: &str) -> String {
    match page.pagination {
        Some(pagination) if pagination.total_pages > 1 => format!(
            "Page {} of {}, {} {what} in all; --page N shows another.\n",
            pagination.page_number, pagination.total_pages, pagination.total_records
        ),
        _ => String::new(),
    }
}

fn describe_relationships(
    relationships: &[RelationshipOverview],
    page: &Page<RelationshipOverview>,
) -> String {
    if relationships.is_empty() {
        return "No relationship.\n".to_owned();
    }
    let rows = relationships.iter().map(|relationship| {
        [
            relationship.id.clone(),
            relationship.peer.clone(),
            match relationship.requested_by {
                RequestedBy::Participant => "self",
                RequestedBy::Peer => "peer",
            }
            .to_owned(),
            relationship.status.as_str().to_owned(),
            format_time(relationship.creation_date),
            or_dash(relationship.answered_at.map(format_time)),
        ]
    });
    table(["ID", "PEER", "REQUESTED BY", "STATUS", "CREATED", "ANSWERED"], rows)
        + &page_footer(page, "relationships")
}

fn describe_relationship(relationship: &RelationshipDetails) -> String {
    let mut text = format!("Relationship {} ({})\n", relationship.id, relationship.status.as_str());
    text.push_str(&format!("  From      {}\n  To        {}\n", relationship.from, relationship.to));
    text.push_str(&format!("  Template  {}\n", or_dash(relationship.template_id.as_deref())));
    text.push_str(&format!("  Created   {}\n\nHistory\n", format_time(relationship.created_at)));
    let rows = relationship.audit_log.iter().map(|entry| {
        let from = entry.old_status.map_or("-", |status| status.as_str());
        [
            format_time(entry.created_at),
            entry.reason.as_str().to_owned(),
            format!("{from} -> {}", entry.new_status.as_str()),
            entry.created_by.clone(),
            or_dash(entry.created_by_device.as_deref()),
        ]
    });
    text + &table(["WHEN", "WHAT", "STATUS", "BY", "DEVICE"], rows)
}

fn describe_messages(messages: &[MessageOverview], page: &Page<MessageOverview>) -> String {
    if messages.is_empty() {
        return "No message.\n".to_owned();
    }
    let rows = messages.iter().map(|message| {
        let recipients = message.recipients.iter().map(|recipient| {
            let received = recipient.received_at.map_or_else(|| "not received".to_owned(), format_time);
            format!("{} ({received})", recipient.address)
        });
        [
            message.message_id.clone(),
            message.sender_address.clone(),
            recipients.collect::<Vec<_>>().join("\n"),
            format_time(message.send_date),
            message.number_of_attachments.to_string(),
        ]
    });
    table(["ID", "SENDER", "RECIPIENTS", "SENT", "ATTACHMENTS"], rows) + &page_footer(page, "messages")
}

fn describe_tiers(tiers: &[TierOverview]) -> String {
    let rows = tiers.iter().map(|tier| {
        let assignable = if tier.can_be_manually_assigned { "yes" } else { "no" };
        [tier.id.clone(), tier.name.clone(), tier.number_of_identities.to_string(), assignable.to_owned()]
    });
    table(["ID", "NAME", "IDENTITIES", "ASSIGNABLE"], rows)
}

fn describe_clients(clients: &[ClientOverview]) -> String {
    let rows = clients.iter().map(|client| {
        [
            client.client_id.clone(),
            client.display_name.clone(),
            client.default_tier.name.clone(),
            client.number_of_identities.to_string(),
            or_dash(client.max_identities),
        ]
    });
    table(["CLIENT", "DISPLAY NAME", "DEFAULT TIER", "IDENTITIES", "MAX IDENTITIES"], rows)
}
