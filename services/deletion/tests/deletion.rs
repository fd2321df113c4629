//! The deletion jobs against the store on every engine (SQLite always; PostgreSQL when
//! `BACKBONE_TEST_POSTGRES_URL` points at a server): what waits, what fails and is retried, and the
//! corner cases of anonymising several deleted identities. The event relay is played by the test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test code fails loudly")]

use std::sync::{Arc, Mutex};

use backbone_blob::BlobStore;
use backbone_deletion::{DATA_DELETION_DELAY, DeletionJobs, Report};
use backbone_domain::deletion::{AuditMessage, DeletionProcess};
use backbone_domain::entities::{Device, Identity, LoginState};
use backbone_domain::events::DomainEvent;
use backbone_domain::file::File;
use backbone_domain::id::{
    DeletionProcessId, DeviceId, FileId, MessageId, RelationshipId, RelationshipTemplateId, TierId, TokenId,
    Username,
};
use backbone_domain::message::{Message, Recipient};
use backbone_domain::password::PasswordHash;
use backbone_domain::relationship::{Action, Relationship};
use backbone_domain::template::RelationshipTemplate;
use backbone_domain::token::Token;
use backbone_domain::{Clock, IdentityAddress};
use backbone_proto::dto::identities::IdentityStatus;
use backbone_proto::dto::relationships::RelationshipStatus;
use backbone_store::{
    Db, deletion_audit, deletion_processes, devices, files, messages, outbox, relationships, templates,
    tokens,
};
use bytes::Bytes;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const START: OffsetDateTime = datetime!(2026-03-01 00:00 UTC);

#[derive(Clone)]
struct TestClock(Arc<Mutex<OffsetDateTime>>);

impl TestClock {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

macro_rules! on_every_engine {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $story() {
                let dir = tempfile::tempdir().unwrap();
                let db = backbone_store::Db::connect(&format!("sqlite://{}", dir.path().join("db").display()))
                    .await
                    .unwrap();
                db.migrate().await.unwrap();
                super::$story(&db, dir.path()).await;
            })*
        }
        mod postgres {
            $(#[tokio::test] async fn $story() {
                let Some(db) = super::postgres().await else { return };
                let dir = tempfile::tempdir().unwrap();
                super::$story(&db, dir.path()).await;
            })*
        }
    };
}

on_every_engine!(
    waits_for_its_events_and_retries_a_failed_step,
    several_deleted_identities_share_the_anonymous_address
);

async fn postgres() -> Option<Db> {
    let url = std::env::var("BACKBONE_TEST_POSTGRES_URL").ok()?;
    let name = format!("backbone_test_{}", rand::random::<u64>());
    let admin = Db::connect(&url).await.unwrap();
    execute(&admin, &format!("CREATE DATABASE {name}")).await;
    let (base, _) = url.rsplit_once('/').unwrap();
    let db = Db::connect(&format!("{base}/{name}")).await.unwrap();
    db.migrate().await.unwrap();
    Some(db)
}

async fn execute(db: &Db, sql: &str) {
    use sqlx::Executor as _;
    db.conn().await.unwrap().execute(sqlx::AssertSqlSafe(sql.to_owned())).await.unwrap();
}

struct Setup {
    db: Db,
    clock: TestClock,
    jobs: DeletionJobs,
    blobs: BlobStore,
}

fn setup(db: &Db, dir: &std::path::Path) -> Setup {
    let clock = TestClock(Arc::new(Mutex::new(START)));
    let blobs =
        BlobStore::open(&format!("file://{}", dir.join("blobs").display()), &Default::default()).unwrap();
    let jobs = DeletionJobs::new(db.clone(), blobs.clone(), anonymous(), Arc::new(clock.clone()));
    Setup { db: db.clone(), clock, jobs, blobs }
}

fn anonymous() -> IdentityAddress {
    IdentityAddress::anonymous("localhost")
}

fn address(seed: u8) -> IdentityAddress {
    IdentityAddress::derive("localhost", &[seed; 32])
}

fn device_of(seed: u8) -> DeviceId {
    DeviceId::trusted(format!("DVCdevice{seed:011}"))
}

fn username_of(seed: u8) -> Username {
    Username::trusted(format!("USRdevice{seed:011}"))
}

