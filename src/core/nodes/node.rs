//! GPU node identity: parsing `user@host[:port]`, validating hosts, users and rates, and the
//! stable node id (UUID v5 of `ssh://user@host:port`, docs/protocol.md, section 4).

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use uuid::Uuid;

/// The SSH port used when a node spec gives none.
pub use crate::core::config::DEFAULT_SSH_PORT;

/// Where a GPU node's sshd listens and whom the miner logs in as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeAddress {
    /// The user the miner logs in as.
    pub username: String,
    /// A hostname or an IP literal; IPv6 without brackets.
    pub host: String,
    /// The SSH port.
    pub port: u16,
}

/// What is wrong with a node spec, rate or option string.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NodeSpecError {
    /// Nothing was given.
    #[error("node `{0}` is empty; write it as user@host[:port], e.g. ubuntu@10.0.0.5:22")]
    Empty(String),
    /// The username is not one a Linux system accepts.
    #[error("invalid username `{user}` in `{spec}`: use letters, digits, `_`, `-` or `.`, starting with a letter or `_` (at most 32 characters)")]
    BadUser {
        /// The text given.
        spec: String,
        /// The username in it.
        user: String,
    },
    /// No `user@` and no default username.
    #[error("no username in `{spec}` and no default; write it as user@host[:port] or set [ssh_session] default_node_username")]
    NoUser {
        /// The text given.
        spec: String,
    },
    /// The host is neither a DNS name nor an IP address.
    #[error(
        "invalid host `{host}` in `{spec}`: give a DNS name or an IP address (IPv6 in brackets: user@[2001:db8::1]:22)"
    )]
    BadHost {
        /// The text given.
        spec: String,
        /// The host in it.
        host: String,
    },
    /// The port is not a number from 1 to 65535.
    #[error("port `{port}` in `{spec}` is not a usable port: give a port from 1 to 65535")]
    BadPort {
        /// The text given.
        spec: String,
        /// The port in it.
        port: String,
    },
    /// The hourly rate is not a positive number of dollars.
    #[error(
        "invalid hourly rate `{0}`: give the price per GPU per hour in dollars, a number greater than 0 (e.g. 2.50)"
    )]
    BadRate(String),
    /// The additional ssh options are not one clean line.
    #[error("invalid additional_opts `{0}`: it must be one line of ssh options without control characters")]
    BadOpts(String),
}

impl NodeAddress {
    /// Parses `user@host`, `user@host:port`, `user@[v6]:port` or, with a default user,
    /// `host[:port]`.
    pub fn parse(spec: &str, default_user: Option<&str>) -> Result<Self, NodeSpecError> {
        let trimmed = spec.trim();
        if trimmed.is_empty() {
            return Err(NodeSpecError::Empty(spec.to_string()));
        }
        let (user, hostport) = match trimmed.rsplit_once('@') {
            Some((u, h)) => (u.to_string(), h),
            None => match default_user {
                Some(u) => (u.to_string(), trimmed),
                None => return Err(NodeSpecError::NoUser { spec: spec.to_string() }),
            },
        };
        if !is_valid_username(&user) {
            return Err(NodeSpecError::BadUser { spec: spec.to_string(), user });
        }
        let (host, port) = split_host_port(hostport, spec)?;
        if !is_valid_host(&host) {
            return Err(NodeSpecError::BadHost { spec: spec.to_string(), host });
        }
        Ok(NodeAddress { username: user, host, port })
    }

    /// The stable node id: UUID v5 in the URL namespace of `ssh://user@host:port`.
    pub fn node_id(&self) -> Uuid {
        node_id(&self.username, &self.host, self.port)
    }

    /// True when both point at the same sshd (same host and port), whatever the user.
    pub fn same_machine(&self, other: &NodeAddress) -> bool {
        self.port == other.port && self.host.eq_ignore_ascii_case(&other.host)
    }
}

impl fmt::Display for NodeAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "{}@[{}]:{}", self.username, self.host, self.port)
        } else {
            write!(f, "{}@{}:{}", self.username, self.host, self.port)
        }
    }
}

/// The node id of docs/protocol.md, section 4.
pub fn node_id(username: &str, host: &str, port: u16) -> Uuid {
    let name = format!("ssh://{username}@{host}:{port}");
    Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes())
}

fn split_host_port(hostport: &str, spec: &str) -> Result<(String, u16), NodeSpecError> {
    let bad_port = |p: &str| NodeSpecError::BadPort { spec: spec.to_string(), port: p.to_string() };
    if let Some(rest) = hostport.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| NodeSpecError::BadHost { spec: spec.to_string(), host: hostport.to_string() })?;
        if host.parse::<Ipv6Addr>().is_err() {
            return Err(NodeSpecError::BadHost { spec: spec.to_string(), host: host.to_string() });
        }
        let port = match after {
            "" => DEFAULT_SSH_PORT,
            p => parse_port(p.strip_prefix(':').ok_or_else(|| bad_port(p))?).ok_or_else(|| bad_port(p))?,
        };
        return Ok((host.to_string(), port));
    }
    if hostport.parse::<Ipv6Addr>().is_ok() {
        return Ok((hostport.to_string(), DEFAULT_SSH_PORT));
    }
    match hostport.rsplit_once(':') {
        Some((host, p)) => Ok((host.to_string(), parse_port(p).ok_or_else(|| bad_port(p))?)),
        None => Ok((hostport.to_string(), DEFAULT_SSH_PORT)),
    }
}

