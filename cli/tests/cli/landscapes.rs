//! The daemon and its admin API through the CLI: landscape files, plans, roles and the audit log,
//! confirmations and exit codes, temporary landscapes that expire.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Home, stdout};

#[test]
fn landscapes_are_listed_and_planned_without_changing_anything() {
    let home = Home::new();
    let list = home.run(&["landscape", "list"]);
    assert!(list.status.success());
    insta::assert_snapshot!("landscape-list", stdout(&list));
    let plan = home.run(&["landscape", "plan", "stage"]);
    assert!(plan.status.success());
    insta::assert_snapshot!("landscape-plan-stage", stdout(&plan));
    assert!(!home.path().join("landscapes/stage").exists(), "a plan changes nothing");

    let status = home.json(&["landscape", "status", "stage"]);
    assert_eq!(status["state"], "stopped");
    let components: Vec<(String, u64, u64)> = status["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|component| {
            let count = |key: &str| component[key].as_u64().unwrap();
            (
                component["name"].as_str().unwrap().to_owned(),
                count("desired_replicas"),
                count("ready_replicas"),
            )
        })
        .collect();
    let names: Vec<&str> = components.iter().map(|(name, ..)| name.as_str()).collect();
    assert_eq!(
        names,
        ["event-handler", "housekeeper", "deletion-jobs", "consumer-api", "gateway"],
        "start order"
    );
    assert!(components.iter().all(|(_, desired, ready)| *desired == 0 && *ready == 0));
    let yaml = stdout(&home.run(&["-o", "yaml", "landscape", "status", "stage"]));
    assert!(yaml.contains("name: stage") && yaml.contains("state: stopped"), "{yaml}");
}

#[test]
fn exit_codes_tell_scripts_what_went_wrong() {
    let home = Home::new();
    let code = |args: &[&str]| home.run(args).status.code();
    assert_eq!(code(&["landscape", "status", "nowhere"]), Some(3), "not found");
    assert_eq!(code(&["landscape", "up", "Not_A_Name"]), Some(2), "invalid name");
    assert_eq!(code(&["landscape", "destroy", "stage"]), Some(2), "not confirmed without a terminal");
    assert_eq!(code(&["landscape", "destroy", "stage", "--yes"]), Some(5), "built-in landscapes stay");
    assert_eq!(code(&["scale", "stage", "consumer-api=3"]), Some(5), "stage is not running");
    assert_eq!(code(&["scale", "stage", "consumer-api"]), Some(2), "usage");
    let prod = home.run(&["landscape", "up", "prod"]);
    assert_eq!(prod.status.code(), Some(2), "prod needs a database");
    assert!(super::stderr(&prod).contains("database.url"), "{}", super::stderr(&prod));
}

