//! The observable state of a supervisor, published through a `watch` channel.
//!
//! The serialised form is a stable schema (it is what `landscape status -o json` reports): snake_case names,
//! times as RFC 3339 UTC strings with milliseconds, durations in milliseconds, absent values as `null`.
//! New fields may be added; existing ones keep their name and meaning.
//!
//! ```json
//! {
//!   "components": [
//!     {
//!       "name": "consumer-api",
//!       "desired_replicas": 2,
//!       "ready_replicas": 1,
//!       "instances": [
//!         {
//!           "id": 1,
//!           "pid": 4242,
//!           "state": "ready",
//!           "backoff": null,
//!           "announcement": { "consumer_api_url": "http://localhost:41234", "pid": 4242 },
//!           "restarts": 0,
//!           "started_at": "2026-05-01T10:00:00.123Z",
//!           "ready_at": "2026-05-01T10:00:01.456Z",
//!           "last_exit": null,
//!           "last_error": null
//!         },
//!         {
//!           "id": 2,
//!           "pid": null,
//!           "state": "restarting",
//!           "backoff": { "attempt": 2, "delay_ms": 1000, "next_at": "2026-05-01T10:00:03.000Z" },
//!           "announcement": null,
//!           "restarts": 1,
//!           "started_at": "2026-05-01T10:00:01.000Z",
//!           "ready_at": null,
//!           "last_exit": { "code": 1, "signal": null, "at": "2026-05-01T10:00:02.000Z" },
//!           "last_error": "exited with code 1"
//!         }
//!       ]
//!     }
//!   ]
//! }
//! ```
//!
//! `state` is one of `starting`, `ready`, `draining`, `restarting`, `crash_loop`, `stopped`; `backoff` is set
//! exactly for `restarting` and `crash_loop`.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

/// Every component the supervisor manages, ordered by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub components: Vec<ComponentSnapshot>,
}

impl Snapshot {
    pub fn component(&self, name: &str) -> Option<&ComponentSnapshot> {
        self.components.iter().find(|component| component.name == name)
    }

