//! The daemon's read side: what another process (`status`, `health-check`, `bid status`,
//! `node list`, `node drain`) learns of a running `serve` without asking it to do anything.
//! Where it is ([`place`]: pid file, gRPC endpoint, metrics URL, its health answer), what it
//! recorded ([`records`]: its database opened read-only, empty until it exists), what it
//! exposes ([`scrape`]: its metrics), and a node's health told apart once ([`NodeHealth`]).
//! Nothing here writes, and nothing here is used by `serve` itself.

mod health;
pub mod place;
pub mod records;
pub mod scrape;

pub use health::NodeHealth;
