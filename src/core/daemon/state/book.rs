//! The node book: the one owner of the configured nodes and of every fact the daemon keeps
//! about each of them (its last health check, since when it has been healthy, its failure
//! episode, its last full validation). The loops change it only through its operations, each
//! under one lock, and learn of each other's work from two watch values it sends: health
//! rounds finished and validation passes recorded.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use arc_swap::ArcSwap;
use tokio::sync::watch;
use uuid::Uuid;

use crate::core::bidding::{offer, Offer, Prices, RefusedNode, Verdicts};
use crate::core::daemon::state::episodes::{Episode, Logged};
use crate::core::nodes::registry::NodeRecord;
use crate::core::nodes::rental::{self, Rental, RentalChanges};
use crate::core::nodes::state::LastValidation;
use crate::core::nodes::state::NodeState;

/// Everything known about one node.
#[derive(Debug, Default)]
struct Facts {
    state: Option<NodeState>,
    /// Since when it has passed every check; kept through a restart of the daemon.
    healthy_since: Option<i64>,
    episode: Option<Episode>,
    last_validation: Option<LastValidation>,
    /// The rentals running on it, as last seen (kept through a restart).
    rentals: Vec<Rental>,
    /// Rentals that ended whose validators' keys may now go (the health-round loop says so when
    /// it removes them).
    released: Vec<Rental>,
    /// A rental ended since its last full validation: validate it again before it waits for
    /// its turn (validators do the same).
    revalidate: bool,
    /// No full validation before this time (one found a rental the book did not know of).
    deferred_until: i64,
}

/// What recording a health check changed, for the log, the metrics and the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthRecorded {
    /// Since when the node has passed every check (`None` while it fails).
    pub healthy_since: Option<i64>,
    /// What the health log should say about the node's failure episode.
    pub logged: Logged,
    /// Seconds the node was on offer since its previous check: both passed, at most
    /// `longest_gap` apart.
    pub offered_secs: Option<i64>,
    /// The GPU categories the previous check reported (the metric drops those now gone).
    pub models_before: Vec<String>,
    /// The rentals that started and ended since the previous check.
    pub rentals: RentalChanges,
}

/// The configured nodes and their facts.
pub struct NodeBook {
    nodes: ArcSwap<Vec<NodeRecord>>,
    facts: Mutex<HashMap<Uuid, Facts>>,
    health_rounds: watch::Sender<u64>,
    validations: watch::Sender<u64>,
    /// The nodes that carry the validator's key: those of the generation-2 bid the
    /// miner holds, or every node (`None`: no bid held).
    key_scope: Mutex<Option<HashSet<Uuid>>>,
}

impl NodeBook {
    /// A book of `nodes` with the uptime streaks recorded before a restart (`node → since`).
    pub fn new(nodes: Vec<NodeRecord>, streaks: HashMap<Uuid, i64>) -> NodeBook {
        let facts =
            streaks.into_iter().map(|(id, since)| (id, Facts { healthy_since: Some(since), ..Facts::default() }));
        NodeBook {
            nodes: ArcSwap::from_pointee(nodes),
            facts: Mutex::new(facts.collect()),
            health_rounds: watch::Sender::new(0),
            validations: watch::Sender::new(0),
            key_scope: Mutex::new(None),
        }
    }

    fn facts(&self) -> MutexGuard<'_, HashMap<Uuid, Facts>> {
        self.facts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The configured nodes, in config order.
    pub fn nodes(&self) -> Arc<Vec<NodeRecord>> {
        self.nodes.load_full()
    }

    fn is_configured(&self, node: &Uuid) -> bool {
        self.nodes.load().iter().any(|r| r.node_id == *node)
    }

