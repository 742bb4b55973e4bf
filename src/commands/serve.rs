//! `serve`: the validator-facing gRPC daemon.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use basilica_miner::core::chain::ChainClient;
use basilica_miner::core::config::{self, Area, AssignmentStrategy, Severity};
use basilica_miner::core::fleet::{Fleet, FleetSettings};
use basilica_miner::core::server::checks::Verifier;
use basilica_miner::core::server::daemon::{self, DaemonSettings};
use basilica_miner::core::server::metrics::Metrics;
use basilica_miner::core::server::permits::Permits;
use basilica_miner::core::server::Miner;
use basilica_miner::core::store::Store;
use basilica_miner::core::wallet::{self, WalletPaths};
use basilica_miner::core::registry;

use super::exit::UsageError;
use super::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// No chain calls at all (labs, the sandbox): needs strategy = "fixed_assignment", whose
    /// hotkey then stands in for the validator-permit check
    #[arg(long)]
    pub offline: bool,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let loaded = ctx.load_config()?;
    let problems = config::validate(&loaded, &Area::ALL);
    let mut errors = 0;
    for p in &problems {
        match p.severity {
            Severity::Error => {
                errors += 1;
                tracing::error!("{p}");
            }
            Severity::Warning => tracing::warn!("{p}"),
        }
    }
    if errors > 0 || loaded.problems.iter().any(|p| p.is_error()) {
        return Err(UsageError(format!("{} has errors (listed above); fix them, `basilica-miner config validate` checks", loaded.path.display())).into());
    }
    let c = loaded.config.clone();
    if args.offline && c.validator_assignment.strategy != AssignmentStrategy::FixedAssignment {
        return Err(UsageError("--offline needs [validator_assignment] strategy = \"fixed_assignment\" with validator_hotkey: without the chain, nobody else can be checked".into()).into());
    }
    let tls = if c.validator_comms.tls_enabled {
        let read = |key: &str, written: &Option<String>| -> anyhow::Result<Vec<u8>> {
            let path = loaded.resolve_path(written.as_deref().unwrap_or_default());
            std::fs::read(&path).with_context(|| format!("[validator_comms] {key} {}", path.display()))
        };
        let (cert, key) = (read("tls_cert_path", &c.validator_comms.tls_cert_path)?, read("tls_key_path", &c.validator_comms.tls_key_path)?);
        tracing::info!("serving TLS");
        Some((cert, key))
    } else {
        None
    };
    if !c.security.verify_signatures {
        tracing::warn!("!!! [security] verify_signatures = false: ANY caller can claim any validator hotkey. Labs only !!!");
    }

    let paths = WalletPaths::new(&loaded.resolve_path(&c.bittensor.wallet_path), &c.bittensor.wallet_name, &c.bittensor.hotkey_name);
    let hotkey = wallet::load_keypair(&paths.hotkey, "hotkey", &mut || super::wallet::password_source(ctx, &paths.hotkey))?;
    tracing::info!(hotkey = %hotkey.ss58, "loaded the miner hotkey");

    let db_path = match config::database_path(&c.database.url) {
        Some(Some(p)) => loaded.resolve_path(&p),
        _ => return Err(UsageError(format!("[database] url `{}` must name a SQLite file", c.database.url)).into()),
    };
    let store = Store::open(&db_path, c.database.run_migrations, Duration::from_secs(c.database.connection_timeout))?;
    let nodes = registry::list(&c);
    let fleet = Arc::new(Fleet::new(FleetSettings::from_config(&loaded)).context("preparing the SSH engine")?);
    let metrics = Arc::new(Metrics::new());
    metrics.set_node_count(nodes.len());
    for n in &nodes {
        tracing::info!(node_id = %n.node_id, address = %n.address(), "Registered node");
    }

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let netuid = c.bittensor.effective_netuid();
        let (permits, metagraph) = if args.offline {
            let validator = c.validator_assignment.validator_hotkey.clone().expect("validated: fixed_assignment has a hotkey");
            tracing::warn!("OFFLINE MODE: no chain calls; only {validator} is accepted and assigned. Not for production");
            (Permits::offline(validator), None)
        } else {
            let endpoint = c.bittensor.effective_endpoint().to_string();
            let chain = Arc::new(ChainClient::connect(&endpoint, Duration::from_secs(30), 3).await?);
            match chain.uid(netuid, hotkey.public()).await? {
                Some(uid) => tracing::info!(uid, netuid, "hotkey is registered"),
                None => tracing::warn!(netuid, "the hotkey is NOT registered on this subnet; validators will not find this miner. Run `basilica-miner register`"),
            }
            let neurons = chain.neurons(netuid).await?;
            let permits = Permits::from_metagraph(c.validator_assignment.strategy, c.validator_assignment.validator_hotkey.clone(), neurons);
            if c.validator_assignment.strategy == AssignmentStrategy::FixedAssignment && permits.assigned().is_none() {
                tracing::warn!("validator_hotkey has no validator permit on the subnet yet; nobody gets the nodes until it does");
            }
            (permits, Some((chain, netuid, Duration::from_secs(c.bittensor.weight_interval_secs.max(1)))))
        };
        if let Some(v) = permits.assigned() {
            tracing::info!(validator = %v, "nodes are assigned to validator");
        }
        let miner = Arc::new(Miner {
            verifier: Verifier { miner_hotkey: hotkey.ss58.clone(), verify_signatures: c.security.verify_signatures, window_secs: 300 },
            hotkey,
            permits: Arc::new(permits),
            store: Mutex::new(store),
            fleet,
            nodes,
            metrics,
            gpus: Default::default(),
        });
        let grpc: SocketAddr = format!("{}:{}", c.validator_comms.host, c.validator_comms.port).parse().context("[validator_comms] host:port")?;
        let metrics_addr: Option<SocketAddr> = if c.metrics.enabled {
            Some(format!("{}:{}", c.metrics.prometheus.host, c.metrics.prometheus.port).parse().context("[metrics.prometheus] host:port")?)
        } else {
            None
        };
        let settings = DaemonSettings {
            grpc,
            tls,
            metrics: metrics_addr,
            request_timeout: Duration::from_secs(c.validator_comms.request_timeout),
            rate_limit: c.validator_comms.rate_limit.enabled.then_some((c.validator_comms.rate_limit.requests_per_second, c.validator_comms.rate_limit.burst_capacity)),
            reconcile_every: Duration::from_secs(c.node_management.health_check_interval),
            auto_recovery: c.node_management.auto_recovery,
            max_retry_attempts: c.node_management.max_retry_attempts,
            metagraph,
        };
        daemon::run(miner, settings, shutdown_signal()).await?;
        tracing::info!("stopped cleanly");
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitStatus::Success)
}

/// SIGTERM (systemd) or SIGINT (Ctrl-C).
async fn shutdown_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
