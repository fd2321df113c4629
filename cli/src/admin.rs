//! How the CLI reaches the daemon: `BACKBONE_DAEMON_URL` and `BACKBONE_TOKEN` if set, else the daemon of
//! this home (its announcement file and local operator token), started in the background if none runs.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::Context as _;
use backbone_admin::AdminClient;
use backbone_admin::discovery::DaemonDir;
use backbone_control_plane::config::is_config_variable;

/// How long a freshly started daemon may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(15);

/// No daemon runs for this home, and the command does not start one.
#[derive(Debug, thiserror::Error)]
#[error("no daemon runs for {0}; `backbone landscape up` or `backbone daemon` starts one")]
pub struct NoDaemon(pub String);

/// A client of this home's daemon, which is started in the background if `start` and none answers.
pub async fn connect(home: &Path, start: bool) -> anyhow::Result<AdminClient> {
    let url = std::env::var("BACKBONE_DAEMON_URL").ok().filter(|url| !url.is_empty());
    let token = std::env::var("BACKBONE_TOKEN").ok().filter(|token| !token.is_empty());
    if let Some(url) = url {
        let token = token.context("BACKBONE_DAEMON_URL needs BACKBONE_TOKEN")?;
        return Ok(AdminClient::new(&url, &token));
    }
    let dir = DaemonDir::new(home);
    if let Some(client) = running(&dir, token.as_deref()).await {
        return Ok(client);
    }
    if !start {
        anyhow::bail!(NoDaemon(home.display().to_string()));
    }
    spawn_daemon(&dir)?;
    let deadline = tokio::time::Instant::now() + START_TIMEOUT;
    while tokio::time::Instant::now() < deadline {
        if let Some(client) = running(&dir, token.as_deref()).await {
            return Ok(client);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    anyhow::bail!("the daemon did not start within {START_TIMEOUT:?}; see {}", dir.log().display())
}

/// The announced daemon, if it answers.
async fn running(dir: &DaemonDir, token: Option<&str>) -> Option<AdminClient> {
    let announcement = dir.read_announcement().ok()??;
    let token = match token {
        Some(token) => token.to_owned(),
        None => std::fs::read_to_string(dir.operator_token()).ok()?.trim().to_owned(),
    };
    let client = AdminClient::new(&announcement.url, &token);
    match client.daemon().await {
        Err(backbone_admin::AdminError::Unreachable { .. }) => None,
        // It answers: a refused token is an error for the caller to see, not a reason to start another.
        _ => Some(client),
    }
}

/// Starts `backbone daemon` in its own process group, detached from this terminal and its pipes, logging
/// to the daemon's log file. It gets no configuration variables of this shell: a landscape's settings
/// travel with each `up`, so that one caller's database does not become every landscape's default.
fn spawn_daemon(dir: &DaemonDir) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir.path())?;
    let log = std::fs::OpenOptions::new().create(true).append(true).open(dir.log())?;
    let mut command = std::process::Command::new(std::env::current_exe()?);
    command.arg("daemon").stdin(Stdio::null()).stdout(log.try_clone()?).stderr(log);
    for (name, _) in std::env::vars() {
        if is_config_variable(&name) || name == "BACKBONE_CONFIG" || name == "BACKBONE_OUTPUT" {
            command.env_remove(name);
        }
    }
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command.spawn().context("cannot start the daemon")?;
    Ok(())
}

/// The variables of this shell that a landscape's instances should see: configuration and log filter.
pub fn forwarded_variables() -> std::collections::BTreeMap<String, String> {
    std::env::vars().filter(|(name, _)| is_config_variable(name) || name == "RUST_LOG").collect()
}
