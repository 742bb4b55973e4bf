//! What needs the operator, most urgent first, each with what to do about it.

use serde::Serialize;

use super::StatusReport;
use crate::core::bidding::answering;
use crate::core::config::{AssignmentStrategy, LoadedConfig};
use crate::core::daemon::view::NodeHealth;
use crate::core::nodes::fleet::Code;
use crate::core::support::duration::human_secs;

/// How urgent an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Nothing is earned until it is fixed (no daemon, no chain, no validator).
    Critical,
    /// Part of the fleet or of the income is lost.
    Warning,
}

/// Something in `status` the operator should look at.
#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    /// Error or warning.
    pub severity: Urgency,
    /// What it is about: `daemon`, `chain`, `validator`, `registration` or a node's address.
    pub subject: String,
    /// What is wrong.
    pub problem: String,
    /// What to do.
    pub fix: String,
}

fn item(severity: Urgency, subject: &str, problem: String, fix: impl Into<String>) -> Attention {
    Attention { severity, subject: subject.to_string(), problem, fix: fix.into() }
}

/// Every item for `s`, most urgent first (stable within a severity: daemon, chain, validator,
/// registration, then the nodes in config order).
pub(super) fn collect(s: &StatusReport, loaded: &LoadedConfig) -> Vec<Attention> {
    use Urgency::{Critical, Warning};
    let config = loaded.path.display();
    let mut out = Vec::new();
    let d = &s.daemon;
    if !d.running {
        out.push(item(
            Critical,
            "daemon",
            format!("`serve` is not running for {config}"),
            format!(
                "start it: `systemctl start basilica-miner` (the .deb's unit), or `basilica-miner -c {config} serve`"
            ),
        ));
        return out;
    }
    match (&d.health, &d.health_error) {
        (Some(h), _) if h == "Serving" => {}
        (Some(h), _) => out.push(item(
            Critical,
            "daemon",
            format!("serve (pid {}) reports {h}", d.pid.unwrap_or(0)),
            "read its log (`journalctl -u basilica-miner -n 50`); it says why it is not serving",
        )),
        (None, e) => out.push(item(
            Critical,
            "daemon",
            format!("serve (pid {}) runs but {}", d.pid.unwrap_or(0), e.as_deref().unwrap_or("does not answer")),
            "read its log (`journalctl -u basilica-miner -n 50`); restart it if it hangs (`systemctl restart basilica-miner`)",
        )),
    }
    if let Some(v) = d.version.as_deref().filter(|v| *v != d.this_version) {
        out.push(item(
            Warning,
            "daemon",
            format!("the daemon runs version {v}, this binary is {}", d.this_version),
            "restart the daemon to run the installed version (`systemctl restart basilica-miner`)",
        ));
    }
    let c = &s.chain;
    if c.online == Some(true) {
        let stale_after = i64::try_from(c.refresh_secs).unwrap_or(i64::MAX / 4).saturating_mul(3).saturating_add(60);
        let failures = c.refresh_failures.unwrap_or(0);
        let problem = match c.metagraph_age_secs {
            None => Some("no metagraph fetched from the chain yet".to_string()),
            Some(age) if age > stale_after => Some(format!("the metagraph is {} old", human_secs(age))),
            _ => None,
        };
        if let Some(p) = problem {
            out.push(item(
                Critical,
                "chain",
                format!("{p} ({failures} failed refreshes from {})", c.endpoint),
                "check the chain endpoint ([bittensor] network / chain_endpoint) and the network: `basilica-miner wallet check --online`",
            ));
        }
    }
    if s.bid.enabled && s.bid.record.none_takes_bids {
        out.push(item(
            Critical,
            "validator",
            answering::none_takes_bids(loaded.config.bittensor.effective_netuid(), s.bid.record.validators.len()),
            answering::not_basilica_fix(),
        ));
    }
    if s.validator.hotkey.is_none() {
        let fix = match loaded.config.validator_assignment.strategy {
            AssignmentStrategy::FixedAssignment => "check [validator_assignment] validator_hotkey: it must be a validator with a permit on the subnet",
            AssignmentStrategy::HighestStake => "no validator with a permit was found in the metagraph yet; check the chain part above and [bittensor] netuid",
        };
        out.push(item(Critical, "validator", "no validator is assigned the nodes".into(), fix));
    }
    bid(s, loaded, &mut out);
    nodes(s, &mut out);
    out.sort_by_key(|a| a.severity);
    out
}

