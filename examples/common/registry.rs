//! A generation-2 validator for the benchmarks: a MinerRegistration server in the example's own
//! process that checks each signature (sr25519 over the payloads of docs/protocol.md), accepts
//! every registration with one SSH key and heartbeat interval, counts every advertised node
//! active, and records when each signed heartbeat arrived.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use basilica_miner::core::identity::signing::verify_raw;
use basilica_miner::proto::basilca::miner::v1 as pb;
use pb::miner_registration_server::{MinerRegistration, MinerRegistrationServer};
use tonic::{Request, Response, Status};

pub struct Registry {
    key: String,
    interval: u32,
    beats: Mutex<Vec<Instant>>,
    /// Requests whose signature did not verify.
    forged: Mutex<u64>,
}

#[derive(Clone)]
struct Service(Arc<Registry>);

impl Registry {
    /// Serves on `addr` (a free port) until the runtime stops.
    pub async fn serve(addr: SocketAddr, key: &str, interval: u32) -> Arc<Registry> {
        let registry =
            Arc::new(Registry { key: key.to_string(), interval, beats: Mutex::default(), forged: Mutex::default() });
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let incoming = tonic::transport::server::TcpIncoming::from(listener);
        let service = MinerRegistrationServer::new(Service(registry.clone()));
        tokio::spawn(tonic::transport::Server::builder().add_service(service).serve_with_incoming(incoming));
        registry
    }

    /// When each good heartbeat arrived, in order.
    pub fn heartbeats(&self) -> Vec<Instant> {
        self.beats.lock().unwrap().clone()
    }

    pub fn forged(&self) -> u64 {
        *self.forged.lock().unwrap()
    }

    fn check(&self, hotkey: &str, payload: &str, signature: &[u8]) -> Result<(), Status> {
        verify_raw(hotkey, payload, signature).map_err(|e| {
            *self.forged.lock().unwrap() += 1;
            Status::unauthenticated(format!("invalid signature: {e}"))
        })
    }
}

#[tonic::async_trait]
impl MinerRegistration for Service {
    async fn register_bid(
        &self,
        request: Request<pb::RegisterBidRequest>,
    ) -> Result<Response<pb::RegisterBidResponse>, Status> {
        let r = request.into_inner();
        self.0.check(&r.miner_hotkey, &format!("{}|{}", r.miner_hotkey, r.timestamp), &r.signature)?;
        Ok(Response::new(pb::RegisterBidResponse {
            accepted: true,
            registration_id: uuid::Uuid::new_v4().to_string(),
            validator_ssh_public_key: self.0.key.clone(),
            health_check_interval_secs: self.0.interval,
            error_message: String::new(),
        }))
    }

    async fn update_bid(
        &self,
        request: Request<pb::UpdateBidRequest>,
    ) -> Result<Response<pb::UpdateBidResponse>, Status> {
        let r = request.into_inner();
        let payload = format!("{}|{}|{}|{}", r.miner_hotkey, r.host, r.hourly_rate_cents, r.timestamp);
        self.0.check(&r.miner_hotkey, &payload, &r.signature)?;
        Ok(Response::new(pb::UpdateBidResponse { accepted: true, error_message: String::new() }))
    }

    async fn remove_bid(
        &self,
        request: Request<pb::RemoveBidRequest>,
    ) -> Result<Response<pb::RemoveBidResponse>, Status> {
        let r = request.into_inner();
        let payload = format!("{}|{}|{}", r.miner_hotkey, r.hosts.join(","), r.timestamp);
        self.0.check(&r.miner_hotkey, &payload, &r.signature)?;
        let removed = r.hosts.len() as u32;
        Ok(Response::new(pb::RemoveBidResponse {
            accepted: true,
            nodes_removed: removed,
            error_message: String::new(),
        }))
    }

    async fn health_check(
        &self,
        request: Request<pb::HealthCheckRequest>,
    ) -> Result<Response<pb::HealthCheckResponse>, Status> {
        let arrived = Instant::now();
        let r = request.into_inner();
        let payload = format!("{}|{}|{}", r.miner_hotkey, r.hosts.join(","), r.timestamp);
        self.0.check(&r.miner_hotkey, &payload, &r.signature)?;
        self.0.beats.lock().unwrap().push(arrived);
        let active = r.hosts.len() as u32;
        Ok(Response::new(pb::HealthCheckResponse {
            accepted: true,
            nodes_active: active,
            error_message: String::new(),
        }))
    }
}
