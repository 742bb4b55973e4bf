//! What commands ask of the daemon: start it (`serve`), find the one running for a config and
//! ask it to reload. The daemon itself lives in `core::daemon`; commands reach it here.

pub use crate::core::daemon::launch::{serve, LaunchOptions};
pub use crate::core::daemon::pidfile::{running_for, signal_reload};
