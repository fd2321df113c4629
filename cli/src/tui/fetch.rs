//! Carries out the console's [`Request`]s against the admin API.

use backbone_admin::AdminClient;

use super::app::{IdentityData, Loaded, Request};

/// The first page of each list is what the identity page shows; the CLI pages through the rest.
const FIRST_PAGE: u32 = 1;

pub async fn fetch(client: &AdminClient, request: Request) -> Loaded {
    match load(client, request).await {
        Ok(loaded) => loaded,
        Err(error) => Loaded::Failed(format!("{error:#}")),
    }
}

async fn load(client: &AdminClient, request: Request) -> anyhow::Result<Loaded> {
    Ok(match request {
        Request::Landscapes => Loaded::Landscapes(client.landscapes().await?),
        Request::Status(landscape) => Loaded::Status(client.status(&landscape).await?),
        Request::Traffic(landscape) => Loaded::Traffic(client.traffic(&landscape).await?),
        Request::Search { landscape, text } => Loaded::Found(client.support(&landscape).search(&text).await?),
        Request::Identity { landscape, address } => {
            let support = client.support(&landscape);
            Loaded::Identity(Box::new(IdentityData {
                details: support.identity(&address).await?,
                relationships: support.relationships(&address, FIRST_PAGE).await?.result,
                incoming: support.messages(&address, true, FIRST_PAGE).await?.result,
                outgoing: support.messages(&address, false, FIRST_PAGE).await?.result,
                files: support.files(&address).await?,
                tokens: support.tokens(&address, FIRST_PAGE).await?.result,
                templates: support.templates(&address).await?,
                deletion: support.deletion_processes(&address).await?,
            }))
        }
        Request::Relationship { landscape, id } => {
            Loaded::Relationship(Box::new(client.support(&landscape).relationship(&id).await?))
        }
        Request::Tiers(landscape) => Loaded::Tiers(client.support(&landscape).tiers().await?),
        Request::SetTier { landscape, address, tier } => {
            client.support(&landscape).set_tier(&address, &tier).await?;
            Loaded::Changed(format!("{address} moved to tier {tier}."))
        }
        Request::UnlockToken { landscape, token, .. } => {
            client.support(&landscape).unlock_token(&token).await?;
            Loaded::Changed(format!("Token {token} unlocked."))
        }
    })
}
