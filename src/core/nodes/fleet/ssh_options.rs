//! A node's `additional_opts` (`-o Key=Value …`) as an ssh config file for the miner's own
//! connections.

use std::path::Path;

use super::{Code, NodeError};

/// Parses `-o Key=Value` / `-oKey=Value` pairs into `Key Value` config lines.
pub fn config_lines(opts: &str) -> Result<Vec<String>, NodeError> {
    let bad = |why: &str| NodeError::new(Code::BadAdditionalOpts, format!("additional_opts `{opts}`: {why}"));
    let mut lines = Vec::new();
    let mut words = opts.split_whitespace();
    while let Some(w) = words.next() {
        let option = match w.strip_prefix("-o") {
            Some("") => words.next().ok_or_else(|| bad("-o needs Key=Value"))?,
            Some(rest) => rest,
            None => return Err(bad(&format!("`{w}` is not an -o option"))),
        };
        let (key, value) = option.split_once('=').ok_or_else(|| bad(&format!("`{option}` is not Key=Value")))?;
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric()) || value.is_empty() {
            return Err(bad(&format!("`{option}` is not Key=Value")));
        }
        lines.push(format!("{key} {value}"));
    }
    Ok(lines)
}

/// The options among `opts` that change where ssh connects (ProxyJump, ProxyCommand, HostName,
/// Port), as written: a validator dials the registered host and port directly and never uses
/// them. Unreadable options change nothing here (they fail the node's connection instead).
pub fn route_options(opts: &str) -> Vec<String> {
    const ROUTE: [&str; 4] = ["proxyjump", "proxycommand", "hostname", "port"];
    config_lines(opts)
        .unwrap_or_default()
        .into_iter()
        .filter(|l| l.split_whitespace().next().is_some_and(|k| ROUTE.contains(&k.to_ascii_lowercase().as_str())))
        .collect()
}

/// Writes the config file ssh reads with `-F`.
pub fn write_config(opts: &str, path: &Path) -> Result<(), NodeError> {
    let lines = config_lines(opts)?;
    std::fs::write(path, lines.join("\n") + "\n")
        .map_err(|e| NodeError::new(Code::SshError, format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_spellings() {
        assert_eq!(
            config_lines("-o ServerAliveInterval=30 -oCompression=yes").unwrap(),
            vec!["ServerAliveInterval 30", "Compression yes"]
        );
        assert!(config_lines("-p 22").is_err());
        assert!(config_lines("-o Foo").is_err());
        assert!(config_lines("-o").is_err());
    }

    #[test]
    fn route_options_are_the_ones_that_change_where_ssh_connects() {
        assert_eq!(
            route_options("-o ServerAliveInterval=30 -o ProxyJump=jump@10.0.0.1 -oport=2222"),
            vec!["ProxyJump jump@10.0.0.1", "port 2222"]
        );
        assert_eq!(
            route_options("-o HostName=10.1.1.1 -o ProxyCommand=nc"),
            vec!["HostName 10.1.1.1", "ProxyCommand nc"]
        );
        assert!(route_options("-o Compression=yes").is_empty());
        assert!(route_options("-p 22").is_empty());
    }
}
