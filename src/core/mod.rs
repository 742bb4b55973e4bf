//! The library behind every subcommand: configuration, node registry, key handling.
//! Nothing here prints, exits or knows about clap; it returns typed values and errors.

pub mod authorized_keys;
pub mod chain;
pub mod clock;
pub mod config;
pub mod fleet;
pub mod fsutil;
pub mod gpu;
pub mod hostkeys;
pub mod inspect;
pub mod keys;
pub mod node;
pub mod registration;
pub mod registry;
pub mod sandbox;
pub mod server;
pub mod setup;
pub mod signing;
pub mod ss58;
pub mod store;
pub mod sshkey;
pub mod testbed;
pub mod validator_client;
pub mod wallet;
