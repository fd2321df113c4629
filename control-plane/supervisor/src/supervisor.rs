//! Components of N identical instances: scaling, shutdown, and the published snapshot.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::sync::{CancellationToken, DropGuard};

use crate::error::SupervisorError;
use crate::instance::{Instance, StopOutcome, StopReport};
use crate::snapshot::{ComponentSnapshot, InstanceSnapshot, Snapshot};
use crate::spec::ComponentSpec;

/// Runs components as local processes. Cheap to clone; all clones drive the same processes.
///
/// Dropping the last clone without [`Supervisor::shutdown`] asks every instance to drain as well, but nothing
/// waits for it; a process still running when the tokio runtime ends is killed.
#[derive(Clone)]
pub struct Supervisor {
    inner: Arc<Inner>,
}

struct Inner {
    snapshot: watch::Sender<Snapshot>,
    control: Mutex<Control>,
}

#[derive(Default)]
struct Control {
    components: BTreeMap<String, Component>,
    shut_down: bool,
}

struct Component {
    spec: Arc<ComponentSpec>,
    name: Arc<str>,
    next_id: u64,
    running: Vec<Handle>,
}

/// An instance task; dropping `stop` asks it to stop.
struct Handle {
    component: Arc<str>,
    id: u64,
    stop: DropGuard,
    task: JoinHandle<StopReport>,
}

/// What [`Supervisor::set_replicas`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleReport {
    /// Ids of the instances started (not yet ready: watch the snapshot for that).
    pub started: Vec<u64>,
    /// The instances stopped, once they have exited.
    pub stopped: Vec<StopReport>,
}

impl Default for Supervisor {
    fn default() -> Self {
        Self::new()
    }
}

impl Supervisor {
    pub fn new() -> Self {
        let (snapshot, _) = watch::channel(Snapshot::default());
        Self { inner: Arc::new(Inner { snapshot, control: Mutex::new(Control::default()) }) }
    }

    /// Follows every change of state. The gateway balances over `component.ready()`; `landscape status`
    /// serialises it.
    pub fn subscribe(&self) -> watch::Receiver<Snapshot> {
        self.inner.snapshot.subscribe()
    }

    pub fn snapshot(&self) -> Snapshot {
        self.inner.snapshot.borrow().clone()
    }

    /// Adds a component with no instances; [`Supervisor::set_replicas`] starts them.
    pub fn add_component(&self, name: &str, spec: ComponentSpec) -> Result<(), SupervisorError> {
        if !valid_name(name) {
            return Err(SupervisorError::InvalidName(name.to_owned()));
        }
        let mut control = self.control();
        if control.shut_down {
            return Err(SupervisorError::ShuttingDown);
        }
        if control.components.contains_key(name) {
            return Err(SupervisorError::DuplicateComponent(name.to_owned()));
        }
        let component =
            Component { spec: Arc::new(spec), name: Arc::from(name), next_id: 1, running: Vec::new() };
        control.components.insert(name.to_owned(), component);
        self.inner.snapshot.send_modify(|snapshot| {
            let at = snapshot.components.partition_point(|component| component.name.as_str() < name);
            let component = ComponentSnapshot {
                name: name.to_owned(),
                desired_replicas: 0,
                ready_replicas: 0,
                instances: vec![],
            };
            snapshot.components.insert(at, component);
        });
        Ok(())
    }

    /// Starts or stops instances until `replicas` run.
    ///
    /// Starting returns at once. Stopping picks instances that are not ready first, then the newest, drains
    /// them (SIGTERM, SIGKILL after the drain timeout) in parallel and returns when they have exited; they are
    /// then removed from the snapshot.
    pub async fn set_replicas(&self, name: &str, replicas: usize) -> Result<ScaleReport, SupervisorError> {
        let (started, stopping) = {
            let mut control = self.control();
            if control.shut_down {
                return Err(SupervisorError::ShuttingDown);
            }
            let component = control
                .components
                .get_mut(name)
                .ok_or_else(|| SupervisorError::UnknownComponent(name.to_owned()))?;
            self.inner.snapshot.send_modify(|snapshot| {
                if let Some(component) = snapshot.component_mut(name) {
                    component.desired_replicas = replicas;
                }
            });
            let mut started = Vec::new();
            while component.running.len() < replicas {
                started.push(self.start(component));
            }
            let surplus = component.running.len() - replicas;
            (started, self.pick_to_stop(component, surplus))
        };
        let stopped = stop_all(stopping).await;
        let ids: Vec<u64> = stopped.iter().map(|report| report.id).collect();
        self.inner.snapshot.send_modify(|snapshot| {
            if let Some(component) = snapshot.component_mut(name) {
                component.instances.retain(|instance| !ids.contains(&instance.id));
                component.recount();
            }
        });
        Ok(ScaleReport { started, stopped })
    }

