//! The support routes of a running landscape (`/v1/landscapes/{name}/api/v1/…`): accounts and what they
//! hold, as metadata; and the changes operators make to them.

use backbone_proto::Pagination;
use backbone_proto::admin::{
    AnnouncementDetails, ChangeSecretRequest, ChangeTierRequest, ClientChanged, CreateAnnouncementRequest,
    CreateClientRequest, CreateQuotaRequest, CreateTierRequest, MetricRef, QuotaDefinition, TierCreated,
    TierDetails, UpdateClientRequest,
};
use backbone_proto::admin::{
    ClientOverview, DeletionAuditEntry, DeletionProcessOverview, FileOverview, IdentityDetails,
    IdentityOverview, MessageOverview, RelationshipDetails, RelationshipOverview, TemplateOverview,
    TierOverview, TokenOverview, Traffic,
};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{AdminClient, AdminError};

/// The reference's envelope: `{"result": …}`.
#[derive(Deserialize)]
struct Envelope<T> {
    result: T,
}

/// One page of a list and where it is in the whole.
#[derive(Debug, Deserialize)]
pub struct Page<T> {
    pub result: Vec<T>,
    pub pagination: Option<Pagination>,
}

/// The support routes of one landscape.
pub struct Support<'a> {
    client: &'a AdminClient,
    prefix: String,
}

type Result<T> = std::result::Result<T, AdminError>;

impl AdminClient {
    pub fn support(&self, landscape: &str) -> Support<'_> {
        Support { client: self, prefix: format!("/v1/landscapes/{landscape}/api/v1") }
    }

    /// Request and error counts of a running landscape's Consumer API instances, and its queue depth.
    pub async fn traffic(&self, landscape: &str) -> Result<Traffic> {
        self.get(&format!("/v1/landscapes/{landscape}/traffic"), &[]).await
    }
}

