//! The validation loop in `serve`: runs the validators' full validation
//! ([`crate::core::nodes::validation`]) on a node when it is first seen healthy, when a
//! reload changed what is validated (address, declarations, images), then at the node's own
//! place in every `[node_management] full_validation_interval` ([`schedule`]), and sooner
//! after a failure. Each node is validated on its own task, so a slow pull delays no other
//! node; at most `max_concurrent_pulls` pulls run at once, and the image is pulled only where
//! it is missing, changed or due for its daily refresh. Results are kept in the node book and
//! the database; the bid loop advertises only nodes whose last full validation passed within
//! 12 h. Logs a node's validation when its outcome changes.

pub mod schedule;

use crate::core::nodes::inspect::CheckName;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::{self, JoinSet};
use uuid::Uuid;

use crate::core::daemon::state::store::ValidationRow;
use crate::core::daemon::{now, Miner};
use crate::core::nodes::fleet::Target;
use crate::core::nodes::registry::NodeRecord;
use crate::core::nodes::state::Vetting;
use crate::core::nodes::validation::{self, Declared, PullGate, Pulls, Validation, ValidationSettings};
use schedule::{Cadence, ImageCache, ImageOutcome};

/// The longest the loop sleeps when no node falls due sooner.
const IDLE: Duration = Duration::from_secs(30);
/// A validation that found a rental the book did not know of yet is not tried again sooner.
const RENTED_RETRY_SECS: i64 = 120;
/// While validations go on, the bid loop hears of finished ones at most this often.
const SEND_EVERY: Duration = Duration::from_secs(30);

/// Images, period and pull limits, from `[bidding]` and `[node_management]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VettingPlan {
    /// The images validated with.
    pub settings: ValidationSettings,
    /// How often nodes are validated and the image refreshed.
    pub cadence: Cadence,
    /// Pulls at once over the fleet.
    pub max_pulls: usize,
}

impl Default for VettingPlan {
    fn default() -> Self {
        VettingPlan::from_config(&crate::core::config::MinerConfig::default())
    }
}

impl VettingPlan {
    /// From `[bidding]` and `[node_management]`, with lower bounds on the periods.
    pub fn from_config(c: &crate::core::config::MinerConfig) -> VettingPlan {
        let nm = &c.node_management;
        VettingPlan {
            settings: ValidationSettings::from_config(c),
            cadence: Cadence {
                every: nm.full_validation_interval.max(60) as i64,
                refresh_every: nm.image_refresh_interval.max(3600) as i64,
            },
            max_pulls: nm.max_concurrent_pulls.max(1) as usize,
        }
    }

    /// What a validation of `r` covers: when this changes, the node is validated again.
    pub fn spec(&self, r: &NodeRecord) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            r.address(),
            r.gpu_category.as_ref().map_or("", |c| c.as_str()),
            r.gpu_count.map_or(String::new(), |n| n.to_string()),
            r.extra_mount_path.as_deref().unwrap_or(""),
            self.settings.image,
            self.settings.port_image
        )
    }

    /// When `r` is next due for a full validation (`None`: now).
    fn due_at(&self, r: &NodeRecord, last: Option<&Vetted>) -> Option<i64> {
        let last = last.filter(|v| v.spec == self.spec(r))?;
        Some(self.cadence.next_validation(&r.node_id, &last.vetting, last.image.as_ref()))
    }
}

/// A node's last full validation, what it covered, and what is known of its image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vetted {
    /// What the validation covered (see `VettingPlan::spec`).
    pub spec: String,
    /// Its outcome.
    pub vetting: Vetting,
    /// What is known of the image on the node.
    pub image: Option<ImageCache>,
}

/// Runs until `stop`; looks for due nodes when one falls due, when a validation or a health
/// round finishes, and on a reload.
pub async fn vetting_loop(miner: Arc<Miner>, mut stop: watch::Receiver<bool>) {
    seed(&miner).await;
    let mut rounds = miner.book.health_rounds();
    let mut reloads = miner.live.reloads();
    let gate = Arc::new(PullGate::new(miner.live.current().vetting.max_pulls));
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
        let (id, vetting) = row.vetting()?;
        Some((id, Vetted { spec: row.spec.clone(), vetting, image: row.image_cache() }))
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
    let plan = &live.vetting;
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
        let last = miner.book.vetted(&r.node_id);
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
async fn vet_one(miner: &Miner, gate: &PullGate, plan: &VettingPlan, record: &NodeRecord, last: Option<Vetted>) {
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
    plan: &VettingPlan,
    record: &NodeRecord,
    v: &Validation,
    image: Option<ImageCache>,
) -> ValidationRow {
    let problem = v.first_failure();
    let spec = plan.spec(record);
    miner.metrics.node_validated(v.ok);
    let previous = miner.book.record_validation(
        record.node_id,
        Vetted { spec: spec.clone(), vetting: Vetting::from(v), image: image.clone() },
    );
    let was = previous.map(|p| (p.vetting.ok, p.vetting.problem.map(|f| f.code)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_due_when_new_changed_at_their_place_or_failed_a_while_ago() {
        let plan = VettingPlan::default();
        let r = crate::core::nodes::registry::sample(1).remove(0);
        let vetted = |ok, at| Vetted {
            spec: plan.spec(&r),
            vetting: Vetting { ok, checked_at: at, problem: None },
            image: None,
        };
        assert_eq!(plan.due_at(&r, None), None, "never validated: now");
        let next = plan.due_at(&r, Some(&vetted(true, 1000))).unwrap();
        assert!(next > 1000 && next <= 1000 + 6 * 3600, "{next}");
        assert_eq!(plan.due_at(&r, Some(&vetted(false, 1000))), Some(1600));
        let mut changed = r.clone();
        changed.gpu_count = Some(8);
        assert_eq!(plan.due_at(&changed, Some(&vetted(true, 1000))), None, "changed: now");
    }
}
