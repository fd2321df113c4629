use std::collections::HashMap;
use std::sync::Arc;

use crate::{Platform, PushProvider};

/// The configured provider of each platform. Server-Sent Events are not among them: their
/// signals go through the database to whichever process holds the device's stream.
#[derive(Clone, Default)]
pub struct Providers {
    by_platform: HashMap<Platform, Arc<dyn PushProvider>>,
}

impl Providers {
    pub fn with(mut self, platform: Platform, provider: Arc<dyn PushProvider>) -> Self {
        self.by_platform.insert(platform, provider);
        self
    }

    pub fn get(&self, platform: Platform) -> Option<&Arc<dyn PushProvider>> {
        self.by_platform.get(&platform)
    }

    /// Whether a device may register for `platform` with `app_id`.
    pub fn accepts(&self, platform: Platform, app_id: &str) -> bool {
        platform == Platform::Sse || self.get(platform).is_some_and(|provider| provider.supports_app(app_id))
    }
}
