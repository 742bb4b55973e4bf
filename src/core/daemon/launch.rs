//! The daemon built from a loaded `miner.toml`: database thread, SSH engine, metrics,
//! permits (offline, or from a metagraph fetched in the background), listeners, rate limiter,
//! pid file and reload on SIGHUP. `serve`, `demo`, the benchmarks and the tests all start the
//! daemon through [`serve`].

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwapOption;

use crate::core::chain::ChainClient;
use crate::core::config::{LoadedConfig, MinerConfig};
use crate::core::daemon::metrics::Metrics;
use crate::core::daemon::pidfile::{PidFile, PidFileError};
use crate::core::daemon::reload::{self, Reloader};
use crate::core::daemon::run::{self, DaemonError, DaemonSettings};
use crate::core::daemon::state::book::NodeBook;
use crate::core::daemon::state::live::Live;
use crate::core::daemon::state::permits::Permits;
use crate::core::daemon::state::store::{Database, Store, StoreError};
use crate::core::daemon::transport::checks::Verifier;
use crate::core::daemon::transport::gate::Gate;
use crate::core::daemon::transport::ratelimit::RateLimiter;
use crate::core::daemon::transport::refusals::RefusalLog;
use crate::core::daemon::Miner;
use crate::core::identity::wallet::Keypair;
use crate::core::nodes::fleet::{Fleet, FleetSettings};
use crate::core::nodes::registry;

