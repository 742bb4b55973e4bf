//! Where the validator's key goes (the gRPC service after a session, the bid loop after an
//! accepted bid, the health round's repairs): on every node for a generation-1 session, and while the
//! miner holds a generation-2 bid only on the nodes it advertised (the node book's
//! key scope). Nodes outside the scope lose every validator line; the operator's own lines
//! stay byte for byte.

use crate::core::daemon::state::store::DeployedKey;
use crate::core::daemon::{now, Miner};
use crate::core::nodes::authorized_keys::{self, PublicKey, Revoke};
use crate::core::nodes::fleet::{self, remote_keys, Fleet, NodeError, Target};
use crate::core::nodes::registry::NodeRecord;

/// Deploys `key` for `hotkey` exclusively on every node in the key scope and removes
/// validator keys from the others; returns the nodes in scope, each with whether the key is
/// in place (and whether that changed it).
pub async fn deploy(miner: &Miner, hotkey: &str, key: &PublicKey) -> Vec<(NodeRecord, Result<bool, NodeError>)> {
    let nodes = miner.book.nodes();
    let (inside, outside): (Vec<NodeRecord>, Vec<NodeRecord>) =
        nodes.iter().cloned().partition(|r| miner.book.carries_key(&r.node_id));
    let targets: Vec<Target> = inside.iter().map(Target::from).collect();
    let fleet: &Fleet = &miner.fleet;
    let book = &miner.book;
    let results = fleet::for_each(&targets, &|_| {}, |t| async move {
        let keep = book.kept_validators(&t.node_id);
        remote_keys::edit(fleet, t, |c| Ok(authorized_keys::deploy_keeping(c, key, hotkey, &keep)))
            .await
            .map(|e| (e.changed(), e.removed_validators()))
    })
    .await;
    withdraw_keys(miner, &outside).await;
    let mut out = Vec::new();
    let mut deployed = Vec::new();
    for (record, result) in inside.into_iter().zip(results) {
        if let Ok((_, removed)) = &result {
            note_removed(miner, &record, removed);
        }
        let result = result.map(|(changed, _)| changed);
        match &result {
            Ok(changed) => {
                miner.metrics.deployment(true);
                deployed.push(DeployedKey {
                    node_id: record.node_id.to_string(),
                    validator_hotkey: hotkey.to_string(),
                    fingerprint: key.fingerprint(),
                    public_key: key.validator_line(hotkey),
                    deployed_at: now(),
                });
                if *changed {
                    tracing::info!(node = %record.address(), validator = hotkey, fingerprint = %key.fingerprint(), "Deployed SSH key for validator");
                }
            }
            Err(e) => {
                miner.metrics.deployment(false);
                tracing::error!(node = %record.address(), validator = hotkey, code = %e.code, error = %e.message, "SSH key deployment failed");
            }
        }
        out.push((record, result));
    }
    if !deployed.is_empty() {
        if let Err(e) = miner.db.run(move |s| deployed.iter().try_for_each(|k| s.set_deployed(k))).await {
            miner.metrics.database_error(crate::core::daemon::metrics::DbOp::SetDeployed);
            tracing::error!(error = %e, "cannot record the deployed keys; the health-round loop will re-check them");
        }
    }
    out
}

/// Keeps the validator's key on `advertised` only: the others lose it now.
pub(crate) async fn narrow_key_scope(miner: &Miner, advertised: std::collections::HashSet<uuid::Uuid>) {
    let outside: Vec<NodeRecord> =
        miner.book.nodes().iter().filter(|r| !advertised.contains(&r.node_id)).cloned().collect();
    miner.book.set_key_scope(Some(advertised));
    withdraw_keys(miner, &outside).await;
}

/// Says which ended rental's validator key an edit of `record`'s authorized_keys removed
/// (`removed`: the validators whose lines went), whichever loop made the edit.
pub(crate) fn note_removed(miner: &Miner, record: &NodeRecord, removed: &[String]) {
    for r in miner.book.take_released(&record.node_id) {
        for v in r.validators.iter().filter(|v| removed.contains(v)) {
            tracing::info!(node = %record.address(), validator = %v, rental = %r.rental_id, "removed the validator's key: its rental on the node ended");
        }
    }
}

/// Removes every validator key from `nodes` (not advertised); logs each node it changed.
pub(crate) async fn withdraw_keys(miner: &Miner, nodes: &[NodeRecord]) {
    if nodes.is_empty() {
        return;
    }
    let targets: Vec<Target> = nodes.iter().map(Target::from).collect();
    let (fleet, book): (&Fleet, _) = (&miner.fleet, &miner.book);
    let results = fleet::for_each(&targets, &|_| {}, |t| async move {
        // A renting validator's key stays until its rental ends (the health-round loop then
        // removes it).
        let keep = book.kept_validators(&t.node_id);
        remote_keys::edit(fleet, t, |c| Ok(authorized_keys::revoke_keeping(c, &Revoke::All, &keep)))
            .await
            .map(|e| (e.changed(), e.removed_validators()))
    })
    .await;
    let mut removed = Vec::new();
    for (record, result) in nodes.iter().zip(results) {
        if let Ok((_, removed)) = &result {
            note_removed(miner, record, removed);
        }
        match result.map(|(changed, _)| changed) {
            Ok(true) => {
                tracing::info!(node = %record.address(), "removed the validator's key: the node is not advertised");
                for r in miner.book.rentals(&record.node_id) {
                    tracing::info!(node = %record.address(), rental = %r.rental_id, validators = %r.validators.join(","), "kept the renting validator's key on the node while its rental runs");
                }
                removed.push(record.node_id.to_string());
            }
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(node = %record.address(), code = %e.code, error = %e.message, "cannot remove the validator's key from a node that is not advertised; retried next round");
            }
        }
    }
    if !removed.is_empty() {
        if let Err(e) = miner.db.run(move |s| removed.iter().try_for_each(|id| s.forget_deployed(id))).await {
            miner.metrics.database_error(crate::core::daemon::metrics::DbOp::SetDeployed);
            tracing::error!(error = %e, "cannot forget the removed keys");
        }
    }
}
