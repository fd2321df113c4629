//! The console's screens at 80x24, rendered with ratatui's `TestBackend` and snapshot-tested, and what
//! keys ask for.

#![allow(clippy::unwrap_used, reason = "test code fails loudly")]

use backbone_admin::wire::{ComponentStatus, LandscapeState, LandscapeStatus, LandscapeSummary, Role};
use backbone_admin::wire::{InstanceSnapshot, InstanceState};
use backbone_proto::admin::{
    DeletionProcessOverview, DeviceOverview, FileOverview, IdentityDetails, IdentityOverview, IdentityQuota,
    LastLogin, MessageOverview, MessageRecipient, MetricRef, RelationshipDetails, RelationshipOverview,
    RequestedBy, TemplateOverview, TierOverview, TierRef, TokenOverview, Traffic,
};
use backbone_proto::dto::relationships::{
    RelationshipAuditLogEntry, RelationshipAuditLogEntryReason, RelationshipStatus,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use time::OffsetDateTime;
use time::macros::datetime;

use super::app::{App, IdentityData, Loaded, Request, Screen, Tab};

const AT: OffsetDateTime = datetime!(2026-12-04 18:50:12 UTC);
const ALICE: &str = "did:e:localhost:dids:a11ce00000000000000000";
const BOB: &str = "did:e:localhost:dids:b0b0000000000000000000";

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn press(app: &mut App, codes: &[KeyCode]) -> Vec<Request> {
    codes.iter().flat_map(|code| app.on_key(key(*code))).collect()
}

fn typed(app: &mut App, text: &str) -> Vec<Request> {
    text.chars().flat_map(|c| app.on_key(key(KeyCode::Char(c)))).collect()
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| super::ui::render(frame, app)).unwrap();
    terminal.backend().to_string()
}

fn landscapes() -> Vec<LandscapeSummary> {
    let summary = |name: &str, kind: &str, state, url: Option<&str>| LandscapeSummary {
        name: name.to_owned(),
        kind: kind.to_owned(),
        state,
        url: url.map(str::to_owned),
        expires_at: None,
    };
    vec![
        summary("dev", "dev", LandscapeState::Running, Some("http://127.0.0.1:8081")),
        summary("stage", "stage", LandscapeState::Stopped, None),
    ]
}

fn instance(id: u64, pid: u32, state: InstanceState, restarts: u32) -> InstanceSnapshot {
    InstanceSnapshot {
        id,
        pid: Some(pid),
        state,
        announcement: None,
        restarts,
        started_at: None,
        ready_at: None,
        last_exit: None,
        last_error: None,
    }
}

fn status() -> LandscapeStatus {
    let component = |name: &str, desired, ready, instances| ComponentStatus {
        name: name.to_owned(),
        desired_replicas: desired,
        ready_replicas: ready,
        autoscale: None,
        instances,
    };
    LandscapeStatus {
        name: "dev".to_owned(),
        kind: "dev".to_owned(),
        state: LandscapeState::Running,
        url: Some("http://127.0.0.1:8081".to_owned()),
        expires_at: None,
        error: None,
        state_dir: "/home/ops/.backbone/landscapes/dev".into(),
        components: vec![
            component("event-handler", 1, 1, vec![instance(1, 4101, InstanceState::Ready, 0)]),
            component(
                "consumer-api",
                2,
                1,
                vec![
                    instance(1, 4102, InstanceState::Ready, 0),
                    instance(2, 4107, InstanceState::Starting, 2),
                ],
            ),
        ],
    }
}

fn quota(id: &str, source: &str, metric: &str, max: i64, usage: u64, period: &str) -> IdentityQuota {
    IdentityQuota {
        id: id.to_owned(),
        source: source.to_owned(),
        metric: MetricRef { key: metric.to_owned(), display_name: metric.to_owned() },
        max,
        usage,
        period: period.to_owned(),
    }
}

