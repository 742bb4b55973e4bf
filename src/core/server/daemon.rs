//! Running the service: gRPC (MinerDiscovery + health + reflection) with per-peer rate
//! limiting and size limits, the Prometheus endpoint, the metagraph refresh and the
//! reconcile loop, all stopped together on shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tonic::{Request, Status};

use super::ratelimit::RateLimiter;
use super::{now, Miner, Service};
use crate::core::authorized_keys::{self, PublicKey, Revoke};
use crate::core::chain::ChainClient;
use crate::core::fleet::{self, remote_keys, Target};
use crate::core::keys;
use crate::proto::basilca::miner::v1::miner_discovery_server::MinerDiscoveryServer;

/// Largest request accepted (validator keys are well under 16 KiB).
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;

pub struct DaemonSettings {
    pub grpc: SocketAddr,
    /// PEM certificate chain and private key: serve TLS instead of plaintext HTTP/2.
    pub tls: Option<(Vec<u8>, Vec<u8>)>,
    pub metrics: Option<SocketAddr>,
    pub request_timeout: Duration,
    /// `(requests per second, burst)` per peer address.
    pub rate_limit: Option<(u32, u32)>,
    pub reconcile_every: Duration,
    pub auto_recovery: bool,
    pub max_retry_attempts: u32,
    /// Chain connection and netuid for metagraph refreshes (none offline).
    pub metagraph: Option<(Arc<ChainClient>, u16, Duration)>,
}

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("gRPC server failed: {0}")]
    Grpc(String),
}

/// Serves until `shutdown` resolves, then stops accepting, lets in-flight requests finish and
/// closes every SSH master.
pub async fn run(miner: Arc<Miner>, settings: DaemonSettings, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<(), DaemonError> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let grpc_listener = tokio::net::TcpListener::bind(settings.grpc).await.map_err(|source| DaemonError::Bind { addr: settings.grpc, source })?;
    let grpc_addr = grpc_listener.local_addr().map_err(|source| DaemonError::Bind { addr: settings.grpc, source })?;

    let mut tasks = Vec::new();
    if let Some(addr) = settings.metrics {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| DaemonError::Bind { addr, source })?;
        let metrics = miner.metrics.clone();
        let app = axum::Router::new().route("/metrics", axum::routing::get(move || async move { metrics.render() }));
        let mut rx = stop_rx.clone();
        tracing::info!(%addr, "metrics on http://{addr}/metrics");
        tasks.push(tokio::spawn(async move {
            let _ = axum::serve(listener, app).with_graceful_shutdown(async move { let _ = rx.wait_for(|s| *s).await; }).await;
        }));
    }
    if let Some((chain, netuid, every)) = settings.metagraph.clone() {
        tasks.push(tokio::spawn(refresh_metagraph(miner.clone(), chain, netuid, every, stop_rx.clone())));
    }
    tasks.push(tokio::spawn(reconcile_loop(miner.clone(), settings.reconcile_every, settings.auto_recovery, settings.max_retry_attempts, stop_rx.clone())));

    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_serving::<MinerDiscoveryServer<Service>>().await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .map_err(|e| DaemonError::Grpc(e.to_string()))?;
    tracing::info!(%grpc_addr, "listening for validators on {grpc_addr}");

    let mut rx = stop_rx.clone();
    let stop_tx = Arc::new(stop_tx);
    let signal = stop_tx.clone();
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down: no new requests; finishing in-flight work");
        let _ = signal.send(true);
    });
    // Without TCP_NODELAY small gRPC replies wait on delayed ACKs (~40 ms each).
    let incoming = tonic::transport::server::TcpIncoming::from(grpc_listener).with_nodelay(Some(true));
    let mut builder = tonic::transport::Server::builder();
    if let Some((cert, key)) = &settings.tls {
        let identity = tonic::transport::Identity::from_pem(cert, key);
        builder = builder.tls_config(tonic::transport::ServerTlsConfig::new().identity(identity)).map_err(|e| DaemonError::Grpc(format!("TLS: {e}")))?;
    }
    let result = builder
        .timeout(settings.request_timeout)
        .add_service(health_service)
        .add_service(reflection)
        .add_service(service_with_limits(miner.clone(), settings.rate_limit))
        .serve_with_incoming_shutdown(incoming, async move { let _ = rx.wait_for(|s| *s).await; })
        .await;
    let _ = stop_tx.send(true);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), t).await;
    }
    miner.fleet.close().await;
    result.map_err(|e| DaemonError::Grpc(e.to_string()))
}

/// Refuses requests from a peer address whose token bucket is empty.
#[derive(Clone)]
struct PerPeerLimit(Option<Arc<RateLimiter>>);

impl tonic::service::Interceptor for PerPeerLimit {
    fn call(&mut self, req: Request<()>) -> Result<Request<()>, Status> {
        if let (Some(limiter), Some(peer)) = (&self.0, req.remote_addr()) {
            if !limiter.allow(peer.ip(), Instant::now()) {
                return Err(Status::resource_exhausted("rate limit exceeded for this address; slow down"));
            }
        }
        Ok(req)
    }
}

fn service_with_limits(miner: Arc<Miner>, rate_limit: Option<(u32, u32)>) -> tonic::service::interceptor::InterceptedService<MinerDiscoveryServer<Service>, PerPeerLimit> {
    let limiter = rate_limit.map(|(rate, burst)| Arc::new(RateLimiter::new(rate, burst)));
    let server = MinerDiscoveryServer::new(Service(miner)).max_decoding_message_size(MAX_REQUEST_BYTES);
    tonic::service::interceptor::InterceptedService::new(server, PerPeerLimit(limiter))
}

