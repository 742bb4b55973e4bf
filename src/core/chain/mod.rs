//! The subtensor chain through subxt's dynamic API: metadata is fetched from the node at
//! connect time (no generated code), so a runtime upgrade never needs a rebuild.

mod error;
mod metagraph;
pub mod registration;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use scale_decode::DecodeAsType;
use serde::Serialize;
use sp_core::crypto::Pair as _;
use subxt::backend::LegacyBackend;
use subxt::config::DefaultExtrinsicParamsBuilder;
use subxt::dynamic::{self, Value};
use subxt::utils::{AccountId32, MultiSignature};
use subxt::{OnlineClient, SubstrateConfig};

use error::said_once;
pub use error::ChainError;
pub use metagraph::{select_validator, stake_order, AssignmentError, Neuron};

use crate::core::identity::wallet::Keypair;

/// Subtensor's pallet of Bittensor logic.
pub const PALLET: &str = "SubtensorModule";

/// Transaction extensions subtensor declares beyond subxt's known set; all carry no data.
const EMPTY_EXTENSIONS: [&str; 4] =
    ["SudoTransactionExtension", "CheckShieldedTxValidity", "SubtensorTransactionExtension", "DrandPriority"];

/// A failed request, named.
fn request<E: std::fmt::Display>(request: &'static str) -> impl Fn(E) -> ChainError {
    move |e| ChainError::Request { request, detail: said_once(e) }
}

/// An answer that does not decode, named.
fn decode<E: std::fmt::Display>(request: &'static str) -> impl Fn(E) -> ChainError {
    move |e| ChainError::Decode { request, detail: e.to_string() }
}

/// An axon as stored on chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, DecodeAsType)]
pub struct AxonInfo {
    /// The block it was served at.
    pub block: u64,
    /// The version the miner served.
    pub version: u32,
    /// The IP address as a number (see `ip_type`).
    pub ip: u128,
    /// The axon port.
    pub port: u16,
    /// 4 or 6 (0: no address).
    pub ip_type: u8,
    /// The protocol number served with it.
    pub protocol: u8,
}

impl AxonInfo {
    /// The IP address, when `ip_type` is 4 or 6.
    pub fn ip_addr(&self) -> Option<IpAddr> {
        match self.ip_type {
            4 => u32::try_from(self.ip).ok().map(|v| IpAddr::from(std::net::Ipv4Addr::from(v))),
            6 => Some(IpAddr::from(std::net::Ipv6Addr::from(self.ip))),
            _ => None,
        }
    }
}

/// `ip` as subtensor stores it: a u128 and 4 or 6.
pub fn encode_ip(ip: IpAddr) -> (u128, u8) {
    match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 4),
        IpAddr::V6(v6) => (u128::from(v6), 6),
    }
}

/// A finalized transaction.
#[derive(Debug, Clone, Serialize)]
pub struct TxOutcome {
    /// The block it was included in.
    pub block_hash: String,
    /// The transaction's hash.
    pub extrinsic_hash: String,
}

/// A subtensor node behind a connection that heals: every call runs over the current
/// WebSocket connection, a failed call drops it, and the next attempt dials again, with
/// jittered, capped exponential backoff between attempts. A chain node that restarts or drops
/// the socket is therefore picked up again without restarting the miner.
pub struct ChainClient {
    /// The WebSocket endpoint.
    pub endpoint: String,
    timeout: Duration,
    attempts: u32,
    connection: tokio::sync::Mutex<Option<OnlineClient<SubstrateConfig>>>,
    reconnects: std::sync::atomic::AtomicU64,
    /// Shared by every connection: it caches decoded metadata per runtime spec version, so a
    /// reconnect to the same runtime does not download and decode it again (a runtime upgrade,
    /// a new spec version, still fetches the new one).
    config: SubstrateConfig,
}

/// A wallet key as a subxt signer.
struct SignWith<'a>(&'a Keypair);

