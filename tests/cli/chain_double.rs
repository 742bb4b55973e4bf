//! A subtensor stand-in for tests: a loopback WebSocket JSON-RPC server serving the real
//! finney metadata (tests/fixtures/chain). Storage keys are computed here independently of
//! the client (twox128 prefixes, blake2_128_concat/identity hashers) and values are encoded
//! against the metadata's types, so a hit proves the client encoded its request right.
//! Submitted extrinsics are decoded and recorded; each one is put in a new finalized block
//! with the events the scenario asks for (success or a named pallet error). It runs no
//! runtime logic beyond the few storage effects tests need.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use basilica_miner::core::chain::encode_ip;
use jsonrpsee::server::{PendingSubscriptionSink, RpcModule, Server, ServerHandle, SubscriptionMessage};
use jsonrpsee::types::ErrorObjectOwned;
use serde_json::{json, Value as Json};
use sp_crypto_hashing::{blake2_128, blake2_256, twox_128};
use subxt::ext::codec::{Compact, Decode, Encode};
use subxt::ext::scale_encode::EncodeAsType;
use subxt::ext::scale_value::{self, Value, ValueDef};
use subxt::Metadata;

const METADATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chain/finney-spec424.scale");

/// One decoded extrinsic the client submitted.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub signer: [u8; 32],
    pub pallet: String,
    pub call: String,
    pub args: Vec<(String, Value<()>)>,
}

impl Submitted {
    pub fn arg(&self, name: &str) -> &Value<()> {
        &self.args.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no arg {name} in {self:?}")).1
    }
    pub fn arg_u128(&self, name: &str) -> u128 {
        flatten(self.arg(name)).into_iter().next().unwrap_or_else(|| panic!("{name} is not a number"))
    }
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

struct Block {
    hash: [u8; 32],
    number: u32,
    parent: [u8; 32],
    extrinsics: Vec<Vec<u8>>,
}

struct State {
    md: Metadata,
    raw_metadata: Vec<u8>,
    storage: HashMap<Vec<u8>, Vec<u8>>,
    events: HashMap<[u8; 32], Vec<u8>>,
    blocks: Vec<Block>,
    submitted: Vec<Submitted>,
    fail_next: Option<String>,
    neurons: HashMap<u16, Vec<u8>>,
    /// Axon IPs that `set_neurons` puts in the neurons' `axon_info`.
    neuron_axons: HashMap<[u8; 32], std::net::IpAddr>,
    next_uid: u16,
}

pub struct ChainDouble {
    pub url: String,
    addr: std::net::SocketAddr,
    state: Arc<Mutex<State>>,
    handle: Option<ServerHandle>,
    runtime: tokio::runtime::Runtime,
}

fn err(msg: impl Into<String>) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(-32602, msg.into(), None::<()>)
}

fn hex0x(b: &[u8]) -> String {
    format!("0x{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>())
}

fn unhex(s: &str) -> Result<Vec<u8>, ErrorObjectOwned> {
    let s = s.trim_start_matches("0x");
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| err(e.to_string()))).collect()
}

/// `twox128(pallet) ++ twox128(entry) ++ hashed keys`.
pub fn storage_key(pallet: &str, entry: &str, keys: &[(Hasher, Vec<u8>)]) -> Vec<u8> {
    let mut k = twox_128(pallet.as_bytes()).to_vec();
    k.extend(twox_128(entry.as_bytes()));
    for (h, bytes) in keys {
        match h {
            Hasher::Identity => k.extend(bytes),
            Hasher::Blake2_128Concat => {
                k.extend(blake2_128(bytes));
                k.extend(bytes);
            }
        }
    }
    k
}

#[derive(Clone, Copy)]
pub enum Hasher {
    Identity,
    Blake2_128Concat,
}

impl State {
    fn head(&self) -> &Block {
        self.blocks.last().expect("genesis exists")
    }

    fn block(&self, hash: Option<&str>) -> Result<&Block, ErrorObjectOwned> {
        match hash {
            None => Ok(self.head()),
            Some(h) => {
                let want = unhex(h)?;
                self.blocks.iter().find(|b| b.hash.as_slice() == want.as_slice()).ok_or_else(|| err("unknown block"))
            }
        }
    }

    fn push_block(&mut self, extrinsics: Vec<Vec<u8>>) -> [u8; 32] {
        let parent = self.head().hash;
        let number = self.head().number + 1;
        let hash = header_hash(parent, number);
        self.blocks.push(Block { hash, number, parent, extrinsics });
        hash
    }

    fn value_ty(&self, pallet: &str, entry: &str) -> u32 {
        self.md.pallet_by_name(pallet).unwrap().storage().unwrap().entry_by_name(entry).unwrap().value_ty()
    }

