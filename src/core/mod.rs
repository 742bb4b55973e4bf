//! The library behind every subcommand, grouped by domain. Nothing here prints, exits or knows
//! about clap; it returns typed values and errors.
//!
//! - [`config`] — `miner.toml` (model, loading, edits, the edit lock)
//! - [`checks`] — a loaded `miner.toml` validated against every domain's rules, and `init`'s setup
//! - [`identity`] — wallet files, SS58, signed payloads, the miner's SSH key files
//! - [`nodes`] — node registry, SSH fleet engine, authorized_keys, keys, GPU inspection
//! - [`bidding`] — generation 2: what is advertised to validators, prices, signed bid requests
//! - [`chain`] — subtensor client, metagraph, chain registration
//! - [`daemon`] — the validator-facing service, its database, metrics and background tasks
//! - [`ops`] — user actions that span domains (probe, wallet check, database health)
//! - [`support`] — clock and file-system helpers

pub mod bidding;
pub mod chain;
pub mod checks;
pub mod config;
pub mod daemon;
pub mod identity;
pub mod nodes;
pub mod ops;
pub mod support;
