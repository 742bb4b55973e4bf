//! Shell completions and man pages: generated from the clap tree; the committed copies must
//! match what the binary generates now.

use std::path::Path;

use crate::support::Sandbox;

#[test]
fn completions_print_for_each_shell() {
    let s = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = s.run(&["completions", shell]);
        r.code(0).stdout_has("node");
    }
    s.run(&["completions", "tcsh"]).code(2).stderr_has("invalid value 'tcsh'");
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let s = Sandbox::new();
    s.run(&["generate-docs", "--out-dir", s.dir.path().to_str().unwrap()]).code(0);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["completions", "man"] {
        let fresh = sorted_files(&s.path(dir));
        let committed = sorted_files(&repo.join(dir));
        assert_eq!(
            fresh.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            committed.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            "{dir}/ is stale: run `cargo run -- generate-docs` and commit the result"
        );
        for ((name, a), (_, b)) in fresh.iter().zip(&committed) {
            assert!(a == b, "{dir}/{name} is stale: run `cargo run -- generate-docs` and commit the result");
        }
    }
    assert!(s.path("man/basilica-miner-node-add.1").exists());
}

fn sorted_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}
