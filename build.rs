//! Compiles proto/ with protox (no system protoc needed) into tonic/prost code, and writes
//! the descriptor set that server reflection serves (only the services `serve` serves:
//! MinerRegistration is a client here, served by validators).

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    // The commit for basilica_miner_build_info; "unknown" outside a git checkout.
    println!("cargo:rerun-if-changed=.git/HEAD");
    if let Some(r) =
        std::fs::read_to_string(".git/HEAD").ok().and_then(|h| h.strip_prefix("ref: ").map(|r| r.trim().to_string()))
    {
        println!("cargo:rerun-if-changed=.git/{r}");
    }
    println!("cargo:rerun-if-env-changed=BASILICA_GIT_SHA");
    let sha = std::env::var("BASILICA_GIT_SHA").ok().filter(|s| !s.is_empty()).or_else(|| {
        let out = std::process::Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    });
    println!("cargo:rustc-env=BASILICA_GIT_SHA={}", sha.unwrap_or_else(|| "unknown".into()));
    let served = protox::compile(["basilca/miner/v1/miner.proto"], ["proto"])?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("basilica_descriptor.bin"), prost::Message::encode_to_vec(&served))?;
    let all = protox::compile(["basilca/miner/v1/miner.proto", "basilca/miner/v1/registration.proto"], ["proto"])?;
    tonic_prost_build::configure().build_client(true).build_server(true).compile_fds(all)?;
    Ok(())
}