    pub(crate) fn component_mut(&mut self, name: &str) -> Option<&mut ComponentSnapshot> {
        self.components.iter_mut().find(|component| component.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentSnapshot {
    pub name: String,
    pub desired_replicas: usize,
    /// Instances in state `ready`.
    pub ready_replicas: usize,
    /// Ordered by id. May hold more than `desired_replicas` while surplus instances drain.
    pub instances: Vec<InstanceSnapshot>,
}

impl ComponentSnapshot {
    /// The instances that may take requests.
    pub fn ready(&self) -> impl Iterator<Item = &InstanceSnapshot> {
        self.instances.iter().filter(|instance| instance.state == InstanceState::Ready)
    }

    pub fn instance(&self, id: u64) -> Option<&InstanceSnapshot> {
        self.instances.iter().find(|instance| instance.id == id)
    }

    pub(crate) fn recount(&mut self) {
        self.ready_replicas = self.ready().count();
    }
}

/// One instance: a slot that keeps its id across restarts of its process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "wire::Instance", try_from = "wire::Instance")]
pub struct InstanceSnapshot {
    /// Unique within the component, increasing: a higher id is a newer instance.
    pub id: u64,
    /// The current process, if one runs.
    pub pid: Option<u32>,
    pub state: InstanceState,
    /// The JSON value the current process printed as its first stdout line (e.g. its URL).
    pub announcement: Option<Value>,
    /// How often the process was started again after it exited or failed to become ready.
    pub restarts: u32,
    /// When the current (or last) process was spawned.
    pub started_at: Option<OffsetDateTime>,
    /// When the current process became ready.
    pub ready_at: Option<OffsetDateTime>,
    pub last_exit: Option<ExitInfo>,
    /// Why the last process exited or failed to start, for people.
    pub last_error: Option<String>,
}

impl InstanceSnapshot {
    pub(crate) fn new(id: u64) -> Self {
        Self {
            id,
            pid: None,
            state: InstanceState::Starting,
            announcement: None,
            restarts: 0,
            started_at: None,
            ready_at: None,
            last_exit: None,
            last_error: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstanceState {
    /// Spawned; waiting for the announcement line and the readiness probe.
    Starting,
    Ready,
    /// SIGTERM sent; waiting for it to exit.
    Draining,
    /// Exited unexpectedly; restarted at `next_at`.
    Restarting(Backoff),
    /// Exited too often in a short time; restarted only every maximum backoff until it stays up.
    CrashLoop(Backoff),
    /// Stopped on request (scale-down or shutdown).
    Stopped,
}

impl InstanceState {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Starting => "starting",
            Self::Ready => "ready",
            Self::Draining => "draining",
            Self::Restarting(_) => "restarting",
            Self::CrashLoop(_) => "crash_loop",
            Self::Stopped => "stopped",
        }
    }

    pub fn backoff(&self) -> Option<&Backoff> {
        match self {
            Self::Restarting(backoff) | Self::CrashLoop(backoff) => Some(backoff),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backoff {
    /// 1 for the first restart since the instance was last stable.
    pub attempt: u32,
    #[serde(rename = "delay_ms", with = "millis")]
    pub delay: Duration,
    #[serde(with = "time::serde::rfc3339")]
    pub next_at: OffsetDateTime,
}

/// How a process ended: `code` when it exited, `signal` when a signal ended it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitInfo {
    pub code: Option<i32>,
    pub signal: Option<i32>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl ExitInfo {
    pub(crate) fn from_status(status: std::process::ExitStatus) -> Self {
        use std::os::unix::process::ExitStatusExt;
        Self { code: status.code(), signal: status.signal(), at: now() }
    }

    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

impl std::fmt::Display for ExitInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.code, self.signal) {
            (Some(code), _) => write!(f, "exited with code {code}"),
            (None, Some(signal)) => write!(f, "killed by signal {signal}"),
            (None, None) => f.write_str("exited"),
        }
    }
}

/// Wall-clock time for display, in milliseconds like every time the Backbone reports.
pub(crate) fn now() -> OffsetDateTime {
    #[allow(clippy::disallowed_methods, reason = "display times of real processes; timers use tokio's clock")]
    let now = OffsetDateTime::now_utc();
    now.replace_millisecond(now.millisecond()).unwrap_or(now)
}

mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_millis)
    }
}

/// The serialised shape of an instance: a flat `state` name plus `backoff`, easier for scripts than a tagged enum.
mod wire {
    use serde::{Deserialize, Serialize};
    use serde_json::Value;
    use time::OffsetDateTime;

    use super::{Backoff, ExitInfo, InstanceSnapshot, InstanceState};

    #[derive(Serialize, Deserialize)]
    pub struct Instance {
        id: u64,
        pid: Option<u32>,
        state: String,
        backoff: Option<Backoff>,
        announcement: Option<Value>,
        restarts: u32,
        #[serde(with = "time::serde::rfc3339::option")]
        started_at: Option<OffsetDateTime>,
        #[serde(with = "time::serde::rfc3339::option")]
        ready_at: Option<OffsetDateTime>,
        last_exit: Option<ExitInfo>,
        last_error: Option<String>,
    }

    impl From<InstanceSnapshot> for Instance {
        fn from(instance: InstanceSnapshot) -> Self {
            Self {
                id: instance.id,
                pid: instance.pid,
                state: instance.state.name().to_owned(),
                backoff: instance.state.backoff().cloned(),
                announcement: instance.announcement,
                restarts: instance.restarts,
                started_at: instance.started_at,
                ready_at: instance.ready_at,
                last_exit: instance.last_exit,
                last_error: instance.last_error,
            }
        }
    }

    impl TryFrom<Instance> for InstanceSnapshot {
        type Error = String;

        fn try_from(wire: Instance) -> Result<Self, String> {
            let state = match (wire.state.as_str(), wire.backoff) {
                ("starting", _) => InstanceState::Starting,
                ("ready", _) => InstanceState::Ready,
                ("draining", _) => InstanceState::Draining,
                ("stopped", _) => InstanceState::Stopped,
                ("restarting", Some(backoff)) => InstanceState::Restarting(backoff),
                ("crash_loop", Some(backoff)) => InstanceState::CrashLoop(backoff),
                ("restarting" | "crash_loop", None) => {
                    return Err(format!("state `{}` needs `backoff`", wire.state));
                }
                (other, _) => return Err(format!("unknown instance state `{other}`")),
            };
            Ok(Self {
                id: wire.id,
                pid: wire.pid,
                state,
                announcement: wire.announcement,
                restarts: wire.restarts,
                started_at: wire.started_at,
                ready_at: wire.ready_at,
                last_exit: wire.last_exit,
                last_error: wire.last_error,
            })
        }
    }
}
