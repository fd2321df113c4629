//! Who may read and who may rotate each secret of a landscape's vault: components (the processes that
//! load it) and admin API roles (people and scripts). Every secret has a built-in policy; a landscape file
//! can replace either list under `[secrets.<name>]`:
//!
//! ```toml
//! [secrets.client-secret-app]
//! read = ["component:consumer-api", "role:operator"]
//! rotate = ["role:operator"]
//! ```
//!
//! The daemon enforces the roles on every call; processes enforce the components when they load secrets
//! (with the local vault this guards against mistakes, not against a process that holds the master key; in
//! Azure Key Vault the same split belongs in the vault's access policies).

use std::fmt;

use backbone_admin::wire::Role;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::components::Component;
use crate::db_credentials::DATABASE_CREDENTIAL;
use crate::secret_settings;
use crate::secrets::{CLIENT_SECRET_PREFIX, SIGNING_KEY};

/// Someone a policy names: `role:<role>` or `component:<component>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    Role(Role),
    Component(Component),
}

impl Principal {
    pub fn parse(text: &str) -> Result<Self, String> {
        let parsed = match text.split_once(':') {
            Some(("role", role)) => Role::parse(role).map(Principal::Role),
            Some(("component", component)) => Component::parse(component).map(Principal::Component),
            _ => None,
        };
        parsed.ok_or_else(|| {
            format!(
                "'{text}' names no one: use role:<operator|support|automation> or component:<{}>",
                Component::ALL.map(Component::name).join("|")
            )
        })
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Principal::Role(role) => write!(f, "role:{role}"),
            Principal::Component(component) => write!(f, "component:{}", component.name()),
        }
    }
}

impl Serialize for Principal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Principal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Principal::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Who may read a secret's value and who may put a new version of it (rotate or set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessPolicy {
    pub read: Vec<Principal>,
    pub rotate: Vec<Principal>,
}

impl AccessPolicy {
    pub fn may_read(&self, principal: Principal) -> bool {
        self.read.contains(&principal)
    }

    pub fn may_rotate(&self, principal: Principal) -> bool {
        self.rotate.contains(&principal)
    }

    /// The first of `users` (components that use the secret) that may not read it.
    pub fn first_denied(&self, users: &[Component]) -> Option<Component> {
        users.iter().copied().find(|user| !self.may_read(Principal::Component(*user)))
    }

    /// The built-in policy of a secret: the components that use it may read it; operators may read
    /// everything; automation may read the OAuth client secrets it hands to apps. Both may put new
    /// versions of every secret, which is what rotation scripts do. Support reads no value.
    pub fn built_in(secret: &str) -> Self {
        let (operator, automation) = (Principal::Role(Role::Operator), Principal::Role(Role::Automation));
        let mut read: Vec<Principal> = users(secret).into_iter().map(Principal::Component).collect();
        read.push(operator);
        if secret.starts_with(CLIENT_SECRET_PREFIX) {
            read.push(automation);
        }
        Self { read, rotate: vec![operator, automation] }
    }
}

/// The components that use a secret.
pub fn users(secret: &str) -> Vec<Component> {
    if secret == SIGNING_KEY || secret.starts_with(CLIENT_SECRET_PREFIX) {
        vec![Component::ConsumerApi]
    } else if secret == DATABASE_CREDENTIAL {
        Component::using_database()
    } else {
        secret_settings::users(secret)
    }
}
