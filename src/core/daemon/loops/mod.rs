//! The work the daemon does by itself, each loop on its own task until shutdown: reconcile
//! (health rounds, the validator keys on the nodes, rentals), full validations (vetting), the
//! generation-2 bid loop, and the metagraph.

pub mod bidder;
pub(crate) mod deploy;
pub mod episodes;
pub mod metagraph;
pub mod reconcile;
pub mod vetting;