fn identity_data() -> IdentityData {
    let device = |id: &str, username: &str, login: bool| DeviceOverview {
        id: id.to_owned(),
        username: username.to_owned(),
        created_at: AT,
        created_by_device: id.to_owned(),
        last_login: login.then_some(LastLogin { time: AT }),
        communication_language: "en".to_owned(),
        is_backup_device: !login,
    };
    let message = |id: &str, from: &str, to: &str| MessageOverview {
        message_id: id.to_owned(),
        sender_address: from.to_owned(),
        sender_device: "DVCbob00000000000000".to_owned(),
        send_date: AT,
        number_of_attachments: 1,
        recipients: vec![MessageRecipient {
            message_id: id.to_owned(),
            relationship_id: "RELab000000000000000".to_owned(),
            address: to.to_owned(),
            received_at: None,
        }],
    };
    let token = |id: &str, locked: bool| TokenOverview {
        id: id.to_owned(),
        created_by: Some(ALICE.to_owned()),
        created_by_device: Some("DVCalice000000000000".to_owned()),
        for_identity: None,
        created_at: AT,
        expires_at: AT + time::Duration::days(1),
        is_password_protected: true,
        failed_password_attempts: if locked { 100 } else { 3 },
        is_locked: locked,
    };
    IdentityData {
        details: IdentityDetails {
            address: ALICE.to_owned(),
            client_id: "test".to_owned(),
            public_key: "AAAA".to_owned(),
            tier_id: "TIRbasic000000000000".to_owned(),
            tier_name: "Basic".to_owned(),
            created_at: AT,
            identity_version: 1,
            status: "Active".to_owned(),
            deletion_grace_period_ends_at: None,
            number_of_devices: 2,
            quotas: vec![
                quota("QUOalice000000000000", "Individual", "NumberOfSentMessages", 5, 5, "Day"),
                quota("TQDbasic000000000000", "Tier", "UsedFileStorageSpace", 100, 12, "Month"),
            ],
            devices: vec![
                device("DVCalice000000000000", "USRalice000000000000", true),
                device("DVCbackup00000000000", "USRbackup00000000000", false),
            ],
        },
        relationships: vec![RelationshipOverview {
            id: "RELab000000000000000".to_owned(),
            peer: BOB.to_owned(),
            requested_by: RequestedBy::Peer,
            template_id: Some("RLTalice000000000000".to_owned()),
            status: RelationshipStatus::Active,
            creation_date: AT,
            answered_at: Some(AT),
            created_by_device: Some("DVCbob00000000000000".to_owned()),
            answered_by_device: Some("DVCalice000000000000".to_owned()),
        }],
        incoming: vec![message("MSGin000000000000000", BOB, ALICE)],
        outgoing: vec![message("MSGout00000000000000", ALICE, BOB)],
        files: vec![FileOverview {
            id: "FILalice000000000000".to_owned(),
            owner: ALICE.to_owned(),
            created_by: ALICE.to_owned(),
            created_at: AT,
            expires_at: AT + time::Duration::days(30),
            cipher_size: 4096,
            ownership_is_locked: false,
        }],
        tokens: vec![token("TOKopen0000000000000", false), token("TOKlocked00000000000", true)],
        templates: vec![TemplateOverview {
            id: "RLTalice000000000000".to_owned(),
            created_by: ALICE.to_owned(),
            created_by_device: "DVCalice000000000000".to_owned(),
            created_at: AT,
            expires_at: None,
            max_number_of_allocations: None,
            number_of_allocations: 1,
            for_identity: None,
            is_password_protected: false,
        }],
        deletion: vec![DeletionProcessOverview {
            id: "IDPalice000000000000".to_owned(),
            status: "Cancelled".to_owned(),
            created_at: AT,
            created_by_device: "DVCalice000000000000".to_owned(),
            grace_period_ends_at: None,
            grace_period_reminder1_sent_at: None,
            grace_period_reminder2_sent_at: None,
            grace_period_reminder3_sent_at: None,
        }],
    }
}

