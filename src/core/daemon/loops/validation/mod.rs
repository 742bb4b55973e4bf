//! The validation loop in `serve`: runs the validators' full validation
//! ([`crate::core::nodes::validation`]) on a node when it is first seen healthy, when a
//! reload changed what is validated (address, declarations, images), then at the node's own
//! place in every `[node_management] full_validation_interval` ([`schedule`](crate::core::nodes::validation::schedule)), and sooner
//! after a failure. Each node is validated on its own task, so a slow pull delays no other
//! node; at most `max_concurrent_pulls` pulls run at once, and the image is pulled only where
//! it is missing, changed or due for its daily refresh. Results are kept in the node book and
//! the database; the bid loop advertises only nodes whose last full validation passed within
//! 12 h. Logs a node's validation when its outcome changes.

use crate::core::nodes::inspect::CheckName;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::{self, JoinSet};
use uuid::Uuid;

use crate::core::daemon::state::settings::ValidationPlan;
use crate::core::daemon::state::store::ValidationRow;
use crate::core::daemon::{now, Miner};
use crate::core::nodes::fleet::Target;
use crate::core::nodes::registry::NodeRecord;
use crate::core::nodes::state::ValidationOutcome;
use crate::core::nodes::state::{ImageCache, LastValidation};
use crate::core::nodes::validation::schedule::ImageOutcome;
use crate::core::nodes::validation::{self, Declared, PullGate, Pulls, Validation};

/// The longest the loop sleeps when no node falls due sooner.
const IDLE: Duration = Duration::from_secs(30);
/// A validation that found a rental the book did not know of yet is not tried again sooner.
const RENTED_RETRY_SECS: i64 = 120;
/// While validations go on, the bid loop hears of finished ones at most this often.
const SEND_EVERY: Duration = Duration::from_secs(30);

