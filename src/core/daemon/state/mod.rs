//! What the daemon knows, each with one owner: the node book (every fact about each node),
//! the settings a reload replaces, who may call and who gets the nodes (permits), and the
//! database behind them.

pub mod book;
pub mod episodes;
pub mod live;
pub mod peers;
pub mod permits;
pub mod settings;
pub mod store;
