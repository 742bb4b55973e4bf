//! A subtensor stand-in for tests: a loopback WebSocket JSON-RPC server serving the real
//! finney metadata (tests/fixtures/chain). Storage keys are computed here independently of
//! the client (twox128 prefixes, blake2_128_concat/identity hashers) and values are encoded
//! against the metadata's types, so a hit proves the client encoded its request right.
//! Submitted extrinsics are decoded and recorded; each one is put in a new finalized block
//! with the events the scenario asks for (success or a named pallet error). It runs no
//! runtime logic beyond the few storage effects tests need.
//!
//! Three parts: this handle (start, stop, restart, and the scenario a test sets: balances,
//! burn, uids, axons, neurons, a failure for the next extrinsic), `runtime` (the state
//! and its SCALE encoding against the metadata) and `rpc` (the JSON-RPC methods subxt calls).
//! Built with the `test-support` feature only.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::missing_panics_doc,
    reason = "a test double: a broken fixture or a poisoned lock ends the test that started it"
)]

mod rpc;
mod runtime;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonrpsee::server::ServerHandle;
use subxt::ext::codec::Encode;
use subxt::ext::scale_value::{self, Value, ValueDef};
use subxt::Metadata;

use crate::core::chain::encode_ip;
use rpc::{serve, try_serve};
use runtime::{header_hash, Block, State};
pub use runtime::{storage_key, Hasher};

/// The finney runtime metadata the double serves (spec 424).
const METADATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chain/finney-spec424.scale");

/// One decoded extrinsic the client submitted.
#[derive(Debug, Clone)]
pub struct Submitted {
    /// The signing account's public key.
    pub signer: [u8; 32],
    /// The pallet called (`SubtensorModule`, …).
    pub pallet: String,
    /// The call's name (`burned_register`, `serve_axon`, …).
    pub call: String,
    /// The call's arguments by name, decoded against the metadata.
    pub args: Vec<(String, Value<()>)>,
}

impl Submitted {
    /// The argument `name` (a panic names the call when there is none).
    pub fn arg(&self, name: &str) -> &Value<()> {
        &self.args.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no arg {name} in {self:?}")).1
    }
    /// The argument `name` as a number.
    pub fn arg_u128(&self, name: &str) -> u128 {
        flatten(self.arg(name)).into_iter().next().unwrap_or_else(|| panic!("{name} is not a number"))
    }
    /// The argument `name` as bytes (an IP, a key).
    pub fn arg_bytes(&self, name: &str) -> Vec<u8> {
        flatten(self.arg(name)).into_iter().map(|v| v as u8).collect()
    }
}

fn flatten(v: &Value<()>) -> Vec<u128> {
    match &v.value {
        ValueDef::Primitive(scale_value::Primitive::U128(n)) => vec![*n],
        ValueDef::Composite(c) => c.values().flat_map(flatten).collect(),
        ValueDef::Variant(var) => var.values.values().flat_map(flatten).collect(),
        _ => vec![],
    }
}

/// A running chain double on 127.0.0.1; stops when dropped.
pub struct ChainDouble {
    /// `ws://127.0.0.1:PORT`, for `[bittensor] chain_endpoint`.
    pub url: String,
    addr: std::net::SocketAddr,
    state: Arc<Mutex<State>>,
    handle: Option<ServerHandle>,
    runtime: tokio::runtime::Runtime,
}

impl ChainDouble {
    /// Serves on a free port of 127.0.0.1.
    pub fn start() -> ChainDouble {
        ChainDouble::start_on(0)
    }

    /// Serves on `port` of 127.0.0.1 (0: any free port).
    pub fn start_on(port: u16) -> ChainDouble {
        let raw_metadata = std::fs::read(METADATA).expect("tests/fixtures/chain metadata");
        let md = Metadata::decode_from(&raw_metadata[..]).expect("metadata decodes");
        let genesis = Block { hash: header_hash([0; 32], 0), number: 0, parent: [0; 32], extrinsics: vec![] };
        let state = Arc::new(Mutex::new(State {
            md,
            raw_metadata,
            storage: HashMap::new(),
            events: HashMap::new(),
            blocks: vec![genesis],
            submitted: vec![],
            fail_next: None,
            neurons: HashMap::new(),
            neuron_axons: HashMap::new(),
            next_uid: 7,
        }));
        {
            let mut s = state.lock().unwrap();
            let first = s.push_block(vec![]);
            let _ = first;
        }
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let (addr, handle) = runtime.block_on(serve(state.clone(), std::net::SocketAddr::from(([127, 0, 0, 1], port))));
        ChainDouble { url: format!("ws://{addr}"), addr, state, handle: Some(handle), runtime }
    }

    /// Stops serving and drops every connection, as a chain node does when it restarts.
    pub fn stop(&mut self) {
        if let Some(h) = self.handle.take() {
            let _ = h.stop();
            self.runtime.block_on(h.stopped());
        }
    }