fn bid(s: &StatusReport, loaded: &LoadedConfig, out: &mut Vec<Attention>) {
    let r = &s.bid;
    if !r.enabled {
        return;
    }
    let rec = &r.record;
    let last_error = || {
        rec.last_error
            .as_deref()
            .map_or_else(|| "no registration attempt recorded yet".to_string(), |e| format!("last error: {e}"))
    };
    if let Some(l) = rec.endpoint_state.as_ref().filter(|l| !l.state.takes_bids()) {
        out.push(item(
            Urgency::Critical,
            "registration",
            format!("the bid endpoint of the assigned validator: {} [{}]", l.explain(), l.state.as_str()),
            l.state.fix(),
        ));
        return;
    }
    if rec.none_takes_bids {
        return;
    }
    if !r.registered {
        let fix = if s.chain.online == Some(false) && loaded.config.bidding.validator_endpoint.is_none() {
            "offline, the validator's address cannot come from the metagraph: set [bidding] validator_endpoint, or run serve online"
        } else {
            "`basilica-miner bid show` tells what would be advertised; the daemon registers by itself once a node is healthy and the validator is known"
        };
        out.push(item(
            Urgency::Warning,
            "registration",
            format!("not registered at the validator (generation 2): {}", last_error()),
            fix,
        ));
        return;
    }
    let late_after = i64::try_from(rec.heartbeat_secs.unwrap_or(60)).unwrap_or(60).saturating_mul(3);
    match (rec.last_heartbeat_result.as_deref(), rec.last_heartbeat_at) {
        (Some("ok"), Some(at)) if s.at - at <= late_after => {}
        (Some("ok") | None, at) => out.push(item(
            Urgency::Warning,
            "registration",
            match at {
                Some(at) => format!("the last accepted heartbeat was {} ago", human_secs(s.at - at)),
                None => "no heartbeat accepted yet".to_string(),
            },
            "the validator may be unreachable: see `basilica-miner bid status` and the daemon log",
        )),
        (Some(result), _) => out.push(item(
            Urgency::Warning,
            "registration",
            format!("the last heartbeat was {result}: {}", last_error()),
            "the daemon registers again by itself; if it keeps failing see `basilica-miner bid status`",
        )),
    }
}

fn nodes(s: &StatusReport, out: &mut Vec<Attention>) {
    // A failed check of `what`, with its code's fix.
    let failed = |address: &str, what: &str, code: Option<Code>, detail: Option<&str>| {
        item(
            Urgency::Warning,
            address,
            format!("fails {what} ({}): {}", code.map_or("unknown", Code::as_str), detail.unwrap_or("")),
            code.map_or(Code::GENERAL_FIX, Code::fix),
        )
    };
    let quiet_start = s.daemon.up_since.is_some_and(|t| s.at - t < 180);
    for n in &s.nodes {
        match n.health {
            NodeHealth::Failing => out.push(failed(&n.address, "its health check", n.code, n.detail.as_deref())),
            NodeHealth::Unchecked if !quiet_start => out.push(item(
                Urgency::Warning,
                &n.address,
                "the daemon has not checked this node yet".into(),
                "reload the daemon after editing miner.toml (`systemctl reload basilica-miner`)",
            )),
            _ => {}
        }
        if let Some(reason) = &n.refused {
            out.push(item(
                Urgency::Warning,
                &n.address,
                format!("the validator refused this node: {reason}"),
                "fix what the validator names; it is offered again later by itself (or after a reload)",
            ));
        }
        if let Some(l) = &n.left_out {
            out.push(item(
                Urgency::Warning,
                &n.address,
                format!("not advertised ({}): {}", l.reason.as_str(), l.detail),
                "see docs/protocol.md, \"How a validator reaches a node\"; `basilica-miner bid show` lists every node left out",
            ));
        }
        if let Some(f) = n.validation.as_ref().filter(|f| !f.ok && n.health.passes()) {
            out.push(failed(&n.address, "the validators' full check", f.code, f.detail.as_deref()));
        }
    }
}
