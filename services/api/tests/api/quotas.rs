//! Spec §5.17 and §11: quotas are enforced before what they count is created, and the caller sees them with
//! their usage.

use backbone_domain::Clock as _;
use backbone_domain::IdentityAddress;
use backbone_domain::quota::{Metric, Period, Quota, Source};
use backbone_proto::date;
use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::*;

/// 32 bytes, base64url: a plausible encrypted key.
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

async fn give(server: &TestServer, owner: &str, source: Source, metric: Metric, max: i64, period: Period) {
    let id = match source {
        Source::Tier => format!("TQD{:017}", rand::random::<u32>()),
        Source::Individual => format!("QUO{:017}", rand::random::<u32>()),
    };
    let quota = Quota { id, source, metric, max, period };
    backbone_store::quotas::insert(&mut server.db.conn().await.unwrap(), owner, &quota).await.unwrap();
}

async fn send(server: &TestServer, from: &TestIdentity, to: &TestIdentity) -> reqwest::Response {
    let body = json!({"recipients": [{"address": to.address, "encryptedKey": KEY}], "body": "AQID", "attachments": []});
    server.authed(Method::POST, "/api/v2/Messages", &from.token).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn a_used_up_quota_refuses_with_the_metric_and_the_end_of_its_period() {
    let server = TestServer::start().await;
    let (a, b) = (server.identity().await, server.identity().await);
    let relationship = server.pending_relationship(&a, &b).await;
    assert_result(server.relationship_action(&b, &relationship, "Accept").await, 200).await;
    give(&server, &a.address, Source::Individual, Metric::NumberOfSentMessages, 1, Period::Day).await;

    assert_result(send(&server, &a, &b).await, 201).await;
    let refused: Value = send(&server, &a, &b).await.json().await.unwrap();
    let end_of_day = Period::Day.end(server.clock.now());
    assert_eq!(refused["error"]["code"], "error.platform.quotaExhausted");
    assert_eq!(
        refused["error"]["data"],
        json!([{"metricKey": "NumberOfSentMessages", "isExhaustedUntil": date::format(end_of_day)}])
    );
    assert_result(send(&server, &b, &a).await, 201).await;

    let quotas =
        assert_result(server.authed(Method::GET, "/api/v2/Quotas", &a.token).send().await.unwrap(), 200)
            .await;
    assert_eq!(
        quotas,
        json!([{"metricKey": "NumberOfSentMessages", "quotas": [
            {"source": "Individual", "metricKey": "NumberOfSentMessages", "max": 1, "usage": 1, "period": "Day"}
        ]}])
    );
}

#[tokio::test]
async fn an_individual_quota_replaces_the_tiers_and_a_tier_quota_applies_to_all_its_identities() {
    let server = TestServer::start().await;
    let (a, b) = (server.identity().await, server.identity().await);
    let identity = IdentityAddress::trusted(a.address.clone());
    let tier = backbone_store::devices::find_identity(&mut server.db.conn().await.unwrap(), &identity)
        .await
        .unwrap()
        .unwrap()
        .tier_id;
    give(&server, tier.as_str(), Source::Tier, Metric::NumberOfRelationshipTemplates, 1, Period::Total).await;
    give(&server, &b.address, Source::Individual, Metric::NumberOfRelationshipTemplates, 3, Period::Hour)
        .await;

    let create = |who: &TestIdentity| {
        server
            .authed(Method::POST, "/api/v2/RelationshipTemplates", &who.token)
            .json(&json!({"content": "AQID"}))
            .send()
    };
    assert_result(create(&a).await.unwrap(), 201).await;
    assert_error(create(&a).await.unwrap(), 429, "error.platform.quotaExhausted").await;
    for _ in 0..3 {
        assert_result(create(&b).await.unwrap(), 201).await;
    }
    assert_error(create(&b).await.unwrap(), 429, "error.platform.quotaExhausted").await;
    let quotas =
        assert_result(server.authed(Method::GET, "/api/v2/Quotas", &b.token).send().await.unwrap(), 200)
            .await;
    assert_eq!(
        quotas[0]["quotas"].as_array().unwrap().len(),
        1,
        "the tier's quota does not apply to b: {quotas}"
    );
    assert_eq!(quotas[0]["quotas"][0]["usage"], 3);

    // Anonymous tokens count against nobody.
    let anonymous = json!({"expiresAt": date::format(server.clock.now() + time::Duration::minutes(2))});
    give(&server, &a.address, Source::Individual, Metric::NumberOfTokens, 1, Period::Total).await;
    let token = |body: &Value, who: Option<&TestIdentity>| {
        let request = server.request(Method::POST, "/api/v2/Tokens").json(body);
        match who {
            Some(who) => request.bearer_auth(&who.token).send(),
            None => request.send(),
        }
    };
    assert_result(token(&anonymous, None).await.unwrap(), 201).await;
    let authenticated =
        json!({"content": "AQID", "expiresAt": date::format(server.clock.now() + time::Duration::days(1))});
    assert_result(token(&authenticated, Some(&a)).await.unwrap(), 201).await;
    assert_error(token(&authenticated, Some(&a)).await.unwrap(), 429, "error.platform.quotaExhausted").await;
}
