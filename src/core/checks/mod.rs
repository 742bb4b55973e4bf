//! Checks that need more than the model: a loaded `miner.toml` validated by area against the
//! rules of every domain (node addresses, declarations, bidding, keys, wallet), and `init`'s
//! setup (answers checked, the file, the database directory and the node key written). Above
//! `config`, `nodes` and `bidding`; below `daemon`, `ops` and the commands.

pub mod setup;
mod validate;
mod validate_bidding;
mod validate_nodes;

pub use validate::{validate, Area};
