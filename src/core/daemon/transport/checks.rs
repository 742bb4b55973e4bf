//! Request checks shared by both RPCs: target hotkey, SS58, fresh timestamp, nonce shape and
//! the sr25519 signature over the exact payload. Nonce replay and permits are checked by the
//! service against the store and the metagraph.

use crate::core::identity::{signing, ss58};

/// Why a request was refused: a stable code for the validator's logs and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The gRPC error code sent back.
    pub code: &'static str,
    /// The message sent back.
    pub message: String,
}

impl Rejection {
    /// A refusal with `code` and `message`.
    pub fn new(code: &'static str, message: impl Into<String>) -> Rejection {
        Rejection { code, message: message.into() }
    }
}

/// Largest nonce accepted (UUIDs are 36 characters).
const MAX_NONCE_LEN: usize = 128;

/// Checks a generation-1 request's target, freshness and signature.
pub struct Verifier {
    /// The miner's hotkey: requests must name it.
    pub miner_hotkey: String,
    /// Whether signatures are checked.
    pub verify_signatures: bool,
    /// Accepted clock difference in seconds (±).
    pub window_secs: i64,
}

impl Verifier {
    /// The request must be meant for this miner (stops relays).
    pub fn check_target(&self, target: &str) -> Result<(), Rejection> {
        if target == self.miner_hotkey {
            Ok(())
        } else {
            Err(Rejection::new(
                "WRONG_TARGET",
                format!("target_miner_hotkey `{}` is not this miner ({})", cut(target), self.miner_hotkey),
            ))
        }
    }

    /// SS58, timestamp window, nonce shape and signature.
    pub fn check_signed(
        &self,
        hotkey: &str,
        nonce: &str,
        timestamp: Option<i64>,
        signature: &str,
        payload: impl FnOnce(i64) -> String,
        now: i64,
    ) -> Result<(), Rejection> {
        ss58::parse(hotkey).map_err(|e| Rejection::new("INVALID_HOTKEY", e.to_string()))?;
        let ts = timestamp.ok_or_else(|| Rejection::new("MISSING_TIMESTAMP", "timestamp is required"))?;
        if (now - ts).abs() > self.window_secs {
            return Err(Rejection::new(
                "STALE_TIMESTAMP",
                format!(
                    "timestamp {ts} is {} s from the miner's clock; the window is ±{} s",
                    now - ts,
                    self.window_secs
                ),
            ));
        }
        if nonce.is_empty() || nonce.len() > MAX_NONCE_LEN || nonce.chars().any(|c| c.is_control() || c == ':') {
            return Err(Rejection::new("INVALID_NONCE", "nonce must be a UUID string"));
        }
        if self.verify_signatures {
            signing::verify_hex(hotkey, &payload(ts), signature)
                .map_err(|e| Rejection::new("INVALID_SIGNATURE", e.to_string()))?;
        }
        Ok(())
    }
}

/// At most 64 characters of untrusted text, for messages and logs.
pub(crate) fn cut(s: &str) -> String {
    s.chars().take(64).collect()
}

#[cfg(test)]
mod codes {
    use crate::core::daemon::metrics::names::REFUSAL_CODES;

    #[test]
    fn every_refusal_code_in_the_daemon_is_listed() {
        for (file, text) in [("checks.rs", include_str!("checks.rs")), ("mod.rs", include_str!("mod.rs"))] {
            for part in text.split("Rejection::new(").skip(1) {
                let Some(code) = part.trim_start().strip_prefix('"').and_then(|p| p.split('"').next()) else {
                    continue;
                };
                if code.is_empty() || !code.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                    continue;
                }
                assert!(REFUSAL_CODES.contains(&code), "{file}: refusal code {code} is not in REFUSAL_CODES");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::identity::wallet::Keypair;

    fn verifier() -> Verifier {
        Verifier { miner_hotkey: Keypair::from_uri("//Miner").unwrap().ss58, verify_signatures: true, window_secs: 300 }
    }

    #[test]
    fn a_good_request_passes_and_each_fault_has_its_code() {
        let v = verifier();
        let val = Keypair::from_uri("//Validator").unwrap();
        let nonce = "0d5a7c5e-5d0b-4a53-9b8b-6f1c2a3b4c5d";
        let payload = |ts: i64| signing::auth_payload(nonce, &v.miner_hotkey, ts);
        let sig = signing::sign_hex(&val, &payload(1000));
        assert!(v.check_signed(&val.ss58, nonce, Some(1000), &sig, payload, 1100).is_ok());
        let code = |r: Result<(), Rejection>| r.unwrap_err().code;
        assert_eq!(code(v.check_signed(&val.ss58, nonce, None, &sig, payload, 1000)), "MISSING_TIMESTAMP");
        assert_eq!(code(v.check_signed(&val.ss58, nonce, Some(1000), &sig, payload, 1301)), "STALE_TIMESTAMP");
        assert_eq!(code(v.check_signed(&val.ss58, nonce, Some(1000), &sig, payload, 699)), "STALE_TIMESTAMP");
        assert_eq!(code(v.check_signed("5Bad", nonce, Some(1000), &sig, payload, 1000)), "INVALID_HOTKEY");
        assert_eq!(code(v.check_signed(&val.ss58, "", Some(1000), &sig, payload, 1000)), "INVALID_NONCE");
        let other = Keypair::from_uri("//Other").unwrap();
        assert_eq!(code(v.check_signed(&other.ss58, nonce, Some(1000), &sig, payload, 1000)), "INVALID_SIGNATURE");
        assert_eq!(code(v.check_target(&other.ss58)), "WRONG_TARGET");
        assert!(v.check_target(&v.miner_hotkey).is_ok());
    }
}
