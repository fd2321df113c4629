use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

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
    /// Kept for the PostgreSQL notification listener, which needs its own connection.
    url: Secret,
    wakers: Arc<Wakers>,
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
        let pool = AnyPoolOptions::new()
            .max_connections(engine.max_connections())
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(10))
            .idle_timeout(Duration::from_secs(300))
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
        Ok(Db { pool, engine, url: Secret::new(url), wakers: Arc::default() })
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
        let all = || engine.migrator().iter().map(|migration| (migration.version, &migration.description));
        let describe = |(version, description): (i64, &std::borrow::Cow<'static, str>)| {
            format!("{version} {description}")
        };
        let sqlite_file =
            url.strip_prefix("sqlite://").map(|rest| rest.split('?').next().unwrap_or_default());
        if sqlite_file.is_some_and(|path| !path.is_empty() && !std::path::Path::new(path).exists()) {
            return Ok(all().map(describe).collect());
        }
        let db = Db::connect(url).await?;
        let exists = match engine {
            Engine::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
            Engine::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '_sqlx_migrations'"
            }
        };
        let applied: Vec<i64> = if sqlx::query_scalar::<_, i64>(exists).fetch_one(&db.pool).await? > 0 {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&db.pool)
                .await?
        } else {
            Vec::new()
        };
        db.close().await;
        Ok(all().filter(|(version, _)| !applied.contains(version)).map(describe).collect())
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
            self.wakers.listen(&self.url);
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
