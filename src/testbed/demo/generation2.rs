//! Generation 2: the miner bids. A validator ([`crate::testbed::bid_taker`]) judges each
//! RegisterBid by the chosen rule set and hands out its SSH key; `serve` checks and validates
//! the nodes, offers the healthy ones, installs the key on those held and sends heartbeats; the
//! validator then logs in to every held node with its key ([`crate::testbed::verifier`]). The
//! broken node stays out, with its reason, and without the validator's key.

use std::time::{Duration, Instant};

use super::{capture_self, hold, http_get, io, start_serve, DemoError, DemoOptions, Event, Narrator};
use crate::core::identity::sshkey;
use crate::testbed::bid_taker::{category, BidAnswer, BidTaker, BidTakerOptions, Heard, Held, Rules};
use crate::testbed::sandbox::{self, CPU_CLASS};
use crate::testbed::{verifier, GpuProfile};

/// The heartbeat period the demo validator asks for (upstream's default is 60 s).
const HEARTBEAT_SECS: u32 = 1;
/// Lines of a node's answer shown (the rest are counted).
const SHOWN_LINES: usize = 2;
/// How long the demo waits for the miner's first accepted bid.
const BID_WAIT: Duration = Duration::from_secs(60);

/// The category the miner sends for a node of this profile.
fn sent_category(p: GpuProfile) -> &'static str {
    match p {
        GpuProfile::Rtx5090x2 => "RTX_5090",
        GpuProfile::CpuOnly => CPU_CLASS,
        GpuProfile::H200x8 => "H200",
        GpuProfile::B200x8 => "B200",
        GpuProfile::A100NotAvailable => "A100",
        _ => "H100",
    }
}

fn rules_text(rules: Rules) -> &'static str {
    match rules {
        Rules::Any => "any category, CPU_* hosts probed (the fork bigailabs/cathedral 7aab4b77, 2026-04-18..20)",
        Rules::Upstream => "A100/H100/H200/B200/B300 only (upstream one-covenant/basilica 4097ead4, 2026-04-09)",
    }
}

pub(super) fn run(opts: &DemoOptions<'_>, n: &mut Narrator<'_>, sb: &sandbox::Sandbox) -> Result<(), DemoError> {
    let public = std::fs::read_to_string(sshkey::public_key_path(&sb.validator_ssh_key))
        .map_err(io("reading the validator's public key"))?;
    let bid_taker = BidTaker::start(BidTakerOptions {
        rules: opts.rules,
        known_hotkey: sb.miner.ss58.clone(),
        ssh_public_key: public.trim().to_string(),
        interval_secs: HEARTBEAT_SECS,
    })
    .map_err(io("starting the demo validator"))?;
    let endpoint = format!("http://127.0.0.1:{}", bid_taker.port);
    sb.bid_to(&endpoint)?;
    n.record(
        "validator",
        true,
        format!(
            "MinerRegistration at {endpoint}, judging by: {}; knows miner {}",
            rules_text(opts.rules),
            sb.miner.ss58
        ),
    );
    let (daemon, listening) = start_serve(&opts.exe, n, sb)?;
    if !listening {
        return Ok(());
    }
    n.say("miner: checks each node over SSH, validates it as validators will, then sends RegisterBid");
    let started = Instant::now();
    let mut heard = Vec::new();
    let held = bid_taker.wait_for(BID_WAIT, &mut heard, |h| match h {
        Heard::RegisterBid { outcome: BidAnswer::Held(nodes), .. } => Some(nodes.clone()),
        _ => None,
    });
    narrate_bids(n, &heard);
    let healthy: Vec<&crate::testbed::TestNode> =
        sb.bed.nodes.iter().filter(|x| x.profile != GpuProfile::NoDriver).collect();
    let expected: Vec<String> = healthy
        .iter()
        .filter(|x| category(opts.rules, sent_category(x.profile)).is_some())
        .map(|x| x.ip.to_string())
        .collect();
    let Some(held) = held else {
        n.record("held", false, format!("no accepted RegisterBid within {} s", BID_WAIT.as_secs()));
        return Ok(());
    };
    let got: Vec<String> = held.iter().map(|h| h.host.clone()).collect();
    n.record(
        "held",
        got == expected,
        format!(
            "{:.1} s after serve started, the validator holds {}",
            started.elapsed().as_secs_f32(),
            describe(&held)
        ),
    );
    left_out(opts, n, sb);
    n.say("validator: logs in to every node it holds with its own key (the miner installed it)");
    let key = &sb.validator_ssh_key;
    for v in verify_with_retry(key, opts.rules, &held) {
        for line in v.output.iter().take(SHOWN_LINES) {
            (n.on)(Event::Output(format!("{}: {line}", v.host)));
        }
        if v.output.len() > SHOWN_LINES {
            (n.on)(Event::Output(format!("{}: … {} more", v.host, v.output.len() - SHOWN_LINES)));
        }
        n.record("validator_check", v.ok, format!("{} {}: {}", v.host, v.command, v.detail));
    }
    let beat = bid_taker.wait_for(Duration::from_secs(10), &mut heard, |h| match h {
        Heard::HealthCheck { hosts, nodes_active, .. } => Some((hosts.clone(), *nodes_active)),
        _ => None,
    });
    match beat {
        Some((hosts, active)) => n.record(
            "heartbeat",
            active as usize == held.len(),
            format!("HealthCheck for {} host(s) every {HEARTBEAT_SECS} s: {active} active", hosts.len()),
        ),
        None => n.record("heartbeat", false, "no HealthCheck within 10 s"),
    };
    key_absent(n, sb, &held);
    let metrics = http_get(sb.metrics_port, "/metrics").unwrap_or_default();
    let advertised = metrics
        .lines()
        .find(|l| l.starts_with("basilica_miner_bid_advertised_nodes "))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse::<f64>().ok());
    n.record(
        "metrics",
        advertised == Some(held.len() as f64),
        format!(
            "basilica_miner_bid_advertised_nodes {} at http://127.0.0.1:{}/metrics",
            advertised.map_or("?".into(), |v| v.to_string()),
            sb.metrics_port
        ),
    );
    hold(opts, sb);
    drop(daemon);
    drop(bid_taker);
    Ok(())
}