fn relationship() -> RelationshipDetails {
    let entry = |reason, old, new, by: &str, device: &str| RelationshipAuditLogEntry {
        created_at: AT,
        created_by: by.to_owned(),
        created_by_device: Some(device.to_owned()),
        reason,
        old_status: old,
        new_status: new,
    };
    RelationshipDetails {
        id: "RELab000000000000000".to_owned(),
        template_id: Some("RLTalice000000000000".to_owned()),
        from: BOB.to_owned(),
        to: ALICE.to_owned(),
        created_at: AT,
        status: RelationshipStatus::Active,
        audit_log: vec![
            entry(
                RelationshipAuditLogEntryReason::Creation,
                None,
                RelationshipStatus::Pending,
                BOB,
                "DVCbob00000000000000",
            ),
            entry(
                RelationshipAuditLogEntryReason::AcceptanceOfCreation,
                Some(RelationshipStatus::Pending),
                RelationshipStatus::Active,
                ALICE,
                "DVCalice000000000000",
            ),
        ],
    }
}

fn on_identity(role: Role) -> App {
    let mut app = App::new(role, "dev".to_owned());
    app.on_loaded(Loaded::Identity(Box::new(identity_data())), 0.0);
    app
}

#[test]
fn the_overview_shows_landscapes_components_and_rates() {
    let mut app = App::new(Role::Support, "dev".to_owned());
    assert_eq!(
        app.refresh(),
        [Request::Landscapes, Request::Status("dev".into()), Request::Traffic("dev".into())]
    );
    app.on_loaded(Loaded::Landscapes(landscapes()), 0.0);
    app.on_loaded(Loaded::Status(status()), 0.0);
    let traffic = |requests, server_errors| Traffic {
        requests,
        server_errors,
        sse_streams: 3,
        queue_depth: 4,
        instances_read: 1,
    };
    app.on_loaded(Loaded::Traffic(traffic(100, 1)), 0.0);
    app.on_loaded(Loaded::Traffic(traffic(150, 2)), 2.0);
    insta::assert_snapshot!("tui-overview", screen(&app));
    assert_eq!(press(&mut app, &[KeyCode::Down, KeyCode::Enter])[1], Request::Status("stage".into()));
    assert_eq!(app.landscape, "stage");
}

#[test]
fn search_asks_for_the_text_and_opens_the_selected_identity() {
    let mut app = App::new(Role::Support, "dev".to_owned());
    assert!(press(&mut app, &[KeyCode::Char('/')]).is_empty());
    assert_eq!(app.screen, Screen::Search);
    typed(&mut app, "USRalice");
    assert_eq!(
        press(&mut app, &[KeyCode::Enter]),
        [Request::Search { landscape: "dev".into(), text: "USRalice".into() }]
    );
    let found = |address: &str, devices| IdentityOverview {
        address: address.to_owned(),
        created_at: AT,
        last_login_at: Some(AT),
        created_with_client: "test".to_owned(),
        identity_version: 1,
        tier: TierRef { id: "TIRbasic000000000000".to_owned(), name: "Basic".to_owned() },
        number_of_devices: devices,
        status: "Active".to_owned(),
    };
    app.on_loaded(Loaded::Found(vec![found(ALICE, 2), found(BOB, 1)]), 0.0);
    press(&mut app, &[KeyCode::Down]);
    insta::assert_snapshot!("tui-search", screen(&app));
    assert_eq!(
        press(&mut app, &[KeyCode::Enter]),
        [Request::Identity { landscape: "dev".into(), address: BOB.into() }]
    );
}

