//! Per-peer token buckets: a flood from one address cannot starve the others.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

pub struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// `rate` requests per second sustained, `burst` more at once.
    pub fn new(rate: u32, burst: u32) -> RateLimiter {
        RateLimiter { rate: f64::from(rate.max(1)), burst: f64::from(burst.max(1)), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes a token for `peer`; false when its bucket is empty.
    pub fn allow(&self, peer: IpAddr, now: Instant) -> bool {
        let mut buckets = self.buckets.lock().expect("rate limiter lock");
        if buckets.len() > 100_000 {
            // Forget idle peers rather than grow without bound under a spoofed-source flood.
            buckets.retain(|_, (tokens, at)| *tokens < self.burst || now.duration_since(*at).as_secs() < 60);
        }
        let (tokens, at) = buckets.entry(peer).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * self.rate).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn one_flooding_peer_does_not_starve_another() {
        let rl = RateLimiter::new(2, 3);
        let t = Instant::now();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let allowed = (0..50).filter(|_| rl.allow(a, t)).count();
        assert_eq!(allowed, 3);
        assert!(rl.allow(b, t));
        assert!(rl.allow(a, t + Duration::from_millis(600)), "refills at the sustained rate");
    }
}
