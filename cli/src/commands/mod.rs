mod config;
mod daemon;
mod landscape;
mod operate;
mod service;
mod support;

pub use landscape::StartFailed;

use crate::cli::{Cli, Command};

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Landscape(command) => landscape::run(&cli.global, command).await,
        Command::Scale(args) => operate::scale(&cli.global, args).await,
        Command::Daemon(args) => daemon::run(&cli.global, args).await,
        Command::Token(command) => operate::token(&cli.global, command).await,
        Command::Vault(command) => operate::vault(&cli.global, command).await,
        Command::Audit { limit } => operate::audit(&cli.global, limit).await,
        Command::Identities(command) => support::identities(&cli.global, command).await,
        Command::Relationships(command) => support::relationships(&cli.global, command).await,
        Command::Messages(command) => support::messages(&cli.global, command).await,
        Command::Tiers(command) => support::tiers(&cli.global, command).await,
        Command::Clients(command) => support::clients(&cli.global, command).await,
        Command::Quotas(command) => support::quotas(&cli.global, command).await,
        Command::Announcements(command) => support::announcements(&cli.global, command).await,
        Command::Tui(crate::cli::SupportLandscape { landscape }) => {
            crate::tui::run(crate::admin::connect(&home()?, true).await?, landscape).await
        }
        Command::Service(command) => service::run(&cli.global, command).await,
        Command::Config(command) => config::run(&cli.global, command),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "backbone", &mut std::io::stdout());
            Ok(())
        }
    }
}

/// The effective configuration: defaults, a landscape's profile, the file, the environment, flags.
fn load_config(
    global: &crate::cli::GlobalArgs,
    loader: backbone_control_plane::config::ConfigLoader,
    flag: Option<(&str, &str)>,
) -> anyhow::Result<backbone_control_plane::config::BackboneConfig> {
    let loader = loader.file(global.config.as_deref())?.env();
    let loader = match flag {
        Some((key, value)) => loader.flag(key, Some(value)),
        None => loader,
    };
    Ok(loader.load()?)
}

/// Logs to standard error, filtered by `RUST_LOG` or the configuration.
fn init_logging(log: &backbone_control_plane::config::LogConfig) {
    use backbone_control_plane::config::LogFormat;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&log.filter));
    // Colours only for people at a terminal; log files and collectors get plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    // A closed stderr (the supervising daemon died) must not turn logging into panics: the default
    // reports a failed write with `eprintln!`, which panics, and would end the task that logged.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .log_internal_errors(false);
    let _ = match log.format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// A token cancelled by SIGINT or SIGTERM; listening starts now, before anything is started.
fn cancel_on_signal() -> anyhow::Result<tokio_util::sync::CancellationToken> {
    let stop_requested = crate::signals::stop_requested()?;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let cancel = shutdown.clone();
    tokio::spawn(async move {
        stop_requested.await;
        cancel.cancel();
        tracing::info!("stopping");
    });
    Ok(shutdown)
}

fn home() -> anyhow::Result<std::path::PathBuf> {
    Ok(backbone_control_plane::landscape::home_dir()?)
}

/// Asked before destructive actions: `--yes`, or a "y" typed at the terminal.
#[derive(Debug, thiserror::Error)]
#[error("{0} Not confirmed: pass --yes to confirm without a terminal")]
pub struct NotConfirmed(String);

fn confirm(question: &str, yes: bool) -> anyhow::Result<()> {
    use std::io::{BufRead as _, IsTerminal as _, Write as _};
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(NotConfirmed(question.to_owned()).into());
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        Err(NotConfirmed(question.to_owned()).into())
    }
}
