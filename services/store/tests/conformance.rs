//! The store conformance suite: the same stories on every engine. SQLite always runs; PostgreSQL
//! runs when `BACKBONE_TEST_POSTGRES_URL` points at a server (each run gets its own database).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test code fails loudly")]

use backbone_domain::IdentityAddress;
use backbone_domain::deletion::DeletionProcess;
use backbone_domain::entities::{Challenge, DatawalletModification, Device, Identity, LoginState, SyncRun};
use backbone_domain::events::DomainEvent;
use backbone_domain::id::DeletionProcessId;
use backbone_domain::id::{
    ChallengeId, DatawalletModificationId, DeviceId, ExternalEventId, SyncErrorId, SyncRunId, TierId,
    Username,
};
use backbone_domain::id::{FileId, MessageId};
use backbone_domain::id::{RelationshipId, RelationshipTemplateId, TokenId};
use backbone_domain::message::{Message, Recipient};
use backbone_domain::password::PasswordHash;
use backbone_domain::relationship::{Action, Relationship};
use backbone_domain::template::{ReaderHistory, RelationshipTemplate};
use backbone_domain::token::Token;
use backbone_proto::dto::datawallet::DatawalletModificationType;
use backbone_proto::dto::identities::IdentityStatus;
use backbone_proto::dto::relationships::RelationshipStatus;
use backbone_proto::dto::sync::SyncRunType;
use backbone_store::devices::OAuthClient;
use backbone_store::external_events::Delivery;
use backbone_store::messages;
use backbone_store::page::PageRequest;
use backbone_store::{
    Db, StoreError, Wake, announcements, challenges, datawallet, deletion_processes, devices,
    external_events, handled_events, outbox, quotas, relationships, support, sync_runs, templates, tokens,
};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-01-01 12:00:00.123 UTC);

/// Runs a story on SQLite and, when configured, on PostgreSQL.
macro_rules! on_every_engine {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $story() { let (db, _dir) = super::sqlite().await; super::$story(&db).await; })*
        }
        mod postgres {
            $(#[tokio::test] async fn $story() {
                let Some(db) = super::postgres().await else { return };
                super::$story(&db).await;
            })*
        }
    };
}

on_every_engine!(
    challenges_round_trip,
    identities_and_devices_round_trip,
    duplicate_identity_is_a_conflict,
    device_lists_are_paged,
    login_state_is_persisted,
    outbox_keeps_events_until_dispatched,
    uncommitted_transactions_leave_nothing,
    sync_runs_and_external_events,
    datawallet_modifications_are_deduplicated,
    templates_and_allocations,
    relationships_with_audit_logs_and_one_open_per_pair,
    tokens_allocations_and_failed_attempts,
    handled_events_are_recorded_once,
    deletion_processes_and_peers,
    messages_receipts_and_blocked_events,
    message_decomposition,
    support_reads_accounts_by_any_name,
    quotas_apply_by_source_and_count_usage_per_period,
    announcements_to_everybody_or_to_their_recipients,
);

async fn sqlite() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("test.db").display())).await.unwrap();
    db.migrate().await.unwrap();
    (db, dir)
}

async fn postgres() -> Option<Db> {
    let db = Db::connect(&postgres_url().await?).await.unwrap();
    db.migrate().await.unwrap();
    Some(db)
}

/// A fresh database on the test server.
async fn postgres_url() -> Option<String> {
    let url = std::env::var("BACKBONE_TEST_POSTGRES_URL").ok()?;
    let name = format!("backbone_test_{}", rand::random::<u64>());
    let admin = Db::connect(&url).await.unwrap();
    let mut conn = admin.conn().await.unwrap();
    sqlx_exec(&mut conn, &format!("CREATE DATABASE {name}")).await;
    let (base, _) = url.rsplit_once('/').unwrap();
    Some(format!("{base}/{name}"))
}

/// Two pools on one PostgreSQL database stand for two processes: a commit in one wakes the
/// waiters of the other (LISTEN/NOTIFY), for outbox events and SSE signals alike.
#[tokio::test]
async fn postgres_commits_wake_waiters_in_other_processes() {
    let Some(url) = postgres_url().await else { return };
    let writer = Db::connect(&url).await.unwrap();
    writer.migrate().await.unwrap();
    let reader = Db::connect(&url).await.unwrap();
    let (outbox_written, sse_written) = (reader.wake_on(Wake::Outbox), reader.wake_on(Wake::SseSignals));
    for _ in 0..100 {
        // The listener connects in the background; until it listens, notifications are missed.
        let mut tx = writer.begin().await.unwrap();
        backbone_store::push::insert_sse_signal(&mut tx, &DeviceId::trusted("DVC1".into()), "Test", NOW)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        if tokio::time::timeout(std::time::Duration::from_millis(100), sse_written.notified()).await.is_ok() {
            break;
        }
    }
    let mut tx = writer.begin().await.unwrap();
    outbox::append(&mut tx, &DomainEvent::IdentityDeletionCancelled { identity_address: "a".into() }, NOW)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), outbox_written.notified())
        .await
        .expect("the other pool was not woken");
}

async fn sqlx_exec(conn: &mut backbone_store::AnyConnection, sql: &str) {
    use sqlx_exec_support::Executor as _;
    conn.execute(sqlx_exec_support::AssertSqlSafe(sql.to_owned())).await.unwrap();
}

mod sqlx_exec_support {
    pub use sqlx::{AssertSqlSafe, Executor};
}

