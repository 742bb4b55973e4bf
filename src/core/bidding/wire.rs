//! The signed `MinerRegistration` requests and the checks on what a validator answers
//! (docs/protocol.md, section 2). Signatures are sr25519 by the miner hotkey over the raw
//! UTF-8 payload; timestamps are Unix seconds.

use crate::core::identity::signing::sign_raw;
use crate::core::identity::wallet::Keypair;
use crate::core::nodes::authorized_keys::PublicKey;
use crate::proto::basilca::miner::v1 as pb;

use super::offer::Advertised;
pub use super::text::printable;

/// Longest validator key line accepted (an RSA-16384 line is about 2.8 KiB).
pub const MAX_KEY_BYTES: usize = 8 * 1024;
/// Longest registration id stored.
pub const MAX_REGISTRATION_ID: usize = 256;
/// Heartbeat periods accepted from a validator; others are clamped into this range.
pub const MIN_HEARTBEAT_SECS: u64 = 1;
/// The longest heartbeat period accepted.
pub const MAX_HEARTBEAT_SECS: u64 = 3600;
/// Used when a validator answers 0.
pub const DEFAULT_HEARTBEAT_SECS: u64 = 60;

/// What RegisterBid signs: `{hotkey}|{timestamp}`.
pub fn register_payload(hotkey: &str, timestamp: i64) -> String {
    format!("{hotkey}|{timestamp}")
}

/// What UpdateBid signs: `{hotkey}|{host}|{cents}|{timestamp}`.
pub fn update_payload(hotkey: &str, host: &str, hourly_rate_cents: u32, timestamp: i64) -> String {
    format!("{hotkey}|{host}|{hourly_rate_cents}|{timestamp}")
}

/// RemoveBid and HealthCheck; an empty list signs `{hotkey}||{timestamp}`.
pub fn hosts_payload(hotkey: &str, hosts: &[String], timestamp: i64) -> String {
    format!("{hotkey}|{}|{timestamp}", hosts.join(","))
}

/// A node as RegisterBid carries it.
pub fn node_registration(a: &Advertised) -> pb::NodeRegistration {
    pb::NodeRegistration {
        host: a.host.clone(),
        port: u32::from(a.port),
        username: a.username.clone(),
        gpu_category: a.gpu_category.as_str().to_string(),
        gpu_count: a.gpu_count,
        hourly_rate_cents: a.hourly_rate_cents,
        attestation: Vec::new(),
        extra_mount_path: a.extra_mount_path.clone().unwrap_or_default(),
    }
}

/// A signed RegisterBid offering `nodes`.
pub fn register_request(key: &Keypair, nodes: &[Advertised], timestamp: i64) -> pb::RegisterBidRequest {
    pb::RegisterBidRequest {
        miner_hotkey: key.ss58.clone(),
        nodes: nodes.iter().map(node_registration).collect(),
        timestamp,
        signature: sign_raw(key, &register_payload(&key.ss58, timestamp)),
    }
}

/// A signed UpdateBid: `host`'s new price.
pub fn update_request(key: &Keypair, host: &str, hourly_rate_cents: u32, timestamp: i64) -> pb::UpdateBidRequest {
    pb::UpdateBidRequest {
        miner_hotkey: key.ss58.clone(),
        hourly_rate_cents,
        timestamp,
        signature: sign_raw(key, &update_payload(&key.ss58, host, hourly_rate_cents, timestamp)),
        host: host.to_string(),
    }
}

/// A signed RemoveBid withdrawing `hosts`.
pub fn remove_request(key: &Keypair, hosts: &[String], timestamp: i64) -> pb::RemoveBidRequest {
    pb::RemoveBidRequest {
        miner_hotkey: key.ss58.clone(),
        timestamp,
        signature: sign_raw(key, &hosts_payload(&key.ss58, hosts, timestamp)),
        hosts: hosts.to_vec(),
    }
}

/// A signed HealthCheck (heartbeat) for `hosts`.
pub fn health_request(key: &Keypair, hosts: &[String], timestamp: i64) -> pb::HealthCheckRequest {
    pb::HealthCheckRequest {
        miner_hotkey: key.ss58.clone(),
        timestamp,
        signature: sign_raw(key, &hosts_payload(&key.ss58, hosts, timestamp)),
        hosts: hosts.to_vec(),
    }
}

/// Why a validator's key is not installed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyRefused {
    /// The answer carried no key.
    #[error("the validator returned no SSH key")]
    Empty,
    /// The key is longer than allowed.
    #[error("the key is {0} bytes; at most {MAX_KEY_BYTES} are accepted")]
    TooLong(usize),
    /// The key spans lines.
    #[error("the key spans more than one line")]
    Newline,
    /// Not an accepted OpenSSH public key; why.
    #[error("{0}")]
    Invalid(String),
}

