//! Running the service: gRPC (MinerDiscovery + health + reflection v1 and v1alpha) with
//! per-network rate limiting and size limits, the Prometheus endpoint, and the background tasks
//! ([`crate::core::daemon::loops::metagraph`], [`crate::core::daemon::loops::health_round`], the generation-2 bid loop [`crate::core::daemon::loops::bidder`],
//! database housekeeping), all stopped together on shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwapOption;
use tokio::sync::watch;
use tonic::{Request, Status};

use crate::core::chain::ChainClient;
use crate::core::daemon::loops::health_round::health_round_loop;
use crate::core::daemon::loops::metagraph::refresh_metagraph;
use crate::core::daemon::transport::discovery::Service;
use crate::core::daemon::transport::gate::Gate;
use crate::core::daemon::transport::ratelimit::RateLimiter;
use crate::core::daemon::{now, Miner};
use crate::proto::basilca::miner::v1::miner_discovery_server::MinerDiscoveryServer;

/// Largest request accepted (validator keys are well under 16 KiB).
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// How often counted refusals are written.
const REFUSAL_FLUSH: Duration = Duration::from_secs(5);
/// How often old audit rows, refusal buckets and nonces are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);
/// Longest the daemon waits for the fleet to warm before it says it is ready anyway (a
/// validator's deadline is 120 s; nodes still connecting are used as they come up).
pub const WARM_DEADLINE: Duration = Duration::from_secs(60);

/// What the daemon listens on and how long things may take.
pub struct DaemonSettings {
    /// The gRPC service's address.
    pub grpc: SocketAddr,
    /// PEM certificate chain and private key: serve TLS instead of plaintext HTTP/2.
    pub tls: Option<(Vec<u8>, Vec<u8>)>,
    /// The metrics endpoint's address (`None`: no metrics).
    pub metrics: Option<SocketAddr>,
    /// `[metrics.prometheus] path`, e.g. `/metrics`.
    pub metrics_path: String,
    /// `[advertised_addresses] metrics_endpoint`: where monitoring scrapes (logged at start).
    pub advertised_metrics: Option<String>,
    /// How long one request may take.
    pub request_timeout: Duration,
    /// The per-network limiter; swapped on reload, `None` when rate limiting is off.
    pub limiter: Arc<ArcSwapOption<RateLimiter>>,
    /// Chain connection and netuid for metagraph refreshes (none offline).
    pub metagraph: Option<(Arc<ChainClient>, u16, Duration)>,
    /// Days audit and refusal rows are kept.
    pub audit_retention_days: u64,
}

/// Why the daemon stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// A port could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The gRPC server failed.
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
pub async fn run(
    miner: Arc<Miner>,
    gate: Arc<Gate>,
    settings: DaemonSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), DaemonError> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let grpc_listener = listen(settings.grpc)?;
    let grpc_addr = grpc_listener.local_addr().map_err(|source| DaemonError::Bind { addr: settings.grpc, source })?;

    let mut tasks = Vec::new();
    if let Some(addr) = settings.metrics {
        let endpoint = (settings.metrics_path.as_str(), settings.advertised_metrics.as_deref());
        let m = miner.clone();
        tasks.push(crate::core::daemon::transport::exposition::serve_metrics(
            listen(addr)?,
            addr,
            m,
            endpoint,
            stop_rx.clone(),
        ));
    }
    if let Some((chain, netuid, every)) = settings.metagraph.clone() {
        tasks.push(tokio::spawn(refresh_metagraph(miner.clone(), chain, netuid, every, stop_rx.clone())));
    }
    tasks.push(tokio::spawn(health_round_loop(miner.clone(), stop_rx.clone())));
    tasks.push(tokio::spawn(crate::core::daemon::loops::bidder::bid_loop(miner.clone(), stop_rx.clone())));
    tasks.push(tokio::spawn(crate::core::daemon::loops::validation::validation_loop(miner.clone(), stop_rx.clone())));
    tasks.push(tokio::spawn(housekeeping(miner.clone(), gate.clone(), settings.audit_retention_days, stop_rx.clone())));

    let (health, health_service) = tonic_health::server::health_reporter();
    // NOT_SERVING until the fleet is warm: the same moment systemd hears READY=1.
    health.set_not_serving::<MinerDiscoveryServer<Service>>().await;
    health.set_service_status("", tonic_health::ServingStatus::NotServing).await;
    tasks.push(tokio::spawn(warm_up(miner.clone(), health.clone(), stop_rx.clone())));
    let (reflection_v1, reflection_v1alpha) = reflection()?;
    tracing::info!(%grpc_addr, "listening for validators on {grpc_addr}");

    let mut rx = stop_rx.clone();
    let stop_tx = Arc::new(stop_tx);
    let signal = stop_tx.clone();
    tokio::spawn(async move {
        shutdown.await;
        crate::core::daemon::readiness::stopping();
        tracing::info!("shutting down: no new requests; finishing in-flight work");
        let _ = signal.send(true);
    });
    let make_router = || -> Result<_, DaemonError> {
        let mut builder = tonic::transport::Server::builder();
        if let Some((cert, key)) = &settings.tls {
            let identity = tonic::transport::Identity::from_pem(cert, key);
            builder = builder
                .tls_config(tonic::transport::ServerTlsConfig::new().identity(identity))
                .map_err(|e| DaemonError::Grpc(format!("TLS: {e}")))?;
        }
        Ok(builder
            .timeout(settings.request_timeout)
            .add_service(health_service.clone())
            .add_service(reflection_v1.clone())
            .add_service(reflection_v1alpha.clone())
            .add_service(service_with_limits(miner.clone(), gate.clone(), settings.limiter.clone())))
    };
    let (validators_lane, other_lane) = (make_router()?, make_router()?);
    let (to_validators, from_validators) = tokio::sync::mpsc::channel(64);
    let (to_others, from_others) = tokio::sync::mpsc::channel(1024);
    tokio::spawn(accept(grpc_listener, miner.clone(), to_validators, to_others, rx.clone()));
    ready(grpc_addr);
    let mut rx_validators = rx.clone();
    let validators = validators_lane.serve_with_incoming_shutdown(lane(from_validators), async move {
        let _ = rx_validators.wait_for(|s| *s).await;
    });
    let others = front_door(async move {
        other_lane
            .serve_with_incoming_shutdown(lane(from_others), async move {
                let _ = rx.wait_for(|s| *s).await;
            })
            .await
            .map_err(|e| e.to_string())
    });
    let (validators, others) = tokio::join!(validators, others);
    let result = validators.map_err(|e| DaemonError::Grpc(e.to_string())).and(others);
    let _ = stop_tx.send(true);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), t).await;
    }
    miner.fleet.close().await;
    result
}

