//! The `dummy` platform: logs what would be sent, for development.

use async_trait::async_trait;
use serde_json::Value;

use crate::{Notification, PushError, PushProvider, Registration};

/// Logs each notification at info level: the device and the event, never the handle.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogProvider;

#[async_trait]
impl PushProvider for LogProvider {
    fn supports_app(&self, _app_id: &str) -> bool {
        true
    }

    async fn send(&self, registration: &Registration, notification: &Notification) -> Result<(), PushError> {
        let event = notification
            .content
            .as_ref()
            .and_then(|content| content.get("eventName"))
            .and_then(Value::as_str);
        tracing::info!(
            device = %registration.device,
            app_id = %registration.app_id,
            event = event.unwrap_or("-"),
            visible = notification.text.is_some(),
            "push notification (dummy platform: logged, not sent)"
        );
        Ok(())
    }
}
