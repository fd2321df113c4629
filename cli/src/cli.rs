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
    /// Tables and sentences for people.
    Text,
    /// One JSON document, for scripts (the schema is documented in README.md and stable).
    Json,
    /// The JSON document as YAML.
    Yaml,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run, inspect and remove landscapes: self-contained Backbone installations.
    #[command(subcommand)]
    Landscape(LandscapeCommand),
    /// Set the number of instances of a component of a running landscape.
    Scale(ScaleArgs),
    /// Run the control-plane daemon, which runs landscapes and serves the admin API the CLI uses.
    Daemon(DaemonArgs),
    /// Inspect and rotate the secrets in a landscape's vault (stage, prod and their copies).
    #[command(subcommand)]
    Vault(VaultCommand),
    /// Manage the admin API's tokens (operator role).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Show the audit log: every change made through the admin API (operator role).
    Audit {
        /// How many of the latest entries to show.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Find accounts and show them: devices, tier, deletion state (every role; read-only).
    #[command(subcommand)]
    Identities(IdentitiesCommand),
    /// List an identity's relationships, or show relationships with their whole history.
    #[command(subcommand)]
    Relationships(RelationshipsCommand),
    /// List the metadata of an identity's messages (never their content).
    #[command(subcommand)]
    Messages(MessagesCommand),
    /// List, create and delete tiers.
    #[command(subcommand)]
    Tiers(TiersCommand),
    /// List and manage the OAuth clients that apps onboard identities with.
    #[command(subcommand)]
    Clients(ClientsCommand),
    /// Quotas: limits on what identities create per period, for a whole tier or one identity.
    #[command(subcommand)]
    Quotas(QuotasCommand),
    /// Announcements: what the platform tells its users, in their languages.
    #[command(subcommand)]
    Announcements(AnnouncementsCommand),
    /// A terminal console: the landscape overview, live, and an account inspector (`/` searches, `?` shows
    /// the keys). Read-only unless your role may change accounts, and it asks before any change.
    Tui(SupportLandscape),
    /// Run single components, as a landscape's instances do.
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
    /// Start a landscape (or bring a running one to its file's replicas) and wait until it is ready.
    /// Starts the daemon in the background if none runs.
    Up(LandscapeUpArgs),
    /// Stop a landscape: drain and stop its instances. Its state is kept for the next `up`.
    Down(LandscapeName),
    /// Show a landscape's components: desired and ready replicas, instances.
    Status(LandscapeName),
    /// List the landscapes and their state.
    List,
    /// Show what `up` would change: components to start or scale, pending migrations.
    Plan(LandscapeName),
    /// Create a temporary landscape from another one's file and start it; it has its own state, port and
    /// secrets, and with `--ttl` is destroyed when its time is up.
    Create(LandscapeCreateArgs),
    /// Stop a landscape and delete its state: database, files, secrets, logs.
    Destroy(LandscapeDestroyArgs),
}

#[derive(Debug, Args)]
pub struct LandscapeName {
    /// The landscape: dev, stage, prod, or one made with `landscape create`.
    pub name: String,
}

#[derive(Debug, Args)]
pub struct LandscapeUpArgs {
    /// The landscape to start: dev, stage, prod, or one made with `landscape create`.
    pub name: String,
    /// Where the landscape listens (`host:port`), instead of its file's `listen`.
    #[arg(long)]
    pub listen: Option<String>,
}

#[derive(Debug, Args)]
pub struct LandscapeCreateArgs {
    /// The new landscape's name: lowercase letters, digits and dashes.
    pub name: String,
    /// The landscape whose file is copied.
    #[arg(long, default_value = "stage")]
    pub from: String,
    /// Destroy it, data and processes, this long after creation (`30m`, `8h`, `2d`).
    #[arg(long, value_parser = humantime::parse_duration)]
    pub ttl: Option<std::time::Duration>,
    /// Where it listens (`host:port`); by default a free port on the original's host.
    #[arg(long)]
    pub listen: Option<String>,
}

#[derive(Debug, Args)]
pub struct LandscapeDestroyArgs {
    pub name: String,
    /// Do not ask for confirmation (required when not at a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ScaleArgs {
    /// The running landscape.
    pub landscape: String,
    /// `component=replicas`, e.g. `consumer-api=4`.
    #[arg(value_parser = parse_replicas)]
    pub replicas: (String, usize),
}

