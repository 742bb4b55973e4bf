//! `wallet check`: names, paths, addresses, encryption and permissions of the miner's keys.

use basilica_miner::core::wallet::{self, KeyFileInfo, WalletPaths};
use serde::Serialize;

use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {}

#[derive(Serialize)]
struct Report {
    ok: bool,
    wallet_name: String,
    hotkey_name: String,
    wallet_dir: std::path::PathBuf,
    hotkey_ss58: Option<String>,
    coldkey_ss58: Option<String>,
    hotkey_file: KeyFileInfo,
    coldkey_file: KeyFileInfo,
    coldkeypub_file: KeyFileInfo,
    problems: Vec<String>,
    warnings: Vec<String>,
}

pub fn run(_args: Args, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let loaded = ctx.load_config()?;
    let b = &loaded.config.bittensor;
    let root = loaded.resolve_path(&b.wallet_path);
    let paths = WalletPaths::new(&root, &b.wallet_name, &b.hotkey_name);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();

    let hotkey = wallet::load_keypair(&paths.hotkey, "hotkey", &mut || super::password_source(ctx, &paths.hotkey));
    let hotkey_ss58 = match hotkey {
        Ok(k) => Some(k.ss58),
        Err(e) => {
            problems.push(e.to_string());
            None
        }
    };
    let coldkey_ss58 = match wallet::read_public(&paths.coldkeypub, "coldkeypub.txt") {
        Ok(a) => Some(a),
        Err(e) => {
            warnings.push(format!("{e} (the coldkey address is needed for `register`)"));
            None
        }
    };
    let files = [wallet::inspect_file(&paths.hotkey), wallet::inspect_file(&paths.coldkey), wallet::inspect_file(&paths.coldkeypub)];
    for f in &files {
        if f.mode_too_open {
            warnings.push(format!("{} has mode {}; others can read it. Fix: chmod 600 {}", f.path.display(), f.mode.as_deref().unwrap_or("?"), f.path.display()));
        }
    }
    if !files[1].exists {
        warnings.push(format!("no coldkey at {} (fine if you keep it offline; `register` needs it)", paths.coldkey.display()));
    }
    let [hotkey_file, coldkey_file, coldkeypub_file] = files;
    let report = Report {
        ok: problems.is_empty(),
        wallet_name: b.wallet_name.clone(),
        hotkey_name: b.hotkey_name.clone(),
        wallet_dir: paths.wallet_dir.clone(),
        hotkey_ss58,
        coldkey_ss58,
        hotkey_file,
        coldkey_file,
        coldkeypub_file,
        problems,
        warnings,
    };
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        let state = |f: &KeyFileInfo| match (f.exists, f.encrypted) {
            (false, _) => "missing".to_string(),
            (true, true) => format!("encrypted, mode {}", f.mode.as_deref().unwrap_or("?")),
            (true, false) => format!("not encrypted, mode {}", f.mode.as_deref().unwrap_or("?")),
        };
        let rows = vec![
            vec!["wallet".into(), report.wallet_name.clone(), report.wallet_dir.display().to_string(), String::new()],
            vec!["hotkey".into(), report.hotkey_ss58.clone().unwrap_or_else(|| "-".into()), report.hotkey_file.path.display().to_string(), state(&report.hotkey_file)],
            vec!["coldkey".into(), report.coldkey_ss58.clone().unwrap_or_else(|| "-".into()), report.coldkey_file.path.display().to_string(), state(&report.coldkey_file)],
        ];
        ctx.out.table(&["KEY", "ADDRESS / NAME", "FILE", "STATE"], rows)?;
        for w in &report.warnings {
            ctx.out.warn(w);
        }
        for p in &report.problems {
            eprintln!("{} {p}", console::style("error:").red().bold());
        }
    }
    Ok(if report.ok { ExitStatus::Success } else { ExitStatus::WalletUnusable })
}
