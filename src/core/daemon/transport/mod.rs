//! What validators and scrapers reach: the generation-1 gRPC service (MinerDiscovery), the
//! checks every request passes, the per-network rate limit, the refusal log, and the two
//! text formats of the metrics endpoint.

pub mod checks;
pub mod discovery;
pub mod exposition;
pub mod ratelimit;
pub mod refusals;
