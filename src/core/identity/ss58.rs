//! SS58 addresses (Bittensor hotkeys and coldkeys): parsing with checksum verification.

use sp_core::crypto::{AccountId32, Ss58AddressFormat, Ss58Codec};

/// The SS58 prefix Bittensor uses for its addresses ("substrate" generic, 42).
pub const BITTENSOR_SS58_PREFIX: u16 = 42;

/// Why a string is not a usable Bittensor SS58 address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Ss58Error {
    /// Not SS58: characters, length or checksum.
    #[error("`{0}` is not a valid SS58 address (bad characters, length or checksum)")]
    Malformed(String),
    /// SS58 with another network's prefix.
    #[error("`{address}` uses SS58 prefix {prefix}; Bittensor addresses use prefix 42 (they start with 5)")]
    WrongPrefix {
        /// The address.
        address: String,
        /// Its prefix.
        prefix: u16,
    },
}

/// Parses an SS58 address, verifying its checksum and the Bittensor prefix (42).
pub fn parse(address: &str) -> Result<AccountId32, Ss58Error> {
    let (account, format) =
        AccountId32::from_ss58check_with_version(address).map_err(|_| Ss58Error::Malformed(address.to_string()))?;
    let prefix: u16 = format.into();
    if prefix != BITTENSOR_SS58_PREFIX {
        return Err(Ss58Error::WrongPrefix { address: address.to_string(), prefix });
    }
    Ok(account)
}

/// Encodes a 32-byte public key as a Bittensor SS58 address.
pub fn encode(public: &[u8; 32]) -> String {
    AccountId32::from(*public).to_ss58check_with_version(Ss58AddressFormat::custom(BITTENSOR_SS58_PREFIX))
}

#[cfg(test)]
mod tests {
    use super::*;

    // //Alice's public key, a fixed well-known test vector.
    const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    #[test]
    fn accepts_a_valid_address_and_roundtrips() {
        let acc = parse(ALICE).unwrap();
        let bytes: [u8; 32] = *acc.as_ref();
        assert_eq!(encode(&bytes), ALICE);
    }

    #[test]
    fn rejects_a_bad_checksum() {
        let mut bad = ALICE.to_string();
        bad.replace_range(47..48, "Z");
        assert!(matches!(parse(&bad), Err(Ss58Error::Malformed(_))));
    }

    #[test]
    fn rejects_garbage_and_other_prefixes() {
        assert!(parse("validator").is_err());
        assert!(parse("").is_err());
        // Alice on Polkadot (prefix 0).
        let polkadot = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";
        assert!(matches!(parse(polkadot), Err(Ss58Error::WrongPrefix { prefix: 0, .. })));
    }
}
