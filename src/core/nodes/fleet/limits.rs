//! What one miner process can hold: the fleet size it was measured with, and the file
//! descriptors and processes each node costs (one ssh ControlMaster process per node, which
//! carries its commands; a few descriptors per node while a command runs on it, and a round
//! runs on every node at once: 350 at 50 nodes and 1,760 at 500 were measured). `serve` raises its open-files limit to the hard limit at start;
//! `config validate` warns when the fleet is larger than measured or the limits cannot hold it.

/// The largest fleet measured on one 2-core machine (`examples/bench_fleet --sizes …,500`).
pub const MEASURED_NODES: usize = 500;
/// Descriptors the daemon needs besides its nodes (listeners, database, runtime, clients).
pub const BASE_FDS: u64 = 256;
/// Descriptors per node while a round runs on all of them (pipes of the ssh command process).
pub const FDS_PER_NODE: u64 = 8;
/// Processes per node: the ControlMaster, with a margin of one.
pub const PROCESSES_PER_NODE: u64 = 2;

/// Open files `serve` needs for `nodes` nodes.
pub fn fds_needed(nodes: usize) -> u64 {
    BASE_FDS + FDS_PER_NODE * nodes as u64
}

/// Raises this process's open-files limit to its hard limit; returns the new soft limit.
pub fn raise_open_files() -> std::io::Result<u64> {
    rlimit::increase_nofile_limit(u64::MAX)
}

/// Why a fleet of `nodes` may not fit in this process (empty when it fits).
pub fn warnings(nodes: usize) -> Vec<String> {
    let mut out = Vec::new();
    if nodes > MEASURED_NODES {
        out.push(format!("{nodes} nodes is more than one miner was measured with ({MEASURED_NODES}); consider splitting the fleet over several miners (hotkeys)"));
    }
    if let Ok((_, hard)) = rlimit::Resource::NOFILE.get() {
        let need = fds_needed(nodes);
        if hard != rlimit::INFINITY && hard < need {
            out.push(format!("{nodes} nodes need about {need} open files, but this process may open at most {hard} (RLIMIT_NOFILE); raise it (LimitNOFILE= in the systemd unit, `ulimit -Hn`)"));
        }
    }
    if let Ok((soft, _)) = rlimit::Resource::NPROC.get() {
        let need = PROCESSES_PER_NODE * nodes as u64 + 64;
        if soft != rlimit::INFINITY && soft < need {
            out.push(format!("{nodes} nodes need about {need} processes of this user (one ssh ControlMaster per node, with a margin), but RLIMIT_NPROC is {soft}; raise it (LimitNPROC=)"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fleet_beyond_what_was_measured_is_named() {
        assert!(warnings(10).iter().all(|w| !w.contains("measured")));
        assert!(warnings(MEASURED_NODES + 1)[0].contains("more than one miner was measured with (500)"));
        assert_eq!(fds_needed(500), 256 + 8 * 500);
    }
}
