//! How many SSH handshakes the engine runs at once: additive increase while connections are
//! accepted, halved when a server drops them before the key exchange (sshd's `MaxStartups`
//! answering `kex_exchange_identification: ... Connection reset` or closing at once), so a
//! fleet of separate servers connects in parallel and a crowded one is not overrun.

use std::sync::Mutex;

use tokio::sync::Notify;

/// How many handshakes may run at once: halved when nodes refuse a burst, grown again as they pass.
pub struct ConnectLimit {
    state: Mutex<State>,
    freed: Notify,
    min: usize,
    max: usize,
}

struct State {
    limit: usize,
    in_flight: usize,
}

/// One handshake in flight; dropping it lets the next one start.
pub struct Permit<'a>(&'a ConnectLimit);

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.0.lock().in_flight -= 1;
        self.0.freed.notify_waiters();
    }
}

impl ConnectLimit {
    /// Starts at `initial`, kept within `min..=max`.
    pub fn new(initial: usize, min: usize, max: usize) -> ConnectLimit {
        let min = min.max(1);
        let max = max.max(min);
        ConnectLimit {
            state: Mutex::new(State { limit: initial.clamp(min, max), in_flight: 0 }),
            freed: Notify::new(),
            min,
            max,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits for room under the current limit.
    pub async fn acquire(&self) -> Permit<'_> {
        loop {
            let wait = self.freed.notified();
            {
                let mut s = self.lock();
                if s.in_flight < s.limit {
                    s.in_flight += 1;
                    return Permit(self);
                }
            }
            wait.await;
        }
    }

    /// A server took the connection: allow one more at a time.
    pub fn accepted(&self) {
        let mut s = self.lock();
        if s.limit < self.max {
            s.limit += 1;
            drop(s);
            self.freed.notify_waiters();
        }
    }

    /// A server dropped the connection before the handshake: halve the limit.
    pub fn dropped(&self) -> usize {
        let mut s = self.lock();
        s.limit = (s.limit / 2).max(self.min);
        s.limit
    }

    /// The limit now.
    pub fn limit(&self) -> usize {
        self.lock().limit
    }
}

/// True when ssh's error means the server dropped the connection before the key exchange
/// (too many unauthenticated connections at once), which is worth retrying.
pub fn is_dropped_early(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("kex_exchange_identification")
        || (t.contains("connection reset by peer") && !t.contains("permission denied"))
        || t.contains("connection closed by remote host")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn grows_on_success_halves_on_drops_and_never_exceeds_the_limit() {
        let l = ConnectLimit::new(4, 2, 8);
        let permits: Vec<Permit<'_>> = futures::future::join_all((0..4).map(|_| l.acquire())).await;
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(50), l.acquire()).await.is_err(),
            "a fifth must wait"
        );
        l.accepted();
        let fifth = tokio::time::timeout(std::time::Duration::from_millis(50), l.acquire()).await;
        assert!(fifth.is_ok(), "the limit grew to 5");
        drop(fifth);
        assert_eq!(l.dropped(), 2);
        assert_eq!(l.dropped(), 2, "never below the minimum");
        drop(permits);
        for _ in 0..20 {
            l.accepted();
        }
        assert_eq!(l.limit(), 8, "never above the maximum");
    }

    #[test]
    fn early_drops_are_told_from_other_failures() {
        assert!(is_dropped_early("kex_exchange_identification: read: Connection reset by peer"));
        assert!(is_dropped_early("Connection closed by remote host"));
        assert!(!is_dropped_early("Permission denied (publickey)."));
        assert!(!is_dropped_early("ssh: connect to host 10.0.0.1 port 22: Connection refused"));
    }
}
