//! A look at what answers at a bid endpoint, bounded in time: for a plain `http://` endpoint a
//! TCP connection and the HTTP/2 client preface tell refused, silent, HTTP/1, TLS and other
//! bytes apart from an HTTP/2 server; then one HealthCheck with an empty host list tells a
//! `MinerRegistration` service (any answer but UNIMPLEMENTED) from another gRPC server. The
//! daemon's looks are unsigned (a validator refuses them before recording anything, so a look
//! never counts as a heartbeat); `bid validators` signs, to learn whether the validator knows
//! this hotkey.

use std::net::IpAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tonic::transport::Uri;

use crate::core::bidding::answering::{EndpointState, Look, ValidatorLook};
use crate::core::bidding::{endpoint, wire};
use crate::core::chain::Neuron;
use crate::core::daemon::transport::bid_client::{CallError, Client};
use crate::core::identity::wallet::Keypair;
use crate::proto::basilca::miner::v1 as pb;

/// Longest the connection and the first answer to the preface may take, each.
pub const CONNECT_LOOK: Duration = Duration::from_secs(3);
/// Longest one whole look may take (connection, preface, HealthCheck).
pub const WHOLE_LOOK: Duration = Duration::from_secs(8);
/// Most validators looked at in one round (the highest-stake permitted ones).
pub const MAX_LOOKED_AT: usize = 16;

/// The HTTP/2 client connection preface followed by an empty SETTINGS frame.
const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0";

