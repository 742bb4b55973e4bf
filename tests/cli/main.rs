//! Tests of the `basilica-miner` binary as an operator runs it: one module per command,
//! asserting exit code, stdout and stderr separately.

// A test reads as one story from setup to its last assertion; the 100-line limit is for src.
#![allow(clippy::too_many_lines)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test support code: a panic is how a test fails"
)]

mod support;

mod bid;
mod bid_assignment;
mod bid_categories;
mod bid_judged;
mod bid_where;
mod chain;
mod completions;
mod config_show;
mod config_validate;
mod daemon_life;
mod demo;
mod doc_links;
mod faults;
mod first_hour;
mod fleet;
mod flood;
mod global;
mod guide;
mod health_log;
mod image;
mod init;
mod keys;
mod maintenance;
mod node_add;
mod node_list;
mod node_remove;
mod node_test;
mod probe;
mod prometheus;
mod properties;
mod pulls;
mod readiness;
mod register;
mod rentals;
mod serve;
mod source_size;
mod status;
mod wallet;
mod way_in;
