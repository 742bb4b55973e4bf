//! A hostile flood for the benchmarks: signed AuthenticateValidator requests from a stranger
//! (//Mallory, no validator permit) over one HTTP/2 connection per source network, off, flat
//! out, or paced at a total rate. As root the sources are IPv6 addresses, one per /64
//! (fd00:39:f:N::1, added to `lo` for the run and removed after); otherwise IPv4 loopback
//! addresses, one per /32.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::core::identity::wallet::Keypair;
use crate::core::ops::probe::client::auth_request;
use crate::proto::basilca::miner::v1 as pb;
use pb::miner_discovery_client::MinerDiscoveryClient as Client;

/// The flood's source addresses.
pub struct Sources {
    ips: Vec<IpAddr>,
    /// Addresses this run added to `lo`.
    added: bool,
}

impl Sources {
    /// `n` sources: IPv6 /64s when addresses can be added to `lo`, else IPv4 loopback /32s.
    pub fn add(n: u16) -> Sources {
        let v6: Vec<IpAddr> = (1..=n).map(|k| IpAddr::V6(Ipv6Addr::new(0xfd00, 0x39, 0xf, k, 0, 0, 0, 1))).collect();
        let added = v6.iter().all(|ip| {
            std::process::Command::new("ip")
                .args(["-6", "addr", "replace", &format!("{ip}/128"), "dev", "lo"])
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        });
        if added {
            let ips = v6.clone();
            super::interrupted::register(
                "the flood's addresses on lo",
                Box::new(move || ips.iter().for_each(|ip| del_address(*ip))),
            );
            return Sources { ips: v6, added };
        }
        let mut sources = Sources { ips: v6, added: true };
        sources.remove();
        sources.ips = (1..=n).map(|k| IpAddr::from([127, 0, 9, k as u8])).collect();
        sources.added = false;
        sources
    }

    /// One line for the report: how many sources, of which kind.
    pub fn describe(&self) -> String {
        if self.added {
            format!("flood from {} IPv6 /64s", self.ips.len())
        } else {
            format!("flood from {} IPv4 loopback /32s (run as root for IPv6 /64s)", self.ips.len())
        }
    }

    /// The address `serve` listens on: dual-stack when the flood comes over IPv6.
    pub fn listen(&self) -> &'static str {
        if self.added {
            "::"
        } else {
            "127.0.0.1"
        }
    }

    /// Where the flood connects.
    pub fn target(&self, port: u16) -> SocketAddr {
        if self.added {
            SocketAddr::from((Ipv6Addr::LOCALHOST, port))
        } else {
            SocketAddr::from(([127, 0, 0, 1], port))
        }
    }

    fn remove(&mut self) {
        for ip in self.ips.iter().filter(|_| self.added) {
            del_address(*ip);
        }
        if self.added {
            super::interrupted::forget("the flood's addresses on lo");
        }
        self.added = false;
    }
}

fn del_address(ip: IpAddr) {
    let _ = std::process::Command::new("ip")
        .args(["-6", "addr", "del", &format!("{ip}/128"), "dev", "lo"])
        .stderr(std::process::Stdio::null())
        .status();
}

impl Drop for Sources {
    fn drop(&mut self) {
        self.remove();
    }
}

/// What the flood's requests got.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Requests sent.
    pub sent: u64,
    /// Refused by the per-network rate limit, before any other work.
    pub limited: u64,
    /// Refused after the checks (signature, permit).
    pub checked: u64,
    /// Admitted (none expected from a stranger).
    pub admitted: u64,
    /// Transport errors (the connection is opened again).
    pub errors: u64,
}

impl Counts {
    /// Refused either way.
    pub fn refused(&self) -> u64 {
        self.limited + self.checked
    }

    /// The counts since `before`.
    pub fn since(&self, before: &Counts) -> Counts {
        Counts {
            sent: self.sent - before.sent,
            limited: self.limited - before.limited,
            checked: self.checked - before.checked,
            admitted: self.admitted - before.admitted,
            errors: self.errors - before.errors,
        }
    }

    /// The sum of both.
    pub fn plus(&self, other: &Counts) -> Counts {
        Counts {
            sent: self.sent + other.sent,
            limited: self.limited + other.limited,
            checked: self.checked + other.checked,
            admitted: self.admitted + other.admitted,
            errors: self.errors + other.errors,
        }
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        format!(
            "{} rate-limited, {} refused after the checks, {} admitted, {} transport errors",
            self.limited, self.checked, self.admitted, self.errors
        )
    }
}

#[derive(Default)]
struct Counters([AtomicU64; 5]);