impl subxt::transactions::Signer<SubstrateConfig> for SignWith<'_> {
    fn account_id(&self) -> AccountId32 {
        AccountId32(self.0.public())
    }

    fn sign(&self, payload: &[u8]) -> MultiSignature {
        MultiSignature::Sr25519(self.0.pair.sign(payload).0)
    }
}

/// The pause between attempts: from 0.5 s doubling to at most 30 s, with jitter so many
/// miners do not hammer a restarted node in step.
pub fn backoff(attempts: u32) -> backon::ExponentialBuilder {
    backon::ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(500))
        .with_max_delay(Duration::from_secs(30))
        .with_jitter()
        .with_max_times(attempts.saturating_sub(1) as usize)
}

impl ChainClient {
    /// Connects now, trying up to `attempts` times; each attempt (and later each call) is
    /// bounded by `timeout`.
    pub async fn connect(endpoint: &str, timeout: Duration, attempts: u32) -> Result<ChainClient, ChainError> {
        let client = ChainClient::lazy(endpoint, timeout, attempts);
        use backon::Retryable as _;
        (|| async { client.api().await.map(|_| ()) })
            .retry(backoff(attempts.max(1)))
            .notify(|e, pause| tracing::debug!(endpoint, error = %e, ?pause, "chain connection attempt failed"))
            .await
            .map_err(|e| {
                // The endpoint is in this message already; keep only what the transport said.
                let detail = match e {
                    ChainError::Transport { detail, .. } => detail,
                    other => said_once(other),
                };
                ChainError::Connect { endpoint: endpoint.to_string(), attempts: attempts.max(1), detail }
            })?;
        Ok(client)
    }

    /// A client that dials on first use (the daemon starts even while the chain is down).
    pub fn lazy(endpoint: &str, timeout: Duration, attempts: u32) -> ChainClient {
        ChainClient {
            endpoint: endpoint.to_string(),
            timeout,
            attempts: attempts.max(1),
            connection: tokio::sync::Mutex::new(None),
            reconnects: std::sync::atomic::AtomicU64::new(0),
            config: SubstrateConfig::default(),
        }
    }

