//! A node's health as the daemon last recorded it, told apart once for every reader.

use serde::Serialize;

use crate::core::daemon::state::store::HealthRow;

/// A node's health from its last recorded health check and its running rentals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeHealth {
    /// The daemon has not checked it yet (or not since it was added).
    Unchecked,
    /// It passed every check and runs no rental.
    Healthy,
    /// It passed every check and runs a customer's rental.
    Rented,
    /// Its last health check failed.
    Failing,
}

impl NodeHealth {
    /// From the node's last health check (`None`: none recorded) and whether a rental runs on it.
    pub fn of(last: Option<&HealthRow>, rented: bool) -> NodeHealth {
        match last {
            None => NodeHealth::Unchecked,
            Some(h) if !h.ok => NodeHealth::Failing,
            Some(_) if rented => NodeHealth::Rented,
            Some(_) => NodeHealth::Healthy,
        }
    }

    /// It passed its last health check (rented or not).
    pub fn passes(self) -> bool {
        matches!(self, NodeHealth::Healthy | NodeHealth::Rented)
    }

    /// The word in `status --json`, unchanged since before this type: a rented node is
    /// `healthy` there, its rentals listed beside it.
    pub fn json_word(self) -> &'static str {
        match self {
            NodeHealth::Unchecked => "unchecked",
            NodeHealth::Healthy | NodeHealth::Rented => "healthy",
            NodeHealth::Failing => "failing",
        }
    }
}

impl Serialize for NodeHealth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.json_word())
    }
}
