//! What a node prints: `nvidia-smi` inventory and banner, the health check's combined output
//! (driver, CUDA, docker info, df), version comparisons, the look at rentals (`docker ps`, compute
//! processes and their owners, Docker's dates), the login shell and the node's firewall rules.
//! Never a panic, whatever the node says.
#![no_main]

use basilica_miner::core::nodes::{gpu, inspect, rental, way_in};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for g in gpu::parse_inventory(text) {
        let _ = format!("{g:?}");
    }
    let _ = gpu::parse_banner(text);
    let _ = gpu::classify_failure(Some(9), text);
    let _ = inspect::evaluate(text, 1_790_000_000, basilica_miner::core::nodes::cpu::Machine::Gpus);
    let _ = inspect::evaluate(text, 1_790_000_000, basilica_miner::core::nodes::cpu::Machine::CpuOnly);
    let (a, b) = text.split_once('\n').unwrap_or((text, "12.8"));
    let _ = gpu::version_at_least(a, b);
    let _ = gpu::Category::parse(text);
    let _ = basilica_miner::core::nodes::cpu::CpuInfo::parse(text);
    let (ps, rest) = text.split_once("@@").unwrap_or((text, ""));
    let (apps, owners) = rest.split_once("@@").unwrap_or((rest, ""));
    if let Some(view) = rental::read(Some((ps, Some(0))), ps, Some((apps, Some(0))), owners) {
        let _ = rental::follow(&[], &view, 1_790_000_000);
        let _ = view.summary();
    }
    let _ = rental::docker_time(text);
    let _ = way_in::firewall::check(text);
    let _ = way_in::login_shell(text, "gpu");
});