/// Runs until `stop`; looks for due nodes when one falls due, when a validation or a health
/// round finishes, and on a reload.
pub async fn validation_loop(miner: Arc<Miner>, mut stop: watch::Receiver<bool>) {
    seed(&miner).await;
    let mut rounds = miner.book.health_rounds();
    let mut reloads = miner.live.reloads();
    let gate = Arc::new(PullGate::new(miner.live.current().validation.max_pulls));
    let mut running: JoinSet<()> = JoinSet::new();
    let mut busy: HashMap<task::Id, Uuid> = HashMap::new();
    let (mut unsent, mut last_sent) = (false, Instant::now());
    loop {
        rounds.borrow_and_update();
        reloads.borrow_and_update();
        // The bid loop hears of results once the validations under way are over, or every
        // SEND_EVERY while they go on: not once per node.
        if unsent && (running.is_empty() || last_sent.elapsed() >= SEND_EVERY) {
            miner.book.finish_validations();
            (unsent, last_sent) = (false, Instant::now());
        }
        let wake = start_due(&miner, &gate, &mut running, &mut busy);
        let nap = wake.map_or(IDLE, |at| Duration::from_secs((at - now()).clamp(1, IDLE.as_secs() as i64) as u64));
        tokio::select! {
            Some(done) = running.join_next_with_id(), if !running.is_empty() => {
                let id = done.map_or_else(|e| e.id(), |(id, ())| id);
                busy.remove(&id);
                unsent = true;
            }
            _ = tokio::time::sleep(nap) => {}
            _ = rounds.changed() => {}
            _ = reloads.changed() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

/// Loads the last validations from the database, so a restart does not validate every node
/// at once.
async fn seed(miner: &Miner) {
    let rows = match miner.db.run(crate::core::daemon::state::store::Store::validations).await {
        Ok(r) => r,
        Err(e) => {
            miner.metrics.database_error(crate::core::daemon::metrics::DbOp::Validations);
            tracing::error!(error = %e, "cannot read the last full validations; every node is validated again");
            return;
        }
    };
    miner.book.seed_validations(rows.iter().filter_map(|row| {
        let (id, outcome) = row.outcome()?;
        Some((id, LastValidation { spec: row.spec.clone(), outcome, image: row.image_cache() }))
    }));
}

/// Starts a validation task for every healthy node that is due and not being validated;
/// returns when the next node falls due.
fn start_due(
    miner: &Arc<Miner>,
    gate: &Arc<PullGate>,
    running: &mut JoinSet<()>,
    busy: &mut HashMap<task::Id, Uuid>,
) -> Option<i64> {
    let live = miner.live.current();
    let plan = &live.validation;
    gate.set_limit(plan.max_pulls);
    let at = now();
    let mut next: Option<i64> = None;
    let mut started = 0;
    let validating: HashSet<Uuid> = busy.values().copied().collect();
    for r in miner.book.nodes().iter() {
        if validating.contains(&r.node_id) || !miner.book.state(&r.node_id).is_some_and(|s| s.ok) {
            continue;
        }
        // A customer's rental runs there: nothing is pulled or started until it ends. A
        // cordoned node is not offered, so it is not validated either.
        if r.cordoned || miner.book.is_rented(&r.node_id) || miner.book.deferred(&r.node_id, at) {
            continue;
        }
        let last = miner.book.last_validation(&r.node_id);
        let due = if miner.book.revalidate(&r.node_id) { None } else { plan.due_at(r, last.as_ref()) };
        match due {
            Some(when) if when > at => next = Some(next.map_or(when, |n| n.min(when))),
            _ => {
                started += 1;
                let (miner, gate, plan, record) = (miner.clone(), gate.clone(), plan.clone(), r.clone());
                let task = running.spawn(async move { vet_one(&miner, &gate, &plan, &record, last).await });
                busy.insert(task.id(), r.node_id);
            }
        }
    }
    if started > 0 {
        tracing::debug!(nodes = started, running = busy.len(), "full validations started");
    }
    next
}

/// Validates one node and records the result in the book and the database.
async fn vet_one(
    miner: &Miner,
    gate: &PullGate,
    plan: &ValidationPlan,
    record: &NodeRecord,
    last: Option<LastValidation>,
) {
    let before = last.and_then(|v| v.image);
    let policy = plan.cadence.image_policy(before.as_ref(), &plan.settings.image, now());
    let target = Target::from(record);
    let declared = Declared::from(record);
    let pulls = Pulls { gate, policy };
    let v = validation::validate_node(&miner.fleet, &target, &declared, &plan.settings, pulls, &|_, _| {}).await;
    if let Some(seen) = &v.rented {
        // A rental started since the last health round: it decides nothing, and the next
        // round records the rental (and keeps the node from validation while it runs).
        miner.book.defer_validation(record.node_id, now() + RENTED_RETRY_SECS);
        tracing::info!(node = %record.address(), "full validation stopped before pulling or starting anything: the node is rented ({seen})");
        return;
    }
    let done = ImageOutcome { image: &v.image, present: v.image_present, pulled: v.pulled };
    let image = plan.cadence.image_after(&record.node_id, before.as_ref(), done, v.checked_at);
    log_refresh(record, &v, before.as_ref(), image.as_ref());
    let row = record_validation(miner, plan, record, &v, image);
    if let Err(e) = miner.db.run(move |s| s.put_validation(&row)).await {
        miner.metrics.database_error(crate::core::daemon::metrics::DbOp::PutValidation);
        tracing::error!(error = %e, "cannot store a full validation; it is kept in memory");
    }
}

/// Logs a refresh of an image on the node that failed, once until a pull succeeds again
/// (a failed pull of a missing image fails the validation, which logs it).
fn log_refresh(record: &NodeRecord, v: &Validation, before: Option<&ImageCache>, after: Option<&ImageCache>) {
    let first_failure = before.is_none_or(|c| c.failures == 0);
    if v.image_present != Some(true) || v.pulled != Some(false) || !first_failure {
        return;
    }
    let Some(check) = v.checks.iter().find(|c| c.name == CheckName::ImagePull) else { return };
    let retry_in = after.map_or(0, |c| c.refresh_at - v.checked_at);
    tracing::warn!(
        node = %record.address(),
        code = check.code.map_or("", |c| c.as_str()),
        fix = check.fix.unwrap_or(""),
        retry_in_secs = retry_in,
        "the refresh of the validation image failed; the node keeps its copy and stays advertised: {}",
        check.detail
    );
}

/// Keeps one validation in memory, logs a change of outcome, and returns its database row.
fn record_validation(
    miner: &Miner,
    plan: &ValidationPlan,
    record: &NodeRecord,
    v: &Validation,
    image: Option<ImageCache>,
) -> ValidationRow {
    let problem = v.first_failure();
    let spec = plan.spec(record);
    miner.metrics.node_validated(v.ok);
    let previous = miner.book.record_validation(
        record.node_id,
        LastValidation { spec: spec.clone(), outcome: ValidationOutcome::from(v), image: image.clone() },
    );
    let was = previous.map(|p| (p.outcome.ok, p.outcome.problem.map(|f| f.code)));
    let is = (v.ok, problem.as_ref().map(|f| f.code));
    let address = record.address().to_string();
    match (&problem, was.as_ref() == Some(&is)) {
        (None, false) => {
            tracing::info!(node = %address, pull_secs = v.pull_secs, "full validation passed: the validator's own checks should pass on this node");
        }
        (Some(f), false) => {
            tracing::warn!(node = %address, code = f.code.as_str(), fix = f.fix(), "full validation failed; the node is not advertised until it passes: {}", f.detail);
        }
        _ => tracing::debug!(node = %address, ok = v.ok, "full validation unchanged"),
    }
    ValidationRow {
        node_id: record.node_id.to_string(),
        address,
        ok: v.ok,
        checked_at: v.checked_at,
        spec,
        image: v.image.clone(),
        pull_secs: v.pull_secs,
        code: problem.as_ref().map(|f| f.code),
        detail: problem.map(|f| f.detail),
        checks: serde_json::to_value(&v.checks).unwrap_or(serde_json::Value::Null),
        image_on_node: image.as_ref().map(|c| c.image.clone()),
        image_refresh_at: image.as_ref().map(|c| c.refresh_at),
        pull_failures: image.map_or(0, |c| c.failures),
    }
}
