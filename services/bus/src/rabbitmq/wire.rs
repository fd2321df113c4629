//! The message body: `{"id": 42, "createdAt": "2026-01-01T12:00:00.123Z", "event": {"type": …}}`.

use backbone_domain::events::DomainEvent;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::OutboxEntry;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message<E> {
    id: i64,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    event: E,
}

pub(super) fn encode(entry: &OutboxEntry) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(&Message { id: entry.id, created_at: entry.created_at, event: &entry.event })
}

pub(super) fn decode(body: &[u8]) -> Result<OutboxEntry, serde_json::Error> {
    let message: Message<DomainEvent> = serde_json::from_slice(body)?;
    Ok(OutboxEntry { id: message.id, event: message.event, created_at: message.created_at })
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn round_trips_and_reads_as_documented() {
        let entry = OutboxEntry {
            id: 42,
            event: DomainEvent::IdentityCreated { address: "did:e:a".into(), tier: "TIR".into() },
            created_at: datetime!(2026-01-01 12:00:00.123 UTC),
        };
        let body = encode(&entry).unwrap();
        assert_eq!(
            String::from_utf8(body.clone()).unwrap(),
            r#"{"id":42,"createdAt":"2026-01-01T12:00:00.123Z","event":{"type":"IdentityCreated","address":"did:e:a","tier":"TIR"}}"#
        );
        assert_eq!(decode(&body).unwrap(), entry);
        assert!(decode(b"{\"id\":1}").is_err());
    }
}
