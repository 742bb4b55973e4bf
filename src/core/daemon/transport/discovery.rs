//! The validator-facing gRPC service (`basilca.miner.v1.MinerDiscovery`, docs/protocol.md
//! section 1) and its proto conversions: requests in, the miner's actions
//! (the gate's `admit`, [`keys::deploy`](crate::core::daemon::keys::deploy)) called, answers out.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use tonic::{Request, Response, Status};

use crate::core::daemon::state::store::Audit;
use crate::core::daemon::transport::checks::Rejection;
use crate::core::daemon::transport::gate::{unavailable, Gate, NotAdmitted, Signed};
use crate::core::daemon::{metrics, now, Miner, SESSION_SECS};
use crate::core::identity::signing;
use crate::core::nodes::authorized_keys::PublicKey;
use crate::proto::basilca::common::v1 as common;
use crate::proto::basilca::miner::v1 as pb;

fn timestamp(secs: i64) -> common::Timestamp {
    common::Timestamp { value: Some(prost_types::Timestamp { seconds: secs, nanos: 0 }) }
}

fn seconds(ts: &Option<common::Timestamp>) -> Option<i64> {
    ts.as_ref().and_then(|t| t.value.as_ref()).map(|v| v.seconds)
}

fn random_hex(bytes: usize) -> Result<String, Status> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| Status::unavailable(format!("no randomness from the OS: {e}")))?;
    Ok(hex::encode(buf))
}

/// The first GPU of a node's last health check, as the wire's `GpuSpec`.
fn gpu_spec(m: &Miner, node: &uuid::Uuid) -> Option<common::GpuSpec> {
    let state = m.book.state(node)?;
    state.gpus.first().map(|g| common::GpuSpec {
        model: g.name.clone(),
        memory_mb: g.memory_total_mib.unwrap_or(0),
        uuid: g.uuid.clone().unwrap_or_default(),
        driver_version: g.driver_version.clone().unwrap_or_default(),
        cuda_version: String::new(),
    })
}

/// The tonic service. Its handlers run on `work`, the daemon's main (multi-threaded) runtime:
/// the server itself runs on a thread of its own (`daemon/run.rs`), which only speaks HTTP/2,
/// applies the rate limit and answers what it refuses.
#[derive(Clone)]
pub struct Service {
    miner: Arc<Miner>,
    gate: Arc<Gate>,
    work: tokio::runtime::Handle,
}

impl Service {
    /// The generation-1 service behind `gate`, running blocking work on `work`.
    pub fn new(miner: Arc<Miner>, gate: Arc<Gate>, work: tokio::runtime::Handle) -> Service {
        Service { miner, gate, work }
    }

    /// Runs a handler on the main runtime and waits for its answer.
    async fn on_work<T: Send + 'static>(
        &self,
        handler: impl std::future::Future<Output = Result<T, Status>> + Send + 'static,
    ) -> Result<T, Status> {
        self.work.spawn(handler).await.unwrap_or_else(|e| Err(Status::internal(format!("the request failed: {e}"))))
    }
}

fn peer_of<T>(req: &Request<T>) -> Option<IpAddr> {
    req.remote_addr().map(|a| a.ip())
}

#[tonic::async_trait]
impl pb::miner_discovery_server::MinerDiscovery for Service {
    async fn authenticate_validator(
        &self,
        request: Request<pb::ValidatorAuthRequest>,
    ) -> Result<Response<pb::MinerAuthResponse>, Status> {
        self.on_work(authenticate(self.miner.clone(), self.gate.clone(), request)).await
    }

    async fn discover_nodes(
        &self,
        request: Request<pb::DiscoverNodesRequest>,
    ) -> Result<Response<pb::ListNodeConnectionDetailsResponse>, Status> {
        self.on_work(discover(self.miner.clone(), self.gate.clone(), request)).await
    }
}

