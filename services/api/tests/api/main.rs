//! The Consumer API through HTTP: conventions, every implemented route, and its answers to bad input.
//! One test binary; each module covers one area.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test code fails loudly")]
#![allow(clippy::cloned_ref_to_slice_refs, reason = "expected lists read better as literals")]

mod fake_push;
mod harness;

mod announcements;
mod challenges;
mod conventions;
mod deletion;
mod deletion_jobs;
mod devices;
mod files;
mod identities;
mod messages;
mod openapi;
mod push;
mod quotas;
mod relationships;
mod sync;
mod templates;
mod token;
mod tokens;
