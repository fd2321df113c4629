//! What the housekeeper deletes, and what it keeps.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test code fails loudly")]
#![allow(clippy::disallowed_methods, reason = "blob modification times are wall-clock times")]

use std::sync::{Arc, Mutex};

use backbone_blob::{BlobError, BlobStore};
use backbone_domain::entities::Challenge;
use backbone_domain::file::File;
use backbone_domain::id::FileId;
use backbone_domain::id::{ChallengeId, DeviceId, RelationshipId, RelationshipTemplateId, TokenId};
use backbone_domain::relationship::Relationship;
use backbone_domain::template::RelationshipTemplate;
use backbone_domain::token::Token;
use backbone_domain::{Clock, IdentityAddress};
use backbone_housekeeper::{Housekeeper, Report};
use backbone_store::{Db, challenges, files, relationships, templates, tokens};
use bytes::Bytes;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const START: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

struct TestClock(Mutex<OffsetDateTime>);

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

#[tokio::test]
async fn deletes_what_expired_more_than_30_days_ago_unless_a_relationship_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("housekeeper.db").display())).await.unwrap();
    db.migrate().await.unwrap();
    let creator = IdentityAddress::derive("localhost", &[1; 32]);
    let device = DeviceId::trusted("DVCaaaaaaaaaaaaaaaaa".into());
    let expiring = START + Duration::hours(1);
    let mut conn = db.conn().await.unwrap();

    let challenge = Challenge {
        id: ChallengeId::generate(&mut rand::rng()),
        expires_at: expiring,
        created_by: None,
        created_by_device: None,
    };
    challenges::insert(&mut conn, &challenge).await.unwrap();
    let template = |id: &str| RelationshipTemplate {
        id: RelationshipTemplateId::trusted(id.into()),
        created_by: creator.clone(),
        created_by_device: device.clone(),
        max_number_of_allocations: None,
        expires_at: Some(expiring),
        content: vec![1],
        created_at: START,
        for_identity: None,
        password: None,
    };
    let unused = template("RLTunusedunusedunuse");
    let used = template("RLTusedusedusedusedu");
    templates::insert(&mut conn, &unused).await.unwrap();
    templates::insert(&mut conn, &used).await.unwrap();
    let peer = IdentityAddress::derive("localhost", &[2; 32]);
    let (relationship, _) = Relationship::request(
        RelationshipId::trusted("RELrelationshiprelat".into()),
        used.id.clone(),
        peer,
        device.clone(),
        creator.clone(),
        None,
        START,
    );
    relationships::insert(&mut conn, &relationship).await.unwrap();
    let token = Token {
        id: TokenId::trusted("TOKtokentokentokento".into()),
        created_by: Some(creator),
        created_by_device: Some(device),
        for_identity: None,
        created_at: START,
        expires_at: expiring,
        content: Some(vec![1]),
        password: None,
        failed_password_attempts: 0,
    };
    tokens::insert(&mut conn, &token).await.unwrap();
    drop(conn);

    let file = File {
        id: FileId::trusted("FILfilefilefilefilef".into()),
        created_at: START,
        created_by: token.created_by.clone().unwrap(),
        created_by_device: token.created_by_device.clone().unwrap(),
        modified_at: START,
        modified_by: token.created_by.clone().unwrap(),
        modified_by_device: token.created_by_device.clone().unwrap(),
        owner: token.created_by.clone().unwrap(),
        owner_signature: vec![1],
        ownership_token: "token".into(),
        ownership_is_locked: false,
        cipher_size: 3,
        cipher_hash: vec![1],
        expires_at: expiring,
        encrypted_properties: vec![1],
    };
    files::insert(&mut db.conn().await.unwrap(), &file).await.unwrap();
    let blobs =
        BlobStore::open(&format!("file://{}", dir.path().join("blobs").display()), &Default::default())
            .unwrap();
    blobs.put(file.id.as_str(), Bytes::from_static(b"abc")).await.unwrap();
    blobs.put("FILorphanorphanorpha", Bytes::from_static(b"abc")).await.unwrap();

    let clock = Arc::new(TestClock(Mutex::new(START + Duration::days(30))));
    let housekeeper = Housekeeper::new(db.clone(), blobs.clone(), clock.clone());
    let report = housekeeper.pass().await.unwrap();
    assert_eq!(report, Report::default(), "not yet 30 days after expiry, and the blobs are young");

    *clock.0.lock().unwrap() = OffsetDateTime::now_utc() + Duration::days(31);
    let report = housekeeper.pass().await.unwrap();
    assert_eq!(
        report,
        Report {
            challenges: 1,
            relationship_templates: 1,
            tokens: 1,
            files: 1,
            orphan_blobs: 1,
            sse_signals: 0
        }
    );
    assert!(matches!(blobs.get(file.id.as_str()).await, Err(BlobError::NotFound)));
    assert!(matches!(blobs.get("FILorphanorphanorpha").await, Err(BlobError::NotFound)));
    let mut conn = db.conn().await.unwrap();
    assert!(challenges::find(&mut conn, &challenge.id).await.unwrap().is_none());
    assert!(templates::find(&mut conn, &unused.id).await.unwrap().is_none());
    assert!(
        templates::find(&mut conn, &used.id).await.unwrap().is_some(),
        "a relationship still refers to it"
    );
    assert!(tokens::find(&mut conn, &token.id).await.unwrap().is_none());
}
