//! `bid validators`: where the bids can go. The permitted validators of the configured subnet
//! (from the chain's metagraph), each one's bid endpoint looked at in parallel (what answers
//! there, and whether it knows this hotkey), and which one the assignment picks and why; or,
//! with an endpoint, the same look at that one address before `serve` is started.

use serde::Serialize;

/// What the commands say about where bids go: the fix for a subnet without Basilica
/// validators, the dated note about a subnet Basilica left, and the command that checks.
pub use crate::core::bidding::answering::{not_basilica_fix, subnet_note, SEE_VALIDATORS};

use crate::core::bidding::answering::{self, EndpointState, Look, ValidatorLook};
use crate::core::bidding::endpoint;
use crate::core::chain::{ChainClient, ChainError, Neuron};
use crate::core::config::{AssignmentStrategy, LoadedConfig};
use crate::core::daemon::reload;
use crate::core::daemon::state::permits::Permits;
use crate::core::daemon::state::settings::BidSettings;
use crate::core::daemon::transport::bid_probe::{self, Asker};
use crate::core::identity::wallet::Keypair;
use crate::core::support::clock::unix_now;

/// What `bid validators` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ValidatorsReport {
    /// The chain endpoint read (absent with `--endpoint`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<String>,
    /// The subnet whose validators were looked at.
    pub netuid: u16,
    /// The miner's hotkey the looks were signed with; none when the wallet's hotkey could not
    /// be read (then the looks cannot tell whether a validator knows it).
    pub hotkey: Option<String>,
    /// Each permitted validator (highest stake first, at most 16) or the one endpoint, with
    /// what answered at its bid endpoint; `assigned` marks the one the assignment picks.
    pub validators: Vec<ValidatorLook>,
    /// Permitted validators on the subnet beyond those looked at.
    pub not_looked_at: usize,
    /// Some validator looked at takes Basilica bids.
    pub any_takes_bids: bool,
    /// Which validator gets the bids and why, in a sentence.
    pub assignment: String,
    /// What to do when none takes bids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// Why the validators could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ValidatorsError {
    /// The chain could not be read.
    #[error("cannot read the metagraph of subnet {netuid} from {endpoint}: {source}")]
    Chain {
        /// The chain endpoint.
        endpoint: String,
        /// The subnet.
        netuid: u16,
        /// What went wrong.
        source: ChainError,
    },
    /// `--endpoint` is not a bid endpoint URL.
    #[error("--endpoint {0}")]
    Endpoint(#[from] endpoint::EndpointError),
}

impl crate::core::support::exit::Classify for ValidatorsError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            ValidatorsError::Chain { .. } => crate::core::support::exit::ExitClass::Failure,
            ValidatorsError::Endpoint(_) => crate::core::support::exit::ExitClass::Usage,
        }
    }

    fn fix(&self) -> Option<String> {
        match self {
            ValidatorsError::Chain { .. } => Some("check `[bittensor] network` / `chain_endpoint` and the network, or look at one validator with `--endpoint URL`".into()),
            ValidatorsError::Endpoint(_) => Some("give the validator's bid endpoint as http://IP:PORT (default port 50052) or https://NAME".into()),
        }
    }
}

/// Looks at one bid endpoint (`--endpoint`), signed with `hotkey` when given.
pub async fn look_at_endpoint(
    loaded: &LoadedConfig,
    url: &str,
    hotkey: Option<&Keypair>,
) -> Result<ValidatorsReport, ValidatorsError> {
    let uri = endpoint::parse_override(url)?;
    // The CA is read as the daemon reads it.
    let ca = BidSettings::from_config(loaded).ca_pem;
    let look = bid_probe::look(&uri, ca.as_deref(), asker(hotkey), unix_now()).await;
    let takes = look.state.takes_bids();
    let v = ValidatorLook { hotkey: String::new(), uid: 0, stake: 0, look, assigned: takes };
    Ok(report(None, loaded.config.bittensor.effective_netuid(), hotkey, vec![v], 0, endpoint_sentence(takes)))
}

fn endpoint_sentence(takes: bool) -> String {
    if takes {
        "this endpoint takes Basilica bids: set it as `[bidding] validator_endpoint` to bid there".into()
    } else {
        "this endpoint does not take Basilica bids".into()
    }
}