    fn encode(&self, value: &Value<()>, ty: u32) -> Vec<u8> {
        value
            .encode_as_type(ty, self.md.types())
            .unwrap_or_else(|e| panic!("double: cannot encode {value} as type {ty}: {e}"))
    }

    /// A value of type `ty` with every field at its zero/first-variant default and the named
    /// fields of a composite replaced.
    fn composite_with(&self, ty: u32, overrides: &[(&str, Value<()>)]) -> Value<()> {
        use scale_info::TypeDef;
        let t = self.md.types().resolve(ty).unwrap();
        match &t.type_def {
            TypeDef::Composite(c) => Value::named_composite(c.fields.iter().map(|f| {
                let name = f.name.clone().unwrap_or_default();
                let v = overrides
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| self.default_value(f.ty.id));
                (name, v)
            })),
            _ => self.default_value(ty),
        }
    }

    fn default_value(&self, ty: u32) -> Value<()> {
        use scale_info::{TypeDef, TypeDefPrimitive as P};
        let t = self.md.types().resolve(ty).unwrap();
        match &t.type_def {
            TypeDef::Composite(c) if c.fields.iter().all(|f| f.name.is_some()) => {
                Value::named_composite(c.fields.iter().map(|f| (f.name.clone().unwrap(), self.default_value(f.ty.id))))
            }
            TypeDef::Composite(c) => Value::unnamed_composite(c.fields.iter().map(|f| self.default_value(f.ty.id))),
            TypeDef::Variant(v) => {
                let first = &v.variants[0];
                Value::unnamed_variant(first.name.clone(), first.fields.iter().map(|f| self.default_value(f.ty.id)))
            }
            TypeDef::Sequence(_) => Value::unnamed_composite(Vec::<Value<()>>::new()),
            TypeDef::Array(a) => Value::unnamed_composite((0..a.len).map(|_| self.default_value(a.type_param.id))),
            TypeDef::Tuple(tu) => Value::unnamed_composite(tu.fields.iter().map(|f| self.default_value(f.id))),
            TypeDef::Primitive(P::Bool) => Value::bool(false),
            TypeDef::Primitive(P::Str) => Value::string(""),
            TypeDef::Primitive(P::Char) => Value::char('a'),
            TypeDef::Primitive(_) | TypeDef::Compact(_) => Value::u128(0),
            TypeDef::BitSequence(_) => Value::unnamed_composite(Vec::<Value<()>>::new()),
        }
    }

    fn field_ty(&self, ty: u32, field: &str) -> u32 {
        use scale_info::TypeDef;
        match &self.md.types().resolve(ty).unwrap().type_def {
            TypeDef::Composite(c) => c.fields.iter().find(|f| f.name.as_deref() == Some(field)).unwrap().ty.id,
            TypeDef::Sequence(s) => self.field_ty(s.type_param.id, field),
            other => panic!("double: {other:?} has no field {field}"),
        }
    }

    fn variant_field_ty(&self, ty: u32, variant: &str, index: usize) -> u32 {
        use scale_info::TypeDef;
        match &self.md.types().resolve(ty).unwrap().type_def {
            TypeDef::Variant(v) => v.variants.iter().find(|x| x.name == variant).unwrap().fields[index].ty.id,
            other => panic!("double: {other:?} has no variant {variant}"),
        }
    }

    /// `System.Events` for an extrinsic at index 0: success, or failure with a pallet error.
    fn events_for(&self, failure: Option<&str>) -> Vec<u8> {
        let events_ty = self.value_ty("System", "Events");
        let runtime_event = self.field_ty(events_ty, "event");
        let system_event = self.variant_field_ty(runtime_event, "System", 0);
        let (name, field_index) = if failure.is_some() { ("ExtrinsicFailed", 1) } else { ("ExtrinsicSuccess", 0) };
        let info_ty = self.variant_field_ty(system_event, name, field_index);
        let info = self.default_value(info_ty);
        let event = match failure {
            None => Value::named_variant("ExtrinsicSuccess", [("dispatch_info", info)]),
            Some(error) => {
                let pallet = self.md.pallet_by_name("SubtensorModule").unwrap();
                let index = pallet
                    .error_variants()
                    .unwrap()
                    .iter()
                    .find(|v| v.name == error)
                    .unwrap_or_else(|| panic!("no pallet error {error}"))
                    .index;
                let module = Value::named_composite([
                    ("index", Value::u128(pallet.error_index() as u128)),
                    ("error", Value::from_bytes([index, 0, 0, 0])),
                ]);
                Value::named_variant(
                    "ExtrinsicFailed",
                    [("dispatch_error", Value::unnamed_variant("Module", [module])), ("dispatch_info", info)],
                )
            }
        };
        let record = Value::named_composite([
            ("phase", Value::unnamed_variant("ApplyExtrinsic", [Value::u128(0)])),
            ("event", Value::unnamed_variant("System", [event])),
            ("topics", Value::unnamed_composite(Vec::<Value<()>>::new())),
        ]);
        self.encode(&Value::unnamed_composite([record]), events_ty)
    }

    fn record_extrinsic(&mut self, bytes: &[u8]) -> Result<Submitted, ErrorObjectOwned> {
        let mut cursor = bytes;
        let ext = subxt::ext::frame_decode::extrinsics::decode_extrinsic(&mut cursor, &self.md, self.md.types())
            .map_err(|e| err(format!("undecodable extrinsic: {e}")))?;
        let sig = ext.signature_payload().ok_or_else(|| err("unsigned extrinsic"))?;
        let addr = &bytes[sig.address_range()];
        if addr.len() != 33 || addr[0] != 0 {
            return Err(err("signer address is not MultiAddress::Id"));
        }
        let mut signer = [0u8; 32];
        signer.copy_from_slice(&addr[1..]);
        let mut args = Vec::new();
        for a in ext.call_data() {
            let mut slice = &bytes[a.range()];
            let v = scale_value::scale::decode_as_type(&mut slice, *a.ty(), self.md.types())
                .map_err(|e| err(e.to_string()))?;
            args.push((a.name().to_string(), v.remove_context()));
        }
        Ok(Submitted { signer, pallet: ext.pallet_name().to_string(), call: ext.call_name().to_string(), args })
    }

    fn apply_effects(&mut self, s: &Submitted) {
        let netuid = s.arg_u128("netuid") as u16;
        match s.call.as_str() {
            "burned_register" => {
                let hotkey = s.arg_bytes("hotkey");
                let uid = self.next_uid;
                self.next_uid += 1;
                let key = storage_key(
                    "SubtensorModule",
                    "Uids",
                    &[(Hasher::Identity, netuid.encode()), (Hasher::Blake2_128Concat, hotkey)],
                );
                self.storage.insert(key, uid.encode());
            }
            "serve_axon" => {
                let ty = self.value_ty("SubtensorModule", "Axons");
                let v = self.composite_with(
                    ty,
                    &[
                        ("block", Value::u128(self.head().number as u128)),
                        ("ip", Value::u128(s.arg_u128("ip"))),
                        ("port", Value::u128(s.arg_u128("port"))),
                        ("ip_type", Value::u128(s.arg_u128("ip_type"))),
                        ("protocol", Value::u128(s.arg_u128("protocol"))),
                    ],
                );
                let bytes = self.encode(&v, ty);
                let key = storage_key(
                    "SubtensorModule",
                    "Axons",
                    &[(Hasher::Identity, netuid.encode()), (Hasher::Blake2_128Concat, s.signer.to_vec())],
                );
                self.storage.insert(key, bytes);
            }
            _ => {}
        }
    }

    fn state_call(&self, method: &str, data: &[u8]) -> Result<Vec<u8>, ErrorObjectOwned> {
        Ok(match method {
            "Core_version" => {
                let apis: Vec<([u8; 8], u32)> = Vec::new();
                ("node-subtensor".to_string(), "node-subtensor".to_string(), 1u32, 424u32, 1u32, apis, 1u32, 1u8)
                    .encode()
            }
            "Metadata_metadata_versions" => vec![14u32, 15, 16].encode(),
            "Metadata_metadata_at_version" => {
                let v = u32::decode(&mut &data[..]).map_err(|e| err(e.to_string()))?;
                if v == 16 {
                    Some(self.raw_metadata.clone()).encode()
                } else {
                    None::<Vec<u8>>.encode()
                }
            }
            "Metadata_metadata" => self.raw_metadata.encode(),
            "AccountNonceApi_account_nonce" => 0u32.encode(),
            "NeuronInfoRuntimeApi_get_neurons_lite" => {
                let netuid = u16::decode(&mut &data[..]).map_err(|e| err(e.to_string()))?;
                self.neurons.get(&netuid).cloned().unwrap_or_else(|| Vec::<u8>::new().encode())
            }
            other => return Err(err(format!("chain double: state_call {other} is not served"))),
        })
    }
}

