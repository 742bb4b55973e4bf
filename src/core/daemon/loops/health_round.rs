//! The health-round loop: keeps every node at the desired state (the assigned validator's key,
//! nothing of a previous one), repairs drift, and records node health (the same checks as
//! `node test`: SSH, driver, CUDA, Docker and its NVIDIA runtime) and GPU inventory. Each
//! round wakes the bid loop, which advertises only nodes that passed.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use uuid::Uuid;

use crate::core::daemon::state::book::HealthRecorded;
use crate::core::daemon::state::episodes::Logged;
use crate::core::daemon::state::settings::HealthRoundSettings;
use crate::core::daemon::state::store::{HealthRow, OfferedTotal};
use crate::core::daemon::{now, Miner};
use crate::core::nodes::authorized_keys::{self, PublicKey, Revoke};
use crate::core::nodes::cpu::{CpuInfo, Machine};
use crate::core::nodes::fleet::{self, remote_keys, NodeError, Target};
use crate::core::nodes::keys;
use crate::core::nodes::registry::NodeRecord;
use crate::core::nodes::rental::{self, RentalChanges, RentalView};
use crate::core::nodes::state::{Failure, NodeState};

/// Keeps nodes at the desired state: revokes a previous validator after an assignment change,
/// re-deploys the assigned validator's key where it went missing (with retries and backoff),
/// and records node health. Runs every `every`, or at once when woken.
/// Wakes early on a reload and when the assigned validator changes.
pub(crate) async fn health_round_loop(miner: Arc<Miner>, mut stop: watch::Receiver<bool>) {
    let mut reloads = miner.live.reloads();
    let mut assignment = miner.permits.assignment_changes();
    loop {
        reloads.borrow_and_update();
        assignment.borrow_and_update();
        let settings = miner.live.current().health_round.clone();
        run_health_round(&miner, &settings).await;
        tokio::select! {
            _ = tokio::time::sleep(settings.every) => {}
            _ = reloads.changed() => {}
            _ = assignment.changed() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

/// The assigned validator's deployed key line, from the database.
async fn desired_key(miner: &Miner, assigned: Option<&str>) -> Option<(String, PublicKey)> {
    let hotkey = assigned?.to_string();
    let keys = match miner.db.run(crate::core::daemon::state::store::Store::deployed_keys).await {
        Ok(k) => k,
        Err(e) => {
            miner.metrics.database_error(crate::core::daemon::metrics::DbOp::DeployedKeys);
            tracing::error!(error = %e, "cannot read the deployed keys; skipping drift repair this round");
            return None;
        }
    };
    let line = keys.into_iter().filter(|k| k.validator_hotkey == hotkey).max_by_key(|k| k.deployed_at)?.public_key;
    authorized_keys::validator_of(&line)
}

/// One round: follow a change of assignment (the old validator's key revoked, rentals
/// spared), put the desired key where it belongs (or take it away), check every node's
/// health, and record what was found.
pub async fn run_health_round(miner: &Miner, settings: &HealthRoundSettings) {
    // Time between two passed checks counts as offered up to this gap (a longer one means
    // the daemon or the round stalled, and nobody knows what the node did meanwhile).
    let longest_gap =
        i64::try_from(settings.every.as_secs()).unwrap_or(i64::MAX / 4).saturating_mul(2).saturating_add(120);
    let nodes = miner.book.nodes();
    let targets: Vec<Target> = nodes.iter().map(Target::from).collect();
    let machines: HashMap<Uuid, Machine> =
        nodes.iter().map(|n| (n.node_id, Machine::declared(n.gpu_category.as_ref()))).collect();
    let assigned = miner.permits.assigned();
    if !follow_assignment(miner, &nodes, &targets, &machines, assigned.as_deref()).await {
        return;
    }
    let desired = desired_key(miner, assigned.as_deref()).await;
    let results = keys_and_health(miner, &targets, &machines, desired.as_ref(), settings).await;
    record_round(miner, &nodes, results, desired.as_ref(), longest_gap).await;
}

/// The assigned validator changed since the last recorded assignment: the previous one's key
/// goes from every node (the renting validators' stay), and the new assignment is recorded
/// once that worked everywhere. `false` when the recorded assignment cannot be read (the
/// round is skipped).
async fn follow_assignment(
    miner: &Miner,
    nodes: &[NodeRecord],
    targets: &[Target],
    machines: &HashMap<Uuid, Machine>,
    assigned: Option<&str>,
) -> bool {
    let previous = match miner.db.run(crate::core::daemon::state::store::Store::assignment).await {
        Ok(p) => p,
        Err(e) => {
            miner.metrics.database_error(crate::core::daemon::metrics::DbOp::Assignment);
            tracing::error!(error = %e, "cannot read the recorded assignment; skipping this health round");
            return false;
        }
    };
    if let Some(new) = assigned {
        if previous.as_deref() != Some(new) {
            let mut failed = 0;
            if let Some(old) = &previous {
                tracing::info!(old = %old, new = %new, "validator assignment changed; revoking the previous validator's key");
                log_kept_for_rentals(miner, nodes, old);
                // Look again right before acting: a rental may have started since the last round.
                let fresh = rented_now(miner, targets, machines).await;
                let keep = |t: &Target| {
                    let mut keep = miner.book.kept_validators(&t.node_id);
                    keep.extend(fresh.get(&t.node_id).cloned().unwrap_or_default());
                    keep
                };
                let results = keys::revoke_sparing(&miner.fleet, targets, &Revoke::Hotkey(old), &keep, &|_| {}).await;
                for (record, r) in nodes.iter().zip(&results) {
                    let removed: Vec<String> =
                        r.ok().map_or_else(Vec::new, |r| r.removed.iter().map(|k| k.hotkey.clone()).collect());
                    crate::core::daemon::keys::note_removed(miner, record, &removed);
                }
                failed = results.iter().filter(|r| r.error().is_some()).count();
                miner.audit(
                    "revoke",
                    Some(old),
                    None,
                    if failed == 0 { "ok" } else { "partial" },
                    Some(&format!("{failed} node(s) failed")),
                );
                if failed > 0 {
                    // The old assignment stays recorded, so the next round revokes again.
                    tracing::warn!(
                        failed,
                        "the previous validator's key could not be revoked everywhere; retrying next round"
                    );
                }
            }
            let new_hotkey = new.to_string();
            if failed == 0 {
                if let Err(e) = miner.db.run(move |s| s.set_assignment(&new_hotkey, now())).await {
                    miner.metrics.database_error(crate::core::daemon::metrics::DbOp::SetAssignment);
                    tracing::error!(error = %e, "cannot record the new assignment");
                }
            }
        }
    }
    true
}

/// What one node's round gave: whether its keys changed and which validators lost theirs,
/// and its health check.
type NodeRound = Result<((bool, Vec<String>), crate::core::nodes::inspect::NodeReport), NodeError>;

/// Puts the desired validator key on every node that carries one and takes validator keys
/// from those that do not (with retries), then runs the health check, on every node at once.
async fn keys_and_health(
    miner: &Miner,
    targets: &[Target],
    machines: &HashMap<Uuid, Machine>,
    desired: Option<&(String, PublicKey)>,
    settings: &HealthRoundSettings,
) -> Vec<NodeRound> {
    let (auto_recovery, attempts) = (settings.auto_recovery, settings.max_retry_attempts);
    let fleet = &miner.fleet;
    let desired_ref = desired;
    let book = &miner.book;
    fleet::for_each(targets, &|_| {}, |t| async move {
        let mut delay = Duration::from_millis(500);
        let mut tries_left = attempts.max(1);
        loop {
            // The validators renting the node keep their keys whatever the assignment.
            let keep = book.kept_validators(&t.node_id);
            let outcome = match (desired_ref, auto_recovery) {
                (Some((hotkey, key)), true) if book.carries_key(&t.node_id) => {
                    remote_keys::edit(fleet, t, |c| Ok(authorized_keys::deploy_keeping(c, key, hotkey, &keep)))
                        .await
                        .map(|e| (e.changed(), e.removed_validators()))
                }
                (_, true) if !book.carries_key(&t.node_id) => {
                    remote_keys::edit(fleet, t, |c| Ok(authorized_keys::revoke_keeping(c, &Revoke::All, &keep)))
                        .await
                        .map(|e| (e.changed(), e.removed_validators()))
                }
                _ => remote_keys::read(fleet, t).await.map(|_| (false, Vec::new())),
            };
            tries_left -= 1;
            match outcome {
                Ok(edit) => {
                    let machine = machines.get(&t.node_id).copied().unwrap_or_default();
                    return Ok((edit, crate::core::nodes::inspect::test_node(fleet, t, machine).await));
                }
                Err(e) if tries_left == 0 => return Err(e),
                Err(_) => {
                    tokio::time::sleep(delay).await;
                    delay *= 2;
                }
            }
        }
    })
    .await
}

/// Records a round's findings: each node's state in the book and the database, rentals
/// started and ended, the GPU time offered, the repairs made.
async fn record_round(
    miner: &Miner,
    nodes: &[NodeRecord],
    results: Vec<NodeRound>,
    desired: Option<&(String, PublicKey)>,
    longest_gap: i64,
) {
    let mut health = Vec::new();
    let mut repairs = 0;
    let checked_at = now();
    for (record, result) in nodes.iter().zip(results) {
        let state = match result {
            Ok(((repaired, removed), report)) => {
                crate::core::daemon::keys::note_removed(miner, record, &removed);
                if repaired && !miner.book.carries_key(&record.node_id) {
                    tracing::info!(node = %record.address(), "removed the validator's key: the node is not advertised");
                } else if repaired {
                    repairs += 1;
                    tracing::info!(node = %record.address(), "repaired the validator key on node (drift)");
                    miner.audit(
                        "repair",
                        desired.map(|(h, _)| h.as_str()),
                        None,
                        "ok",
                        Some(&record.address().to_string()),
                    );
                }
                NodeState::from_report(report, checked_at)
            }
            Err(e) => NodeState::unreachable(&e, checked_at),
        };
        health.extend(record_state(miner, record, state, longest_gap));
    }
    miner.metrics.health_round_ran(repairs);
    miner.book.finish_health_round();
    let write = move |s: &crate::core::daemon::state::store::Store| {
        health.iter().try_for_each(|(h, offered, rentals)| {
            s.record_health(h, checked_at)?;
            for r in &rentals.ended {
                s.rental_ended(&h.node_id, &r.rental_id, checked_at)?;
            }
            for r in &rentals.started {
                s.rental_started(&h.node_id, &h.address, r)?;
            }
            offered.map_or(Ok(()), |o| s.add_offered(&h.node_id, checked_at, o))
        })
    };
    if let Err(e) = miner.db.run(write).await {
        miner.metrics.database_error(crate::core::daemon::metrics::DbOp::RecordHealth);
        tracing::error!(error = %e, "cannot record node health");
    }
}

/// Says where the previous validator's key stays after an assignment change: on the nodes
/// it rents, until the rental ends.
fn log_kept_for_rentals(miner: &Miner, nodes: &[NodeRecord], old: &str) {
    for n in nodes {
        for r in miner.book.rentals(&n.node_id).iter().filter(|r| r.validators.iter().any(|v| v == old)) {
            tracing::info!(node = %n.address(), validator = %old, rental = %r.rental_id, "the previous validator's key stays on the node while its rental runs; removed when the rental ends");
        }
    }
}

/// The validators with a key on each node that carries a rental now (looked at over SSH).
async fn rented_now(
    miner: &Miner,
    targets: &[Target],
    machines: &HashMap<Uuid, Machine>,
) -> HashMap<Uuid, Vec<String>> {
    let machine = |t: &Target| machines.get(&t.node_id).copied().unwrap_or_default();
    let looks = rental::look_all(&miner.fleet, targets, &machine).await;
    targets
        .iter()
        .zip(looks)
        .filter_map(|(t, look)| Some((t.node_id, look.ok().filter(RentalView::rented)?.validators)))
        .collect()
}

/// Logs a node's failure when it starts, changes, goes on for another hour, or ends; nothing
/// for a round that repeats the last one.
fn log_episode(address: &str, problem: Option<&Failure>, logged: &Logged) {
    use crate::core::support::duration::human_secs;
    let name = |code: &Option<crate::core::nodes::fleet::Code>| code.map_or("unknown", |c| c.as_str());
    let (code, detail, fix) = match problem {
        Some(f) => (f.code.as_str(), f.detail.as_str(), f.fix()),
        None => ("unknown", "a check failed without saying why", crate::core::nodes::fleet::Code::GENERAL_FIX),
    };
    match logged {
        Logged::Nothing => {}
        Logged::Started => tracing::warn!(node = %address, code, error = %detail, fix, "node failing its health check"),
        Logged::Changed { from, down_secs } => {
            tracing::warn!(node = %address, code, from = name(from), down_for = %human_secs(*down_secs), error = %detail, fix, "node still failing, now for another reason");
        }
        Logged::Reminder { down_secs } => {
            tracing::warn!(node = %address, code, down_for = %human_secs(*down_secs), error = %detail, fix, "node still failing");
        }
        Logged::Recovered { down_secs, code } => {
            tracing::warn!(node = %address, was = name(code), down_for = %human_secs(*down_secs), "node recovered: it passes every check again");
        }
    }
}

/// Records a node's new state in the book, the log and the metrics (with its uptime streak)
/// and returns the row for the database, with the GPU time offered since its previous check
/// and the rentals that started or ended. Nothing for a node removed while the round ran.
fn record_state(
    miner: &Miner,
    record: &NodeRecord,
    state: NodeState,
    longest_gap: i64,
) -> Option<(HealthRow, Option<OfferedTotal>, RentalChanges)> {
    let address = record.address().to_string();
    let models = state.gpu_models();
    let (category, devices) = state.devices(record.gpu_category.as_ref());
    let category_label = category.as_ref().map_or_else(|| "other".to_string(), |c| c.as_str().to_string());
    let price_cents = miner.live.current().prices.for_node(record.hourly_rate_per_gpu, category.as_ref());
    let cpu = state.cpu.as_ref().map(CpuInfo::summary);
    let row = HealthRow {
        node_id: record.node_id.to_string(),
        address: address.clone(),
        ok: state.ok,
        code: state.problem.as_ref().map(|f| f.code),
        detail: state.problem.as_ref().map_or_else(
            || cpu.clone().unwrap_or_else(|| format!("{} GPU(s)", state.gpus.len())),
            |f| f.detail.clone(),
        ),
        healthy_since: None,
        gpus: devices,
        gpu_model: category.map(String::from),
        price_cents,
        cpu,
    };
    let (ok, checked_at, problem) = (state.ok, state.checked_at, state.problem.clone());
    let foreign = state.rentals.as_ref().map(|v| v.foreign().count());
    let recorded = miner.book.record_health(record.node_id, state, longest_gap)?;
    let HealthRecorded { healthy_since, logged, offered_secs, models_before, rentals } = recorded;
    log_episode(&address, problem.as_ref(), &logged);
    log_rentals(&address, &rentals, checked_at);
    let rented = miner.book.rentals(&record.node_id);
    miner.metrics.node_rentals(
        &address,
        &category_label,
        !rented.is_empty(),
        devices,
        foreign,
        offered_secs.filter(|_| !rented.is_empty()),
    );
    miner.metrics.node_health(&record.node_id.to_string(), &address, ok);
    miner.metrics.node_checked(&address, &models, &models_before, checked_at);
    let offered = offered_secs.map(|gap| {
        let gpu_seconds = gap * i64::from(devices);
        OfferedTotal { gpu_seconds, cent_seconds: gpu_seconds * i64::from(price_cents.unwrap_or(0)) }
    });
    Some((HealthRow { healthy_since, ..row }, offered, rentals))
}

/// Logs each rental that started or ended on a node (a change of state, once).
fn log_rentals(address: &str, changes: &RentalChanges, at: i64) {
    use crate::core::support::duration::human_secs;
    for r in &changes.started {
        let renter = r.renter().unwrap_or("unknown (several or no validator keys on the node)");
        tracing::info!(node = %address, rental = %r.rental_id, container = %r.container, image = %r.image, validator = %renter, "rental started: the miner starts nothing on the node and keeps the renting validator's key until it ends");
    }
    for r in &changes.ended {
        tracing::info!(node = %address, rental = %r.rental_id, ran_for = %human_secs((at - r.since).max(0)), "rental ended: the node is validated again");
    }
}
