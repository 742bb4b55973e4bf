//! Nodes a validator refused: which ones a declined RegisterBid was about (named in its error
//! text, or found by splitting the set), what kind of refusal it was, and how long the node
//! stays out before it is offered again.

use serde::{Deserialize, Serialize};

use super::text::printable;

/// How long a refused node stays out unless a reload comes first.
pub const KEEP_OUT_SECS: i64 = 30 * 60;
/// Longest validator reason kept.
pub const MAX_REASON: usize = 200;

/// What kind of refusal the validator's text describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalKind {
    /// The price is under the validator's floor.
    BelowFloor,
    /// Another miner already registered this host.
    HostTaken,
    /// The validator does not rent this category (upstream's rules take only A100, H100,
    /// H200, B200 and B300).
    CategoryRefused,
    /// Anything else the validator objected to.
    Declined,
}

impl RefusalKind {
    /// What the operator can do about it.
    pub fn fix(self) -> &'static str {
        match self {
            RefusalKind::BelowFloor => "raise the node's price (hourly_rate_per_gpu or the category's static price) above the validator's floor",
            RefusalKind::HostTaken => "check that the machine is yours and registered by no other miner; ask the validator to release the host",
            RefusalKind::CategoryRefused => "nothing to do for this validator: it does not rent the category; the rest of the fleet stays registered",
            RefusalKind::Declined => "read the validator's words; the node is offered again after 30 minutes or a reload",
        }
    }

    /// Reads the kind from a validator's error text.
    pub fn of(text: &str) -> RefusalKind {
        let t = text.to_ascii_lowercase();
        if t.contains("floor") {
            RefusalKind::BelowFloor
        } else if t.contains("already registered") || t.contains("another miner") {
            RefusalKind::HostTaken
        } else if (t.contains("gpu type") || t.contains("gpu_category") || t.contains("category"))
            && (t.contains("not supported") || t.contains("unsupported"))
        {
            RefusalKind::CategoryRefused
        } else {
            RefusalKind::Declined
        }
    }
}

/// One node the validator refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedNode {
    /// The node's host.
    pub host: String,
    /// What kind of refusal, read from the validator's words.
    pub kind: RefusalKind,
    /// What to do about it ([`RefusalKind::fix`]); filled when the refusal is made or read.
    #[serde(default)]
    pub fix: String,
    /// The validator's own words, cut and escaped.
    pub reason: String,
    /// The price that was offered, in cents per GPU-hour.
    pub cents: u32,
    /// Unix time of the refusal.
    pub at: i64,
    /// Offered again from then on (or after a reload).
    pub until: i64,
}

impl RefusedNode {
    /// A refusal of `host` at `cents`, kept out for a while from `now`.
    pub fn new(host: &str, cents: u32, validator_text: &str, now: i64) -> RefusedNode {
        RefusedNode {
            host: host.to_string(),
            kind: RefusalKind::of(validator_text),
            fix: RefusalKind::of(validator_text).fix().to_string(),
            reason: printable(validator_text, MAX_REASON),
            cents,
            at: now,
            until: now + KEEP_OUT_SECS,
        }
    }

    /// What an operator reads: the kind in plain words, then the validator's text.
    pub fn explain(&self) -> String {
        match self.kind {
            RefusalKind::BelowFloor => format!(
                "the validator refused the price of {} per GPU-hour as below its price floor: \"{}\"; raise the price",
                super::prices::display(self.cents),
                self.reason
            ),
            RefusalKind::HostTaken => {
                format!("the validator says another miner already registered this host: \"{}\"", self.reason)
            }
            RefusalKind::CategoryRefused => format!(
                "the validator does not rent this node's category: \"{}\"; a validator on upstream's rules takes A100, H100, H200, B200 and B300 only",
                self.reason
            ),
            RefusalKind::Declined => format!("the validator refused this node: \"{}\"", self.reason),
        }
    }
}

/// The advertised hosts a validator's error text names, as whole tokens (an IP inside a
/// longer address does not count).
pub fn hosts_named<'a>(text: &str, hosts: &'a [String]) -> Vec<&'a str> {
    let tokens: Vec<&str> =
        text.split(|c: char| !(c.is_ascii_hexdigit() || c == '.' || c == ':' || c == '[' || c == ']')).collect();
    let clean = |t: &str| t.trim_matches(|c| c == '[' || c == ']' || c == '.' || c == ':').to_string();
    hosts.iter().filter(|h| tokens.iter().any(|t| clean(t) == h.as_str())).map(String::as_str).collect()
}

/// The categories a validator's error text names in quotes (`GPU type 'RTX_5090' is not
/// supported`), among `categories`.
pub fn categories_named<'a>(text: &str, categories: &'a [String]) -> Vec<&'a str> {
    let quoted: Vec<&str> = text.split(['\'', '"', '`']).skip(1).step_by(2).collect();
    categories.iter().filter(|c| quoted.iter().any(|q| q.trim().eq_ignore_ascii_case(c))).map(String::as_str).collect()
}

/// Extra RegisterBid calls allowed to find the refused nodes of a set of `n`: about 2·log2(n).
pub fn search_budget(n: usize) -> usize {
    let log = usize::BITS as usize - n.max(1).leading_zeros() as usize;
    2 * log + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_named_hosts_are_read_from_the_text() {
        let hosts: Vec<String> = ["10.0.0.1", "10.0.0.11", "2001:db8::1"].iter().map(|s| (*s).to_string()).collect();
        assert_eq!(hosts_named("node 10.0.0.11 is already registered by another miner", &hosts), vec!["10.0.0.11"]);
        assert_eq!(hosts_named("host [2001:db8::1]: bad extra_mount_path", &hosts), vec!["2001:db8::1"]);
        assert!(hosts_named("price below floor", &hosts).is_empty());
        assert_eq!(RefusalKind::of("hourly_rate_cents 10 below minimum floor 25"), RefusalKind::BelowFloor);
        assert_eq!(RefusalKind::of("Node 1.2.3.4 already registered by another miner"), RefusalKind::HostTaken);
        assert_eq!(RefusalKind::of("unsupported gpu_category RTX_5090"), RefusalKind::CategoryRefused);
        assert_eq!(RefusalKind::of("GPU type 'RTX_5090' is not supported"), RefusalKind::CategoryRefused);
        assert_eq!(RefusalKind::of("invalid extra_mount_path"), RefusalKind::Declined);
        let cats: Vec<String> = ["H100", "RTX_5090", "CPU_STANDARD"].iter().map(|s| (*s).to_string()).collect();
        assert_eq!(categories_named("GPU type 'RTX_5090' is not supported", &cats), vec!["RTX_5090"]);
        assert!(categories_named("GPU type RTX_5090 is not supported", &cats).is_empty(), "only quoted names");
        assert!(RefusedNode::new("h", 10, "below floor\nx", 0).explain().contains("below its price floor"));
        assert_eq!(RefusedNode::new("h", 10, &"x".repeat(1000), 0).reason.chars().count(), MAX_REASON + 1);
    }

    #[test]
    fn the_search_is_bounded_by_about_two_log2_n() {
        assert_eq!(search_budget(1), 3);
        assert_eq!(search_budget(5), 7);
        assert_eq!(search_budget(50), 13);
        assert_eq!(search_budget(500), 19);
    }
}