/// Parses a TCP port, 1–65535.
pub fn parse_port(text: &str) -> Option<u16> {
    match text.parse::<u16>() {
        Ok(0) | Err(_) => None,
        Ok(p) => Some(p),
    }
}

/// A POSIX-style login name: `[A-Za-z_][A-Za-z0-9_.-]*`, at most 32 characters.
pub fn is_valid_username(user: &str) -> bool {
    let mut chars = user.chars();
    let first_ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_');
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    first_ok && rest_ok && user.len() <= 32
}

/// An IPv4/IPv6 literal or a DNS name (labels of letters, digits and `-`, 253 chars at most).
pub fn is_valid_host(host: &str) -> bool {
    if host.parse::<Ipv4Addr>().is_ok() || host.parse::<Ipv6Addr>().is_ok() {
        return true;
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let name = host.strip_suffix('.').unwrap_or(host);
    let all_numeric = name.split('.').all(|l| l.chars().all(|c| c.is_ascii_digit()));
    !name.is_empty() && name.len() <= 253 && name.split('.').all(label_ok) && !all_numeric
}

/// Parses an hourly rate per GPU in dollars: a finite number greater than zero.
pub fn parse_rate(text: &str) -> Result<f64, NodeSpecError> {
    let rate: f64 = text.trim().parse().map_err(|_| NodeSpecError::BadRate(text.to_string()))?;
    check_rate(rate).map_err(|_| NodeSpecError::BadRate(text.to_string()))
}

/// Checks that a rate is finite and greater than zero.
pub fn check_rate(rate: f64) -> Result<f64, NodeSpecError> {
    if rate.is_finite() && rate > 0.0 {
        Ok(rate)
    } else {
        Err(NodeSpecError::BadRate(rate.to_string()))
    }
}

/// The rate a validator is told, in cents: round(rate × 100).
pub fn rate_cents(rate: f64) -> u32 {
    (rate * 100.0).round().clamp(0.0, u32::MAX as f64) as u32
}

/// Checks an `additional_opts` string: one line, no control characters.
pub fn check_opts(opts: &str) -> Result<(), NodeSpecError> {
    if opts.chars().any(char::is_control) {
        Err(NodeSpecError::BadOpts(opts.escape_debug().to_string()))
    } else {
        Ok(())
    }
}

crate::classify_all!(Usage: NodeSpecError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_id_is_uuid_v5_of_the_ssh_url() {
        let id = node_id("ubuntu", "10.0.0.5", 22);
        assert_eq!(id.get_version_num(), 5);
        // Computed independently: python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'ssh://ubuntu@10.0.0.5:22'))"
        assert_eq!(id.to_string(), "4b61854f-6fa5-5cac-bb3c-c1b1c05c7318");
        assert_ne!(id, node_id("root", "10.0.0.5", 22));
    }

    #[test]
    fn parses_full_and_short_specs() {
        let a = NodeAddress::parse("ubuntu@10.0.0.5:2222", None).unwrap();
        assert_eq!((a.username.as_str(), a.host.as_str(), a.port), ("ubuntu", "10.0.0.5", 2222));
        let b = NodeAddress::parse("gpu-01.example.com", Some("root")).unwrap();
        assert_eq!((b.username.as_str(), b.port), ("root", 22));
        let c = NodeAddress::parse("admin@[2001:db8::1]:2200", None).unwrap();
        assert_eq!((c.host.as_str(), c.port), ("2001:db8::1", 2200));
        assert_eq!(c.to_string(), "admin@[2001:db8::1]:2200");
    }

    #[test]
    fn rejects_bad_specs() {
        assert!(matches!(NodeAddress::parse("", None), Err(NodeSpecError::Empty(_))));
        assert!(matches!(NodeAddress::parse("host", None), Err(NodeSpecError::NoUser { .. })));
        assert!(matches!(NodeAddress::parse("bad user@h", None), Err(NodeSpecError::BadUser { .. })));
        assert!(matches!(NodeAddress::parse("u@h:0", None), Err(NodeSpecError::BadPort { .. })));
        assert!(matches!(NodeAddress::parse("u@h:70000", None), Err(NodeSpecError::BadPort { .. })));
        assert!(matches!(NodeAddress::parse("u@h:ssh", None), Err(NodeSpecError::BadPort { .. })));
        assert!(matches!(NodeAddress::parse("u@ho st", None), Err(NodeSpecError::BadHost { .. })));
        assert!(matches!(NodeAddress::parse("u@h;rm -rf", None), Err(NodeSpecError::BadHost { .. })));
        assert!(matches!(NodeAddress::parse("u@-h", None), Err(NodeSpecError::BadHost { .. })));
        assert!(matches!(NodeAddress::parse("u@999.1.1.1", None), Err(NodeSpecError::BadHost { .. })));
        assert!(matches!(NodeAddress::parse("u@[zz]:22", None), Err(NodeSpecError::BadHost { .. })));
    }

    #[test]
    fn same_machine_ignores_user() {
        let a = NodeAddress::parse("a@H.example:22", None).unwrap();
        let b = NodeAddress::parse("b@h.example", None).unwrap();
        assert!(a.same_machine(&b));
    }

    #[test]
    fn rates_must_be_positive_and_finite() {
        assert_eq!(parse_rate("2.50").unwrap(), 2.5);
        for bad in ["0", "-1", "abc", "NaN", "inf", ""] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
        assert_eq!(rate_cents(4.2), 420);
        assert_eq!(rate_cents(2.5), 250);
    }

    #[test]
    fn opts_reject_newlines() {
        assert!(check_opts("-o ServerAliveInterval=30").is_ok());
        assert!(check_opts("a\nb").is_err());
    }
}