/// A runtime for the flood whose threads yield to everything else (SCHED_IDLE): the attackers'
/// machines are elsewhere, so the cost measured is the daemon's work for their requests, not
/// the generator's for making them. `on_start` runs in each of its threads.
pub fn runtime(on_start: fn()) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .on_thread_start(move || {
            on_start();
            let param = libc::sched_param { sched_priority: 0 };
            #[allow(
                unsafe_code,
                reason = "sched_setscheduler(2) has no safe wrapper; it only changes this thread's policy"
            )]
            let _ = unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) };
        })
        .build()
        .unwrap()
}

/// The running flood.
pub struct Flood {
    /// 0: off; `u64::MAX`: flat out; otherwise each source's gap between requests, in ns.
    mode: Arc<AtomicU64>,
    counters: Arc<Counters>,
    sources: usize,
}

impl Flood {
    /// One task per source on `rt`, off until told otherwise.
    pub fn start(rt: &tokio::runtime::Runtime, sources: &Sources, to: SocketAddr, miner: &str) -> Flood {
        let flood = Flood { mode: Arc::default(), counters: Arc::default(), sources: sources.ips.len() };
        for ip in &sources.ips {
            rt.spawn(source(*ip, to, miner.to_string(), flood.mode.clone(), flood.counters.clone()));
        }
        flood
    }

    /// Stops sending until the next pace is set.
    pub fn pause(&self) {
        self.mode.store(0, Ordering::Relaxed);
    }

    /// Sends as fast as the connections allow.
    pub fn flat_out(&self) {
        self.mode.store(u64::MAX, Ordering::Relaxed);
    }

    /// `per_second` requests a second in all, spread over the sources.
    pub fn paced(&self, per_second: f64) {
        let gap = self.sources as f64 / per_second.max(1.0);
        self.mode.store((gap * 1e9) as u64, Ordering::Relaxed);
    }

    /// The counts so far.
    pub fn counts(&self) -> Counts {
        let c = &self.counters.0;
        let get = |i: usize| c[i].load(Ordering::Relaxed);
        Counts { sent: get(0), limited: get(1), checked: get(2), admitted: get(3), errors: get(4) }
    }
}

async fn source(ip: IpAddr, to: SocketAddr, miner: String, mode: Arc<AtomicU64>, counters: Arc<Counters>) {
    let mallory = Keypair::from_uri("//Mallory").unwrap();
    let (mut request, mut signed) = (auth_request(&mallory, &miner), Instant::now());
    let mut client: Option<Client<tonic::transport::Channel>> = None;
    let mut next = tokio::time::Instant::now();
    let count = |i: usize| {
        counters.0[i].fetch_add(1, Ordering::Relaxed);
    };
    loop {
        let m = mode.load(Ordering::Relaxed);
        if m == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
            next = tokio::time::Instant::now();
            continue;
        }
        if m != u64::MAX {
            tokio::time::sleep_until(next).await;
            next += Duration::from_nanos(m);
            // Behind by more than a second (the daemon is slow): do not catch up in a burst.
            next = next.max(tokio::time::Instant::now() - Duration::from_secs(1));
        }
        if signed.elapsed() > Duration::from_secs(20) {
            (request, signed) = (auth_request(&mallory, &miner), Instant::now());
        }
        let c = match &mut client {
            Some(c) => c,
            None => match channel(Some(ip), to).await {
                Ok(c) => client.insert(Client::new(c)),
                Err(_) => {
                    count(4);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        count(0);
        match c.authenticate_validator(request.clone()).await {
            Ok(r) if r.get_ref().authenticated => count(3),
            Ok(_) => count(2),
            Err(s) if s.code() == tonic::Code::ResourceExhausted => count(1),
            Err(_) => {
                count(4);
                client = None;
            }
        };
    }
}

/// An HTTP/2 channel to `to`, from `source` when given (a loopback address of its own).
pub async fn channel(
    source: Option<IpAddr>,
    to: SocketAddr,
) -> Result<tonic::transport::Channel, tonic::transport::Error> {
    let connector = tower::service_fn(move |_uri: tonic::transport::Uri| async move {
        let socket = if to.is_ipv6() { tokio::net::TcpSocket::new_v6()? } else { tokio::net::TcpSocket::new_v4()? };
        if let Some(s) = source {
            socket.bind(SocketAddr::new(s, 0))?;
        }
        let stream = socket.connect(to).await?;
        // As tonic's own connector and grpcio do: without it, Nagle's algorithm holds a
        // request's second frame until the daemon's delayed ACK (40 ms) now and then.
        stream.set_nodelay(true)?;
        Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(stream))
    });
    tonic::transport::Endpoint::from_static("http://localhost").connect_with_connector(connector).await
}
