//! basilica-miner: the operator toolkit and validator-facing daemon for Basilica GPU miners.
//!
//! The binary's subcommands live in `src/commands`; everything they share is in [`core`].

#![warn(clippy::print_stdout, clippy::print_stderr, clippy::exit)]

pub mod core;
pub mod proto;
pub mod testbed;
