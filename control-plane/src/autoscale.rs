//! Autoscaling: how many instances a component should run, from their CPU use. It follows Kubernetes'
//! horizontal pod autoscaler: scale up at once, scale down only once the lower recommendation has held
//! for a while, change nothing inside a tolerance band around the target, always stay within the bounds.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// In a landscape file: `[components.consumer-api.autoscale]` with `min = 1`, `max = 4`,
/// `target_cpu_percent = 70`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoscalePolicy {
    pub min: usize,
    pub max: usize,
    /// Average CPU use per instance the autoscaler aims at, in percent of one core.
    pub target_cpu_percent: f64,
    /// How long a lower recommendation must hold before instances are removed (default 60).
    #[serde(default = "default_scale_down_delay_seconds")]
    pub scale_down_delay_seconds: u64,
}

fn default_scale_down_delay_seconds() -> u64 {
    60
}

/// Within this fraction of the target nothing changes, so that measurement noise does not flap the
/// instances (the HPA's default).
const TOLERANCE: f64 = 0.1;

impl AutoscalePolicy {
    pub fn validate(&self) -> Result<(), String> {
        if self.min < 1 {
            return Err("min must be at least 1: a component cannot scale to zero instances".to_owned());
        }
        if self.min > self.max {
            return Err(format!("min ({}) must not be above max ({})", self.min, self.max));
        }
        if !self.target_cpu_percent.is_finite() || self.target_cpu_percent <= 0.0 {
            return Err(format!(
                "target_cpu_percent must be a positive number of percent of one core, not {}",
                self.target_cpu_percent
            ));
        }
        Ok(())
    }

    /// `replicas` within `[min, max]`; unlike `usize::clamp` it cannot panic on an unchecked policy.
    fn bound(&self, replicas: usize) -> usize {
        replicas.max(self.min).min(self.max)
    }
}

/// One component's autoscaling state across evaluations: the recommendations of the scale-down window.
pub struct Autoscaler {
    policy: AutoscalePolicy,
    /// Recommendations of the last `scale_down_delay_seconds`, oldest first.
    recent: VecDeque<(Instant, usize)>,
}

impl Autoscaler {
    pub fn new(policy: AutoscalePolicy) -> Self {
        Self { policy, recent: VecDeque::new() }
    }

    pub fn policy(&self) -> &AutoscalePolicy {
        &self.policy
    }

    /// The replica count to run now. `current` is the number of instances running, `cpu_percent` the
    /// average CPU use of the ready instances since the last evaluation (`None` when unknown: then
    /// `current` is only brought within the bounds). Never outside `[min, max]`.
    pub fn recommend(&mut self, now: Instant, current: usize, cpu_percent: Option<f64>) -> usize {
        let bounded = self.policy.bound(current);
        let Some(cpu) = cpu_percent.filter(|cpu| cpu.is_finite() && *cpu >= 0.0) else { return bounded };
        let ratio = cpu / self.policy.target_cpu_percent;
        let desired = if (ratio - 1.0).abs() <= TOLERANCE {
            bounded
        } else {
            // The float-to-int cast saturates, so an absurd ratio ends at `max`, not in a panic.
            self.policy.bound((current as f64 * ratio).ceil() as usize)
        };

        let window = Duration::from_secs(self.policy.scale_down_delay_seconds);
        self.recent.push_back((now, desired));
        while self.recent.front().is_some_and(|(at, _)| now.saturating_duration_since(*at) > window) {
            self.recent.pop_front();
        }
        if desired >= bounded {
            return desired;
        }
        // Scaling down goes only as far as the highest recommendation of the window, so a dip must last
        // the whole window to remove instances; a stale higher one never adds instances, hence the `min`.
        let highest = self.recent.iter().map(|(_, replicas)| *replicas).max().unwrap_or(desired);
        highest.min(bounded)
    }
}

/// Clock ticks per second of the times in `/proc/<pid>/stat`: `USER_HZ`, which the kernel fixes at 100
/// on the architectures the Backbone runs on. Assumed rather than read because rustix's
/// `param::clock_ticks_per_second` needs its `param` feature, which the workspace does not enable.
const TICKS_PER_SECOND: f64 = 100.0;

/// CPU use of processes, from the `utime + stime` of `/proc/<pid>/stat` between two calls.
#[derive(Debug, Default)]
pub struct CpuSampler {
    /// Per pid, when it was last read and its CPU time then, in clock ticks.
    previous: HashMap<u32, (Instant, u64)>,
}

impl CpuSampler {
    pub fn new() -> Self {
        Self::default()
    }

