//! The instances a request can go to and how one is picked: only ready ones, by least outstanding
//! requests or in turn.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use crate::config::BalanceStrategy;
use crate::upstreams::Upstream;

/// One instance and what the gateway knows about it.
#[derive(Debug)]
pub(crate) struct Member {
    pub upstream: Upstream,
    /// The last active health check answered ready. New members start unready until their first check.
    ready: AtomicBool,
    /// A connection to it failed; cleared by the next successful active check (passive health check).
    down: AtomicBool,
    /// Requests sent to it whose response has not ended (open event streams included).
    outstanding: AtomicUsize,
}

impl Member {
    fn new(upstream: Upstream) -> Self {
        Self {
            upstream,
            ready: AtomicBool::new(false),
            down: AtomicBool::new(false),
            outstanding: AtomicUsize::new(0),
        }
    }

    pub fn is_eligible(&self) -> bool {
        self.ready.load(Ordering::Relaxed) && !self.down.load(Ordering::Relaxed)
    }

    pub fn outstanding(&self) -> usize {
        self.outstanding.load(Ordering::Relaxed)
    }

    /// Records an active check; returns whether the member became eligible or ineligible by it.
    pub fn set_checked(&self, ready: bool) -> bool {
        let was = self.is_eligible();
        self.ready.store(ready, Ordering::Relaxed);
        if ready {
            self.down.store(false, Ordering::Relaxed);
        }
        was != self.is_eligible()
    }

    /// A connection failed: no new requests until an active check succeeds.
    pub fn mark_down(&self) {
        if !self.down.swap(true, Ordering::Relaxed) {
            tracing::warn!(upstream = %self.upstream.name, addr = %self.upstream.addr, "upstream marked down");
        }
    }
}

/// The current members. Members are kept across set changes by address, so that an instance keeps its
/// health and counts; a removed member's in-flight requests finish on their own (they hold its `Arc`).
#[derive(Debug)]
pub(crate) struct Pool {
    members: RwLock<Arc<Vec<Arc<Member>>>>,
    cursor: AtomicUsize,
    strategy: BalanceStrategy,
}

impl Pool {
    pub fn new(strategy: BalanceStrategy) -> Self {
        Self { members: RwLock::new(Arc::new(Vec::new())), cursor: AtomicUsize::new(0), strategy }
    }

    pub fn members(&self) -> Arc<Vec<Arc<Member>>> {
        self.members.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Replaces the set; returns whether any member is new (and so needs a health check).
    pub fn update(&self, upstreams: &[Upstream]) -> bool {
        let mut members = self.members.write().unwrap_or_else(PoisonError::into_inner);
        let mut added = false;
        let next: Vec<Arc<Member>> = upstreams
            .iter()
            .map(|upstream| {
                members.iter().find(|member| member.upstream == *upstream).cloned().unwrap_or_else(|| {
                    added = true;
                    tracing::info!(upstream = %upstream.name, addr = %upstream.addr, "upstream added");
                    Arc::new(Member::new(upstream.clone()))
                })
            })
            .collect();
        for gone in members.iter().filter(|member| !upstreams.contains(&member.upstream)) {
            tracing::info!(upstream = %gone.upstream.name, addr = %gone.upstream.addr, "upstream removed");
        }
        *members = Arc::new(next);
        added
    }

    /// An eligible member not in `tried`, leased for one request.
    pub fn pick(&self, tried: &[SocketAddr]) -> Option<Lease> {
        let members = self.members();
        let eligible: Vec<&Arc<Member>> = members
            .iter()
            .filter(|member| member.is_eligible() && !tried.contains(&member.upstream.addr))
            .collect();
        if eligible.is_empty() {
            return None;
        }
        let turn = self.cursor.fetch_add(1, Ordering::Relaxed);
        let chosen = match self.strategy {
            BalanceStrategy::RoundRobin => eligible[turn % eligible.len()],
            // Ties go in turn: start the scan at the cursor, keep the first minimum.
            BalanceStrategy::LeastOutstanding => (0..eligible.len())
                .map(|offset| eligible[(turn + offset) % eligible.len()])
                .min_by_key(|member| member.outstanding())
                .unwrap_or(eligible[0]),
        };
        Some(Lease::new(chosen.clone()))
    }
}

/// A request's claim on a member: counts as outstanding until dropped (with the response body).
#[derive(Debug)]
pub(crate) struct Lease {
    member: Arc<Member>,
}

impl Lease {
    fn new(member: Arc<Member>) -> Self {
        member.outstanding.fetch_add(1, Ordering::Relaxed);
        Self { member }
    }

    pub fn member(&self) -> &Member {
        &self.member
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.member.outstanding.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upstream(port: u16) -> Upstream {
        Upstream::new(format!("u{port}"), SocketAddr::from(([127, 0, 0, 1], port)))
    }

    fn ready_pool(strategy: BalanceStrategy, ports: &[u16]) -> Pool {
        let pool = Pool::new(strategy);
        pool.update(&ports.iter().map(|port| upstream(*port)).collect::<Vec<_>>());
        for member in pool.members().iter() {
            member.set_checked(true);
        }
        pool
    }

    fn port(lease: &Lease) -> u16 {
        lease.member().upstream.addr.port()
    }

    #[test]
    fn only_ready_members_that_are_not_down_are_picked() {
        let pool = ready_pool(BalanceStrategy::RoundRobin, &[1, 2, 3]);
        let members = pool.members();
        members[0].set_checked(false);
        members[1].mark_down();
        for _ in 0..5 {
            assert_eq!(port(&pool.pick(&[]).unwrap()), 3);
        }
        assert!(pool.pick(&[members[2].upstream.addr]).is_none());
        members[1].set_checked(true);
        assert!(members[1].is_eligible());
    }

    #[test]
    fn new_members_wait_for_their_first_check() {
        let pool = Pool::new(BalanceStrategy::RoundRobin);
        assert!(pool.update(&[upstream(1)]));
        assert!(pool.pick(&[]).is_none());
        pool.members()[0].set_checked(true);
        assert!(!pool.update(&[upstream(1)]), "a kept member is not new");
        assert!(pool.pick(&[]).is_some());
    }

    #[test]
    fn least_outstanding_prefers_idle_members_and_alternates_ties() {
        let pool = ready_pool(BalanceStrategy::LeastOutstanding, &[1, 2]);
        let busy = pool.pick(&[]).unwrap();
        for _ in 0..3 {
            let lease = pool.pick(&[]).unwrap();
            assert_ne!(port(&lease), port(&busy));
        }
        drop(busy);
        let first = port(&pool.pick(&[]).unwrap());
        let second = port(&pool.pick(&[]).unwrap());
        assert_ne!(first, second);
    }

    #[test]
    fn round_robin_takes_turns() {
        let pool = ready_pool(BalanceStrategy::RoundRobin, &[1, 2, 3]);
        let mut ports: Vec<u16> = (0..3).map(|_| port(&pool.pick(&[]).unwrap())).collect();
        ports.sort_unstable();
        assert_eq!(ports, [1, 2, 3]);
    }

    #[test]
    fn removed_members_keep_their_leases() {
        let pool = ready_pool(BalanceStrategy::RoundRobin, &[1, 2]);
        let lease = pool.pick(&[]).unwrap();
        let kept = port(&lease);
        pool.update(&[upstream(if kept == 1 { 2 } else { 1 })]);
        assert_eq!(lease.member().outstanding(), 1);
        assert!(pool.pick(&[]).is_some_and(|other| port(&other) != kept));
    }
}
