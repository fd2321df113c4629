//! What to run for a component and how to treat its instances.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::probe::ReadinessProbe;

/// How to start one instance of a component. Every instance of a component is started identically.
#[derive(Clone)]
pub struct ProcessSpec {
    /// The program to run, e.g. the path of the `backbone` binary.
    pub program: PathBuf,
    /// Shown by `Debug` (unlike `env`): pass credentials through `env` or a config file, not here.
    pub args: Vec<OsString>,
    /// Variables set in addition to the supervisor's own environment (or instead of it, see `clear_env`).
    /// Values may be secrets: they are never logged and `Debug` shows only the names.
    pub env: BTreeMap<OsString, OsString>,
    /// Start from an empty environment instead of inheriting the supervisor's.
    pub clear_env: bool,
    pub current_dir: Option<PathBuf>,
    pub stderr: StderrTarget,
}

impl ProcessSpec {
    pub fn new(program: impl Into<PathBuf>) -> Self {
        Self {
            program: program.into(),
            args: Vec::new(),
            env: BTreeMap::new(),
            clear_env: false,
            current_dir: None,
            stderr: StderrTarget::Inherit,
        }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn args<I: IntoIterator<Item = A>, A: Into<OsString>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn env(mut self, name: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.insert(name.into(), value.into());
        self
    }

    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.current_dir = Some(dir.into());
        self
    }

    pub fn stderr(mut self, target: StderrTarget) -> Self {
        self.stderr = target;
        self
    }
}

impl fmt::Debug for ProcessSpec {
    // Hand-written so that environment values (database URLs, keys) never reach a log line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcessSpec")
            .field("program", &self.program)
            .field("args", &self.args)
            .field("env", &self.env.keys().collect::<Vec<_>>())
            .field("clear_env", &self.clear_env)
            .field("current_dir", &self.current_dir)
            .field("stderr", &self.stderr)
            .finish()
    }
}

/// Where an instance's stderr goes.
#[derive(Debug, Clone, Default)]
pub enum StderrTarget {
    /// The supervisor's own stderr.
    #[default]
    Inherit,
    Discard,
    /// One file per instance, see [`LogFiles`].
    Files(LogFiles),
}

/// Per-instance log files `<dir>/<component>-<instance id>.log`.
///
/// The file is rotated (`.log` → `.log.1` → … → `.log.<keep>`, the oldest dropped) when an instance (re)starts,
/// so the output of a crashed run survives its restart, and when it grows beyond `max_bytes` (at a line end
/// when possible), so a long-running instance cannot fill the disk. `keep: 0` truncates instead.
#[derive(Debug, Clone)]
pub struct LogFiles {
    pub dir: PathBuf,
    pub max_bytes: u64,
    pub keep: usize,
}

impl LogFiles {
    /// 10 MiB per file, three older files kept.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into(), max_bytes: 10 * 1024 * 1024, keep: 3 }
    }
}

/// When an instance counts as ready.
///
/// First its first stdout line must be a JSON value (the announcement, e.g. `{"consumer_api_url": …}`); then,
/// with a probe, the probe must pass. Both within `timeout` of the spawn, else the instance is killed and
/// restarted like one that crashed.
#[derive(Clone)]
pub struct Readiness {
    pub probe: Option<Arc<dyn ReadinessProbe>>,
    pub timeout: Duration,
    /// Pause between two probe attempts.
    pub interval: Duration,
}

impl Default for Readiness {
    fn default() -> Self {
        Self { probe: None, timeout: Duration::from_secs(60), interval: Duration::from_millis(200) }
    }
}

impl fmt::Debug for Readiness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Readiness")
            .field("probe", &self.probe.as_ref().map(|_| "…"))
            .field("timeout", &self.timeout)
            .field("interval", &self.interval)
            .finish()
    }
}

/// How instances that exit on their own are restarted.
#[derive(Debug, Clone)]
pub struct RestartPolicy {
    /// Delay before the first restart; doubled for each further one up to `max_backoff`.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// An instance that was ready this long before it exited starts over at `initial_backoff`.
    pub stable_after: Duration,
    /// `crash_loop_exits` exits within `crash_loop_window` put an instance into the crash-loop state: it is
    /// then restarted only every `max_backoff` until it stays up for `stable_after`.
    pub crash_loop_exits: usize,
    pub crash_loop_window: Duration,
}

impl Default for RestartPolicy {
    fn default() -> Self {
        Self {
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            stable_after: Duration::from_secs(60),
            crash_loop_exits: 5,
            crash_loop_window: Duration::from_secs(60),
        }
    }
}

/// Everything the supervisor needs to run a component's instances.
#[derive(Debug, Clone)]
pub struct ComponentSpec {
    pub process: ProcessSpec,
    pub readiness: Readiness,
    pub restart: RestartPolicy,
    /// How long a stopping instance may take after SIGTERM before it gets SIGKILL.
    pub drain_timeout: Duration,
    /// How long a stopping instance is shown as draining before it gets SIGTERM, so that load balancers
    /// watching the snapshot stop sending it requests first (Kubernetes' preStop pause).
    pub pre_stop_delay: Duration,
}

impl ComponentSpec {
    pub fn new(process: ProcessSpec) -> Self {
        Self {
            process,
            readiness: Readiness::default(),
            restart: RestartPolicy::default(),
            drain_timeout: Duration::from_secs(30),
            pre_stop_delay: Duration::ZERO,
        }
    }

    pub fn probe(mut self, probe: impl ReadinessProbe) -> Self {
        self.readiness.probe = Some(Arc::new(probe));
        self
    }

    pub fn readiness_timeout(mut self, timeout: Duration) -> Self {
        self.readiness.timeout = timeout;
        self
    }

    pub fn restart(mut self, policy: RestartPolicy) -> Self {
        self.restart = policy;
        self
    }

    pub fn drain_timeout(mut self, timeout: Duration) -> Self {
        self.drain_timeout = timeout;
        self
    }

    pub fn pre_stop_delay(mut self, delay: Duration) -> Self {
        self.pre_stop_delay = delay;
        self
    }
}