    /// Serves again on the same address, with the state as it is now.
    pub fn restart(&mut self) {
        self.stop();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match self.runtime.block_on(try_serve(self.state.clone(), self.addr)) {
                Ok((_, handle)) => {
                    self.handle = Some(handle);
                    return;
                }
                Err(e) if std::time::Instant::now() < deadline => {
                    let _ = e;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => panic!("chain double cannot listen on {} again: {e}", self.addr),
            }
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }

    /// Sets `account`'s free balance in rao.
    pub fn set_balance(&self, account: [u8; 32], free: u64) {
        self.with(|s| {
            let ty = s.value_ty("System", "Account");
            let data_ty = s.field_ty(ty, "data");
            let data = s.composite_with(data_ty, &[("free", Value::u128(free as u128))]);
            let v = s.composite_with(ty, &[("data", data)]);
            let bytes = s.encode(&v, ty);
            s.storage.insert(storage_key("System", "Account", &[(Hasher::Blake2_128Concat, account.to_vec())]), bytes);
        });
    }

    /// Sets the subnet's registration burn in rao.
    pub fn set_burn(&self, netuid: u16, rao: u64) {
        self.with(|s| {
            s.storage
                .insert(storage_key("SubtensorModule", "Burn", &[(Hasher::Identity, netuid.encode())]), rao.encode());
        });
    }

    /// Registers `hotkey` as `uid` on the subnet.
    pub fn set_uid(&self, netuid: u16, hotkey: [u8; 32], uid: u16) {
        self.with(|s| {
            let key = storage_key(
                "SubtensorModule",
                "Uids",
                &[(Hasher::Identity, netuid.encode()), (Hasher::Blake2_128Concat, hotkey.to_vec())],
            );
            s.storage.insert(key, uid.encode());
        });
    }

    /// Sets `hotkey`'s served axon on the subnet.
    pub fn set_axon(&self, netuid: u16, hotkey: [u8; 32], ip: std::net::IpAddr, port: u16) {
        self.with(|s| {
            let ty = s.value_ty("SubtensorModule", "Axons");
            let (ip, ip_type) = encode_ip(ip);
            let v = s.composite_with(
                ty,
                &[
                    ("ip", Value::u128(ip)),
                    ("port", Value::u128(port as u128)),
                    ("ip_type", Value::u128(ip_type as u128)),
                    ("protocol", Value::u128(4)),
                ],
            );
            let bytes = s.encode(&v, ty);
            s.storage.insert(
                storage_key(
                    "SubtensorModule",
                    "Axons",
                    &[(Hasher::Identity, netuid.encode()), (Hasher::Blake2_128Concat, hotkey.to_vec())],
                ),
                bytes,
            );
        });
    }

    /// The axon IP the next `set_neurons` reports for `hotkey` (a validator's bid service).
    pub fn set_neuron_axon(&self, hotkey: [u8; 32], ip: std::net::IpAddr) {
        self.with(|s| {
            s.neuron_axons.insert(hotkey, ip);
        });
    }

    /// Neurons as `(hotkey, uid, validator_permit, stake entries)`.
    pub fn set_neurons(&self, netuid: u16, neurons: &[([u8; 32], u16, bool, Vec<u64>)]) {
        self.with(|s| {
            let api = s.md.runtime_api_trait_by_name("NeuronInfoRuntimeApi").unwrap();
            let out_ty = api.method_by_name("get_neurons_lite").unwrap().output_ty();
            let item_ty = match &s.md.types().resolve(out_ty).unwrap().type_def {
                scale_info::TypeDef::Sequence(seq) => seq.type_param.id,
                _ => panic!("get_neurons_lite returns a sequence"),
            };
            let values: Vec<Value<()>> = neurons
                .iter()
                .map(|(hotkey, uid, permit, stakes)| {
                    let stake =
                        Value::unnamed_composite(stakes.iter().map(|st| {
                            Value::unnamed_composite([Value::from_bytes([9u8; 32]), Value::u128(*st as u128)])
                        }));
                    let mut fields = vec![
                        ("hotkey", Value::from_bytes(*hotkey)),
                        ("uid", Value::u128(*uid as u128)),
                        ("netuid", Value::u128(netuid as u128)),
                        ("stake", stake),
                        ("validator_permit", Value::bool(*permit)),
                    ];
                    if let Some(ip) = s.neuron_axons.get(hotkey) {
                        let axon_ty = s.field_ty(item_ty, "axon_info");
                        let (ip, ip_type) = encode_ip(*ip);
                        fields.push((
                            "axon_info",
                            s.composite_with(
                                axon_ty,
                                &[
                                    ("ip", Value::u128(ip)),
                                    ("ip_type", Value::u128(ip_type as u128)),
                                    ("protocol", Value::u128(4)),
                                ],
                            ),
                        ));
                    }
                    s.composite_with(item_ty, &fields)
                })
                .collect();
            let bytes = s.encode(&Value::unnamed_composite(values), out_ty);
            s.neurons.insert(netuid, bytes);
        });
    }

    /// The next submitted extrinsic fails with this `SubtensorModule` error.
    pub fn fail_next_with(&self, error: &str) {
        self.with(|s| s.fail_next = Some(error.to_string()));
    }

    /// Every extrinsic submitted so far, decoded.
    pub fn submitted(&self) -> Vec<Submitted> {
        self.with(|s| s.submitted.clone())
    }
}

impl Drop for ChainDouble {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            let _ = h.stop();
        }
    }
}
