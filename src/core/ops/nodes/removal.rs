//! `node remove`: the nodes picked and what runs on them, looked at first (a rented node is
//! refused unless forced), then taken out of `miner.toml` under the edit lock.

use std::path::Path;

use super::{looks, NodeSet, NodesError, RentedNode};
use crate::core::config::LoadedConfig;
use crate::core::nodes::registry::{self, NodeRecord};
use crate::core::nodes::rental::RentalContainer;

/// The nodes a removal would take out, after a look at their rentals; nothing written yet.
#[derive(Debug, Clone)]
pub struct RemovalPlan {
    /// The picked nodes' addresses, in the order given.
    pub names: Vec<String>,
    /// Picked nodes that carry a rental (only when forced: otherwise the plan is refused).
    pub rented: Vec<RentedNode>,
    selectors: Vec<String>,
}

impl RemovalPlan {
    /// Finds every node `selectors` names and looks at its rentals. A rented node refuses the
    /// whole removal ([`NodesError::Rented`]) unless `force`.
    pub async fn read(loaded: &LoadedConfig, selectors: &[String], force: bool) -> Result<RemovalPlan, NodesError> {
        let records = registry::list(&loaded.config);
        let chosen = selectors.iter().map(|sel| registry::find(&records, sel)).collect::<Result<Vec<_>, _>>()?;
        let names = chosen.iter().map(|r| r.address().to_string()).collect::<Vec<_>>();
        // Look before acting: a node carrying a customer's rental stays unless forced.
        let rented = rentals_before_removal(loaded, selectors, &chosen).await;
        if !rented.is_empty() && !force {
            return Err(NodesError::Rented { action: format!("removing {}", names.join(", ")), nodes: rented });
        }
        Ok(RemovalPlan { names, rented, selectors: selectors.to_vec() })
    }

    /// Takes the nodes out of the config at `config_path`, the nodes found again inside its
    /// edit lock; the file is unchanged when any is gone or ambiguous by then.
    pub fn execute(self, config_path: &Path) -> Result<Vec<NodeRecord>, registry::RegistryError> {
        let selectors: Vec<&str> = self.selectors.iter().map(String::as_str).collect();
        registry::remove(config_path, &selectors)
    }
}

/// `node remove`: of the nodes `selectors` chose (`chosen`), those that carry a rental
/// (removing a node takes it out of the bid, and validators then stop listing it while its
/// rental runs). Each node is looked at now over SSH; for a node that cannot be reached (or
/// without a usable miner key) the rentals `serve` last recorded stand in.
async fn rentals_before_removal(
    loaded: &LoadedConfig,
    selectors: &[String],
    chosen: &[&NodeRecord],
) -> Vec<RentedNode> {
    let recorded = crate::core::daemon::view::records::rentals(loaded).unwrap_or_default();
    let mut looked: std::collections::HashMap<String, Option<RentedNode>> = std::collections::HashMap::new();
    if let Ok(set) = NodeSet::pick(loaded, selectors) {
        if let Ok(engine) = set.engine() {
            for (id, node) in looks(&set, &engine).await {
                if let Ok(node) = node {
                    looked.insert(id.to_string(), node);
                }
            }
            engine.close().await;
        }
    }
    let mut out = Vec::new();
    for r in chosen.iter().copied() {
        let id = r.node_id.to_string();
        if out.iter().any(|n: &RentedNode| n.node_id == id) {
            continue;
        }
        match looked.get(&id) {
            Some(Some(node)) => out.push(node.clone()),
            Some(None) => {}
            None => {
                if let Some(rows) = recorded.get(&id).filter(|rows| !rows.is_empty()) {
                    out.push(RentedNode {
                        node_id: id,
                        address: r.address().to_string(),
                        rentals: rows.iter().map(|row| RentalContainer::recorded(&row.rental)).collect(),
                        validators: rows.iter().flat_map(|row| row.rental.validators.clone()).collect(),
                    });
                }
            }
        }
    }
    out
}
