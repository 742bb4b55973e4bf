//! The demo's generation-2 validator: a `MinerRegistration` server (tonic) that judges bids the
//! way upstream's validator does (docs/protocol.md, "How a validator judges a bid"), on a thread
//! of its own, telling its owner what it heard. Either rule set: upstream's five data-centre
//! categories (4097ead4) or any non-empty category with `CPU_*` hosts (the fork, 7aab4b77).
//! The validator's own SSH checks of the held nodes are in [`super::verifier`].

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tonic::{Request, Response, Status};

mod heard;
mod rules;

pub use heard::{BidAnswer, Heard, Held};
pub use rules::{category, mount_ok};

use crate::core::bidding::wire;
use crate::core::identity::signing::verify_raw;
use crate::proto::basilca::miner::v1 as pb;
use pb::miner_registration_server::{MinerRegistration, MinerRegistrationServer};

/// Which validator's rules the demo validator judges by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rules {
    /// Upstream `one-covenant/basilica` 4097ead4 (2026-04-09): A100, H100, H200, B200, B300.
    Upstream,
    /// The fork `bigailabs/cathedral` 7aab4b77 (2026-04-18..20): any non-empty category.
    Any,
}

/// Seconds of clock skew a validator allows.
const SKEW_SECS: i64 = 300;

struct Judge {
    rules: Rules,
    known: String,
    ssh_public_key: String,
    interval_secs: u32,
    held: Mutex<Vec<Held>>,
    heard: Mutex<mpsc::Sender<Heard>>,
}

impl Judge {
    fn tell(&self, h: Heard) {
        if let Ok(tx) = self.heard.lock() {
            let _ = tx.send(h);
        }
    }

    /// The checks every request passes first ([`Judge::check`]), told when they fail.
    fn admit(
        &self,
        call: &'static str,
        hotkey: &str,
        timestamp: i64,
        payload: &str,
        signature: &[u8],
    ) -> Result<(), Status> {
        self.check(hotkey, timestamp, payload, signature).inspect_err(|e| {
            self.tell(Heard::Refused { method: call, why: format!("{:?}: {}", e.code(), e.message()) });
        })
    }

    /// A known hotkey, a fresh timestamp, a signature over `payload`.
    fn check(&self, hotkey: &str, timestamp: i64, payload: &str, signature: &[u8]) -> Result<(), Status> {
        if hotkey.trim() != self.known {
            return Err(Status::not_found("unknown miner_hotkey"));
        }
        let seconds = if timestamp > 1_000_000_000_000 { timestamp / 1000 } else { timestamp };
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        if timestamp <= 0 || (now - seconds).abs() > SKEW_SECS {
            return Err(Status::invalid_argument("timestamp outside the allowed window"));
        }
        if signature.len() != 64 {
            return Err(Status::invalid_argument("signature must be 64 bytes"));
        }
        verify_raw(hotkey.trim(), payload, signature).map_err(|_| Status::unauthenticated("invalid signature"))
    }

    /// Why one node is refused (a declined request), or the node as held; a category the rules do
    /// not rent is an error status for the whole request, as upstream answers.
    fn node(&self, n: &pb::NodeRegistration) -> Result<Result<Held, String>, Status> {
        if n.host.trim().is_empty() || n.username.trim().is_empty() || n.gpu_category.trim().is_empty() {
            return Ok(Err(format!("node {}: host, username and gpu_category are required", n.host)));
        }
        if n.port == 0 || n.port > 65535 || n.gpu_count == 0 || n.hourly_rate_cents == 0 {
            return Ok(Err(format!("node {}: port, gpu_count and hourly_rate_cents must be greater than 0", n.host)));
        }
        let Some(category) = category(self.rules, &n.gpu_category) else {
            return Err(Status::invalid_argument(format!("GPU type '{}' is not supported", n.gpu_category)));
        };
        if !mount_ok(&n.extra_mount_path) {
            return Ok(Err(format!("node {}: invalid extra_mount_path", n.host)));
        }
        if n.host.trim().parse::<std::net::IpAddr>().is_err() {
            return Ok(Err(format!("node {}: host is not an IP address", n.host)));
        }
        Ok(Ok(Held {
            host: n.host.trim().to_string(),
            port: n.port as u16,
            username: n.username.clone(),
            gpu_category: n.gpu_category.clone(),
            category,
            gpu_count: n.gpu_count,
            hourly_rate_cents: n.hourly_rate_cents,
        }))
    }