fn address(seed: u8) -> IdentityAddress {
    IdentityAddress::derive("localhost", &[seed; 32])
}

fn identity(seed: u8) -> Identity {
    Identity {
        address: address(seed),
        client_id: "test".into(),
        public_key: vec![seed; 40],
        identity_version: 1,
        tier_id: TierId::trusted("TIRbasicbasicbasicb".into()),
        status: IdentityStatus::Active,
        created_at: NOW,
        deletion_grace_period_ends_at: None,
    }
}

fn device(identity: &Identity, id: &str, created_at: OffsetDateTime) -> Device {
    Device {
        id: DeviceId::trusted(id.into()),
        identity: identity.address.clone(),
        username: Username::trusted(format!("USR{}", &id[3..])),
        password: PasswordHash::from_stored("$argon2id$stored".into()),
        created_at,
        created_by_device: DeviceId::trusted(id.into()),
        last_login_at: None,
        communication_language: "en".into(),
        is_backup_device: false,
        login: LoginState::default(),
    }
}

async fn create_identity_with_device(db: &Db, seed: u8) -> (Identity, Device) {
    let identity = identity(seed);
    let device = device(&identity, &format!("DVCdevice{seed:011}"), NOW);
    let mut tx = db.begin().await.unwrap();
    devices::insert_identity(&mut tx, &identity).await.unwrap();
    devices::insert_device(&mut tx, &device).await.unwrap();
    tx.commit().await.unwrap();
    (identity, device)
}

async fn challenges_round_trip(db: &Db) {
    let challenge = Challenge {
        id: ChallengeId::generate(&mut rand::rng()),
        expires_at: NOW,
        created_by: Some(address(1)),
        created_by_device: Some(DeviceId::trusted("DVCaaaaaaaaaaaaaaaaa".into())),
    };
    let mut conn = db.conn().await.unwrap();
    challenges::insert(&mut conn, &challenge).await.unwrap();
    assert_eq!(challenges::find(&mut conn, &challenge.id).await.unwrap(), Some(challenge));
    let unknown = ChallengeId::trusted("CHLthisisnonexisting".into());
    assert_eq!(challenges::find(&mut conn, &unknown).await.unwrap(), None);
}

async fn identities_and_devices_round_trip(db: &Db) {
    let tier = TierId::trusted("TIRbasicbasicbasicb".into());
    let mut conn = db.conn().await.unwrap();
    devices::upsert_tier(&mut conn, &tier, "Basic").await.unwrap();
    devices::upsert_tier(&mut conn, &tier, "Basic").await.unwrap();
    assert_eq!(devices::find_tier_by_name(&mut conn, "Basic").await.unwrap(), Some(tier.clone()));
    let client = OAuthClient {
        client_id: "test".into(),
        secret_sha256: "digest".into(),
        display_name: "Test".into(),
        default_tier: tier,
        max_identities: Some(3),
    };
    devices::upsert_client(&mut conn, &client).await.unwrap();
    assert_eq!(devices::find_client(&mut conn, "test").await.unwrap(), Some(client));
    drop(conn);

    let (identity, device) = create_identity_with_device(db, 1).await;
    let mut conn = db.conn().await.unwrap();
    assert_eq!(devices::find_identity(&mut conn, &identity.address).await.unwrap(), Some(identity.clone()));
    assert_eq!(devices::find_device(&mut conn, &device.id).await.unwrap(), Some(device.clone()));
    let lowercase = device.username.as_str().to_ascii_lowercase();
    assert_eq!(devices::find_device_by_username(&mut conn, &lowercase).await.unwrap(), Some(device.clone()));
    assert_eq!(devices::count_identities_of_client(&mut conn, "test").await.unwrap(), 1);
    assert!(!devices::has_backup_device(&mut conn, &identity.address).await.unwrap());

    devices::update_language(&mut conn, &device.id, "de").await.unwrap();
    devices::update_password(&mut conn, &device.id, &PasswordHash::from_stored("$argon2id$new".into()))
        .await
        .unwrap();
    let updated = devices::find_device(&mut conn, &device.id).await.unwrap().unwrap();
    assert_eq!(updated.communication_language, "de");
    assert_eq!(updated.password.as_stored(), "$argon2id$new");

    devices::delete_device(&mut conn, &device.id).await.unwrap();
    assert_eq!(devices::find_device(&mut conn, &device.id).await.unwrap(), None);
}

async fn duplicate_identity_is_a_conflict(db: &Db) {
    create_identity_with_device(db, 2).await;
    let mut conn = db.conn().await.unwrap();
    let result = devices::insert_identity(&mut conn, &identity(2)).await;
    assert!(matches!(result, Err(StoreError::Conflict)), "{result:?}");
}

async fn device_lists_are_paged(db: &Db) {
    let (identity, first) = create_identity_with_device(db, 3).await;
    let mut conn = db.conn().await.unwrap();
    for n in 1..5 {
        let mut extra = device(&identity, &format!("DVCextra{n:012}"), NOW + Duration::seconds(n));
        extra.is_backup_device = n == 4;
        devices::insert_device(&mut conn, &extra).await.unwrap();
    }
    let page = devices::list_devices(&mut conn, &identity.address, &[], PageRequest { number: 2, size: 2 })
        .await
        .unwrap();
    assert_eq!(page.total_records, 5);
    let ids: Vec<_> = page.items.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["DVCextra000000000002", "DVCextra000000000003"]);
    let last = devices::list_devices(&mut conn, &identity.address, &[], PageRequest { number: 3, size: 2 })
        .await
        .unwrap();
    assert_eq!((last.items.len(), last.total_records), (1, 5));
    let filtered = devices::list_devices(
        &mut conn,
        &identity.address,
        std::slice::from_ref(&first.id),
        PageRequest { number: 1, size: 50 },
    )
    .await
    .unwrap();
    assert_eq!(filtered.items, vec![first]);
    assert!(devices::has_backup_device(&mut conn, &identity.address).await.unwrap());
}

