//! Small helpers every domain uses: the protocol's clock, file-system utilities, and the
//! exit classes (each error type says its own, beside its definition).

pub mod clock;
pub mod duration;
pub mod exit;
pub mod fsutil;