/// Accepts exactly one OpenSSH public key line of an allowed type, without options or line
/// breaks, of bounded size. Its comment is dropped (the line is tagged with the validator).
pub fn accept_key(text: &str) -> Result<PublicKey, KeyRefused> {
    if text.len() > MAX_KEY_BYTES {
        return Err(KeyRefused::TooLong(text.len()));
    }
    if text.contains(['\n', '\r']) {
        return Err(KeyRefused::Newline);
    }
    if text.trim().is_empty() {
        return Err(KeyRefused::Empty);
    }
    PublicKey::parse(text).map_err(|e| KeyRefused::Invalid(e.to_string()))
}

/// A heartbeat period from `health_check_interval_secs`, clamped to a sane range.
pub fn heartbeat_secs(answered: u32) -> u64 {
    match u64::from(answered) {
        0 => DEFAULT_HEARTBEAT_SECS,
        s => s.clamp(MIN_HEARTBEAT_SECS, MAX_HEARTBEAT_SECS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::identity::signing::verify_raw;
    use crate::core::nodes::gpu::Category;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl validator@example";

    #[test]
    fn payloads_are_exact() {
        assert_eq!(register_payload("5M", 7), "5M|7");
        assert_eq!(update_payload("5M", "10.0.0.1", 250, 7), "5M|10.0.0.1|250|7");
        assert_eq!(hosts_payload("5M", &["a".into(), "b".into()], 7), "5M|a,b|7");
        assert_eq!(hosts_payload("5M", &[], 7), "5M||7");
    }

    #[test]
    fn requests_are_signed_raw_over_their_payloads() {
        let k = Keypair::from_uri("//Miner").unwrap();
        let node = Advertised {
            node_id: uuid::Uuid::nil(),
            host: "127.0.0.11".into(),
            port: 22,
            username: "gpu".into(),
            gpu_category: Category::data_centre("H100").unwrap(),
            gpu_count: 8,
            hourly_rate_cents: 250,
            extra_mount_path: None,
        };
        let r = register_request(&k, &[node], 1_700_000_000);
        assert_eq!(r.signature.len(), 64);
        verify_raw(&k.ss58, &format!("{}|1700000000", k.ss58), &r.signature).unwrap();
        assert_eq!(
            (r.nodes[0].gpu_category.as_str(), r.nodes[0].gpu_count, r.nodes[0].hourly_rate_cents, r.nodes[0].port),
            ("H100", 8, 250, 22)
        );
        assert!(verify_raw(&k.ss58, &format!("<Bytes>{}|1700000000</Bytes>", k.ss58), &r.signature).is_err());
        let u = update_request(&k, "127.0.0.11", 300, 5);
        verify_raw(&k.ss58, &format!("{}|127.0.0.11|300|5", k.ss58), &u.signature).unwrap();
        let h = health_request(&k, &[], 5);
        verify_raw(&k.ss58, &format!("{}||5", k.ss58), &h.signature).unwrap();
        let rm = remove_request(&k, &["a".into(), "b".into()], 5);
        verify_raw(&k.ss58, &format!("{}|a,b|5", k.ss58), &rm.signature).unwrap();
    }

    #[test]
    fn only_one_plain_key_line_is_accepted() {
        assert!(accept_key(KEY).is_ok());
        assert_eq!(accept_key(""), Err(KeyRefused::Empty));
        assert_eq!(accept_key(&format!("{KEY}\n")), Err(KeyRefused::Newline));
        assert_eq!(accept_key(&format!("{KEY}\nssh-ed25519 AAAA x")), Err(KeyRefused::Newline));
        assert!(matches!(accept_key(&format!("command=\"sh\" {KEY}")), Err(KeyRefused::Invalid(_))));
        assert!(matches!(accept_key(&"A".repeat(MAX_KEY_BYTES + 1)), Err(KeyRefused::TooLong(_))));
        assert!(matches!(accept_key("ssh-dss AAAAB3NzaC1kc3M x"), Err(KeyRefused::Invalid(_))));
    }

    #[test]
    fn heartbeat_periods_are_clamped() {
        assert_eq!(heartbeat_secs(0), DEFAULT_HEARTBEAT_SECS);
        assert_eq!(heartbeat_secs(2), 2);
        assert_eq!(heartbeat_secs(1_000_000), MAX_HEARTBEAT_SECS);
    }
}