    fn register(&self, r: &pb::RegisterBidRequest) -> Result<pb::RegisterBidResponse, Status> {
        let payload = wire::register_payload(r.miner_hotkey.trim(), r.timestamp);
        self.admit("RegisterBid", &r.miner_hotkey, r.timestamp, &payload, &r.signature)?;
        let mut held = Vec::with_capacity(r.nodes.len());
        for n in &r.nodes {
            match self.node(n)? {
                Ok(h) => held.push(h),
                Err(why) => {
                    return Ok(pb::RegisterBidResponse { accepted: false, error_message: why, ..Default::default() });
                }
            }
        }
        if let Ok(mut h) = self.held.lock() {
            h.clone_from(&held);
        }
        Ok(pb::RegisterBidResponse {
            accepted: true,
            registration_id: uuid::Uuid::new_v4().to_string(),
            validator_ssh_public_key: self.ssh_public_key.clone(),
            health_check_interval_secs: self.interval_secs,
            error_message: String::new(),
        })
    }
}

fn offered(r: &pb::RegisterBidRequest) -> Vec<String> {
    r.nodes
        .iter()
        .map(|n| format!("{} {}x{} at {} cents", n.host, n.gpu_category, n.gpu_count, n.hourly_rate_cents))
        .collect()
}

fn refused(e: &Status) -> BidAnswer {
    BidAnswer::Refused(format!("{:?}: {}", e.code(), e.message()))
}

struct Service(Arc<Judge>);

#[tonic::async_trait]
impl MinerRegistration for Service {
    async fn register_bid(
        &self,
        request: Request<pb::RegisterBidRequest>,
    ) -> Result<Response<pb::RegisterBidResponse>, Status> {
        let r = request.into_inner();
        let answer = self.0.register(&r);
        let outcome = match &answer {
            Ok(a) if a.accepted => BidAnswer::Held(self.0.held.lock().map(|h| h.clone()).unwrap_or_default()),
            Ok(a) => BidAnswer::Refused(a.error_message.clone()),
            Err(e) => refused(e),
        };
        self.0.tell(Heard::RegisterBid { offered: offered(&r), outcome });
        answer.map(Response::new)
    }

    async fn update_bid(
        &self,
        request: Request<pb::UpdateBidRequest>,
    ) -> Result<Response<pb::UpdateBidResponse>, Status> {
        let r = request.into_inner();
        let j = &self.0;
        let payload = wire::update_payload(r.miner_hotkey.trim(), r.host.trim(), r.hourly_rate_cents, r.timestamp);
        let answer = j.admit("UpdateBid", &r.miner_hotkey, r.timestamp, &payload, &r.signature).and_then(|()| {
            let mut held = j.held.lock().map_err(|_| Status::internal("state lost"))?;
            let Some(node) = held.iter_mut().find(|n| n.host == r.host.trim()) else {
                return Ok(pb::UpdateBidResponse { accepted: false, error_message: "no such node".into() });
            };
            if category(Rules::Upstream, &node.gpu_category).is_none() {
                return Err(Status::failed_precondition(format!(
                    "unsupported GPU type '{}' for node; re-register via RegisterBid",
                    node.gpu_category
                )));
            }
            node.hourly_rate_cents = r.hourly_rate_cents;
            Ok(pb::UpdateBidResponse { accepted: true, error_message: String::new() })
        });
        let outcome = match &answer {
            Ok(a) if a.accepted => BidAnswer::Held(j.held.lock().map(|h| h.clone()).unwrap_or_default()),
            Ok(a) => BidAnswer::Refused(a.error_message.clone()),
            Err(e) => refused(e),
        };
        j.tell(Heard::UpdateBid { host: r.host.clone(), hourly_rate_cents: r.hourly_rate_cents, outcome });
        answer.map(Response::new)
    }

