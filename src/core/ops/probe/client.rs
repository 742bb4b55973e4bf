//! The validator side of the protocol, as real Basilica validators speak it: used by `probe`
//! and `demo` to see a miner from the outside.

use std::time::{Duration, Instant};

use serde::Serialize;
use tonic::transport::{Channel, Endpoint};

use crate::core::identity::signing;
use crate::core::identity::wallet::Keypair;
use crate::core::support::clock::unix_now as now;
use crate::proto::basilca::common::v1 as common;
use crate::proto::basilca::miner::v1 as pb;
use pb::miner_discovery_client::MinerDiscoveryClient;

/// Why a call to the miner failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No connection to the miner.
    #[error("cannot connect to {endpoint}: {detail}")]
    Connect {
        /// The miner's endpoint.
        endpoint: String,
        /// What failed.
        detail: String,
    },
    /// The miner answered with a gRPC error.
    #[error("{rpc} failed: {code:?}: {message}")]
    Rpc {
        /// The method called.
        rpc: &'static str,
        /// The gRPC status code.
        code: tonic::Code,
        /// The status message.
        message: String,
    },
}

fn ts(s: i64) -> Option<common::Timestamp> {
    Some(common::Timestamp { value: Some(prost_types::Timestamp { seconds: s, nanos: 0 }) })
}

/// `host:port` or a URL → a gRPC endpoint URL.
pub fn endpoint_url(endpoint: &str) -> String {
    if endpoint.contains("://") {
        endpoint.to_string()
    } else {
        format!("http://{endpoint}")
    }
}

/// Opens a channel with a connect timeout; with `tls_ca` (PEM) it speaks TLS and trusts
/// that certificate authority.
pub async fn connect(endpoint: &str, timeout: Duration, tls_ca: Option<&[u8]>) -> Result<Channel, ClientError> {
    let url = match tls_ca {
        Some(_) if !endpoint.contains("://") => format!("https://{endpoint}"),
        _ => endpoint_url(endpoint),
    };
    let err = |detail: String| ClientError::Connect { endpoint: url.clone(), detail };
    let mut ep = Endpoint::from_shared(url.clone()).map_err(|e| err(e.to_string()))?;
    if let Some(ca) = tls_ca {
        let host = ep.uri().host().unwrap_or("localhost").to_string();
        let tls = tonic::transport::ClientTlsConfig::new()
            .ca_certificate(tonic::transport::Certificate::from_pem(ca))
            .domain_name(host);
        ep = ep.tls_config(tls).map_err(|e| err(e.to_string()))?;
    }
    ep.connect_timeout(timeout).timeout(Duration::from_secs(130)).connect().await.map_err(|e| {
        err(format!(
            "{e}: {}",
            std::error::Error::source(&e).map(scale_decode::ToString::to_string).unwrap_or_default()
        ))
    })
}

/// What AuthenticateValidator answered, with the miner's signature checked.
#[derive(Debug, Clone, Serialize)]
pub struct AuthResult {
    /// Whether the miner accepted the validator.
    pub authenticated: bool,
    /// The miner's error code, when refused.
    pub error_code: Option<String>,
    /// The miner's error message, when refused.
    pub error_message: Option<String>,
    /// The hotkey the miner says it is.
    pub miner_hotkey: String,
    /// The miner's signature verifies for `miner_hotkey` (false when absent).
    pub miner_signature_valid: bool,
    /// Length of the session token (the token itself is not kept).
    pub session_token_len: usize,
    /// Round-trip time of the call.
    pub latency_ms: f64,
}

/// An AuthenticateValidator request signed by `validator` now, with a fresh nonce.
pub fn auth_request(validator: &Keypair, target_miner_hotkey: &str) -> pb::ValidatorAuthRequest {
    let nonce = uuid::Uuid::new_v4().to_string();
    let t = now();
    pb::ValidatorAuthRequest {
        validator_hotkey: validator.ss58.clone(),
        signature: signing::sign_hex(validator, &signing::auth_payload(&nonce, target_miner_hotkey, t)),
        nonce,
        timestamp: ts(t),
        target_miner_hotkey: target_miner_hotkey.to_string(),
    }
}

