//! Which OAuth client secrets are accepted. By default the configured one, whose digest is stored with
//! the client. A landscape that keeps its secrets in a vault sets every active version instead, so that a
//! rotated secret and its predecessor both work through the grace window.

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

use backbone_domain::password::{client_secret_digest, digests_match};
use backbone_store::devices::OAuthClient;

#[derive(Default)]
pub struct ClientSecrets {
    /// Digests per client id; a client listed here accepts exactly these.
    accepted: RwLock<HashMap<String, Vec<String>>>,
}

impl ClientSecrets {
    /// The secrets a client accepts from now on.
    pub fn replace<'a>(&self, client_id: &str, secrets: impl IntoIterator<Item = &'a str>) {
        let digests = secrets.into_iter().map(client_secret_digest).collect();
        self.accepted.write().unwrap_or_else(PoisonError::into_inner).insert(client_id.to_owned(), digests);
    }

    pub(crate) fn accepts(&self, client: &OAuthClient, secret: &str) -> bool {
        let digest = client_secret_digest(secret);
        let accepted = self.accepted.read().unwrap_or_else(PoisonError::into_inner);
        match accepted.get(&client.client_id) {
            Some(digests) => digests.iter().any(|accepted| digests_match(accepted, &digest)),
            None => digests_match(&client.secret_sha256, &digest),
        }
    }
}
