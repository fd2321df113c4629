//! Server-Sent Events (spec §5.21): devices that cannot receive mobile pushes hold a stream open and
//! get each push's event name on it.
//!
//! The registry is not in memory alone: a stream registers its device with platform `sse` in the
//! database, the pusher writes a signal row per device, and every process serving streams tails
//! those rows ([`SseHub::run`]) and forwards them to the streams it holds: at once when woken by a
//! commit (in this process, or through PostgreSQL notifications), else at the next poll. So any
//! replica can hold any stream, and a device may hold several.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, Sse};
use backbone_domain::Clock;
use backbone_domain::id::{DeviceId, DevicePushIdentifier};
use backbone_domain::push::{Platform, PushEnvironment, Registration};
use backbone_http::{ApiResult, Principal};
use backbone_store::{Db, StoreError, Wake, push};
use futures_util::Stream;
use futures_util::stream::{self, StreamExt as _};
use tokio::sync::mpsc;
use tokio::time::{Instant, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

use crate::config::SseConfig;

/// Signals read per query while catching up.
const BATCH: i64 = 500;
/// Events a slow stream may have queued; more are dropped, as each only says "sync now".
const QUEUE: usize = 8;

type Streams = HashMap<DeviceId, Vec<(u64, mpsc::Sender<Arc<str>>)>>;

/// The streams this process holds, fed from the signal table.
pub struct SseHub {
    db: Db,
    clock: Arc<dyn Clock>,
    config: SseConfig,
    streams: Mutex<Streams>,
    next_stream: AtomicU64,
}

impl SseHub {
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: SseConfig) -> Arc<Self> {
        Arc::new(Self {
            db,
            clock,
            config,
            streams: Mutex::new(HashMap::new()),
            next_stream: AtomicU64::new(0),
        })
    }

    /// How many streams this process holds.
    pub fn open_streams(&self) -> usize {
        self.lock().values().map(Vec::len).sum()
    }

    /// Forwards new signals to the streams until `shutdown`, then ends every stream.
    pub async fn run(self: Arc<Self>, shutdown: CancellationToken) {
        let mut after = loop {
            match self.latest().await {
                Ok(latest) => break latest,
                Err(error) => tracing::warn!(%error, "cannot read the SSE signals; retrying"),
            }
            tokio::select! {
                () = shutdown.cancelled() => return self.lock().clear(),
                () = tokio::time::sleep(self.poll_interval()) => {}
            }
        };
        let written = self.db.wake_on(Wake::SseSignals);
        let mut ticks = tokio::time::interval(self.poll_interval());
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = written.notified() => {}
                _ = ticks.tick() => {}
            }
            match self.forward_after(after).await {
                Ok(last) => after = last,
                Err(error) => tracing::warn!(%error, "cannot read the SSE signals"),
            }
        }
        self.lock().clear();
    }

    async fn latest(&self) -> Result<i64, StoreError> {
        push::latest_sse_signal(&mut *self.db.conn().await?).await
    }

    /// Forwards the signals after `after`; returns the last one seen.
    async fn forward_after(&self, mut after: i64) -> Result<i64, StoreError> {
        let mut conn = self.db.conn().await?;
        loop {
            let signals = push::sse_signals_after(&mut conn, after, BATCH).await?;
            let Some(last) = signals.last() else { return Ok(after) };
            after = last.id;
            let streams = self.lock();
            for signal in &signals {
                let name: Arc<str> = Arc::from(signal.event_name.as_str());
                for (_, sender) in streams.get(&signal.device).into_iter().flatten() {
                    // A full queue already holds a wake-up; a closed one is being detached.
                    let _ = sender.try_send(name.clone());
                }
            }
            if (signals.len() as i64) < BATCH {
                return Ok(after);
            }
        }
    }

    fn attach(self: &Arc<Self>, device: DeviceId) -> Attachment {
        let id = self.next_stream.fetch_add(1, Ordering::Relaxed);
        let (sender, receiver) = mpsc::channel(QUEUE);
        self.lock().entry(device.clone()).or_default().push((id, sender));
        Attachment { hub: self.clone(), device, id, receiver }
    }

    /// Detaches a stream; the device's SSE registration goes with its last stream here.
    fn detach(self: &Arc<Self>, device: &DeviceId, id: u64) {
        let mut streams = self.lock();
        let Some(device_streams) = streams.get_mut(device) else { return };
        device_streams.retain(|(stream, _)| *stream != id);
        if !device_streams.is_empty() {
            return;
        }
        streams.remove(device);
        drop(streams);
        let (db, device) = (self.db.clone(), device.clone());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let result = async { push::delete_sse(&mut *db.conn().await?, &device).await }.await;
                if let Err(error) = result {
                    tracing::warn!(%error, %device, "cannot remove the SSE registration");
                }
            });
        }
    }

    fn poll_interval(&self) -> Duration {
        Duration::from_millis(u64::from(self.config.poll_interval_ms.max(10)))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Streams> {
        self.streams.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One stream's place in the hub; leaving it detaches the stream.
struct Attachment {
    hub: Arc<SseHub>,
    device: DeviceId,
    id: u64,
    receiver: mpsc::Receiver<Arc<str>>,
}

impl Drop for Attachment {
    fn drop(&mut self) {
        self.hub.detach(&self.device, self.id);
    }
}

fn event(name: &str) -> Event {
    Event::default().event(name).data("_")
}

/// Streams the push events of the calling device until the client disconnects.
#[utoipa::path(get, path = "/api/v2/sse", security(("bearer" = [])), tag = "Sse", operation_id = "Sse_stream",
    responses((status = 200, description = "`event: <name>` / `data: _` frames: `ConnectionOpened`, then push event names and `keep-alive`", content_type = "text/event-stream")))]
pub async fn stream(
    State(hub): State<Arc<SseHub>>,
    caller: Principal,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let registration = Registration {
        handle: caller.device.to_string(),
        device: caller.device,
        identity: caller.address,
        platform: Platform::Sse,
        app_id: Platform::Sse.as_str().to_owned(),
        environment: PushEnvironment::Production,
        device_push_identifier: DevicePushIdentifier::generate(&mut rand::rng()),
    };
    push::upsert(&mut *hub.db.conn().await?, &registration, hub.clock.now()).await?;
    let attachment = hub.attach(registration.device);
    let period = Duration::from_secs(u64::from(hub.config.keep_alive_seconds.max(1)));
    let keep_alive = tokio::time::interval_at(Instant::now() + period, period);
    let events = stream::unfold((attachment, keep_alive), |(mut attachment, mut keep_alive)| async move {
        let event = tokio::select! {
            name = attachment.receiver.recv() => event(&name?),
            _ = keep_alive.tick() => event("keep-alive"),
        };
        Some((Ok(event), (attachment, keep_alive)))
    });
    Ok(Sse::new(stream::once(async { Ok(event("ConnectionOpened")) }).chain(events)))
}