async fn login_state_is_persisted(db: &Db) {
    let (_, device) = create_identity_with_device(db, 4).await;
    let mut conn = db.conn().await.unwrap();
    let locked = LoginState { failed_attempts: 2, locked_until: Some(NOW + Duration::minutes(10)) };
    devices::update_login(&mut conn, &device.id, locked, None, false).await.unwrap();
    let stored = devices::find_device(&mut conn, &device.id).await.unwrap().unwrap();
    assert_eq!((stored.login, stored.last_login_at), (locked, None));
    devices::update_login(&mut conn, &device.id, LoginState::default(), Some(NOW), false).await.unwrap();
    let stored = devices::find_device(&mut conn, &device.id).await.unwrap().unwrap();
    assert_eq!((stored.login, stored.last_login_at), (LoginState::default(), Some(NOW)));
}

async fn outbox_keeps_events_until_dispatched(db: &Db) {
    let mut tx = db.begin().await.unwrap();
    for n in 0..3 {
        let event = DomainEvent::IdentityCreated { address: format!("a{n}"), tier: "TIR".into() };
        outbox::append(&mut tx, &event, NOW).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut conn = db.conn().await.unwrap();
    let pending = outbox::pending(&mut conn, 2).await.unwrap();
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[0].event, DomainEvent::IdentityCreated { address: "a0".into(), tier: "TIR".into() });
    let ids: Vec<i64> = pending.iter().map(|entry| entry.id).collect();
    outbox::mark_dispatched(&mut conn, &ids, NOW).await.unwrap();
    let rest = outbox::pending(&mut conn, 10).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].event, DomainEvent::IdentityCreated { address: "a2".into(), tier: "TIR".into() });
}

async fn uncommitted_transactions_leave_nothing(db: &Db) {
    let identity = identity(5);
    {
        let mut tx = db.begin().await.unwrap();
        devices::insert_identity(&mut tx, &identity).await.unwrap();
        let event =
            DomainEvent::IdentityCreated { address: identity.address.to_string(), tier: "TIR".into() };
        outbox::append(&mut tx, &event, NOW).await.unwrap();
    }
    let mut conn = db.conn().await.unwrap();
    assert_eq!(devices::find_identity(&mut conn, &identity.address).await.unwrap(), None);
    assert!(outbox::pending(&mut conn, 10).await.unwrap().is_empty());
}