#[test]
fn tokens_are_bound_to_roles_and_every_change_is_audited() {
    let home = Home::new();
    let created = home.json(&["token", "create", "helpdesk", "--role", "support"]);
    assert_eq!(created["role"], "support");
    let token = created["token"].as_str().unwrap();
    assert!(token.starts_with("bbt_"));
    let tokens = std::fs::read_to_string(home.path().join("daemon/tokens.json")).unwrap();
    assert!(!tokens.contains(token), "only digests are stored");

    let as_support = |args: &[&str]| {
        super::backbone(home.path())
            .args(args)
            .env("BACKBONE_TOKEN", token)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    assert!(as_support(&["landscape", "list"]).status.success(), "support reads");
    assert_eq!(as_support(&["landscape", "down", "dev"]).status.code(), Some(4), "but changes nothing");
    assert_eq!(as_support(&["token", "list"]).status.code(), Some(4));
    let role: Value =
        serde_json::from_slice(&as_support(&["-o", "json", "daemon", "status"]).stdout).unwrap();
    assert_eq!(role["role"], "support");
    let rotate = ["vault", "rotate", "access-token-signing-key", "--landscape", "stage", "--yes"];
    assert_eq!(as_support(&rotate).status.code(), Some(4), "support rotates no secret");

    let audit = home.json(&["audit"]);
    let entries: Vec<(String, String, String, u64)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let text = |key: &str| entry[key].as_str().unwrap_or_default().to_owned();
            (text("actor"), text("action"), text("target"), entry["status"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("local-operator".to_owned(), "token.create".to_owned(), "helpdesk".to_owned(), 200),
            ("helpdesk".to_owned(), "landscape.down".to_owned(), "dev".to_owned(), 403),
            (
                "helpdesk".to_owned(),
                "vault.rotate".to_owned(),
                "stage/access-token-signing-key".to_owned(),
                403
            ),
        ]
    );
    // Rotation: the same name and role, a new token; the old one stops working.
    let rotated = home.json(&["token", "rotate", "helpdesk", "--yes"]);
    assert_eq!(rotated["role"], "support");
    let new_token = rotated["token"].as_str().unwrap().to_owned();
    assert_ne!(new_token, token);
    assert_eq!(as_support(&["landscape", "list"]).status.code(), Some(4), "the old token is refused");
    let as_new = || {
        super::backbone(home.path())
            .args(["landscape", "list"])
            .env("BACKBONE_TOKEN", &new_token)
            .output()
            .unwrap()
    };
    assert!(as_new().status.success());
    assert_eq!(home.run(&["token", "rotate", "helpdesk"]).status.code(), Some(2), "not confirmed");
    let last = home.json(&["audit", "--limit", "1"]);
    assert_eq!((&last[0]["action"], &last[0]["detail"]["role"]), (&json!("token.rotate"), &json!("support")));

    let revoked = home.run(&["token", "revoke", "helpdesk", "--yes"]);
    assert!(revoked.status.success());
    assert_eq!(as_new().status.code(), Some(4), "a revoked token is refused");
}

/// `landscape create --ttl`: a copy with its own state and port, gone with its processes once its time
/// is up.
#[tokio::test]
async fn a_temporary_landscape_disappears_with_its_data_and_processes_when_its_ttl_ends() {
    let home = Home::new();
    let info = home.json(&["landscape", "create", "perf-1", "--from", "dev", "--ttl", "4s"]);
    let url = info["consumer_api_url"].as_str().unwrap();
    assert!(!url.ends_with(":8080"), "a port of its own: {url}");
    let state = home.path().join("landscapes/perf-1");
    assert_eq!(info["state_dir"], state.to_str().unwrap());
    assert_eq!(reqwest::get(format!("{url}/health")).await.unwrap().status(), 200);
    let file = std::fs::read_to_string(state.join("landscape.toml")).unwrap();
    assert!(file.contains("expires_at"), "{file}");
    assert!(!home.instances(Some("perf-1")).is_empty());
    let listed = home.json(&["landscape", "list"]);
    assert!(listed.as_array().unwrap().iter().any(|landscape| landscape["name"] == "perf-1"));

    let mut gone = false;
    for _ in 0..150 {
        let listed = home.json(&["landscape", "list"]);
        if !state.exists()
            && home.instances(Some("perf-1")).is_empty()
            && listed.as_array().unwrap().iter().all(|landscape| landscape["name"] != "perf-1")
        {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "perf-1 outlived its TTL");
    assert!(reqwest::get(format!("{url}/health")).await.is_err(), "nothing listens any more");
    let audit = home.json(&["audit"]);
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["action"] == "landscape.expire" && entry["actor"] == "daemon"),
        "{audit}"
    );
}

