//! The validator-facing gRPC service (`basilca.miner.v1.MinerDiscovery`, PROTOCOL.md section 1):
//! authentication with signed, fresh, single-use requests, and key deployment for the
//! assigned validator through the fleet engine.

pub mod checks;
pub mod daemon;
pub mod metrics;
pub mod permits;
pub mod ratelimit;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use tonic::{Request, Response, Status};

use crate::core::authorized_keys::{self, PublicKey};
pub(crate) use crate::core::clock::unix_now as now;
use crate::core::fleet::{self, remote_keys, Fleet, Target};
use crate::core::registry::NodeRecord;
use crate::core::signing;
use crate::core::store::{Audit, DeployedKey, Store};
use crate::core::wallet::Keypair;
use crate::proto::basilca::common::v1 as common;
use crate::proto::basilca::miner::v1 as pb;
use checks::{cut, Rejection, Verifier};
use metrics::Metrics;
use permits::Permits;

/// Session lifetime handed to validators.
pub const SESSION_SECS: i64 = 3600;

/// Everything the service needs, shared across requests and background tasks.
pub struct Miner {
    pub hotkey: Keypair,
    pub verifier: Verifier,
    pub permits: Arc<Permits>,
    pub store: Mutex<Store>,
    pub fleet: Arc<Fleet>,
    pub nodes: Vec<NodeRecord>,
    pub metrics: Arc<Metrics>,
    /// The GPU inventory of each node from its last health check.
    pub gpus: Mutex<std::collections::HashMap<uuid::Uuid, Vec<crate::core::gpu::Gpu>>>,
}


fn timestamp(secs: i64) -> common::Timestamp {
    common::Timestamp { value: Some(prost_types::Timestamp { seconds: secs, nanos: 0 }) }
}

fn seconds(ts: &Option<common::Timestamp>) -> Option<i64> {
    ts.as_ref().and_then(|t| t.value.as_ref()).map(|v| v.seconds)
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the OS random source is available");
    hex::encode(buf)
}

impl Miner {
    pub(crate) fn audit(&self, kind: &str, validator: Option<&str>, peer: Option<&str>, outcome: &str, detail: Option<&str>) {
        if let Err(e) = self.store.lock().expect("store lock").audit(now(), &Audit { kind, validator_hotkey: validator, peer, outcome, detail }) {
            tracing::error!(error = %e, "cannot write the audit log");
        }
    }

    /// Signature, freshness, replay and permit checks shared by both RPCs.
    fn admit(&self, hotkey: &str, nonce: &str, ts: Option<i64>, signature: &str, payload: impl FnOnce(i64) -> String) -> Result<(), Rejection> {
        let now = now();
        self.verifier.check_signed(hotkey, nonce, ts, signature, payload, now)?;
        // Claimed only after the signature verified, so nobody can burn a validator's nonces.
        let fresh = self
            .store
            .lock()
            .expect("store lock")
            .claim_nonce(hotkey, nonce, now, now + 2 * self.verifier.window_secs)
            .map_err(|e| Rejection::new("INTERNAL", e.to_string()))?;
        if !fresh {
            return Err(Rejection::new("REPLAYED_NONCE", "this nonce was already used"));
        }
        if !self.permits.has_permit(hotkey) {
            return Err(Rejection::new("NO_VALIDATOR_PERMIT", format!("{hotkey} holds no validator permit on this subnet")));
        }
        Ok(())
    }

    /// Deploys `key` for `hotkey` exclusively on every node; returns the nodes where it is in place.
    pub async fn deploy(&self, hotkey: &str, key: &PublicKey) -> Vec<(NodeRecord, Result<bool, fleet::NodeError>)> {
        let targets: Vec<Target> = self.nodes.iter().map(Target::from).collect();
        let fleet = &self.fleet;
        let results = fleet::for_each(&targets, &|_| {}, |t| async move {
            remote_keys::edit(fleet, t, |c| Ok(authorized_keys::deploy_exclusive(c, key, hotkey))).await.map(|e| e.changed())
        })
        .await;
        let mut out = Vec::new();
        for (record, result) in self.nodes.iter().zip(results) {
            match &result {
                Ok(changed) => {
                    self.metrics.deployment(true);
                    let _ = self.store.lock().expect("store lock").set_deployed(&DeployedKey {
                        node_id: record.node_id.to_string(),
                        validator_hotkey: hotkey.to_string(),
                        fingerprint: key.fingerprint(),
                        public_key: key.validator_line(hotkey),
                        deployed_at: now(),
                    });
                    if *changed {
                        tracing::info!(node = %record.address(), validator = hotkey, fingerprint = %key.fingerprint(), "Deployed SSH key for validator");
                    }
                }
                Err(e) => {
                    self.metrics.deployment(false);
                    tracing::error!(node = %record.address(), validator = hotkey, code = %e.code, error = %e.message, "SSH key deployment failed");
                }
            }
            out.push((record.clone(), result));
        }
        out
    }
}

/// The tonic service.
#[derive(Clone)]
pub struct Service(pub Arc<Miner>);

fn peer_of<T>(req: &Request<T>) -> Option<String> {
    req.remote_addr().map(|a| a.ip().to_string())
}

