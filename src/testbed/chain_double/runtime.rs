//! The chain double's state: its blocks, storage and events, encoded against the finney
//! metadata's own types, and the effects of the few extrinsics tests submit.

use std::collections::HashMap;

use jsonrpsee::types::ErrorObjectOwned;
use serde_json::{json, Value as Json};
use sp_crypto_hashing::{blake2_128, blake2_256, twox_128};
use subxt::ext::codec::{Compact, Decode, Encode};
use subxt::ext::scale_encode::EncodeAsType;
use subxt::ext::scale_value::{self, Value};
use subxt::Metadata;

use super::Submitted;

pub(super) struct Block {
    pub(super) hash: [u8; 32],
    pub(super) number: u32,
    pub(super) parent: [u8; 32],
    pub(super) extrinsics: Vec<Vec<u8>>,
}

pub(super) struct State {
    pub(super) md: Metadata,
    pub(super) raw_metadata: Vec<u8>,
    pub(super) storage: HashMap<Vec<u8>, Vec<u8>>,
    pub(super) events: HashMap<[u8; 32], Vec<u8>>,
    pub(super) blocks: Vec<Block>,
    pub(super) submitted: Vec<Submitted>,
    pub(super) fail_next: Option<String>,
    pub(super) neurons: HashMap<u16, Vec<u8>>,
    /// Axon IPs that `set_neurons` puts in the neurons' `axon_info`.
    pub(super) neuron_axons: HashMap<[u8; 32], std::net::IpAddr>,
    pub(super) next_uid: u16,
}

pub(super) fn err(msg: impl Into<String>) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(-32602, msg.into(), None::<()>)
}

pub(super) fn hex0x(b: &[u8]) -> String {
    format!("0x{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>())
}

pub(super) fn unhex(s: &str) -> Result<Vec<u8>, ErrorObjectOwned> {
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

/// How a storage map hashes its keys.
#[derive(Clone, Copy)]
pub enum Hasher {
    /// The key as it is.
    Identity,
    /// blake2_128 of the key, then the key.
    Blake2_128Concat,
}

impl State {
    pub(super) fn head(&self) -> &Block {
        self.blocks.last().expect("genesis exists")
    }

    pub(super) fn block(&self, hash: Option<&str>) -> Result<&Block, ErrorObjectOwned> {
        match hash {
            None => Ok(self.head()),
            Some(h) => {
                let want = unhex(h)?;
                self.blocks.iter().find(|b| b.hash.as_slice() == want.as_slice()).ok_or_else(|| err("unknown block"))
            }
        }
    }

    pub(super) fn push_block(&mut self, extrinsics: Vec<Vec<u8>>) -> [u8; 32] {
        let parent = self.head().hash;
        let number = self.head().number + 1;
        let hash = header_hash(parent, number);
        self.blocks.push(Block { hash, number, parent, extrinsics });
        hash
    }

    pub(super) fn value_ty(&self, pallet: &str, entry: &str) -> u32 {
        self.md.pallet_by_name(pallet).unwrap().storage().unwrap().entry_by_name(entry).unwrap().value_ty()
    }

    pub(super) fn encode(&self, value: &Value<()>, ty: u32) -> Vec<u8> {
        value
            .encode_as_type(ty, self.md.types())
            .unwrap_or_else(|e| panic!("double: cannot encode {value} as type {ty}: {e}"))
    }

    /// A value of type `ty` with every field at its zero/first-variant default and the named
    /// fields of a composite replaced.
    pub(super) fn composite_with(&self, ty: u32, overrides: &[(&str, Value<()>)]) -> Value<()> {
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

    pub(super) fn default_value(&self, ty: u32) -> Value<()> {
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

    pub(super) fn field_ty(&self, ty: u32, field: &str) -> u32 {
        use scale_info::TypeDef;
        match &self.md.types().resolve(ty).unwrap().type_def {
            TypeDef::Composite(c) => c.fields.iter().find(|f| f.name.as_deref() == Some(field)).unwrap().ty.id,
            TypeDef::Sequence(s) => self.field_ty(s.type_param.id, field),
            other => panic!("double: {other:?} has no field {field}"),
        }
    }

    pub(super) fn variant_field_ty(&self, ty: u32, variant: &str, index: usize) -> u32 {
        use scale_info::TypeDef;
        match &self.md.types().resolve(ty).unwrap().type_def {
            TypeDef::Variant(v) => v.variants.iter().find(|x| x.name == variant).unwrap().fields[index].ty.id,
            other => panic!("double: {other:?} has no variant {variant}"),
        }
    }

    /// `System.Events` for an extrinsic at index 0: success, or failure with a pallet error.
    pub(super) fn events_for(&self, failure: Option<&str>) -> Vec<u8> {
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

    pub(super) fn record_extrinsic(&mut self, bytes: &[u8]) -> Result<Submitted, ErrorObjectOwned> {
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

    pub(super) fn apply_effects(&mut self, s: &Submitted) {
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

    pub(super) fn state_call(&self, method: &str, data: &[u8]) -> Result<Vec<u8>, ErrorObjectOwned> {
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

pub(super) fn header_hash(parent: [u8; 32], number: u32) -> [u8; 32] {
    let mut h = parent.to_vec();
    Compact(number).encode_to(&mut h);
    h.extend([0u8; 64]);
    Compact(0u32).encode_to(&mut h);
    blake2_256(&h)
}

pub(super) fn header_json(b: &Block) -> Json {
    json!({
        "parentHash": hex0x(&b.parent),
        "number": format!("0x{:x}", b.number),
        "stateRoot": hex0x(&[0u8; 32]),
        "extrinsicsRoot": hex0x(&[0u8; 32]),
        "digest": { "logs": [] }
    })
}

pub(super) fn str_param(params: &jsonrpsee::types::Params<'_>, index: usize) -> Option<String> {
    let v: Vec<Json> = params.parse().unwrap_or_default();
    v.get(index).and_then(|x| x.as_str().map(str::to_string))
}
