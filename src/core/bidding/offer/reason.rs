//! Why a node is left out of the offer: the stable names `--json`, the log and the metrics use,
//! and what an operator does about each.

use serde::{Deserialize, Serialize};

/// Why a node is not advertised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// No health check has finished on the node yet.
    NotCheckedYet,
    /// Its last health check failed.
    Unhealthy,
    /// nvidia-smi gives a GPU no name, so the node has no category.
    UnknownGpuModel,
    /// GPUs of more than one model on the node.
    MixedGpuModels,
    /// The host is a DNS name; validators identify nodes by IP address.
    HostNotIp,
    /// Another node has the same IP address (only one per IP is held).
    SharedIp,
    /// No rate and no static price for its category.
    NoPrice,
    /// `gpu_category`/`gpu_count` in miner.toml differ from what nvidia-smi finds.
    DeclarationMismatch,
    /// No full validation passed within 12 h.
    NotValidated,
    /// The validator refused this node lately.
    RefusedByValidator,
    /// `additional_opts` change how the miner reaches the node (ProxyJump, ProxyCommand,
    /// HostName, Port); validators dial the registered host and port directly.
    IndirectRoute,
    /// An IPv6 literal: both rule sets split `user@host:port` on every `:` and build
    /// `http://host:port` without brackets, so the node always fails there.
    Ipv6Host,
    /// The node shows GPU UUIDs an advertised node already shows: validators list each GPU
    /// under the first node that has it.
    DuplicateGpus,
    /// The operator took it out of the offer for maintenance (`node cordon`, `node drain`).
    Cordoned,
}

impl Reason {
    /// Whether `status` lists the reason on its own: the others (a failing health check or
    /// full validation, the validator's refusal) have their own lines there.
    pub fn needs_its_own_line(self) -> bool {
        !matches!(
            self,
            Reason::NotCheckedYet
                | Reason::Unhealthy
                | Reason::NotValidated
                | Reason::RefusedByValidator
                | Reason::Cordoned
        )
    }

    /// Every reason, in the order of the enum (for metrics that start at 0).
    pub const ALL: [Reason; 14] = [
        Reason::NotCheckedYet,
        Reason::Unhealthy,
        Reason::UnknownGpuModel,
        Reason::MixedGpuModels,
        Reason::HostNotIp,
        Reason::SharedIp,
        Reason::NoPrice,
        Reason::DeclarationMismatch,
        Reason::NotValidated,
        Reason::RefusedByValidator,
        Reason::IndirectRoute,
        Reason::Ipv6Host,
        Reason::DuplicateGpus,
        Reason::Cordoned,
    ];

    /// What the operator can do about a node left out for this reason (a failing check's own
    /// code has a fix of its own, which a `LeftOut` takes first).
    pub fn fix(self) -> &'static str {
        match self {
            Reason::NotCheckedYet => "wait for the first health check (serve checks every node when it starts), or run `basilica-miner node test`",
            Reason::Unhealthy => "run `basilica-miner node test` and follow the fix of the failing check",
            Reason::UnknownGpuModel => "update the NVIDIA driver so that nvidia-smi names every GPU",
            Reason::MixedGpuModels => "keep GPUs of one model in a node: validators take one category per node",
            Reason::HostNotIp => "configure the node by its IP address: `node remove` it and `node add user@IP`",
            Reason::SharedIp => "give each node an IP address of its own: validators know one node per IP",
            Reason::NoPrice => "set hourly_rate_per_gpu on the node, or a price for its category in [bidding.strategy.static.static_prices]",
            Reason::DeclarationMismatch => "make gpu_category and gpu_count in miner.toml match what nvidia-smi finds, or remove them",
            Reason::NotValidated => "run `basilica-miner node test --full` and fix what fails; serve validates the node again on its own",
            Reason::RefusedByValidator => "read the validator's words in `basilica-miner bid status`; the node is offered again after 30 minutes or a reload",
            Reason::IndirectRoute => "make the node reachable at its host and port directly and remove ProxyJump, ProxyCommand, HostName and Port from additional_opts",
            Reason::Ipv6Host => "give the node an IPv4 address",
            Reason::DuplicateGpus => "advertise one address per machine: `basilica-miner node remove` the second address",
            Reason::Cordoned => "`basilica-miner node uncordon NODE` when the maintenance is done: the node is offered again after its next passed full validation",
        }
    }

    /// The reason's stable name (as in `--json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotCheckedYet => "not_checked_yet",
            Reason::Unhealthy => "unhealthy",
            Reason::UnknownGpuModel => "unknown_gpu_model",
            Reason::MixedGpuModels => "mixed_gpu_models",
            Reason::HostNotIp => "host_not_ip",
            Reason::SharedIp => "shared_ip",
            Reason::NoPrice => "no_price",
            Reason::DeclarationMismatch => "declaration_mismatch",
            Reason::NotValidated => "not_validated",
            Reason::RefusedByValidator => "refused_by_validator",
            Reason::IndirectRoute => "indirect_route",
            Reason::Ipv6Host => "ipv6_host",
            Reason::DuplicateGpus => "duplicate_gpus",
            Reason::Cordoned => "cordoned",
        }
    }
}
