//! Rotated PostgreSQL credentials for a landscape's instances. The landscape's `database.url` names the
//! administrator's connection (no password in configuration: trust, `~/.pgpass`, or the vault's
//! `database-admin-password`), which the daemon uses to migrate and to manage logins. Instances connect as
//! the login in the vault's `database-credential` (`user:password`), a member of the group role
//! `<database>_app`, which may read and write the tables but not change them.
//!
//! Rotation creates a new login and puts it in the vault; instances switch their pools to it within
//! seconds ([`crate::secrets::follow`]), closing connections of the old one as they come back; once the
//! grace window has passed the daemon drops the old login.

use std::num::NonZeroU32;

use aws_lc_rs::{digest, hmac, pbkdf2};
use backbone_domain::Secret;
use backbone_store::{Db, StoreError};
use backbone_vault::{SecretName, SecretStore, VaultError};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::secrets;

/// The vault's name of the instances' database login.
pub const DATABASE_CREDENTIAL: &str = "database-credential";

/// The vault's name of the administrator's password, if the database asks for one.
pub const DATABASE_ADMIN_PASSWORD: &str = "database-admin-password";

/// PostgreSQL's default for SCRAM verifiers.
const SCRAM_ITERATIONS: u32 = 4096;

/// PostgreSQL truncates longer names.
const MAX_NAME: usize = 63;

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("cannot manage the database's logins: {0}")]
    Store(#[from] StoreError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("the vault's {DATABASE_CREDENTIAL} is not `user:password`")]
    Malformed,
}

/// A database login as the vault keeps it.
pub struct Credential {
    pub user: String,
    pub password: Secret,
}

impl Credential {
    pub fn parse(value: &Secret) -> Result<Self, CredentialError> {
        let (user, password) = value.expose().split_once(':').ok_or(CredentialError::Malformed)?;
        Ok(Self { user: user.to_owned(), password: Secret::new(password) })
    }

    fn to_secret(&self) -> Secret {
        Secret::new(format!("{}:{}", self.user, self.password.expose()))
    }
}

/// Makes sure the group role has its privileges (after every migration) and the vault holds a login
/// that exists; creates the first one.
pub async fn provision(admin: &Db, vault: &dyn SecretStore) -> Result<(), CredentialError> {
    let group = group_role(&admin.database_name().await?);
    admin.grant_group(&group).await?;
    let name = SecretName::new(DATABASE_CREDENTIAL)?;
    match vault.current(&name).await {
        Ok(current) => {
            // A database restored or recreated without its logins gets the vault's back.
            let credential = Credential::parse(&current.value)?;
            if !admin.role_exists(&credential.user).await? {
                admin.create_login(&credential.user, &scram_verifier(&credential.password), &group).await?;
            }
        }
        Err(VaultError::NotFound(_)) => {
            let credential = create_login(admin, &group).await?;
            vault.put(&name, credential.to_secret(), "landscape").await?;
        }
        Err(error) => return Err(error.into()),
    }
    Ok(())
}

/// A new login in the group, with a random password; the value to put in the vault.
pub async fn new_login(admin: &Db) -> Result<Secret, CredentialError> {
    let group = group_role(&admin.database_name().await?);
    Ok(create_login(admin, &group).await?.to_secret())
}

async fn create_login(admin: &Db, group: &str) -> Result<Credential, CredentialError> {
    let suffix = format!("_{:08x}", rand::random::<u32>());
    let user = format!("{}{suffix}", truncate(group, MAX_NAME - suffix.len()));
    let password = secrets::generate();
    admin.create_login(&user, &scram_verifier(&password), group).await?;
    Ok(Credential { user, password })
}

/// Drops the login of a retired version.
pub async fn drop_login(admin: &Db, value: &Secret) -> Result<u64, CredentialError> {
    Ok(admin.drop_login(&Credential::parse(value)?.user).await?)
}

fn group_role(database: &str) -> String {
    format!("{}_app", truncate(database, MAX_NAME - "_app".len()))
}

fn truncate(name: &str, max: usize) -> &str {
    let mut end = name.len().min(max);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 7677, PostgreSQL's text form), so
/// that the password itself never travels in a statement.
fn scram_verifier(password: &Secret) -> String {
    let salt: [u8; 16] = rand::random();
    let mut salted = [0u8; 32];
    let iterations = NonZeroU32::new(SCRAM_ITERATIONS).unwrap_or(NonZeroU32::MIN);
    pbkdf2::derive(pbkdf2::PBKDF2_HMAC_SHA256, iterations, &salt, password.expose().as_bytes(), &mut salted);
    let key = hmac::Key::new(hmac::HMAC_SHA256, &salted);
    let client_key = hmac::sign(&key, b"Client Key");
    let stored_key = digest::digest(&digest::SHA256, client_key.as_ref());
    let server_key = hmac::sign(&key, b"Server Key");
    format!(
        "SCRAM-SHA-256${SCRAM_ITERATIONS}:{}${}:{}",
        STANDARD.encode(salt),
        STANDARD.encode(stored_key.as_ref()),
        STANDARD.encode(server_key.as_ref())
    )
}
