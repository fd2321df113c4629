//! Components in separate processes (`backbone service run`), sharing PostgreSQL and RabbitMQ:
//! two Consumer APIs and an event handler that is killed and restarted mid-stream. Runs when
//! `BACKBONE_TEST_POSTGRES_URL` and `BACKBONE_TEST_RABBITMQ_URL` point at servers.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use backbone_testkit::{Identity, onboard, relate, result, sync_once};
use serde_json::{Value, json};

use super::{Home, backbone};

const CLIENT: (&str, &str) = ("test", "test");
const PASSWORD: &str = "password";
const MESSAGES: usize = 30;
const PASSWORD_STAGE: &str = "A-strong-password-1";

/// A `backbone service run` process, killed when dropped.
struct Service(Child);

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `component` and waits until it reports that it runs; returns it and its output.
fn service(home: &Path, config: &Path, component: &str) -> (Service, Value) {
    let mut child = backbone(home)
        .args(["-o", "json", "-c"])
        .arg(config)
        .args(["service", "run", component, "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let started =
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("{component} did not start: {line:?}"));
    (Service(child), started)
}

async fn fresh_postgres_database(url: &str) -> String {
    use sqlx::Executor as _;
    let name = format!("backbone_test_{}", rand::random::<u64>());
    let admin = backbone_store::Db::connect(url).await.unwrap();
    let mut conn = admin.conn().await.unwrap();
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.unwrap();
    drop(conn);
    admin.close().await;
    let (base, _) = url.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// Creates the identity's datawallet, as the client does after onboarding.
async fn create_datawallet(http: &reqwest::Client, api: &str, identity: &Identity) {
    let request = |method, path: &str| {
        http.request(method, format!("{api}{path}"))
            .bearer_auth(&identity.token)
            .header("x-supported-datawallet-version", "1")
    };
    let run = result(
        request(reqwest::Method::POST, "/api/v2/SyncRuns").json(&json!({"type": "DatawalletVersionUpgrade"})),
    )
    .await;
    let path = format!(
        "/api/v2/SyncRuns/{}/FinalizeDatawalletVersionUpgrade",
        run["syncRun"]["id"].as_str().unwrap()
    );
    result(request(reqwest::Method::PUT, &path).json(&json!({"newDatawalletVersion": 1}))).await;
}

#[tokio::test]
async fn events_cross_processes_through_rabbitmq_and_survive_an_event_handler_crash_exactly_once() {
    let (Ok(postgres), Ok(rabbitmq)) =
        (std::env::var("BACKBONE_TEST_POSTGRES_URL"), std::env::var("BACKBONE_TEST_RABBITMQ_URL"))
    else {
        eprintln!("skipped: set BACKBONE_TEST_POSTGRES_URL and BACKBONE_TEST_RABBITMQ_URL to run");
        return;
    };
    let unique = rand::random::<u32>();
    let bus = json!({"transport": "rabbitmq", "rabbitmq": {
        "url": rabbitmq, "exchange": format!("backbone.test.{unique}"), "queue": format!("backbone.test.{unique}"),
    }});
    survive_an_event_handler_crash(&fresh_postgres_database(&postgres).await, bus).await;
}

/// The embedded transport: the event handler relays the outbox of the SQLite file all processes share.
#[tokio::test]
async fn events_cross_processes_through_the_database_and_survive_an_event_handler_crash_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("shared.db").display());
    survive_an_event_handler_crash(&database, json!({"transport": "embedded"})).await;
}

/// `landscape up stage` through the daemon: every instance its own supervised process behind the gateway,
/// answering over TLS with the landscape's certificate.
struct Stage {
    home: Home,
    /// The landscape's name: `stage`, or a landscape file of the test's.
    landscape: String,
    url: String,
    http: reqwest::Client,
    client: (String, String),
    writer: Identity,
}

impl Stage {
    async fn up() -> Self {
        Self::up_in(Home::new(), "stage").await
    }

