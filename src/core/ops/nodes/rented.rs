//! Nodes carrying a customer's rental that an action would disturb.

use serde::Serialize;

use crate::core::nodes::rental::RentalContainer;

/// What to do when an action would disturb a rental.
pub(super) const RENTED_FIX: &str = "drain the node first: `basilica-miner node drain NODE --wait` takes it out of the offer and returns once its rental ended (`basilica-miner node list` shows it meanwhile); or pass --force to go ahead anyway: the renting validator checks its rental over SSH every 30 s, records the rental as interrupted and counts that against this miner";

/// A node carrying a customer's rental that an action would disturb.
#[derive(Debug, Clone, Serialize)]
pub struct RentedNode {
    /// The node's id.
    pub node_id: String,
    /// `user@host:port`.
    pub address: String,
    /// The rentals seen there.
    pub rentals: Vec<RentalContainer>,
    /// The validators whose keys are on the node (the renter among them).
    pub validators: Vec<String>,
}

impl std::fmt::Display for RentedNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rentals: Vec<String> = self.rentals.iter().map(RentalContainer::describe).collect();
        write!(f, "{} carries {}", self.address, rentals.join(", "))?;
        if !self.validators.is_empty() {
            write!(f, "; validator key(s) there: {}", self.validators.join(", "))?;
        }
        Ok(())
    }
}
