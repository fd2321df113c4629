//! The public listener: TCP, TLS, then HTTP/1.1 or HTTP/2 into the proxy.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use crate::error::GatewayError;
use crate::proxy::Proxy;

/// A client that has not finished the TLS handshake by then is dropped.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// A client that has not sent a request's headers by then is dropped (slow-loris).
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Binds the gateway's listeners (see [`crate::listen::bind`]).
pub(crate) async fn bind(listen: &str) -> Result<Vec<TcpListener>, GatewayError> {
    crate::listen::bind(listen)
        .await
        .map_err(|source| GatewayError::Listen { address: listen.to_owned(), source })
}

pub(crate) fn http_builder() -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Duration::from_secs(30));
    builder
}

/// What every connection of a listener shares.
#[derive(Clone)]
pub(crate) struct Connections {
    pub tls: TlsAcceptor,
    pub proxy: Arc<Proxy>,
    pub http: Arc<auto::Builder<TokioExecutor>>,
    /// Cancelled when the grace period after shutdown is over: open connections are dropped.
    pub hard_stop: CancellationToken,
}

/// Accepts connections until `shutdown`; each is served in its own task, watched by `graceful` so that
/// shutdown can close them gracefully.
pub(crate) async fn accept(
    listener: TcpListener,
    connections: Connections,
    graceful: Arc<GracefulShutdown>,
    shutdown: CancellationToken,
) {
    loop {
        let (stream, peer) = tokio::select! {
            () = shutdown.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        tokio::spawn(serve_connection(stream, peer, connections.clone(), graceful.watcher()));
    }
}

async fn serve_connection(stream: TcpStream, peer: SocketAddr, connections: Connections, watcher: Watcher) {
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%error, "cannot set TCP_NODELAY");
    }
    let handshake = tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, connections.tls.accept(stream));
    let tls = tokio::select! {
        () = connections.hard_stop.cancelled() => return,
        handshake = handshake => match handshake {
            Ok(Ok(tls)) => tls,
            Ok(Err(error)) => {
                tracing::debug!(%peer, %error, "TLS handshake failed");
                return;
            }
            Err(_) => {
                tracing::debug!(%peer, "TLS handshake timed out");
                return;
            }
        },
    };
    let proxy = connections.proxy.clone();
    let service = service_fn(move |request| {
        let proxy = proxy.clone();
        async move { Ok::<_, Infallible>(proxy.handle(request, peer).await) }
    });
    let connection = connections.http.serve_connection(TokioIo::new(tls), service).into_owned();
    tokio::select! {
        () = connections.hard_stop.cancelled() => {}
        result = watcher.watch(connection) => {
            if let Err(error) = result {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
        }
    }
}
