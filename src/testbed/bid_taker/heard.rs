//! What the demo validator holds and hears: its record of every call, for tests to read.

/// A node as the validator holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Held {
    /// DNS name or IP address.
    pub host: String,
    /// The SSH port.
    pub port: u16,
    /// The SSH user.
    pub username: String,
    /// The category as the miner declared it.
    pub gpu_category: String,
    /// The category as this validator reads it.
    pub category: String,
    /// GPUs (1 for a CPU-only host).
    pub gpu_count: u32,
    /// Price of one GPU-hour in cents.
    pub hourly_rate_cents: u32,
}

/// What the validator heard, in order.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum Heard {
    /// A RegisterBid: the nodes offered and what became of them.
    RegisterBid {
        /// `host:port` of each node offered.
        offered: Vec<String>,
        /// The answer.
        outcome: BidAnswer,
    },
    /// An UpdateBid: a node's new price.
    UpdateBid {
        /// The node's host.
        host: String,
        /// The new price of one GPU-hour in cents.
        hourly_rate_cents: u32,
        /// The answer.
        outcome: BidAnswer,
    },
    /// A RemoveBid: nodes withdrawn.
    RemoveBid {
        /// The hosts withdrawn.
        hosts: Vec<String>,
        /// The answer.
        outcome: BidAnswer,
    },
    /// A heartbeat and the nodes it counted active.
    HealthCheck {
        /// The hosts the miner reported.
        hosts: Vec<String>,
        /// How many of them the validator counted active.
        nodes_active: u32,
        /// When it arrived.
        #[serde(skip)]
        at: std::time::Instant,
    },
    /// A request refused before it was read: an unknown hotkey, a stale timestamp, a bad
    /// signature.
    Refused {
        /// The method refused.
        method: &'static str,
        /// Why.
        why: String,
    },
}

/// What the validator answered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "answer", content = "detail", rename_all = "snake_case")]
pub enum BidAnswer {
    /// Accepted: the nodes now held.
    Held(Vec<Held>),
    /// Refused with an error status or `accepted = false`, in the validator's words.
    Refused(String),
}
