//! What answers at a validator's bid endpoint, as named states: a `MinerRegistration` service
//! (which takes Basilica bids, whether or not it knows this hotkey yet), or one of the ways an
//! address is not a Basilica validator (another gRPC server, something that is not gRPC over
//! HTTP/2, nothing listening, no answer, no axon on chain). Each state carries its fix. The
//! looking itself (a TCP connection, the HTTP/2 preface, one HealthCheck) is the daemon's
//! (`daemon::transport::bid_probe`); this module only names and explains what it found.

use serde::{Deserialize, Serialize};

/// The command that lists the subnet's validators and whether each takes bids.
pub const SEE_VALIDATORS: &str = "basilica-miner bid validators";

/// What answered at a bid endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointState {
    /// A `MinerRegistration` service answered: a Basilica validator.
    TakesBids,
    /// A `MinerRegistration` service answered NOT_FOUND "unknown miner_hotkey": a Basilica
    /// validator that does not know this hotkey yet.
    UnknownHotkey,
    /// A gRPC server answered UNIMPLEMENTED: it has no `MinerRegistration` service.
    NoBidService,
    /// Something answered that is not gRPC over HTTP/2 (an HTTP/1 or TLS server on a plain
    /// port, or other bytes).
    NotGrpc,
    /// The connection was refused: nothing listens at the address and port.
    NothingListening,
    /// No answer within the time limit (dropped by a firewall, or a stalled host).
    NoAnswer,
    /// The validator's axon on chain has no IP (0) or one that cannot be dialled.
    NoAxon,
    /// An `https://` endpoint whose certificate did not verify.
    TlsFailed,
}

impl EndpointState {
    /// Every state, in the order they are shown and exported.
    pub const ALL: [EndpointState; 8] = [
        EndpointState::TakesBids,
        EndpointState::UnknownHotkey,
        EndpointState::NoBidService,
        EndpointState::NotGrpc,
        EndpointState::NothingListening,
        EndpointState::NoAnswer,
        EndpointState::NoAxon,
        EndpointState::TlsFailed,
    ];

    /// The state's name in logs, `--json` and the metric's `state` label.
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointState::TakesBids => "takes_bids",
            EndpointState::UnknownHotkey => "unknown_hotkey",
            EndpointState::NoBidService => "no_bid_service",
            EndpointState::NotGrpc => "not_grpc",
            EndpointState::NothingListening => "nothing_listening",
            EndpointState::NoAnswer => "no_answer",
            EndpointState::NoAxon => "no_axon",
            EndpointState::TlsFailed => "tls_failed",
        }
    }

    /// A Basilica validator answered (it takes bids, whether or not it knows this hotkey).
    pub fn takes_bids(self) -> bool {
        matches!(self, EndpointState::TakesBids | EndpointState::UnknownHotkey)
    }

    /// The address says it is not a Basilica validator (as opposed to one that may be down
    /// for a while): asked again only every [`CALM_RETRY_SECS`].
    pub fn is_not_basilica(self) -> bool {
        matches!(self, EndpointState::NoBidService | EndpointState::NotGrpc | EndpointState::NoAxon)
    }

    /// What the state means, in a few words.
    pub fn meaning(self) -> &'static str {
        match self {
            EndpointState::TakesBids => "a MinerRegistration service answers: it takes Basilica bids",
            EndpointState::UnknownHotkey => {
                "a MinerRegistration service answers, but does not know this miner's hotkey yet"
            }
            EndpointState::NoBidService => {
                "a gRPC server without MinerRegistration answers (UNIMPLEMENTED): it does not take Basilica bids"
            }
            EndpointState::NotGrpc => "something that is not gRPC over HTTP/2 answers: it does not take Basilica bids",
            EndpointState::NothingListening => "nothing listens there (connection refused)",
            EndpointState::NoAnswer => "no answer (a firewall drops the traffic, or the host is down or stalled)",
            EndpointState::NoAxon => "the validator has no usable axon IP on chain, so it has no bid endpoint",
            EndpointState::TlsFailed => "the validator's TLS certificate did not verify",
        }
    }

    /// What the operator can do about it.
    pub fn fix(self) -> String {
        match self {
            EndpointState::TakesBids => String::new(),
            EndpointState::UnknownHotkey => "register the hotkey on the subnet (`basilica-miner register`) with its axon served; a validator adds new miners at its next metagraph sync".into(),
            EndpointState::NoBidService | EndpointState::NotGrpc | EndpointState::NoAxon => not_basilica_fix(),
            EndpointState::NothingListening => format!(
                "the validator is down or serves bids on another port: check `bid_grpc_port` (default 50052) or set `[bidding] validator_endpoint`; see `{SEE_VALIDATORS}`"
            ),
            EndpointState::NoAnswer => format!(
                "check that this host may reach the validator's bid port (firewall, routing); it is asked again; see `{SEE_VALIDATORS}`"
            ),
            EndpointState::TlsFailed => "if a private CA signed the validator's certificate, set `[bidding] validator_ca_file` to that CA's PEM file".into(),
        }
    }
}