fn parse_replicas(value: &str) -> Result<(String, usize), String> {
    let (component, replicas) =
        value.split_once('=').ok_or_else(|| format!("expected component=replicas, got '{value}'"))?;
    let replicas = replicas.parse().map_err(|_| format!("'{replicas}' is not a number of replicas"))?;
    Ok((component.to_owned(), replicas))
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DaemonArgs {
    #[command(subcommand)]
    pub command: Option<DaemonCommand>,
    /// Where the admin API listens; keep it on loopback.
    #[arg(long, default_value = "127.0.0.1:0", env = "BACKBONE_DAEMON_LISTEN")]
    pub listen: String,
    /// How often autoscaling policies are evaluated.
    #[arg(long, default_value = "15s", value_parser = humantime::parse_duration)]
    pub autoscale_interval: std::time::Duration,
}

#[derive(Debug, Subcommand)]
pub enum DaemonCommand {
    /// Show the running daemon: version, pid, URL, and the role of your token.
    Status,
    /// Stop every landscape, then the daemon.
    Stop,
}

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// List the secrets: names and current versions, never values.
    List(VaultLandscape),
    /// Show a secret's versions: state, when and by whom each was made; never values.
    History {
        secret: String,
        #[command(flatten)]
        landscape: VaultLandscape,
    },
    /// Look for secret values in the home's logs (the daemon's and every landscape's): where each turned
    /// up and which secret, never the value; exits 1 if any did (operator role).
    Scan,
    /// Show who may read and rotate the secrets (all, or one): the built-in policies, or the landscape
    /// file's `[secrets.<name>]` `read` and `rotate` lists.
    Policy {
        secret: Option<String>,
        #[command(flatten)]
        landscape: VaultLandscape,
    },
    /// Show a secret's current version; its value only with `--reveal`, if its policy lets your role read
    /// it (audited).
    Show {
        secret: String,
        #[command(flatten)]
        landscape: VaultLandscape,
        /// Print the value too.
        #[arg(long)]
        reveal: bool,
    },
    /// Put a version with a value of your own, read from standard input (never from the command line,
    /// which other users can see): all of it from a pipe or file (a PEM key, a JSON key file), one line at
    /// a terminal. It becomes current.
    Set {
        secret: String,
        #[command(flatten)]
        landscape: VaultLandscape,
    },
    /// Put a new random version of a secret. The replaced version stays accepted until nothing it signed can
    /// still be valid, then the daemon retires it.
    Rotate {
        secret: String,
        #[command(flatten)]
        landscape: VaultLandscape,
        /// Say what would happen without doing it.
        #[arg(long)]
        dry_run: bool,
        /// Do not ask for confirmation (required when not at a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct VaultLandscape {
    /// The landscape whose vault it is.
    #[arg(long, default_value = "stage")]
    pub landscape: String,
}

/// The running landscape whose accounts are looked at.
#[derive(Debug, Args)]
pub struct SupportLandscape {
    /// The landscape.
    #[arg(long, short = 'l', env = "BACKBONE_LANDSCAPE", default_value = "dev")]
    pub landscape: String,
}

/// A change to a running landscape's accounts, asked about at a terminal.
#[derive(Debug, Args)]
pub struct ConfirmedChange {
    #[command(flatten)]
    pub landscape: SupportLandscape,
    /// Do not ask for confirmation (required when not at a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum IdentitiesCommand {
    /// Find identities by address (or part of it), device id, username or client id.
    Search {
        text: String,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Show an identity: client, tier, status, devices with their last login, deletion processes.
    Show {
        address: String,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// List the tokens an identity created: who they are for, expiry, whether locked (never content).
    Tokens {
        address: String,
        /// Which page of 50.
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Move an identity to another tier (operator role; audited).
    SetTier {
        address: String,
        /// The tier's id (`backbone tiers list`).
        tier: String,
        #[command(flatten)]
        change: ConfirmedChange,
    },
    /// Unlock a token locked after 100 wrong passwords (operator role; audited).
    UnlockToken {
        token: String,
        #[command(flatten)]
        change: ConfirmedChange,
    },
}

#[derive(Debug, Subcommand)]
pub enum RelationshipsCommand {
    /// List the relationships of an identity, newest first: peer, who asked, status, when answered.
    List {
        #[arg(long)]
        participant: String,
        /// Which page of 50.
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Show relationships with their state timeline: who changed what, when, from which device.
    Inspect {
        #[arg(required = true)]
        ids: Vec<String>,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
}

#[derive(Debug, Subcommand)]
pub enum MessagesCommand {
    /// List an identity's messages, newest first: sender, recipients, when each received it.
    List {
        #[arg(long)]
        participant: String,
        /// Those it sent rather than those it received.
        #[arg(long)]
        outgoing: bool,
        /// Which page of 50.
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
}

#[derive(Debug, Subcommand)]
pub enum TiersCommand {
    /// List the tiers and how many identities each has.
    List(SupportLandscape),
    /// Show a tier and its quotas.
    Show {
        id: String,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Create a tier (operator role; audited).
    Create {
        /// 3 to 30 characters, unique.
        name: String,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Delete a tier nobody is in and no client defaults to (operator role; audited).
    Delete {
        id: String,
        #[command(flatten)]
        change: ConfirmedChange,
    },
}

#[derive(Debug, Subcommand)]
pub enum QuotasCommand {
    /// List what quotas can count.
    Metrics(SupportLandscape),
    /// Add a quota to a tier (all its identities) or to one identity, replacing its tier's for the metric
    /// (operator role; audited).
    Add {
        /// `NumberOfSentMessages`, `NumberOfFiles`, … (`quotas metrics`).
        metric: String,
        /// At most this many (files' storage space: MiB) per period.
        max: i64,
        /// Hour, Day, Week, Month, Year or Total.
        period: String,
        #[command(flatten)]
        owner: QuotaOwnerArgs,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Remove a quota from a tier or an identity (operator role; audited).
    Delete {
        /// The quota's id (`tiers show`, `identities show`).
        quota: String,
        #[command(flatten)]
        owner: QuotaOwnerArgs,
        #[command(flatten)]
        change: ConfirmedChange,
    },
}

#[derive(Debug, Subcommand)]
pub enum AnnouncementsCommand {
    /// List the announcements, newest first.
    List(SupportLandscape),
    /// Show an announcement with its texts, actions and recipients.
    Show {
        id: String,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Announce something (operator role; audited). Apps show it in their language, else in English.
    Create {
        /// The English title.
        #[arg(long)]
        title: String,
        /// The English text.
        #[arg(long)]
        body: String,
        /// The title and text in another language (ISO 639-1), e.g. `--translation de Wartung "Heute Nacht"`.
        #[arg(long, num_args = 3, value_names = ["LANGUAGE", "TITLE", "BODY"])]
        translation: Vec<String>,
        /// Low, Medium or High.
        #[arg(long, default_value = "Medium")]
        severity: String,
        /// Who sees it (at most 100); everybody if none.
        #[arg(long = "recipient")]
        recipients: Vec<String>,
        /// When apps stop showing it as current (RFC 3339).
        #[arg(long)]
        expires_at: Option<String>,
        /// Without a push notification.
        #[arg(long)]
        silent: bool,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Delete an announcement (operator role; audited).
    Delete {
        id: String,
        #[command(flatten)]
        change: ConfirmedChange,
    },
}

/// Whose quota it is.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct QuotaOwnerArgs {
    /// The tier's id: the quota applies to every identity in it.
    #[arg(long)]
    pub tier: Option<String>,
    /// The identity's address: the quota replaces its tier's for the metric.
    #[arg(long)]
    pub identity: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ClientsCommand {
    /// List the OAuth clients and how many identities each created.
    List(SupportLandscape),
    /// Create a client; its generated secret is shown once (operator role; audited).
    Create {
        /// Generated if not given.
        client_id: Option<String>,
        /// The tier new identities get: its name or id.
        #[arg(long, default_value = "Basic")]
        default_tier: String,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        max_identities: Option<i64>,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Change a client's default tier and cap on identities (operator role; audited).
    Update {
        client_id: String,
        #[arg(long)]
        default_tier: String,
        #[arg(long)]
        max_identities: Option<i64>,
        #[command(flatten)]
        landscape: SupportLandscape,
    },
    /// Give a client a new generated secret, shown once; the old one stops working at once (operator
    /// role; audited). A landscape's own clients rotate through the vault, with a grace window.
    ChangeSecret {
        client_id: String,
        #[command(flatten)]
        change: ConfirmedChange,
    },
    /// Delete a client; its identities keep working (operator role; audited).
    Delete {
        client_id: String,
        #[command(flatten)]
        change: ConfirmedChange,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token bound to a role; it is shown once.
    Create {
        /// A name for the token, shown in the audit log.
        name: String,
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["operator", "support", "automation"]))]
        role: String,
    },
    /// List the tokens (names and roles, never the tokens).
    List,
    /// Replace a token with a new one of the same name and role, shown once; the old one stops working.
    Rotate {
        name: String,
        /// Do not ask for confirmation (required when not at a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Revoke a token.
    Revoke {
        name: String,
        /// Do not ask for confirmation (required when not at a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
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
    #[arg(long)]
    pub landscape: Option<String>,
    /// Stop (as with SIGTERM) when the parent process ends: set by the daemon for its instances, so that
    /// none outlives a daemon that was killed.
    #[arg(long, hide = true)]
    pub exit_with_parent: bool,
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
