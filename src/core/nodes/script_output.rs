//! What a script run on a node printed, read back: its `@@name` sections (each with the exit
//! code a `@@rc N` line gives it) and the last line of a command's output. The health probe,
//! the full validation and the look at rentals all print this way.

use std::collections::HashMap;

/// A probe's output by section name: the text and, where the section records one, its exit code.
pub(crate) type Sections<'a> = HashMap<&'a str, (String, Option<i32>)>;

/// Splits the probe's output into its `@@name` sections.
pub(crate) fn sections(output: &str) -> Sections<'_> {
    let mut map = HashMap::new();
    let mut current: Option<(&str, String)> = None;
    for line in output.lines() {
        if let Some(rc) = line.strip_prefix("@@rc ") {
            if let Some((name, body)) = current.take() {
                map.insert(name, (body, rc.trim().parse().ok()));
            }
        } else if let Some(name) = line.strip_prefix("@@") {
            if let Some((n, body)) = current.take() {
                map.insert(n, (body, None));
            }
            current = Some((name.trim(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((n, body)) = current {
        map.insert(n, (body, None));
    }
    map
}

/// The last non-empty line of a command's output, cut to 300 characters.
pub(crate) fn last_line(text: &str) -> String {
    let line = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    line.chars().take(300).collect()
}

/// What a script's output holds before its first `@@` marker (trimmed; `None` when nothing):
/// text the login printed (`~/.ssh/rc`, a login file), which validators would read as the
/// answer to their own commands.
pub(crate) fn preamble(output: &str) -> Option<String> {
    let before: Vec<&str> =
        output.lines().take_while(|l| !l.starts_with("@@")).filter(|l| !l.trim().is_empty()).collect();
    (!before.is_empty()).then(|| before.join(" / ").chars().take(200).collect())
}
