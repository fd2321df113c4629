//! `backbone daemon`: run it in the foreground, show it, stop it.

use std::time::Duration;

use backbone_admin::discovery::DaemonDir;
use backbone_admin::wire::DaemonInfo;
use backbone_daemon::DaemonOptions;

use crate::admin;
use crate::cli::{DaemonArgs, DaemonCommand, GlobalArgs};
use crate::output;

pub async fn run(global: &GlobalArgs, args: DaemonArgs) -> anyhow::Result<()> {
    let home = super::home()?;
    match args.command {
        None => {
            super::init_logging(&backbone_control_plane::config::LogConfig::default());
            let shutdown = super::cancel_on_signal()?;
            let options = DaemonOptions {
                home,
                listen: args.listen,
                program: std::env::current_exe()?,
                reap_interval: Duration::from_secs(1),
                autoscale_interval: args.autoscale_interval,
            };
            let format = global.output;
            backbone_daemon::run(options, shutdown, |url| {
                let _ = output::print(
                    format,
                    &serde_json::json!({ "url": url, "pid": std::process::id() }),
                    |_| format!("The daemon listens on {url}. Ctrl-C stops it and its landscapes.\n"),
                );
            })
            .await?;
            Ok(())
        }
        Some(DaemonCommand::Status) => {
            let info = admin::connect(&home, false).await?.daemon().await?;
            output::print(global.output, &info, describe)
        }
        Some(DaemonCommand::Stop) => {
            let client = match admin::connect(&home, false).await {
                Ok(client) => client,
                Err(error) if error.is::<admin::NoDaemon>() => {
                    return output::print(global.output, &serde_json::json!({ "stopped": false }), |_| {
                        "No daemon runs.\n".to_owned()
                    });
                }
                Err(error) => return Err(error),
            };
            client.stop_daemon().await?;
            // It removes its announcement once every landscape has stopped.
            let dir = DaemonDir::new(&home);
            while dir.read_announcement().ok().flatten().is_some() {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            output::print(global.output, &serde_json::json!({ "stopped": true }), |_| {
                "The daemon and its landscapes are stopped.\n".to_owned()
            })
        }
    }
}

fn describe(info: &DaemonInfo) -> String {
    format!(
        "The daemon {} (pid {}) listens on {} since {}.\n  Your role  {}\n",
        info.version,
        info.pid,
        info.url,
        super::landscape::format_time(info.started_at),
        info.role
    )
}
