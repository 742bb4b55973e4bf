//! What the long-running examples share (`bench_flood`, `soak`, `chaos`, `bench_validation`):
//! the daemon child they run themselves as, the hostile flood, the CPU groups that keep the
//! stand-ins for other machines off the measured latency, the undo of their machine changes on
//! Ctrl-C, the database-only benchmark and the simulated fleet's validation schedule. Built
//! with the `test-support` feature only.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::missing_panics_doc,
    reason = "a benchmark prints its figures and stops at its first failure"
)]

pub mod checkpoints;
pub mod cpu_group;
pub mod daemon_child;
pub mod flood;
pub mod interrupted;
pub mod simulated_fleet;
