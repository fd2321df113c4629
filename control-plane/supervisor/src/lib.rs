//! A local process supervisor: runs each instance of a landscape's components as its own OS process.
//!
//! A [`Supervisor`] manages named components, each a group of identical instances started from one
//! [`ComponentSpec`]. An instance is ready once its first stdout line parsed as JSON (its announcement, e.g.
//! `{"consumer_api_url": …}`) and then an optional [`ReadinessProbe`] (such as [`HttpProbe`]) passed.
//! Instances that exit on their own are restarted with exponential backoff; too many exits in a short time
//! put them into the crash-loop state. Scale-down and shutdown drain: SIGTERM, then SIGKILL after a timeout.
//!
//! Everything observable is in the [`Snapshot`] published through [`Supervisor::subscribe`]; its serialised
//! form is a stable schema (see [`snapshot`]).

mod backoff;
mod error;
mod instance;
mod log;
pub mod probe;
mod signal;
pub mod snapshot;
pub mod spec;
mod supervisor;

pub use error::SupervisorError;
pub use instance::{StopOutcome, StopReport};
pub use probe::{HttpProbe, ProbeError, ProbeFn, ReadinessProbe};
pub use snapshot::{Backoff, ComponentSnapshot, ExitInfo, InstanceSnapshot, InstanceState, Snapshot};
pub use spec::{ComponentSpec, LogFiles, ProcessSpec, Readiness, RestartPolicy, StderrTarget};
pub use supervisor::{ScaleReport, Supervisor};
