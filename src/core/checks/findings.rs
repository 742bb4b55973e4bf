//! The problems a validation of `miner.toml` finds, each placed at its key (and line) in the
//! file, with the severity and the hint the area's rules give it. Every area's rules
//! (`validate.rs`, `validate_nodes.rs`, `validate_bidding.rs`) add to one `Findings`.

use crate::core::config::problem::{self, KeyPath, Problem, Severity};
use crate::core::config::LoadedConfig;

/// The configuration under validation and what its rules found so far.
pub(super) struct Findings<'a> {
    pub(super) loaded: &'a LoadedConfig,
    problems: Vec<Problem>,
}

impl<'a> Findings<'a> {
    pub(super) fn new(loaded: &'a LoadedConfig) -> Findings<'a> {
        Findings { loaded, problems: Vec::new() }
    }

    /// What was found, in the file's order.
    pub(super) fn into_sorted(mut self) -> Vec<Problem> {
        problem::sort_by_position(&mut self.problems);
        self.problems
    }

    pub(super) fn error(&mut self, key: &[&str], message: impl Into<String>, hint: impl Into<String>) {
        self.push(Severity::Error, KeyPath::keys(key), message.into(), hint.into());
    }

    pub(super) fn warn(&mut self, key: &[&str], message: impl Into<String>, hint: impl Into<String>) {
        self.push(Severity::Warning, KeyPath::keys(key), message.into(), hint.into());
    }

    pub(super) fn push(&mut self, severity: Severity, key: KeyPath, message: String, hint: String) {
        let hint = (!hint.is_empty()).then_some(hint);
        let p = self.loaded.problem(severity, key, message, hint);
        self.problems.push(p);
    }

    pub(super) fn port(&mut self, key: &[&str], port: u16) {
        if port == 0 {
            self.error(key, "port 0 is not a usable port", "give a port from 1 to 65535");
        }
    }
}