/// Seconds allowed for one chain call (and one connection attempt) in the daemon.
const CHAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// The configuration cannot be served (the message says why).
    #[error("{0}")]
    Config(String),
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The daemon could not bind or run.
    #[error(transparent)]
    Daemon(#[from] DaemonError),
    /// Another `serve` runs with this database.
    #[error(transparent)]
    PidFile(#[from] PidFileError),
    /// A file or directory could not be prepared.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// `host:port` as a socket address; `localhost` is 127.0.0.1 and `::` listens on IPv4 and IPv6.
pub fn listen_addr(key: &str, host: &str, port: u16) -> Result<SocketAddr, LaunchError> {
    let ip: std::net::IpAddr = if host == "localhost" {
        std::net::Ipv4Addr::LOCALHOST.into()
    } else {
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .map_err(|_| LaunchError::Config(format!("{key} `{host}` is not an IP address to listen on")))?
    };
    Ok(SocketAddr::new(ip, port))
}

/// Where a client on this machine reaches a listener bound to `addr`: a wildcard address is
/// reached on loopback (of the same family).
pub fn reachable(mut addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        addr.set_ip(if addr.is_ipv6() {
            std::net::Ipv6Addr::LOCALHOST.into()
        } else {
            std::net::Ipv4Addr::LOCALHOST.into()
        });
    }
    addr
}

/// Cleans up after a `keys rotate` that was killed (stray miner keys on nodes), in the
/// background so a slow node does not hold up the start.
fn finish_interrupted_rotation(loaded: &LoadedConfig, nodes: &[crate::core::nodes::registry::NodeRecord]) {
    if !crate::core::nodes::keys::journal::journal_path(&loaded.path).exists() {
        return;
    }
    let (config, settings) = (loaded.path.clone(), FleetSettings::from_config(loaded));
    let targets: Vec<crate::core::nodes::fleet::Target> =
        nodes.iter().map(crate::core::nodes::fleet::Target::from).collect();
    let runtime = tokio::runtime::Handle::current();
    // The edit lock is a blocking wait: off the async workers.
    tokio::task::spawn_blocking(move || {
        match runtime.block_on(crate::core::nodes::keys::finish_interrupted(&config, &settings, &targets)) {
            Ok(r) if r.stale_keys.is_empty() => {}
            Ok(r) => tracing::info!(
                stale_keys = r.stale_keys.len(),
                cleaned_nodes = r.cleaned_nodes.len(),
                failed = r.failed.len(),
                "finished an interrupted key rotation"
            ),
            Err(e) => {
                tracing::warn!(error = %e, "could not finish an interrupted key rotation; `basilica-miner keys rotate` retries");
            }
        }
    });
}

/// The chain the metagraph comes from, the subnet and how often it is fetched.
type MetagraphSource = (Arc<ChainClient>, u16, Duration);

/// Options that do not come from the file.
pub struct LaunchOptions {
    /// No chain calls: the fixed validator stands in for the permit check.
    pub offline: bool,
    /// PEM certificate and key when `[validator_comms] tls_enabled`.
    pub tls: Option<(Vec<u8>, Vec<u8>)>,
}

/// Runs the daemon for `loaded` until `shutdown` resolves. `ready` gets the bound gRPC address.
pub async fn serve(
    loaded: &LoadedConfig,
    hotkey: Keypair,
    options: LaunchOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), LaunchError> {
    let c = &loaded.config;
    let paths = loaded.paths();
    let Some(db_path) = paths.database else {
        return Err(LaunchError::Config(format!("[database] url `{}` must name a SQLite file", c.database.url)));
    };
    let _pid = PidFile::claim(&paths.pid_file, &loaded.path)?;
    raise_open_files(c.node_management.nodes.len());
    let store = Store::open(&db_path, c.database.run_migrations, Duration::from_secs(c.database.connection_timeout))?;
    let db = Database::spawn(store)
        .map_err(|source| LaunchError::Io { what: "starting the database thread".into(), source })?;
    let nodes = registry::list(c);
    let fleet = Arc::new(
        Fleet::new(FleetSettings::from_config(loaded))
            .map_err(|source| LaunchError::Io { what: "preparing the SSH engine".into(), source })?,
    );
    finish_interrupted_rotation(loaded, &nodes);
    let metrics = Arc::new(Metrics::new());
    db.time_with(metrics.database_query_seconds.clone());
    metrics.set_node_count(nodes.len());
    metrics.configured_nodes(&nodes.iter().map(|n| (n.address().to_string(), n.cordoned)).collect::<Vec<_>>());
    let (streaks, rentals) = restored(&db).await;
    for n in &nodes {
        tracing::info!(node_id = %n.node_id, address = %n.address(), "Registered node");
    }

    let (permits, metagraph) = chain_side(c, options.offline)?;
    if let Some(v) = permits.assigned() {
        tracing::info!(validator = %v, "nodes are assigned to validator");
    }
    let live = crate::core::daemon::state::live::Reloadable::from_config(loaded);
    log_bidding(&live.bidding);
    let gate = Arc::new(Gate {
        verifier: Verifier {
            miner_hotkey: hotkey.ss58.clone(),
            verify_signatures: c.security.verify_signatures,
            window_secs: 300,
        },
        refusals: RefusalLog::default(),
    });
    let miner = Arc::new(Miner {
        hotkey,
        permits: Arc::new(permits),
        db,
        fleet,
        metrics,
        book: NodeBook::new(nodes, streaks),
        live: Live::new(live),
    });
    miner.book.seed_rentals(rentals.into_iter().filter_map(|r| Some((r.node_id.parse().ok()?, r.rental))));
    let limiter = Arc::new(ArcSwapOption::new(reload::limiter_for(c)));
    let settings = daemon_settings(c, options.tls, limiter.clone(), metagraph)?;
    let reloader = Reloader { config_path: loaded.path.clone(), offline: options.offline, current: c.clone(), limiter };
    let reload_task = spawn_reloader(miner.clone(), reloader)?;
    let result = run::run(miner, gate, settings, shutdown, ready).await;
    reload_task.abort();
    Ok(result?)
}

/// Raises the open-files limit for `nodes` nodes: each is a few descriptors while a round
/// runs on all of them at once.
fn raise_open_files(nodes: usize) {
    match crate::core::nodes::fleet::limits::raise_open_files() {
        Ok(n) if n < crate::core::nodes::fleet::limits::fds_needed(nodes) => {
            tracing::warn!(
                open_files = n,
                nodes = nodes,
                "the open-files limit is low for this many nodes; raise LimitNOFILE="
            );
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "cannot raise the open-files limit"),
    }
}

/// What the last run left in the database: since when each node has been healthy (uptime
/// streaks survive a restart of the miner: the nodes did not go down with it), and the
/// rentals that were running (their validators' keys stay until they end).
async fn restored(db: &Database) -> (HashMap<uuid::Uuid, i64>, Vec<crate::core::daemon::state::store::RentalRow>) {
    let streaks: HashMap<uuid::Uuid, i64> = match db.run(crate::core::daemon::state::store::Store::node_health).await {
        Ok(rows) => rows.into_iter().filter_map(|(h, _)| Some((h.node_id.parse().ok()?, h.healthy_since?))).collect(),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the last node health; uptime streaks start now");
            HashMap::new()
        }
    };
    // Rentals running when the daemon stopped: their validators' keys stay until they end.
    let rentals = match db.run(crate::core::daemon::state::store::Store::running_rentals).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the running rentals; the first health round looks again");
            Vec::new()
        }
    };
    (streaks, rentals)
}

