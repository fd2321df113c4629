//! The supervisor against real processes: small `sh` scripts that behave like `backbone service run`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use backbone_supervisor::{
    ComponentSpec, HttpProbe, InstanceState, LogFiles, ProbeError, ProbeFn, ProcessSpec, RestartPolicy,
    Snapshot, StderrTarget, StopOutcome, Supervisor, SupervisorError,
};
use tokio::sync::watch;

/// Announces itself, then idles; on SIGTERM it leaves a mark, takes a moment to "drain" and exits 0.
const GRACEFUL: &str = r#"
trap 'touch "$MARKS/drained-$$"; sleep 0.1; exit 0' TERM
echo "{\"pid\": $$}"
while :; do sleep 0.05; done
"#;

/// Ignores SIGTERM (and so do its `sleep`s, which inherit the disposition).
const STUBBORN: &str = r#"
trap '' TERM
echo "{\"pid\": $$}"
while :; do sleep 0.05; done
"#;

/// Announces itself and dies soon after.
const CRASHING: &str = r#"
echo "{\"pid\": $$}"
sleep 0.05
exit 1
"#;

fn sh(script: &str, marks: &Path) -> ProcessSpec {
    ProcessSpec::new("sh").arg("-c").arg(script).env("MARKS", marks).stderr(StderrTarget::Discard)
}

/// Short timings so that the suite runs in seconds.
fn fast(process: ProcessSpec) -> ComponentSpec {
    ComponentSpec::new(process)
        .readiness_timeout(Duration::from_secs(10))
        .drain_timeout(Duration::from_secs(10))
        .restart(RestartPolicy {
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(200),
            stable_after: Duration::from_secs(30),
            crash_loop_exits: 4,
            crash_loop_window: Duration::from_secs(30),
        })
}

/// Waits (at most 20 s, a guard against hanging, not a speed requirement) until `condition` holds.
async fn until(
    updates: &mut watch::Receiver<Snapshot>,
    what: &str,
    condition: impl FnMut(&Snapshot) -> bool,
) -> Snapshot {
    let waited = tokio::time::timeout(Duration::from_secs(20), async {
        updates.wait_for(condition).await.map(|snapshot| snapshot.clone())
    })
    .await;
    match waited {
        Ok(Ok(snapshot)) => snapshot,
        Ok(Err(_)) => panic!("the supervisor is gone while waiting for {what}"),
        Err(_) => panic!("timed out waiting for {what}; last snapshot: {:#?}", *updates.borrow()),
    }
}

async fn within<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future).await.unwrap_or_else(|_| panic!("{what} hangs"))
}

fn ready(snapshot: &Snapshot, component: &str) -> usize {
    snapshot.component(component).map_or(0, |component| component.ready_replicas)
}

/// Whether any process of the process group led by `pid` (the instance and whatever it started) still exists.
fn group_alive(pid: u32) -> bool {
    std::fs::read_dir("/proc").unwrap().flatten().any(|entry| {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { return false };
        // `pid (comm) state ppid pgrp …`; comm may contain spaces, so split after the last `)`.
        let Some((_, rest)) = stat.rsplit_once(')') else { return false };
        let mut fields = rest.split_whitespace();
        let state = fields.next();
        let pgrp = fields.nth(1);
        state != Some("Z") && pgrp == Some(pid.to_string().as_str())
    })
}

