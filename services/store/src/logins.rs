//! PostgreSQL login roles for rotated database credentials. A landscape's instances connect as a login
//! role that is a member of one group role holding their privileges (reading and writing the tables, not
//! changing them); rotating the credential creates a new login in the group, and retiring it drops the
//! old one. These statements run on an administrator's connection (the one that migrates).
//!
//! Role names are quoted and passwords sent as SCRAM verifiers by PostgreSQL's own `format()`, so that
//! nothing is spliced into SQL here and no password reaches the server's statement log.

use sqlx::AssertSqlSafe;

use crate::{AnyConnection, Db, Engine, StoreError};

impl Db {
    /// The database's name, from which the group role is named.
    pub async fn database_name(&self) -> Result<String, StoreError> {
        self.require_postgres()?;
        Ok(sqlx::query_scalar("SELECT current_database()::text").fetch_one(&mut *self.conn().await?).await?)
    }

    /// Creates the group role if it is missing and grants it what the Backbone's statements need on every
    /// table and sequence; run after each migration, so that new tables are covered.
    pub async fn grant_group(&self, group: &str) -> Result<(), StoreError> {
        let exists = self.role_exists(group).await?;
        let mut conn = self.conn().await?;
        if !exists {
            run_formatted(&mut conn, "CREATE ROLE %I NOLOGIN", &[group]).await?;
        }
        for grant in [
            "GRANT USAGE ON SCHEMA public TO %I",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I",
            "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I",
        ] {
            run_formatted(&mut conn, grant, &[group]).await?;
        }
        Ok(())
    }

    /// Whether a role of this name exists.
    pub async fn role_exists(&self, role: &str) -> Result<bool, StoreError> {
        self.require_postgres()?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_roles WHERE rolname = $1")
            .bind(role)
            .fetch_one(&mut *self.conn().await?)
            .await?;
        Ok(count > 0)
    }

    /// Creates a login role in `group` whose password has the SCRAM-SHA-256 `verifier`.
    pub async fn create_login(&self, user: &str, verifier: &str, group: &str) -> Result<(), StoreError> {
        self.require_postgres()?;
        let template = "CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I";
        run_formatted(&mut *self.conn().await?, template, &[user, verifier, group]).await
    }

    /// Retires a login: no new sessions, its remaining ones ended, the role dropped. Returns how many
    /// sessions were still open.
    pub async fn drop_login(&self, user: &str) -> Result<u64, StoreError> {
        if !self.role_exists(user).await? {
            return Ok(0);
        }
        let mut conn = self.conn().await?;
        run_formatted(&mut conn, "ALTER ROLE %I NOLOGIN", &[user]).await?;
        let ended: Vec<bool> = sqlx::query_scalar(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()",
        )
        .bind(user)
        .fetch_all(&mut *conn)
        .await?;
        run_formatted(&mut conn, "DROP ROLE IF EXISTS %I", &[user]).await?;
        Ok(ended.len() as u64)
    }

    fn require_postgres(&self) -> Result<(), StoreError> {
        match self.engine() {
            Engine::Postgres => Ok(()),
            Engine::Sqlite => Err(StoreError::UnsupportedUrl),
        }
    }
}

/// Runs the statement PostgreSQL's `format(template, arguments…)` makes: `%I` quotes a name, `%L` a value.
async fn run_formatted(
    conn: &mut AnyConnection,
    template: &str,
    arguments: &[&str],
) -> Result<(), StoreError> {
    let placeholders: Vec<String> = (2..arguments.len() + 2).map(|index| format!("${index}")).collect();
    let select = format!("SELECT format($1, {})", placeholders.join(", "));
    let mut query = sqlx::query_scalar::<_, String>(AssertSqlSafe(select)).bind(template);
    for argument in arguments {
        query = query.bind(*argument);
    }
    let statement = query.fetch_one(&mut *conn).await?;
    sqlx::query(AssertSqlSafe(statement)).execute(&mut *conn).await?;
    Ok(())
}