    /// Replaces the configured nodes (a reload) and forgets everything about the nodes that
    /// left: from now on they are never handed out, offered or checked. Returns the last
    /// health check of each node forgotten.
    pub fn replace_nodes(&self, nodes: Vec<NodeRecord>) -> HashMap<Uuid, NodeState> {
        let mut facts = self.facts();
        // An uncordoned node is offered again only after a full validation passed since.
        let before = self.nodes.load();
        for r in nodes.iter().filter(|r| !r.cordoned && before.iter().any(|b| b.node_id == r.node_id && b.cordoned)) {
            let f = facts.entry(r.node_id).or_default();
            f.last_validation = None;
            f.revalidate = true;
        }
        let gone: Vec<Uuid> = facts.keys().filter(|id| !nodes.iter().any(|r| r.node_id == **id)).copied().collect();
        let forgotten = gone.iter().filter_map(|id| facts.remove(id).and_then(|f| f.state).map(|s| (*id, s))).collect();
        self.nodes.store(Arc::new(nodes));
        forgotten
    }

    /// Records one node's health check. A node removed while its check ran is not recorded.
    pub fn record_health(&self, node: Uuid, state: NodeState, longest_gap: i64) -> Option<HealthRecorded> {
        let mut all = self.facts();
        if !self.is_configured(&node) {
            return None;
        }
        let facts = all.entry(node).or_default();
        let at = state.checked_at;
        let logged = if state.ok {
            Episode::passed(&mut facts.episode, at)
        } else {
            Episode::failed(&mut facts.episode, state.problem.as_ref().map(|f| f.code), at)
        };
        facts.healthy_since = if state.ok { Some(facts.healthy_since.unwrap_or(at)) } else { None };
        let models_before = facts.state.as_ref().map_or_else(Vec::new, NodeState::gpu_categories);
        let offered_secs = match &facts.state {
            Some(before) if before.ok && state.ok => {
                let gap = at - before.checked_at;
                (gap > 0 && gap <= longest_gap).then_some(gap)
            }
            _ => None,
        };
        let rentals = match &state.rentals {
            Some(view) => {
                let (now, changes) = rental::follow(&facts.rentals, view, at);
                facts.rentals = now;
                facts.revalidate |= !changes.ended.is_empty();
                facts.released.extend(changes.ended.iter().cloned());
                changes
            }
            None => RentalChanges::default(),
        };
        facts.state = Some(state);
        Some(HealthRecorded { healthy_since: facts.healthy_since, logged, offered_secs, models_before, rentals })
    }

    /// Loads the rentals running when the daemon last stopped (only for configured nodes).
    pub fn seed_rentals(&self, rows: impl IntoIterator<Item = (Uuid, Rental)>) {
        let mut all = self.facts();
        for (id, r) in rows {
            if self.is_configured(&id) {
                all.entry(id).or_default().rentals.push(r);
            }
        }
    }

    /// The rentals running on a node, as last seen.
    pub fn rentals(&self, node: &Uuid) -> Vec<Rental> {
        self.facts().get(node).map_or_else(Vec::new, |f| f.rentals.clone())
    }

    /// Whether a customer's rental runs on the node: then the miner starts nothing there.
    pub fn is_rented(&self, node: &Uuid) -> bool {
        self.facts().get(node).is_some_and(|f| !f.rentals.is_empty())
    }

    /// The validators whose keys stay on the node whatever the assignment: those that had a key
    /// there when its running rentals were first seen.
    pub fn kept_validators(&self, node: &Uuid) -> Vec<String> {
        let facts = self.facts();
        let mut keep: Vec<String> =
            facts.get(node).map_or_else(Vec::new, |f| f.rentals.iter().flat_map(|r| r.validators.clone()).collect());
        keep.sort();
        keep.dedup();
        keep
    }

    /// Every running rental, by node, in config order.
    pub fn all_rentals(&self) -> Vec<(NodeRecord, Rental)> {
        let facts = self.facts();
        self.nodes
            .load()
            .iter()
            .flat_map(|n| {
                facts
                    .get(&n.node_id)
                    .map_or_else(Vec::new, |f| f.rentals.iter().map(|r| (n.clone(), r.clone())).collect())
            })
            .collect()
    }

    /// Rentals ended on the node whose validators' keys may go now; each is handed out once.
    pub fn take_released(&self, node: &Uuid) -> Vec<Rental> {
        self.facts().get_mut(node).map_or_else(Vec::new, |f| std::mem::take(&mut f.released))
    }

