//! Set-up shared by the tests: databases, unique names, and subscribers that record what they see.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use backbone_bus::{OutboxEntry, Subscriber, SubscriberError, Transport, TransportError};
use backbone_domain::events::DomainEvent;
use backbone_store::{Db, handled_events, outbox};
use sqlx::{AssertSqlSafe, Executor};
use tokio_util::sync::CancellationToken;

/// A name no other test (or test run) uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{prefix}_{}_{nanos}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The environment variable's value, or `None` after telling why the test skips.
pub fn env_or_skip(variable: &str) -> Option<String> {
    let value = std::env::var(variable).ok().filter(|value| !value.is_empty());
    if value.is_none() {
        eprintln!("skipped: set {variable} to run this test");
    }
    value
}

pub async fn sqlite() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("bus.db").display())).await.unwrap();
    db.migrate().await.unwrap();
    (db, dir)
}

/// A throwaway PostgreSQL database, dropped by [`Postgres::drop`].
pub struct Postgres {
    pub url: String,
    admin: Db,
    name: String,
}

impl Postgres {
    pub async fn create() -> Option<(Postgres, Db)> {
        let admin_url = env_or_skip("BACKBONE_TEST_POSTGRES_URL")?;
        let name = unique("backbone_bus_test");
        let admin = Db::connect(&admin_url).await.unwrap();
        admin.conn().await.unwrap().execute(AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.unwrap();
        let (base, _) = admin_url.rsplit_once('/').unwrap();
        let url = format!("{base}/{name}");
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        Some((Postgres { url, admin, name }, db))
    }

    pub async fn drop(self) {
        let sql = format!("DROP DATABASE {} WITH (FORCE)", self.name);
        self.admin.conn().await.unwrap().execute(AssertSqlSafe(sql)).await.unwrap();
        self.admin.close().await;
    }
}

pub fn event(n: usize) -> DomainEvent {
    DomainEvent::IdentityCreated { address: format!("address-{n}"), tier: "TIR".into() }
}

/// Commits `count` events, one transaction each, and returns their outbox ids.
pub async fn write(db: &Db, count: usize) -> Vec<i64> {
    let before = all_ids(db).await;
    for n in 0..count {
        let mut tx = db.begin().await.unwrap();
        outbox::append(&mut tx, &event(n), time::OffsetDateTime::UNIX_EPOCH).await.unwrap();
        tx.commit().await.unwrap();
    }
    all_ids(db).await.into_iter().filter(|id| !before.contains(id)).collect()
}

/// Dispatched or not: a running relay may have taken them already.
async fn all_ids(db: &Db) -> Vec<i64> {
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar("SELECT id FROM outbox ORDER BY id").fetch_all(&mut *conn).await.unwrap()
}

pub async fn pending_ids(db: &Db) -> Vec<i64> {
    let mut conn = db.conn().await.unwrap();
    outbox::pending(&mut conn, 10_000).await.unwrap().into_iter().map(|entry| entry.id).collect()
}

/// Polls `done` until it holds; fails the test after `timeout`.
pub async fn eventually(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < timeout, "timed out after {timeout:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Records ids in the order handled; fails an entry as often as `fail` says first.
#[derive(Default)]
pub struct Recorder {
    pub handled: Mutex<Vec<i64>>,
    pub attempts: Mutex<Vec<i64>>,
    pub fail: Mutex<HashMap<i64, u32>>,
}

impl Recorder {
    pub fn handled(&self) -> Vec<i64> {
        self.handled.lock().unwrap().clone()
    }
}

#[async_trait]
impl Subscriber for Recorder {
    fn name(&self) -> &'static str {
        "recorder"
    }

    async fn handle(&self, entry: &OutboxEntry) -> Result<(), SubscriberError> {
        self.attempts.lock().unwrap().push(entry.id);
        if let Some(left @ 1..) = self.fail.lock().unwrap().get_mut(&entry.id) {
            *left -= 1;
            return Err(SubscriberError("temporarily unavailable".into()));
        }
        self.handled.lock().unwrap().push(entry.id);
        Ok(())
    }
}

/// An idempotent subscriber like the real ones: records the id in `handled_events` in the
/// transaction of its effect, taking `work` for it. Optionally cancels `stop` once it has had as
/// many effects as it says.
pub struct Inbox {
    db: Db,
    work: Duration,
    pub calls: AtomicUsize,
    pub effects: AtomicUsize,
    stop: Option<(usize, CancellationToken)>,
}

impl Inbox {
    pub fn new(db: &Db, work: Duration, stop: Option<(usize, CancellationToken)>) -> Arc<Inbox> {
        let (calls, effects) = (AtomicUsize::new(0), AtomicUsize::new(0));
        Arc::new(Inbox { db: db.clone(), work, calls, effects, stop })
    }

    pub fn effects(&self) -> usize {
        self.effects.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl Subscriber for Inbox {
    fn name(&self) -> &'static str {
        "inbox"
    }

    async fn handle(&self, entry: &OutboxEntry) -> Result<(), SubscriberError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let failed = |error: backbone_store::StoreError| SubscriberError(error.to_string());
        let mut tx = self.db.begin().await.map_err(failed)?;
        let first = handled_events::record(&mut tx, self.name(), entry.id).await.map_err(failed)?;
        tokio::time::sleep(self.work).await;
        tx.commit().await.map_err(failed)?;
        if first {
            let effects = self.effects.fetch_add(1, Ordering::SeqCst) + 1;
            if let Some((after, stop)) = &self.stop
                && effects >= *after
            {
                stop.cancel();
            }
        }
        Ok(())
    }
}

/// The ids `Inbox` subscribers recorded in `db`, in order.
pub async fn handled_ids(db: &Db) -> Vec<i64> {
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar("SELECT event_id FROM handled_events WHERE subscriber = 'inbox' ORDER BY event_id")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
}

/// A transport that only counts what it is handed, taking `delay` per entry.
pub struct Counting {
    pub published: Mutex<Vec<i64>>,
    pub delay: Duration,
}

#[async_trait]
impl Transport for Counting {
    async fn publish(&self, entry: &OutboxEntry) -> Result<(), TransportError> {
        tokio::time::sleep(self.delay).await;
        self.published.lock().unwrap().push(entry.id);
        Ok(())
    }
}
