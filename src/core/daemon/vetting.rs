//! The validation loop in `serve`: runs the validators' full validation
//! ([`crate::core::nodes::validation`]) on a node when it is first seen healthy, when a
//! reload changed what is validated (address, declarations, images), every
//! `[node_management] full_validation_interval`, and sooner after a failure. Results are
//! kept in the node book and the database; the bid loop advertises only nodes whose last
//! full validation passed within 12 h. Logs a node's validation when its outcome changes.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::store::ValidationRow;
use super::{now, Miner};
use crate::core::nodes::fleet::{self, Target};
use crate::core::nodes::registry::NodeRecord;
use crate::core::nodes::state::Vetting;
use crate::core::nodes::validation::{self, Declared, Validation, ValidationSettings};

/// A failed validation is tried again after this long (or the interval, if shorter).
const RETRY_FAILED_SECS: i64 = 600;
/// How often the loop looks for due nodes when nothing wakes it.
const IDLE: Duration = Duration::from_secs(30);

/// Images and period, from `[bidding]` and `[node_management]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VettingPlan {
    pub settings: ValidationSettings,
    pub every_secs: i64,
}

impl Default for VettingPlan {
    fn default() -> Self {
        VettingPlan::from_config(&crate::core::config::MinerConfig::default())
    }
}

impl VettingPlan {
    pub fn from_config(c: &crate::core::config::MinerConfig) -> VettingPlan {
        VettingPlan {
            settings: ValidationSettings::from_config(c),
            every_secs: c.node_management.full_validation_interval.max(60) as i64,
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
}

/// A node's last full validation and what it covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vetted {
    pub spec: String,
    pub vetting: Vetting,
}

/// Whether `r` needs a full validation now.
fn due(plan: &VettingPlan, r: &NodeRecord, last: Option<&Vetted>, now: i64) -> bool {
    match last {
        None => true,
        Some(v) if v.spec != plan.spec(r) => true,
        Some(v) if v.vetting.ok => now - v.vetting.checked_at >= plan.every_secs,
        Some(v) => now - v.vetting.checked_at >= RETRY_FAILED_SECS.min(plan.every_secs),
    }
}

/// Runs until `stop`; wakes when a health round finishes and on a reload.
pub async fn vetting_loop(miner: Arc<Miner>, mut stop: watch::Receiver<bool>) {
    seed(&miner).await;
    let mut rounds = miner.book.health_rounds();
    let mut reloads = miner.live.reloads();
    loop {
        rounds.borrow_and_update();
        reloads.borrow_and_update();
        let pass = vet_due(&miner);
        tokio::select! {
            _ = pass => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        tokio::select! {
            _ = tokio::time::sleep(IDLE) => {}
            _ = rounds.changed() => {}
            _ = reloads.changed() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

/// Loads the last validations from the database, so a restart does not validate every node
/// at once.
async fn seed(miner: &Miner) {
    let rows = match miner.db.run(super::store::Store::validations).await {
        Ok(r) => r,
        Err(e) => {
            miner.metrics.database_error(super::metrics::DbOp::Validations);
            tracing::error!(error = %e, "cannot read the last full validations; every node is validated again");
            return;
        }
    };
    miner.book.seed_validations(
        rows.iter()
            .filter_map(|row| row.vetting().map(|(id, vetting)| (id, Vetted { spec: row.spec.clone(), vetting }))),
    );
}

/// Validates every node that is due and passed its last health check.
async fn vet_due(miner: &Miner) {
    let live = miner.live.current();
    let plan = &live.vetting;
    let nodes = miner.book.nodes();
    let at = now();
    let picked: Vec<&NodeRecord> = nodes
        .iter()
        .filter(|r| {
            miner.book.state(&r.node_id).is_some_and(|s| s.ok)
                && due(plan, r, miner.book.vetted(&r.node_id).as_ref(), at)
        })
        .collect();
    if picked.is_empty() {
        return;
    }
    let targets: Vec<Target> = picked.iter().map(|r| Target::from(*r)).collect();
    tracing::info!(nodes = targets.len(), image = %plan.settings.image, "full validation of {} node(s) (image pull, GPU container, published port)", targets.len());
    let fleet = &miner.fleet;
    let settings = &plan.settings;
    let quiet = |_: &Target, _: &str| {};
    let quiet = &quiet;
    let results = fleet::for_each(&targets, &|_| {}, |t| {
        let declared = picked.iter().find(|r| r.node_id == t.node_id).map(|r| Declared::from(*r)).unwrap_or_default();
        async move { Ok::<_, fleet::NodeError>(validation::validate_node(fleet, t, &declared, settings, quiet).await) }
    })
    .await;
    let mut rows = Vec::new();
    for (record, result) in picked.iter().zip(results) {
        let Ok(v) = result else { continue };
        rows.push(record_validation(miner, plan, record, &v));
    }
    miner.book.finish_validations();
    if let Err(e) = miner.db.run(move |s| rows.iter().try_for_each(|r| s.put_validation(r))).await {
        miner.metrics.database_error(super::metrics::DbOp::PutValidation);
        tracing::error!(error = %e, "cannot store the full validations; they are kept in memory");
    }
}

/// Keeps one validation in memory, logs a change of outcome, and returns its database row.
fn record_validation(miner: &Miner, plan: &VettingPlan, record: &NodeRecord, v: &Validation) -> ValidationRow {
    let problem = v.first_failure();
    let spec = plan.spec(record);
    miner.metrics.node_validated(v.ok);
    let previous =
        miner.book.record_validation(record.node_id, Vetted { spec: spec.clone(), vetting: Vetting::from(v) });
    let was = previous.map(|p| (p.vetting.ok, p.vetting.problem.map(|f| f.code)));
    let is = (v.ok, problem.as_ref().map(|f| f.code));
    let address = record.address().to_string();
    match (&problem, was.as_ref() == Some(&is)) {
        (None, false) => {
            tracing::info!(node = %address, pull_secs = v.pull_secs, "full validation passed: the validator's own checks should pass on this node");
        }
        (Some(f), false) => {
            tracing::warn!(node = %address, code = f.code.as_str(), "full validation failed; the node is not advertised until it passes: {}", f.detail);
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_due_when_new_changed_old_or_failed_a_while_ago() {
        let plan = VettingPlan::default();
        let r = crate::core::nodes::registry::sample(1).remove(0);
        let vetted = |ok, at| Vetted { spec: plan.spec(&r), vetting: Vetting { ok, checked_at: at, problem: None } };
        assert!(due(&plan, &r, None, 1000));
        assert!(!due(&plan, &r, Some(&vetted(true, 1000)), 1000 + 3600));
        assert!(due(&plan, &r, Some(&vetted(true, 1000)), 1000 + 6 * 3600));
        assert!(!due(&plan, &r, Some(&vetted(false, 1000)), 1000 + 60));
        assert!(due(&plan, &r, Some(&vetted(false, 1000)), 1000 + 600));
        let mut changed = r.clone();
        changed.gpu_count = Some(8);
        assert!(due(&plan, &changed, Some(&vetted(true, 1000)), 1001));
    }
}
