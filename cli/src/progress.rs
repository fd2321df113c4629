//! Following a landscape while it changes: one progress bar per component (ready of desired instances)
//! on standard error, for people at a terminal; nothing for scripts.

use std::collections::BTreeMap;
use std::time::Duration;

use backbone_admin::AdminClient;
use backbone_admin::wire::{ComponentStatus, LandscapeStatus};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::Output;

const POLL: Duration = Duration::from_millis(100);

/// Polls the landscape's status until `done` holds, drawing its components' readiness meanwhile.
pub async fn follow(
    client: &AdminClient,
    name: &str,
    output: Output,
    done: impl Fn(&LandscapeStatus) -> bool,
) -> anyhow::Result<LandscapeStatus> {
    let target =
        if output == Output::Text { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
    let bars = MultiProgress::with_draw_target(target);
    let style = ProgressStyle::with_template("{prefix:>14} [{bar:20}] {pos}/{len} ready  {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    let mut shown: BTreeMap<String, ProgressBar> = BTreeMap::new();
    loop {
        let status = client.status(name).await?;
        for component in &status.components {
            let bar = shown.entry(component.name.clone()).or_insert_with(|| {
                let bar = bars.add(ProgressBar::new(0).with_style(style.clone()));
                bar.set_prefix(component.name.clone());
                bar
            });
            bar.set_length(component.desired_replicas as u64);
            bar.set_position(component.ready_replicas.min(component.desired_replicas) as u64);
            bar.set_message(instance_states(component));
        }
        if done(&status) {
            for bar in shown.values() {
                bar.finish();
            }
            let _ = bars.clear();
            return Ok(status);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// `2 ready, 1 starting`: how many instances are in each state.
pub fn instance_states(component: &ComponentStatus) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for instance in &component.instances {
        *counts.entry(instance.state.name()).or_default() += 1;
    }
    counts.iter().map(|(state, count)| format!("{count} {state}")).collect::<Vec<_>>().join(", ")
}
