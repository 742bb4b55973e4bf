//! What validators and scrapers reach, and what the miner reaches at validators: the
//! generation-1 gRPC service (MinerDiscovery), its gate and the checks every request passes, the
//! per-network rate limit, the refusal log, the two text formats of the metrics endpoint, the
//! generation-2 client of a validator's `MinerRegistration` service and the look at what
//! answers at a bid endpoint.

pub mod bid_client;
pub mod bid_probe;
pub mod checks;
pub mod discovery;
pub mod exposition;
pub mod gate;
pub mod ratelimit;
pub mod refusals;