/// Who the HealthCheck of a look speaks for.
#[derive(Clone, Copy)]
pub enum Asker<'a> {
    /// Signed by the miner's hotkey: a validator that knows it answers OK.
    Signed(&'a Keypair),
    /// The hotkey only, with no signature: refused by a `MinerRegistration` service before
    /// anything is recorded.
    Unsigned(&'a str),
}

/// What answers at `uri`, within [`WHOLE_LOOK`].
pub async fn look(uri: &Uri, ca_pem: Option<&[u8]>, asker: Asker<'_>, now: i64) -> Look {
    let at = Some(uri.to_string());
    match tokio::time::timeout(WHOLE_LOOK, look_unbounded(uri, ca_pem, asker, now)).await {
        Ok(l) => l,
        Err(_) => Look::new(EndpointState::NoAnswer, at, &format!("no answer within {} s", WHOLE_LOOK.as_secs()), now),
    }
}

async fn look_unbounded(uri: &Uri, ca_pem: Option<&[u8]>, asker: Asker<'_>, now: i64) -> Look {
    let at = Some(uri.to_string());
    if !endpoint::is_tls(uri) {
        if let Err((state, detail)) = speaks_http2(uri).await {
            return Look::new(state, at, &detail, now);
        }
    }
    let request = match asker {
        Asker::Signed(key) => wire::health_request(key, &[], now),
        Asker::Unsigned(hotkey) => pb::HealthCheckRequest {
            miner_hotkey: hotkey.to_string(),
            timestamp: now,
            signature: Vec::new(),
            hosts: Vec::new(),
        },
    };
    let answer = match Client::new(uri.clone(), ca_pem) {
        Ok(mut c) => c.health(request).await,
        Err(e) => Err(e),
    };
    match answer {
        Ok(a) => {
            let words = if a.accepted {
                format!("HealthCheck accepted, {} node(s) active", a.nodes_active)
            } else {
                format!("HealthCheck answered: {}", a.error_message)
            };
            Look::new(EndpointState::TakesBids, at, &words, now)
        }
        Err(e) => {
            let mut l = of_call_error(&e, at, now);
            if matches!(asker, Asker::Unsigned(_)) && l.state == EndpointState::TakesBids {
                l.detail = format!("MinerRegistration refused an unsigned look, as it should: {}", l.detail);
            }
            l
        }
    }
}

/// The state a failed call shows; an unreachable endpoint is refused or silent.
pub fn of_call_error(e: &CallError, at: Option<String>, now: i64) -> Look {
    let state = e.endpoint_state().unwrap_or_else(|| {
        if e.detail().to_ascii_lowercase().contains("refused") {
            EndpointState::NothingListening
        } else {
            EndpointState::NoAnswer
        }
    });
    let detail = match e {
        CallError::Refused { code, detail } => format!("{code:?}: {detail}"),
        _ => e.detail().to_string(),
    };
    Look::new(state, at, &detail, now)
}

/// Whether an HTTP/2 server answers the client preface at `uri`'s address, else what did.
async fn speaks_http2(uri: &Uri) -> Result<(), (EndpointState, String)> {
    let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_string();
    let port = uri.port_u16().unwrap_or(80);
    let silent = |what: &str| (EndpointState::NoAnswer, format!("{what} within {} s", CONNECT_LOOK.as_secs()));
    let addrs: Vec<std::net::SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![(ip, port).into()],
        Err(_) => match tokio::time::timeout(CONNECT_LOOK, tokio::net::lookup_host((host.as_str(), port))).await {
            Ok(Ok(a)) => a.collect(),
            Ok(Err(e)) => return Err((EndpointState::NoAnswer, format!("cannot resolve {host}: {e}"))),
            Err(_) => return Err(silent("no name resolution")),
        },
    };
    let Some(addr) = addrs.first() else { return Err((EndpointState::NoAnswer, format!("{host} has no address"))) };
    let mut stream = match tokio::time::timeout(CONNECT_LOOK, tokio::net::TcpStream::connect(addr)).await {
        Err(_) => return Err(silent("no connection")),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            return Err((EndpointState::NothingListening, format!("connection to {addr} refused")))
        }
        Ok(Err(e)) => return Err((EndpointState::NoAnswer, format!("cannot connect to {addr}: {e}"))),
        Ok(Ok(s)) => s,
    };
    // A server may answer and close before reading everything: a failed write is not yet news.
    let _ = stream.write_all(PREFACE).await;
    let mut got = Vec::with_capacity(64);
    let read = tokio::time::timeout(CONNECT_LOOK, async {
        let mut buf = [0u8; 64];
        while got.len() < 9 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    match classify_first_bytes(&got) {
        Some(Ok(())) => Ok(()),
        Some(Err(what)) => Err((EndpointState::NotGrpc, what)),
        None if read.is_err() => Err(silent("the connection was accepted but nothing answered the HTTP/2 preface")),
        None => Err((EndpointState::NotGrpc, "the connection was closed without an HTTP/2 answer".into())),
    }
}

/// What the first bytes a server sent after the HTTP/2 preface say: an HTTP/2 SETTINGS frame
/// (`Ok`), or what else answered; `None` for no bytes at all.
pub fn classify_first_bytes(got: &[u8]) -> Option<Result<(), String>> {
    if got.is_empty() {
        return None;
    }
    // A frame header: 24-bit length, type 4 (SETTINGS), flags, stream 0.
    if got.len() >= 9 && got[3] == 0x04 && got[5..9] == [0, 0, 0, 0] {
        return Some(Ok(()));
    }
    let first_line = || String::from_utf8_lossy(got).lines().next().unwrap_or_default().trim().to_string();
    if got.starts_with(b"HTTP/") {
        return Some(Err(format!("an HTTP/1 server answered: {}", first_line())));
    }
    // A server that reads the preface as an HTTP/0.9 request answers with a bare page.
    let lower = String::from_utf8_lossy(got).to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Some(Err(format!("an HTTP/1 server answered with an HTML page: {}", first_line())));
    }
    if matches!(got[0], 0x15 | 0x16) && got.get(1) == Some(&0x03) {
        return Some(Err(
            "a TLS server answered on a plain http:// endpoint (for a validator behind TLS use https://)".into(),
        ));
    }
    let hex: Vec<String> = got.iter().take(16).map(|b| format!("{b:02x}")).collect();
    Some(Err(format!("bytes that are not HTTP/2: {}", hex.join(" "))))
}