    /// Stops a component's instances like a scale to zero, then forgets the component.
    pub async fn remove_component(&self, name: &str) -> Result<Vec<StopReport>, SupervisorError> {
        let report = self.set_replicas(name, 0).await?;
        self.control().components.remove(name);
        self.inner
            .snapshot
            .send_modify(|snapshot| snapshot.components.retain(|component| component.name != name));
        Ok(report.stopped)
    }

    /// Drains every instance of every component in parallel and returns when all have exited. Afterwards the
    /// supervisor refuses new work; the final snapshot keeps the instances, `stopped`, with their last exit.
    /// Calling it again returns no reports.
    pub async fn shutdown(&self) -> Vec<StopReport> {
        let stopping: Vec<Handle> = {
            let mut control = self.control();
            control.shut_down = true;
            control.components.values_mut().flat_map(|component| component.running.drain(..)).collect()
        };
        self.inner.snapshot.send_modify(|snapshot| {
            for component in &mut snapshot.components {
                component.desired_replicas = 0;
            }
        });
        stop_all(stopping).await
    }

    fn start(&self, component: &mut Component) -> u64 {
        let id = component.next_id;
        component.next_id += 1;
        // The entry exists before the task runs, so that every update of the task finds it.
        self.inner.snapshot.send_modify(|snapshot| {
            if let Some(entry) = snapshot.component_mut(&component.name) {
                entry.instances.push(InstanceSnapshot::new(id));
            }
        });
        let stop = CancellationToken::new();
        let instance = Instance {
            component: component.name.clone(),
            id,
            spec: component.spec.clone(),
            snapshot: self.inner.snapshot.clone(),
            stop: stop.clone(),
        };
        let task = tokio::spawn(instance.run());
        component.running.push(Handle {
            component: component.name.clone(),
            id,
            stop: stop.drop_guard(),
            task,
        });
        id
    }

    /// Removes `count` instances from `component`: those not ready first, newest first among equals, so that a
    /// scale-down keeps the instances that serve and have proven themselves.
    fn pick_to_stop(&self, component: &mut Component, count: usize) -> Vec<Handle> {
        if count == 0 {
            return Vec::new();
        }
        let ready: Vec<u64> = {
            let snapshot = self.inner.snapshot.borrow();
            snapshot
                .component(&component.name)
                .map(|entry| entry.ready().map(|instance| instance.id).collect())
                .unwrap_or_default()
        };
        // Ascending by (not ready, id): the end holds what to stop first.
        component.running.sort_by_key(|handle| (!ready.contains(&handle.id), handle.id));
        let mut stopping = component.running.split_off(component.running.len().saturating_sub(count));
        component.running.sort_by_key(|handle| handle.id);
        stopping.reverse();
        stopping
    }

    fn control(&self) -> MutexGuard<'_, Control> {
        // The lock guards plain bookkeeping that a panic cannot leave half-changed in a harmful way.
        self.inner.control.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Signals all first, then waits, so that instances drain in parallel.
async fn stop_all(handles: Vec<Handle>) -> Vec<StopReport> {
    let tasks: Vec<(Arc<str>, u64, JoinHandle<StopReport>)> = handles
        .into_iter()
        .map(|Handle { component, id, stop, task }| {
            drop(stop);
            (component, id, task)
        })
        .collect();
    let mut reports = Vec::with_capacity(tasks.len());
    for (component, id, task) in tasks {
        reports.push(match task.await {
            Ok(report) => report,
            Err(error) => StopReport {
                component: component.to_string(),
                id,
                pid: None,
                outcome: StopOutcome::Failed(format!("the instance task failed: {error}")),
            },
        });
    }
    reports
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::valid_name;

    #[test]
    fn names_are_safe_in_file_names() {
        assert!(valid_name("consumer-api"));
        assert!(valid_name("event_handler.2"));
        assert!(!valid_name(""));
        assert!(!valid_name(".."));
        assert!(!valid_name("a/b"));
    }
}
