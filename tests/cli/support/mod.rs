//! What the tests share, one file a part: the sandbox and the binary run in it (`sandbox`),
//! a real terminal (`terminal`), a running daemon and its metrics (`daemon`), the sandboxed
//! miner `serve`'s tests start from (`miner`), the Python peers (`python`), generation 2's validator and
//! bidding miner (`bid`) and a disk to fill (`disk`). Every part is re-exported here: a test imports from `crate::support`.

mod bid;
mod daemon;
mod disk;
mod miner;
mod python;
mod sandbox;
mod terminal;

pub(crate) use bid::*;
pub(crate) use daemon::*;
pub(crate) use disk::*;
pub(crate) use miner::*;
pub(crate) use python::*;
pub use sandbox::*;
pub use terminal::*;