async fn authenticate(
    miner: Arc<Miner>,
    gate: Arc<Gate>,
    request: Request<pb::ValidatorAuthRequest>,
) -> Result<Response<pb::MinerAuthResponse>, Status> {
    let started = Instant::now();
    let m = &miner;
    let peer = peer_of(&request);
    let peer_text = peer.map(|p| p.to_string());
    let r = request.into_inner();
    let token = random_hex(32)?;
    let issued = now();
    let expires = issued + SESSION_SECS;
    let result = match gate.verifier.check_target(&r.target_miner_hotkey) {
        Err(rej) => Err(NotAdmitted::Refused(rej)),
        Ok(()) => {
            let (validator, peer_row) = (r.validator_hotkey.clone(), peer_text.clone());
            gate.admit(
                m,
                Signed {
                    hotkey: &r.validator_hotkey,
                    nonce: &r.nonce,
                    ts: seconds(&r.timestamp),
                    signature: &r.signature,
                },
                |ts| signing::auth_payload(&r.nonce, &r.target_miner_hotkey, ts),
                move |s| {
                    s.audit(
                        issued,
                        &Audit {
                            kind: "authenticate",
                            validator_hotkey: Some(&validator),
                            peer: peer_row.as_deref(),
                            outcome: "ok",
                            detail: None,
                        },
                    )
                },
            )
            .await
        }
    };
    let response = match result {
        Err(NotAdmitted::Storage(e)) => {
            m.metrics.auth(false);
            return Err(unavailable(m, metrics::DbOp::Authenticate, &e));
        }
        Err(NotAdmitted::Refused(rej)) => {
            m.metrics.auth(false);
            gate.refuse(m, "authenticate", &r.validator_hotkey, peer, &rej);
            pb::MinerAuthResponse {
                authenticated: false,
                error: Some(common::ErrorInfo {
                    code: rej.code.into(),
                    message: rej.message,
                    timestamp: Some(timestamp(now())),
                    ..Default::default()
                }),
                miner_hotkey: m.hotkey.ss58.clone(),
                ..Default::default()
            }
        }
        Ok(()) => {
            let response_nonce = uuid::Uuid::new_v4().to_string();
            let signature = signing::sign_hex(
                &m.hotkey,
                &signing::miner_response_payload(&r.validator_hotkey, &response_nonce, &token),
            );
            m.metrics.auth(true);
            tracing::info!(validator = %r.validator_hotkey, peer = peer_text.as_deref().unwrap_or("?"), "Successfully authenticated validator");
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

async fn discover(
    miner: Arc<Miner>,
    gate: Arc<Gate>,
    request: Request<pb::DiscoverNodesRequest>,
) -> Result<Response<pb::ListNodeConnectionDetailsResponse>, Status> {
    let started = Instant::now();
    let m = &miner;
    let peer = peer_of(&request);
    let peer_text = peer.map(|p| p.to_string());
    let r = request.into_inner();
    let refuse = |rej: Rejection, status: fn(String) -> Status| {
        gate.refuse(m, "discover", &r.validator_hotkey, peer, &rej);
        status(format!("{}: {}", rej.code, rej.message))
    };
    if !r.target_miner_hotkey.is_empty() {
        gate.verifier.check_target(&r.target_miner_hotkey).map_err(|rej| refuse(rej, Status::permission_denied))?;
    }
    match gate
        .admit(
            m,
            Signed { hotkey: &r.validator_hotkey, nonce: &r.nonce, ts: seconds(&r.timestamp), signature: &r.signature },
            |ts| signing::discover_payload(&r.validator_hotkey, &r.nonce, ts),
            |_| Ok(()),
        )
        .await
    {
        Ok(()) => {}
        Err(NotAdmitted::Storage(e)) => return Err(unavailable(m, metrics::DbOp::Discover, &e)),
        Err(NotAdmitted::Refused(rej)) => {
            let status =
                if rej.code == "NO_VALIDATOR_PERMIT" { Status::permission_denied } else { Status::unauthenticated };
            return Err(refuse(rej, status));
        }
    }
    if m.permits.assigned().as_deref() != Some(r.validator_hotkey.as_str()) {
        m.audit("discover", Some(&r.validator_hotkey), peer_text.as_deref(), "not_assigned", None);
        tracing::info!(validator = %r.validator_hotkey, "DiscoverNodes from a permitted validator that is not assigned: empty list");
        return Ok(Response::new(pb::ListNodeConnectionDetailsResponse { nodes: vec![] }));
    }
    let key = PublicKey::parse(&r.validator_public_key)
        .map_err(|e| refuse(Rejection::new("INVALID_PUBLIC_KEY", e.to_string()), Status::invalid_argument))?;
    tracing::info!(validator = %r.validator_hotkey, fingerprint = %key.fingerprint(), nodes = m.book.nodes().len(), "Deploying SSH key for validator");
    let results = crate::core::daemon::keys::deploy(m, &r.validator_hotkey, &key).await;
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
            gpu_spec: gpu_spec(m, &record.node_id),
            status: "available".into(),
            hourly_rate_cents: m.price_cents(&record),
        });
    }
    let detail = format!("{} node(s) ready, {failed} failed", nodes.len());
    m.audit("discover", Some(&r.validator_hotkey), peer_text.as_deref(), "ok", Some(&detail));
    m.metrics.latency("DiscoverNodes", started.elapsed());
    Ok(Response::new(pb::ListNodeConnectionDetailsResponse { nodes }))
}