    /// Holds the node's full validation back until `until`.
    pub fn defer_validation(&self, node: Uuid, until: i64) {
        if self.is_configured(&node) {
            self.facts().entry(node).or_default().deferred_until = until;
        }
    }

    /// Whether the node's full validation is held back at `now`.
    pub fn deferred(&self, node: &Uuid, now: i64) -> bool {
        self.facts().get(node).is_some_and(|f| f.deferred_until > now)
    }

    /// Whether a rental ended on the node since its last full validation.
    pub fn revalidate(&self, node: &Uuid) -> bool {
        self.facts().get(node).is_some_and(|f| f.revalidate)
    }

    /// Sets the nodes that carry the validator's key: the advertised ones while a
    /// generation-2 bid is held, every node with `None`.
    pub fn set_key_scope(&self, nodes: Option<HashSet<Uuid>>) {
        *self.key_scope.lock().unwrap_or_else(PoisonError::into_inner) = nodes;
    }

    /// Whether the node should carry the validator's key.
    pub fn carries_key(&self, node: &Uuid) -> bool {
        // A cordoned node takes no new validator key (a renter's key stays: `kept_validators`).
        if self.nodes.load().iter().any(|r| r.node_id == *node && r.cordoned) {
            return false;
        }
        self.key_scope.lock().unwrap_or_else(PoisonError::into_inner).as_ref().is_none_or(|s| s.contains(node))
    }

    /// Says a health round over every node finished: the bid and validation loops wake.
    pub fn finish_health_round(&self) {
        self.health_rounds.send_modify(|n| *n += 1);
    }

    /// Health rounds finished since start (0 until the first), as they finish.
    pub fn health_rounds(&self) -> watch::Receiver<u64> {
        self.health_rounds.subscribe()
    }

    /// The node's state from its last health check, if one finished.
    pub fn state(&self, node: &Uuid) -> Option<NodeState> {
        self.facts().get(node).and_then(|f| f.state.clone())
    }

    /// The node's last full validation.
    pub fn last_validation(&self, node: &Uuid) -> Option<LastValidation> {
        self.facts().get(node).and_then(|f| f.last_validation.clone())
    }

    /// Loads validations stored before a restart (only for configured nodes).
    pub fn seed_validations(&self, rows: impl IntoIterator<Item = (Uuid, LastValidation)>) {
        let mut all = self.facts();
        for (id, v) in rows {
            if self.is_configured(&id) {
                all.entry(id).or_default().last_validation = Some(v);
            }
        }
    }

    /// Records one node's full validation and returns the one before it; a node removed
    /// while it was validated is not recorded.
    pub fn record_validation(&self, node: Uuid, v: LastValidation) -> Option<LastValidation> {
        let mut all = self.facts();
        if !self.is_configured(&node) {
            return None;
        }
        let facts = all.entry(node).or_default();
        facts.revalidate = false;
        facts.last_validation.replace(v)
    }

    /// Says a validation pass was recorded: the bid loop wakes.
    pub fn finish_validations(&self) {
        self.validations.send_modify(|n| *n += 1);
    }

    /// Validation passes recorded since start, as they are recorded.
    pub fn validations(&self) -> watch::Receiver<u64> {
        self.validations.subscribe()
    }

    /// Each checked node's address and since when it has passed every check (`None` while
    /// it fails): what the uptime-streak gauge shows.
    pub fn streaks(&self) -> Vec<(String, Option<i64>)> {
        let facts = self.facts();
        self.nodes
            .load()
            .iter()
            .filter_map(|r| {
                let f = facts.get(&r.node_id).filter(|f| f.state.is_some())?;
                Some((r.address().to_string(), f.healthy_since))
            })
            .collect()
    }

