//! Generation 1: a validator calls the miner's own service (AuthenticateValidator with a signed
//! BASILICA_AUTH_V1 payload, DiscoverNodes with its SSH key) and logs in to a node with that key;
//! then `node test`, `bid show`, `node gpu` and the metrics, as an operator runs them.

use std::time::Duration;

use super::{exit_text, hold, http_get, run_self, start_serve, DemoError, DemoOptions, Event, Narrator};
use crate::core::identity::sshkey;
use crate::core::ops::probe::client as vc;
use crate::testbed::{sandbox, verifier};

pub(super) fn run(opts: &DemoOptions<'_>, n: &mut Narrator<'_>, sb: &sandbox::Sandbox) -> Result<(), DemoError> {
    n.say(format!("miner hotkey {} (throwaway wallet), validator {} assigned", sb.miner.ss58, sb.validator.ss58));
    let exe = &opts.exe;
    let (daemon, listening) = start_serve(exe, n, sb)?;
    if !listening {
        return Ok(());
    }
    validator_session(n, sb);
    n.say("`basilica-miner node test` (the last node is broken on purpose)");
    let code = run_self(exe, &sb.config_path, &["node", "test"], opts.tables_to_stderr);
    let expected = if opts.nodes >= 2 { 1 } else { 0 };
    n.record(
        "node test",
        code == Some(expected),
        format!(
            "exit {} (expected {expected}: {})",
            exit_text(code),
            if expected == 1 { "one unhealthy node reported" } else { "all healthy" }
        ),
    );
    n.say("`basilica-miner bid show` (what generation-2 validators would be offered)");
    let code = run_self(exe, &sb.config_path, &["bid", "show"], opts.tables_to_stderr);
    n.record("bid show", code == Some(0), format!("exit {}", exit_text(code)));
    n.say("`basilica-miner node gpu`");
    let code = run_self(exe, &sb.config_path, &["node", "gpu"], opts.tables_to_stderr);
    n.record(
        "node gpu",
        code == Some(expected),
        format!(
            "exit {} (expected {expected}: {})",
            exit_text(code),
            if expected == 1 { "the node without a driver lists no GPUs" } else { "every node lists its GPUs" }
        ),
    );
    let metrics = http_get(sb.metrics_port, "/metrics").unwrap_or_default();
    n.record(
        "metrics",
        metrics.contains("basilica_miner_node_count"),
        format!("Prometheus metrics at http://127.0.0.1:{}/metrics", sb.metrics_port),
    );
    hold(opts, sb);
    drop(daemon);
    Ok(())
}

fn validator_session(n: &mut Narrator<'_>, sb: &sandbox::Sandbox) {
    let endpoint = format!("127.0.0.1:{}", sb.grpc_port);
    let public = match std::fs::read_to_string(sshkey::public_key_path(&sb.validator_ssh_key)) {
        Ok(p) => p,
        Err(e) => {
            n.record("authenticate", false, format!("the validator's public key: {e}"));
            return;
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            n.record("authenticate", false, format!("no async runtime: {e}"));
            return;
        }
    };
    n.say("validator: AuthenticateValidator (signed BASILICA_AUTH_V1 payload)");
    let channel = match rt.block_on(vc::connect(&endpoint, Duration::from_secs(10), None)) {
        Ok(c) => c,
        Err(e) => {
            n.record("authenticate", false, e.to_string());
            return;
        }
    };
    match rt.block_on(vc::authenticate(channel.clone(), &sb.validator, &sb.miner.ss58)) {
        Ok(a) => {
            n.record(
                "authenticate",
                a.authenticated,
                format!("authenticated={} in {:.1} ms", a.authenticated, a.latency_ms),
            );
            n.say("validator: verify the miner's signature on the response");
            n.record(
                "miner signature",
                a.miner_signature_valid && a.miner_hotkey == sb.miner.ss58,
                format!("signed by {}", a.miner_hotkey),
            );
        }
        Err(e) => {
            n.record("authenticate", false, e.to_string());
            return;
        }
    }
    n.say("validator: DiscoverNodes with its SSH public key");
    let nodes = match rt.block_on(vc::discover(channel, &sb.validator, &sb.miner.ss58, public.trim())) {
        Ok(nodes) => {
            n.record(
                "discover",
                nodes.len() == sb.bed.nodes.len(),
                format!(
                    "{} node(s): {}",
                    nodes.len(),
                    nodes
                        .iter()
                        .map(|x| format!("{}@{}:{}", x.username, x.host, x.port))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            nodes
        }
        Err(e) => {
            n.record("discover", false, e.to_string());
            return;
        }
    };
    if let Some(first) = nodes.first() {
        n.say(format!("validator: ssh {}@{} -p {} nvidia-smi", first.username, first.host, first.port));
        let login = verifier::ssh(
            &sb.validator_ssh_key,
            &first.username,
            &first.host,
            first.port,
            "nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader",
        );
        let ran = login.code == Some(0);
        let text = login.stdout.trim();
        if ran {
            for line in text.lines() {
                (n.on)(Event::Output(line.to_string()));
            }
        }
        if login.code.is_none() && !login.logged_in {
            n.record("ssh", false, login.stderr);
        } else {
            n.record("ssh", ran && !text.is_empty(), format!("{} GPU line(s) from the node", text.lines().count()));
        }
    }
}
