//! Where a running daemon is, as another process on this machine finds it: the pid file that
//! says whether `serve` runs for a configuration, its gRPC endpoint and its metrics URL (a
//! wildcard listen address is reached on loopback), and what its grpc.health.v1 service
//! answers. Everything a reader of the daemon needs before it reads anything.

use std::time::Duration;

use tonic::transport::Endpoint;

use crate::core::config::LoadedConfig;
use crate::core::daemon::launch;
use crate::core::daemon::pidfile::{self, RunningDaemon};

/// The `serve` process holding `loaded`'s pid file, if one runs for this configuration.
pub fn running(loaded: &LoadedConfig) -> Option<RunningDaemon> {
    pidfile::running_for(loaded)
}

/// Unix time the pid file was written: when the daemon started, until its metrics say better.
pub fn started_at(loaded: &LoadedConfig) -> Option<i64> {
    std::fs::metadata(pidfile::path_for(loaded))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_secs()).ok())
}

/// The gRPC endpoint `serve` listens on for `loaded` as this machine reaches it
/// (`http://` or `https://` with `[validator_comms] tls_enabled`), or why the configured host
/// is no address it could listen on.
pub fn grpc_endpoint(loaded: &LoadedConfig) -> Result<String, String> {
    let c = &loaded.config.validator_comms;
    let addr = launch::listen_addr("[validator_comms] host", &c.host, c.port).map_err(|e| e.to_string())?;
    Ok(format!("{}://{}", if c.tls_enabled { "https" } else { "http" }, launch::reachable(addr)))
}

/// The metrics URL `serve` opens for `loaded` as this machine reaches it; `None` when metrics
/// are off or the host is no address `serve` could listen on.
pub fn metrics_url(loaded: &LoadedConfig) -> Option<String> {
    let m = &loaded.config.metrics;
    if !m.enabled {
        return None;
    }
    let addr = launch::listen_addr("[metrics.prometheus] host", &m.prometheus.host, m.prometheus.port).ok()?;
    let path =
        if m.prometheus.path.starts_with('/') { m.prometheus.path.clone() } else { format!("/{}", m.prometheus.path) };
    Some(format!("http://{}{path}", launch::reachable(addr)))
}

/// What the daemon's grpc.health.v1 service answers at `endpoint` (`Serving`, …), or why
/// there is no answer within `within`.
pub async fn health(endpoint: &str, within: Duration) -> Result<String, String> {
    let answer = async {
        let channel = Endpoint::from_shared(endpoint.to_string())
            .map_err(|e| format!("cannot connect to {endpoint}: {e}"))?
            .connect_timeout(within)
            .connect()
            .await
            .map_err(|e| {
                let cause = std::error::Error::source(&e).map(ToString::to_string).unwrap_or_default();
                format!("cannot connect to {endpoint}: {e}: {cause}")
            })?;
        ask_health(channel).await.map_err(|s| format!("Health/Check failed: {:?}: {}", s.code(), s.message()))
    };
    match tokio::time::timeout(within, answer).await {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(format!("{endpoint} does not answer: {e}")),
        Err(_) => Err(format!("{endpoint} gave no answer within {} s", within.as_secs())),
    }
}

/// The grpc.health.v1 status of the whole server (the "" service) behind `channel`, as its
/// name (`Serving`, `NotServing`, …): what `status`, `health-check` and `probe` show.
pub async fn ask_health(channel: tonic::transport::Channel) -> Result<String, tonic::Status> {
    use tonic_health::pb::health_client::HealthClient;
    let request = tonic_health::pb::HealthCheckRequest { service: String::new() };
    let answer = HealthClient::new(channel).check(request).await?;
    Ok(format!("{:?}", answer.into_inner().status()))
}
