//! Spec §5.18: apps read the announcements to everybody and to their identity, in their language.

use std::collections::BTreeMap;

use backbone_domain::Clock as _;
use backbone_domain::IdentityAddress;
use backbone_domain::announcement::{Action, Announcement, Severity, Text};
use backbone_domain::id::AnnouncementId;
use reqwest::Method;
use serde_json::json;

use crate::harness::*;

fn announcement(id: &str, recipients: Vec<IdentityAddress>, server: &TestServer) -> Announcement {
    let text = |language: &str, title: &str| Text {
        language: language.into(),
        title: title.into(),
        body: format!("{title}!"),
    };
    Announcement {
        id: AnnouncementId::trusted(id.into()),
        created_at: server.clock.now(),
        expires_at: None,
        severity: Severity::High,
        is_silent: true,
        texts: vec![text("en", &format!("{id} en")), text("de", &format!("{id} de"))],
        actions: vec![Action {
            display_name: BTreeMap::from([("en".into(), "Read more".into()), ("de".into(), "Mehr".into())]),
            link: "https://example.org".into(),
        }],
        recipients,
        iql_query: None,
    }
}

#[tokio::test]
async fn an_identity_reads_the_announcements_to_everybody_and_to_it_in_its_language() {
    let server = TestServer::start().await;
    let (alice, bob) = (server.identity().await, server.identity().await);
    let mut conn = server.db.conn().await.unwrap();
    let to = |identity: &TestIdentity| vec![IdentityAddress::trusted(identity.address.clone())];
    for announcement in [
        announcement("ANCeverybodyeverybod", Vec::new(), &server),
        announcement("ANCalicealicealiceal", to(&alice), &server),
        announcement("ANCbobbobbobbobbobbo", to(&bob), &server),
    ] {
        backbone_store::announcements::insert(&mut conn, &announcement).await.unwrap();
    }
    let read = |language: &str| {
        server.authed(Method::GET, &format!("/api/v2/Announcements?language={language}"), &alice.token).send()
    };
    let german = assert_result(read("de").await.unwrap(), 200).await;
    let titles: Vec<&str> = german.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 2);
    assert!(
        titles.contains(&"ANCeverybodyeverybod de") && titles.contains(&"ANCalicealicealiceal de"),
        "{titles:?}"
    );
    assert_eq!(
        german[0]["actions"],
        json!([{"displayName": "Mehr", "link": "https://example.org", "iqlQuery": null}])
    );
    assert_eq!(german[0]["severity"], "High");
    let french = assert_result(read("fr").await.unwrap(), 200).await;
    assert!(french[0]["title"].as_str().unwrap().ends_with(" en"), "falls back to English: {french}");

    assert_error(read("xx").await.unwrap(), 400, "error.platform.validation.invalidPropertyValue").await;
    let missing = server.authed(Method::GET, "/api/v2/Announcements", &alice.token).send().await.unwrap();
    assert_error(missing, 400, "error.platform.inputCannotBeParsed").await;
    let anonymous = server.request(Method::GET, "/api/v2/Announcements?language=en").send().await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
}