fn header_hash(parent: [u8; 32], number: u32) -> [u8; 32] {
    let mut h = parent.to_vec();
    Compact(number).encode_to(&mut h);
    h.extend([0u8; 64]);
    Compact(0u32).encode_to(&mut h);
    blake2_256(&h)
}

fn header_json(b: &Block) -> Json {
    json!({
        "parentHash": hex0x(&b.parent),
        "number": format!("0x{:x}", b.number),
        "stateRoot": hex0x(&[0u8; 32]),
        "extrinsicsRoot": hex0x(&[0u8; 32]),
        "digest": { "logs": [] }
    })
}

fn str_param(params: &jsonrpsee::types::Params<'_>, index: usize) -> Option<String> {
    let v: Vec<Json> = params.parse().unwrap_or_default();
    v.get(index).and_then(|x| x.as_str().map(str::to_string))
}

impl ChainDouble {
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

    pub fn set_burn(&self, netuid: u16, rao: u64) {
        self.with(|s| {
            s.storage
                .insert(storage_key("SubtensorModule", "Burn", &[(Hasher::Identity, netuid.encode())]), rao.encode());
        });
    }

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

async fn serve(state: Arc<Mutex<State>>, addr: std::net::SocketAddr) -> (std::net::SocketAddr, ServerHandle) {
    try_serve(state, addr).await.unwrap_or_else(|e| panic!("chain double cannot listen on {addr}: {e}"))
}

async fn try_serve(
    state: Arc<Mutex<State>>,
    addr: std::net::SocketAddr,
) -> std::io::Result<(std::net::SocketAddr, ServerHandle)> {
    let server = Server::builder().build(addr).await?;
    let addr = server.local_addr()?;
    let mut m = RpcModule::new(state);
    m.register_method("chain_getBlockHash", |p, st, _| {
        let s = st.lock().unwrap();
        let v: Vec<Json> = p.parse().unwrap_or_default();
        let hash = match v.first().and_then(serde_json::Value::as_u64) {
            Some(n) => s.blocks.iter().find(|b| b.number as u64 == n).map(|b| hex0x(&b.hash)),
            None => Some(hex0x(&s.head().hash)),
        };
        Ok::<_, ErrorObjectOwned>(json!(hash))
    })
    .unwrap();
    m.register_method("chain_getFinalizedHead", |_, st, _| {
        Ok::<_, ErrorObjectOwned>(json!(hex0x(&st.lock().unwrap().head().hash)))
    })
    .unwrap();
    m.register_method("chain_getHeader", |p, st, _| {
        let s = st.lock().unwrap();
        s.block(str_param(&p, 0).as_deref()).map(header_json)
    })
    .unwrap();
    m.register_method("chain_getBlock", |p, st, _| {
        let s = st.lock().unwrap();
        let b = s.block(str_param(&p, 0).as_deref())?;
        let exts: Vec<String> = b.extrinsics.iter().map(|e| hex0x(e)).collect();
        Ok::<_, ErrorObjectOwned>(
            json!({ "block": { "header": header_json(b), "extrinsics": exts }, "justifications": null }),
        )
    })
    .unwrap();
    m.register_method("state_getStorage", |p, st, _| {
        let s = st.lock().unwrap();
        let key = unhex(&str_param(&p, 0).ok_or_else(|| err("missing key"))?)?;
        let at = s.block(str_param(&p, 1).as_deref())?.hash;
        let events_key = storage_key("System", "Events", &[]);
        let value = if key == events_key { s.events.get(&at).cloned() } else { s.storage.get(&key).cloned() };
        Ok::<_, ErrorObjectOwned>(json!(value.map(|v| hex0x(&v))))
    })
    .unwrap();
    m.register_method("state_call", |p, st, _| {
        let s = st.lock().unwrap();
        let method = str_param(&p, 0).ok_or_else(|| err("missing method"))?;
        let data = unhex(&str_param(&p, 1).unwrap_or_default())?;
        s.state_call(&method, &data).map(|r| json!(hex0x(&r)))
    })
    .unwrap();
    m.register_method("system_accountNextIndex", |_, _, _| Ok::<_, ErrorObjectOwned>(json!(0))).unwrap();
    m.register_subscription(
        "author_submitAndWatchExtrinsic",
        "author_extrinsicUpdate",
        "author_unwatchExtrinsic",
        |p, pending: PendingSubscriptionSink, st, _| async move {
            let hex = str_param(&p, 0).unwrap_or_default();
            let outcome = (|| {
                let bytes = unhex(&hex)?;
                let mut s = st.lock().unwrap();
                let submitted = s.record_extrinsic(&bytes)?;
                let failure = s.fail_next.take();
                if failure.is_none() {
                    s.apply_effects(&submitted);
                }
                s.submitted.push(submitted);
                let hash = s.push_block(vec![bytes]);
                let events = s.events_for(failure.as_deref());
                s.events.insert(hash, events);
                Ok::<_, ErrorObjectOwned>(hash)
            })();
            match outcome {
                Err(e) => pending.reject(e).await,
                Ok(hash) => {
                    let Ok(sink) = pending.accept().await else { return };
                    for update in
                        [json!("ready"), json!({ "inBlock": hex0x(&hash) }), json!({ "finalized": hex0x(&hash) })]
                    {
                        let msg: SubscriptionMessage = serde_json::value::to_raw_value(&update).unwrap().into();
                        if sink.send(msg).await.is_err() {
                            return;
                        }
                    }
                }
            }
        },
    )
    .unwrap();
    let handle = server.start(m);
    Ok((addr, handle))
}
