//! The Consumer API's settings. Defaults are production-safe; the dev landscape relaxes them.

use std::collections::BTreeMap;

use backbone_domain::password::PasswordPolicy;
use backbone_domain::{IdentityAddress, Secret};
use backbone_notifications::{NotificationTextConfig, SseConfig};
use backbone_proto::dto::templates::PublicRelationshipTemplateReference;
use backbone_push::PushConfig;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ApiConfig {
    /// The domain of identity addresses (`did:e:<domain>:dids:…`). Must equal the host name in the
    /// URL clients use, because clients derive their own address from it.
    pub did_domain: String,
    /// The policy for device passwords: `production` or `relaxed` (any non-empty password).
    pub password_policy: PasswordPolicy,
    /// Locking devices out after repeated wrong passwords.
    pub lockout: LockoutConfig,
    /// Access tokens issued by `/connect/token`.
    pub access_tokens: AccessTokenConfig,
    /// Page sizes of list routes.
    pub pagination: PaginationConfig,
    /// Limits on messages.
    pub messages: MessagesConfig,
    /// Limits on files.
    pub files: FilesConfig,
    /// The largest accepted request body, in bytes.
    pub max_request_body_bytes: usize,
    /// Tiers to create at start-up, by name.
    pub tiers: Vec<String>,
    /// OAuth clients to create or update at start-up.
    pub clients: Vec<OAuthClientConfig>,
    /// Origins allowed to call the API from a browser; empty allows none.
    pub cors_allowed_origins: Vec<String>,
    /// Per OAuth client id, relationship templates its users are offered
    /// (`GET /api/poc/PublicRelationshipTemplateReferences`, a proof of concept).
    pub public_relationship_template_references: BTreeMap<String, Vec<PublicRelationshipTemplateReference>>,
    /// Push notification providers and the apps they serve.
    pub push: PushConfig,
    /// Texts identities may send each other as notifications (`POST /Notifications`), by code.
    pub notification_texts: Vec<NotificationTextConfig>,
    /// Server-Sent-Events streams (`GET /api/v2/sse`).
    pub sse: SseConfig,
}

impl ApiConfig {
    /// The address domain as clients derive it: lowercase.
    pub fn address_domain(&self) -> String {
        self.did_domain.to_ascii_lowercase()
    }

    /// The address that replaces decomposed peers and deleted identities on this domain.
    pub fn anonymous_address(&self) -> IdentityAddress {
        IdentityAddress::anonymous(&self.address_domain())
    }
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            did_domain: "localhost".to_owned(),
            password_policy: PasswordPolicy::Production,
            lockout: LockoutConfig::default(),
            access_tokens: AccessTokenConfig::default(),
            pagination: PaginationConfig::default(),
            messages: MessagesConfig::default(),
            files: FilesConfig::default(),
            max_request_body_bytes: 20 * 1024 * 1024,
            tiers: vec!["Basic".to_owned()],
            clients: Vec::new(),
            cors_allowed_origins: Vec::new(),
            public_relationship_template_references: BTreeMap::new(),
            push: PushConfig::default(),
            notification_texts: Vec::new(),
            sse: SseConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LockoutConfig {
    /// Consecutive wrong passwords that lock a device out.
    pub max_failed_attempts: u32,
    /// How long a lockout lasts, in seconds.
    pub duration_seconds: u32,
}

impl Default for LockoutConfig {
    fn default() -> Self {
        Self { max_failed_attempts: 3, duration_seconds: 600 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AccessTokenConfig {
    /// Token lifetime in seconds (60 to 3600).
    pub lifetime_seconds: u32,
    /// The key that signs access tokens (at least 32 bytes). Landscapes generate one.
    pub signing_key: Secret,
}

impl Default for AccessTokenConfig {
    fn default() -> Self {
        Self { lifetime_seconds: 300, signing_key: Secret::default() }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PaginationConfig {
    pub default_page_size: u32,
    pub max_page_size: u32,
}

impl Default for PaginationConfig {
    fn default() -> Self {
        Self { default_page_size: 50, max_page_size: 200 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MessagesConfig {
    /// How many recipients one message may have.
    pub max_recipients: u32,
    /// How many of a sender's messages a recipient may leave unfetched before the sender must wait (1 to 100).
    pub max_unreceived_from_one_sender: u32,
}

impl Default for MessagesConfig {
    fn default() -> Self {
        Self { max_recipients: 20, max_unreceived_from_one_sender: 20 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FilesConfig {
    /// The largest file content in bytes. The default fits the official client's largest file
    /// (10 MiB of plaintext, about 13.4 MiB once encrypted and encoded) and stays below the body limit.
    pub max_content_bytes: usize,
}

impl Default for FilesConfig {
    fn default() -> Self {
        Self { max_content_bytes: 15 * 1024 * 1024 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OAuthClientConfig {
    pub client_id: String,
    pub client_secret: Secret,
    /// Shown to operators; defaults to the client id.
    #[serde(default)]
    pub display_name: Option<String>,
    /// The tier new identities of this client get.
    #[serde(default = "default_tier")]
    pub default_tier: String,
    /// How many identities the client may create; unlimited if absent.
    #[serde(default)]
    pub max_identities: Option<u32>,
}

fn default_tier() -> String {
    "Basic".to_owned()
}