async fn identity(db: &Db, seed: u8) -> IdentityAddress {
    let identity = Identity {
        address: address(seed),
        client_id: "test".into(),
        public_key: vec![seed; 40],
        identity_version: 1,
        tier_id: TierId::trusted("TIRbasicbasicbasicb".into()),
        status: IdentityStatus::Active,
        created_at: START,
        deletion_grace_period_ends_at: None,
    };
    let device = Device {
        id: device_of(seed),
        identity: identity.address.clone(),
        username: username_of(seed),
        password: PasswordHash::from_stored("$argon2id$stored".into()),
        created_at: START,
        created_by_device: device_of(seed),
        last_login_at: None,
        communication_language: "en".into(),
        is_backup_device: false,
        login: LoginState::default(),
    };
    let mut tx = db.begin().await.unwrap();
    devices::insert_identity(&mut tx, &identity).await.unwrap();
    devices::insert_device(&mut tx, &device).await.unwrap();
    tx.commit().await.unwrap();
    identity.address
}

/// Starts a deletion process of the identity whose grace period ends right away.
async fn to_be_deleted(db: &Db, seed: u8) {
    let process = DeletionProcess::start(
        DeletionProcessId::trusted(format!("IDPprocess{seed:010}")),
        address(seed),
        device_of(seed),
        TierId::trusted("TIRbasicbasicbasicb".into()),
        Some(0.0),
        START,
    )
    .unwrap();
    let mut tx = db.begin().await.unwrap();
    deletion_processes::insert(&mut tx, &process).await.unwrap();
    let tier = TierId::trusted("TIR00000000000000001".into());
    devices::update_deletion_state(
        &mut tx,
        &address(seed),
        IdentityStatus::ToBeDeleted,
        &tier,
        process.grace_period_ends_at,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// Plays the relay: takes every pending event as handled, and returns them.
async fn relay(db: &Db) -> Vec<DomainEvent> {
    let mut conn = db.conn().await.unwrap();
    let pending = outbox::pending(&mut conn, 1000).await.unwrap();
    let ids: Vec<i64> = pending.iter().map(|entry| entry.id).collect();
    outbox::mark_dispatched(&mut conn, &ids, START).await.unwrap();
    pending.into_iter().map(|entry| entry.event).collect()
}

fn report(deletions_started: u64, deletions_completed: u64, failures: u64) -> Report {
    Report { reminders_sent: 0, deletions_started, deletions_completed, failures }
}

fn relationship(
    id: &str,
    from: &IdentityAddress,
    to: &IdentityAddress,
    action: Option<Action>,
) -> Relationship {
    let (mut relationship, _) = Relationship::request(
        RelationshipId::trusted(id.into()),
        RelationshipTemplateId::trusted("RLTtemplatetemplatet".into()),
        from.clone(),
        DeviceId::trusted("DVCfromfromfromfromf".into()),
        to.clone(),
        None,
        START,
    );
    if let Some(action) = action {
        relationship.apply(action, to, &DeviceId::trusted("DVCtototototototototo".into()), START).unwrap();
    }
    relationship
}

fn message(id: &str, from: &IdentityAddress, to: &[(&IdentityAddress, &str)]) -> Message {
    Message {
        id: MessageId::trusted(id.into()),
        created_at: START,
        created_by: from.clone(),
        created_by_device: DeviceId::trusted("DVCsendersendersende".into()),
        body: vec![1],
        attachments: Vec::new(),
        recipients: to
            .iter()
            .map(|(address, relationship)| Recipient {
                address: (*address).clone(),
                encrypted_key: vec![7; 32],
                relationship_id: RelationshipId::trusted((*relationship).into()),
                received_at: None,
                received_by_device: None,
                decomposed_by_sender: false,
                decomposed_by_recipient: false,
            })
            .collect(),
    }
}

async fn waits_for_its_events_and_retries_a_failed_step(db: &Db, dir: &std::path::Path) {
    let Setup { db, clock, jobs, blobs } = setup(db, dir);
    let leaving = identity(&db, 1).await;
    let file = File {
        id: FileId::trusted("FILfilefilefilefilef".into()),
        created_at: START,
        created_by: leaving.clone(),
        created_by_device: device_of(1),
        modified_at: START,
        modified_by: leaving.clone(),
        modified_by_device: device_of(1),
        owner: leaving.clone(),
        owner_signature: vec![1],
        ownership_token: "tokentokentokentoken".into(),
        ownership_is_locked: false,
        cipher_size: 3,
        cipher_hash: vec![1],
        expires_at: START + Duration::days(100),
        encrypted_properties: vec![1],
    };
    files::insert(&mut db.conn().await.unwrap(), &file).await.unwrap();
    blobs.put(file.id.as_str(), Bytes::from_static(&[1, 2, 3])).await.unwrap();
    to_be_deleted(&db, 1).await;

    assert_eq!(jobs.pass().await.unwrap(), report(1, 0, 0));
    clock.advance(DATA_DELETION_DELAY);
    assert_eq!(jobs.pass().await.unwrap(), report(0, 0, 0), "its IdentityDeleted event is not handled yet");
    assert_eq!(relay(&db).await, [DomainEvent::IdentityDeleted { identity_address: leaving.to_string() }]);

    execute(&db, "ALTER TABLE tokens RENAME TO tokens_elsewhere").await;
    assert_eq!(jobs.pass().await.unwrap(), report(0, 0, 1));
    let stored = devices::find_identity(&mut db.conn().await.unwrap(), &leaving).await.unwrap().unwrap();
    assert_eq!(stored.status, IdentityStatus::Deleting, "the identity waits for the next pass");
    let audit = deletion_audit::of_identity(&mut db.conn().await.unwrap(), &leaving).await.unwrap();
    let failure = audit.last().unwrap();
    assert_eq!(failure.message, AuditMessage::ErrorDuringDeletion);
    assert!(failure.additional_data.as_deref().unwrap().starts_with("deleting Tokens:"), "{failure:?}");
    assert!(
        files::find(&mut db.conn().await.unwrap(), &file.id).await.unwrap().is_none(),
        "earlier steps stay done"
    );
    assert!(blobs.get(file.id.as_str()).await.is_err(), "with the file's content");

    execute(&db, "ALTER TABLE tokens_elsewhere RENAME TO tokens").await;
    clock.advance(Duration::hours(1));
    assert_eq!(jobs.pass().await.unwrap(), report(0, 1, 0));
    assert_eq!(jobs.pass().await.unwrap(), Report::default());
    let mut conn = db.conn().await.unwrap();
    assert!(devices::find_identity(&mut conn, &leaving).await.unwrap().is_none());
    assert!(devices::find_device(&mut conn, &device_of(1)).await.unwrap().is_none());
    assert_eq!(
        deletion_audit::completed_for_username(&mut conn, &username_of(1)).await.unwrap(),
        Some(clock.now()),
        "usernames are matched case-insensitively"
    );
    let lower = Username::trusted(username_of(1).as_str().to_ascii_lowercase());
    assert_eq!(deletion_audit::completed_for_username(&mut conn, &lower).await.unwrap(), Some(clock.now()));
    assert_eq!(deletion_audit::completed_for_username(&mut conn, &username_of(2)).await.unwrap(), None);
    let audit = deletion_audit::of_identity(&mut conn, &leaving).await.unwrap();
    let retried: Vec<_> = audit
        .iter()
        .filter(|entry| entry.message == AuditMessage::DataDeleted)
        .filter_map(|entry| entry.additional_data.as_deref())
        .collect();
    assert_eq!(
        retried,
        [
            "Challenges",
            "Files",
            "Messages",
            "Relationships",
            "Synchronization", // first attempt
            "Challenges",
            "Files",
            "Messages",
            "Relationships",
            "Synchronization",
            "Tokens",
            "Identities",
        ]
    );
    assert_eq!(audit.last().unwrap().message, AuditMessage::DeletionCompleted);
}

async fn several_deleted_identities_share_the_anonymous_address(db: &Db, dir: &std::path::Path) {
    let Setup { db, clock, jobs, .. } = setup(db, dir);
    let (peer, first, second) = (identity(&db, 1).await, identity(&db, 2).await, identity(&db, 3).await);
    let mut conn = db.conn().await.unwrap();
    // An old rejected relationship and the active one of one pair; both become DeletionProposed.
    let old = relationship("RELoldoldoldoldoldol", &peer, &first, Some(Action::Reject));
    let current = relationship(
        "RELcurrentcurrentcur",
        &peer,
        &first,
        Some(Action::Accept { creation_response_content: None }),
    );
    let other = relationship(
        "RELotherotherotherot",
        &second,
        &peer,
        Some(Action::Accept { creation_response_content: None }),
    );
    for relationship in [&old, &current, &other] {
        relationships::insert(&mut conn, relationship).await.unwrap();
    }
    let template = RelationshipTemplate {
        id: RelationshipTemplateId::trusted("RLTpeerpeerpeerpeerp".into()),
        created_by: peer.clone(),
        created_by_device: device_of(1),
        max_number_of_allocations: None,
        expires_at: None,
        content: vec![1],
        created_at: START,
        for_identity: Some(first.clone()),
        password: None,
    };
    templates::insert(&mut conn, &template).await.unwrap();
    let token = Token {
        id: TokenId::trusted("TOKpeerpeerpeerpeerp".into()),
        created_by: Some(peer.clone()),
        created_by_device: Some(device_of(1)),
        for_identity: Some(second.clone()),
        created_at: START,
        expires_at: START + Duration::days(100),
        content: Some(vec![1]),
        password: None,
        failed_password_attempts: 0,
    };
    tokens::insert(&mut conn, &token).await.unwrap();
    for seed in [2, 3] {
        templates::allocate(&mut conn, &template.id, &address(seed), &device_of(seed), START).await.unwrap();
        tokens::allocate(&mut conn, &token.id, &address(seed), &device_of(seed), START).await.unwrap();
    }
    let to_both = message(
        "MSGtobothtobothtobot",
        &peer,
        &[(&first, current.id.as_str()), (&second, other.id.as_str())],
    );
    let from_first = message("MSGfromfirstfromfirs", &first, &[(&peer, current.id.as_str())]);
    for message in [&to_both, &from_first] {
        messages::insert(&mut conn, message).await.unwrap();
    }
    drop(conn);

    to_be_deleted(&db, 2).await;
    to_be_deleted(&db, 3).await;
    assert_eq!(jobs.pass().await.unwrap(), report(2, 0, 0));
    relay(&db).await;
    clock.advance(DATA_DELETION_DELAY);
    assert_eq!(jobs.pass().await.unwrap(), report(0, 2, 0));
    let decomposed = relay(&db).await;
    assert_eq!(decomposed.len(), 3, "one status change per relationship: {decomposed:?}");

    let anonymous = anonymous();
    let mut conn = db.conn().await.unwrap();
    for id in [&old.id, &current.id, &other.id] {
        let stored = relationships::find(&mut conn, id).await.unwrap().unwrap();
        assert_eq!(stored.status, RelationshipStatus::DeletionProposed);
        assert!(stored.is_participant(&peer) && stored.is_participant(&anonymous), "{stored:?}");
        assert!(stored.audit_log.iter().all(|entry| entry.created_by != first && entry.created_by != second));
    }
    assert!(!relationships::blocking_exists(&mut conn, &peer, &first).await.unwrap());
    let template = templates::find(&mut conn, &template.id).await.unwrap().unwrap();
    assert_eq!(template.for_identity, Some(anonymous.clone()));
    let history = templates::history(&mut conn, &template.id, &anonymous).await.unwrap();
    assert!(history.allocated, "the allocations are anonymous");
    for seed in [2, 3] {
        assert!(!templates::history(&mut conn, &template.id, &address(seed)).await.unwrap().allocated);
        assert!(!tokens::is_allocated_by(&mut conn, &token.id, &address(seed)).await.unwrap());
    }
    assert!(tokens::is_allocated_by(&mut conn, &token.id, &anonymous).await.unwrap());
    assert_eq!(
        tokens::find(&mut conn, &token.id).await.unwrap().unwrap().for_identity,
        Some(anonymous.clone())
    );

    let seen = messages::find_visible(&mut conn, &peer, &to_both.id).await.unwrap().unwrap();
    let addresses: Vec<_> = seen.recipients.iter().map(|recipient| recipient.address.clone()).collect();
    assert_eq!(addresses, [anonymous.clone(), anonymous.clone()]);
    let seen = messages::find_visible(&mut conn, &peer, &from_first.id).await.unwrap().unwrap();
    assert_eq!(seen.created_by, anonymous);
    assert!(messages::find_visible(&mut conn, &anonymous, &from_first.id).await.unwrap().is_none());
}
