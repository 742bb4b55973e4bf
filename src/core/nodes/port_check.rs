//! The port check of a full validation (the validators' NAT test, from the miner's side): a
//! container on the node serves a nonce on a published ephemeral port, and the miner fetches it
//! at the node's host with a bounded HTTP/1.0 GET. This proves Docker publishes the port; it
//! cannot prove that the internet reaches it.

use crate::core::nodes::inspect::CheckName;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use super::fleet::{Code, Fleet, Target};
use super::inspect::{last_line, Check, CheckStatus};

/// How long the miner keeps trying to fetch the nonce from the published port.
const FETCH_DEADLINE: Duration = Duration::from_secs(10);
/// Longest starting the container may take (its image may be pulled first).
const START_DEADLINE: Duration = Duration::from_secs(20 * 60);
/// Longest removing it may take: a busy Docker daemon can miss the health round's quick
/// timeout, and a container left behind keeps serving on the node.
const STOP_DEADLINE: Duration = Duration::from_secs(60);

/// Largest answer read.
const MAX_ANSWER: usize = 16 * 1024;
/// One attempt's deadline.
const ATTEMPT: Duration = Duration::from_secs(3);

/// `host:port`, IPv6 literals in brackets.
pub fn authority(host: &str, port: u16) -> String {
    match host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
        Ok(ip) => std::net::SocketAddr::new(ip, port).to_string(),
        Err(_) => format!("{host}:{port}"),
    }
}

