//! Wake-ups for those who wait on what others write: the outbox relays and the SSE hubs.
//!
//! A committed transaction that wrote to the outbox or the SSE signals wakes the waiters of its
//! own process at once. On PostgreSQL it also sends a `NOTIFY`, which every process with the same
//! database receives through one `LISTEN` connection, so that work written by another process is
//! picked up in milliseconds rather than at the next poll. Waiters still poll: a notification lost
//! while the listener reconnects only delays, never loses, work.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use backbone_domain::Secret;
use sqlx::postgres::PgListener;
use tokio::sync::Notify;
use tokio::task::AbortHandle;

/// What a transaction wrote that someone waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// Domain events in the outbox, for the relays.
    Outbox,
    /// Signals for Server-Sent-Events streams, for the SSE hubs.
    SseSignals,
}

impl Wake {
    const ALL: [Wake; 2] = [Wake::Outbox, Wake::SseSignals];

    pub(crate) fn channel(self) -> &'static str {
        match self {
            Wake::Outbox => "backbone_outbox",
            Wake::SseSignals => "backbone_sse_signals",
        }
    }

    fn index(self) -> usize {
        match self {
            Wake::Outbox => 0,
            Wake::SseSignals => 1,
        }
    }
}

/// The waiters of one `Db` and, on PostgreSQL, the listener that wakes them for other processes.
#[derive(Debug)]
pub(crate) struct Wakers {
    notifies: [Arc<Notify>; 2],
    listener: OnceLock<Option<AbortHandle>>,
    /// The database's URL with its current credential; the listener (re)connects with it.
    url: Mutex<Secret>,
}

impl Wakers {
    pub(crate) fn new(url: Secret) -> Self {
        Self { notifies: Default::default(), listener: OnceLock::new(), url: Mutex::new(url) }
    }

    pub(crate) fn url(&self) -> Secret {
        self.url.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub(crate) fn set_url(&self, url: Secret) {
        *self.url.lock().unwrap_or_else(PoisonError::into_inner) = url;
    }

    pub(crate) fn get(&self, wake: Wake) -> Arc<Notify> {
        self.notifies[wake.index()].clone()
    }

    pub(crate) fn wake(&self, wake: Wake) {
        self.notifies[wake.index()].notify_waiters();
        self.notifies[wake.index()].notify_one();
    }

    /// Starts listening for other processes' notifications, once per `Db`; needs a Tokio runtime.
    pub(crate) fn listen(self: &Arc<Self>) {
        self.listener.get_or_init(|| {
            let runtime = tokio::runtime::Handle::try_current().ok()?;
            Some(runtime.spawn(forward_notifications(Arc::downgrade(self))).abort_handle())
        });
    }

    pub(crate) fn stop_listening(&self) {
        if let Some(Some(listener)) = self.listener.get() {
            listener.abort();
        }
    }
}

/// Turns PostgreSQL notifications into local wake-ups until the `Db` is gone.
async fn forward_notifications(wakers: std::sync::Weak<Wakers>) {
    loop {
        let Some(url) = wakers.upgrade().map(|wakers| wakers.url()) else { return };
        match PgListener::connect(url.expose()).await {
            Ok(mut listener) => {
                let channels = Wake::ALL.map(Wake::channel);
                if let Err(error) = listener.listen_all(channels).await {
                    tracing::warn!(%error, "cannot listen for database notifications");
                }
                while let Ok(notification) = listener.recv().await {
                    let Some(wakers) = wakers.upgrade() else { return };
                    if let Some(wake) =
                        Wake::ALL.into_iter().find(|wake| wake.channel() == notification.channel())
                    {
                        wakers.wake(wake);
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "cannot connect to listen for database notifications"),
        }
        // Whatever was notified during the gap is picked up now instead of at the next poll.
        let Some(current) = wakers.upgrade() else { return };
        Wake::ALL.into_iter().for_each(|wake| current.wake(wake));
        drop(current);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