fn describe(held: &[Held]) -> String {
    if held.is_empty() {
        return "no node".into();
    }
    held.iter()
        .map(|h| format!("{} {}x{} at ${:.2}", h.host, h.category, h.gpu_count, f64::from(h.hourly_rate_cents) / 100.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One step per RegisterBid heard: what was offered and what the validator answered.
fn narrate_bids(n: &mut Narrator<'_>, heard: &[Heard]) {
    for h in heard {
        if let Heard::RegisterBid { offered, outcome } = h {
            for line in offered {
                (n.on)(Event::Output(format!("offered {line}")));
            }
            let detail = match outcome {
                BidAnswer::Held(nodes) => {
                    format!("RegisterBid of {} node(s): accepted, holds {}", offered.len(), nodes.len())
                }
                BidAnswer::Refused(why) => format!("RegisterBid of {} node(s): refused: {why}", offered.len()),
            };
            n.record("register_bid", true, detail);
        }
    }
}

/// What the miner left out of its offer and what the validator refused, in the miner's own
/// report (`bid status --json`), once it has stored them (at most 5 s).
fn left_out(opts: &DemoOptions<'_>, n: &mut Narrator<'_>, sb: &sandbox::Sandbox) {
    let broken: Vec<String> = sb
        .bed
        .nodes
        .iter()
        .filter(|x| x.profile == GpuProfile::NoDriver)
        .map(|x| format!("{}:{}", x.ip, x.port))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut lines = Vec::new();
    loop {
        let (_, out) = capture_self(&opts.exe, &sb.config_path, &["--json", "bid", "status"]);
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        let reg = &doc["registration"];
        lines.clear();
        for l in reg["left_out"].as_array().into_iter().flatten() {
            lines.push(format!(
                "left out {} ({}): {}",
                l["address"].as_str().unwrap_or("?"),
                l["reason"].as_str().unwrap_or("?"),
                l["detail"].as_str().unwrap_or("")
            ));
        }
        for r in reg["refused"].as_array().into_iter().flatten() {
            lines.push(format!(
                "refused {} ({}): {}",
                r["host"].as_str().unwrap_or("?"),
                r["kind"].as_str().unwrap_or("?"),
                r["reason"].as_str().unwrap_or("")
            ));
        }
        let all_named = broken.iter().all(|b| lines.iter().any(|l| l.contains(b.as_str())));
        if all_named || Instant::now() >= deadline {
            for l in &lines {
                (n.on)(Event::Output(l.clone()));
            }
            let detail = if broken.is_empty() {
                "no broken node in this mix".to_string()
            } else if all_named {
                format!("the miner kept {} out and says why (`bid status`)", broken.join(", "))
            } else {
                format!("`bid status` does not name {} as left out", broken.join(", "))
            };
            n.record("left_out", all_named, detail);
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The validator's checks; a node whose login is refused is tried again for up to 5 s, as the
/// miner installs the key just after the validator's answer.
fn verify_with_retry(key: &std::path::Path, rules: Rules, held: &[Held]) -> Vec<verifier::Verdict> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut verdicts = verifier::verify_all(key, rules, held);
    while Instant::now() < deadline && verdicts.iter().any(|v| !v.logged_in) {
        std::thread::sleep(Duration::from_millis(100));
        for (v, node) in verdicts.iter_mut().zip(held) {
            if !v.logged_in {
                *v = verifier::verify(key, rules, node);
            }
        }
    }
    verdicts
}

/// Every node the validator does not hold must refuse its key.
fn key_absent(n: &mut Narrator<'_>, sb: &sandbox::Sandbox, held: &[Held]) {
    let others: Vec<&crate::testbed::TestNode> =
        sb.bed.nodes.iter().filter(|x| !held.iter().any(|h| h.host == x.ip.to_string())).collect();
    if others.is_empty() {
        return;
    }
    let results: Vec<(String, bool)> = std::thread::scope(|s| {
        let handles: Vec<_> = others
            .iter()
            .map(|x| {
                s.spawn(move || {
                    let ip = x.ip.to_string();
                    let login = verifier::ssh(&sb.validator_ssh_key, &x.username, &ip, x.port, "true");
                    (format!("{ip} ({})", x.profile.describe()), login.logged_in)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let let_in: Vec<&str> = results.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
    let names: Vec<&str> = results.iter().map(|r| r.0.as_str()).collect();
    n.record(
        "key_absent",
        let_in.is_empty(),
        if let_in.is_empty() {
            format!("the validator's key is refused on {}: it is installed only where it holds nodes", names.join(", "))
        } else {
            format!("the validator's key lets it into {}, which it does not hold", let_in.join(", "))
        },
    );
}