/// A DiscoverNodes request signed by `validator` now, with a fresh nonce, offering `public_key`.
pub fn discover_request(validator: &Keypair, target_miner_hotkey: &str, public_key: &str) -> pb::DiscoverNodesRequest {
    let nonce = uuid::Uuid::new_v4().to_string();
    let t = now();
    pb::DiscoverNodesRequest {
        validator_hotkey: validator.ss58.clone(),
        signature: signing::sign_hex(validator, &signing::discover_payload(&validator.ss58, &nonce, t)),
        nonce,
        validator_public_key: public_key.to_string(),
        timestamp: ts(t),
        target_miner_hotkey: target_miner_hotkey.to_string(),
    }
}

/// Calls `AuthenticateValidator` as `validator` would and checks the miner's signature.
pub async fn authenticate(
    channel: Channel,
    validator: &Keypair,
    target_miner_hotkey: &str,
) -> Result<AuthResult, ClientError> {
    let req = auth_request(validator, target_miner_hotkey);
    let started = Instant::now();
    let r = MinerDiscoveryClient::new(channel)
        .authenticate_validator(req)
        .await
        .map_err(|s| ClientError::Rpc {
            rpc: "AuthenticateValidator",
            code: s.code(),
            message: s.message().to_string(),
        })?
        .into_inner();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let miner_signature_valid = r.authenticated
        && signing::verify_hex(
            &r.miner_hotkey,
            &signing::miner_response_payload(&validator.ss58, &r.response_nonce, &r.session_token),
            &r.miner_signature,
        )
        .is_ok();
    Ok(AuthResult {
        authenticated: r.authenticated,
        error_code: r.error.as_ref().map(|e| e.code.clone()),
        error_message: r.error.as_ref().map(|e| e.message.clone()),
        miner_hotkey: r.miner_hotkey,
        miner_signature_valid,
        session_token_len: r.session_token.len(),
        latency_ms,
    })
}

/// One node as DiscoverNodes returned it.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// The node's id.
    pub node_id: String,
    /// DNS name or IP address.
    pub host: String,
    /// The SSH port.
    pub port: u16,
    /// The user the validator logs in as.
    pub username: String,
    /// Price of one GPU-hour in cents.
    pub hourly_rate_cents: u32,
}

/// Calls `DiscoverNodes` as `validator` would, sending `public_key` for the nodes.
pub async fn discover(
    channel: Channel,
    validator: &Keypair,
    target_miner_hotkey: &str,
    public_key: &str,
) -> Result<Vec<Node>, ClientError> {
    let r = MinerDiscoveryClient::new(channel)
        .discover_nodes(discover_request(validator, target_miner_hotkey, public_key))
        .await
        .map_err(|s| ClientError::Rpc { rpc: "DiscoverNodes", code: s.code(), message: s.message().to_string() })?
        .into_inner();
    Ok(r.nodes
        .into_iter()
        .map(|n| Node {
            port: n.port.parse().unwrap_or(0),
            node_id: n.node_id,
            host: n.host,
            username: n.username,
            hourly_rate_cents: n.hourly_rate_cents,
        })
        .collect())
}

/// `grpc.health.v1` status of the whole server ("" service).
pub async fn health(channel: Channel) -> Result<String, ClientError> {
    crate::core::daemon::view::place::ask_health(channel).await.map_err(|s| ClientError::Rpc {
        rpc: "Health/Check",
        code: s.code(),
        message: s.message().to_string(),
    })
}

/// Service names listed by server reflection (what `grpcurl list` shows).
pub async fn list_services(channel: Channel) -> Result<Vec<String>, ClientError> {
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1::ServerReflectionRequest;
    let rpc_err = |s: tonic::Status| ClientError::Rpc {
        rpc: "ServerReflectionInfo",
        code: s.code(),
        message: s.message().to_string(),
    };
    let req = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut stream = ServerReflectionClient::new(channel)
        .server_reflection_info(futures::stream::iter(vec![req]))
        .await
        .map_err(rpc_err)?
        .into_inner();
    let mut names = Vec::new();
    if let Some(msg) = stream.message().await.map_err(rpc_err)? {
        if let Some(MessageResponse::ListServicesResponse(list)) = msg.message_response {
            names = list.service.into_iter().map(|s| s.name).collect();
        }
    }
    Ok(names)
}