    /// What would be advertised now (generation 2): the last health checks and full
    /// validations, at `prices`, without the nodes the validator refused lately.
    pub fn offer(&self, prices: &Prices, refused: &[RefusedNode], now: i64) -> Offer {
        let nodes = self.nodes();
        let (states, validated, rented) = {
            let facts = self.facts();
            let states = facts.iter().filter_map(|(id, f)| Some((*id, f.state.clone()?))).collect();
            let validated =
                facts.iter().filter_map(|(id, f)| Some((*id, f.last_validation.as_ref()?.outcome.clone()))).collect();
            let rented = facts.iter().filter(|(_, f)| !f.rentals.is_empty()).map(|(id, _)| *id).collect();
            (states, validated, rented)
        };
        offer::build(&nodes, &states, prices, &Verdicts { validated, refused: refused.to_vec(), rented, now })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nodes::fleet::Code;
    use crate::core::nodes::state::{Failure, ValidationOutcome};

    fn state(ok: bool, at: i64) -> NodeState {
        let problem = (!ok).then(|| Failure { code: Code::SshTimeout, detail: "timed out".into() });
        NodeState { ok, problem, gpus: Vec::new(), cpu: None, rentals: None, checked_at: at }
    }

    #[test]
    fn a_streak_survives_a_restart_ends_on_a_failure_and_offered_time_needs_two_passes() {
        let nodes = crate::core::nodes::registry::sample(1);
        let id = nodes[0].node_id;
        let book = NodeBook::new(nodes, HashMap::from([(id, 100)]));
        assert!(book.streaks().is_empty(), "a node is listed once it was checked");
        let r = book.record_health(id, state(true, 500), 200).unwrap();
        assert_eq!((r.healthy_since, r.offered_secs, r.logged), (Some(100), None, Logged::Nothing));
        assert!(r.models_before.is_empty(), "no check before");
        let r = book.record_health(id, state(true, 560), 200).unwrap();
        assert_eq!(r.offered_secs, Some(60));
        assert_eq!(book.record_health(id, state(true, 900), 200).unwrap().offered_secs, None, "too long a gap");
        let r = book.record_health(id, state(false, 960), 200).unwrap();
        assert_eq!((r.healthy_since, r.logged), (None, Logged::Started));
        let r = book.record_health(id, state(true, 1020), 200).unwrap();
        assert_eq!(r.logged, Logged::Recovered { down_secs: 60, code: Some(Code::SshTimeout) });
        assert_eq!(book.streaks(), vec![("u@10.0.0.1:22".to_string(), Some(1020))]);
    }

    #[test]
    fn a_removed_node_is_forgotten_at_once_and_a_late_result_for_it_is_not_recorded() {
        let nodes = crate::core::nodes::registry::sample(2);
        let (gone, kept) = (nodes[0].node_id, nodes[1].node_id);
        let book = NodeBook::new(nodes.clone(), HashMap::new());
        let last = LastValidation {
            spec: "s".into(),
            outcome: ValidationOutcome { ok: true, checked_at: 1, problem: None },
            image: None,
        };
        book.record_health(gone, state(false, 10), 200);
        book.record_validation(gone, last.clone());
        let forgotten = book.replace_nodes(vec![nodes[1].clone()]);
        assert_eq!(forgotten.keys().copied().collect::<Vec<_>>(), vec![gone], "its last check is handed back");
        assert_eq!((book.state(&gone), book.last_validation(&gone)), (None, None));
        assert_eq!(book.record_health(gone, state(true, 20), 200), None, "a round that started before the reload");
        assert_eq!(book.record_validation(gone, last.clone()), None);
        assert_eq!(book.state(&gone), None);
        book.record_health(kept, state(true, 20), 200);
        assert!(book.state(&kept).is_some_and(|s| s.ok));
        book.replace_nodes(nodes);
        let again = book.record_health(gone, state(false, 30), 200).unwrap();
        assert_eq!(again.logged, Logged::Started, "a node added back starts afresh");
    }

    #[test]
    fn finished_rounds_and_validations_are_sent_to_the_loops() {
        let book = NodeBook::new(crate::core::nodes::registry::sample(1), HashMap::new());
        let (mut rounds, validations) = (book.health_rounds(), book.validations());
        assert_eq!(*rounds.borrow_and_update(), 0);
        book.finish_health_round();
        assert!(rounds.has_changed().unwrap());
        assert_eq!(*rounds.borrow_and_update(), 1);
        assert!(!validations.has_changed().unwrap());
        book.finish_validations();
        assert!(validations.has_changed().unwrap());
    }
}
