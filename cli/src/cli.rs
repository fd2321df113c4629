//! The command tree.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "backbone",
    version,
    about = "Run and operate an enmeshed Backbone",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Output format of data printed to standard output.
    #[arg(short, long, global = true, value_enum, default_value_t = Output::Text, env = "BACKBONE_OUTPUT")]
    pub output: Output,
    /// A TOML configuration file layered over the defaults.
    #[arg(short, long, global = true, env = "BACKBONE_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run landscapes: self-contained Backbone installations.
    #[command(subcommand)]
    Landscape(LandscapeCommand),
    /// Run single components, for landscapes that spread them over processes.
    #[command(subcommand)]
    Service(ServiceCommand),
    /// Inspect the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum LandscapeCommand {
    /// Start a landscape and run it until interrupted (Ctrl-C). Its state is kept for the next start.
    Up(LandscapeUpArgs),
}

#[derive(Debug, Args)]
pub struct LandscapeUpArgs {
    /// The landscape to start.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(backbone_control_plane::landscape::KNOWN_LANDSCAPES))]
    pub name: String,
    /// Where the landscape listens (`host:port`): the Consumer API in dev (`server.listen`), the gateway
    /// otherwise (`gateway.listen`).
    #[arg(long)]
    pub listen: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
    /// Run components in this process until interrupted. Needs, from the configuration file or
    /// `BACKBONE_*` variables, `database.url` (all but the gateway), `blob.url` (all but the
    /// event-handler and gateway), `gateway.tls` and `gateway.upstreams_file` (the gateway).
    Run(ServiceRunArgs),
}

#[derive(Debug, Args)]
pub struct ServiceRunArgs {
    /// The components to run.
    #[arg(required = true, value_parser = clap::builder::PossibleValuesParser::new(
        backbone_control_plane::components::Component::ALL.map(|component| component.name())
    ))]
    pub components: Vec<String>,
    /// Where the Consumer API listens (`host:port`; overrides `server.listen`), or the gateway when it
    /// runs (overrides `gateway.listen`).
    #[arg(long)]
    pub listen: Option<String>,
    /// Run as an instance of this landscape: its configuration defaults and the secrets, database and
    /// files in its state directory.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(backbone_control_plane::landscape::KNOWN_LANDSCAPES))]
    pub landscape: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print a commented example configuration file with every default.
    Example,
    /// Print the effective configuration of a landscape, secrets redacted.
    Show {
        /// The landscape whose defaults apply.
        #[arg(long, default_value = "dev")]
        landscape: String,
    },
}
