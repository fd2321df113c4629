mod config;
mod landscape;

use crate::cli::{Cli, Command};

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Landscape(command) => landscape::run(&cli.global, command).await,
        Command::Config(command) => config::run(&cli.global, command),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "backbone", &mut std::io::stdout());
            Ok(())
        }
    }
}

/// The effective configuration of a landscape: defaults, its profile, the file, the environment, flags.
fn load_config(
    global: &crate::cli::GlobalArgs,
    landscape: &backbone_control_plane::landscape::Landscape,
    listen: Option<&str>,
) -> anyhow::Result<backbone_control_plane::config::BackboneConfig> {
    Ok(backbone_control_plane::config::ConfigLoader::new(landscape.profile())
        .file(global.config.as_deref())?
        .env()
        .flag("server.listen", listen)
        .load()?)
}