/// The fix for a validator, or a whole subnet, that does not take Basilica bids.
pub fn not_basilica_fix() -> String {
    format!(
        "set `[bidding] validator_endpoint` to a Basilica-protocol validator, or `[bittensor] netuid` to a subnet whose validators run it; see `{SEE_VALIDATORS}`"
    )
}

/// What the `bid_endpoint_state` metric and the bid record say when there is nowhere to bid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nowhere {
    /// Bids have a target (its state is in the record).
    No,
    /// Not looked at yet (no metagraph, nothing assigned yet).
    Unchecked,
    /// Every permitted validator of the subnet was looked at and none takes bids.
    NoneTakesBids,
}

/// How long an address that is not a Basilica validator waits before it is asked again.
pub const CALM_RETRY_SECS: u64 = 300;

/// Longest detail kept from an answer.
pub const MAX_DETAIL: usize = 300;

/// How long a look that found an endpoint unreachable stands for the quick retries after it:
/// a call that cannot connect again within this time is not followed by a look of its own.
pub const UNREACHABLE_LOOK_STANDS_SECS: i64 = 60;

/// One look at a bid endpoint: what answered, in what words, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Look {
    /// What answered.
    pub state: EndpointState,
    /// The endpoint looked at (`http://IP:PORT/`); none when the axon has no IP.
    pub endpoint: Option<String>,
    /// What was seen, cut and escaped: the gRPC status, the first line of an HTTP/1 answer,
    /// the transport's error.
    pub detail: String,
    /// Unix time of the look.
    pub at: i64,
}

impl Look {
    /// A look at `endpoint` that found `state`, with `detail` cut to [`MAX_DETAIL`].
    pub fn new(state: EndpointState, endpoint: Option<String>, detail: &str, at: i64) -> Look {
        Look { state, endpoint, detail: super::text::printable(detail, MAX_DETAIL), at }
    }

    /// Whether this look still tells what a call to `endpoint` that could not connect met, at
    /// `now`: it found that endpoint refusing or silent within [`UNREACHABLE_LOOK_STANDS_SECS`].
    pub fn stands_for_unreachable(&self, endpoint: &str, now: i64) -> bool {
        matches!(self.state, EndpointState::NothingListening | EndpointState::NoAnswer)
            && self.endpoint.as_deref() == Some(endpoint)
            && (0..UNREACHABLE_LOOK_STANDS_SECS).contains(&(now - self.at))
    }

    /// One line for logs and screens: the endpoint, the meaning and the detail.
    pub fn explain(&self) -> String {
        let at = self.endpoint.as_deref().map(|e| format!("at {e}: ")).unwrap_or_default();
        if self.detail.is_empty() {
            format!("{at}{}", self.state.meaning())
        } else {
            format!("{at}{} ({})", self.state.meaning(), self.detail)
        }
    }
}