async fn sync_runs_and_external_events(db: &Db) {
    let (identity, device) = create_identity_with_device(db, 6).await;
    let owner = &identity.address;
    let mut conn = db.conn().await.unwrap();
    for n in 0..3 {
        let id = ExternalEventId::generate(&mut rand::rng());
        let event = external_events::insert(&mut conn, &id, owner, "MessageReceived", r#"{"id":"MSG"}"#, NOW)
            .await
            .unwrap();
        assert_eq!(event.index, n);
    }
    let run = SyncRun {
        id: SyncRunId::generate(&mut rand::rng()),
        run_type: SyncRunType::ExternalEventSync,
        identity: owner.clone(),
        device: device.id.clone(),
        index: 0,
        created_at: NOW,
        expires_at: NOW + Duration::seconds(10),
        finalized_at: None,
        event_count: 3,
    };
    sync_runs::insert(&mut conn, &run).await.unwrap();
    assert!(matches!(
        sync_runs::insert(&mut conn, &SyncRun { id: SyncRunId::generate(&mut rand::rng()), ..run.clone() })
            .await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(external_events::assign_unsynced(&mut conn, owner, &run.id).await.unwrap(), 3);
    assert_eq!(external_events::count_unsynced(&mut conn, owner, false).await.unwrap(), 0);
    assert_eq!(sync_runs::latest(&mut conn, owner).await.unwrap(), Some(run.clone()));
    assert!(sync_runs::has_unfinalized(&mut conn, owner).await.unwrap());

    let page = external_events::of_run(&mut conn, &run.id, PageRequest { number: 1, size: 2 }).await.unwrap();
    assert_eq!((page.items.len(), page.total_records), (2, 3));
    let ids = external_events::ids_of_run(&mut conn, &run.id).await.unwrap();
    let error_id = SyncErrorId::generate(&mut rand::rng());
    external_events::release_with_error(&mut conn, &ids[0], &run.id, &error_id, "notProcessed", NOW)
        .await
        .unwrap();
    assert_eq!(external_events::count_unsynced(&mut conn, owner, false).await.unwrap(), 1);
    assert_eq!(external_events::count_unsynced(&mut conn, owner, true).await.unwrap(), 0);

    sync_runs::finalize(&mut conn, &run.id, NOW).await.unwrap();
    sync_runs::set_expiry(&mut conn, &run.id, NOW + Duration::seconds(20)).await.unwrap();
    let stored = sync_runs::find(&mut conn, owner, &run.id).await.unwrap().unwrap();
    assert_eq!((stored.finalized_at, stored.expires_at), (Some(NOW), NOW + Duration::seconds(20)));
    assert!(!sync_runs::has_unfinalized(&mut conn, owner).await.unwrap());
    assert_eq!(sync_runs::find(&mut conn, &address(99), &run.id).await.unwrap(), None);
}

async fn datawallet_modifications_are_deduplicated(db: &Db) {
    let owner = address(7);
    let mut conn = db.conn().await.unwrap();
    assert_eq!(datawallet::version(&mut conn, &owner).await.unwrap(), None);
    datawallet::set_version(&mut conn, &owner, 1).await.unwrap();
    datawallet::set_version(&mut conn, &owner, 2).await.unwrap();
    assert_eq!(datawallet::version(&mut conn, &owner).await.unwrap(), Some(2));
    assert_eq!(datawallet::latest_index(&mut conn, &owner).await.unwrap(), None);

    let modification = |index: i64, object: &str, category: Option<&str>| DatawalletModification {
        id: DatawalletModificationId::generate(&mut rand::rng()),
        index,
        datawallet_version: 1,
        object_identifier: object.into(),
        payload_category: category.map(Into::into),
        collection: "Devices".into(),
        modification_type: DatawalletModificationType::Create,
        encrypted_payload: Some(vec![1, 2, 3]),
        created_at: NOW,
        created_by_device: DeviceId::trusted("DVCaaaaaaaaaaaaaaaaa".into()),
    };
    let all = [
        modification(0, "A", Some("TechnicalData")),
        modification(1, "A", Some("TechnicalData")),
        modification(2, "A", None),
        modification(3, "B", None),
    ];
    for m in &all {
        datawallet::insert_modification(&mut conn, &owner, m).await.unwrap();
    }
    assert!(matches!(
        datawallet::insert_modification(&mut conn, &owner, &modification(3, "C", None)).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(datawallet::latest_index(&mut conn, &owner).await.unwrap(), Some(3));
    let page = datawallet::modifications_since(&mut conn, &owner, -1, PageRequest { number: 1, size: 50 })
        .await
        .unwrap();
    assert_eq!(page.items, vec![all[1].clone(), all[2].clone(), all[3].clone()]);
    let page = datawallet::modifications_since(&mut conn, &owner, 2, PageRequest { number: 1, size: 50 })
        .await
        .unwrap();
    assert_eq!(page.items, vec![all[3].clone()]);
}

fn template(id: &str, creator: &IdentityAddress) -> RelationshipTemplate {
    RelationshipTemplate {
        id: RelationshipTemplateId::trusted(id.into()),
        created_by: creator.clone(),
        created_by_device: DeviceId::trusted("DVCaaaaaaaaaaaaaaaaa".into()),
        max_number_of_allocations: Some(2),
        expires_at: Some(NOW + Duration::days(1)),
        content: vec![1, 2, 3],
        created_at: NOW,
        for_identity: Some(address(12)),
        password: Some(vec![9; 32]),
    }
}

async fn templates_and_allocations(db: &Db) {
    let (creator, reader) = (address(10), address(11));
    let device = DeviceId::trusted("DVCbbbbbbbbbbbbbbbbb".into());
    let first = template("RLTfirstfirstfirstfi", &creator);
    let second = RelationshipTemplate {
        created_at: NOW + Duration::seconds(1),
        ..template("RLTsecondsecondsecon", &creator)
    };
    let mut conn = db.conn().await.unwrap();
    templates::insert(&mut conn, &second).await.unwrap();
    templates::insert(&mut conn, &first).await.unwrap();
    assert_eq!(templates::find(&mut conn, &first.id).await.unwrap(), Some(first.clone()));
    let unknown = RelationshipTemplateId::trusted("RLTthisisnonexisting".into());
    let found =
        templates::find_many(&mut conn, &[second.id.clone(), first.id.clone(), unknown]).await.unwrap();
    assert_eq!(found, vec![first.clone(), second.clone()]);

    assert_eq!(templates::history(&mut conn, &first.id, &reader).await.unwrap(), ReaderHistory::default());
    templates::allocate(&mut conn, &first.id, &reader, &device, NOW).await.unwrap();
    templates::allocate(&mut conn, &first.id, &reader, &device, NOW).await.unwrap();
    assert_eq!(templates::count_allocations(&mut conn, &first.id).await.unwrap(), 1);
    assert!(templates::history(&mut conn, &first.id, &reader).await.unwrap().allocated);

    let (relationship, _) = Relationship::request(
        RelationshipId::trusted("RELfromtemplatefirst".into()),
        first.id.clone(),
        reader.clone(),
        device,
        creator.clone(),
        None,
        NOW,
    );
    relationships::insert(&mut conn, &relationship).await.unwrap();
    assert!(templates::history(&mut conn, &first.id, &reader).await.unwrap().in_relationship);
    templates::delete(&mut conn, &first.id).await.unwrap();
    assert_eq!(templates::find(&mut conn, &first.id).await.unwrap(), None);
    assert_eq!(templates::count_allocations(&mut conn, &first.id).await.unwrap(), 0);
    let kept = relationships::find(&mut conn, &relationship.id).await.unwrap().unwrap();
    assert_eq!(kept.template_id, None);
}

async fn relationships_with_audit_logs_and_one_open_per_pair(db: &Db) {
    let (from, to) = (address(20), address(21));
    let device = DeviceId::trusted("DVCcccccccccccccccccc".into());
    let request = |id: &str| {
        Relationship::request(
            RelationshipId::trusted(id.into()),
            RelationshipTemplateId::trusted("RLTtemplatetemplatet".into()),
            from.clone(),
            device.clone(),
            to.clone(),
            Some(vec![4, 5]),
            NOW,
        )
        .0
    };
    let mut conn = db.conn().await.unwrap();
    let mut first = request("RELfirstfirstfirstfi");
    relationships::insert(&mut conn, &first).await.unwrap();
    assert!(relationships::blocking_exists(&mut conn, &to, &from).await.unwrap());
    let duplicate = relationships::insert(&mut conn, &request("RELsecondsecondsecon")).await;
    assert!(matches!(duplicate, Err(StoreError::Conflict)), "{duplicate:?}");

    let stored = first.audit_log.len();
    first.apply(Action::Reject, &to, &device, NOW + Duration::seconds(1)).unwrap();
    relationships::save_transition(&mut conn, &first, stored).await.unwrap();
    assert_eq!(relationships::find(&mut conn, &first.id).await.unwrap(), Some(first.clone()));
    assert!(!relationships::blocking_exists(&mut conn, &from, &to).await.unwrap());

    let mut second = request("RELsecondsecondsecon");
    relationships::insert(&mut conn, &second).await.unwrap();
    let stored = second.audit_log.len();
    second.apply(Action::Accept { creation_response_content: Some(vec![6]) }, &to, &device, NOW).unwrap();
    relationships::save_transition(&mut conn, &second, stored).await.unwrap();
    let found = relationships::find(&mut conn, &second.id).await.unwrap().unwrap();
    assert_eq!(
        (found.status, found.creation_response_content.clone()),
        (RelationshipStatus::Active, Some(vec![6]))
    );
    assert_eq!(found.audit_log.len(), 2);

    let page = PageRequest { number: 1, size: 50 };
    let ids = [first.id.clone(), second.id.clone()];
    let listed = relationships::find_many_of(&mut conn, &from, &ids, page).await.unwrap();
    assert_eq!(listed.items.len(), 2);
    assert!(relationships::find_many_of(&mut conn, &address(22), &ids, page).await.unwrap().items.is_empty());
}

async fn tokens_allocations_and_failed_attempts(db: &Db) {
    let (creator, reader) = (address(30), address(31));
    let device = DeviceId::trusted("DVCddddddddddddddddd".into());
    let token = Token {
        id: TokenId::trusted("TOKtokentokentokent".into()),
        created_by: None,
        created_by_device: None,
        for_identity: Some(reader.clone()),
        created_at: NOW,
        expires_at: NOW + Duration::minutes(4),
        content: None,
        password: Some(vec![1; 32]),
        failed_password_attempts: 0,
    };
    let mut conn = db.conn().await.unwrap();
    tokens::insert(&mut conn, &token).await.unwrap();
    assert_eq!(tokens::find(&mut conn, &token.id).await.unwrap(), Some(token.clone()));
    tokens::record_failed_password_attempt(&mut conn, &token.id).await.unwrap();
    tokens::fill(&mut conn, &token.id, &[7, 8], &creator, &device).await.unwrap();
    let filled = tokens::find(&mut conn, &token.id).await.unwrap().unwrap();
    assert_eq!(filled.failed_password_attempts, 1);
    assert_eq!((filled.content, filled.created_by), (Some(vec![7, 8]), Some(creator.clone())));

    let page = PageRequest { number: 1, size: 50 };
    let ids = [token.id.clone()];
    assert!(tokens::find_many_of(&mut conn, &reader, &ids, page).await.unwrap().items.is_empty());
    assert!(!tokens::is_allocated_by(&mut conn, &token.id, &reader).await.unwrap());
    tokens::allocate(&mut conn, &token.id, &reader, &device, NOW).await.unwrap();
    assert!(tokens::is_allocated_by(&mut conn, &token.id, &reader).await.unwrap());
    assert_eq!(tokens::find_many_of(&mut conn, &reader, &ids, page).await.unwrap().items.len(), 1);
    assert_eq!(tokens::find_many_of(&mut conn, &creator, &ids, page).await.unwrap().items.len(), 1);
    tokens::delete(&mut conn, &token.id).await.unwrap();
    assert_eq!(tokens::find(&mut conn, &token.id).await.unwrap(), None);
}

async fn handled_events_are_recorded_once(db: &Db) {
    let mut conn = db.conn().await.unwrap();
    assert!(handled_events::record(&mut conn, "subscriber", 1).await.unwrap());
    assert!(!handled_events::record(&mut conn, "subscriber", 1).await.unwrap());
    assert!(handled_events::record(&mut conn, "another", 1).await.unwrap());
}

async fn deletion_processes_and_peers(db: &Db) {
    let (identity, device) = create_identity_with_device(db, 40).await;
    let mut conn = db.conn().await.unwrap();
    let mut process = DeletionProcess::start(
        DeletionProcessId::trusted("IDPprocessprocesspro".into()),
        identity.address.clone(),
        device.id.clone(),
        identity.tier_id.clone(),
        None,
        NOW,
    )
    .unwrap();
    assert!(!deletion_processes::has_open(&mut conn, &identity.address).await.unwrap());
    deletion_processes::insert(&mut conn, &process).await.unwrap();
    assert!(deletion_processes::has_open(&mut conn, &identity.address).await.unwrap());
    let queued = TierId::trusted("TIR00000000000000001".into());
    let grace = process.grace_period_ends_at;
    devices::update_deletion_state(&mut conn, &identity.address, IdentityStatus::ToBeDeleted, &queued, grace)
        .await
        .unwrap();
    let stored = devices::find_identity(&mut conn, &identity.address).await.unwrap().unwrap();
    assert_eq!(
        (stored.status, stored.tier_id, stored.deletion_grace_period_ends_at),
        (IdentityStatus::ToBeDeleted, queued, grace)
    );

    process.cancel(NOW).unwrap();
    deletion_processes::update(&mut conn, &process).await.unwrap();
    assert_eq!(
        deletion_processes::find(&mut conn, &identity.address, &process.id).await.unwrap(),
        Some(process.clone())
    );
    assert_eq!(
        deletion_processes::of_identity(&mut conn, &identity.address).await.unwrap(),
        vec![process.clone()]
    );
    assert_eq!(deletion_processes::find(&mut conn, &address(99), &process.id).await.unwrap(), None);
    assert!(!deletion_processes::has_open(&mut conn, &identity.address).await.unwrap());

    let peer = address(41);
    let (relationship, _) = Relationship::request(
        RelationshipId::trusted("RELpeerspeerspeerspe".into()),
        RelationshipTemplateId::trusted("RLTtemplatetemplatet".into()),
        peer.clone(),
        device.id.clone(),
        identity.address.clone(),
        None,
        NOW,
    );
    relationships::insert(&mut conn, &relationship).await.unwrap();
    let pending =
        relationships::peers_in_status(&mut conn, &identity.address, &[RelationshipStatus::Pending])
            .await
            .unwrap();
    assert_eq!(pending, vec![(relationship.id.clone(), peer)]);
    assert!(
        relationships::peers_in_status(&mut conn, &identity.address, &[RelationshipStatus::Active])
            .await
            .unwrap()
            .is_empty()
    );
}

async fn messages_receipts_and_blocked_events(db: &Db) {
    let (sender, recipient, other) = (address(50), address(51), address(52));
    let device = DeviceId::trusted("DVCeeeeeeeeeeeeeeeee".into());
    let relationship = RelationshipId::trusted("RELmessagesmessagesm".into());
    let message = Message {
        id: MessageId::trusted("MSGmessagemessagemes".into()),
        created_at: NOW,
        created_by: sender.clone(),
        created_by_device: device.clone(),
        body: vec![1, 2, 3],
        attachments: vec![FileId::trusted("FILfilefilefilefilef".into())],
        recipients: vec![Recipient {
            address: recipient.clone(),
            encrypted_key: vec![7; 32],
            relationship_id: relationship.clone(),
            received_at: None,
            received_by_device: None,
            decomposed_by_sender: false,
            decomposed_by_recipient: false,
        }],
    };
    let mut conn = db.conn().await.unwrap();
    messages::insert(&mut conn, &message).await.unwrap();
    assert_eq!(messages::find_visible(&mut conn, &sender, &message.id).await.unwrap(), Some(message.clone()));
    assert_eq!(messages::find_visible(&mut conn, &other, &message.id).await.unwrap(), None);
    assert_eq!(messages::count_unreceived(&mut conn, &sender, &recipient).await.unwrap(), 1);
    messages::mark_received(&mut conn, &message.id, &recipient, &device, NOW).await.unwrap();
    messages::mark_received(&mut conn, &message.id, &recipient, &device, NOW + Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(messages::count_unreceived(&mut conn, &sender, &recipient).await.unwrap(), 0);
    let page = PageRequest { number: 1, size: 50 };
    let listed = messages::list_visible(&mut conn, &recipient, &[], page).await.unwrap();
    assert_eq!(listed.items[0].recipients[0].received_at, Some(NOW), "the first receipt wins");
    assert!(messages::list_visible(&mut conn, &other, &[], page).await.unwrap().items.is_empty());

    let blocked = Delivery { context: Some(&relationship), blocked: true };
    let event = ExternalEventId::generate(&mut rand::rng());
    external_events::insert_with(&mut conn, &event, &recipient, "MessageReceived", "{}", blocked, NOW)
        .await
        .unwrap();
    assert_eq!(external_events::count_unsynced(&mut conn, &recipient, false).await.unwrap(), 0);
    external_events::unblock_context(&mut conn, &relationship).await.unwrap();
    assert_eq!(external_events::count_unsynced(&mut conn, &recipient, false).await.unwrap(), 1);
    external_events::delete_unsynced_of_context(&mut conn, &recipient, &relationship).await.unwrap();
    assert_eq!(external_events::count_unsynced(&mut conn, &recipient, false).await.unwrap(), 0);
    let event = ExternalEventId::generate(&mut rand::rng());
    external_events::insert_with(&mut conn, &event, &recipient, "MessageReceived", "{}", blocked, NOW)
        .await
        .unwrap();
    external_events::delete_blocked_of_context(&mut conn, &relationship).await.unwrap();
    external_events::unblock_context(&mut conn, &relationship).await.unwrap();
    assert_eq!(external_events::count_unsynced(&mut conn, &recipient, false).await.unwrap(), 0);
}

async fn message_decomposition(db: &Db) {
    let (sender, recipient) = (address(60), address(61));
    let anonymous = IdentityAddress::anonymous("localhost");
    let relationship = RelationshipId::trusted("RELdecomposedecompos".into());
    let message = Message {
        id: MessageId::trusted("MSGdecomposedecompos".into()),
        created_at: NOW,
        created_by: sender.clone(),
        created_by_device: DeviceId::trusted("DVCfffffffffffffffff".into()),
        body: vec![1],
        attachments: Vec::new(),
        recipients: vec![Recipient {
            address: recipient.clone(),
            encrypted_key: vec![7; 32],
            relationship_id: relationship.clone(),
            received_at: None,
            received_by_device: None,
            decomposed_by_sender: false,
            decomposed_by_recipient: false,
        }],
    };
    let mut conn = db.conn().await.unwrap();
    messages::insert(&mut conn, &message).await.unwrap();
    assert_eq!(messages::decompose(&mut conn, &relationship, &recipient, &anonymous).await.unwrap(), 0);
    assert!(messages::find_visible(&mut conn, &recipient, &message.id).await.unwrap().is_none());
    let seen = messages::find_visible(&mut conn, &sender, &message.id).await.unwrap().unwrap();
    assert!(seen.recipients[0].decomposed_by_recipient && !seen.recipients[0].decomposed_by_sender);
    assert_eq!(
        messages::decompose(&mut conn, &relationship, &sender, &anonymous).await.unwrap(),
        1,
        "nobody real is left"
    );
    assert!(messages::find_visible(&mut conn, &sender, &message.id).await.unwrap().is_none());
}

/// What support staff read: identities by any of their names (literally: `%` and `_` match only
/// themselves), with their devices; relationships seen from either side; tokens with their lock state.
async fn support_reads_accounts_by_any_name(db: &Db) {
    let (alice, alice_device) = create_identity_with_device(db, 70).await;
    let (bob, _) = create_identity_with_device(db, 71).await;
    let mut conn = db.conn().await.unwrap();
    let search = async |conn: &mut backbone_store::AnyConnection, text: &str| {
        let found = support::search_identities(conn, text, 10).await.unwrap();
        found.into_iter().map(|identity| identity.address).collect::<Vec<_>>()
    };
    let username = alice_device.username.as_str().to_owned();
    assert_eq!(search(&mut conn, &username.to_lowercase()).await, [alice.address.to_string()]);
    assert_eq!(search(&mut conn, alice_device.id.as_str()).await, [alice.address.to_string()]);
    let tail = &bob.address.as_str()[bob.address.as_str().len() - 10..];
    assert_eq!(search(&mut conn, tail).await, [bob.address.to_string()]);
    assert_eq!(search(&mut conn, "did:e:%").await, Vec::<String>::new());
    assert_eq!(search(&mut conn, "did_e").await, Vec::<String>::new());
    assert!(search(&mut conn, "test").await.len() >= 2, "by client");

    let details = support::identity(&mut conn, alice.address.as_str()).await.unwrap().unwrap();
    assert_eq!((details.number_of_devices, details.devices[0].id.as_str()), (1, alice_device.id.as_str()));
    assert!(support::identity(&mut conn, "did:e:localhost:dids:none").await.unwrap().is_none());

    let mut relationship = Relationship::request(
        RelationshipId::trusted("RELsupportsupportsup".into()),
        RelationshipTemplateId::trusted("RLTsupportsupportsup".into()),
        bob.address.clone(),
        DeviceId::trusted("DVCdevice00000000071".into()),
        alice.address.clone(),
        None,
        NOW,
    )
    .0;
    relationships::insert(&mut conn, &relationship).await.unwrap();
    relationship
        .apply(
            Action::Accept { creation_response_content: None },
            &alice.address,
            &alice_device.id,
            NOW + Duration::seconds(5),
        )
        .unwrap();
    relationships::save_transition(&mut conn, &relationship, 1).await.unwrap();
    let page = PageRequest { number: 1, size: 50 };
    let of_alice = support::relationships_of(&mut conn, alice.address.as_str(), page).await.unwrap();
    let listed = &of_alice.items[0];
    assert_eq!(
        (listed.peer.as_str(), listed.requested_by),
        (bob.address.as_str(), backbone_proto::admin::RequestedBy::Peer)
    );
    assert_eq!(
        (listed.answered_at, listed.answered_by_device.as_deref()),
        (Some(NOW + Duration::seconds(5)), Some(alice_device.id.as_str()))
    );
    let of_bob = support::relationships_of(&mut conn, bob.address.as_str(), page).await.unwrap();
    assert_eq!(
        (of_bob.total_records, of_bob.items[0].requested_by),
        (1, backbone_proto::admin::RequestedBy::Participant)
    );

    let token = Token {
        id: TokenId::trusted("TOKsupportsupportsup".into()),
        created_by: Some(alice.address.clone()),
        created_by_device: Some(alice_device.id.clone()),
        for_identity: None,
        created_at: NOW,
        expires_at: NOW + Duration::days(1),
        content: Some(vec![1]),
        password: Some(vec![2; 32]),
        failed_password_attempts: support::TOKEN_LOCK_ATTEMPTS,
    };
    tokens::insert(&mut conn, &token).await.unwrap();
    let listed = support::tokens_of(&mut conn, alice.address.as_str(), page).await.unwrap();
    assert_eq!((listed.items[0].is_password_protected, listed.items[0].is_locked), (true, true));
    let queued = TierId::trusted(backbone_domain::deletion::QUEUED_FOR_DELETION_TIER.into());
    devices::upsert_tier(&mut conn, &queued, "Queued for Deletion").await.unwrap();
    let tiers = support::tiers(&mut conn).await.unwrap();
    assert!(tiers.iter().any(|tier| tier.name == "Queued for Deletion" && !tier.can_be_manually_assigned));
}

/// Individual quotas replace the tier's; usage is counted in the period (file storage in whole MiB).
async fn quotas_apply_by_source_and_count_usage_per_period(db: &Db) {
    use backbone_domain::file::File;
    use backbone_domain::quota::{Metric, Period, Quota, Source};
    let (alice, device) = create_identity_with_device(db, 80).await;
    let mut conn = db.conn().await.unwrap();
    let quota =
        |id: &str, source, metric, max| Quota { id: id.into(), source, metric, max, period: Period::Day };
    let tier = alice.tier_id.as_str();
    devices::upsert_tier(&mut conn, &alice.tier_id, "Basic").await.unwrap();
    quotas::insert(&mut conn, tier, &quota("TQDfilesfilesfilesf", Source::Tier, Metric::NumberOfFiles, 5))
        .await
        .unwrap();
    quotas::insert(
        &mut conn,
        tier,
        &quota("TQDspacespacespaces", Source::Tier, Metric::UsedFileStorageSpace, 5),
    )
    .await
    .unwrap();
    let own = quota("QUOfilesfilesfilesf", Source::Individual, Metric::NumberOfFiles, 1);
    quotas::insert(&mut conn, alice.address.as_str(), &own).await.unwrap();
    quotas::insert(&mut conn, alice.address.as_str(), &own).await.unwrap();
    let applicable = quotas::applicable(&mut conn, &alice.address).await.unwrap();
    let ids: Vec<&str> = applicable.iter().map(|quota| quota.id.as_str()).collect();
    assert_eq!(ids, ["QUOfilesfilesfilesf", "TQDspacespacespaces"]);

    let file = |id: &str, created_at, cipher_size| File {
        id: FileId::trusted(id.into()),
        created_at,
        created_by: alice.address.clone(),
        created_by_device: device.id.clone(),
        modified_at: created_at,
        modified_by: alice.address.clone(),
        modified_by_device: device.id.clone(),
        owner: alice.address.clone(),
        owner_signature: vec![1],
        ownership_token: "token".into(),
        ownership_is_locked: false,
        cipher_size,
        cipher_hash: vec![2],
        expires_at: created_at + Duration::days(30),
        encrypted_properties: vec![3],
    };
    backbone_store::files::insert(&mut conn, &file("FILtodaytodaytodayt", NOW, 3 * 1024 * 1024 + 5))
        .await
        .unwrap();
    backbone_store::files::insert(
        &mut conn,
        &file("FILyesterdayyesterd", NOW - Duration::days(1), 1024 * 1024),
    )
    .await
    .unwrap();
    let usage = async |conn: &mut backbone_store::AnyConnection, metric, period| {
        quotas::usage(conn, &alice.address, metric, period, NOW).await.unwrap()
    };
    assert_eq!(usage(&mut conn, Metric::NumberOfFiles, Period::Day).await, 1);
    assert_eq!(usage(&mut conn, Metric::NumberOfFiles, Period::Total).await, 2);
    assert_eq!(usage(&mut conn, Metric::UsedFileStorageSpace, Period::Day).await, 3, "whole MiB, truncated");
    assert_eq!(usage(&mut conn, Metric::NumberOfSentMessages, Period::Year).await, 0);
    assert!(
        quotas::delete(&mut conn, Source::Individual, alice.address.as_str(), "QUOfilesfilesfilesf")
            .await
            .unwrap()
    );
    assert!(!quotas::delete(&mut conn, Source::Tier, tier, "QUOfilesfilesfilesf").await.unwrap());
    assert_eq!(quotas::applicable(&mut conn, &alice.address).await.unwrap().len(), 2);
}

/// An identity sees the announcements without recipients and those naming it.
async fn announcements_to_everybody_or_to_their_recipients(db: &Db) {
    use backbone_domain::announcement::{Announcement, Severity, Text};
    use backbone_domain::id::AnnouncementId;
    let (alice, bob) = (address(90), address(91));
    let announcement = |id: &str, recipients: Vec<IdentityAddress>, at| Announcement {
        id: AnnouncementId::trusted(id.into()),
        created_at: at,
        expires_at: Some(at + Duration::days(1)),
        severity: Severity::Low,
        is_silent: false,
        texts: vec![Text { language: "en".into(), title: "t".into(), body: "b".into() }],
        actions: Vec::new(),
        recipients,
        iql_query: Some("query".into()),
    };
    let mut conn = db.conn().await.unwrap();
    let everybody = announcement("ANCeverybodyeverybod", Vec::new(), NOW);
    let mut to_alice =
        announcement("ANCalicealicealiceal", vec![alice.clone(), address(92)], NOW + Duration::seconds(1));
    // They come back ordered by address.
    to_alice.recipients.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    announcements::insert(&mut conn, &everybody).await.unwrap();
    announcements::insert(&mut conn, &to_alice).await.unwrap();
    let ids = |found: Vec<Announcement>| found.into_iter().map(|a| a.id.to_string()).collect::<Vec<_>>();
    assert_eq!(
        ids(announcements::visible_to(&mut conn, &alice).await.unwrap()),
        [to_alice.id.to_string(), everybody.id.to_string()]
    );
    assert_eq!(ids(announcements::visible_to(&mut conn, &bob).await.unwrap()), [everybody.id.to_string()]);
    assert_eq!(announcements::find(&mut conn, &to_alice.id).await.unwrap(), Some(to_alice.clone()));
    assert_eq!(announcements::all(&mut conn).await.unwrap().len(), 2);
    assert!(announcements::delete(&mut conn, &to_alice.id).await.unwrap());
    assert!(!announcements::delete(&mut conn, &to_alice.id).await.unwrap());
    assert!(announcements::visible_to(&mut conn, &alice).await.unwrap().len() == 1);
}
