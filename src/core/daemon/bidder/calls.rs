//! One validator's `MinerRegistration` service as a client: a lazily connected channel, every
//! call bounded in time and in answer size, errors sorted into what the bid loop does next.

use std::time::Duration;

use tonic::transport::{Channel, Endpoint, Uri};
use tonic::Code;

use crate::proto::basilca::miner::v1 as pb;
use crate::proto::basilca::miner::v1::miner_registration_client::MinerRegistrationClient;

/// Longest a validator may take to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest one call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest answer accepted (a key and a few strings).
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// No answer: connection refused or reset, timeout.
    #[error("the validator at {endpoint} is unreachable: {detail}")]
    Unreachable { endpoint: String, detail: String },
    /// NOT_FOUND "unknown miner_hotkey": the validator does not know this miner.
    #[error("the validator does not know this miner's hotkey ({detail}); is it registered on the subnet? (`basilica-miner wallet check`)")]
    UnknownHotkey { detail: String },
    /// Any other refusal (bad signature, stale timestamp, invalid request...).
    #[error("the validator refused the request: {code:?}: {detail}")]
    Refused { code: Code, detail: String },
}

impl CallError {
    fn from_status(endpoint: &Uri, s: &tonic::Status) -> CallError {
        let detail = crate::core::bidding::wire::printable(s.message(), 200);
        match s.code() {
            Code::NotFound => CallError::UnknownHotkey { detail },
            Code::Unavailable | Code::DeadlineExceeded | Code::Cancelled | Code::Unknown => CallError::Unreachable { endpoint: endpoint.to_string(), detail },
            code => CallError::Refused { code, detail },
        }
    }
}

/// A client for one endpoint; the channel reconnects by itself after failures.
pub struct Client {
    pub endpoint: Uri,
    inner: MinerRegistrationClient<Channel>,
}

impl Client {
    pub fn new(endpoint: Uri) -> Client {
        let channel = Endpoint::from(endpoint.clone()).connect_timeout(CONNECT_TIMEOUT).timeout(CALL_TIMEOUT).tcp_nodelay(true).connect_lazy();
        let inner = MinerRegistrationClient::new(channel).max_decoding_message_size(MAX_ANSWER_BYTES);
        Client { endpoint, inner }
    }

    fn request<T>(message: T) -> tonic::Request<T> {
        let mut r = tonic::Request::new(message);
        r.set_timeout(CALL_TIMEOUT);
        r
    }

    pub async fn register(&mut self, req: pb::RegisterBidRequest) -> Result<pb::RegisterBidResponse, CallError> {
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.inner.register_bid(Self::request(req))).await;
        self.finish(answer)
    }

    pub async fn update(&mut self, req: pb::UpdateBidRequest) -> Result<pb::UpdateBidResponse, CallError> {
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.inner.update_bid(Self::request(req))).await;
        self.finish(answer)
    }

    pub async fn remove(&mut self, req: pb::RemoveBidRequest) -> Result<pb::RemoveBidResponse, CallError> {
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.inner.remove_bid(Self::request(req))).await;
        self.finish(answer)
    }

    pub async fn health(&mut self, req: pb::HealthCheckRequest) -> Result<pb::HealthCheckResponse, CallError> {
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.inner.health_check(Self::request(req))).await;
        self.finish(answer)
    }

    fn finish<T>(&self, answer: Result<Result<tonic::Response<T>, tonic::Status>, tokio::time::error::Elapsed>) -> Result<T, CallError> {
        match answer {
            Err(_) => Err(CallError::Unreachable { endpoint: self.endpoint.to_string(), detail: format!("no answer within {} s", CALL_TIMEOUT.as_secs()) }),
            Ok(Err(status)) => Err(CallError::from_status(&self.endpoint, &status)),
            Ok(Ok(response)) => Ok(response.into_inner()),
        }
    }
}
