//! The JSON-RPC methods subxt calls, served by jsonrpsee over the double's state.

use std::sync::{Arc, Mutex};

use jsonrpsee::server::{PendingSubscriptionSink, RpcModule, Server, ServerHandle, SubscriptionMessage};
use jsonrpsee::types::ErrorObjectOwned;
use serde_json::{json, Value as Json};

use super::runtime::{err, header_json, hex0x, storage_key, str_param, unhex, State};

pub(super) async fn serve(
    state: Arc<Mutex<State>>,
    addr: std::net::SocketAddr,
) -> (std::net::SocketAddr, ServerHandle) {
    try_serve(state, addr).await.unwrap_or_else(|e| panic!("chain double cannot listen on {addr}: {e}"))
}

pub(super) async fn try_serve(
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
