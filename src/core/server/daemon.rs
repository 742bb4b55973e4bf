//! Running the service: gRPC (MinerDiscovery + health + reflection v1 and v1alpha) with
//! per-network rate limiting and size limits, the Prometheus endpoint, the metagraph refresh
//! (reconnecting with backoff), the reconcile loop, and the database housekeeping (refusal
//! batches, retention), all stopped together on shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::{ArcSwap, ArcSwapOption};
use tokio::sync::watch;
use tonic::{Request, Status};

use super::ratelimit::RateLimiter;
use super::{now, Miner, Service};
use crate::core::authorized_keys::{self, PublicKey, Revoke};
use crate::core::chain::{self, ChainClient};
use crate::core::fleet::{self, remote_keys, Target};
use crate::core::keys;
use crate::proto::basilca::miner::v1::miner_discovery_server::MinerDiscoveryServer;

/// Largest request accepted (validator keys are well under 16 KiB).
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// How often counted refusals are written.
const REFUSAL_FLUSH: Duration = Duration::from_secs(5);
/// How often old audit rows, refusal buckets, nonces and sessions are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

pub struct DaemonSettings {
    pub grpc: SocketAddr,
    /// PEM certificate chain and private key: serve TLS instead of plaintext HTTP/2.
    pub tls: Option<(Vec<u8>, Vec<u8>)>,
    pub metrics: Option<SocketAddr>,
    pub request_timeout: Duration,
    /// The per-network limiter; swapped on reload, `None` when rate limiting is off.
    pub limiter: Arc<ArcSwapOption<RateLimiter>>,
    pub reconcile: Arc<ArcSwap<ReconcileSettings>>,
    /// Chain connection and netuid for metagraph refreshes (none offline).
    pub metagraph: Option<(Arc<ChainClient>, u16, Duration)>,
    pub audit_retention_days: u64,
}

/// The reconcile loop's settings, swapped whole on reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileSettings {
    pub every: Duration,
    pub auto_recovery: bool,
    pub max_retry_attempts: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("gRPC server failed: {0}")]
    Grpc(String),
}

/// A listening TCP socket on `addr`; an IPv6 wildcard (`::`) also accepts IPv4 (dual stack).
pub fn listen(addr: SocketAddr) -> Result<tokio::net::TcpListener, DaemonError> {
    use socket2::{Domain, Socket, Type};
    let bind = |source| DaemonError::Bind { addr, source };
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None).map_err(bind)?;
    if addr.is_ipv6() {
        socket.set_only_v6(false).map_err(bind)?;
    }
    socket.set_reuse_address(true).map_err(bind)?;
    socket.set_nonblocking(true).map_err(bind)?;
    socket.bind(&addr.into()).map_err(bind)?;
    socket.listen(1024).map_err(bind)?;
    tokio::net::TcpListener::from_std(socket.into()).map_err(bind)
}

/// Serves until `shutdown` resolves, then stops accepting, lets in-flight requests finish,
/// writes pending refusals and closes every SSH master. `ready` is called once the gRPC
/// listener is bound, with its address.
pub async fn run(miner: Arc<Miner>, settings: DaemonSettings, shutdown: impl Future<Output = ()> + Send + 'static, ready: impl FnOnce(SocketAddr)) -> Result<(), DaemonError> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let grpc_listener = listen(settings.grpc)?;
    let grpc_addr = grpc_listener.local_addr().map_err(|source| DaemonError::Bind { addr: settings.grpc, source })?;

    let mut tasks = Vec::new();
    if let Some(addr) = settings.metrics {
        let listener = listen(addr)?;
        let m = miner.clone();
        let app = axum::Router::new().route("/metrics", axum::routing::get(move || async move { m.metrics.render(m.permits.is_online()) }));
        let mut rx = stop_rx.clone();
        tracing::info!(%addr, "metrics on http://{addr}/metrics");
        tasks.push(tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(async move { let _ = rx.wait_for(|s| *s).await; }).await {
                tracing::error!(error = %e, "metrics endpoint stopped");
            }
        }));
    }
    if let Some((chain, netuid, every)) = settings.metagraph.clone() {
        tasks.push(tokio::spawn(refresh_metagraph(miner.clone(), chain, netuid, every, stop_rx.clone())));
    }
    tasks.push(tokio::spawn(reconcile_loop(miner.clone(), settings.reconcile.clone(), stop_rx.clone())));
    tasks.push(tokio::spawn(housekeeping(miner.clone(), settings.audit_retention_days, stop_rx.clone())));

    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_serving::<MinerDiscoveryServer<Service>>().await;
    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .map_err(|e| DaemonError::Grpc(e.to_string()))?;
    // Older grpcurl builds and Python's grpcio-reflection only speak v1alpha.
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()
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
    ready(grpc_addr);
    let result = builder
        .timeout(settings.request_timeout)
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(service_with_limits(miner.clone(), settings.limiter.clone()))
        .serve_with_incoming_shutdown(incoming, async move { let _ = rx.wait_for(|s| *s).await; })
        .await;
    let _ = stop_tx.send(true);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), t).await;
    }
    miner.fleet.close().await;
    result.map_err(|e| DaemonError::Grpc(e.to_string()))
}

