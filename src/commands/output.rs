//! Output policy: data on stdout (text or JSON), everything else on stderr; colour decided once.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "the one place the binary writes to the terminal")]

use std::fmt::Display;
use std::io::{self, IsTerminal, Write};

use comfy_table::{presets, ContentArrangement, Table};
use console::style;
use serde::Serialize;

pub use basilica_miner::core::ops::bid::price_display as price;

pub struct Output {
    json: bool,
    quiet: bool,
    stderr_color: bool,
}

impl Output {
    /// `color` is the resolved choice; with `auto`, a stream that is not a terminal gets none.
    pub fn new(json: bool, quiet: bool, color: bool, auto: bool) -> Output {
        let stdout_color = color && !json && (!auto || io::stdout().is_terminal());
        let stderr_color = color && (!auto || io::stderr().is_terminal());
        console::set_colors_enabled(stdout_color);
        console::set_colors_enabled_stderr(stderr_color);
        Output { json, quiet, stderr_color }
    }

    pub fn json_mode(&self) -> bool {
        self.json
    }

    pub fn stderr_color(&self) -> bool {
        self.stderr_color
    }

    /// Prints one JSON document on stdout.
    pub fn json<T: Serialize>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)
    }

    /// Prints a line of data on stdout.
    pub fn line(&self, text: impl Display) -> io::Result<()> {
        writeln!(io::stdout().lock(), "{text}")
    }

    /// Prints a table on stdout, sized to the terminal when there is one.
    pub fn table(&self, header: &[&str], rows: Vec<Vec<String>>) -> io::Result<()> {
        let mut t = stdout_table();
        t.set_header(header.to_vec());
        for r in rows {
            t.add_row(r);
        }
        self.line(t)
    }

    /// A two-column table of `name, value` rows on stdout, without a header row.
    pub fn pairs(&self, rows: Vec<Vec<String>>) -> io::Result<()> {
        let mut t = stdout_table();
        for r in rows {
            t.add_row(r);
        }
        self.line(t)
    }

    /// A note for a person on stderr (suppressed by -q).
    pub fn note(&self, text: impl Display) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// A success message on stderr (suppressed by -q).
    pub fn success(&self, text: impl Display) {
        if !self.quiet {
            eprintln!("{} {text}", style("✓").green());
        }
    }

    pub fn warn(&self, text: &str) {
        if !self.quiet {
            eprintln!("{} {text}", style("warning:").yellow().bold());
        }
    }

    /// One error line on stderr (never suppressed), for problems listed before a failing exit.
    pub fn problem(&self, text: impl Display) {
        eprintln!("{} {text}", style("error:").red().bold());
    }

    /// A line on stderr that is not decorated (never suppressed).
    pub fn stderr_line(&self, text: impl Display) {
        eprintln!("{text}");
    }

    /// Prints an error and its cause chain on stderr; a cause whose words were already
    /// printed (most wrappers repeat their source) is not printed again; then the error's fix.
    pub fn error(&self, err: &anyhow::Error, fix: Option<&str>) {
        eprintln!("{} {err}", style("error:").red().bold());
        let mut said = err.to_string();
        for cause in err.chain().skip(1) {
            let text = cause.to_string();
            if said.contains(&text) {
                continue;
            }
            eprintln!("  {} {text}", style("caused by:").dim());
            said.push_str(&text);
        }
        if let Some(fix) = fix {
            eprintln!("  {} {fix}", style("fix:").cyan());
        }
    }
}

/// An empty table as stdout shows them: boxed and fitted to a terminal, plain Markdown rows
/// (never wrapped) for pipes and files.
pub fn stdout_table() -> Table {
    let mut t = Table::new();
    if io::stdout().is_terminal() {
        t.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.load_preset(presets::ASCII_MARKDOWN).set_content_arrangement(ContentArrangement::Disabled);
    }
    t
}
