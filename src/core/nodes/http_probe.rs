//! A bounded HTTP/1.0 GET, for the port check of a full validation: the miner fetches what a
//! container on the node serves on its published port, as a validator would from outside.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

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

/// Fetches `path` once; the body of a 200 answer.
pub async fn fetch(host: &str, port: u16, path: &str) -> Result<String, String> {
    let target = authority(host, port);
    let attempt = async {
        let mut stream = tokio::net::TcpStream::connect(&target).await.map_err(|e| e.to_string())?;
        let request = format!("GET {path} HTTP/1.0\r\nHost: {target}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
        let mut answer = Vec::new();
        stream.take(MAX_ANSWER as u64).read_to_end(&mut answer).await.map_err(|e| e.to_string())?;
        Ok::<_, String>(answer)
    };
    let answer = tokio::time::timeout(ATTEMPT, attempt).await.map_err(|_| format!("no answer within {} s", ATTEMPT.as_secs()))??;
    let text = String::from_utf8_lossy(&answer);
    let (head, body) = text.split_once("\r\n\r\n").ok_or("the answer is not HTTP")?;
    let status = head.lines().next().unwrap_or("");
    if status.split_whitespace().nth(1) != Some("200") {
        return Err(format!("answered `{}`", status.chars().take(80).collect::<String>()));
    }
    Ok(body.to_string())
}

/// Fetches until it works or `deadline` passes (a server in a fresh container takes a moment
/// to listen); the last error otherwise.
pub async fn fetch_until(host: &str, port: u16, path: &str, deadline: Duration) -> Result<String, String> {
    let until = Instant::now() + deadline;
    loop {
        match fetch(host, port, path).await {
            Ok(body) => return Ok(body),
            Err(e) if Instant::now() >= until => return Err(e),
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
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
        assert_eq!(fetch_until("127.0.0.1", port, "/test.txt", Duration::from_secs(5)).await.unwrap(), "nonce");
        assert!(fetch("127.0.0.1", port, "/test.txt").await.is_err());
    }
}
