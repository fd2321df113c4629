//! The relay over a PostgreSQL outbox shared by several relays, as with several API replicas and
//! the event handler each running one.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use backbone_bus::{InProcess, Relay};
use backbone_domain::SystemClock;
use backbone_store::Db;

use crate::support::{Counting, Inbox, Postgres, handled_ids, pending_ids, write};

async fn drain(relay: &Relay) {
    while relay.dispatch_pending().await.unwrap() > 0 {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_relays_over_one_outbox_publish_each_entry_once() {
    let Some((postgres, db)) = Postgres::create().await else { return };
    let ids = write(&db, 250).await;
    // Two pools, like two processes; the delay keeps each relay's batch claimed for a while.
    let other_db = Db::connect(&postgres.url).await.unwrap();
    let transport =
        |delay| Arc::new(Counting { published: Mutex::new(Vec::new()), delay: Duration::from_millis(delay) });
    let (first, second) = (transport(2), transport(3));
    let relays = (
        Relay::new(db.clone(), first.clone(), Arc::new(SystemClock)),
        Relay::new(other_db.clone(), second.clone(), Arc::new(SystemClock)),
    );

    tokio::join!(drain(&relays.0), drain(&relays.1));

    let (first, second) = (first.published.lock().unwrap().clone(), second.published.lock().unwrap().clone());
    assert!(!first.is_empty() && !second.is_empty(), "both relays took part: {first:?} {second:?}");
    for published in [&first, &second] {
        assert!(published.is_sorted(), "each relay publishes in order");
    }
    let mut all = [first, second].concat();
    all.sort_unstable();
    assert_eq!(all, ids, "every entry published exactly once");
    assert!(pending_ids(&db).await.is_empty());
    other_db.close().await;
    db.close().await;
    postgres.drop().await;
}

#[tokio::test]
async fn in_process_subscribers_write_to_the_database_while_the_relay_holds_its_batch() {
    let Some((postgres, db)) = Postgres::create().await else { return };
    let ids = write(&db, 30).await;
    let inbox = Inbox::new(&db, Duration::ZERO, None);
    let relay = Relay::new(db.clone(), Arc::new(InProcess::new(vec![inbox.clone()])), Arc::new(SystemClock));

    drain(&relay).await;

    assert_eq!(handled_ids(&db).await, ids);
    assert_eq!(inbox.effects(), ids.len());
    assert!(pending_ids(&db).await.is_empty());
    db.close().await;
    postgres.drop().await;
}
