//! Stop requests from outside: Ctrl-C, or SIGTERM from a supervisor.

use std::future::Future;

/// Resolves when the process is asked to stop. Listening starts when this is called, not when the
/// future is first polled, so a signal that arrives right after start-up is not lost.
#[cfg(unix)]
pub fn stop_requested() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
pub fn stop_requested() -> std::io::Result<impl Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
