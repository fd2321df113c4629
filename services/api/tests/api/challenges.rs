//! Spec §5.2 and the §16 rows of `Challenges/POST` and `Challenges/{id}/GET`.

use backbone_domain::entities::Challenge;
use backbone_domain::id::ChallengeId;
use reqwest::Method;
use serde_json::Value;
use time::Duration;

use crate::harness::*;

#[tokio::test]
async fn anonymous_challenges_have_no_creator() {
    let server = TestServer::start().await;
    let challenge = server.challenge(None).await;
    assert!(challenge["id"].as_str().unwrap().starts_with("CHL"));
    assert_eq!(challenge["createdBy"], Value::Null);
    assert_eq!(challenge["createdByDevice"], Value::Null);
    let expires_at = backbone_proto::date::parse(challenge["expiresAt"].as_str().unwrap()).unwrap();
    assert!(expires_at > server.clock_now());
}

#[tokio::test]
async fn authenticated_challenges_record_their_creator_and_can_be_read() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let challenge = server.challenge(Some(&identity.token)).await;
    assert_eq!(challenge["createdBy"], identity.address.as_str());
    assert_eq!(challenge["createdByDevice"], identity.device_id.as_str());
    let path = format!("/api/v2/Challenges/{}", challenge["id"].as_str().unwrap());
    let read =
        assert_result(server.authed(Method::GET, &path, &identity.token).send().await.unwrap(), 200).await;
    assert_eq!(read, challenge);
}

#[tokio::test]
async fn unknown_invalid_and_long_expired_challenges() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let get =
        |id: &str| server.authed(Method::GET, &format!("/api/v2/Challenges/{id}"), &identity.token).send();
    assert_error(get("CHLthisisnonexisting").await.unwrap(), 404, "error.platform.recordNotFound").await;
    assert_error(
        get("DVCthisisnonexisting").await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;

    let challenge = Challenge {
        id: ChallengeId::generate(&mut rand::rng()),
        expires_at: server.clock_now() - Duration::minutes(61),
        created_by: None,
        created_by_device: None,
    };
    backbone_store::challenges::insert(&mut server.db.conn().await.unwrap(), &challenge).await.unwrap();
    assert_error(get(challenge.id.as_str()).await.unwrap(), 404, "error.platform.recordNotFound").await;

    let response =
        server.request(Method::GET, "/api/v2/Challenges/CHLthisisnonexisting").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
}

impl TestServer {
    pub fn clock_now(&self) -> time::OffsetDateTime {
        use backbone_domain::Clock as _;
        self.clock.now()
    }
}
