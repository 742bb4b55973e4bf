//! The label sets of the miner's metrics, and the database operations counted by name.

use prometheus_client::encoding::EncodeLabelSet;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct ResultLabel {
    pub(super) result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct NodeLabel {
    pub(super) node_id: String,
    pub(super) address: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct LaneLabel {
    pub(super) lane: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct MethodLabel {
    pub(super) method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct RefusalLabel {
    pub(super) method: &'static str,
    pub(super) reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct BuildLabel {
    pub(super) version: &'static str,
    pub(super) git_sha: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct NodeCategoryLabel {
    pub(super) node: String,
    pub(super) category: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct NodeNameLabel {
    pub(super) node: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct NodeModelLabel {
    pub(super) node: String,
    pub(super) model: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct HotkeyLabel {
    pub(super) hotkey: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct ValidatorLabel {
    pub(super) validator: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct BidCallLabel {
    pub(super) method: &'static str,
    pub(super) result: &'static str,
}

/// The database operations whose failures are counted; every one is exposed (at 0) from the
/// start, so rates and alerts work before the first failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbOp {
    /// Recording an authentication's nonce and session.
    Authenticate,
    /// Reading or writing for a DiscoverNodes request.
    Discover,
    /// Writing an audit entry.
    Audit,
    /// Writing refusal counts.
    Refusals,
    /// Deleting rows past their retention.
    Prune,
    /// Reading the assigned validator.
    Assignment,
    /// Recording the assigned validator.
    SetAssignment,
    /// Reading the deployed keys.
    DeployedKeys,
    /// Recording a deployed key.
    SetDeployed,
    /// Recording a health check.
    RecordHealth,
    /// Reading the bid record.
    BidRecord,
    /// Writing the bid record.
    PutBidRecord,
    /// Reading the full validations.
    Validations,
    /// Recording a full validation.
    PutValidation,
}

impl DbOp {
    /// Every operation, in the order they are exposed.
    pub const ALL: [DbOp; 14] = [
        DbOp::Authenticate,
        DbOp::Discover,
        DbOp::Audit,
        DbOp::Refusals,
        DbOp::Prune,
        DbOp::Assignment,
        DbOp::SetAssignment,
        DbOp::DeployedKeys,
        DbOp::SetDeployed,
        DbOp::RecordHealth,
        DbOp::BidRecord,
        DbOp::PutBidRecord,
        DbOp::Validations,
        DbOp::PutValidation,
    ];

    /// The `operation` label's value.
    pub fn as_str(self) -> &'static str {
        match self {
            DbOp::Authenticate => "authenticate",
            DbOp::Discover => "discover",
            DbOp::Audit => "audit",
            DbOp::Refusals => "refusals",
            DbOp::Prune => "prune",
            DbOp::Assignment => "assignment",
            DbOp::SetAssignment => "set_assignment",
            DbOp::DeployedKeys => "deployed_keys",
            DbOp::SetDeployed => "set_deployed",
            DbOp::RecordHealth => "record_health",
            DbOp::BidRecord => "bid_record",
            DbOp::PutBidRecord => "put_bid_record",
            DbOp::Validations => "validations",
            DbOp::PutValidation => "put_validation",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct DirectionLabel {
    pub(super) direction: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct OperationLabel {
    pub(super) operation: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct ReasonLabel {
    pub(super) reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct StateLabel {
    pub(super) state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct ValidatorStateLabel {
    pub(super) validator: String,
    pub(super) state: &'static str,
}