/// A permitted validator of the subnet, with what answered at its bid endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidatorLook {
    /// Its hotkey (SS58).
    pub hotkey: String,
    /// Its uid on the subnet.
    pub uid: u16,
    /// Its total stake, in rao.
    pub stake: u64,
    /// What answered at its bid endpoint.
    pub look: Look,
    /// The assignment chose it.
    pub assigned: bool,
}

/// Why the assignment skipped `v` (it does not take bids), in one line for the log.
pub fn skipped_line(v: &ValidatorLook) -> String {
    format!("validator {} (uid {}, stake {} rao) skipped: {}", v.hotkey, v.uid, v.stake, v.look.explain())
}

/// What the operator reads when no validator of `netuid` takes bids.
pub fn none_takes_bids(netuid: u16, looked_at: usize) -> String {
    format!(
        "no validator on subnet {netuid} takes Basilica bids ({looked_at} permitted validator(s) looked at){}",
        subnet_note(netuid)
    )
}

/// A dated fact about `netuid` when it is one the Basilica protocol has left.
pub fn subnet_note(netuid: u16) -> &'static str {
    if netuid == 39 {
        "; Basilica's team left Bittensor on 2026-04-10 and from 2026-05 subnet 39 ran other mechanisms without MinerRegistration (last read 2026-12-06)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_have_distinct_names_and_fixes_that_name_the_way_out() {
        let names: std::collections::HashSet<&str> = EndpointState::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names.len(), EndpointState::ALL.len());
        for s in EndpointState::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(s.fix().is_empty(), s == EndpointState::TakesBids, "{s:?}");
            if s.is_not_basilica() {
                assert!(
                    s.fix().contains("validator_endpoint")
                        && s.fix().contains("netuid")
                        && s.fix().contains(SEE_VALIDATORS)
                );
                assert!(!s.takes_bids());
            }
        }
        assert!(EndpointState::UnknownHotkey.takes_bids() && !EndpointState::NothingListening.is_not_basilica());
    }

    #[test]
    fn a_look_explains_itself_and_keeps_its_detail_short() {
        let l =
            Look::new(EndpointState::NotGrpc, Some("http://10.0.0.1:50052/".into()), &"HTTP/1.0 400\n".repeat(100), 5);
        assert!(l.explain().starts_with("at http://10.0.0.1:50052/: something that is not gRPC"));
        assert!(l.detail.chars().count() <= 2 * MAX_DETAIL + 1 && !l.detail.contains('\n'), "cut, line breaks escaped");
        assert!(none_takes_bids(39, 4).contains("2026-04-10"));
        assert!(!none_takes_bids(7, 4).contains("2026"));
    }

    #[test]
    fn an_unreachable_look_stands_a_minute_at_its_own_endpoint_only() {
        let at = "http://10.0.0.1:50052/";
        let refused = Look::new(EndpointState::NothingListening, Some(at.into()), "connection refused", 100);
        assert!(refused.stands_for_unreachable(at, 100) && refused.stands_for_unreachable(at, 159));
        assert!(!refused.stands_for_unreachable(at, 160), "a minute later it is looked at again");
        assert!(!refused.stands_for_unreachable(at, 99), "a clock that went back");
        assert!(!refused.stands_for_unreachable("http://10.0.0.2:50052/", 120), "another endpoint");
        let silent = Look { state: EndpointState::NoAnswer, ..refused.clone() };
        assert!(silent.stands_for_unreachable(at, 120));
        for state in [EndpointState::TakesBids, EndpointState::NotGrpc, EndpointState::TlsFailed] {
            let other = Look { state, ..refused.clone() };
            assert!(!other.stands_for_unreachable(at, 120), "{state:?} says nothing of a failed connect");
        }
    }
}
