//! miner.toml: loading and validating any text never panics; an error names a line and column
//! inside the text.
#![no_main]

use std::path::{Path, PathBuf};

use basilica_miner::core::config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let base = PathBuf::from("/nonexistent-basilica-fuzz");
    let _ =
        config::parse(Path::new("/nonexistent-basilica-fuzz/miner.toml"), base, text.to_string(), std::iter::empty());
});
