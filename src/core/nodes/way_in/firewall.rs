//! The node's own firewall, read as its user can (`ufw status verbose`, else `iptables -S`,
//! else `nft list ruleset`; `sudo -n` never prompts): does it admit only SSH, or only some
//! addresses, so that a validator fetching a published port from its own address is turned
//! away while the miner's fetch passes?

use crate::core::nodes::fleet::Code;
use crate::core::nodes::inspect::CheckName;
use crate::core::nodes::inspect::{Check, CheckStatus};

/// The script section that prints the rule set (at most 400 lines).
pub const PROBE_SECTION: &str = r#"echo "@@firewall"; { if command -v ufw >/dev/null 2>&1; then echo "tool ufw"; ufw status verbose 2>/dev/null || sudo -n ufw status verbose 2>/dev/null; elif command -v iptables >/dev/null 2>&1; then echo "tool iptables"; iptables -S 2>/dev/null || sudo -n iptables -S 2>/dev/null; elif command -v nft >/dev/null 2>&1; then echo "tool nft"; nft list ruleset 2>/dev/null || sudo -n nft list ruleset 2>/dev/null; fi; } | head -n 400
"#;

/// What the rule set admits from outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admits {
    /// No rule set could be read, or none is active.
    Unknown(String),
    /// Connections from anywhere to more than SSH.
    More(String),
    /// Only SSH (port 22) from anywhere.
    OnlySsh(String),
    /// Only the addresses listed.
    OnlyFrom(String, Vec<String>),
}

/// Reads the `firewall` section.
pub fn read(section: &str) -> Admits {
    let mut lines = section.lines();
    let tool = lines.next().and_then(|l| l.strip_prefix("tool ")).map(str::trim).unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    match tool {
        "ufw" => ufw(&rest),
        "iptables" => iptables(&rest),
        "nft" => nft(&rest),
        _ => Admits::Unknown("no ufw, iptables or nft on the node".into()),
    }
}

fn is_ssh_port(target: &str) -> bool {
    let t = target.trim().trim_end_matches(" (v6)");
    matches!(t, "22" | "22/tcp" | "OpenSSH" | "ssh")
}

fn ufw(lines: &[&str]) -> Admits {
    let tool = "ufw".to_string();
    if !lines.iter().any(|l| l.trim() == "Status: active") {
        return if lines.iter().any(|l| l.trim() == "Status: inactive") {
            Admits::More("ufw is inactive".into())
        } else {
            Admits::Unknown("ufw status needs root (sudo -n was refused)".into())
        };
    }
    let denies = lines
        .iter()
        .any(|l| l.starts_with("Default:") && (l.contains("deny (incoming)") || l.contains("reject (incoming)")));
    if !denies {
        return Admits::More("ufw admits incoming connections by default".into());
    }
    // Rule lines: `To   Action   From` with columns of two or more spaces.
    let mut targets = Vec::new();
    let mut sources = Vec::new();
    for l in lines {
        let cols: Vec<&str> = l.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
        if cols.len() >= 3 && (cols[1].starts_with("ALLOW IN") || cols[1] == "ALLOW" || cols[1].starts_with("LIMIT")) {
            targets.push(cols[0].to_string());
            sources.push(cols[2].trim_end_matches(" (v6)").to_string());
        }
    }
    judge(tool, &targets, &sources, is_ssh_port, |s| s == "Anywhere")
}

fn iptables(lines: &[&str]) -> Admits {
    let tool = "iptables".to_string();
    if lines.is_empty() {
        return Admits::Unknown("iptables -S needs root (sudo -n was refused)".into());
    }
    let drops =
        lines.iter().any(|l| *l == "-P INPUT DROP" || *l == "-A INPUT -j DROP" || l.starts_with("-A INPUT -j REJECT"));
    if !drops {
        return Admits::More("iptables INPUT admits connections by default".into());
    }
    if lines.iter().any(|l| l.starts_with("-N DOCKER") && !l.starts_with("-N DOCKER-USER"))
        && !lines.iter().any(|l| l.starts_with("-A DOCKER-USER") && (l.ends_with("-j DROP") || l.contains("-j REJECT")))
    {
        return Admits::More("Docker's own iptables rules forward its published ports past INPUT".into());
    }
    let accepts: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("-A INPUT") && l.ends_with("-j ACCEPT"))
        .filter(|l| !l.contains("-i lo") && !l.contains("ESTABLISHED") && !l.contains("-p icmp"))
        .collect();
    let targets: Vec<String> = accepts.iter().map(|l| word_after(l, "--dport").unwrap_or("any").to_string()).collect();
    let sources: Vec<String> = accepts.iter().map(|l| word_after(l, "-s").unwrap_or("Anywhere").to_string()).collect();
    judge(tool, &targets, &sources, |t| t == "22", |s| s == "Anywhere" || s == "0.0.0.0/0")
}

