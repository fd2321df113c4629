//! The life of one instance: spawn, readiness, restarts with backoff, drain.
//!
//! Each instance is a tokio task that owns its child process and writes its state into the shared snapshot;
//! the supervisor only asks it to stop (by cancelling its token) and awaits its [`StopReport`].

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};
use tokio::sync::{oneshot, watch};
use tokio_util::sync::CancellationToken;

use crate::backoff::RestartTracker;
use crate::error::StartError;
use crate::log::LogWriter;
use crate::probe::ProbeError;
use crate::signal;
use crate::snapshot::{self, Backoff, ExitInfo, InstanceSnapshot, InstanceState, Snapshot};
use crate::spec::{ComponentSpec, StderrTarget};

/// Longest accepted announcement line; a process that prints more without a newline is broken.
const MAX_ANNOUNCEMENT: usize = 64 * 1024;

/// How an instance ended when it was asked to stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopOutcome {
    /// It exited within the drain timeout after SIGTERM (`success()` tells whether with code 0).
    Exited(ExitInfo),
    /// It was still running when the drain timeout ended and got SIGKILL.
    Killed(ExitInfo),
    /// No process was running (it was waiting to be restarted).
    NotRunning,
    /// Waiting for the process failed; it may still run.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopReport {
    pub component: String,
    pub id: u64,
    /// The process that was stopped, if one ran.
    pub pid: Option<u32>,
    pub outcome: StopOutcome,
}

/// What an instance task needs.
pub(crate) struct Instance {
    pub component: Arc<str>,
    pub id: u64,
    pub spec: Arc<ComponentSpec>,
    pub snapshot: watch::Sender<Snapshot>,
    pub stop: CancellationToken,
}

/// A spawned process.
struct Running {
    child: Child,
    pid: Option<u32>,
    announcement: oneshot::Receiver<Result<Value, StartError>>,
}

/// Why a process is gone without being asked to stop.
struct Failure {
    exit: Option<ExitInfo>,
    error: String,
}

impl Instance {
    /// Runs the instance until it is asked to stop.
    pub async fn run(self) -> StopReport {
        let mut tracker = RestartTracker::new(self.spec.restart.clone());
        loop {
            let (failure, ready_for) = match self.spawn().await {
                Ok(running) => match self.supervise(running).await {
                    Ok(report) => return report,
                    Err(failed) => failed,
                },
                Err(error) => (Failure { exit: None, error: error.to_string() }, Duration::ZERO),
            };
            let decision = tracker.on_exit(Instant::now(), ready_for);
            let backoff = Backoff {
                attempt: decision.attempt,
                delay: decision.delay,
                next_at: snapshot::now() + decision.delay,
            };
            if decision.crash_loop {
                tracing::warn!(
                    component = %self.component, instance = self.id, error = %failure.error,
                    retry_in = ?decision.delay, "instance is crash-looping"
                );
            } else {
                tracing::warn!(
                    component = %self.component, instance = self.id, error = %failure.error,
                    retry_in = ?decision.delay, "instance failed; restarting"
                );
            }
            self.update(|instance| {
                instance.pid = None;
                instance.announcement = None;
                instance.ready_at = None;
                if failure.exit.is_some() {
                    instance.last_exit = failure.exit;
                }
                instance.last_error = Some(failure.error);
                instance.state = if decision.crash_loop {
                    InstanceState::CrashLoop(backoff)
                } else {
                    InstanceState::Restarting(backoff)
                };
            });
            tokio::select! {
                () = self.stop.cancelled() => {
                    self.update(|instance| instance.state = InstanceState::Stopped);
                    return self.report(None, StopOutcome::NotRunning);
                }
                () = tokio::time::sleep(decision.delay) => {}
            }
            self.update(|instance| instance.restarts = instance.restarts.saturating_add(1));
        }
    }