#[tonic::async_trait]
impl pb::miner_discovery_server::MinerDiscovery for Service {
    async fn authenticate_validator(&self, request: Request<pb::ValidatorAuthRequest>) -> Result<Response<pb::MinerAuthResponse>, Status> {
        let started = Instant::now();
        let m = &self.0;
        let peer = peer_of(&request);
        let r = request.into_inner();
        let result = m.verifier.check_target(&r.target_miner_hotkey).and_then(|_| {
            m.admit(&r.validator_hotkey, &r.nonce, seconds(&r.timestamp), &r.signature, |ts| signing::auth_payload(&r.nonce, &r.target_miner_hotkey, ts))
        });
        let response = match result {
            Err(rej) => {
                m.metrics.auth(false);
                tracing::warn!(validator = %cut(&r.validator_hotkey), peer = peer.as_deref().unwrap_or("?"), code = rej.code, "Validator authentication refused: {}", rej.message);
                m.audit("authenticate", Some(&cut(&r.validator_hotkey)), peer.as_deref(), rej.code, Some(&rej.message));
                pb::MinerAuthResponse {
                    authenticated: false,
                    error: Some(common::ErrorInfo { code: rej.code.into(), message: rej.message, timestamp: Some(timestamp(now())), ..Default::default() }),
                    miner_hotkey: m.hotkey.ss58.clone(),
                    ..Default::default()
                }
            }
            Ok(()) => {
                let token = random_hex(32);
                let response_nonce = uuid::Uuid::new_v4().to_string();
                let issued = now();
                let expires = issued + SESSION_SECS;
                m.store.lock().expect("store lock").add_session(&token, &r.validator_hotkey, expires, issued).map_err(|e| Status::internal(e.to_string()))?;
                let signature = signing::sign_hex(&m.hotkey, &signing::miner_response_payload(&r.validator_hotkey, &response_nonce, &token));
                m.metrics.auth(true);
                tracing::info!(validator = %r.validator_hotkey, peer = peer.as_deref().unwrap_or("?"), "Successfully authenticated validator");
                m.audit("authenticate", Some(&r.validator_hotkey), peer.as_deref(), "ok", None);
                pb::MinerAuthResponse {
                    authenticated: true,
                    session_token: token,
                    expires_at: Some(timestamp(expires)),
                    error: None,
                    miner_hotkey: m.hotkey.ss58.clone(),
                    miner_signature: signature,
                    response_nonce,
                }
            }
        };
        m.metrics.latency("AuthenticateValidator", started.elapsed());
        Ok(Response::new(response))
    }

    async fn discover_nodes(&self, request: Request<pb::DiscoverNodesRequest>) -> Result<Response<pb::ListNodeConnectionDetailsResponse>, Status> {
        let started = Instant::now();
        let m = &self.0;
        let peer = peer_of(&request);
        let r = request.into_inner();
        let refuse = |rej: Rejection, status: fn(String) -> Status| {
            tracing::warn!(validator = %cut(&r.validator_hotkey), peer = peer.as_deref().unwrap_or("?"), code = rej.code, "DiscoverNodes refused: {}", rej.message);
            m.audit("discover", Some(&cut(&r.validator_hotkey)), peer.as_deref(), rej.code, Some(&rej.message));
            status(format!("{}: {}", rej.code, rej.message))
        };
        if !r.target_miner_hotkey.is_empty() {
            m.verifier.check_target(&r.target_miner_hotkey).map_err(|rej| refuse(rej, Status::permission_denied))?;
        }
        if let Err(rej) = m.admit(&r.validator_hotkey, &r.nonce, seconds(&r.timestamp), &r.signature, |ts| signing::discover_payload(&r.validator_hotkey, &r.nonce, ts)) {
            let status = if rej.code == "NO_VALIDATOR_PERMIT" { Status::permission_denied } else { Status::unauthenticated };
            return Err(refuse(rej, status));
        }
        if m.permits.assigned().as_deref() != Some(r.validator_hotkey.as_str()) {
            m.audit("discover", Some(&r.validator_hotkey), peer.as_deref(), "not_assigned", None);
            tracing::info!(validator = %r.validator_hotkey, "DiscoverNodes from a permitted validator that is not assigned: empty list");
            return Ok(Response::new(pb::ListNodeConnectionDetailsResponse { nodes: vec![] }));
        }
        let key = PublicKey::parse(&r.validator_public_key)
            .map_err(|e| refuse(Rejection::new("INVALID_PUBLIC_KEY", e.to_string()), Status::invalid_argument))?;
        tracing::info!(validator = %r.validator_hotkey, fingerprint = %key.fingerprint(), nodes = m.nodes.len(), "Deploying SSH key for validator");
        let results = m.deploy(&r.validator_hotkey, &key).await;
        let mut nodes = Vec::new();
        let mut failed = 0;
        for (record, result) in results {
            if result.is_err() {
                failed += 1;
                continue;
            }
            nodes.push(pb::NodeConnectionDetails {
                node_id: record.node_id.to_string(),
                host: record.host.clone(),
                port: record.port.to_string(),
                username: record.username.clone(),
                additional_opts: record.additional_opts.clone().unwrap_or_default(),
                gpu_spec: m.gpus.lock().expect("gpus lock").get(&record.node_id).and_then(|g| g.first()).map(|g| common::GpuSpec {
                    model: g.name.clone(),
                    memory_mb: g.memory_total_mib.unwrap_or(0),
                    uuid: g.uuid.clone().unwrap_or_default(),
                    driver_version: g.driver_version.clone().unwrap_or_default(),
                    cuda_version: String::new(),
                }),
                status: "available".into(),
                hourly_rate_cents: crate::core::node::rate_cents(record.hourly_rate_per_gpu),
            });
        }
        let detail = format!("{} node(s) ready, {failed} failed", nodes.len());
        m.audit("discover", Some(&r.validator_hotkey), peer.as_deref(), "ok", Some(&detail));
        m.metrics.latency("DiscoverNodes", started.elapsed());
        Ok(Response::new(pb::ListNodeConnectionDetailsResponse { nodes }))
    }
}
