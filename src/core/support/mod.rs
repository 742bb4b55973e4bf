//! Small helpers every domain uses: the protocol's clock and file-system utilities.

pub mod clock;
pub mod fsutil;