#[test]
fn the_identity_page_has_a_tab_for_each_part_of_the_account() {
    let mut app = on_identity(Role::Support);
    insta::assert_snapshot!("tui-identity-devices", screen(&app));
    press(&mut app, &[KeyCode::Right]);
    assert_eq!(app.tab, Tab::Relationships);
    insta::assert_snapshot!("tui-identity-relationships", screen(&app));
    assert_eq!(
        press(&mut app, &[KeyCode::Enter]),
        [Request::Relationship { landscape: "dev".into(), id: "RELab000000000000000".into() }]
    );
    press(&mut app, &[KeyCode::Char('3')]);
    insta::assert_snapshot!("tui-identity-messages", screen(&app));
    press(&mut app, &[KeyCode::Char('4')]);
    insta::assert_snapshot!("tui-identity-files", screen(&app));
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Down]);
    insta::assert_snapshot!("tui-identity-tokens", screen(&app));
    press(&mut app, &[KeyCode::Char('6')]);
    insta::assert_snapshot!("tui-identity-quotas", screen(&app));
    press(&mut app, &[KeyCode::Char('7')]);
    insta::assert_snapshot!("tui-identity-deletion", screen(&app));
    press(&mut app, &[KeyCode::Left, KeyCode::Left]);
    assert_eq!(app.tab, Tab::Tokens);
}

#[test]
fn a_relationship_shows_its_timeline_and_leads_to_the_peer() {
    let mut app = on_identity(Role::Support);
    app.on_loaded(Loaded::Relationship(Box::new(relationship())), 0.0);
    assert_eq!(app.screen, Screen::Relationship);
    insta::assert_snapshot!("tui-relationship", screen(&app));
    assert_eq!(
        press(&mut app, &[KeyCode::Char('p')]),
        [Request::Identity { landscape: "dev".into(), address: BOB.into() }]
    );
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.screen, Screen::Identity);
}

#[test]
fn support_staff_change_nothing() {
    let mut app = on_identity(Role::Support);
    assert!(press(&mut app, &[KeyCode::Char('t')]).is_empty());
    assert!(press(&mut app, &[KeyCode::Char('5'), KeyCode::Down, KeyCode::Char('u')]).is_empty());
    assert_eq!(app.message.as_deref(), Some("The support role may not change accounts."));
    assert!(app.confirm.is_none());
    press(&mut app, &[KeyCode::Char('?')]);
    insta::assert_snapshot!("tui-help", screen(&app));
}

#[test]
fn operators_change_a_tier_and_unlock_a_token_after_saying_yes() {
    let mut app = on_identity(Role::Operator);
    assert_eq!(press(&mut app, &[KeyCode::Char('t')]), [Request::Tiers("dev".into())]);
    let tier = |id: &str, name: &str| TierOverview {
        id: id.to_owned(),
        name: name.to_owned(),
        can_be_used_as_default_for_client: true,
        can_be_manually_assigned: true,
        number_of_identities: 1,
    };
    app.on_loaded(
        Loaded::Tiers(vec![tier("TIRbasic000000000000", "Basic"), tier("TIRgold0000000000000", "Gold")]),
        0.0,
    );
    press(&mut app, &[KeyCode::Down]);
    insta::assert_snapshot!("tui-tier-picker", screen(&app));
    assert!(press(&mut app, &[KeyCode::Enter]).is_empty());
    insta::assert_snapshot!("tui-confirm", screen(&app));
    let change = Request::SetTier {
        landscape: "dev".into(),
        address: ALICE.into(),
        tier: "TIRgold0000000000000".into(),
    };
    assert_eq!(press(&mut app, &[KeyCode::Char('y')]), [change]);
    let reload = app.on_loaded(Loaded::Changed("moved".to_owned()), 0.0);
    assert_eq!(reload, [Request::Identity { landscape: "dev".into(), address: ALICE.into() }]);

    press(&mut app, &[KeyCode::Char('5'), KeyCode::Down, KeyCode::Char('u')]);
    assert!(press(&mut app, &[KeyCode::Char('n')]).is_empty(), "no is no");
    assert_eq!(app.message.as_deref(), Some("Nothing changed."));
    press(&mut app, &[KeyCode::Char('u')]);
    let unlock = Request::UnlockToken {
        landscape: "dev".into(),
        address: ALICE.into(),
        token: "TOKlocked00000000000".into(),
    };
    assert_eq!(press(&mut app, &[KeyCode::Char('y')]), [unlock]);
}
