//! The signed payloads of the validator protocol (docs/protocol.md, section 1) and sr25519
//! signing/verification over their exact UTF-8 bytes, hex-encoded without `0x` (generation 1)
//! or as raw bytes (generation 2, see `core::bidding::wire`).

use sp_core::crypto::Pair as _;
use sp_core::sr25519;

use crate::core::identity::ss58;
use crate::core::identity::wallet::Keypair;

/// Signed by a validator in `AuthenticateValidator`.
pub fn auth_payload(nonce: &str, target_miner_hotkey: &str, timestamp_secs: i64) -> String {
    format!("BASILICA_AUTH_V1:{nonce}:{target_miner_hotkey}:{timestamp_secs}")
}

/// Signed by a validator in `DiscoverNodes`.
pub fn discover_payload(validator_hotkey: &str, nonce: &str, timestamp_secs: i64) -> String {
    format!("BASILICA_DISCOVER_V1:{validator_hotkey}:{nonce}:{timestamp_secs}")
}

/// Signed by the miner in its `MinerAuthResponse`.
pub fn miner_response_payload(validator_hotkey: &str, response_nonce: &str, session_token: &str) -> String {
    format!("MINER_AUTH_RESPONSE:{validator_hotkey}:{response_nonce}:{session_token}")
}

/// Lowercase hex of an sr25519 signature (context `substrate`) over `payload`.
pub fn sign_hex(key: &Keypair, payload: &str) -> String {
    hex::encode(key.pair.sign(payload.as_bytes()).0)
}

/// The 64 raw bytes of an sr25519 signature over the exact UTF-8 of `payload` (generation 2:
/// no hex, no `<Bytes>` wrapper).
pub fn sign_raw(key: &Keypair, payload: &str) -> Vec<u8> {
    key.pair.sign(payload.as_bytes()).0.to_vec()
}

/// Verifies 64 raw signature bytes by `hotkey` over `payload`.
pub fn verify_raw(hotkey: &str, payload: &str, signature: &[u8]) -> Result<(), SignatureError> {
    verify_hex(hotkey, payload, &hex::encode(signature))
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The hotkey is not an SS58 address.
    #[error(transparent)]
    Hotkey(#[from] ss58::Ss58Error),
    /// The signature is not 64 bytes of hex.
    #[error("signature is not 64 bytes of hex")]
    Encoding,
    /// The signature does not verify.
    #[error("signature does not verify for this hotkey and payload")]
    Invalid,
}

/// Verifies a hex signature (an optional `0x` is accepted) by `hotkey` over `payload`.
pub fn verify_hex(hotkey: &str, payload: &str, signature_hex: &str) -> Result<(), SignatureError> {
    let account = ss58::parse(hotkey)?;
    let raw = hex::decode(signature_hex.trim().trim_start_matches("0x")).map_err(|_| SignatureError::Encoding)?;
    let bytes: [u8; 64] = raw.as_slice().try_into().map_err(|_| SignatureError::Encoding)?;
    let public = sr25519::Public::from_raw(*account.as_ref());
    if sr25519::Pair::verify(&sr25519::Signature::from_raw(bytes), payload.as_bytes(), &public) {
        Ok(())
    } else {
        Err(SignatureError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_strings_are_exact() {
        assert_eq!(auth_payload("n", "5M", 7), "BASILICA_AUTH_V1:n:5M:7");
        assert_eq!(discover_payload("5V", "n", 7), "BASILICA_DISCOVER_V1:5V:n:7");
        assert_eq!(miner_response_payload("5V", "r", "t"), "MINER_AUTH_RESPONSE:5V:r:t");
    }

    #[test]
    fn sign_verify_roundtrip_and_rejections() {
        let alice = Keypair::from_uri("//Alice").unwrap();
        let bob = Keypair::from_uri("//Bob").unwrap();
        let payload = auth_payload("abc", &bob.ss58, 1_700_000_000);
        let sig = sign_hex(&alice, &payload);
        assert_eq!(sig.len(), 128);
        assert_ne!(sig, sign_hex(&alice, &payload), "sr25519 signatures are randomised");
        verify_hex(&alice.ss58, &payload, &sig).unwrap();
        verify_hex(&alice.ss58, &payload, &format!("0x{sig}")).unwrap();
        assert_eq!(verify_hex(&bob.ss58, &payload, &sig), Err(SignatureError::Invalid));
        assert_eq!(verify_hex(&alice.ss58, &format!("{payload}x"), &sig), Err(SignatureError::Invalid));
        assert_eq!(verify_hex(&alice.ss58, &payload, "zz"), Err(SignatureError::Encoding));
        assert!(matches!(verify_hex("5bad", &payload, &sig), Err(SignatureError::Hotkey(_))));
    }
}
