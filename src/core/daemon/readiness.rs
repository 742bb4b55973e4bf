//! Telling systemd (or any service manager speaking the sd_notify protocol over
//! `NOTIFY_SOCKET`) where the daemon is: `STATUS=` lines while the fleet warms up, `READY=1`
//! once the listener is bound and the fleet is warm (or the warm-up deadline passed),
//! `RELOADING=1` on SIGHUP (then `READY=1` again) and `STOPPING=1` on shutdown. Without
//! `NOTIFY_SOCKET` every call does nothing.

use sd_notify::NotifyState;

fn send(states: &[NotifyState<'_>]) {
    if std::env::var_os("NOTIFY_SOCKET").is_none() {
        return;
    }
    if let Err(e) = sd_notify::notify(states) {
        tracing::warn!(error = %e, "cannot notify the service manager (NOTIFY_SOCKET)");
    }
}

/// Tells systemd what the daemon is doing (a status line).
pub fn status(text: &str) {
    send(&[NotifyState::Status(text)]);
}

/// Ready to serve, with a status line saying how.
pub fn ready(text: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(text)]);
}

/// A reload starts (systemd 253+ needs the monotonic time with it).
pub fn reloading() {
    match NotifyState::monotonic_usec_now() {
        Ok(now) => send(&[NotifyState::Reloading, now, NotifyState::Status("reloading miner.toml")]),
        Err(_) => send(&[NotifyState::Reloading, NotifyState::Status("reloading miner.toml")]),
    }
}

/// Tells systemd the daemon is stopping.
pub fn stopping() {
    send(&[NotifyState::Stopping, NotifyState::Status("stopping: finishing in-flight requests")]);
}
