//! Hidden `generate-docs`: writes completions/ and man/ from the clap tree, so the committed
//! copies can be regenerated and checked for staleness.

use std::fs;
use std::path::{Path, PathBuf};

use crate::commands::error::{CmdResult as Result, ErrorContext as _};
use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to write completions/ and man/ into
    #[arg(long, default_value = ".")]
    pub out_dir: PathBuf,
}

pub fn run(args: Args) -> Result<ExitStatus> {
    write_all(&args.out_dir)?;
    Ok(ExitStatus::Success)
}

/// Completion scripts for every shell and one man page per command.
pub fn write_all(root: &Path) -> Result<()> {
    let completions = root.join("completions");
    let man = root.join("man");
    fs::create_dir_all(&completions).with_context(|| format!("creating {}", completions.display()))?;
    fs::create_dir_all(&man).with_context(|| format!("creating {}", man.display()))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Elvish, Shell::PowerShell] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut super::completions::public_command(), "basilica-miner", &mut buf);
        let name = match shell {
            Shell::Bash => "basilica-miner.bash".to_string(),
            Shell::Zsh => "_basilica-miner".to_string(),
            Shell::Fish => "basilica-miner.fish".to_string(),
            Shell::Elvish => "basilica-miner.elv".to_string(),
            Shell::PowerShell => "_basilica-miner.ps1".to_string(),
            other => format!("basilica-miner.{other}"),
        };
        fs::write(completions.join(&name), buf).with_context(|| format!("writing {name}"))?;
    }
    let mut cmd = Cli::command();
    cmd.build();
    write_man(&cmd, &man, "basilica-miner")
}

fn write_man(cmd: &clap::Command, dir: &Path, name: &str) -> Result<()> {
    if cmd.is_hide_set() {
        return Ok(());
    }
    let page = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(page).render(&mut buf)?;
    fs::write(dir.join(format!("{name}.1")), buf).with_context(|| format!("writing {name}.1"))?;
    for sub in cmd.get_subcommands() {
        if sub.get_name() != "help" {
            write_man(sub, dir, &format!("{name}-{}", sub.get_name()))?;
        }
    }
    Ok(())
}