/// Refuses requests from a network whose budget is spent, before any other work.
#[derive(Clone)]
struct PerNetworkLimit {
    limiter: Arc<ArcSwapOption<RateLimiter>>,
    miner: Arc<Miner>,
}

impl tonic::service::Interceptor for PerNetworkLimit {
    fn call(&mut self, req: Request<()>) -> Result<Request<()>, Status> {
        if let (Some(limiter), Some(peer)) = (self.limiter.load().as_ref(), req.remote_addr()) {
            if !limiter.allow(peer.ip()) {
                self.miner.metrics.rate_limited();
                return Err(Status::resource_exhausted("rate limit exceeded for your network; slow down"));
            }
        }
        Ok(req)
    }
}

fn service_with_limits(miner: Arc<Miner>, limiter: Arc<ArcSwapOption<RateLimiter>>) -> tonic::service::interceptor::InterceptedService<MinerDiscoveryServer<Service>, PerNetworkLimit> {
    let server = MinerDiscoveryServer::new(Service(miner.clone())).max_decoding_message_size(MAX_REQUEST_BYTES);
    tonic::service::interceptor::InterceptedService::new(server, PerNetworkLimit { limiter, miner })
}

/// Writes counted refusals every few seconds and prunes old rows every hour (and once at
/// start); on shutdown the last refusals are written.
async fn housekeeping(miner: Arc<Miner>, retention_days: u64, mut stop: watch::Receiver<bool>) {
    let mut flush = tokio::time::interval(REFUSAL_FLUSH);
    let mut prune = tokio::time::interval(PRUNE_EVERY);
    loop {
        let (stopping, pruning) = tokio::select! {
            _ = flush.tick() => (false, false),
            _ = prune.tick() => (false, true),
            _ = stop.wait_for(|s| *s) => (true, false),
        };
        if pruning {
            match miner.db.run(move |s| s.prune(now(), retention_days)).await {
                Ok(p) => tracing::debug!(audit = p.audit, refusals = p.refusals, nonces = p.nonces, sessions = p.sessions, "pruned the database"),
                Err(e) => {
                    miner.metrics.database_error("prune");
                    tracing::error!(error = %e, "cannot prune the database");
                }
            }
        }
        if let Some(job) = miner.refusals.drain() {
            if let Err(e) = miner.db.run(job).await {
                miner.metrics.database_error("refusals");
                tracing::error!(error = %e, "cannot write the counts of refused requests");
            }
        }
        if stopping {
            return;
        }
    }
}

/// Refreshes validator permits and stakes. A failed refresh keeps the last good snapshot and
/// tries again with jittered exponential backoff (capped at the refresh period), reconnecting
/// to the chain each time; a snapshot older than three periods is logged as a warning.
pub async fn refresh_metagraph(miner: Arc<Miner>, chain: Arc<ChainClient>, netuid: u16, every: Duration, mut stop: watch::Receiver<bool>) {
    use backon::BackoffBuilder as _;
    let retry_schedule = || chain::backoff(u32::MAX).with_max_delay(every.min(Duration::from_secs(30))).without_max_times().build();
    let mut retry = retry_schedule();
    let mut failing_since: Option<i64> = None;
    let mut last_warning = 0i64;
    let mut registration_checked = false;
    let mut wait = if miner.permits.fetched_at().is_some() { every } else { Duration::ZERO };
    loop {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        match chain.neurons(netuid).await {
            Ok(neurons) => {
                let before = miner.permits.assigned();
                let at = now();
                tracing::debug!(count = neurons.len(), "metagraph refreshed");
                miner.permits.update(neurons, at);
                miner.metrics.metagraph_refreshed(at);
                if let Some(since) = failing_since.take() {
                    tracing::info!(outage_secs = at - since, "metagraph refreshed again after a chain outage");
                }
                if !registration_checked {
                    registration_checked = check_registration(&miner, &chain, netuid).await;
                }
                let after = miner.permits.assigned();
                if before != after {
                    tracing::info!(validator = after.as_deref().unwrap_or("none"), "validator assignment from the metagraph");
                    miner.reconcile_now.notify_one();
                }
                retry = retry_schedule();
                wait = every;
            }
            Err(e) => {
                miner.metrics.metagraph_refresh_failed();
                let at = now();
                failing_since.get_or_insert(at);
                wait = retry.next().unwrap_or(every);
                let age = miner.permits.fetched_at().map(|f| at - f);
                let stale_after = 3 * every.as_secs() as i64;
                match age {
                    Some(age) if age > stale_after && at - last_warning >= every.as_secs() as i64 => {
                        last_warning = at;
                        tracing::warn!(age_secs = age, error = %e, "the metagraph in use is {age} s old (over three refresh periods): the chain is unreachable; retrying");
                    }
                    None if at - last_warning >= every.as_secs() as i64 => {
                        last_warning = at;
                        tracing::warn!(error = %e, retry_in = ?wait, "no metagraph yet: the chain is unreachable, so no validator is permitted; retrying");
                    }
                    _ => tracing::warn!(error = %e, retry_in = ?wait, "metagraph refresh failed; keeping the last good snapshot"),
                }
            }
        }
    }
}

