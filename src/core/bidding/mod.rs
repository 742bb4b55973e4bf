//! Generation 2 of the validator protocol, the parts that need no network: which nodes are
//! advertised, at what price and why others are left out ([`offer`]), where the validator's
//! bid service is ([`endpoint`]) and what answers there ([`answering`]), and the signed requests and the checks on the answers
//! ([`wire`]). The daemon's bid loop (`daemon::bidder`) drives them.

pub mod answering;
pub mod endpoint;
pub mod offer;
pub mod prices;
pub mod refusal;
pub mod text;
pub mod wire;

pub use offer::{Advertised, LeftOut, Offer, Reason, Verdicts};
pub use prices::Prices;
pub use refusal::RefusedNode;
