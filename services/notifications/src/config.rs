use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The text of an identity-to-identity notification (`POST /Notifications`), per language.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationTextConfig {
    /// What senders pass as `code`.
    pub code: String,
    /// Title and body per ISO 639-1 language code; `en` is required and the fallback.
    pub translations: BTreeMap<String, TranslationConfig>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationConfig {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SseConfig {
    /// Seconds between `keep-alive` events on an idle stream; proxies cut silent connections.
    pub keep_alive_seconds: u32,
    /// How often, in milliseconds, a process looks for new signals for the streams it holds even
    /// when no commit woke it (on SQLite, signals written by another process wait for this).
    pub poll_interval_ms: u32,
}

impl Default for SseConfig {
    fn default() -> Self {
        Self { keep_alive_seconds: 240, poll_interval_ms: 500 }
    }
}