/// gRPC reflection, v1 and (for older grpcurl builds and Python's grpcio-reflection) v1alpha.
#[allow(clippy::type_complexity)]
fn reflection() -> Result<
    (
        tonic_reflection::server::v1::ServerReflectionServer<impl tonic_reflection::server::v1::ServerReflection>,
        tonic_reflection::server::v1alpha::ServerReflectionServer<
            impl tonic_reflection::server::v1alpha::ServerReflection,
        >,
    ),
    DaemonError,
> {
    let v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .map_err(|e| DaemonError::Grpc(e.to_string()))?;
    let v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()
        .map_err(|e| DaemonError::Grpc(e.to_string()))?;
    Ok((v1, v1alpha))
}

/// Accepts connections on the gRPC port and hands each to a lane: a permitted validator's axon
/// address to the validators' lane (served on the main runtime), anyone else to the other lane
/// (the front door's thread). A flood from strangers thus never queues ahead of a validator's
/// connection, and never takes more than the front door's one core.
async fn accept(
    listener: tokio::net::TcpListener,
    miner: Arc<Miner>,
    validators: tokio::sync::mpsc::Sender<std::net::TcpStream>,
    others: tokio::sync::mpsc::Sender<std::net::TcpStream>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.wait_for(|s| *s) => return,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of descriptors, or a connection reset before it was accepted: wait a
                // moment rather than spin.
                tracing::debug!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        // Without TCP_NODELAY small gRPC replies wait on delayed ACKs (~40 ms each).
        let _ = stream.set_nodelay(true);
        let Ok(stream) = stream.into_std() else { continue };
        let (lane, name) =
            if miner.permits.is_validator_address(peer.ip()) { (&validators, "validator") } else { (&others, "other") };
        miner.metrics.connection(name);
        // A full lane (its server is not taking connections) drops the connection.
        let _ = lane.try_send(stream);
    }
}

/// A lane's incoming connections, registered with the runtime that serves them.
fn lane(
    from: tokio::sync::mpsc::Receiver<std::net::TcpStream>,
) -> impl futures::Stream<Item = std::io::Result<tokio::net::TcpStream>> {
    futures::stream::unfold(from, |mut from| async move {
        let stream = from.recv().await?;
        Some((tokio::net::TcpStream::from_std(stream), from))
    })
}

/// Runs the gRPC server's other lane on a thread of its own, on a single-threaded runtime: the
/// HTTP/2 work of every connection, the rate limit and its refusals. Under a flood that work
/// costs about half of what it costs spread over a multi-threaded runtime (which wakes a second
/// worker for each request that trickles in), and it leaves the main runtime's workers to the
/// validators' lane, the handlers, the SSH fleet, the bid loop and the health rounds.
async fn front_door(server: impl Future<Output = Result<(), String>> + Send + 'static) -> Result<(), DaemonError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("basilica-grpc".into())
        .spawn(move || {
            yield_to_the_rest();
            let result = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt.block_on(server),
                Err(e) => Err(format!("cannot start the gRPC runtime: {e}")),
            };
            let _ = tx.send(result);
        })
        .map_err(|e| DaemonError::Grpc(format!("cannot start the gRPC thread: {e}")))?;
    rx.await
        .map_err(|_| DaemonError::Grpc("the gRPC thread stopped without an answer".into()))?
        .map_err(DaemonError::Grpc)
}