/// A landscape file of one's own with an autoscaling policy: the daemon measures the instances' CPU use
/// and adds instances (up to `max`), records it in the audit log, and refuses manual scaling.
#[tokio::test]
async fn the_daemon_autoscales_by_the_policy_in_the_landscape_file() {
    let home = Home::new();
    let dir = home.path().join("landscapes/auto");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("landscape.toml"),
        r#"kind = "stage"
run = "processes"
listen = "127.0.0.1:0"

[components]
event-handler = { replicas = 1 }
gateway = { replicas = 1 }
# Any CPU use at all is above this target.
consumer-api = { replicas = 1, autoscale = { min = 1, max = 2, target_cpu_percent = 0.01 } }
"#,
    )
    .unwrap();
    let mut daemon = super::backbone(home.path())
        .args(["-o", "json", "daemon", "--autoscale-interval", "500ms"])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(daemon.stdout.take().unwrap()), &mut line)
        .unwrap();
    assert!(line.contains("url"), "the daemon did not start: {line}");

    let info = home.json(&["landscape", "up", "auto"]);
    let url = info["consumer_api_url"].as_str().unwrap();
    let certificate = std::fs::read(dir.join("tls/gateway-cert.pem")).unwrap();
    let http = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&certificate).unwrap()])
        .build()
        .unwrap();
    let consumer_api = |status: &Value| {
        status["components"].as_array().unwrap().iter().find(|c| c["name"] == "consumer-api").unwrap().clone()
    };
    assert_eq!(consumer_api(&home.json(&["landscape", "status", "auto"]))["desired_replicas"], 1);

    let mut scaled = None;
    for _ in 0..100 {
        for _ in 0..5 {
            let _ = http.get(format!("{url}/api/v2/Version")).send().await;
        }
        let api = consumer_api(&home.json(&["landscape", "status", "auto"]));
        if api["desired_replicas"] == 2 && api["ready_replicas"] == 2 {
            scaled = Some(api);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let api = scaled.expect("the daemon scaled the Consumer API up");
    assert_eq!(api["autoscale"]["max"], 2);
    assert!(api["autoscale"]["cpu_percent"].as_f64().unwrap() > 0.01, "{api}");
    let audit = home.json(&["audit"]);
    assert!(
        audit.as_array().unwrap().iter().any(|entry| entry["action"] == "landscape.autoscale"
            && entry["actor"] == "daemon"
            && entry["target"] == "auto/consumer-api"
            && entry["detail"]["replicas"] == 2),
        "{audit}"
    );
    assert_eq!(home.run(&["scale", "auto", "consumer-api=1"]).status.code(), Some(5), "the policy decides");

    assert_eq!(home.json(&["daemon", "stop"])["stopped"], true);
    assert!(daemon.wait().unwrap().success(), "the daemon stops cleanly");
    assert!(super::processes_with_home(home.path()).is_empty(), "no process outlives the daemon");
}

/// A daemon killed outright takes its landscapes' instances with it, so that a new daemon finds the ports
/// free and no orphan keeps serving.
#[tokio::test]
async fn no_instance_outlives_a_killed_daemon() {
    let home = Home::new();
    home.json(&["landscape", "up", "dev", "--listen", "localhost:0"]);
    assert!(!home.instances(None).is_empty());
    let daemon: Value =
        serde_json::from_slice(&std::fs::read(home.path().join("daemon/daemon.json")).unwrap()).unwrap();
    let pid = daemon["pid"].to_string();
    assert!(std::process::Command::new("kill").args(["-KILL", &pid]).status().unwrap().success());
    let mut gone = false;
    for _ in 0..100 {
        if home.instances(None).is_empty() {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let left: Vec<String> = home
        .instances(None)
        .iter()
        .map(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default())
        .map(|status| status.lines().take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert!(gone, "instances outlived their daemon: {left:?}");
    let again = home.json(&["landscape", "up", "dev", "--listen", "localhost:0"]);
    assert_eq!(
        reqwest::get(format!("{}/health", again["consumer_api_url"].as_str().unwrap()))
            .await
            .unwrap()
            .status(),
        200,
        "a new daemon takes over"
    );
}

/// `vault set` reads the value from standard input; `vault show` prints it only with `--reveal`, which
/// only the operator role may; every read and change is audited with its version, never the value.
#[test]
fn secret_values_are_set_from_stdin_and_revealed_only_to_operators() {
    let home = Home::new();
    let set =
        |token: Option<&str>| set_secret(&home, "stage", "partner-api-key", "a-value-nobody-may-see", token);
    let first = set(None);
    assert!(first.status.success(), "{}", super::stderr(&first));
    let version: Value = serde_json::from_slice(&first.stdout).unwrap();

    let shown = home.run(&["-o", "json", "vault", "show", "partner-api-key", "--landscape", "stage"]);
    assert!(!stdout(&shown).contains("a-value-nobody-may-see"), "no value without --reveal");
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown[0]["version"], version["version"]);
    let revealed = home.json(&["vault", "show", "partner-api-key", "--landscape", "stage", "--reveal"]);
    assert_eq!(revealed["value"], "a-value-nobody-may-see");

    let automation = home.json(&["token", "create", "rotator", "--role", "automation"]);
    let token = automation["token"].as_str().unwrap();
    let reveal_as_automation = super::backbone(home.path())
        .args(["vault", "show", "partner-api-key", "--landscape", "stage", "--reveal"])
        .env("BACKBONE_TOKEN", token)
        .output()
        .unwrap();
    assert_eq!(
        reveal_as_automation.status.code(),
        Some(4),
        "automation sets and rotates, but reads no value"
    );
    assert!(set(Some(token)).status.success());

    let pem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----";
    assert!(set_secret(&home, "stage", "push-apns-some-app", pem, None).status.success());
    let revealed = home.json(&["vault", "show", "push-apns-some-app", "--landscape", "stage", "--reveal"]);
    assert_eq!(revealed["value"], pem, "a value from a pipe keeps its lines");

    let audit = std::fs::read_to_string(home.path().join("daemon/audit.log")).unwrap();
    assert!(!audit.contains("a-value-nobody-may-see"));
    let entries: Vec<(String, String, u64)> = home
        .json(&["audit"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["action"].as_str().unwrap().starts_with("vault."))
        .map(|entry| {
            (
                entry["actor"].as_str().unwrap().to_owned(),
                entry["action"].as_str().unwrap().to_owned(),
                entry["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("local-operator".to_owned(), "vault.set".to_owned(), 200),
            ("local-operator".to_owned(), "vault.history".to_owned(), 200),
            ("local-operator".to_owned(), "vault.reveal".to_owned(), 200),
            ("rotator".to_owned(), "vault.reveal".to_owned(), 403),
            ("rotator".to_owned(), "vault.set".to_owned(), 200),
            ("local-operator".to_owned(), "vault.set".to_owned(), 200),
            ("local-operator".to_owned(), "vault.reveal".to_owned(), 200),
        ]
    );
}

/// Each secret's policy, built in or from the landscape file, decides which roles read and rotate it and
/// which components load it; refusals are audited.
#[test]
fn each_secrets_policy_decides_who_reads_and_rotates_it() {
    let home = Home::new();
    write_landscape(&home, "bad", "[secrets.client-secret-app]\nrotate = [\"component:consumer-api\"]");
    let bad = home.run(&["landscape", "status", "bad"]);
    assert_eq!(bad.status.code(), Some(2), "components do not rotate");
    assert!(super::stderr(&bad).contains("components do not rotate"), "{}", super::stderr(&bad));
    write_landscape(&home, "bad", "[secrets.client-secret-app]\nread = [\"role:nobody\"]");
    assert_eq!(home.run(&["landscape", "status", "bad"]).status.code(), Some(2), "an unknown role");

    let policies = "[secrets.client-secret-app]\nrotate = [\"role:operator\"]\n\n\
                    [secrets.partner-api-key]\nread = [\"role:operator\", \"role:support\"]\n\n\
                    [secrets.access-token-signing-key]\nread = [\"role:operator\"]";
    write_landscape(&home, "pol", policies);
    for secret in ["client-secret-app", "partner-api-key"] {
        assert!(set_secret(&home, "pol", secret, "a-value-of-some-length", None).status.success());
    }
    let shown = home.run(&["vault", "policy", "--landscape", "pol"]);
    insta::assert_snapshot!("vault-policy", stdout(&shown));
    let one = home.json(&["vault", "policy", "client-secret-app", "--landscape", "pol"]);
    assert_eq!(one[0]["rotate"], serde_json::json!(["role:operator"]));
    assert_eq!(one[0]["from_landscape_file"], true);
    assert_eq!(home.run(&["vault", "policy", "nothing-here", "--landscape", "pol"]).status.code(), Some(3));

    let as_role = |role: &str, args: &[&str]| {
        let created = home.json(&["token", "create", &format!("a-{role}"), "--role", role]);
        let token = created["token"].as_str().unwrap().to_owned();
        let output = super::backbone(home.path()).args(args).env("BACKBONE_TOKEN", &token).output().unwrap();
        (output, token)
    };
    let rotate = ["vault", "rotate", "client-secret-app", "--landscape", "pol", "--yes"];
    let (refused, automation) = as_role("automation", &rotate);
    assert_eq!(refused.status.code(), Some(4), "the file keeps rotation to operators");
    assert!(super::stderr(&refused).contains("policy of client-secret-app"), "{}", super::stderr(&refused));
    let reveal = ["vault", "show", "partner-api-key", "--landscape", "pol", "--reveal"];
    let (revealed, support) = as_role("support", &reveal);
    assert!(revealed.status.success(), "the file lets support read it: {}", super::stderr(&revealed));
    assert_eq!(stdout(&revealed), "a-value-of-some-length\n");
    let as_token = |token: &str, args: &[&str]| {
        super::backbone(home.path()).args(args).env("BACKBONE_TOKEN", token).output().unwrap()
    };
    let other = as_token(&support, &["vault", "show", "client-secret-app", "--landscape", "pol", "--reveal"]);
    assert_eq!(other.status.code(), Some(4), "the built-in policy does not");
    let set = set_secret(&home, "pol", "client-secret-app", "chosen-by-a-script", Some(&automation));
    assert_eq!(set.status.code(), Some(4), "setting a version is rotating it");
    assert!(home.run(&rotate).status.success(), "operators still rotate");

    let audit = home.json(&["audit", "--limit", "100"]);
    let refusals: Vec<(&str, &str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["status"] == 403)
        .map(|entry| {
            (
                entry["actor"].as_str().unwrap(),
                entry["action"].as_str().unwrap(),
                entry["target"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        refusals,
        [
            ("a-automation", "vault.rotate", "pol/client-secret-app"),
            ("a-support", "vault.reveal", "pol/client-secret-app"),
            ("a-automation", "vault.set", "pol/client-secret-app"),
        ]
    );

    // Components load only what their policy lets them read: here, the Consumer API not the signing key.
    let instance =
        home.run(&["service", "run", "consumer-api", "--landscape", "pol", "--listen", "127.0.0.1:0"]);
    assert_eq!(instance.status.code(), Some(4));
    assert!(
        super::stderr(&instance).contains("consumer-api may not read access-token-signing-key"),
        "{}",
        super::stderr(&instance)
    );
}

/// `vault scan` finds secret values, admin tokens and access tokens in the logs and says where, never what.
#[test]
fn vault_scan_finds_secret_values_in_the_logs_without_printing_them() {
    let home = Home::new();
    let value = "a-leaked-value-of-some-length";
    assert!(set_secret(&home, "stage", "partner-api-key", value, None).status.success());
    let clean = home.json(&["vault", "scan"]);
    assert_eq!(clean["findings"], serde_json::json!([]));
    assert!(clean["files_scanned"].as_u64().unwrap() >= 2, "the daemon's log and audit log: {clean}");

    let logs = home.path().join("landscapes/stage/logs");
    std::fs::create_dir_all(&logs).unwrap();
    let token = format!("bbt_{}", "A".repeat(43));
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJERVZhYmMifQ.c2lnbmF0dXJlLW9mLWEtdG9rZW4";
    let lines = format!("a line\nsecret={value}\ntoken {token}\nAuthorization: Bearer {jwt}\n");
    std::fs::write(logs.join("consumer-api-0.log"), lines).unwrap();
    let leaked = home.run(&["-o", "json", "vault", "scan"]);
    assert_eq!(leaked.status.code(), Some(1));
    assert!(!stdout(&leaked).contains(value) && !stdout(&leaked).contains(&token), "{}", stdout(&leaked));
    let scan: Value = serde_json::from_slice(&leaked.stdout).unwrap();
    let findings: Vec<(u64, &str)> = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| (finding["line"].as_u64().unwrap(), finding["secret"].as_str().unwrap()))
        .collect();
    assert_eq!(findings, [(2, "partner-api-key"), (3, "admin token"), (4, "access token")]);
    std::fs::remove_file(logs.join("consumer-api-0.log")).unwrap();

    let support = home.json(&["token", "create", "helpdesk", "--role", "support"]);
    let refused = super::backbone(home.path())
        .args(["vault", "scan"])
        .env("BACKBONE_TOKEN", support["token"].as_str().unwrap())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(4), "scanning handles every value: operators only");
}

/// Writes a landscape file of kind stage that runs only a gateway, with `extra` at its end.
fn write_landscape(home: &Home, name: &str, extra: &str) {
    let dir = home.path().join("landscapes").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let file = format!(
        "kind = \"stage\"\nrun = \"processes\"\nlisten = \"127.0.0.1:0\"\n\n[components]\ngateway = {{ replicas = 1 }}\n\n{extra}\n"
    );
    std::fs::write(dir.join("landscape.toml"), file).unwrap();
}

/// `vault set` with the value on standard input, as `token` (else the local operator).
fn set_secret(
    home: &Home,
    landscape: &str,
    secret: &str,
    value: &str,
    token: Option<&str>,
) -> std::process::Output {
    use std::io::Write as _;
    let mut command = super::backbone(home.path());
    command.args(["-o", "json", "vault", "set", secret, "--landscape", landscape]);
    if let Some(token) = token {
        command.env("BACKBONE_TOKEN", token);
    }
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{value}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// A landscape file can schedule rotations; the daemon carries them out and audits them as its own.
#[tokio::test]
async fn the_daemon_rotates_secrets_on_the_landscape_files_schedule() {
    let home = Home::new();
    let landscape =
        |name: &str, schedule: &str| write_landscape(&home, name, &format!("[secrets]\n{schedule}"));
    landscape("typo", r#"client-secret-app = { rotate_every = "soon" }"#);
    assert_eq!(home.run(&["landscape", "status", "typo"]).status.code(), Some(2), "an invalid schedule");
    std::fs::remove_dir_all(home.path().join("landscapes/typo")).unwrap();

    landscape("rot", r#"access-token-signing-key = { rotate_every = "2s" }"#);
    let set =
        set_secret(&home, "rot", "access-token-signing-key", "a-first-signing-key-of-some-length", None);
    assert!(set.status.success());

    let mut rotated = false;
    for _ in 0..100 {
        let history = home.json(&["vault", "history", "access-token-signing-key", "--landscape", "rot"]);
        let history = history.as_array().unwrap();
        if history.len() >= 2 && history[0]["created_by"] == "daemon" && history[1]["state"] == "previous" {
            rotated = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(rotated, "the daemon rotated the key on schedule");
    let audit = home.json(&["audit"]);
    assert!(
        audit.as_array().unwrap().iter().any(|entry| entry["action"] == "vault.rotate"
            && entry["actor"] == "daemon"
            && entry["detail"]["scheduled"] == true),
        "{audit}"
    );
}
