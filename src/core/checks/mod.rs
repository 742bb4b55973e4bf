//! Checks that need more than the model: a loaded `miner.toml` validated by area against the
//! rules of every domain (node addresses, declarations, bidding, keys, wallet). Above
//! `config`, `nodes` and `bidding`; below `daemon`, `ops` and the commands.

mod findings;
mod validate;
mod validate_bidding;
mod validate_nodes;

pub use validate::{problems_without_wallet, validate, Area};