/// Logs whether the miner's hotkey is registered; false when the chain did not answer.
async fn check_registration(miner: &Miner, chain: &ChainClient, netuid: u16) -> bool {
    match chain.uid(netuid, miner.hotkey.public()).await {
        Ok(Some(uid)) => tracing::info!(uid, netuid, "hotkey is registered"),
        Ok(None) => tracing::warn!(netuid, "the hotkey is NOT registered on this subnet; validators will not find this miner. Run `basilica-miner register`"),
        Err(_) => return false,
    }
    true
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
/// and records node health. Runs every `every`, or at once when woken.
async fn reconcile_loop(miner: Arc<Miner>, settings: Arc<ArcSwap<ReconcileSettings>>, mut stop: watch::Receiver<bool>) {
    loop {
        let settings = settings.load_full();
        reconcile_once(&miner, settings.auto_recovery, settings.max_retry_attempts).await;
        tokio::select! {
            _ = tokio::time::sleep(settings.every) => {}
            _ = miner.reconcile_now.notified() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

/// The assigned validator's deployed key line, from the database.
async fn desired_key(miner: &Miner, assigned: Option<&str>) -> Option<(String, PublicKey)> {
    let hotkey = assigned?.to_string();
    let keys = match miner.db.run(|s| s.deployed_keys()).await {
        Ok(k) => k,
        Err(e) => {
            miner.metrics.database_error("deployed_keys");
            tracing::error!(error = %e, "cannot read the deployed keys; skipping drift repair this round");
            return None;
        }
    };
    let line = keys.into_iter().filter(|k| k.validator_hotkey == hotkey).max_by_key(|k| k.deployed_at)?.public_key;
    authorized_keys::validator_of(&line)
}

pub async fn reconcile_once(miner: &Miner, auto_recovery: bool, attempts: u32) {
    let nodes = miner.nodes.load_full();
    let targets: Vec<Target> = nodes.iter().map(Target::from).collect();
    let assigned = miner.permits.assigned();
    let previous = match miner.db.run(|s| s.assignment()).await {
        Ok(p) => p,
        Err(e) => {
            miner.metrics.database_error("assignment");
            tracing::error!(error = %e, "cannot read the recorded assignment; skipping this reconcile round");
            return;
        }
    };
    if let Some(new) = &assigned {
        if previous.as_deref() != Some(new.as_str()) {
            let mut failed = 0;
            if let Some(old) = &previous {
                tracing::info!(old = %old, new = %new, "validator assignment changed; revoking the previous validator's key");
                let results = keys::revoke(&miner.fleet, &targets, &Revoke::Hotkey(old), &|_| {}).await;
                failed = results.iter().filter(|r| r.error().is_some()).count();
                miner.audit("revoke", Some(old), None, if failed == 0 { "ok" } else { "partial" }, Some(&format!("{failed} node(s) failed")));
                if failed > 0 {
                    // The old assignment stays recorded, so the next round revokes again.
                    tracing::warn!(failed, "the previous validator's key could not be revoked everywhere; retrying next round");
                }
            }
            let new_hotkey = new.clone();
            if failed == 0 {
                if let Err(e) = miner.db.run(move |s| s.set_assignment(&new_hotkey, now())).await {
                    miner.metrics.database_error("set_assignment");
                    tracing::error!(error = %e, "cannot record the new assignment");
                }
            }
        }
    }
    let desired = desired_key(miner, assigned.as_deref()).await;
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
        Err(last.unwrap_or_else(|| crate::core::fleet::NodeError::new(crate::core::fleet::Code::SshError, "no attempt was made")))
    })
    .await;
    let mut health = Vec::new();
    for (record, result) in nodes.iter().zip(results) {
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
                    Err(e) => (false, Some(e.code.as_str().to_string()), e.message.clone()),
                };
                if let Err(e) = &inventory {
                    tracing::warn!(node = %address, code = %e.code, error = %e.message, "node GPU check failed");
                }
                miner.metrics.node_health(&id, &address, healthy);
                health.push((id, address, healthy, code, detail));
                if let Ok(gpus) = inventory {
                    miner.gpus.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(record.node_id, gpus);
                }
            }
            Err(e) => {
                tracing::warn!(node = %address, code = %e.code, error = %e.message, "node health check failed");
                miner.metrics.node_health(&id, &address, false);
                health.push((id, address, false, Some(e.code.as_str().to_string()), e.message.clone()));
            }
        }
    }
    let at = now();
    if let Err(e) = miner.db.run(move |s| health.iter().try_for_each(|(id, addr, ok, code, detail)| s.record_health(id, addr, *ok, code.as_deref(), Some(detail), at))).await {
        miner.metrics.database_error("record_health");
        tracing::error!(error = %e, "cannot record node health");
    }
}
