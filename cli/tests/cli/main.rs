//! The `backbone` binary as users and scripts see it: output, exit codes, generated files, and the
//! dev landscape's lifecycle.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test code fails loudly")]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use backbone_domain::id::ChallengeId;

mod distributed;
mod landscapes;
mod support;

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

/// A backbone home for one test. Dropping it looks for secret values in every log the test wrote there
/// (`vault scan`), stops its daemon and kills whatever process of it is left, so that none outlives the
/// test. Its commands log at `info`, so that the scan sees what operators' logs would hold.
const LOG_LEVEL: &str = "info";

pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        backbone(self.path()).args(args).env("RUST_LOG", LOG_LEVEL).stdin(Stdio::null()).output().unwrap()
    }

    /// Runs with `-o json`, expects success, returns the document.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let output = backbone(self.path())
            .args(["-o", "json"])
            .args(args)
            .env("RUST_LOG", LOG_LEVEL)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(output.status.success(), "backbone {args:?} failed: {}", stderr(&output));
        serde_json::from_str(&stdout(&output))
            .unwrap_or_else(|_| panic!("backbone {args:?} printed no JSON: {}", stdout(&output)))
    }

    /// The running instances (not the daemon) of this home, optionally of one component.
    pub fn instances(&self, component: Option<&str>) -> Vec<u32> {
        processes_with_home(self.path())
            .into_iter()
            .filter(|pid| {
                let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
                let args: Vec<&[u8]> = cmdline.split(|byte| *byte == 0).collect();
                args.contains(&b"service".as_slice())
                    && component.is_none_or(|component| args.contains(&component.as_bytes()))
            })
            .collect()
    }
}

impl Default for Home {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let scan = (!std::thread::panicking()).then(|| self.run(&["-o", "json", "vault", "scan"]));
        let _ = self.run(&["daemon", "stop"]);
        for pid in processes_with_home(self.path()) {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
        if let Some(scan) = scan {
            assert!(scan.status.success(), "secret values in the logs: {}{}", stdout(&scan), stderr(&scan));
        }
    }
}

/// The processes whose environment names `home` as `BACKBONE_HOME`.
pub fn processes_with_home(home: &Path) -> Vec<u32> {
    let needle = format!("BACKBONE_HOME={}", home.display());
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| *pid != std::process::id())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|environ| environ.split(|byte| *byte == 0).any(|entry| entry == needle.as_bytes()))
        })
        .collect()
}

#[tokio::test]
async fn the_dev_landscape_serves_stops_cleanly_and_keeps_its_state() {
    let home = Home::new();
    let info = home.json(&["landscape", "up", "dev", "--listen", "localhost:0"]);
    let url = info["consumer_api_url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("http://localhost:"), "{info}");
    assert_eq!(info["client_id"], "test");
    assert_eq!(info["client_secret"], "test");
    let state_dir = home.path().join("landscapes/dev");
    assert_eq!(info["state_dir"], state_dir.to_str().unwrap());
    assert!(state_dir.join("landscape.toml").is_file(), "the landscape file is there to edit");

    let health = reqwest::get(format!("{url}/health")).await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let client = reqwest::Client::new();
    let challenge: serde_json::Value = client
        .post(format!("{url}/api/v2/Challenges"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = challenge["result"]["id"].as_str().unwrap().to_owned();
    assert_eq!(home.json(&["landscape", "up", "dev"])["consumer_api_url"], url.as_str(), "up is idempotent");
    assert_eq!(home.json(&["landscape", "down", "dev"])["state"], "stopped");
    assert!(home.instances(None).is_empty(), "down stops every instance");

    let key = std::fs::read_to_string(state_dir.join("secrets/access-token-signing-key")).unwrap();
    let again = home.json(&["landscape", "up", "dev", "--listen", "localhost:0"]);
    assert_eq!(std::fs::read_to_string(state_dir.join("secrets/access-token-signing-key")).unwrap(), key);
    let health =
        reqwest::get(format!("{}/health", again["consumer_api_url"].as_str().unwrap())).await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    assert_eq!(home.json(&["landscape", "down", "dev"])["state"], "stopped");

    let db = backbone_store::Db::connect(&format!("sqlite://{}", state_dir.join("backbone.db").display()))
        .await
        .unwrap();
    let found = backbone_store::challenges::find(&mut db.conn().await.unwrap(), &ChallengeId::trusted(id))
        .await
        .unwrap();
    assert!(found.is_some(), "the second start reused the first one's database");
}