fn nft(lines: &[&str]) -> Admits {
    let tool = "nft".to_string();
    if lines.is_empty() {
        return Admits::Unknown("nft list ruleset needs root (sudo -n was refused)".into());
    }
    let drops = lines.iter().any(|l| l.contains("hook input") && l.contains("policy drop"));
    if !drops {
        return Admits::More("no nft input chain drops by default".into());
    }
    let accepts: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| {
            l.ends_with("accept")
                && !l.contains("established")
                && !l.contains("iif \"lo\"")
                && !l.contains("iifname \"lo\"")
        })
        .collect();
    let targets: Vec<String> = accepts.iter().map(|l| word_after(l, "dport").unwrap_or("any").to_string()).collect();
    let sources: Vec<String> =
        accepts.iter().map(|l| word_after(l, "saddr").unwrap_or("Anywhere").to_string()).collect();
    judge(tool, &targets, &sources, |t| t == "22" || t == "ssh", |s| s == "Anywhere")
}

fn word_after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let mut words = line.split_whitespace();
    words.find(|w| *w == key)?;
    words.next()
}

/// Admits only SSH when every admitted target is SSH; only some addresses when every rule names
/// a source.
fn judge(
    tool: String,
    targets: &[String],
    sources: &[String],
    ssh: impl Fn(&str) -> bool,
    anywhere: impl Fn(&str) -> bool,
) -> Admits {
    if !sources.is_empty() && sources.iter().all(|s| !anywhere(s)) {
        let mut from: Vec<String> = sources.to_vec();
        from.sort();
        from.dedup();
        return Admits::OnlyFrom(tool, from);
    }
    let open: Vec<&String> = targets.iter().zip(sources).filter(|(_, s)| anywhere(s)).map(|(t, _)| t).collect();
    if open.iter().all(|t| ssh(t)) {
        return Admits::OnlySsh(tool);
    }
    Admits::More(format!("{tool} admits more than SSH"))
}

/// The firewall check of a full validation.
pub fn check(section: &str) -> Check {
    const NAME: CheckName = CheckName::Firewall;
    match read(section) {
        Admits::Unknown(why) => Check::skip(NAME, &format!("could not read the node's firewall: {why}")),
        Admits::More(what) => Check::pass(NAME, what),
        Admits::OnlySsh(tool) => Check::problem(
            NAME,
            CheckStatus::Warn,
            Code::PortClosedToValidators,
            format!("{tool} admits only SSH (port 22) from outside: validators fetch a file from a random published port from their own address, which this miner's fetch cannot show"),
        ),
        Admits::OnlyFrom(tool, from) => Check::problem(
            NAME,
            CheckStatus::Warn,
            Code::PortClosedToValidators,
            format!("{tool} admits connections only from {}: validators come from their own addresses, for SSH and for the published port", from.join(", ")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UFW_SSH_ONLY: &str = "tool ufw\nStatus: active\nLogging: on (low)\nDefault: deny (incoming), allow (outgoing), disabled (routed)\nNew profiles: skip\n\nTo                         Action      From\n--                         ------      ----\n22/tcp                     ALLOW IN    Anywhere\n22/tcp (v6)                ALLOW IN    Anywhere (v6)\n";

    #[test]
    fn ufw_admitting_only_ssh_or_one_address_is_told_apart_from_an_open_one() {
        assert_eq!(read(UFW_SSH_ONLY), Admits::OnlySsh("ufw".into()));
        let miner_only = UFW_SSH_ONLY
            .replace(
                "22/tcp                     ALLOW IN    Anywhere\n",
                "Anywhere                   ALLOW IN    203.0.113.7\n",
            )
            .replace("22/tcp (v6)                ALLOW IN    Anywhere (v6)\n", "");
        assert_eq!(read(&miner_only), Admits::OnlyFrom("ufw".into(), vec!["203.0.113.7".into()]));
        let open = format!("{UFW_SSH_ONLY}32768:60999/tcp             ALLOW IN    Anywhere\n");
        assert!(matches!(read(&open), Admits::More(_)));
        assert!(matches!(read("tool ufw\nStatus: inactive\n"), Admits::More(_)));
        assert!(matches!(read("tool ufw\n"), Admits::Unknown(_)));
        assert_eq!(check(UFW_SSH_ONLY).code, Some(Code::PortClosedToValidators));
    }

    #[test]
    fn iptables_input_drop_with_only_ssh_warns_unless_docker_forwards_its_ports() {
        let ssh_only = "tool iptables\n-P INPUT DROP\n-P FORWARD ACCEPT\n-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n";
        assert_eq!(read(ssh_only), Admits::OnlySsh("iptables".into()));
        let with_docker = format!("{ssh_only}-N DOCKER\n-N DOCKER-USER\n-A DOCKER-USER -j RETURN\n");
        assert!(matches!(read(&with_docker), Admits::More(_)));
        let from = "tool iptables\n-P INPUT DROP\n-A INPUT -s 198.51.100.4/32 -p tcp -m tcp --dport 22 -j ACCEPT\n";
        assert_eq!(read(from), Admits::OnlyFrom("iptables".into(), vec!["198.51.100.4/32".into()]));
        assert!(matches!(read("tool iptables\n-P INPUT ACCEPT\n"), Admits::More(_)));
    }

    #[test]
    fn nft_input_policy_drop_with_only_ssh_warns() {
        let ruleset = "tool nft\ntable inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tct state established,related accept\n\t\tiif \"lo\" accept\n\t\ttcp dport 22 accept\n\t}\n}\n";
        assert_eq!(read(ruleset), Admits::OnlySsh("nft".into()));
        assert!(matches!(read("tool nft\ntable inet filter {\n}\n"), Admits::More(_)));
        assert!(matches!(read("nothing"), Admits::Unknown(_)));
    }
}
