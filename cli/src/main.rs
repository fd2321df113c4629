//! `backbone`: the one binary: operator CLI, and the runner of landscapes and their components.

mod admin;
mod cli;
mod commands;
mod exit;
mod output;
mod progress;
mod signals;
mod tui;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    // One TLS crypto provider for the whole process (aws-lc-rs); it fails only if one is installed already.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    // Every stream and connection is a file descriptor; the common soft limit of 1024 would stall
    // the server long before memory or CPU do.
    if let Err(error) = rlimit::increase_nofile_limit(u64::MAX) {
        eprintln!("warning: cannot raise the open-files limit: {error}");
    }
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return exit::report(&anyhow::Error::new(error)),
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => exit::report(&error),
    }
}
