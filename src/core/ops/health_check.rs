//! `health-check` (the operator guide's name): configuration, database, wallet, chain,
//! the running daemon and the nodes, each one line, in one report. Also the parts behind the
//! guide's `service test-ssh` and `service test-bittensor`.

use crate::core::nodes::inspect::CheckName;
use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use super::nodes::{node_test, NodeSet, NodesError};
use super::wallet_check::{wallet_check, ChainCheck, WalletReport};
use crate::core::checks::{self, Area};
use crate::core::config::{LoadedConfig, Severity};
use crate::core::daemon::view::place;
use crate::core::daemon::view::records::{file_health, DatabaseError};
pub use crate::core::nodes::inspect::CheckStatus;
use crate::core::nodes::inspect::NodeReport;
use crate::core::support::exit::ExitClass;

/// One area `health-check` looked at.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The area (`config`, `database`, `chain`, …).
    pub name: &'static str,
    /// How it fared.
    pub outcome: CheckStatus,
    /// What was found.
    pub detail: String,
    /// What kind of failure this row is, for the exit status.
    #[serde(skip)]
    pub class: ExitClass,
}

/// What `health-check` found (its `--json`).
#[derive(Debug, Clone, Serialize)]
pub struct HealthReport {
    /// No item failed (warnings allowed).
    pub ok: bool,
    /// Each area, in the order checked.
    pub checks: Vec<Item>,
}

impl HealthReport {
    /// The class of the most telling failed row (`None` when nothing failed).
    pub fn exit_class(&self) -> Option<ExitClass> {
        ExitClass::most_telling(self.checks.iter().filter(|c| c.outcome == CheckStatus::Fail).map(|c| c.class))
    }
}

/// A row; what a failure of it means follows from the area it checks.
fn item(name: &'static str, outcome: CheckStatus, detail: impl Into<String>) -> Item {
    let class = match name {
        "config" => ExitClass::Usage,
        "wallet" => ExitClass::Credentials,
        _ => ExitClass::Failure,
    };
    Item { name, outcome, detail: detail.into(), class }
}

fn config_item(loaded: &LoadedConfig) -> Item {
    // The wallet has its own row.
    let mut problems = checks::validate(loaded, &Area::all_but_wallet());
    problems.extend(loaded.problems.iter().cloned());
    let errors: Vec<String> =
        problems.iter().filter(|p| p.severity == Severity::Error).map(ToString::to_string).collect();
    let warnings = problems.iter().filter(|p| p.severity == Severity::Warning).count();
    match errors.first() {
        Some(first) => item("config", CheckStatus::Fail, format!("{} error(s), first: {first}", errors.len())),
        None if warnings > 0 => item(
            "config",
            CheckStatus::Warn,
            format!("{} is valid with {warnings} warning(s); `config validate` lists them", loaded.path.display()),
        ),
        None => item("config", CheckStatus::Pass, format!("{} is valid", loaded.path.display())),
    }
}

fn database_item(loaded: &LoadedConfig) -> Item {
    match file_health(loaded) {
        Ok(h) if h.integrity == "ok" => item(
            "database",
            CheckStatus::Pass,
            format!("{} (schema {}, {:.1} MiB)", h.path.display(), h.schema_version, h.size_bytes as f64 / 1_048_576.0),
        ),
        Ok(h) => {
            item("database", CheckStatus::Fail, format!("{}: integrity check says {}", h.path.display(), h.integrity))
        }
        Err(e @ DatabaseError::Missing(_)) => item("database", CheckStatus::Warn, e.to_string()),
        Err(e) => item("database", CheckStatus::Fail, e.to_string()),
    }
}

fn wallet_items(report: &WalletReport) -> Vec<Item> {
    let mut out = Vec::new();
    out.push(match (&report.hotkey_ss58, report.problems.iter().find(|p| !p.starts_with("chain:"))) {
        (Some(h), None) => item("wallet", CheckStatus::Pass, format!("hotkey {h} loads")),
        (_, Some(p)) => item("wallet", CheckStatus::Fail, p.clone()),
        (None, None) => item("wallet", CheckStatus::Fail, "the hotkey could not be loaded"),
    });
    match &report.chain {
        None => out.push(item(
            "chain",
            CheckStatus::Skip,
            "not checked: the registration is looked up by the hotkey, which did not load (see wallet)",
        )),
        Some(c) => out.push(match (&c.error, c.uid) {
            (Some(e), _) => Item {
                class: ExitClass::Unreachable,
                ..item("chain", CheckStatus::Fail, format!("{}: {e}", c.endpoint))
            },
            (None, None) => item(
                "chain",
                CheckStatus::Fail,
                format!(
                    "{} is reachable, but the hotkey is not registered on netuid {}; run `basilica-miner register`",
                    c.endpoint, c.netuid
                ),
            ),
            (None, Some(uid)) => item(
                "chain",
                CheckStatus::Pass,
                format!("{}: registered as uid {uid} on netuid {}", c.endpoint, c.netuid),
            ),
        }),
    }
    out
}

