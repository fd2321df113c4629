//! When to restart an instance that exited: exponential backoff and crash-loop detection.
//!
//! Pure bookkeeping over `Instant`s, so it is tested without processes or sleeping.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::spec::RestartPolicy;

/// What to do after an exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    /// 1 for the first restart after a stable period.
    pub attempt: u32,
    pub delay: Duration,
    pub crash_loop: bool,
}

/// The restart history of one instance.
#[derive(Debug)]
pub(crate) struct RestartTracker {
    policy: RestartPolicy,
    attempt: u32,
    crash_loop: bool,
    exits: VecDeque<Instant>,
}

impl RestartTracker {
    pub fn new(policy: RestartPolicy) -> Self {
        Self { policy, attempt: 0, crash_loop: false, exits: VecDeque::new() }
    }

    /// Records an exit at `now`; `ready_for` is how long the instance had been ready (zero if it never was).
    pub fn on_exit(&mut self, now: Instant, ready_for: Duration) -> Decision {
        if ready_for >= self.policy.stable_after {
            // It worked for a while: this is a new incident, not the same one again.
            self.attempt = 0;
            self.crash_loop = false;
        }
        self.attempt = self.attempt.saturating_add(1);
        self.exits.push_back(now);
        while self.exits.front().is_some_and(|exit| now.duration_since(*exit) > self.policy.crash_loop_window)
        {
            self.exits.pop_front();
        }
        if self.policy.crash_loop_exits > 0 && self.exits.len() >= self.policy.crash_loop_exits {
            // Sticky until the instance is stable again, so the state does not flap as old exits leave the window.
            self.crash_loop = true;
        }
        let delay = if self.crash_loop { self.policy.max_backoff } else { self.backoff(self.attempt) };
        Decision { attempt: self.attempt, delay, crash_loop: self.crash_loop }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.policy.initial_backoff.saturating_mul(factor).min(self.policy.max_backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RestartPolicy {
        RestartPolicy {
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            stable_after: Duration::from_secs(60),
            crash_loop_exits: 5,
            crash_loop_window: Duration::from_secs(60),
        }
    }

    #[test]
    fn doubles_up_to_the_cap() {
        let mut tracker = RestartTracker::new(RestartPolicy { crash_loop_exits: 0, ..policy() });
        let start = Instant::now();
        let delays: Vec<u64> = (0..9u64)
            .map(|i| {
                tracker.on_exit(start + Duration::from_secs(i * 100), Duration::ZERO).delay.as_millis() as u64
            })
            .collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    }

    #[test]
    fn a_stable_run_resets_the_backoff() {
        let mut tracker = RestartTracker::new(policy());
        let start = Instant::now();
        tracker.on_exit(start, Duration::ZERO);
        tracker.on_exit(start + Duration::from_secs(1), Duration::ZERO);
        let decision = tracker.on_exit(start + Duration::from_secs(200), Duration::from_secs(61));
        assert_eq!(decision, Decision { attempt: 1, delay: Duration::from_millis(500), crash_loop: false });
    }

    #[test]
    fn five_exits_within_the_window_are_a_crash_loop_until_stable() {
        let mut tracker = RestartTracker::new(policy());
        let start = Instant::now();
        let loops: Vec<bool> = (0..5u64)
            .map(|i| tracker.on_exit(start + Duration::from_secs(i), Duration::ZERO).crash_loop)
            .collect();
        assert_eq!(loops, [false, false, false, false, true]);
        // Still looping even though the earlier exits have left the window.
        let later = tracker.on_exit(start + Duration::from_secs(300), Duration::from_secs(1));
        assert_eq!(later.delay, Duration::from_secs(30));
        assert!(later.crash_loop);
        let recovered = tracker.on_exit(start + Duration::from_secs(600), Duration::from_secs(120));
        assert!(!recovered.crash_loop);
        assert_eq!(recovered.delay, Duration::from_millis(500));
    }

    #[test]
    fn exits_spread_over_more_than_the_window_are_no_crash_loop() {
        let mut tracker = RestartTracker::new(policy());
        let start = Instant::now();
        let any_loop = (0..10u64)
            .any(|i| tracker.on_exit(start + Duration::from_secs(i * 20), Duration::ZERO).crash_loop);
        assert!(!any_loop);
    }
}