    async fn spawn(&self) -> Result<Running, StartError> {
        let process = &self.spec.process;
        let mut command = Command::new(&process.program);
        command.args(&process.args);
        if process.clear_env {
            command.env_clear();
        }
        command.envs(&process.env);
        if let Some(dir) = &process.current_dir {
            command.current_dir(dir);
        }
        let log = match &process.stderr {
            StderrTarget::Inherit => {
                command.stderr(Stdio::inherit());
                None
            }
            StderrTarget::Discard => {
                command.stderr(Stdio::null());
                None
            }
            StderrTarget::Files(files) => {
                command.stderr(Stdio::piped());
                let name = format!("{}-{}", self.component, self.id);
                Some(LogWriter::open(files, &name).await.map_err(StartError::Log)?)
            }
        };
        // Own process group: see `signal`. kill_on_drop: if the supervisor is dropped without a shutdown, its
        // processes die with it instead of running on unsupervised.
        command.stdin(Stdio::null()).stdout(Stdio::piped()).kill_on_drop(true).process_group(0);

        let mut child = command.spawn().map_err(StartError::Spawn)?;
        let pid = child.id();
        if let (Some(log), Some(stderr)) = (log, child.stderr.take()) {
            tracing::debug!(path = %log.path().display(), "instance log");
            tokio::spawn(log.copy_from(stderr));
        }
        let announcement = match child.stdout.take() {
            Some(stdout) => read_stdout(stdout),
            None => {
                let (sender, receiver) = oneshot::channel();
                let _ = sender.send(Err(StartError::NoAnnouncement));
                receiver
            }
        };
        // Not the args: they may carry credentials just like the environment.
        tracing::info!(
            component = %self.component, instance = self.id, pid, program = %process.program.display(),
            "instance started"
        );
        self.update(|instance| {
            instance.pid = pid;
            instance.state = InstanceState::Starting;
            instance.started_at = Some(snapshot::now());
        });
        Ok(Running { child, pid, announcement })
    }

    /// Waits for readiness, then for the exit. `Ok` once stopped on request; `Err` with how long it was ready
    /// when the process failed.
    async fn supervise(&self, mut running: Running) -> Result<StopReport, (Failure, Duration)> {
        let mut last = String::from("no announcement yet");
        let readiness = &self.spec.readiness;
        let became_ready = tokio::select! {
            () = self.stop.cancelled() => return Ok(self.drain(running).await),
            status = running.child.wait() => Err(exited(status)),
            ready = tokio::time::timeout(
                readiness.timeout, self.become_ready(&mut running.announcement, &mut last),
            ) => match ready {
                Ok(Ok(announcement)) => Ok(announcement),
                Ok(Err(error)) => Err(Failure { exit: None, error: error.to_string() }),
                Err(_) => Err(Failure {
                    exit: None,
                    error: StartError::Timeout { timeout: readiness.timeout, last }.to_string(),
                }),
            },
        };
        let announcement = match became_ready {
            Ok(announcement) => announcement,
            Err(mut failure) => {
                if failure.exit.is_none() {
                    // It runs but is of no use: end it before trying again.
                    failure.exit = kill(&mut running).await;
                }
                return Err((failure, Duration::ZERO));
            }
        };
        tracing::info!(component = %self.component, instance = self.id, pid = running.pid, "instance ready");
        self.update(|instance| {
            instance.state = InstanceState::Ready;
            instance.announcement = Some(announcement);
            instance.ready_at = Some(snapshot::now());
        });
        let ready_since = Instant::now();
        tokio::select! {
            () = self.stop.cancelled() => Ok(self.drain(running).await),
            status = running.child.wait() => Err((exited(status), ready_since.elapsed())),
        }
    }

    async fn become_ready(
        &self,
        announcement: &mut oneshot::Receiver<Result<Value, StartError>>,
        last: &mut String,
    ) -> Result<Value, StartError> {
        let announcement = announcement.await.map_err(|_| StartError::NoAnnouncement)??;
        // Published before the probe passes, so that a slow start shows where the instance listens.
        self.update(|instance| instance.announcement = Some(announcement.clone()));
        let Some(probe) = &self.spec.readiness.probe else {
            return Ok(announcement);
        };
        loop {
            match probe.check(&announcement).await {
                Ok(()) => return Ok(announcement),
                Err(ProbeError::NotReady(reason)) => *last = reason,
                Err(error @ ProbeError::Invalid(_)) => return Err(StartError::Probe(error)),
            }
            tokio::time::sleep(self.spec.readiness.interval).await;
        }
    }

