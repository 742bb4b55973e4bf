//! Validation of `[node_management]`: every node's address, login, price, options and
//! declarations (by the validators' own rules), duplicates, fleet limits and intervals.

use super::findings::Findings;
use crate::core::config::problem::{KeyPath, Severity};
use crate::core::config::{NodeEntry, NodeManagementConfig};
use crate::core::nodes::declared::{self, DeclarationError};
use crate::core::nodes::gpu::Category;
use crate::core::nodes::node;

pub(super) fn nodes(f: &mut Findings<'_>) {
    let nm = f.loaded.config.node_management.clone();
    let default_user = f.loaded.config.ssh_session.default_node_username.clone();
    let base = KeyPath::keys(&["node_management", "nodes"]);
    let mut seen: Vec<(usize, node::NodeAddress)> = Vec::new();
    for (i, n) in nm.nodes.iter().enumerate() {
        let addr = node_entry(f, &base, i, n, &default_user);
        declarations(f, &base, i, n);
        if let Some((j, other)) = seen.iter().find(|(_, o)| o.same_machine(&addr)) {
            f.push(
                Severity::Error,
                base.clone().index(i),
                format!("node {addr} is the same machine as nodes[{j}] ({other})"),
                "each host:port may appear once; remove one of them".into(),
            );
        }
        seen.push((i, addr));
    }
    for w in crate::core::nodes::fleet::limits::warnings(nm.nodes.len()) {
        f.warn(&["node_management", "nodes"], w, "see docs/nodes.md, \"Fleet limits\"");
    }
    if nm.nodes.is_empty() {
        f.warn(
            &["node_management", "nodes"],
            "no GPU nodes are configured",
            "add one with `basilica-miner node add user@host --rate 2.50`",
        );
    }
    intervals(f, &nm);
    if !node::is_valid_username(&default_user) {
        f.error(&["ssh_session", "default_node_username"], format!("`{default_user}` is not a valid login name"), "");
    }
}

/// One node's login, address, price and SSH options; returns its address.
fn node_entry(f: &mut Findings<'_>, base: &KeyPath, i: usize, n: &NodeEntry, default_user: &str) -> node::NodeAddress {
    let at = |k: &str| base.clone().index(i).key(k);
    let user = n.username.clone().unwrap_or_else(|| default_user.to_string());
    if !node::is_valid_username(&user) {
        f.push(
            Severity::Error,
            at("username"),
            format!("`{user}` is not a valid login name"),
            "letters, digits, `_`, `-`, `.`".into(),
        );
    }
    if !node::is_valid_host(&n.host) {
        f.push(
            Severity::Error,
            at("host"),
            format!("`{}` is not a host name or IP address", n.host),
            "give a DNS name or an IP address".into(),
        );
    }
    if n.port == 0 {
        f.push(
            Severity::Error,
            at("port"),
            "port 0 is not a usable port".into(),
            "give a port from 1 to 65535, the node's SSH port (usually 22)".into(),
        );
    }
    if let Some(rate) = n.hourly_rate_per_gpu.filter(|r| node::check_rate(*r).is_err()) {
        f.push(
            Severity::Error,
            at("hourly_rate_per_gpu"),
            format!("hourly rate {rate} must be greater than 0"),
            "give the price per GPU per hour in dollars, e.g. 2.50".into(),
        );
    }
    if let Some(opts) = &n.additional_opts {
        if let Err(e) = node::check_opts(opts) {
            f.push(Severity::Error, at("additional_opts"), e.to_string(), String::new());
        }
    }
    node::NodeAddress { username: user, host: n.host.clone(), port: n.port }
}

/// One node's declarations, by the validators' rules: category, count, mount path.
fn declarations(f: &mut Findings<'_>, base: &KeyPath, i: usize, n: &NodeEntry) {
    let at = |k: &str| base.clone().index(i).key(k);
    let category = match n.gpu_category.as_deref().map(declared::parse_category) {
        Some(Err(e)) => {
            f.push(
                Severity::Error,
                at("gpu_category"),
                e.to_string(),
                "write the GPU's name (H100, RTX_5090, ...) or a CPU class (CPU_STANDARD, ...), or remove the key to send what nvidia-smi finds".into(),
            );
            None
        }
        Some(Ok(c)) => Some(c),
        None => None,
    };
    if let Some(c) = category.as_ref().filter(|c| c.is_cpu() && !Category::CPU_CLASSES.contains(&c.as_str())) {
        f.push(
            Severity::Warning,
            at("gpu_category"),
            format!("`{c}` is not one of the CPU classes validators price ({})", Category::CPU_CLASSES.join(", ")),
            "declare CPU_BASIC, CPU_STANDARD or CPU_PERFORMANCE".into(),
        );
    }
    match declared::check_count(category.as_ref(), n.gpu_count) {
        Err(e @ DeclarationError::CpuCount { .. }) => f.push(
            Severity::Error,
            at("gpu_count"),
            e.to_string(),
            "set gpu_count = 1, or remove the key (a CPU-only host is offered as 1 device)".into(),
        ),
        Err(e) => f.push(
            Severity::Error,
            at("gpu_count"),
            e.to_string(),
            "give the number of GPUs in the node, or remove the key to send what nvidia-smi finds".into(),
        ),
        Ok(()) => {}
    }
    if let Some(Err(e)) = n.extra_mount_path.as_deref().map(declared::check_mount_path) {
        f.push(
            Severity::Error,
            at("extra_mount_path"),
            e.to_string(),
            "validators accept an absolute path such as /ephemeral whose parts are letters, digits, `.`, `_` or `-`"
                .into(),
        );
    }
}

/// The fleet's intervals, timeouts and pull limit.
fn intervals(f: &mut Findings<'_>, nm: &NodeManagementConfig) {
    if nm.health_check_interval == 0 {
        f.error(&["node_management", "health_check_interval"], "must be at least 1 second", "");
    }
    if nm.full_validation_interval < 60 {
        f.error(
            &["node_management", "full_validation_interval"],
            format!(
                "{} s is too short: a full validation pulls an image and runs containers on every node",
                nm.full_validation_interval
            ),
            "give at least 60; validators revalidate every 6 h (21600)",
        );
    } else if nm.full_validation_interval as i64 > crate::core::nodes::validation::VALID_FOR_SECS {
        f.warn(&["node_management", "full_validation_interval"], format!("{} s is longer than 12 h: validators rent only nodes whose full validation passed within 12 h, so nodes drop out between validations", nm.full_validation_interval), "keep it at or below 43200; the default is 21600 (6 h)");
    }
    if nm.max_concurrent_pulls == 0 {
        f.error(
            &["node_management", "max_concurrent_pulls"],
            "must be at least 1: with 0 no node could ever pull the validation image",
            "give a number of pulls at once, e.g. 4 (the default)",
        );
    }
    if nm.image_refresh_interval < 3600 {
        f.error(
        &["node_management", "image_refresh_interval"],
        format!(
            "{} s is too short: every refresh asks the registry, and Docker Hub allows 10 pulls an hour per address without login",
            nm.image_refresh_interval
        ),
        "give at least 3600; the default is 86400 (once a day)",
    );
    }
    if nm.health_check_timeout == 0 {
        f.error(&["node_management", "health_check_timeout"], "must be at least 1 second", "");
    } else if nm.health_check_timeout >= 120 {
        f.warn(
            &["node_management", "health_check_timeout"],
            format!("{} s per node is longer than a validator waits (120 s)", nm.health_check_timeout),
            "keep it well under 120, e.g. 10",
        );
    }
}