/// Fetches `path` once; the body of a 200 answer and the address this machine fetched it from.
pub async fn fetch(host: &str, port: u16, path: &str) -> Result<(String, IpAddr), String> {
    let target = authority(host, port);
    let attempt = async {
        let mut stream = tokio::net::TcpStream::connect(&target).await.map_err(|e| e.to_string())?;
        let from = stream.local_addr().map_err(|e| e.to_string())?.ip();
        let request = format!("GET {path} HTTP/1.0\r\nHost: {target}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
        let mut answer = Vec::new();
        stream.take(MAX_ANSWER as u64).read_to_end(&mut answer).await.map_err(|e| e.to_string())?;
        Ok::<_, String>((answer, from))
    };
    let (answer, from) = tokio::time::timeout(ATTEMPT, attempt)
        .await
        .map_err(|_| format!("no answer within {} s", ATTEMPT.as_secs()))??;
    let text = String::from_utf8_lossy(&answer);
    let (head, body) = text.split_once("\r\n\r\n").ok_or("the answer is not HTTP")?;
    let status = head.lines().next().unwrap_or("");
    if status.split_whitespace().nth(1) != Some("200") {
        return Err(format!("answered `{}`", status.chars().take(80).collect::<String>()));
    }
    Ok((body.to_string(), from))
}

/// Fetches until it works or `deadline` passes (a server in a fresh container takes a moment
/// to listen); the last error otherwise.
pub async fn fetch_until(host: &str, port: u16, path: &str, deadline: Duration) -> Result<(String, IpAddr), String> {
    let until = Instant::now() + deadline;
    loop {
        match fetch(host, port, path).await {
            Ok(fetched) => return Ok(fetched),
            Err(e) if Instant::now() >= until => return Err(e),
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
}

/// Starts a container serving `test.txt` (the nonce) on a published ephemeral port and prints
/// its id and the host port.
const PORT_START: &str = r#"read -r image; read -r nonce
cid=$(docker run -d --rm --label basilica-miner.validation=port -p 0:8000 --network bridge -e BASILICA_NONCE="$nonce" "$image" sh -c 'mkdir -p /srv && printf %s "$BASILICA_NONCE" > /srv/test.txt && cd /srv && exec python3 -m http.server 8000' 2>&1) || { printf '%s\n' "$cid" | tail -n 3; exit 1; }
echo "@@cid $cid"
i=0; port=""
while [ $i -lt 40 ]; do port=$(docker port "$cid" 8000/tcp 2>/dev/null | head -n 1); [ -n "$port" ] && break; i=$((i+1)); sleep 0.25; done
echo "@@port $port"
"#;

const PORT_STOP: &str = r#"read -r cid
docker rm -f "$cid" >/dev/null 2>&1; echo "@@removed $?"
"#;

/// A fresh random nonce (hex, safe anywhere).
pub fn nonce() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        // Only uniqueness per run matters here; the clock is good enough as a fallback.
        b[..8].copy_from_slice(&crate::core::support::clock::unix_now().to_le_bytes());
    }
    hex::encode(b)
}

/// Starts a container publishing port 8000 on an ephemeral host port, fetches its nonce from
/// this miner at the node's host, and removes the container again.
pub async fn check(fleet: &Fleet, node: &Target, image: &str) -> Check {
    let nonce = nonce();
    let started =
        match fleet.exec_within(node, PORT_START, format!("{image}\n{nonce}\n").as_bytes(), START_DEADLINE).await {
            Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
            Err(e) => return Check::problem(CheckName::PublishedPort, CheckStatus::Fail, e.code, e.message),
        };
    let cid = started
        .lines()
        .find_map(|l| l.strip_prefix("@@cid "))
        .map(str::trim)
        .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_hexdigit()));
    let Some(cid) = cid else {
        return Check::problem(
            CheckName::PublishedPort,
            CheckStatus::Fail,
            Code::PortCheckFailed,
            format!("docker run -d -p 0:8000 {image} failed: {}", last_line(&started)),
        );
    };
    let port = started
        .lines()
        .find_map(|l| l.strip_prefix("@@port "))
        .and_then(|p| p.trim().rsplit(':').next())
        .and_then(|p| p.parse::<u16>().ok());
    let check = match port {
        None => Check::problem(CheckName::PublishedPort, CheckStatus::Fail, Code::PortCheckFailed, "docker published no host port for the container's port 8000"),
        Some(port) => match fetch_until(&node.address.host, port, "/test.txt", FETCH_DEADLINE).await {
            Ok((body, from)) if body.trim() == nonce => {
                Check::pass(CheckName::PublishedPort, format!("fetched the nonce from http://{}/test.txt from this miner's address {from}; validators fetch it from theirs (see the firewall check)", authority(&node.address.host, port)))
            }
            Ok((body, _)) => Check::problem(CheckName::PublishedPort, CheckStatus::Fail, Code::PortUnreachable, format!("port {port} answered, but not with the container's nonce ({} bytes)", body.len())),
            Err(e) => Check::problem(CheckName::PublishedPort, CheckStatus::Fail, Code::PortUnreachable, format!("cannot fetch http://{}/test.txt from this miner: {e}", authority(&node.address.host, port))),
        },
    };
    if let Err(e) = fleet.exec_within(node, PORT_STOP, format!("{cid}\n").as_bytes(), STOP_DEADLINE).await {
        tracing::warn!(node = %node.address, container = cid, error = %e.message, "could not remove the port-check container");
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorities_bracket_ipv6() {
        assert_eq!(authority("::1", 80), "[::1]:80");
        assert_eq!(authority("[2001:db8::1]", 8000), "[2001:db8::1]:8000");
        assert_eq!(authority("127.0.0.1", 8), "127.0.0.1:8");
        assert_eq!(authority("gpu.example", 8), "gpu.example:8");
    }

    #[tokio::test]
    async fn a_served_body_is_fetched_and_a_closed_port_is_an_error() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 512];
            let _ = s.read(&mut buf).await;
            s.write_all(b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nnonce").await.unwrap();
        });
        let (body, from) = fetch_until("127.0.0.1", port, "/test.txt", Duration::from_secs(5)).await.unwrap();
        assert_eq!((body.as_str(), from), ("nonce", IpAddr::from([127, 0, 0, 1])));
        assert!(fetch("127.0.0.1", port, "/test.txt").await.is_err());
    }
}
