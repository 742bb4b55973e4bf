//! Who the miner is and what it signs with: Bittensor wallet files, SS58 addresses, the
//! protocol's sr25519 payloads, and the miner's own SSH key files.

pub mod signing;
pub mod ss58;
pub mod sshkey;
pub mod wallet;
