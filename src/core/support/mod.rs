//! Small helpers every domain uses: the protocol's clock, file-system utilities, and the
//! exit class of each error type.

pub mod clock;
pub mod exit;
pub mod fsutil;

mod classes;

pub use classes::class_of;