    async fn up_in(home: Home, landscape: &str) -> Self {
        let info = home.json(&["landscape", "up", landscape, "--listen", "127.0.0.1:0"]);
        let url = info["consumer_api_url"].as_str().unwrap().to_owned();
        assert!(url.starts_with("https://localhost:"), "{info}");
        assert_eq!(info["client_id"], "app");
        assert_eq!(info["client_secret"].as_str().unwrap().len(), 64, "a generated secret");
        let state = home.path().join("landscapes").join(landscape);
        let certificate = std::fs::read(state.join("tls/gateway-cert.pem")).unwrap();
        let http = reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&certificate).unwrap()])
            .build()
            .unwrap();
        result(http.get(format!("{url}/api/v2/Version"))).await;
        let client = (info["client_id"].as_str().unwrap(), info["client_secret"].as_str().unwrap());
        let writer = onboard(&http, &url, client, PASSWORD_STAGE).await;
        let client = (client.0.to_owned(), client.1.to_owned());
        Self { home, landscape: landscape.to_owned(), url, http, client, writer }
    }

    /// The Consumer API instances the gateway balances over.
    fn upstreams(&self) -> Vec<Value> {
        let path = self.home.path().join("landscapes").join(&self.landscape).join("upstreams.json");
        let file: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        file["upstreams"].as_array().unwrap().clone()
    }

    /// Creates a token (an authenticated write); its id once acknowledged.
    async fn write(&self) -> Result<String, String> {
        let token = json!({"content": "AQID", "expiresAt": "2099-01-01T00:00:00.000Z"});
        let response = self
            .http
            .post(format!("{}/api/v2/Tokens", self.url))
            .bearer_auth(&self.writer.token)
            .json(&token)
            .send()
            .await
            .map_err(|error| error.to_string())?;
        if response.status() != 201 {
            return Err(format!("{}: {}", response.status(), response.text().await.unwrap_or_default()));
        }
        let created: Value = response.json().await.map_err(|error| error.to_string())?;
        Ok(created["result"]["id"].as_str().unwrap().to_owned())
    }

    async fn read(&self, id: &str) -> Result<(), String> {
        self.read_as(id, &self.writer.token).await
    }

    async fn read_as(&self, id: &str, access_token: &str) -> Result<(), String> {
        let response = self
            .http
            .get(format!("{}/api/v2/Tokens/{id}", self.url))
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(|error| error.to_string())?;
        if response.status() == 200 { Ok(()) } else { Err(format!("{}", response.status())) }
    }

    /// Every acknowledged write is still there.
    async fn assert_readable(&self, acknowledged: &[String]) {
        for id in acknowledged {
            result(self.http.get(format!("{}/api/v2/Tokens/{id}", self.url)).bearer_auth(&self.writer.token))
                .await;
        }
    }
}

