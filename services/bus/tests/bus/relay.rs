//! The relay delivers committed events, in order, at least once, and nothing that was rolled back.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use backbone_bus::{InProcess, OutboxEntry, Relay, Subscriber, SubscriberError};
use backbone_domain::SystemClock;
use backbone_domain::events::DomainEvent;
use backbone_store::{Db, outbox};
use tokio_util::sync::CancellationToken;

#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<DomainEvent>>,
    fail_next: Mutex<bool>,
}

#[async_trait]
impl Subscriber for Recorder {
    fn name(&self) -> &'static str {
        "recorder"
    }

    async fn handle(&self, entry: &OutboxEntry) -> Result<(), SubscriberError> {
        let mut fail = self.fail_next.lock().unwrap();
        if *fail {
            *fail = false;
            return Err(SubscriberError("temporarily unavailable".into()));
        }
        self.seen.lock().unwrap().push(entry.event.clone());
        Ok(())
    }
}

fn event(n: u32) -> DomainEvent {
    DomainEvent::IdentityCreated { address: format!("address-{n}"), tier: "TIR".into() }
}

async fn setup() -> (Db, Arc<Recorder>, Relay, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("bus.db").display())).await.unwrap();
    db.migrate().await.unwrap();
    let recorder = Arc::new(Recorder::default());
    let transport = Arc::new(InProcess::new(vec![recorder.clone()]));
    let relay = Relay::new(db.clone(), transport, Arc::new(SystemClock));
    (db, recorder, relay, dir)
}

async fn write(db: &Db, events: &[DomainEvent], commit: bool) {
    let mut tx = db.begin().await.unwrap();
    for event in events {
        outbox::append(&mut tx, event, time::OffsetDateTime::UNIX_EPOCH).await.unwrap();
    }
    if commit {
        tx.commit().await.unwrap();
    }
}

#[tokio::test]
async fn delivers_committed_events_in_order_and_skips_rolled_back_ones() {
    let (db, recorder, relay, _dir) = setup().await;
    write(&db, &[event(1), event(2)], true).await;
    write(&db, &[event(3)], false).await;
    assert_eq!(relay.dispatch_pending().await.unwrap(), 2);
    assert_eq!(relay.dispatch_pending().await.unwrap(), 0);
    assert_eq!(*recorder.seen.lock().unwrap(), vec![event(1), event(2)]);
}

#[tokio::test]
async fn a_failed_delivery_is_retried() {
    let (db, recorder, relay, _dir) = setup().await;
    write(&db, &[event(1), event(2)], true).await;
    *recorder.fail_next.lock().unwrap() = true;
    assert!(relay.dispatch_pending().await.is_err());
    assert_eq!(relay.dispatch_pending().await.unwrap(), 2);
    assert_eq!(*recorder.seen.lock().unwrap(), vec![event(1), event(2)]);
}

#[tokio::test]
async fn a_running_relay_dispatches_as_soon_as_a_transaction_commits() {
    let (db, recorder, relay, _dir) = setup().await;
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(relay.run(shutdown.clone()));
    write(&db, &[event(7)], true).await;
    for _ in 0..200 {
        if !recorder.seen.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(*recorder.seen.lock().unwrap(), vec![event(7)]);
    shutdown.cancel();
    running.await.unwrap();
}
