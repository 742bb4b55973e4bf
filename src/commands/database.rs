//! `database health`: integrity, schema version, row counts, the oldest entry and the size of
//! the daemon's SQLite file.

use basilica_miner::core::ops::database::database_health;
use basilica_miner::core::support::exit::ExitClass;
use clap::Subcommand;

use super::{Context, ExitStatus};
use crate::commands::CmdResult;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the database: integrity, schema version, row counts, oldest entry, size.
    Health,
}

pub fn run(cmd: Command, ctx: &Context) -> CmdResult {
    let Command::Health = cmd;
    let loaded = ctx.load_config()?;
    let report = database_health(&loaded)?;
    let (ok, h) = (report.ok, &report.health);
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        let mut rows = vec![
            vec!["file".to_string(), h.path.display().to_string()],
            vec!["integrity".into(), h.integrity.clone()],
            vec!["schema version".into(), format!("{} (latest {})", h.schema_version, h.latest_schema_version)],
            vec!["journal".into(), h.journal_mode.clone()],
        ];
        for (table, n) in &h.rows {
            rows.push(vec![format!("rows in {table}"), n.to_string()]);
        }
        let oldest = match h.oldest_entry {
            Some(t) => format!(
                "{} s ago (retention {} days)",
                basilica_miner::core::support::clock::unix_now() - t,
                loaded.config.database.audit_retention_days
            ),
            None => "none yet".into(),
        };
        rows.push(vec!["oldest entry".into(), oldest]);
        rows.push(vec!["size".into(), format!("{:.1} MiB (with WAL)", h.size_bytes as f64 / 1_048_576.0)]);
        ctx.out.table(&["", ""], rows)?;
    }
    Ok(if ok { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
}