/// The wallet and, with `chain`, its registration: the guide's `service test-bittensor`.
pub async fn test_bittensor(
    loaded: &LoadedConfig,
    password: &mut dyn FnMut(&Path) -> Option<String>,
) -> (WalletReport, HealthReport) {
    let b = &loaded.config.bittensor;
    let report = wallet_check(b, &loaded.resolve_path(&b.wallet_path), ChainCheck::Require, None, password).await;
    let checks = wallet_items(&report);
    (report, HealthReport { ok: checks.iter().all(|c| c.outcome != CheckStatus::Fail), checks })
}

/// The SSH part of `node test` on every node: the guide's `service test-ssh`.
pub async fn test_ssh(loaded: &LoadedConfig) -> Result<Vec<Item>, NodesError> {
    let set = NodeSet::pick(loaded, &[])?;
    let reports = node_test(&set, &|_| {}).await?;
    Ok(reports
        .iter()
        .map(|r| {
            let ssh = r.checks.iter().find(|c| c.name == CheckName::Ssh);
            match ssh {
                Some(c) if c.status == CheckStatus::Pass => {
                    item("ssh", CheckStatus::Pass, format!("{}: {}", r.address, c.detail))
                }
                Some(c) => item(
                    "ssh",
                    CheckStatus::Fail,
                    format!(
                        "{}: {}{}",
                        r.address,
                        c.code.map(|k| format!("{}: ", k.as_str())).unwrap_or_default(),
                        c.detail
                    ),
                ),
                None => item("ssh", CheckStatus::Fail, format!("{}: not checked", r.address)),
            }
        })
        .collect())
}

/// The nodes' summary row, then one row per failing node.
fn nodes_items(reports: &[NodeReport]) -> Vec<Item> {
    let failed: Vec<&NodeReport> = reports.iter().filter(|r| !r.ok).collect();
    let total = reports.len();
    let mut out = vec![match failed.len() {
        0 => item("nodes", CheckStatus::Pass, format!("{total}/{total} healthy")),
        n if n == total => item("nodes", CheckStatus::Fail, format!("0/{total} healthy")),
        n => item("nodes", CheckStatus::Warn, format!("{}/{total} healthy", total - n)),
    }];
    let outcome = if failed.len() == total { CheckStatus::Fail } else { CheckStatus::Warn };
    out.extend(failed.iter().map(|r| {
        item(
            "node",
            outcome,
            format!("{}: {}", r.address, r.first_failure().map(|f| f.to_string()).unwrap_or_default()),
        )
    }));
    out
}

async fn daemon_item(loaded: &LoadedConfig) -> Item {
    let Some(running) = place::running(loaded) else {
        return item("daemon", CheckStatus::Warn, "`serve` is not running for this configuration");
    };
    let endpoint = match place::grpc_endpoint(loaded) {
        Ok(e) => e,
        Err(e) => return item("daemon", CheckStatus::Fail, e),
    };
    match place::health(&endpoint, Duration::from_secs(10)).await {
        Ok(s) if s == "Serving" => item(
            "daemon",
            CheckStatus::Pass,
            format!("serve (pid {}) answers grpc.health.v1 SERVING at {endpoint}", running.pid),
        ),
        Ok(s) => item("daemon", CheckStatus::Fail, format!("serve (pid {}) at {endpoint} reports {s}", running.pid)),
        Err(e) => item("daemon", CheckStatus::Fail, format!("serve (pid {}) runs but {e}", running.pid)),
    }
}

/// Every area, in order: config, database, wallet, chain, daemon, nodes.
pub async fn health_check(loaded: &LoadedConfig, password: &mut dyn FnMut(&Path) -> Option<String>) -> HealthReport {
    let mut checks = vec![config_item(loaded), database_item(loaded)];
    let (_, bittensor) = test_bittensor(loaded, password).await;
    checks.extend(bittensor.checks);
    checks.push(daemon_item(loaded).await);
    checks.extend(match NodeSet::pick(loaded, &[]) {
        Err(e) => vec![item("nodes", CheckStatus::Fail, e.to_string())],
        Ok(set) => match node_test(&set, &|_| {}).await {
            Ok(reports) => nodes_items(&reports),
            Err(e) => vec![item("nodes", CheckStatus::Fail, e.to_string())],
        },
    });
    HealthReport { ok: checks.iter().all(|c| c.outcome != CheckStatus::Fail), checks }
}