/// Lowers the calling thread's priority (nice +10): when the machine is busy, the validators'
/// lane, the SSH fleet and the health rounds get the CPU before strangers' requests do.
fn yield_to_the_rest() {
    #[allow(unsafe_code, reason = "gettid(2) and setpriority(2) have no safe wrappers; they touch only this thread")]
    let lowered = unsafe { libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 10) };
    if lowered != 0 {
        tracing::debug!("could not lower the gRPC front door's priority; it runs at the daemon's");
    }
}

/// Opens an SSH connection to every node at once, logs "fleet warm: N/M nodes in X s", then
/// reports SERVING (gRPC health) and READY=1 (systemd). After [`WARM_DEADLINE`] it does so
/// anyway; the rest keep connecting in the background.
async fn warm_up(miner: Arc<Miner>, health: tonic_health::server::HealthReporter, mut stop: watch::Receiver<bool>) {
    let nodes = miner.book.nodes();
    let targets: Vec<crate::core::nodes::fleet::Target> =
        nodes.iter().map(crate::core::nodes::fleet::Target::from).collect();
    let total = targets.len();
    let started = std::time::Instant::now();
    let connected = std::sync::atomic::AtomicUsize::new(0);
    let finished = std::sync::atomic::AtomicUsize::new(0);
    crate::core::daemon::readiness::status(&format!("warming: connecting to {total} node(s)"));
    let fleet = miner.fleet.clone();
    let progress = |_: &crate::core::nodes::fleet::Target, ok: bool| {
        if ok {
            connected.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let n = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if n.is_multiple_of(50) && n < total {
            crate::core::daemon::readiness::status(&format!("warming: {n}/{total} node(s) tried"));
        }
    };
    let warmed = tokio::select! {
        w = tokio::time::timeout(WARM_DEADLINE, fleet.warm(&targets, &progress)) => w,
        _ = stop.wait_for(|s| *s) => return,
    };
    let ok = connected.load(std::sync::atomic::Ordering::Relaxed);
    let took = started.elapsed().as_secs_f64();
    match warmed {
        Ok(_) => tracing::info!(connected = ok, nodes = total, seconds = took, "fleet warm: {ok}/{total} nodes in {took:.1} s"),
        Err(_) => tracing::warn!(
            connected = ok,
            nodes = total,
            "fleet warm: {ok}/{total} nodes within the {} s warm-up deadline; serving now, the rest connect as they answer",
            WARM_DEADLINE.as_secs()
        ),
    }
    health.set_serving::<MinerDiscoveryServer<Service>>().await;
    health.set_service_status("", tonic_health::ServingStatus::Serving).await;
    crate::core::daemon::readiness::ready(&format!("serving validators; {ok}/{total} node(s) connected"));
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

fn service_with_limits(
    miner: Arc<Miner>,
    gate: Arc<Gate>,
    limiter: Arc<ArcSwapOption<RateLimiter>>,
) -> tonic::service::interceptor::InterceptedService<MinerDiscoveryServer<Service>, PerNetworkLimit> {
    let service = Service::new(miner.clone(), gate, tokio::runtime::Handle::current());
    let server = MinerDiscoveryServer::new(service).max_decoding_message_size(MAX_REQUEST_BYTES);
    tonic::service::interceptor::InterceptedService::new(server, PerNetworkLimit { limiter, miner })
}

/// Writes counted refusals every few seconds and prunes old rows every hour (and once at
/// start); on shutdown the last refusals are written.
async fn housekeeping(miner: Arc<Miner>, gate: Arc<Gate>, retention_days: u64, mut stop: watch::Receiver<bool>) {
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
                Ok(p) => {
                    tracing::debug!(audit = p.audit, refusals = p.refusals, nonces = p.nonces, "pruned the database");
                }
                Err(e) => {
                    miner.metrics.database_error(crate::core::daemon::metrics::DbOp::Prune);
                    tracing::error!(error = %e, "cannot prune the database");
                }
            }
        }
        if let Some(job) = gate.refusals.drain() {
            if let Err(e) = miner.db.run(job).await {
                miner.metrics.database_error(crate::core::daemon::metrics::DbOp::Refusals);
                tracing::error!(error = %e, "cannot write the counts of refused requests");
            }
        }
        if stopping {
            return;
        }
    }
}