/// Reads the subnet's metagraph and looks at every permitted validator's bid endpoint (at
/// most [`bid_probe::MAX_LOOKED_AT`], highest stake first) at once.
pub async fn look_at_subnet(
    loaded: &LoadedConfig,
    hotkey: Option<&Keypair>,
) -> Result<ValidatorsReport, ValidatorsError> {
    let c = &loaded.config;
    let netuid = c.bittensor.effective_netuid();
    let chain_endpoint = c.bittensor.effective_endpoint().to_string();
    let chain_error = |source| ValidatorsError::Chain { endpoint: chain_endpoint.clone(), netuid, source };
    let chain =
        ChainClient::connect(&chain_endpoint, std::time::Duration::from_secs(15), 2).await.map_err(chain_error)?;
    let neurons = chain.neurons(netuid).await.map_err(chain_error)?;
    let permitted = neurons.iter().filter(|n| n.validator_permit).count();
    let candidates = bid_probe::candidates(&neurons);
    let mut looks = bid_probe::look_at_all(&candidates, c.bid_grpc_port, asker(hotkey), unix_now()).await;
    let sentence = assign(&mut looks, neurons, loaded, netuid);
    let not_looked_at = permitted - looks.len();
    Ok(report(Some(chain_endpoint), netuid, hotkey, looks, not_looked_at, sentence))
}

/// Marks the validator the configured assignment picks among `looks` (the daemon's own rule:
/// its permits, fed these looks), and says why.
fn assign(looks: &mut [ValidatorLook], neurons: Vec<Neuron>, loaded: &LoadedConfig, netuid: u16) -> String {
    let c = &loaded.config;
    let strategy = c.validator_assignment.strategy;
    let permits = Permits::from_metagraph(reload::policy_for(c), neurons, unix_now());
    permits.record_looks(&looks.iter().map(|v| (v.hotkey.clone(), v.look.clone())).collect::<Vec<_>>());
    let chosen = permits.bid_target_with_axon().map(|(hotkey, _)| hotkey);
    let pick = chosen.and_then(|h| looks.iter().position(|v| v.hotkey == h));
    if let Some(i) = pick {
        looks[i].assigned = true;
    }
    let skipped = pick.map_or(looks.len(), |i| looks[..i].iter().filter(|v| !v.look.state.takes_bids()).count());
    match (pick, strategy) {
        (None, AssignmentStrategy::FixedAssignment) => format!(
            "fixed_assignment: validator_hotkey {} is not among the permitted validators of subnet {netuid}",
            c.validator_assignment.validator_hotkey.as_deref().unwrap_or("(unset)")
        ),
        (None, _) if looks.is_empty() => format!("no validator on subnet {netuid} holds a validator permit"),
        (None, _) => answering::none_takes_bids(netuid, looks.len()),
        (Some(i), AssignmentStrategy::FixedAssignment) => {
            format!("fixed_assignment picks {} ({})", looks[i].hotkey, looks[i].look.state.as_str())
        }
        (Some(i), _) if skipped > 0 => format!(
            "highest_stake picks {} (uid {}), the highest-stake validator that takes bids; {skipped} with more stake skipped: they do not take bids",
            looks[i].hotkey, looks[i].uid
        ),
        (Some(i), _) => format!("highest_stake picks {} (uid {}), the highest-stake validator", looks[i].hotkey, looks[i].uid),
    }
}

fn asker(hotkey: Option<&Keypair>) -> Asker<'_> {
    match hotkey {
        Some(k) => Asker::Signed(k),
        None => Asker::Unsigned(""),
    }
}

fn report(
    chain: Option<String>,
    netuid: u16,
    hotkey: Option<&Keypair>,
    validators: Vec<ValidatorLook>,
    not_looked_at: usize,
    assignment: String,
) -> ValidatorsReport {
    let any_takes_bids = validators.iter().any(|v| v.look.state.takes_bids());
    let fix = (!any_takes_bids).then(|| {
        let states: Vec<EndpointState> = validators.iter().map(|v| v.look.state).collect();
        if states.iter().all(|s| s.is_not_basilica()) || chain.is_some() {
            answering::not_basilica_fix()
        } else {
            states.first().map_or_else(answering::not_basilica_fix, |s| s.fix())
        }
    });
    ValidatorsReport {
        chain,
        netuid,
        hotkey: hotkey.map(|k| k.ss58.clone()),
        validators,
        not_looked_at,
        any_takes_bids,
        assignment,
        fix,
    }
}

/// Whether `look` says the validator knows this hotkey: `Some(true)` when a signed look was
/// answered without NOT_FOUND, `Some(false)` on "unknown miner_hotkey", `None` when it cannot
/// tell (not a Basilica validator, or an unsigned look).
pub fn knows_hotkey(look: &Look, signed: bool) -> Option<bool> {
    match look.state {
        EndpointState::UnknownHotkey => Some(false),
        EndpointState::TakesBids if signed => Some(true),
        _ => None,
    }
}
