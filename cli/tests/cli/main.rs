//! The `backbone` binary as users and scripts see it: output, exit codes, generated files, and the
//! dev landscape's lifecycle.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test code fails loudly")]

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use backbone_domain::id::ChallengeId;

mod distributed;

fn backbone(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_backbone"));
    command.env("BACKBONE_HOME", home).env_remove("BACKBONE_CONFIG").env_remove("BACKBONE_OUTPUT");
    for (key, _) in std::env::vars() {
        if key.starts_with("BACKBONE_") && !key.starts_with("BACKBONE_TEST_") {
            command.env_remove(key);
        }
    }
    command
}

fn run(home: &Path, args: &[&str]) -> Output {
    backbone(home).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn config_example_is_generated_from_the_code() {
    let home = tempfile::tempdir().unwrap();
    let output = run(home.path(), &["config", "example"]);
    assert!(output.status.success());
    insta::assert_snapshot!("config-example", stdout(&output));
}

#[test]
fn config_show_prints_the_effective_dev_configuration_with_secrets_redacted() {
    let home = tempfile::tempdir().unwrap();
    let output = backbone(home.path())
        .args(["config", "show", "--landscape", "dev"])
        .env("BACKBONE_API__ACCESS_TOKENS__SIGNING_KEY", "a-very-secret-signing-key-of-some-length")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = stdout(&output);
    assert!(!shown.contains("a-very-secret"));
    insta::assert_snapshot!("config-show-dev", shown);

    let output = run(home.path(), &["config", "show", "-o", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["api"]["clients"][0]["client_secret"], "<redacted>");
}

#[test]
fn invalid_configuration_exits_with_the_usage_code_and_names_the_key() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("backbone.toml");
    std::fs::write(&file, "[api]\ndid_domian = \"typo\"\n").unwrap();
    let output = run(home.path(), &["config", "show", "--config", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("did_domian") && message.contains("backbone.toml"), "{message}");

    let output = run(home.path(), &["landscape", "up", "prod"]);
    assert_eq!(output.status.code(), Some(2), "unknown landscape");
}

#[test]
fn checked_in_completions_are_current() {
    let home = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions");
    for (shell, file) in [
        ("bash", "backbone.bash"),
        ("zsh", "_backbone"),
        ("fish", "backbone.fish"),
        ("powershell", "_backbone.ps1"),
        ("elvish", "backbone.elv"),
    ] {
        let generated = stdout(&run(home.path(), &["completions", shell]));
        let path = dir.join(file);
        if std::env::var_os("BACKBONE_BLESS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(checked_in == generated, "completions/{file} is stale; regenerate with BACKBONE_BLESS=1");
    }
}

/// A running `backbone landscape up dev`, stopped with Ctrl-C (SIGINT) on drop.
struct Landscape {
    child: Child,
    info: serde_json::Value,
}

impl Landscape {
    fn up(home: &Path) -> Self {
        let mut child = backbone(home)
            .args(["landscape", "up", "dev", "--listen", "localhost:0", "-o", "json"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let info = serde_json::from_str(&line).unwrap_or_else(|_| panic!("not the landscape info: {line:?}"));
        Self { child, info }
    }

    fn url(&self) -> &str {
        self.info["consumer_api_url"].as_str().unwrap()
    }

    fn interrupt(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        self.child.wait().unwrap()
    }
}

#[tokio::test]
async fn the_dev_landscape_serves_stops_cleanly_and_keeps_its_state() {
    let home = tempfile::tempdir().unwrap();
    let landscape = Landscape::up(home.path());
    assert!(landscape.url().starts_with("http://localhost:"), "{}", landscape.info);
    assert_eq!(landscape.info["client_id"], "test");
    assert_eq!(landscape.info["client_secret"], "test");
    let state_dir = home.path().join("landscapes/dev");
    assert_eq!(landscape.info["state_dir"], state_dir.to_str().unwrap());

    let health = reqwest::get(format!("{}/health", landscape.url())).await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let client = reqwest::Client::new();
    let challenge: serde_json::Value = client
        .post(format!("{}/api/v2/Challenges", landscape.url()))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = challenge["result"]["id"].as_str().unwrap().to_owned();
    assert!(landscape.interrupt().success(), "Ctrl-C stops the landscape cleanly");

    let key = std::fs::read_to_string(state_dir.join("secrets/access-token-signing-key")).unwrap();
    let again = Landscape::up(home.path());
    assert_eq!(std::fs::read_to_string(state_dir.join("secrets/access-token-signing-key")).unwrap(), key);
    let health = reqwest::get(format!("{}/health", again.url())).await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    assert!(again.interrupt().success());

    let db = backbone_store::Db::connect(&format!("sqlite://{}", state_dir.join("backbone.db").display()))
        .await
        .unwrap();
    let found = backbone_store::challenges::find(&mut db.conn().await.unwrap(), &ChallengeId::trusted(id))
        .await
        .unwrap();
    assert!(found.is_some(), "the second start reused the first one's database");
}
