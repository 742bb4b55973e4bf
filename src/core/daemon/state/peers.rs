//! How peers are grouped into networks (`[validator_comms.rate_limit] ipv4_prefix` and
//! `ipv6_prefix`): the key of the rate limit and of the refusal log, so a host that owns a
//! whole IPv6 subnet is one peer, not one per address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A peer's network: the address with the host bits cleared, and the prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeerNetwork {
    /// The address with its host bits cleared.
    pub addr: IpAddr,
    /// The prefix length.
    pub prefix: u8,
}

impl std::fmt::Display for PeerNetwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// Prefix lengths for grouping peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefixes {
    /// IPv4 prefix length.
    pub v4: u8,
    /// IPv6 prefix length.
    pub v6: u8,
}

impl Default for Prefixes {
    fn default() -> Self {
        Prefixes { v4: 32, v6: 64 }
    }
}

impl Prefixes {
    /// The network `ip` belongs to. IPv4-mapped IPv6 peers (seen on a dual-stack listener)
    /// count as IPv4.
    pub fn network_of(&self, ip: IpAddr) -> PeerNetwork {
        match ip {
            IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some() => {
                self.network_of(IpAddr::V4(v6.to_ipv4_mapped().unwrap_or(Ipv4Addr::UNSPECIFIED)))
            }
            IpAddr::V4(v4) => {
                let prefix = self.v4.clamp(1, 32);
                let mask = u32::MAX << (32 - u32::from(prefix));
                PeerNetwork { addr: IpAddr::V4(Ipv4Addr::from(u32::from(v4) & mask)), prefix }
            }
            IpAddr::V6(v6) => {
                let prefix = self.v6.clamp(1, 128);
                let mask = u128::MAX << (128 - u32::from(prefix));
                PeerNetwork { addr: IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask)), prefix }
            }
        }
    }
}