/// Who may call and who gets the nodes: the configured validator offline, else the
/// metagraph, followed from the chain in the background.
fn chain_side(c: &MinerConfig, offline: bool) -> Result<(Permits, Option<MetagraphSource>), LaunchError> {
    let netuid = c.bittensor.effective_netuid();
    Ok(if offline {
        let validator =
            c.validator_assignment.offline_validator().map_err(|e| LaunchError::Config(e.to_string()))?.to_string();
        tracing::warn!("OFFLINE MODE: no chain calls; only {validator} is accepted and assigned. Not for production");
        (Permits::offline(validator), None)
    } else {
        // Lazy: a chain that is down at start is retried in the background, with backoff.
        let chain = Arc::new(ChainClient::lazy(c.bittensor.effective_endpoint(), CHAIN_TIMEOUT, 3));
        tracing::info!(endpoint = %chain.endpoint, netuid, every = ?c.bittensor.metagraph_refresh(), "metagraph from the chain");
        (Permits::awaiting_metagraph(reload::policy_for(c)), Some((chain, netuid, c.bittensor.metagraph_refresh())))
    })
}

/// Says where bids go, once at start.
fn log_bidding(bidding: &crate::core::daemon::state::settings::BidSettings) {
    match (&bidding.enabled, &bidding.endpoint) {
        (false, _) => {
            tracing::info!("bidding (generation 2) is off; validators reach the miner through MinerDiscovery only");
        }
        (true, Some(e)) => tracing::info!(endpoint = %e, "bidding (generation 2) at the configured validator endpoint"),
        (true, None) => tracing::info!(
            bid_grpc_port = bidding.bid_port,
            "bidding (generation 2) at the assigned validator's axon IP"
        ),
    }
}

/// The listeners and limits the service runs with.
fn daemon_settings(
    c: &MinerConfig,
    tls: Option<(Vec<u8>, Vec<u8>)>,
    limiter: Arc<ArcSwapOption<RateLimiter>>,
    metagraph: Option<MetagraphSource>,
) -> Result<DaemonSettings, LaunchError> {
    let grpc = listen_addr("[validator_comms] host", &c.validator_comms.host, c.validator_comms.port)?;
    let metrics_addr = if c.metrics.enabled {
        Some(listen_addr("[metrics.prometheus] host", &c.metrics.prometheus.host, c.metrics.prometheus.port)?)
    } else {
        None
    };
    Ok(DaemonSettings {
        grpc,
        tls,
        metrics: metrics_addr,
        metrics_path: c.metrics.prometheus.path.clone(),
        advertised_metrics: c.advertised_addresses.metrics_endpoint.clone(),
        request_timeout: Duration::from_secs(c.validator_comms.request_timeout),
        limiter,
        metagraph,
        audit_retention_days: c.database.audit_retention_days,
    })
}

/// Reloads the configuration on every SIGHUP, telling systemd while it does.
fn spawn_reloader(miner: Arc<Miner>, reloader: Reloader) -> Result<tokio::task::JoinHandle<()>, LaunchError> {
    let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        .map_err(|source| LaunchError::Io { what: "installing the SIGHUP handler".into(), source })?;
    let reloading = miner;
    Ok(tokio::spawn(async move {
        let mut reloader = reloader;
        while hangups.recv().await.is_some() {
            tracing::info!(config = %reloader.config_path.display(), "SIGHUP: reloading the configuration");
            crate::core::daemon::readiness::reloading();
            let outcome = reloader.reload(&reloading).await;
            crate::core::daemon::readiness::ready(if outcome.is_ok() {
                "serving validators; configuration reloaded"
            } else {
                "serving validators; the reload was refused (see the log)"
            });
            match outcome {
                Ok(s) => {
                    reloading.metrics.config_reload(true);
                    tracing::info!(added = ?s.added, removed = ?s.removed, changed = ?s.changed, applied = ?s.applied, "configuration reloaded");
                    if !s.need_restart.is_empty() {
                        tracing::warn!(keys = ?s.need_restart, "these settings changed but apply only after a restart");
                    }
                }
                Err(e) => {
                    reloading.metrics.config_reload(false);
                    tracing::error!("configuration reload refused: {e}");
                }
            }
        }
    }))
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for LaunchError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            LaunchError::Config(_) => crate::core::support::exit::ExitClass::Usage,
            LaunchError::Store(e) => e.exit_class(),
            LaunchError::Daemon(_) | LaunchError::PidFile(_) | LaunchError::Io { .. } => {
                crate::core::support::exit::ExitClass::Failure
            }
        }
    }
}
