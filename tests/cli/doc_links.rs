//! The README and docs/ link to files and headings that exist, the README stays short, and no
//! page calls a validator "today's" without a date.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pages() -> Vec<PathBuf> {
    let mut pages = vec![repo().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// The text of a page outside fenced code blocks.
fn prose(text: &str) -> String {
    let mut fenced = false;
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(page: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(page).unwrap();
    prose(&text).lines().filter_map(|l| l.strip_prefix('#')).map(|h| slug(h.trim_start_matches('#'))).collect()
}

/// Every `[text](target)` of a page's prose, as (line, target).
fn links(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in prose(text).lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            found.push((i + 1, after[..end].to_string()));
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn every_relative_link_in_the_readme_and_docs_points_to_a_file_and_heading_that_exist() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for (line, target) in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, anchor) = target.split_once('#').map_or((target.as_str(), None), |(f, a)| (f, Some(a)));
            let path = if file.is_empty() { page.clone() } else { page.parent().unwrap().join(file) };
            let name = format!("{}:{line}: {target}", page.strip_prefix(repo()).unwrap().display());
            if !path.exists() {
                broken.push(format!("{name}: no file {}", path.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                if !anchors(&path).contains(anchor) {
                    broken.push(format!("{name}: no heading #{anchor} in {}", path.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked >= 20, "only {checked} relative links found: is the parser reading the pages?");
}

#[test]
fn the_link_check_finds_a_missing_file_and_a_missing_heading() {
    let text = "see [a](missing.md) and [b](../README.md#no-such-heading)\n```\n[c](ignored.md)\n```\n";
    let got: Vec<String> = links(text).into_iter().map(|(_, t)| t).collect();
    assert_eq!(got, ["missing.md", "../README.md#no-such-heading"]);
    assert!(!anchors(&repo().join("README.md")).contains("no-such-heading"));
    assert!(anchors(&repo().join("README.md")).contains("which-validators-it-serves"));
    assert_eq!(slug("Is it earning? `status`"), "is-it-earning-status");
    assert_eq!(slug("Debian package, systemd and Docker"), "debian-package-systemd-and-docker");
}

#[test]
fn the_readme_is_at_most_250_lines() {
    let lines = std::fs::read_to_string(repo().join("README.md")).unwrap().lines().count();
    assert!(lines <= 250, "README.md has {lines} lines; move detail to docs/");
}

#[test]
fn no_page_calls_a_validator_todays_without_a_date() {
    let mut found = Vec::new();
    let mut files = pages();
    files.push(repo().join("config/miner.toml.example"));
    for page in files {
        let text = std::fs::read_to_string(&page).unwrap();
        for (i, line) in text.lines().enumerate() {
            let l = line.to_lowercase();
            if (l.contains("today's validator") || l.contains("today's subnet")) && !l.contains("20") {
                found.push(format!("{}:{}: {line}", page.display(), i + 1));
            }
        }
    }
    assert!(found.is_empty(), "undated \"today's\":\n{}", found.join("\n"));
}

#[test]
fn ci_runs_the_readmes_test_command() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let block = readme.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).unwrap();
    let commands: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    assert_eq!(commands.len(), 2, "the README starts with two commands: {commands:?}");
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == commands[1]), ".ci/run does not call `{}`:\n{ci}", commands[1]);
}