/// The permitted validators of a metagraph worth a look, highest stake first (ties to the
/// lower uid), at most [`MAX_LOOKED_AT`].
pub fn candidates(neurons: &[Neuron]) -> Vec<&Neuron> {
    let mut v: Vec<&Neuron> = neurons.iter().filter(|n| n.validator_permit).collect();
    v.sort_by(|a, b| crate::core::chain::stake_order(b, a));
    v.truncate(MAX_LOOKED_AT);
    v
}

/// Looks at the bid endpoints of `validators` (their axon IP at `bid_port`) all at once,
/// within [`WHOLE_LOOK`] in all; a validator with no usable axon is `no_axon` without a call.
pub async fn look_at_all(validators: &[&Neuron], bid_port: u16, asker: Asker<'_>, now: i64) -> Vec<ValidatorLook> {
    let looks = validators.iter().map(|n| async move {
        let look = match endpoint::from_axon(n.axon_ip, bid_port) {
            Ok(uri) => look(&uri, None, asker, now).await,
            Err(e) => Look::new(EndpointState::NoAxon, None, &e.to_string(), now),
        };
        ValidatorLook { hotkey: n.hotkey.clone(), uid: n.uid, stake: n.total_stake, look, assigned: false }
    });
    futures::future::join_all(looks).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_tell_http2_http1_tls_and_noise_apart() {
        assert_eq!(classify_first_bytes(&[0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 3]), Some(Ok(())));
        let h1 = classify_first_bytes(b"HTTP/1.0 505 Invalid HTTP version\r\n\r\n").unwrap().unwrap_err();
        assert_eq!(h1, "an HTTP/1 server answered: HTTP/1.0 505 Invalid HTTP version");
        let page = classify_first_bytes(b"<!DOCTYPE HTML>\n<html").unwrap().unwrap_err();
        assert!(page.starts_with("an HTTP/1 server answered with an HTML page"), "{page}");
        assert!(classify_first_bytes(&[0x15, 0x03, 0x03, 0, 2, 2, 70]).unwrap().unwrap_err().contains("TLS"));
        assert!(classify_first_bytes(b"SSH-2.0-OpenSSH_9.2\r\n").unwrap().unwrap_err().contains("53 53 48"));
        assert_eq!(classify_first_bytes(&[]), None);
        // A GOAWAY frame first is HTTP/2 too, but not the server's SETTINGS: not taken as one.
        assert!(classify_first_bytes(&[0, 0, 8, 7, 0, 0, 0, 0, 0]).unwrap().is_err());
    }

    #[test]
    fn candidates_are_permitted_by_stake_and_bounded() {
        let ns: Vec<Neuron> = (0..40)
            .map(|uid| Neuron {
                uid,
                hotkey: format!("h{uid}"),
                validator_permit: uid % 2 == 0,
                total_stake: u64::from(uid) * 10,
                axon_ip: None,
            })
            .collect();
        let c = candidates(&ns);
        assert_eq!(c.len(), MAX_LOOKED_AT);
        assert_eq!(c[0].uid, 38);
        assert!(c.iter().all(|n| n.validator_permit));
    }

    #[tokio::test]
    async fn a_closed_port_is_nothing_listening_and_no_axon_needs_no_call() {
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = free.local_addr().unwrap().port();
        drop(free);
        let uri: Uri = format!("http://127.0.0.1:{port}").parse().unwrap();
        let l = look(&uri, None, Asker::Unsigned("5x"), 1).await;
        assert_eq!(l.state, EndpointState::NothingListening, "{l:?}");
        let n = Neuron { uid: 1, hotkey: "v".into(), validator_permit: true, total_stake: 1, axon_ip: None };
        let all = look_at_all(&[&n], 50052, Asker::Unsigned("5x"), 1).await;
        assert_eq!(all[0].look.state, EndpointState::NoAxon);
    }
}
