//! Compiles proto/ with protox (no system protoc needed) into tonic/prost code, and writes
//! the descriptor set that server reflection serves (only the services `serve` serves:
//! MinerRegistration is a client here, served by validators).

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    let served = protox::compile(["basilca/miner/v1/miner.proto"], ["proto"])?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("basilica_descriptor.bin"), prost::Message::encode_to_vec(&served))?;
    let all = protox::compile(["basilca/miner/v1/miner.proto", "basilca/miner/v1/registration.proto"], ["proto"])?;
    tonic_prost_build::configure().build_client(true).build_server(true).compile_fds(all)?;
    Ok(())
}