    async fn remove_bid(
        &self,
        request: Request<pb::RemoveBidRequest>,
    ) -> Result<Response<pb::RemoveBidResponse>, Status> {
        let r = request.into_inner();
        let j = &self.0;
        let payload = wire::hosts_payload(r.miner_hotkey.trim(), &r.hosts, r.timestamp);
        let answer = j.admit("RemoveBid", &r.miner_hotkey, r.timestamp, &payload, &r.signature).and_then(|()| {
            let mut held = j.held.lock().map_err(|_| Status::internal("state lost"))?;
            let before = held.len();
            held.retain(|n| !r.hosts.is_empty() && !r.hosts.contains(&n.host));
            Ok(pb::RemoveBidResponse {
                accepted: true,
                nodes_removed: (before - held.len()) as u32,
                error_message: String::new(),
            })
        });
        let outcome = match &answer {
            Ok(_) => BidAnswer::Held(j.held.lock().map(|h| h.clone()).unwrap_or_default()),
            Err(e) => refused(e),
        };
        j.tell(Heard::RemoveBid { hosts: r.hosts.clone(), outcome });
        answer.map(Response::new)
    }

    async fn health_check(
        &self,
        request: Request<pb::HealthCheckRequest>,
    ) -> Result<Response<pb::HealthCheckResponse>, Status> {
        let at = std::time::Instant::now();
        let r = request.into_inner();
        let j = &self.0;
        let payload = wire::hosts_payload(r.miner_hotkey.trim(), &r.hosts, r.timestamp);
        j.admit("HealthCheck", &r.miner_hotkey, r.timestamp, &payload, &r.signature)?;
        let held = j.held.lock().map(|h| h.clone()).unwrap_or_default();
        let active = if r.hosts.is_empty() {
            held.len()
        } else {
            r.hosts.iter().filter(|h| held.iter().any(|n| &&n.host == h)).count()
        } as u32;
        j.tell(Heard::HealthCheck { hosts: r.hosts.clone(), nodes_active: active, at });
        Ok(Response::new(pb::HealthCheckResponse {
            accepted: true,
            nodes_active: active,
            error_message: String::new(),
        }))
    }
}

/// What the demo validator is started with.
pub struct BidTakerOptions {
    /// Which validator's category rules it applies.
    pub rules: Rules,
    /// The only miner hotkey it knows (others get NOT_FOUND "unknown miner_hotkey").
    pub known_hotkey: String,
    /// The SSH public key it hands out in every accepted RegisterBid.
    pub ssh_public_key: String,
    /// The heartbeat period it asks for.
    pub interval_secs: u32,
}

/// The running validator: stopped and joined on drop.
pub struct BidTaker {
    /// The port it listens on (loopback).
    pub port: u16,
    /// Every call it heard, in order.
    pub heard: mpsc::Receiver<Heard>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl BidTaker {
    /// Serves on 127.0.0.1 at a free port, on a thread of its own.
    pub fn start(opts: BidTakerOptions) -> std::io::Result<BidTaker> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let (tx, heard) = mpsc::channel();
        let judge = Arc::new(Judge {
            rules: opts.rules,
            known: opts.known_hotkey,
            ssh_public_key: opts.ssh_public_key,
            interval_secs: opts.interval_secs,
            held: Mutex::new(Vec::new()),
            heard: Mutex::new(tx),
        });
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new().name("demo-validator".into()).spawn(move || {
            rt.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
                let incoming = futures::stream::unfold(listener, |l| async move {
                    let next = l.accept().await.map(|(s, _)| s);
                    Some((next, l))
                });
                let _ = tonic::transport::Server::builder()
                    .timeout(Duration::from_secs(10))
                    .add_service(MinerRegistrationServer::new(Service(judge)))
                    .serve_with_incoming_shutdown(incoming, async {
                        let _ = stopped.await;
                    })
                    .await;
            });
        })?;
        Ok(BidTaker { port, heard, stop: Some(stop), thread: Some(thread) })
    }

    /// Waits up to `timeout` for the first thing heard that `pick` takes, keeping the rest in `log`.
    pub fn wait_for<T>(
        &self,
        timeout: Duration,
        log: &mut Vec<Heard>,
        mut pick: impl FnMut(&Heard) -> Option<T>,
    ) -> Option<T> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let h = self.heard.recv_timeout(left).ok()?;
            let got = pick(&h);
            log.push(h);
            if got.is_some() {
                return got;
            }
        }
    }
}

impl Drop for BidTaker {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