    /// The average CPU use per process of `pids` since the previous call, in percent of one core, over
    /// the pids read both times; `None` when there is no such pid, and always off Linux (no `/proc`).
    /// Pids not read now (gone, or no longer asked for) are forgotten, so a reused pid starts afresh.
    pub fn sample(&mut self, pids: &[u32]) -> Option<f64> {
        if !cfg!(target_os = "linux") {
            return None;
        }
        let now = Instant::now();
        let mut readings = HashMap::with_capacity(pids.len());
        let mut uses = Vec::with_capacity(pids.len());
        for &pid in pids {
            let Some(ticks) = read_cpu_ticks(pid) else { continue };
            if let Some((then, before)) = self.previous.get(&pid) {
                let seconds = now.saturating_duration_since(*then).as_secs_f64();
                if seconds > 0.0 {
                    uses.push(ticks.saturating_sub(*before) as f64 / TICKS_PER_SECOND / seconds * 100.0);
                }
            }
            readings.insert(pid, (now, ticks));
        }
        self.previous = readings;
        (!uses.is_empty()).then(|| uses.iter().sum::<f64>() / uses.len() as f64)
    }
}

fn read_cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_cpu_ticks(&stat)
}

/// `utime + stime` (fields 14 and 15) of a `/proc/<pid>/stat` line. The command name (field 2) is in
/// parentheses and may itself hold spaces and parentheses, so fields are counted after the last `)`.
fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    let (_, after_command) = stat.rsplit_once(')')?;
    // `after_command` starts at field 3, so field 14 is its 12th.
    let mut fields = after_command.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    utime.checked_add(stime)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn policy(min: usize, max: usize) -> AutoscalePolicy {
        AutoscalePolicy { min, max, target_cpu_percent: 50.0, scale_down_delay_seconds: 60 }
    }

    #[test]
    fn without_a_measurement_current_is_only_bounded() {
        let mut scaler = Autoscaler::new(policy(2, 4));
        let now = Instant::now();
        assert_eq!(scaler.recommend(now, 0, None), 2);
        assert_eq!(scaler.recommend(now, 1, None), 2);
        assert_eq!(scaler.recommend(now, 3, None), 3);
        assert_eq!(scaler.recommend(now, 6, None), 4);
        assert_eq!(scaler.recommend(now, 3, Some(f64::NAN)), 3, "a meaningless measurement is none");
    }

    #[test]
    fn recommendations_stay_within_the_bounds() {
        let now = Instant::now();
        assert_eq!(Autoscaler::new(policy(1, 5)).recommend(now, 4, Some(200.0)), 5);
        assert_eq!(Autoscaler::new(policy(1, 5)).recommend(now, 4, Some(1e300)), 5);
        assert_eq!(Autoscaler::new(policy(2, 5)).recommend(now, 2, Some(0.0)), 2);
        assert_eq!(Autoscaler::new(policy(1, 3)).recommend(now, 6, Some(50.0)), 3, "above max, on target");
        assert_eq!(Autoscaler::new(policy(3, 2)).recommend(now, 1, Some(90.0)), 2, "an unchecked policy");
    }

    #[test]
    fn scale_up_is_immediate() {
        let mut scaler = Autoscaler::new(policy(1, 10));
        let now = Instant::now();
        assert_eq!(scaler.recommend(now, 2, Some(100.0)), 4);
        assert_eq!(scaler.recommend(now, 4, Some(60.0)), 5, "ceil(4 * 60 / 50)");
    }

    #[test]
    fn nothing_changes_within_the_tolerance_band() {
        let mut scaler = Autoscaler::new(policy(1, 10));
        let now = Instant::now();
        assert_eq!(scaler.recommend(now, 3, Some(54.9)), 3);
        assert_eq!(scaler.recommend(now, 3, Some(45.1)), 3);
        assert_eq!(scaler.recommend(now, 3, Some(56.0)), 4, "just outside the band");
    }

    #[test]
    fn scale_down_waits_until_the_lower_recommendation_held_for_the_delay() {
        let mut scaler = Autoscaler::new(policy(1, 5));
        let start = Instant::now();
        let at = |seconds| start + Duration::from_secs(seconds);
        assert_eq!(scaler.recommend(at(0), 4, Some(50.0)), 4);
        assert_eq!(scaler.recommend(at(15), 4, Some(10.0)), 4, "a dip is not enough");
        assert_eq!(scaler.recommend(at(45), 4, Some(10.0)), 4);
        assert_eq!(scaler.recommend(at(60), 4, Some(10.0)), 4, "the window includes its edge");
        assert_eq!(scaler.recommend(at(61), 4, Some(10.0)), 1, "the dip held for the whole window");
    }

    #[test]
    fn scale_down_goes_to_the_highest_recommendation_of_the_window() {
        let mut scaler = Autoscaler::new(policy(1, 10));
        let start = Instant::now();
        let at = |seconds| start + Duration::from_secs(seconds);
        assert_eq!(scaler.recommend(at(0), 8, Some(50.0)), 8);
        assert_eq!(scaler.recommend(at(30), 8, Some(25.0)), 8, "4 wanted, 8 still in the window");
        assert_eq!(scaler.recommend(at(61), 8, Some(6.25)), 4, "1 wanted, 4 still in the window");
        assert_eq!(scaler.recommend(at(92), 4, Some(12.5)), 1);
    }

    #[test]
    fn a_stale_higher_recommendation_adds_no_instances() {
        let mut scaler = Autoscaler::new(policy(1, 10));
        let start = Instant::now();
        assert_eq!(scaler.recommend(start, 4, Some(100.0)), 8);
        // The instances did not start; now fewer are wanted than run.
        assert_eq!(scaler.recommend(start + Duration::from_secs(10), 4, Some(25.0)), 4);
    }

    #[test]
    fn a_zero_delay_scales_down_at_once() {
        let mut scaler = Autoscaler::new(AutoscalePolicy { scale_down_delay_seconds: 0, ..policy(1, 10) });
        let start = Instant::now();
        assert_eq!(scaler.recommend(start, 4, Some(50.0)), 4);
        assert_eq!(scaler.recommend(start + Duration::from_secs(1), 4, Some(10.0)), 1);
    }

    #[test]
    fn policies_are_checked_with_clear_messages() {
        assert_eq!(policy(1, 1).validate(), Ok(()));
        assert!(policy(0, 2).validate().unwrap_err().contains("min must be at least 1"));
        assert_eq!(policy(3, 2).validate().unwrap_err(), "min (3) must not be above max (2)");
        for target in [0.0, -5.0, f64::NAN, f64::INFINITY] {
            let bad = AutoscalePolicy { target_cpu_percent: target, ..policy(1, 2) };
            assert!(bad.validate().unwrap_err().starts_with("target_cpu_percent must be a positive"));
        }
    }

    #[test]
    fn a_policy_reads_from_toml_with_the_default_delay() {
        let policy: AutoscalePolicy = toml::from_str("min = 1\nmax = 4\ntarget_cpu_percent = 70").unwrap();
        assert_eq!(
            policy,
            AutoscalePolicy { min: 1, max: 4, target_cpu_percent: 70.0, scale_down_delay_seconds: 60 }
        );
        assert!(
            toml::from_str::<AutoscalePolicy>("min = 1\nmax = 4\ntarget_cpu_percent = 70\nx = 1").is_err()
        );
    }

    #[test]
    fn stat_lines_are_split_after_the_last_parenthesis() {
        let line = "42 (backbone (x) y) S 1 42 42 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 4 0 100 0 0\n";
        assert_eq!(parse_cpu_ticks(line), Some(1234 + 567));
        assert_eq!(parse_cpu_ticks("42 (a) b) S 1 42 42 0 -1 4194560 100 0 0 0 7 8 0"), Some(15));
        assert_eq!(parse_cpu_ticks("garbage"), None);
        assert_eq!(parse_cpu_ticks("42 (short) S 1 42"), None);
        assert_eq!(parse_cpu_ticks("42 (x) S 1 42 42 0 -1 4194560 100 0 0 0 u s 0"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_cpu_use_of_a_busy_process_is_measured() {
        let mut sampler = CpuSampler::new();
        let pid = std::process::id();
        assert_eq!(sampler.sample(&[pid]), None, "the first reading has nothing to compare with");
        let burner = std::thread::spawn(|| {
            let until = Instant::now() + Duration::from_millis(200);
            let mut spins = 0u64;
            while Instant::now() < until {
                spins = std::hint::black_box(spins.wrapping_add(1));
            }
        });
        burner.join().unwrap();
        assert!(sampler.sample(&[pid]).unwrap() > 0.0);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn pids_not_read_are_forgotten() {
        let mut sampler = CpuSampler::new();
        let pid = std::process::id();
        assert_eq!(sampler.sample(&[pid, u32::MAX]), None);
        assert_eq!(sampler.sample(&[]), None);
        assert_eq!(sampler.sample(&[pid]), None, "the earlier reading was dropped");
        assert!(sampler.sample(&[pid, u32::MAX]).is_some(), "a missing pid does not hide the others");
    }
}
