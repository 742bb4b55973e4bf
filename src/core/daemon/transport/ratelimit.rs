//! Per-network rate limiting with `governor`'s keyed limiter: IPv4 peers are keyed by their
//! /32 and IPv6 peers by their /64 (both configurable), so a host that owns a whole IPv6
//! subnet gets one budget, not one per address. The key table is bounded: idle keys are
//! dropped, and when it is still full new networks are refused rather than remembered.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota};

use crate::core::daemon::state::peers::{PeerNetwork, Prefixes};

/// Most networks remembered at once (about 100 bytes each).
pub const MAX_TRACKED: usize = 100_000;

/// A token bucket per peer network, bounded in the networks it tracks.
pub struct RateLimiter {
    limiter: DefaultKeyedRateLimiter<PeerNetwork>,
    prefixes: Prefixes,
}

impl RateLimiter {
    /// `rate` requests per second sustained, `burst` at once, per network.
    pub fn new(rate: u32, burst: u32, prefixes: Prefixes) -> RateLimiter {
        let quota = Quota::per_second(NonZeroU32::new(rate).unwrap_or(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        RateLimiter { limiter: DefaultKeyedRateLimiter::keyed(quota), prefixes }
    }

    /// How peers are grouped.
    pub fn prefixes(&self) -> Prefixes {
        self.prefixes
    }

    /// Takes one request from `peer`'s network budget; false when it is spent.
    pub fn allow(&self, peer: IpAddr) -> bool {
        let key = self.prefixes.network_of(peer);
        if self.limiter.len() >= MAX_TRACKED {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
            if self.limiter.len() >= MAX_TRACKED {
                // Every remembered network is busy: refuse rather than grow (fail closed).
                return false;
            }
        }
        self.limiter.check_key(&key).is_ok()
    }

    /// Networks currently remembered.
    pub fn tracked(&self) -> usize {
        self.limiter.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn one_flooding_peer_does_not_starve_another() {
        let rl = RateLimiter::new(2, 3, Prefixes::default());
        let allowed = (0..50).filter(|_| rl.allow(ip("10.0.0.1"))).count();
        assert_eq!(allowed, 3);
        assert!(rl.allow(ip("10.0.0.2")));
    }

    #[test]
    fn ipv6_peers_share_their_slash_64() {
        let rl = RateLimiter::new(1, 5, Prefixes::default());
        let spent = (0..100).filter(|i| rl.allow(ip(&format!("fd00:39:0:1::{:x}", i + 1)))).count();
        assert_eq!(spent, 5, "a hundred addresses of one /64 share one budget");
        assert!(!rl.allow(ip("fd00:39:0:1::ffff")));
        assert!(rl.allow(ip("fd00:39:0:2::1")), "the next /64 has its own");
    }

    #[test]
    fn networks_print_as_prefixes() {
        let p = Prefixes { v4: 24, v6: 48 };
        assert_eq!(p.network_of(ip("203.0.113.77")).to_string(), "203.0.113.0/24");
        assert_eq!(p.network_of(ip("2001:db8:1:2:3::4")).to_string(), "2001:db8:1::/48");
        assert_eq!(Prefixes::default().network_of(ip("::ffff:10.1.2.3")).to_string(), "10.1.2.3/32");
    }

    #[test]
    fn the_key_table_stays_bounded() {
        let rl = RateLimiter::new(1000, 1000, Prefixes::default());
        for i in 0..(MAX_TRACKED as u32 + 500) {
            rl.allow(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i)));
        }
        assert!(rl.tracked() <= MAX_TRACKED, "{}", rl.tracked());
    }
}
