//! Signals to instances, through rustix's safe `kill` (the workspace forbids `unsafe`).
//!
//! Every instance is spawned as the leader of its own process group, so a signal goes to the group: helpers a
//! component may start (or the `sleep` of a shell script) stop with it, and a Ctrl-C in the supervisor's
//! terminal does not reach the instances behind the supervisor's back. Callers signal only children they
//! have not reaped yet, so the pid cannot have been reused.

use rustix::io::Errno;
use rustix::process::{Pid, Signal, kill_process, kill_process_group};

/// Asks an instance to drain and exit.
pub(crate) fn terminate(pid: u32) -> std::io::Result<()> {
    send(pid, Signal::TERM)
}

/// Ends an instance at once.
pub(crate) fn kill(pid: u32) -> std::io::Result<()> {
    send(pid, Signal::KILL)
}

fn send(pid: u32, signal: Signal) -> std::io::Result<()> {
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a process id"));
    };
    match kill_process_group(pid, signal) {
        Ok(()) => Ok(()),
        // The child left the group on its own (setsid): signal the process itself.
        Err(Errno::SRCH) => match kill_process(pid, signal) {
            Ok(()) | Err(Errno::SRCH) => Ok(()),
            Err(error) => Err(error.into()),
        },
        Err(error) => Err(error.into()),
    }
}
