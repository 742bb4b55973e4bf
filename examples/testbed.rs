//! Starts sshd nodes with fake GPU tools and prints a miner.toml pointing at them; keeps them
//! running until Enter is pressed. For trying `node test`, `node gpu` and `keys` by hand.
//!
//!     cargo run --example testbed [-- NODES]    (default 5; profiles repeat)

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark or tool prints its figures and stops at the first failure"
)]

use basilica_miner::testbed::{GpuProfile, Testbed};

fn main() {
    let mix = [
        GpuProfile::H100x8,
        GpuProfile::A100NotAvailable,
        GpuProfile::NoDriver,
        GpuProfile::OldCuda,
        GpuProfile::NoDocker,
    ];
    let count: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(mix.len());
    let profiles: Vec<GpuProfile> = mix.iter().cycle().take(count).copied().collect();
    let bed = Testbed::start(&profiles).expect("testbed");
    let dir = bed.root.clone();
    let mut toml = format!(
        "[bittensor]\nexternal_ip = \"127.0.0.1\"\n[database]\nurl = \"sqlite://{}/miner.db\"\n[ssh_session]\nminer_node_key_path = \"{}\"\n[node_management]\nhealth_check_timeout = 3\n",
        dir.display(),
        bed.miner_key.display()
    );
    for n in &bed.nodes {
        toml.push_str(&format!("[[node_management.nodes]]\nhost = \"127.0.0.1\"\nport = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n", n.port, n.username));
    }
    std::fs::write(dir.join("miner.toml"), toml).unwrap();
    println!("{}", dir.join("miner.toml").display());
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}
