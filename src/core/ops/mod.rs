//! One function per user action that is more than a call into one domain: the commands turn
//! arguments into a call here and render what comes back.

pub mod bid;
pub mod bid_validators;
pub mod config_check;
pub mod daemon;
pub mod database;
pub mod health_check;
pub mod init;
pub mod node_list;
pub mod nodes;
pub mod probe;
pub mod register;
pub mod status;
pub mod wallet_check;