impl Support<'_> {
    async fn get<T: DeserializeOwned>(&self, path: &str, query: &[(&str, &str)]) -> Result<T> {
        let envelope: Envelope<T> = self.client.get(&format!("{}{path}", self.prefix), query).await?;
        Ok(envelope.result)
    }

    /// A change; its answer's `result`.
    async fn change<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T> {
        let envelope: Envelope<T> =
            self.client.call(method, &format!("{}{path}", self.prefix), Some(body)).await?;
        Ok(envelope.result)
    }

    /// A change answered without content.
    async fn act(&self, method: Method, path: &str, body: Option<&impl Serialize>) -> Result<()> {
        self.client.call_empty(method, &format!("{}{path}", self.prefix), body).await
    }

    async fn page<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
        page: u32,
    ) -> Result<Page<T>> {
        let number = page.to_string();
        let query: Vec<(&str, &str)> =
            query.iter().copied().chain([("PageNumber", number.as_str())]).collect();
        self.client.get(&format!("{}{path}", self.prefix), &query).await
    }

    /// Identities by address (or part of it), device id, username or client id.
    pub async fn search(&self, text: &str) -> Result<Vec<IdentityOverview>> {
        self.get("/Identities", &[("search", text)]).await
    }

    pub async fn identity(&self, address: &str) -> Result<IdentityDetails> {
        self.get(&format!("/Identities/{address}"), &[]).await
    }

    pub async fn deletion_processes(&self, address: &str) -> Result<Vec<DeletionProcessOverview>> {
        self.get(&format!("/Identities/{address}/DeletionProcesses"), &[]).await
    }

    pub async fn deletion_audit_logs(&self, address: &str) -> Result<Vec<DeletionAuditEntry>> {
        self.get(&format!("/Identities/{address}/DeletionProcesses/AuditLogs"), &[]).await
    }

    pub async fn relationships(&self, participant: &str, page: u32) -> Result<Page<RelationshipOverview>> {
        self.page("/Relationships", &[("participant", participant)], page).await
    }

    pub async fn relationship(&self, id: &str) -> Result<RelationshipDetails> {
        self.get(&format!("/Relationships/{id}"), &[]).await
    }

    /// `incoming`: received by the participant, else sent.
    pub async fn messages(
        &self,
        participant: &str,
        incoming: bool,
        page: u32,
    ) -> Result<Page<MessageOverview>> {
        let direction = if incoming { "Incoming" } else { "Outgoing" };
        self.page("/Messages", &[("participant", participant), ("type", direction)], page).await
    }

    pub async fn tokens(&self, created_by: &str, page: u32) -> Result<Page<TokenOverview>> {
        self.page("/Tokens", &[("createdBy", created_by)], page).await
    }

    pub async fn templates(&self, created_by: &str) -> Result<Vec<TemplateOverview>> {
        self.get("/RelationshipTemplates", &[("createdBy", created_by)]).await
    }

    pub async fn files(&self, owner: &str) -> Result<Vec<FileOverview>> {
        self.get("/Files", &[("owner", owner)]).await
    }

    pub async fn clients(&self) -> Result<Vec<ClientOverview>> {
        self.get("/Clients", &[]).await
    }

    pub async fn tiers(&self) -> Result<Vec<TierOverview>> {
        self.get("/Tiers", &[]).await
    }

    pub async fn set_tier(&self, address: &str, tier_id: &str) -> Result<()> {
        let body = ChangeTierRequest { tier_id: tier_id.to_owned() };
        self.act(Method::PUT, &format!("/Identities/{address}"), Some(&body)).await
    }

    pub async fn unlock_token(&self, id: &str) -> Result<()> {
        self.act(Method::PATCH, &format!("/Tokens/{id}/ResetAccessFailedCount"), None::<&()>).await
    }

    pub async fn create_tier(&self, name: &str) -> Result<TierCreated> {
        self.change(Method::POST, "/Tiers", &CreateTierRequest { name: name.to_owned() }).await
    }

    pub async fn delete_tier(&self, id: &str) -> Result<()> {
        self.act(Method::DELETE, &format!("/Tiers/{id}"), None::<&()>).await
    }

    pub async fn create_client(&self, request: &CreateClientRequest) -> Result<ClientChanged> {
        self.change(Method::POST, "/Clients", request).await
    }

    pub async fn update_client(
        &self,
        client_id: &str,
        request: &UpdateClientRequest,
    ) -> Result<ClientChanged> {
        self.change(Method::PUT, &format!("/Clients/{client_id}"), request).await
    }

    /// A new generated secret, answered once.
    pub async fn change_client_secret(&self, client_id: &str) -> Result<ClientChanged> {
        self.change(
            Method::PATCH,
            &format!("/Clients/{client_id}/ChangeSecret"),
            &ChangeSecretRequest::default(),
        )
        .await
    }

    pub async fn delete_client(&self, client_id: &str) -> Result<()> {
        self.act(Method::DELETE, &format!("/Clients/{client_id}"), None::<&()>).await
    }

    /// What quotas can count.
    pub async fn metrics(&self) -> Result<Vec<MetricRef>> {
        self.get("/Metrics", &[]).await
    }

    /// A tier with its quota definitions.
    pub async fn tier(&self, id: &str) -> Result<TierDetails> {
        self.get(&format!("/Tiers/{id}"), &[]).await
    }

    /// A quota for a tier or for one identity.
    pub async fn add_quota(
        &self,
        owner: &QuotaOwner,
        request: &CreateQuotaRequest,
    ) -> Result<QuotaDefinition> {
        self.change(Method::POST, &format!("{}/Quotas", owner.path()), request).await
    }

    pub async fn delete_quota(&self, owner: &QuotaOwner, id: &str) -> Result<()> {
        self.act(Method::DELETE, &format!("{}/Quotas/{id}", owner.path()), None::<&()>).await
    }
}

impl Support<'_> {
    pub async fn announcements(&self) -> Result<Vec<AnnouncementDetails>> {
        self.get("/Announcements", &[]).await
    }

    pub async fn announcement(&self, id: &str) -> Result<AnnouncementDetails> {
        self.get(&format!("/Announcements/{id}"), &[]).await
    }

    pub async fn create_announcement(
        &self,
        request: &CreateAnnouncementRequest,
    ) -> Result<AnnouncementDetails> {
        self.change(Method::POST, "/Announcements", request).await
    }

    pub async fn delete_announcement(&self, id: &str) -> Result<()> {
        self.act(Method::DELETE, &format!("/Announcements/{id}"), None::<&()>).await
    }
}

/// Whose quota: a tier's (by id) or an identity's own (by address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuotaOwner {
    Tier(String),
    Identity(String),
}

impl QuotaOwner {
    fn path(&self) -> String {
        match self {
            QuotaOwner::Tier(id) => format!("/Tiers/{id}"),
            QuotaOwner::Identity(address) => format!("/Identities/{address}"),
        }
    }
}