/// Under a steady stream of authenticated writes, SIGKILL of a Consumer API instance loses no
/// acknowledged write and the supervisor replaces it; `down` leaves no instance behind.
#[tokio::test]
async fn the_stage_landscape_survives_losing_an_instance_and_stops_cleanly() {
    let stage = Stage::up().await;
    let before = stage.upstreams();
    assert_eq!(before.len(), 2, "two Consumer API instances");

    let mut acknowledged = Vec::new();
    let mut refused = 0;
    let victim = stage.home.instances(Some("consumer-api"))[0];
    for index in 0..120 {
        if index == 40 {
            let killed = std::process::Command::new("kill").args(["-KILL", &victim.to_string()]).status();
            assert!(killed.unwrap().success());
        }
        match stage.write().await {
            Ok(id) => acknowledged.push(id),
            Err(_) => refused += 1,
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused <= 2, "only writes in flight on the killed instance may fail: {refused}");
    stage.assert_readable(&acknowledged).await;
    let mut replaced = false;
    for _ in 0..100 {
        let now = stage.upstreams();
        if now.len() == 2 && now != before && !stage.home.instances(Some("consumer-api")).contains(&victim) {
            replaced = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(replaced, "the supervisor restarts the killed instance: {:?}", stage.upstreams());

    assert_eq!(stage.home.json(&["landscape", "down", "stage"])["state"], "stopped");
    assert!(stage.home.instances(None).is_empty(), "no instance outlives the landscape");
}

/// `backbone scale stage consumer-api=4`, then `=1`, while clients keep reading and writing through the
/// gateway: new instances join once ready, surplus ones leave the gateway before they drain, and not one
/// request fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scaling_the_consumer_api_2_4_1_under_load_fails_no_request() {
    let stage = std::sync::Arc::new(Stage::up().await);
    let (stop, clients) = steady_load(&stage, 3);
    let scale = |replicas: &str| {
        let stage = stage.clone();
        let replicas = replicas.to_owned();
        tokio::task::spawn_blocking(move || stage.home.json(&["scale", "stage", &replicas]))
    };
    let ready = |status: &Value| {
        let api =
            status["components"].as_array().unwrap().iter().find(|c| c["name"] == "consumer-api").unwrap();
        (api["desired_replicas"].as_u64().unwrap(), api["ready_replicas"].as_u64().unwrap())
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(ready(&scale("consumer-api=4").await.unwrap()), (4, 4));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(stage.upstreams().len(), 4, "the gateway balances over all four");
    let status = scale("consumer-api=1").await.unwrap();
    assert_eq!(ready(&status), (1, 1));
    assert_eq!(stage.home.instances(Some("consumer-api")).len(), 1, "the surplus instances are gone");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (acknowledged, failures) = finish(stop, clients).await;
    assert!(
        failures.is_empty(),
        "{} of {} requests failed: {failures:?}",
        failures.len(),
        acknowledged.len() * 2
    );
    assert!(acknowledged.len() > 50, "the load kept going: {}", acknowledged.len());
    stage.assert_readable(&acknowledged).await;
    let plan = stage.home.json(&["landscape", "plan", "stage"]);
    let change =
        plan["changes"].as_array().unwrap().iter().find(|c| c["component"] == "consumer-api").unwrap();
    assert_eq!(
        (change["current"].clone(), change["desired"].clone(), change["action"].clone()),
        (json!(1), json!(2), json!("scale_up")),
        "the file still asks for two"
    );
}

/// The gateway in its own process, over TLS, in front of two Consumer APIs (plus an event handler)
/// on one SQLite database: clients onboard, relate and message through it, and reads keep working
/// when one Consumer API is killed.
#[tokio::test]
async fn a_gateway_balances_consumer_apis_over_tls_and_survives_losing_one() {
    let home = tempfile::tempdir().unwrap();
    let certificate = backbone_gateway::tls::generate_self_signed(home.path()).unwrap();
    let upstreams_file = home.path().join("upstreams.json");
    let config = json!({
        "log": {"filter": "warn"},
        "database": {"url": format!("sqlite://{}", home.path().join("shared.db").display())},
        "blob": {"url": format!("file://{}", home.path().join("blobs").display())},
        "api": {
            "password_policy": "relaxed",
            "access_tokens": {"signing_key": "a signing key shared by every consumer api process"},
            "clients": [{"client_id": CLIENT.0, "client_secret": CLIENT.1}],
        },
        "gateway": {
            "listen": "127.0.0.1:0",
            "tls": {"cert_file": certificate.cert_file, "key_file": certificate.key_file},
            "upstreams_file": upstreams_file,
            "health_check_interval_ms": 200,
        },
    });
    let config_file = home.path().join("backbone.toml");
    std::fs::write(&config_file, toml::to_string(&config).unwrap()).unwrap();

    let mut apis = Vec::new();
    let mut upstreams = Vec::new();
    for index in 0..2 {
        let (api, started) = service(home.path(), &config_file, "consumer-api");
        let url = started["consumer_api_url"].as_str().unwrap();
        let port: u16 = url.rsplit_once(':').unwrap().1.parse().unwrap();
        upstreams
            .push(backbone_gateway::Upstream::new(format!("api-{index}"), ([127, 0, 0, 1], port).into()));
        apis.push(api);
    }
    backbone_gateway::upstreams::write_file(&upstreams_file, &upstreams).unwrap();
    let _event_handler = service(home.path(), &config_file, "event-handler").0;
    let (_gateway, started) = service(home.path(), &config_file, "gateway");
    let gateway = started["gateway_url"].as_str().unwrap().to_owned();
    assert!(gateway.starts_with("https://"), "{gateway}");

    let certificate =
        reqwest::Certificate::from_pem(&std::fs::read(&certificate.cert_file).unwrap()).unwrap();
    let http = reqwest::Client::builder().tls_certs_only([certificate]).build().unwrap();
    let mut ready = false;
    for _ in 0..100 {
        let version = http.get(format!("{gateway}/api/v2/Version")).send().await;
        if version.is_ok_and(|response| response.status().is_success()) {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the gateway never forwarded to a ready instance");
    let unknown = http.get(format!("{gateway}/api/v2/NoSuchThing")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);

    let sender = onboard(&http, &gateway, CLIENT, PASSWORD).await;
    let recipient = onboard(&http, &gateway, CLIENT, PASSWORD).await;
    create_datawallet(&http, &gateway, &recipient).await;
    relate(&http, (&sender, &gateway), (&recipient, &gateway)).await;

    drop(apis.remove(0));
    for _ in 0..20 {
        result(http.get(format!("{gateway}/api/v2/Identities/Self")).bearer_auth(&sender.token)).await;
    }
    // The event handler, another process on SQLite, picks the acceptance up within its poll interval.
    let mut events = Vec::new();
    for _ in 0..100 {
        events.extend(sync_once(&http, &gateway, &recipient.token).await);
        if !events.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(events.len(), 1, "the acceptance: {events:?}");
}

/// Two Consumer APIs and an event handler in separate processes: a sender writes through one API
/// while the event handler is killed and restarted; the recipient syncs through the other API and
/// gets every event exactly once.
async fn survive_an_event_handler_crash(database_url: &str, bus: Value) {
    let home = tempfile::tempdir().unwrap();
    let config = json!({
        "log": {"filter": "warn"},
        "database": {"url": database_url},
        "blob": {"url": format!("file://{}", home.path().join("blobs").display())},
        "bus": bus,
        "api": {
            "password_policy": "relaxed",
            "access_tokens": {"signing_key": "a signing key shared by every consumer api process"},
            "clients": [{"client_id": CLIENT.0, "client_secret": CLIENT.1}],
            "messages": {"max_unreceived_from_one_sender": 100},
        },
    });
    let config_file = home.path().join("backbone.toml");
    std::fs::write(&config_file, toml::to_string(&config).unwrap()).unwrap();

    let (_first_api, first) = service(home.path(), &config_file, "consumer-api");
    let (_second_api, second) = service(home.path(), &config_file, "consumer-api");
    let (first, second) = (
        first["consumer_api_url"].as_str().unwrap().to_owned(),
        second["consumer_api_url"].as_str().unwrap().to_owned(),
    );
    let (event_handler, _) = service(home.path(), &config_file, "event-handler");

    let http = reqwest::Client::new();
    let sender = onboard(&http, &first, CLIENT, PASSWORD).await;
    let recipient = onboard(&http, &second, CLIENT, PASSWORD).await;
    create_datawallet(&http, &second, &recipient).await;
    relate(&http, (&sender, &first), (&recipient, &second)).await;

    // The sender writes through the first API; the event handler dies after a third of the
    // messages and comes back after two thirds.
    let mut event_handler = Some(event_handler);
    let mut sent = Vec::new();
    for index in 0..MESSAGES {
        if index == MESSAGES / 3 {
            drop(event_handler.take());
        }
        if index == 2 * MESSAGES / 3 {
            event_handler = Some(service(home.path(), &config_file, "event-handler").0);
        }
        let message = json!({"recipients": [{"address": recipient.address, "encryptedKey": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}], "body": "AQID", "attachments": []});
        let created =
            result(http.post(format!("{first}/api/v2/Messages")).bearer_auth(&sender.token).json(&message))
                .await;
        sent.push(created["id"].as_str().unwrap().to_owned());
    }

    // The recipient syncs through the second API until every event arrived, then once more.
    let mut received: BTreeMap<String, usize> = BTreeMap::new();
    let mut relationship_events = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while received.len() < MESSAGES && tokio::time::Instant::now() < deadline {
        for event in sync_once(&http, &second, &recipient.token).await {
            match event["type"].as_str().unwrap() {
                "MessageReceived" => {
                    *received.entry(event["payload"]["id"].as_str().unwrap().to_owned()).or_default() += 1
                }
                "RelationshipStatusChanged" => relationship_events += 1,
                other => panic!("unexpected event {other}"),
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(sync_once(&http, &second, &recipient.token).await.is_empty(), "no late duplicates");

    assert_eq!(relationship_events, 1, "the acceptance, once");
    assert_eq!(received.keys().cloned().collect::<Vec<_>>(), {
        let mut sent = sent;
        sent.sort();
        sent
    });
    assert!(received.values().all(|count| *count == 1), "every message once: {received:?}");
    drop(event_handler);
}

/// `backbone vault rotate` of the signing key and of the OAuth client secret on a running stage landscape,
/// under load: every instance follows without a restart, new tokens are signed with the new key, tokens
/// signed with the old one stay valid through the overlap, both client secrets work through the grace
/// window, and not one request fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_the_signing_key_and_the_client_secret_under_load_fails_no_request() {
    let stage = std::sync::Arc::new(Stage::up().await);
    let (stop, clients) = steady_load(&stage, 2);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let home = stage.clone();
    let rotation = tokio::task::spawn_blocking(move || {
        home.home.json(&["vault", "rotate", "access-token-signing-key", "--landscape", "stage", "--yes"])
    })
    .await
    .unwrap();
    let version = rotation["version"].as_str().unwrap().to_owned();
    assert_ne!(rotation["previous_version"], rotation["version"]);
    let kid = |token: &str| {
        use base64::Engine as _;
        let header = token.split('.').next().unwrap();
        let header: Value =
            serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(header).unwrap())
                .unwrap();
        header["kid"].clone()
    };
    // The new key signs once every instance verifies it: 5 s after the rotation, seen within 2 s.
    let client = (stage.client.0.as_str(), stage.client.1.as_str());
    let mut fresh = String::new();
    for _ in 0..40 {
        fresh =
            backbone_testkit::login(&stage.http, &stage.url, client, &stage.writer.username, PASSWORD_STAGE)
                .await;
        if kid(&fresh) != kid(&stage.writer.token) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_ne!(kid(&fresh), kid(&stage.writer.token), "new tokens are signed with the new key");
    let id = stage.write().await.unwrap();
    for _ in 0..4 {
        stage.read_as(&id, &fresh).await.unwrap();
        stage.read_as(&id, &stage.writer.token).await.unwrap();
    }

    // The OAuth client secret: through the grace window the old one and the new one both log in.
    let home = stage.clone();
    let rotated = tokio::task::spawn_blocking(move || {
        home.home.json(&["vault", "rotate", "client-secret-app", "--landscape", "stage", "--yes"])
    })
    .await
    .unwrap();
    assert!(rotated["previous_retired_after"].is_string(), "{rotated}");
    // `up` hands out the new secret once every instance accepts it.
    let mut new_secret = stage.client.1.clone();
    for _ in 0..40 {
        let home = stage.clone();
        let info =
            tokio::task::spawn_blocking(move || home.home.json(&["landscape", "up", "stage"])).await.unwrap();
        new_secret = info["client_secret"].as_str().unwrap().to_owned();
        if new_secret != stage.client.1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_ne!(new_secret, stage.client.1, "`up` hands out the new secret");
    for secret in [stage.client.1.as_str(), new_secret.as_str()] {
        let token = backbone_testkit::login(
            &stage.http,
            &stage.url,
            ("app", secret),
            &stage.writer.username,
            PASSWORD_STAGE,
        )
        .await;
        stage.read_as(&id, &token).await.unwrap();
    }
    let form = [
        ("grant_type", "password"),
        ("client_id", "app"),
        ("client_secret", "not-the-secret"),
        ("username", stage.writer.username.as_str()),
        ("password", PASSWORD_STAGE),
    ];
    let refused = stage.http.post(format!("{}/connect/token", stage.url)).form(&form).send().await.unwrap();
    assert_eq!(refused.status(), 400, "other secrets stay refused");

    let (acknowledged, failures) = finish(stop, clients).await;
    assert!(failures.is_empty(), "{} requests failed, first: {:?}", failures.len(), failures.first());
    assert!(acknowledged.len() > 20, "the load kept going: {}", acknowledged.len());

    let history = stage.home.json(&["vault", "history", "access-token-signing-key", "--landscape", "stage"]);
    let states: Vec<(String, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|version| {
            (version["version"].as_str().unwrap().to_owned(), version["state"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(states.len(), 2);
    assert_eq!(states[0], (version.clone(), "current".to_owned()));
    assert_eq!(states[1].1, "previous", "the old key keeps verifying through the overlap");
    let audit = stage.home.json(&["audit"]);
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["action"] == "vault.rotate" && entry["detail"]["version"] == version.as_str()),
        "{audit}"
    );
}

/// On PostgreSQL the instances connect as a login from the vault; rotating it creates a new login, the
/// instances switch their pools, and the daemon drops the old login after the grace window, with no
/// failed request.
#[tokio::test]
async fn rotating_the_database_credential_under_load_fails_no_request() {
    let Ok(postgres) = std::env::var("BACKBONE_TEST_POSTGRES_URL") else { return };
    let database = fresh_postgres_database(&postgres).await;
    let home = Home::new();
    let dir = home.path().join("landscapes/pg");
    std::fs::create_dir_all(&dir).unwrap();
    let file = format!(
        "kind = \"stage\"\nrun = \"processes\"\nlisten = \"127.0.0.1:0\"\n\n[components]\n\
         event-handler = {{ replicas = 1 }}\nhousekeeper = {{ replicas = 1 }}\ndeletion-jobs = {{ replicas = 1 }}\n\
         consumer-api = {{ replicas = 2 }}\ngateway = {{ replicas = 1 }}\n\n\
         [secrets.database-credential]\ngrace = \"4s\"\n\n[config]\ndatabase.url = \"{database}\"\n"
    );
    std::fs::write(dir.join("landscape.toml"), file).unwrap();
    let stage = std::sync::Arc::new(Stage::up_in(home, "pg").await);
    let admin = backbone_store::Db::connect(&database).await.unwrap();
    let login = |stage: std::sync::Arc<Stage>| async move {
        let shown = tokio::task::spawn_blocking(move || {
            stage.home.json(&["vault", "show", "database-credential", "--landscape", "pg", "--reveal"])
        })
        .await
        .unwrap();
        shown["value"].as_str().unwrap().split_once(':').unwrap().0.to_owned()
    };
    let first = login(stage.clone()).await;
    assert!(first.starts_with("backbone_test_") && first.contains("_app_"), "{first}");
    let sessions = async |user: &str| -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE usename = $1")
            .bind(user)
            .fetch_one(&mut *admin.conn().await.unwrap())
            .await
            .unwrap()
    };
    assert!(sessions(&first).await > 0, "the instances connect as the vault's login");

    let (stop, clients) = steady_load(&stage, 2);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let home = stage.clone();
    let rotation = tokio::task::spawn_blocking(move || {
        home.home.json(&["vault", "rotate", "database-credential", "--landscape", "pg", "--yes"])
    })
    .await
    .unwrap();
    let second = login(stage.clone()).await;
    assert_ne!(first, second, "{rotation}");
    let mut dropped = false;
    for _ in 0..150 {
        if !admin.role_exists(&first).await.unwrap() {
            dropped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(dropped, "the daemon drops the old login after the grace window");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (acknowledged, failures) = finish(stop, clients).await;
    assert!(failures.is_empty(), "{} requests failed, first: {:?}", failures.len(), failures.first());
    assert!(acknowledged.len() > 40, "the load kept going: {}", acknowledged.len());
    stage.assert_readable(&acknowledged).await;
    assert!(sessions(&second).await > 0, "the instances switched to the new login");
    assert_eq!(sessions(&first).await, 0);

    let history = stage.home.json(&["vault", "history", "database-credential", "--landscape", "pg"]);
    assert_eq!(history[1]["state"], "retired", "{history}");
    let audit = stage.home.json(&["audit"]);
    assert!(
        audit.as_array().unwrap().iter().any(|entry| entry["action"] == "vault.retire"
            && entry["target"] == "pg/database-credential"
            && entry["detail"]["version"] == rotation["previous_version"]),
        "{audit}"
    );
    admin.close().await;
}

/// Stops the load; every client's acknowledged writes and failed requests.
async fn finish(
    stop: tokio_util::sync::CancellationToken,
    mut clients: LoadClients,
) -> (Vec<String>, Vec<String>) {
    stop.cancel();
    let (mut acknowledged, mut failures) = (Vec::new(), Vec::new());
    while let Some(outcome) = clients.join_next().await {
        let (ids, errors) = outcome.unwrap();
        acknowledged.extend(ids);
        failures.extend(errors);
    }
    (acknowledged, failures)
}

/// Each load client's acknowledged writes and failed requests.
type LoadClients = tokio::task::JoinSet<(Vec<String>, Vec<String>)>;

/// `clients` clients writing and reading back through the gateway about 12 times a second each, below the
/// gateway's rate limit per address; stopped by cancelling the token, they return what they wrote and what failed.
fn steady_load(
    stage: &std::sync::Arc<Stage>,
    clients: usize,
) -> (tokio_util::sync::CancellationToken, LoadClients) {
    let stop = tokio_util::sync::CancellationToken::new();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let (stage, stop) = (stage.clone(), stop.clone());
        tasks.spawn(async move {
            let (mut acknowledged, mut failures) = (Vec::new(), Vec::new());
            while !stop.is_cancelled() {
                match stage.write().await {
                    Ok(id) => {
                        if let Err(error) = stage.read(&id).await {
                            failures.push(error);
                        }
                        acknowledged.push(id);
                    }
                    Err(error) => failures.push(error),
                }
                tokio::time::sleep(Duration::from_millis(80)).await;
            }
            (acknowledged, failures)
        });
    }
    (stop, tasks)
}
