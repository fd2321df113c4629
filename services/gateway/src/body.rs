//! Bodies as they pass through: counted against the size limit while they flow, reclaimable for a retry
//! while untouched, and holding their instance's lease until they end.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::{Body, Frame, SizeHint};

use crate::balance::Lease;

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Every body the gateway sends, both ways.
pub(crate) type ProxyBody = UnsyncBoxBody<Bytes, BoxError>;

pub(crate) fn full(bytes: impl Into<Bytes>) -> ProxyBody {
    Full::new(bytes.into()).map_err(|never| match never {}).boxed_unsync()
}

pub(crate) fn empty() -> ProxyBody {
    Empty::new().map_err(|never| match never {}).boxed_unsync()
}

/// A request body went over the limit while flowing.
#[derive(Debug, thiserror::Error)]
#[error("the request body is larger than {0} bytes")]
pub(crate) struct BodyTooLarge(pub u64);

/// Counts data as it flows and fails the body once it passes `limit`, so that a streamed body is
/// limited without buffering it. `exceeded` tells the handler why forwarding failed.
pub(crate) struct Counted<B> {
    inner: B,
    seen: u64,
    limit: u64,
    exceeded: Arc<AtomicBool>,
}

impl<B> Counted<B> {
    pub fn new(inner: B, limit: u64, exceeded: Arc<AtomicBool>) -> Self {
        Self { inner, seen: 0, limit, exceeded }
    }
}

impl<B> Body for Counted<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        if this.seen > this.limit {
            return Poll::Ready(Some(Err(BodyTooLarge(this.limit).into())));
        }
        let frame = ready!(Pin::new(&mut this.inner).poll_frame(cx));
        if let Some(Ok(data)) = frame.as_ref().map(|frame| frame.as_ref().map(Frame::data_ref)) {
            let length = data.map_or(0, |data| data.len() as u64);
            this.seen = this.seen.saturating_add(length);
            if this.seen > this.limit {
                this.exceeded.store(true, Ordering::Relaxed);
                return Poll::Ready(Some(Err(BodyTooLarge(this.limit).into())));
            }
        }
        Poll::Ready(frame.map(|frame| frame.map_err(Into::into)))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A request body sent to an instance, which can be taken back for another instance as long as the
/// first one never read any of it (the connection failed before). A body that was read is never
/// replayed.
pub(crate) struct Reclaimable {
    shared: Arc<Mutex<Slot>>,
}

struct Slot {
    body: Option<ProxyBody>,
    polled: bool,
}

/// The handler's side of a [`Reclaimable`].
pub(crate) struct Claim {
    shared: Arc<Mutex<Slot>>,
}

impl Reclaimable {
    pub fn new(body: ProxyBody) -> (Self, Claim) {
        let shared = Arc::new(Mutex::new(Slot { body: Some(body), polled: false }));
        (Self { shared: shared.clone() }, Claim { shared })
    }
}

impl Claim {
    /// The body, if nobody read from it.
    pub fn reclaim(self) -> Option<ProxyBody> {
        let mut slot = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.polled { None } else { slot.body.take() }
    }
}

impl Body for Reclaimable {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let mut slot = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        slot.polled = true;
        match slot.body.as_mut() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        let slot = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        slot.body.as_ref().is_none_or(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        let slot = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        slot.body.as_ref().map_or_else(|| SizeHint::with_exact(0), Body::size_hint)
    }
}

/// A response body that keeps its instance's request outstanding until it ends or is dropped.
pub(crate) struct Leased<B> {
    inner: B,
    lease: Option<Lease>,
}

impl<B> Leased<B> {
    pub fn new(inner: B, lease: Lease) -> Self {
        Self { inner, lease: Some(lease) }
    }
}

impl<B> Body for Leased<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let frame = ready!(Pin::new(&mut self.inner).poll_frame(cx));
        if frame.is_none() {
            // Ended: release the instance now rather than when the connection drops the body.
            self.lease = None;
        }
        Poll::Ready(frame.map(|frame| frame.map_err(Into::into)))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(sizes: &[usize]) -> ProxyBody {
        let frames: Vec<Result<Frame<Bytes>, BoxError>> =
            sizes.iter().map(|size| Ok(Frame::data(Bytes::from(vec![0u8; *size])))).collect();
        http_body_util::StreamBody::new(futures_util::stream::iter(frames)).boxed_unsync()
    }

    #[tokio::test]
    async fn counted_bodies_fail_past_the_limit() {
        let exceeded = Arc::new(AtomicBool::new(false));
        let body = Counted::new(chunks(&[4, 4]), 8, exceeded.clone());
        assert_eq!(body.collect().await.unwrap().to_bytes().len(), 8);
        assert!(!exceeded.load(Ordering::Relaxed));

        let body = Counted::new(chunks(&[4, 4, 1]), 8, exceeded.clone());
        let error = body.collect().await.unwrap_err();
        assert!(error.is::<BodyTooLarge>(), "{error}");
        assert!(exceeded.load(Ordering::Relaxed));
    }

    #[tokio::test]
    async fn untouched_bodies_can_be_reclaimed_and_read_ones_cannot() {
        let (body, claim) = Reclaimable::new(full("hello"));
        drop(body);
        let body = claim.reclaim().unwrap();

        let (body, claim) = Reclaimable::new(body);
        assert_eq!(body.collect().await.unwrap().to_bytes(), "hello");
        assert!(claim.reclaim().is_none());
    }
}