/// SIGKILL is delivered asynchronously, so a killed group may take a moment to disappear.
async fn assert_group_gone(pid: u32) {
    within(&format!("process group {pid} to disappear"), async {
        while group_alive(pid) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

fn send_kill(pid: u32) {
    let status = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap();
    assert!(status.success());
}

#[tokio::test]
async fn scales_up_then_drains_the_newest_gracefully() {
    let marks = tempfile::tempdir().unwrap();
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    supervisor.add_component("api", fast(sh(GRACEFUL, marks.path()))).unwrap();

    let report = supervisor.set_replicas("api", 3).await.unwrap();
    assert_eq!(report.started, [1, 2, 3]);
    let snapshot = until(&mut updates, "3 ready", |s| ready(s, "api") == 3).await;
    let api = snapshot.component("api").unwrap();
    assert_eq!(api.desired_replicas, 3);
    for instance in &api.instances {
        // The announcement is the parsed first stdout line.
        assert_eq!(instance.announcement.as_ref().unwrap()["pid"], instance.pid.unwrap());
        assert!(instance.started_at.is_some() && instance.ready_at.is_some());
        assert_eq!(instance.restarts, 0);
    }
    let pids: Vec<u32> = api.instances.iter().map(|instance| instance.pid.unwrap()).collect();

    let report = within("scale-down", supervisor.set_replicas("api", 1)).await.unwrap();
    assert!(report.started.is_empty());
    let stopped: Vec<u64> = report.stopped.iter().map(|report| report.id).collect();
    assert_eq!(stopped, [3, 2], "the newest are stopped first");
    for (report, pid) in report.stopped.iter().zip([pids[2], pids[1]]) {
        assert_eq!(report.pid, Some(pid));
        match &report.outcome {
            StopOutcome::Exited(exit) => assert!(exit.success(), "{exit:?}"),
            other => panic!("not drained gracefully: {other:?}"),
        }
        assert!(marks.path().join(format!("drained-{pid}")).exists(), "SIGTERM reached the trap");
        assert_group_gone(pid).await;
    }

    let api = supervisor.snapshot().component("api").cloned().unwrap();
    assert_eq!((api.desired_replicas, api.ready_replicas), (1, 1));
    assert_eq!(api.instances.len(), 1, "stopped instances leave the snapshot");
    assert_eq!((api.instances[0].id, api.instances[0].pid), (1, Some(pids[0])));
    assert!(!marks.path().join(format!("drained-{}", pids[0])).exists());

    within("shutdown", supervisor.shutdown()).await;
}

/// A stopping instance is shown as draining (so a load balancer lets go of it) before its SIGTERM.
#[tokio::test]
async fn the_pre_stop_delay_shows_draining_before_sigterm() {
    let marks = tempfile::tempdir().unwrap();
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    let spec = fast(sh(GRACEFUL, marks.path())).pre_stop_delay(Duration::from_millis(500));
    supervisor.add_component("api", spec).unwrap();
    supervisor.set_replicas("api", 1).await.unwrap();
    let snapshot = until(&mut updates, "1 ready", |s| ready(s, "api") == 1).await;
    let pid = snapshot.component("api").unwrap().instances[0].pid.unwrap();

    let scaling = tokio::spawn({
        let supervisor = supervisor.clone();
        async move { supervisor.set_replicas("api", 0).await }
    });
    until(&mut updates, "draining", |s| {
        s.component("api").is_some_and(|api| api.instances.iter().any(|i| i.state == InstanceState::Draining))
    })
    .await;
    assert!(!marks.path().join(format!("drained-{pid}")).exists(), "no SIGTERM during the pre-stop delay");
    within("scale-down", scaling).await.unwrap().unwrap();
    assert!(marks.path().join(format!("drained-{pid}")).exists(), "SIGTERM after the delay");
    within("shutdown", supervisor.shutdown()).await;
}

#[tokio::test]
async fn an_instance_killed_from_outside_is_restarted() {
    let marks = tempfile::tempdir().unwrap();
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    supervisor.add_component("api", fast(sh(GRACEFUL, marks.path()))).unwrap();
    supervisor.set_replicas("api", 1).await.unwrap();
    let snapshot = until(&mut updates, "ready", |s| ready(s, "api") == 1).await;
    let first = snapshot.component("api").unwrap().instances[0].pid.unwrap();

    send_kill(first);

    let snapshot = until(&mut updates, "the restart", |s| {
        s.component("api")
            .unwrap()
            .instance(1)
            .is_some_and(|i| i.restarts == 1 && i.state == InstanceState::Ready)
    })
    .await;
    let instance = snapshot.component("api").unwrap().instance(1).unwrap();
    let second = instance.pid.unwrap();
    assert_ne!(second, first);
    let exit = instance.last_exit.as_ref().unwrap();
    assert_eq!((exit.code, exit.signal), (None, Some(9)));
    assert_eq!(instance.last_error.as_deref(), Some("killed by signal 9"));
    assert_eq!(instance.announcement.as_ref().unwrap()["pid"], second);

    within("shutdown", supervisor.shutdown()).await;
    assert_group_gone(second).await;
}

#[tokio::test]
async fn a_child_that_keeps_exiting_ends_in_a_crash_loop_with_growing_backoff() {
    let marks = tempfile::tempdir().unwrap();
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    // Delays long enough that each backoff state is seen: 50, 100, 200 ms, then the crash loop at 400 ms.
    let policy = RestartPolicy {
        initial_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(400),
        ..fast(ProcessSpec::new("sh")).restart
    };
    supervisor.add_component("worker", fast(sh(CRASHING, marks.path())).restart(policy)).unwrap();
    supervisor.set_replicas("worker", 1).await.unwrap();

    // Every backoff seen on the way, as (attempt, delay in ms, crash loop).
    let mut seen: Vec<(u32, u128, bool)> = Vec::new();
    until(&mut updates, "the crash loop", |s| {
        let instance = &s.component("worker").unwrap().instances[0];
        if let Some(backoff) = instance.state.backoff() {
            let entry = (
                backoff.attempt,
                backoff.delay.as_millis(),
                matches!(instance.state, InstanceState::CrashLoop(_)),
            );
            if seen.last() != Some(&entry) {
                seen.push(entry);
            }
        }
        matches!(instance.state, InstanceState::CrashLoop(_))
    })
    .await;

    let (attempt, delay, _) = *seen.last().unwrap();
    assert!(attempt >= 4, "{seen:?}");
    assert_eq!(delay, 400, "capped in the crash loop");
    for (attempt, delay, crash_loop) in &seen {
        if !crash_loop {
            assert_eq!(*delay, 50 << (attempt - 1), "doubling from 50 ms: {seen:?}");
        }
    }
    assert!(seen.windows(2).all(|pair| pair[0].1 <= pair[1].1), "never shrinks: {seen:?}");
    assert!(seen.len() >= 2, "the backoff grew: {seen:?}");

    let snapshot = supervisor.snapshot();
    let instance = &snapshot.component("worker").unwrap().instances[0];
    assert_eq!(instance.last_exit.as_ref().unwrap().code, Some(1));
    assert!(instance.restarts >= 3);
    assert_eq!(snapshot.component("worker").unwrap().ready_replicas, 0);

    // An instance waiting out its backoff stops at once.
    let reports = within("shutdown", supervisor.shutdown()).await;
    assert_eq!(reports.len(), 1);
}

#[tokio::test]
async fn a_child_ignoring_sigterm_is_killed_after_the_drain_timeout() {
    let marks = tempfile::tempdir().unwrap();
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    let spec = fast(sh(STUBBORN, marks.path())).drain_timeout(Duration::from_millis(300));
    supervisor.add_component("stubborn", spec).unwrap();
    supervisor.set_replicas("stubborn", 1).await.unwrap();
    let snapshot = until(&mut updates, "ready", |s| ready(s, "stubborn") == 1).await;
    let pid = snapshot.component("stubborn").unwrap().instances[0].pid.unwrap();

    let report = within("scale to zero", supervisor.set_replicas("stubborn", 0)).await.unwrap();

    assert_eq!(report.stopped.len(), 1);
    match &report.stopped[0].outcome {
        StopOutcome::Killed(exit) => assert_eq!(exit.signal, Some(9)),
        other => panic!("expected SIGKILL: {other:?}"),
    }
    assert_group_gone(pid).await;
    assert!(supervisor.snapshot().component("stubborn").unwrap().instances.is_empty());
}

#[tokio::test]
async fn shutdown_stops_everything_and_leaves_no_processes() {
    let marks = tempfile::tempdir().unwrap();
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    supervisor.add_component("api", fast(sh(GRACEFUL, marks.path()))).unwrap();
    supervisor
        .add_component("stubborn", fast(sh(STUBBORN, marks.path())).drain_timeout(Duration::from_millis(300)))
        .unwrap();
    supervisor.set_replicas("api", 2).await.unwrap();
    supervisor.set_replicas("stubborn", 1).await.unwrap();
    let snapshot =
        until(&mut updates, "all ready", |s| ready(s, "api") == 2 && ready(s, "stubborn") == 1).await;
    let pids: Vec<u32> = snapshot
        .components
        .iter()
        .flat_map(|component| component.instances.iter().map(|instance| instance.pid.unwrap()))
        .collect();
    assert_eq!(pids.len(), 3);

    let reports = within("shutdown", supervisor.shutdown()).await;

    assert_eq!(reports.len(), 3);
    for report in &reports {
        match (report.component.as_str(), &report.outcome) {
            ("api", StopOutcome::Exited(exit)) => assert!(exit.success()),
            ("stubborn", StopOutcome::Killed(_)) => {}
            other => panic!("unexpected stop: {other:?}"),
        }
    }
    for pid in pids {
        assert_group_gone(pid).await;
    }
    let snapshot = supervisor.snapshot();
    for component in &snapshot.components {
        assert_eq!((component.desired_replicas, component.ready_replicas), (0, 0));
        assert!(component.instances.iter().all(|i| i.state == InstanceState::Stopped && i.pid.is_none()));
    }
    assert!(matches!(supervisor.set_replicas("api", 1).await, Err(SupervisorError::ShuttingDown)));
    assert!(within("a second shutdown", supervisor.shutdown()).await.is_empty());
}

#[tokio::test]
async fn readiness_waits_for_the_http_probe() {
    let healthy = Arc::new(AtomicBool::new(false));
    let probes = Arc::new(AtomicUsize::new(0));
    let app = Router::new().route(
        "/health/ready",
        get({
            let (healthy, probes) = (healthy.clone(), probes.clone());
            move || async move {
                probes.fetch_add(1, Ordering::SeqCst);
                if healthy.load(Ordering::SeqCst) { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let marks = tempfile::tempdir().unwrap();
    let script =
        r#"trap 'exit 0' TERM; echo "{\"consumer_api_url\": \"$URL\"}"; while :; do sleep 0.05; done"#;
    let mut spec = fast(sh(script, marks.path()).env("URL", &url))
        .probe(HttpProbe::new("consumer_api_url", "/health/ready").unwrap());
    spec.readiness.interval = Duration::from_millis(20);
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    supervisor.add_component("consumer-api", spec).unwrap();
    supervisor.set_replicas("consumer-api", 1).await.unwrap();

    // Announced, probed and refused several times: still starting, with its URL already visible.
    within("probes", async {
        while probes.load(Ordering::SeqCst) < 3 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    let snapshot = supervisor.snapshot();
    let instance = &snapshot.component("consumer-api").unwrap().instances[0];
    assert_eq!(instance.state, InstanceState::Starting);
    assert_eq!(instance.announcement.as_ref().unwrap()["consumer_api_url"], url.as_str());
    assert_eq!(ready(&snapshot, "consumer-api"), 0);

    healthy.store(true, Ordering::SeqCst);
    until(&mut updates, "ready", |s| ready(s, "consumer-api") == 1).await;

    within("shutdown", supervisor.shutdown()).await;
}

#[tokio::test]
async fn a_probe_that_never_passes_fails_the_start_and_restarts() {
    let marks = tempfile::tempdir().unwrap();
    let attempts = Arc::new(AtomicUsize::new(0));
    let probe = ProbeFn({
        let attempts = attempts.clone();
        move |_announcement| {
            attempts.fetch_add(1, Ordering::SeqCst);
            async { Err(ProbeError::NotReady("still migrating".into())) }
        }
    });
    let mut spec =
        fast(sh(GRACEFUL, marks.path())).probe(probe).readiness_timeout(Duration::from_millis(300));
    spec.readiness.interval = Duration::from_millis(20);
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    supervisor.add_component("slow", spec).unwrap();
    supervisor.set_replicas("slow", 1).await.unwrap();

    // (A start may also fail before the announcement when the machine is slow; wait for one that got to probing.)
    let snapshot = until(&mut updates, "a failed start", |s| {
        let instance = &s.component("slow").unwrap().instances[0];
        instance.state.backoff().is_some()
            && instance.last_error.as_deref().is_some_and(|error| error.ends_with("still migrating"))
    })
    .await;
    let instance = &snapshot.component("slow").unwrap().instances[0];
    let error = instance.last_error.as_deref().unwrap();
    assert!(error.starts_with("not ready within"), "{error}");
    assert!(instance.pid.is_none());
    assert!(attempts.load(Ordering::SeqCst) >= 2);

    within("shutdown", supervisor.shutdown()).await;
}

#[tokio::test]
async fn a_first_line_that_is_not_json_fails_the_start() {
    let marks = tempfile::tempdir().unwrap();
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    let script = "echo 'Running consumer-api'; while :; do sleep 0.05; done";
    supervisor.add_component("text", fast(sh(script, marks.path()))).unwrap();
    supervisor.set_replicas("text", 1).await.unwrap();
    let snapshot = until(&mut updates, "a failed start", |s| {
        s.component("text").unwrap().instances[0].last_error.is_some()
    })
    .await;
    let error = snapshot.component("text").unwrap().instances[0].last_error.clone().unwrap();
    assert!(error.starts_with("the first stdout line is not JSON"), "{error}");
    within("shutdown", supervisor.shutdown()).await;
}

#[tokio::test]
async fn stderr_goes_to_a_rotated_file_per_instance_and_env_stays_out_of_debug() {
    let marks = tempfile::tempdir().unwrap();
    let logs = marks.path().join("logs");
    let script = r#"trap 'echo "draining" >&2; exit 0' TERM
echo "starting with $SECRET_URL" >&2
echo '{}'
while :; do sleep 0.05; done"#;
    let process = sh(script, marks.path())
        .env("SECRET_URL", "postgres://user:hunter2@db")
        .stderr(StderrTarget::Files(LogFiles::new(&logs)));
    assert!(!format!("{process:?}").contains("hunter2"));
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    supervisor.add_component("api", fast(process)).unwrap();
    supervisor.set_replicas("api", 1).await.unwrap();
    let snapshot = until(&mut updates, "ready", |s| ready(s, "api") == 1).await;
    let pid = snapshot.component("api").unwrap().instances[0].pid.unwrap();

    // A restart keeps the previous run's log as `.1`.
    send_kill(pid);
    until(&mut updates, "the restart", |s| {
        s.component("api").unwrap().instances[0].restarts == 1 && ready(s, "api") == 1
    })
    .await;
    within("shutdown", supervisor.shutdown()).await;

    // The copiers may still be flushing right after the exits.
    // (The shell may add a line of its own, such as "Terminated" for its `sleep`.)
    let first = "starting with postgres://user:hunter2@db\n";
    eventually_contains(&logs.join("api-1.log.1"), first).await;
    eventually_contains(&logs.join("api-1.log"), first).await;
    eventually_contains(&logs.join("api-1.log"), "draining\n").await;
    assert_eq!(std::fs::read_to_string(logs.join("api-1.log.1")).unwrap(), first);
}

async fn eventually_contains(path: &Path, expected: &str) {
    within(&format!("{} to contain {expected:?}", path.display()), async {
        while !std::fs::read_to_string(path).unwrap_or_default().contains(expected) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn the_snapshot_serialises_to_the_documented_schema() {
    let marks = tempfile::tempdir().unwrap();
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    supervisor.add_component("api", fast(sh(GRACEFUL, marks.path()))).unwrap();
    supervisor.add_component("worker", fast(sh(CRASHING, marks.path()))).unwrap();
    supervisor.set_replicas("api", 1).await.unwrap();
    supervisor.set_replicas("worker", 1).await.unwrap();
    let snapshot = until(&mut updates, "one ready, one restarting", |s| {
        ready(s, "api") == 1 && s.component("worker").unwrap().instances[0].state.backoff().is_some()
    })
    .await;

    let json = serde_json::to_value(&snapshot).unwrap();
    let api = &json["components"][0];
    assert_eq!(api["name"], "api");
    assert_eq!(api["desired_replicas"], 1);
    assert_eq!(api["ready_replicas"], 1);
    let instance = &api["instances"][0];
    let mut keys: Vec<&str> = instance.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "announcement",
            "backoff",
            "id",
            "last_error",
            "last_exit",
            "pid",
            "ready_at",
            "restarts",
            "started_at",
            "state"
        ]
    );
    assert_eq!(instance["state"], "ready");
    assert_eq!(instance["backoff"], serde_json::Value::Null);
    assert!(instance["started_at"].as_str().unwrap().ends_with('Z'));
    let worker = &json["components"][1]["instances"][0];
    assert!(worker["state"] == "restarting" || worker["state"] == "crash_loop");
    let backoff = worker["backoff"].as_object().unwrap();
    assert!(backoff["attempt"].is_u64() && backoff["delay_ms"].is_u64() && backoff["next_at"].is_string());
    assert_eq!(worker["last_exit"]["code"], 1);

    let back: Snapshot = serde_json::from_value(json).unwrap();
    assert_eq!(back, snapshot);

    within("shutdown", supervisor.shutdown()).await;
}

#[tokio::test]
async fn unknown_and_invalid_components_are_refused() {
    let supervisor = Supervisor::new();
    assert!(matches!(supervisor.set_replicas("nope", 1).await, Err(SupervisorError::UnknownComponent(_))));
    let spec = fast(ProcessSpec::new("true"));
    assert!(matches!(supervisor.add_component("../x", spec.clone()), Err(SupervisorError::InvalidName(_))));
    supervisor.add_component("x", spec.clone()).unwrap();
    assert!(matches!(supervisor.add_component("x", spec), Err(SupervisorError::DuplicateComponent(_))));
    assert!(supervisor.remove_component("x").await.unwrap().is_empty());
    assert!(supervisor.snapshot().components.is_empty());
}

#[tokio::test]
async fn a_program_that_cannot_start_is_retried_with_backoff() {
    let supervisor = Supervisor::new();
    let mut updates = supervisor.subscribe();
    supervisor.add_component("missing", fast(ProcessSpec::new("/nonexistent/backbone"))).unwrap();
    supervisor.set_replicas("missing", 1).await.unwrap();
    let snapshot = until(&mut updates, "a failed spawn", |s| {
        s.component("missing").unwrap().instances[0].state.backoff().is_some()
    })
    .await;
    let instance = &snapshot.component("missing").unwrap().instances[0];
    assert!(instance.last_error.as_deref().unwrap().starts_with("cannot start the process"));
    assert_eq!((instance.pid, instance.last_exit.as_ref()), (None, None));
    let reports = within("shutdown", supervisor.shutdown()).await;
    assert_eq!(reports[0].outcome, StopOutcome::NotRunning);
}

#[test]
fn the_http_probe_finds_the_url_by_key_or_pointer() {
    let announcement =
        serde_json::json!({"consumer_api_url": "http://localhost:1/", "nested": {"url": "http://h:2"}});
    let by_key = HttpProbe::new("consumer_api_url", "/health/ready").unwrap();
    assert_eq!(by_key.url(&announcement).unwrap(), "http://localhost:1/health/ready");
    let by_pointer = HttpProbe::new("/nested/url", "/health").unwrap();
    assert_eq!(by_pointer.url(&announcement).unwrap(), "http://h:2/health");
    let missing = HttpProbe::new("gateway_url", "/health").unwrap();
    assert!(matches!(missing.url(&announcement), Err(ProbeError::Invalid(_))));
}
