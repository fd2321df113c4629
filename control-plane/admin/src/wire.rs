//! The admin API's request and response bodies. The serialised form is the stable schema of the CLI's
//! `-o json`/`-o yaml` output: snake_case names, RFC 3339 UTC times, absent values as `null`. Fields may be
//! added; existing ones keep their name and meaning.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

pub use backbone_supervisor::{InstanceSnapshot, InstanceState};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including tokens, the audit log and stopping the daemon.
    Operator,
    /// Read-only: landscapes, their status and plans; later, account inspection.
    Support,
    /// What scripts need: landscapes' lifecycle, scaling, secret rotation; no tokens, no audit log.
    Automation,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Operator, Role::Support, Role::Automation];

    pub fn name(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Support => "support",
            Role::Automation => "automation",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a landscape is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LandscapeState {
    Stopped,
    /// Migrating, then starting components in dependency order.
    Starting,
    Running,
    Stopping,
    /// The last start failed; `error` says why.
    Failed,
}

impl LandscapeState {
    pub fn name(self) -> &'static str {
        match self {
            LandscapeState::Stopped => "stopped",
            LandscapeState::Starting => "starting",
            LandscapeState::Running => "running",
            LandscapeState::Stopping => "stopping",
            LandscapeState::Failed => "failed",
        }
    }
}

/// A landscape as `landscape list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LandscapeSummary {
    pub name: String,
    /// The profile of defaults it was made from: `dev`, `stage` or `prod`.
    pub kind: String,
    pub state: LandscapeState,
    /// The public URL (the gateway's, or the Consumer API's in a one-process landscape) while it runs.
    pub url: Option<String>,
    /// When a temporary landscape is destroyed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

/// A landscape in detail, as `landscape status` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LandscapeStatus {
    pub name: String,
    pub kind: String,
    pub state: LandscapeState,
    pub url: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// Why the last start failed.
    pub error: Option<String>,
    /// Where its database, files, secrets and logs live.
    pub state_dir: PathBuf,
    /// In dependency order.
    pub components: Vec<ComponentStatus>,
}

impl LandscapeStatus {
    pub fn component(&self, name: &str) -> Option<&ComponentStatus> {
        self.components.iter().find(|component| component.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentStatus {
    pub name: String,
    pub desired_replicas: usize,
    pub ready_replicas: usize,
    /// The policy the daemon scales this component by, if any.
    pub autoscale: Option<AutoscaleStatus>,
    /// The supervisor's view of each instance (see `backbone_supervisor::snapshot` for the schema).
    pub instances: Vec<InstanceSnapshot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoscaleStatus {
    pub min: usize,
    pub max: usize,
    pub target_cpu_percent: f64,
    /// The average CPU use of the ready instances at the last evaluation, in percent of one core.
    pub cpu_percent: Option<f64>,
}

/// How to reach a running landscape as a client: its URL and OAuth client.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct LandscapeInfo {
    pub landscape: String,
    pub consumer_api_url: String,
    pub client_id: String,
    /// Absent when the client secret's policy does not let the caller's role read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    pub state_dir: PathBuf,
}

impl fmt::Debug for LandscapeInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LandscapeInfo")
            .field("landscape", &self.landscape)
            .field("consumer_api_url", &self.consumer_api_url)
            .field("client_id", &self.client_id)
            .field("state_dir", &self.state_dir)
            .finish_non_exhaustive()
    }
}

/// What `up` adds to the landscape file's settings for this run.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpRequest {
    /// A TOML configuration file layered over the landscape's settings.
    pub config_file: Option<PathBuf>,
    /// Overrides where the landscape listens.
    pub listen: Option<String>,
    /// `BACKBONE_*` variables of the caller, which its instances see as if started by the caller. Values
    /// may be secrets (a database URL): `Debug` shows only the names.
    pub env: BTreeMap<String, String>,
}

impl fmt::Debug for UpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpRequest")
            .field("config_file", &self.config_file)
            .field("listen", &self.listen)
            .field("env", &self.env.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// `landscape create`: a temporary landscape copied from another one's file, with its own state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateRequest {
    pub name: String,
    /// The landscape whose file is copied.
    pub from: String,
    /// Destroyed, data and processes, this long after creation.
    pub ttl_seconds: Option<u64>,
    /// Started right away with these settings.
    pub up: UpRequest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleRequest {
    pub replicas: usize,
}

/// What `up` would change, as `landscape plan` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub landscape: String,
    pub state: LandscapeState,
    pub changes: Vec<PlanChange>,
    /// Database migrations `up` would apply; `null` when the database cannot be read.
    pub pending_migrations: Option<Vec<String>>,
}

