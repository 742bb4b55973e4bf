//! The GPU nodes: addresses and ids, the registry in miner.toml, the SSH fleet engine,
//! `authorized_keys` editing, validator and miner keys across the fleet, host keys, and what
//! a node's GPUs and software look like, and what is known about a node between checks.

pub mod authorized_keys;
pub mod category;
pub mod cpu;
pub mod declared;
pub mod fleet;
pub mod gpu;
pub mod hostkeys;
pub mod inspect;
pub mod keys;
pub mod node;
pub mod port_check;
pub mod registry;
pub mod rental;
mod script_output;
pub mod state;
pub mod validation;
pub mod way_in;
