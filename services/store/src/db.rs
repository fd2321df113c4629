use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use backbone_domain::Secret;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Transaction};
use tokio::sync::Notify;

use crate::StoreError;
use crate::wake::{Wake, Wakers};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

/// The database engines the Backbone runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> Result<Engine, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Engine::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// SQLite upgrades a deferred transaction's read lock to a write lock only if nobody wrote in
    /// between, and fails otherwise; taking the write lock up front makes writers queue instead.
    fn begin_write_statement(self) -> &'static str {
        match self {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN",
        }
    }

    fn max_connections(self) -> u32 {
        match self {
            Engine::Sqlite => 8,
            Engine::Postgres => 16,
        }
    }
}

/// A pool of connections to one database.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    engine: Engine,
    wakers: Arc<Wakers>,
    /// When the credential last changed: connections opened before are closed instead of reused.
    switched_at: Arc<Mutex<Option<Instant>>>,
}

/// A write transaction; dropped without [`Tx::commit`] it rolls back.
pub struct Tx {
    inner: Transaction<'static, Any>,
    engine: Engine,
    wrote: Vec<Wake>,
    wakers: Arc<Wakers>,
}

impl Db {
    /// Connects and, for SQLite, creates the database file if it does not exist yet.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url)?;
        let url = match engine {
            Engine::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let switched_at: Arc<Mutex<Option<Instant>>> = Arc::default();
        let (before_acquire, after_release) = (switched_at.clone(), switched_at.clone());
        let pool = AnyPoolOptions::new()
            .max_connections(engine.max_connections())
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(10))
            .idle_timeout(Duration::from_secs(300))
            .before_acquire(move |_, connection| {
                let current = opened_since_switch(&before_acquire, connection.age);
                Box::pin(async move { Ok(current) })
            })
            .after_release(move |_, connection| {
                let current = opened_since_switch(&after_release, connection.age);
                Box::pin(async move { Ok(current) })
            })
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        connection
                            .execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Db { pool, engine, wakers: Arc::new(Wakers::new(Secret::new(url))), switched_at })
    }

    /// Connects from now on as `user` with `password` (a rotated database credential): new connections
    /// use them, and connections opened with the old ones close when next released or acquired, so that
    /// no query in flight fails and the old credential can be retired once its sessions are gone.
    pub fn set_credential(&self, user: &str, password: &Secret) -> Result<(), StoreError> {
        let url = with_credential(self.wakers.url().expose(), Some(user), password)?;
        self.pool.set_connect_options(AnyConnectOptions::from_str(url.expose())?);
        *self.switched_at.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
        self.wakers.set_url(url);
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Applies the engine's pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.engine.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// The migrations [`Db::migrate`] would apply to the database at `url`, as `<version> <description>`,
    /// without changing anything: a SQLite file that does not exist yet is not created.
    pub async fn pending_migrations(url: &str) -> Result<Vec<String>, StoreError> {
        let engine = Engine::from_url(url)?;
        let sqlite_file =
            url.strip_prefix("sqlite://").map(|rest| rest.split('?').next().unwrap_or_default());
        if sqlite_file.is_some_and(|path| !path.is_empty() && !std::path::Path::new(path).exists()) {
            return Ok(engine.migrator().iter().map(describe).collect());
        }
        let db = Db::connect(url).await?;
        let pending = db.pending().await;
        db.close().await;
        pending
    }

    /// The migrations this database lacks, as `<version> <description>`; changes nothing.
    pub async fn pending(&self) -> Result<Vec<String>, StoreError> {
        let exists = match self.engine {
            Engine::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
            Engine::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '_sqlx_migrations'"
            }
        };
        let applied: Vec<i64> = if sqlx::query_scalar::<_, i64>(exists).fetch_one(&self.pool).await? > 0 {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await?
        } else {
            Vec::new()
        };
        Ok(self
            .engine
            .migrator()
            .iter()
            .filter(|migration| !applied.contains(&migration.version))
            .map(describe)
            .collect())
    }

    /// A connection for reads outside a transaction.
    pub async fn conn(&self) -> Result<PoolConnection<Any>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let inner = self.pool.begin_with(self.engine.begin_write_statement()).await?;
        Ok(Tx { inner, engine: self.engine, wrote: Vec::new(), wakers: self.wakers.clone() })
    }

    /// Notified whenever a transaction that wrote what `wake` names commits, in this process or, on
    /// PostgreSQL, in any process: waiters act at once instead of at their next poll.
    pub fn wake_on(&self, wake: Wake) -> Arc<Notify> {
        if self.engine == Engine::Postgres {
            self.wakers.listen();
        }
        self.wakers.get(wake)
    }

    /// Whether the database answers; for readiness checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut connection = self.pool.acquire().await?;
        connection.ping().await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.wakers.stop_listening();
        self.pool.close().await;
    }
}

/// A database URL with `password` (and `user`, if given) in place of its credential.
pub fn with_credential(url: &str, user: Option<&str>, password: &Secret) -> Result<Secret, StoreError> {
    let mut url = url::Url::parse(url).map_err(|_| StoreError::UnsupportedUrl)?;
    if let Some(user) = user {
        url.set_username(user).map_err(|()| StoreError::UnsupportedUrl)?;
    }
    url.set_password(Some(password.expose())).map_err(|()| StoreError::UnsupportedUrl)?;
    Ok(Secret::new(String::from(url)))
}

/// Whether a database URL carries a password.
pub fn has_password(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|url| url.password().is_some())
}

/// A migration as `<version> <description>`.
fn describe(migration: &sqlx::migrate::Migration) -> String {
    format!("{} {}", migration.version, migration.description)
}

/// Whether a connection of this `age` was opened after the last credential switch.
fn opened_since_switch(switched_at: &Mutex<Option<Instant>>, age: Duration) -> bool {
    let switched_at = *switched_at.lock().unwrap_or_else(PoisonError::into_inner);
    switched_at
        .is_none_or(|switched_at| Instant::now().checked_sub(age).is_some_and(|opened| opened >= switched_at))
}

impl Tx {
    pub async fn commit(mut self) -> Result<(), StoreError> {
        if self.engine == Engine::Postgres {
            // Delivered by PostgreSQL when, and only if, the transaction commits.
            for wake in &self.wrote {
                sqlx::query("SELECT pg_notify($1, '')")
                    .bind(wake.channel())
                    .execute(&mut *self.inner)
                    .await?;
            }
        }
        self.inner.commit().await?;
        for wake in self.wrote {
            self.wakers.wake(wake);
        }
        Ok(())
    }

    /// Records that this transaction wrote what `wake` names, to wake its waiters on commit.
    pub(crate) fn mark_written(&mut self, wake: Wake) {
        if !self.wrote.contains(&wake) {
            self.wrote.push(wake);
        }
    }
}

impl Deref for Tx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}