    /// Draining for the pre-stop delay, then SIGTERM, then SIGKILL if it is still running after the
    /// drain timeout.
    async fn drain(&self, mut running: Running) -> StopReport {
        self.update(|instance| instance.state = InstanceState::Draining);
        tokio::time::sleep(self.spec.pre_stop_delay).await;
        if let Some(pid) = running.pid
            && let Err(error) = signal::terminate(pid)
        {
            tracing::warn!(component = %self.component, instance = self.id, pid, %error, "cannot send SIGTERM");
        }
        let outcome = match tokio::time::timeout(self.spec.drain_timeout, running.child.wait()).await {
            Ok(Ok(status)) => StopOutcome::Exited(ExitInfo::from_status(status)),
            Ok(Err(error)) => StopOutcome::Failed(error.to_string()),
            Err(_) => {
                tracing::warn!(
                    component = %self.component, instance = self.id, pid = running.pid,
                    timeout = ?self.spec.drain_timeout, "instance did not drain in time; killing it"
                );
                match kill(&mut running).await {
                    Some(exit) => StopOutcome::Killed(exit),
                    None => StopOutcome::Failed("waiting for the killed process failed".to_owned()),
                }
            }
        };
        let exit = match &outcome {
            StopOutcome::Exited(exit) | StopOutcome::Killed(exit) => Some(exit.clone()),
            StopOutcome::NotRunning | StopOutcome::Failed(_) => None,
        };
        tracing::info!(
            component = %self.component, instance = self.id, pid = running.pid, outcome = ?outcome,
            "instance stopped"
        );
        self.update(|instance| {
            instance.state = InstanceState::Stopped;
            instance.pid = None;
            instance.announcement = None;
            instance.ready_at = None;
            if exit.is_some() {
                instance.last_exit = exit;
            }
        });
        self.report(running.pid, outcome)
    }

    fn report(&self, pid: Option<u32>, outcome: StopOutcome) -> StopReport {
        StopReport { component: self.component.to_string(), id: self.id, pid, outcome }
    }

    fn update(&self, change: impl FnOnce(&mut InstanceSnapshot)) {
        self.snapshot.send_modify(|snapshot| {
            if let Some(component) = snapshot.component_mut(&self.component) {
                if let Some(instance) = component.instances.iter_mut().find(|instance| instance.id == self.id)
                {
                    change(instance);
                }
                component.recount();
            }
        });
    }
}

fn exited(status: std::io::Result<std::process::ExitStatus>) -> Failure {
    match status {
        Ok(status) => {
            let exit = ExitInfo::from_status(status);
            Failure { error: exit.to_string(), exit: Some(exit) }
        }
        Err(error) => Failure { exit: None, error: format!("waiting for the process failed: {error}") },
    }
}

/// SIGKILL to the process group, and reap it.
async fn kill(running: &mut Running) -> Option<ExitInfo> {
    let signalled = running.pid.map(signal::kill);
    if !matches!(signalled, Some(Ok(()))) {
        let _ = running.child.start_kill();
    }
    running.child.wait().await.ok().map(ExitInfo::from_status)
}

/// Reads the announcement line, then keeps reading (and dropping) stdout so the process never blocks on a
/// full pipe. Runs until the process closes stdout.
fn read_stdout(stdout: ChildStdout) -> oneshot::Receiver<Result<Value, StartError>> {
    let (sender, receiver) = oneshot::channel();
    tokio::spawn(async move {
        let mut reader = BufReader::new(stdout);
        let mut line = Vec::new();
        let limit = u64::try_from(MAX_ANNOUNCEMENT).unwrap_or(u64::MAX);
        let announcement = match (&mut reader).take(limit).read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => Err(StartError::NoAnnouncement),
            Ok(_) if !line.ends_with(b"\n") && line.len() >= MAX_ANNOUNCEMENT => {
                Err(StartError::AnnouncementTooLong(MAX_ANNOUNCEMENT))
            }
            Ok(_) => serde_json::from_slice(&line).map_err(StartError::NotJson),
        };
        let _ = sender.send(announcement);
        let _ = tokio::io::copy(&mut reader, &mut tokio::io::sink()).await;
    });
    receiver
}