impl Plan {
    /// Whether `up` would change anything.
    pub fn is_empty(&self) -> bool {
        self.changes.iter().all(|change| change.action == PlanAction::None)
            && self.pending_migrations.as_ref().is_none_or(Vec::is_empty)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanChange {
    pub component: String,
    /// Instances wanted now (0 when not running).
    pub current: usize,
    /// Instances the landscape file asks for.
    pub desired: usize,
    pub action: PlanAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    None,
    Start,
    ScaleUp,
    ScaleDown,
}

impl PlanAction {
    pub fn name(self) -> &'static str {
        match self {
            PlanAction::None => "none",
            PlanAction::Start => "start",
            PlanAction::ScaleUp => "scale up",
            PlanAction::ScaleDown => "scale down",
        }
    }
}

/// One mutating call, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The token's name, or `daemon` for what the daemon does on its own (expiry, autoscaling).
    pub actor: String,
    pub role: Option<Role>,
    /// `landscape.up`, `landscape.scale`, `token.create`, …
    pub action: String,
    /// What it acted on: a landscape, `landscape/component`, a token name.
    pub target: String,
    /// The HTTP status of the answer.
    pub status: u16,
    /// Call-specific detail without secrets, e.g. `{"replicas": 4}`.
    pub detail: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRequest {
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub name: String,
    pub role: Role,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// The answer to a token creation: the only time the token itself is shown.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenCreated {
    pub name: String,
    pub role: Role,
    pub token: String,
}

impl fmt::Debug for TokenCreated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCreated")
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DaemonInfo {
    pub version: String,
    pub pid: u32,
    pub url: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    /// The role of the token that asked.
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, for scripts: `unauthenticated`, `forbidden`, `not_found`, `conflict`, `invalid`, `unavailable`,
    /// `internal`.
    pub code: String,
    pub message: String,
}

/// A secret of a landscape's vault, as `vault list` shows it; never its value.
/// What `vault scan` looked at, and every place a secret value turned up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeakScan {
    pub files_scanned: usize,
    pub bytes_scanned: u64,
    /// How many values it looked for.
    pub secrets_checked: usize,
    pub findings: Vec<LeakFinding>,
}

/// A secret value in a log: where, and which secret; never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeakFinding {
    pub file: PathBuf,
    pub line: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landscape: Option<String>,
    pub secret: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// Who may read and rotate a secret: `role:<role>` and `component:<component>` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretPolicySummary {
    pub secret: String,
    pub read: Vec<String>,
    pub rotate: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotate_every: Option<String>,
    /// Whether the landscape file sets who may read or rotate it; otherwise the built-in policy applies.
    pub from_landscape_file: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecretSummary {
    pub name: String,
    pub current_version: String,
    /// When the current version was made.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Versions in all states.
    pub versions: usize,
}

/// One version of a secret, as `vault history` shows it; never its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecretVersionSummary {
    pub version: String,
    /// `current`, `previous` (still accepted) or `retired`.
    pub state: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub retired_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotateRequest {
    /// Say what would happen without doing it.
    pub dry_run: bool,
}

/// What a rotation did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rotation {
    pub landscape: String,
    pub secret: String,
    /// The new current version; `null` on a dry run.
    pub version: Option<String>,
    /// The version it replaces, which stays accepted until `previous_retired_after`.
    pub previous_version: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub previous_retired_after: Option<OffsetDateTime>,
    pub dry_run: bool,
}

/// A secret's current value, for `vault show --reveal` (operator role only).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct RevealedSecret {
    pub secret: String,
    pub version: String,
    pub value: String,
}

impl fmt::Debug for RevealedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RevealedSecret")
            .field("secret", &self.secret)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// `vault set`: the value of a new version.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SetSecretRequest {
    pub value: String,
}

impl fmt::Debug for SetSecretRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetSecretRequest").finish_non_exhaustive()
    }
}