/// Refreshes validator permits and stakes; a failed refresh keeps the last good snapshot.
async fn refresh_metagraph(miner: Arc<Miner>, chain: Arc<ChainClient>, netuid: u16, every: Duration, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        match chain.neurons(netuid).await {
            Ok(neurons) => {
                tracing::debug!(count = neurons.len(), "metagraph refreshed");
                miner.permits.update(neurons);
            }
            Err(e) => tracing::warn!(error = %e, "metagraph refresh failed; keeping the last good snapshot"),
        }
    }
}

/// The node's GPUs via nvidia-smi; an error with its code when the driver or tool fails.
async fn gpu_inventory(fleet: &crate::core::fleet::Fleet, t: &Target) -> Result<Vec<crate::core::gpu::Gpu>, crate::core::fleet::NodeError> {
    use crate::core::{gpu, inspect};
    let out = fleet.exec(t, &gpu::query_command(), b"").await?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let code = inspect::smi_code(gpu::classify_failure(out.status.code(), &text));
        return Err(crate::core::fleet::NodeError::new(code, text.lines().next().unwrap_or("").trim().to_string()));
    }
    let gpus = gpu::parse_inventory(&text);
    if gpus.is_empty() {
        return Err(crate::core::fleet::NodeError::new(crate::core::fleet::Code::NoGpus, "nvidia-smi lists no GPUs"));
    }
    Ok(gpus)
}

/// Keeps nodes at the desired state: revokes a previous validator after an assignment change,
/// re-deploys the assigned validator's key where it went missing (with retries and backoff),
/// and records node health.
async fn reconcile_loop(miner: Arc<Miner>, every: Duration, auto_recovery: bool, attempts: u32, mut stop: watch::Receiver<bool>) {
    loop {
        reconcile_once(&miner, auto_recovery, attempts).await;
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

pub async fn reconcile_once(miner: &Miner, auto_recovery: bool, attempts: u32) {
    let targets: Vec<Target> = miner.nodes.iter().map(Target::from).collect();
    let assigned = miner.permits.assigned();
    let previous = miner.store.lock().expect("store lock").assignment().ok().flatten();
    if let Some(new) = &assigned {
        if previous.as_deref() != Some(new.as_str()) {
            if let Some(old) = &previous {
                tracing::info!(old = %old, new = %new, "validator assignment changed; revoking the previous validator's key");
                let results = keys::revoke(&miner.fleet, &targets, &Revoke::Hotkey(old), &|_| {}).await;
                let failed = results.iter().filter(|r| r.error().is_some()).count();
                miner.audit("revoke", Some(old), None, if failed == 0 { "ok" } else { "partial" }, Some(&format!("{failed} node(s) failed")));
            }
            let _ = miner.store.lock().expect("store lock").set_assignment(new, now());
        }
    }
    let desired: Option<(String, PublicKey)> = assigned.as_ref().and_then(|hotkey| {
        let keys = miner.store.lock().expect("store lock").deployed_keys().ok()?;
        let line = keys.into_iter().filter(|k| &k.validator_hotkey == hotkey).max_by_key(|k| k.deployed_at)?.public_key;
        authorized_keys::validator_of(&line)
    });
    let fleet = &miner.fleet;
    let desired_ref = &desired;
    let results = fleet::for_each(&targets, &|_| {}, |t| async move {
        let mut delay = Duration::from_millis(500);
        let mut last = None;
        for attempt in 0..attempts.max(1) {
            if attempt > 0 {
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
            let outcome = match (desired_ref, auto_recovery) {
                (Some((hotkey, key)), true) => remote_keys::edit(fleet, t, |c| Ok(authorized_keys::deploy_exclusive(c, key, hotkey))).await.map(|e| e.changed()),
                _ => remote_keys::read(fleet, t).await.map(|_| false),
            };
            match outcome {
                Ok(repaired) => return Ok((repaired, gpu_inventory(fleet, t).await)),
                Err(e) => last = Some(e),
            }
        }
        Err(last.expect("at least one attempt"))
    })
    .await;
    for (record, result) in miner.nodes.iter().zip(results) {
        let id = record.node_id.to_string();
        let address = record.address().to_string();
        match result {
            Ok((repaired, inventory)) => {
                if repaired {
                    tracing::info!(node = %address, "repaired the validator key on node (drift)");
                    miner.audit("repair", desired.as_ref().map(|(h, _)| h.as_str()), None, "ok", Some(&address));
                }
                let (healthy, code, detail) = match &inventory {
                    Ok(gpus) => (true, None, format!("{} GPU(s)", gpus.len())),
                    Err(e) => (false, Some(e.code.as_str()), e.message.clone()),
                };
                if let Err(e) = &inventory {
                    tracing::warn!(node = %address, code = %e.code, error = %e.message, "node GPU check failed");
                }
                miner.metrics.node_health(&id, &address, healthy);
                let _ = miner.store.lock().expect("store lock").record_health(&id, &address, healthy, code, Some(&detail), now());
                if let Ok(gpus) = inventory {
                    miner.gpus.lock().expect("gpus lock").insert(record.node_id, gpus);
                }
            }
            Err(e) => {
                tracing::warn!(node = %address, code = %e.code, error = %e.message, "node health check failed");
                miner.metrics.node_health(&id, &address, false);
                let _ = miner.store.lock().expect("store lock").record_health(&id, &address, false, Some(e.code.as_str()), Some(&e.message), now());
            }
        }
    }
}
