//! One validator's `MinerRegistration` service as a client: a lazily connected channel (plain
//! HTTP/2, or TLS with the system's roots or the operator's CA), every call bounded in time and
//! in answer size, errors sorted into what the bid loop does next.

use std::time::Duration;

use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint, Uri};
use tonic::Code;

use crate::core::bidding::answering::EndpointState;
use crate::proto::basilca::miner::v1 as pb;
use crate::proto::basilca::miner::v1::miner_registration_client::MinerRegistrationClient;

/// Longest a validator may take to accept a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest one call may take.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest answer accepted (a key and a few strings).
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// No answer: connection refused or reset, timeout.
    #[error("the validator at {endpoint} is unreachable: {detail}")]
    Unreachable {
        /// The endpoint dialled.
        endpoint: String,
        /// The transport's words (refused, reset, timed out).
        detail: String,
    },
    /// The validator's TLS certificate did not verify (or TLS could not be set up).
    #[error("the TLS certificate of the validator at {endpoint} did not verify: {detail}; if a private CA signed it, set [bidding] validator_ca_file to that CA's PEM file")]
    Tls {
        /// The endpoint dialled.
        endpoint: String,
        /// The TLS library's words.
        detail: String,
    },
    /// NOT_FOUND "unknown miner_hotkey": the validator does not know this miner.
    #[error("the validator does not know this miner's hotkey ({detail}); is it registered on the subnet? (`basilica-miner wallet check`)")]
    UnknownHotkey {
        /// The validator's words.
        detail: String,
    },
    /// Any other refusal (bad signature, stale timestamp, invalid request...).
    #[error("the validator refused the request: {code:?}: {detail}")]
    Refused {
        /// The gRPC status code (UNIMPLEMENTED: no `MinerRegistration` service there).
        code: Code,
        /// The validator's words.
        detail: String,
    },
}

impl CallError {
    /// The `result` label of `bid_requests_total` for this failure: `failed` when nothing
    /// answered (or TLS did not verify), `refused` when the validator answered no.
    pub fn result_label(&self) -> &'static str {
        match self {
            CallError::Unreachable { .. } | CallError::Tls { .. } => "failed",
            CallError::UnknownHotkey { .. } | CallError::Refused { .. } => "refused",
        }
    }

    /// What answered, when the failure itself tells (an unreachable endpoint needs a look
    /// at the connection: [`super::bid_probe::look`]).
    pub fn endpoint_state(&self) -> Option<EndpointState> {
        match self {
            CallError::Unreachable { .. } => None,
            CallError::Tls { .. } => Some(EndpointState::TlsFailed),
            CallError::UnknownHotkey { .. } => Some(EndpointState::UnknownHotkey),
            CallError::Refused { code: Code::Unimplemented, .. } => Some(EndpointState::NoBidService),
            CallError::Refused { .. } => Some(EndpointState::TakesBids),
        }
    }

    /// The words the failure carries, without the endpoint.
    pub fn detail(&self) -> &str {
        match self {
            CallError::Unreachable { detail, .. }
            | CallError::Tls { detail, .. }
            | CallError::UnknownHotkey { detail }
            | CallError::Refused { detail, .. } => detail,
        }
    }

    fn from_status(endpoint: &Uri, s: &tonic::Status) -> CallError {
        // The transport's own words (refused, reset, certificate) are in the source chain.
        let mut text = s.message().to_string();
        let mut source = std::error::Error::source(s);
        while let Some(e) = source {
            let part = e.to_string();
            if !text.contains(&part) {
                text = format!("{text}: {part}");
            }
            source = e.source();
        }
        let detail = crate::core::bidding::wire::printable(&text, 300);
        let lower = text.to_ascii_lowercase();
        if lower.contains("certificate") || lower.contains("unknownissuer") || lower.contains("tls handshake") {
            return CallError::Tls { endpoint: endpoint.to_string(), detail };
        }
        match s.code() {
            Code::NotFound => CallError::UnknownHotkey { detail },
            Code::Unavailable | Code::DeadlineExceeded | Code::Cancelled | Code::Unknown => {
                CallError::Unreachable { endpoint: endpoint.to_string(), detail }
            }
            code => CallError::Refused { code, detail },
        }
    }
}

/// A client for one endpoint; the channel reconnects by itself after failures.
pub struct Client {
    /// The validator's bid endpoint.
    pub endpoint: Uri,
    inner: MinerRegistrationClient<Channel>,
}

impl Client {
    /// A client for `endpoint`; `https://` endpoints verify the validator's certificate
    /// against `ca_pem` when given, else against the system's trust roots.
    pub fn new(endpoint: Uri, ca_pem: Option<&[u8]>) -> Result<Client, CallError> {
        let mut e =
            Endpoint::from(endpoint.clone()).connect_timeout(CONNECT_TIMEOUT).timeout(CALL_TIMEOUT).tcp_nodelay(true);
        if crate::core::bidding::endpoint::is_tls(&endpoint) {
            let tls = match ca_pem {
                Some(pem) => ClientTlsConfig::new().ca_certificate(Certificate::from_pem(pem)),
                None => ClientTlsConfig::new().with_native_roots(),
            };
            let tls = match endpoint.host() {
                Some(host) => tls.domain_name(host.trim_start_matches('[').trim_end_matches(']')),
                None => tls,
            };
            e = e
                .tls_config(tls)
                .map_err(|err| CallError::Tls { endpoint: endpoint.to_string(), detail: err.to_string() })?;
        }
        let inner = MinerRegistrationClient::new(e.connect_lazy()).max_decoding_message_size(MAX_ANSWER_BYTES);
        Ok(Client { endpoint, inner })
    }

    fn request<T>(message: T) -> tonic::Request<T> {
        let mut r = tonic::Request::new(message);
        r.set_timeout(CALL_TIMEOUT);
        r
    }

    /// One RegisterBid call, bounded in time.
    pub async fn register(&mut self, req: pb::RegisterBidRequest) -> Result<pb::RegisterBidResponse, CallError> {
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.inner.register_bid(Self::request(req))).await;
        self.finish(answer)
    }

    /// One UpdateBid call, bounded in time.
    pub async fn update(&mut self, req: pb::UpdateBidRequest) -> Result<pb::UpdateBidResponse, CallError> {
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.inner.update_bid(Self::request(req))).await;
        self.finish(answer)
    }

    /// One RemoveBid call, bounded in time.
    pub async fn remove(&mut self, req: pb::RemoveBidRequest) -> Result<pb::RemoveBidResponse, CallError> {
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.inner.remove_bid(Self::request(req))).await;
        self.finish(answer)
    }

    /// One HealthCheck (the heartbeat) call, bounded in time.
    pub async fn health(&mut self, req: pb::HealthCheckRequest) -> Result<pb::HealthCheckResponse, CallError> {
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.inner.health_check(Self::request(req))).await;
        self.finish(answer)
    }

    fn finish<T>(
        &self,
        answer: Result<Result<tonic::Response<T>, tonic::Status>, tokio::time::error::Elapsed>,
    ) -> Result<T, CallError> {
        match answer {
            Err(_) => Err(CallError::Unreachable {
                endpoint: self.endpoint.to_string(),
                detail: format!("no answer within {} s", CALL_TIMEOUT.as_secs()),
            }),
            Ok(Err(status)) => Err(CallError::from_status(&self.endpoint, &status)),
            Ok(Ok(response)) => Ok(response.into_inner()),
        }
    }
}