    /// How many times a connection was (re)established.
    pub fn connections_made(&self) -> u64 {
        self.reconnects.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The open connection, dialling one when there is none.
    async fn api(&self) -> Result<OnlineClient<SubstrateConfig>, ChainError> {
        let mut slot = self.connection.lock().await;
        if let Some(api) = slot.as_ref() {
            return Ok(api.clone());
        }
        let dial = async {
            let transport = |e: &dyn std::fmt::Display| ChainError::Transport {
                endpoint: self.endpoint.clone(),
                detail: said_once(e),
            };
            let client = subxt::rpcs::RpcClient::from_insecure_url(&self.endpoint).await.map_err(|e| transport(&e))?;
            let backend = LegacyBackend::<SubstrateConfig>::builder().build(client);
            OnlineClient::<SubstrateConfig>::from_backend_with_config(self.config.clone(), Arc::new(backend))
                .await
                .map_err(|e| transport(&e))
        };
        let api = tokio::time::timeout(self.timeout, dial).await.map_err(|_| self.timed_out())??;
        if self.reconnects.fetch_add(1, std::sync::atomic::Ordering::Relaxed) > 0 {
            tracing::info!(endpoint = %self.endpoint, "reconnected to the chain");
        }
        *slot = Some(api.clone());
        Ok(api)
    }

    /// Drops the connection after a failure, so the next attempt dials a fresh one.
    async fn forget(&self) {
        *self.connection.lock().await = None;
    }

    fn timed_out(&self) -> ChainError {
        ChainError::Timeout { endpoint: self.endpoint.clone(), secs: self.timeout.as_secs() }
    }

    /// Runs a read-only call with the retry policy: each attempt bounded by the timeout, a
    /// failed attempt drops the connection, attempts spaced by [`backoff`].
    async fn read<T, F, Fut>(&self, call: F) -> Result<T, ChainError>
    where
        F: Fn(OnlineClient<SubstrateConfig>) -> Fut,
        Fut: std::future::Future<Output = Result<T, ChainError>>,
    {
        use backon::Retryable as _;
        let once = || async {
            let api = self.api().await?;
            let result = match tokio::time::timeout(self.timeout, call(api)).await {
                Ok(r) => r,
                Err(_) => Err(self.timed_out()),
            };
            if result.is_err() {
                self.forget().await;
            }
            result
        };
        once.retry(backoff(self.attempts))
            .notify(|e, pause| tracing::debug!(endpoint = %self.endpoint, error = %e, ?pause, "chain call failed; reconnecting"))
            .await
    }

    /// One step of a submission, bounded by the timeout; a failure drops the connection.
    async fn bounded<T>(&self, fut: impl std::future::Future<Output = Result<T, ChainError>>) -> Result<T, ChainError> {
        let result = tokio::time::timeout(self.timeout, fut).await.unwrap_or_else(|_| Err(self.timed_out()));
        if result.is_err() {
            self.forget().await;
        }
        result
    }

    /// The uid of `hotkey` on `netuid`, or `None` when it is not registered.
    pub async fn uid(&self, netuid: u16, hotkey: [u8; 32]) -> Result<Option<u16>, ChainError> {
        self.read(|api| async move {
            let at = api.at_current_block().await.map_err(request("Uids"))?;
            let addr = dynamic::storage::<(u16, [u8; 32]), u16>(PALLET, "Uids");
            match at.storage().try_fetch(addr, (netuid, hotkey)).await.map_err(request("Uids"))? {
                Some(v) => Ok(Some(v.decode().map_err(decode("Uids"))?)),
                None => Ok(None),
            }
        })
        .await
    }

    /// The current burn (registration cost) of `netuid` in rao.
    pub async fn burn(&self, netuid: u16) -> Result<u64, ChainError> {
        self.read(|api| async move {
            let at = api.at_current_block().await.map_err(request("Burn"))?;
            let v = at
                .storage()
                .fetch(dynamic::storage::<(u16,), u64>(PALLET, "Burn"), (netuid,))
                .await
                .map_err(request("Burn"))?;
            v.decode().map_err(decode("Burn"))
        })
        .await
    }

    /// Free balance of an account in rao.
    pub async fn free_balance(&self, account: [u8; 32]) -> Result<u64, ChainError> {
        #[derive(DecodeAsType)]
        struct AccountInfo {
            data: AccountData,
        }
        #[derive(DecodeAsType)]
        struct AccountData {
            free: u64,
        }
        self.read(|api| async move {
            let at = api.at_current_block().await.map_err(request("System.Account"))?;
            let v = at
                .storage()
                .fetch(dynamic::storage::<([u8; 32],), AccountInfo>("System", "Account"), (account,))
                .await
                .map_err(request("System.Account"))?;
            Ok(v.decode().map_err(decode("System.Account"))?.data.free)
        })
        .await
    }

    /// The axon `hotkey` serves on `netuid`, if any.
    pub async fn axon(&self, netuid: u16, hotkey: [u8; 32]) -> Result<Option<AxonInfo>, ChainError> {
        self.read(|api| async move {
            let at = api.at_current_block().await.map_err(request("Axons"))?;
            let addr = dynamic::storage::<(u16, [u8; 32]), AxonInfo>(PALLET, "Axons");
            match at.storage().try_fetch(addr, (netuid, hotkey)).await.map_err(request("Axons"))? {
                Some(v) => Ok(Some(v.decode().map_err(decode("Axons"))?)),
                None => Ok(None),
            }
        })
        .await
    }

    /// Every neuron of `netuid` (hotkey, uid, validator permit, total stake).
    pub async fn neurons(&self, netuid: u16) -> Result<Vec<Neuron>, ChainError> {
        self.read(|api| async move {
            let at = api.at_current_block().await.map_err(request("get_neurons_lite"))?;
            let call = dynamic::runtime_api_call::<_, Vec<metagraph::NeuronLite>>(
                "NeuronInfoRuntimeApi",
                "get_neurons_lite",
                (netuid,),
            );
            let neurons = at.runtime_apis().call(call).await.map_err(request("get_neurons_lite"))?;
            Ok(neurons.into_iter().map(Neuron::from).collect())
        })
        .await
    }

    /// `SubtensorModule.burned_register(netuid, hotkey)`, signed by the coldkey; waits for finalization.
    pub async fn burned_register(
        &self,
        coldkey: &Keypair,
        netuid: u16,
        hotkey: [u8; 32],
    ) -> Result<TxOutcome, ChainError> {
        let call = dynamic::transaction(PALLET, "burned_register", (netuid, AccountId32(hotkey)));
        self.submit(call, coldkey).await
    }

    /// `SubtensorModule.serve_axon(...)`, signed by the hotkey; waits for finalization.
    pub async fn serve_axon(
        &self,
        hotkey: &Keypair,
        netuid: u16,
        ip: IpAddr,
        port: u16,
    ) -> Result<TxOutcome, ChainError> {
        let (ip, ip_type) = encode_ip(ip);
        // version 0, protocol 4 (gRPC-style TCP as bittensor's axons use), placeholders 0.
        let call = dynamic::transaction(PALLET, "serve_axon", (netuid, 0u32, ip, port, ip_type, 4u8, 0u8, 0u8));
        self.submit(call, hotkey).await
    }

    async fn submit<Call: subxt::transactions::Payload>(
        &self,
        call: Call,
        key: &Keypair,
    ) -> Result<TxOutcome, ChainError> {
        let mut params = DefaultExtrinsicParamsBuilder::<SubstrateConfig>::new().mortal(64);
        for name in EMPTY_EXTENSIONS {
            params = params.custom_extension(name, Value::unnamed_composite(Vec::<Value>::new()));
        }
        // Submissions are not retried (a retry could submit twice); only the connection is.
        let api = self.read(|api| async move { Ok(api) }).await?;
        let at = self.bounded(async { api.at_current_block().await.map_err(request("the current block")) }).await?;
        let txs = at.transactions();
        let signer = SignWith(key);
        let mut signable = self
            .bounded(async {
                txs.create_v4_signable(&call, &subxt::transactions::Signer::account_id(&signer), params.build())
                    .await
                    .map_err(request("the transaction's signing payload"))
            })
            .await?;
        let tx = signable.sign(&signer).map_err(request("signing the transaction"))?;
        let extrinsic_hash = format!("{:?}", tx.hash());
        let progress = self
            .bounded(async { tx.submit_and_watch().await.map_err(request("author_submitAndWatchExtrinsic")) })
            .await?;
        // Finalization takes a few blocks (12 s each on finney); allow several timeouts' worth.
        let in_block = tokio::time::timeout(self.timeout * 10, progress.wait_for_finalized())
            .await
            .map_err(|_| ChainError::Timeout { endpoint: self.endpoint.clone(), secs: self.timeout.as_secs() * 10 })?
            .map_err(|e| ChainError::NotIncluded(e.to_string()))?;
        let block_hash = format!("{:?}", in_block.block_hash());
        match in_block.wait_for_success().await {
            Ok(_) => Ok(TxOutcome { block_hash, extrinsic_hash }),
            Err(e) => Err(pallet_error(e)),
        }
    }
}

fn pallet_error(e: subxt::error::TransactionEventsError) -> ChainError {
    if let subxt::error::TransactionEventsError::ExtrinsicFailed(dispatch) = &e {
        if let subxt::error::DispatchError::Module(module) = dispatch {
            if let Ok(details) = module.details() {
                return ChainError::Pallet {
                    pallet: details.pallet.name().to_string(),
                    name: details.variant.name.clone(),
                    docs: details.variant.docs.join(" ").trim().to_string(),
                };
            }
        }
        return ChainError::NotIncluded(dispatch.to_string());
    }
    ChainError::Request { request: "the transaction's events", detail: e.to_string() }
}
