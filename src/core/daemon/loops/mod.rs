//! The work the daemon does by itself, each loop on its own task until shutdown: the health
//! round (health checks, the validator keys on the nodes, rentals), full validations, the
//! generation-2 bid loop, and the metagraph.

pub mod bidder;
pub mod health_round;
pub mod metagraph;
pub mod validation;
