//! Floods and rate limits at the gRPC port: one flooding address does not starve another, an
//! IPv6 /64 shares one limit on a dual-stack listener, and refused requests are counted, not
//! stored one row each.

use std::process::Command;
use std::time::Instant;

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::core::ops::probe::client::auth_request;
use basilica_miner::testbed::GpuProfile::*;

use crate::support::{channel_from, setup, start, validator_as, VALIDATOR_URI};

#[test]
fn a_flooding_address_does_not_starve_another() {
    use basilica_miner::core::ops::probe::client as vc;
    let (s, _bed, miner_hotkey, grpc, metrics) = setup(&[H100x8]);
    let text = s
        .read("miner.toml")
        .replace("requests_per_second = 1000\nburst_capacity = 1000", "requests_per_second = 2\nburst_capacity = 5");
    s.write("miner.toml", &text);
    let d = start(&s, grpc, metrics);
    let validator = Keypair::from_uri(VALIDATOR_URI).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (flood_limited, flood_secs, other_served) = rt.block_on(async {
        let flood = channel_from("127.0.0.2", ([127, 0, 0, 1], d.grpc).into()).await;
        // All 40 at once: how many the limiter lets through depends on the time they take to
        // arrive, which the bound below accounts for (a loaded machine is slower, not wrong).
        let started = std::time::Instant::now();
        let answers =
            futures::future::join_all((0..40).map(|_| vc::authenticate(flood.clone(), &validator, &miner_hotkey)))
                .await;
        let secs = started.elapsed().as_secs_f64();
        let limited = answers
            .iter()
            .filter(|a| matches!(a, Err(vc::ClientError::Rpc { code: tonic::Code::ResourceExhausted, .. })))
            .count();
        let other = channel_from("127.0.0.3", ([127, 0, 0, 1], d.grpc).into()).await;
        let mut served = 0;
        for _ in 0..3 {
            if vc::authenticate(other.clone(), &validator, &miner_hotkey).await.is_ok_and(|a| a.authenticated) {
                served += 1;
            }
        }
        (limited, secs, served)
    });
    // Burst 5, then 2 a second: at most 5 + 2·t of the 40 get through.
    let allowed = (5.0 + 2.0 * flood_secs).ceil() as usize + 1;
    assert!(
        40 - flood_limited <= allowed && flood_limited >= 20,
        "the flooding address got {} of 40 through in {flood_secs:.2} s (at most {allowed})",
        40 - flood_limited
    );
    assert_eq!(other_served, 3, "another address is still served while the first floods");
}

/// Adds `addr` to the loopback interface (needs root, as CI runs); an existing one is fine.
fn loopback_v6(addr: &str) {
    let out = Command::new("ip")
        .args(["-6", "addr", "add", &format!("{addr}/128"), "dev", "lo"])
        .output()
        .expect("ip (iproute2) is installed by scripts/install-deps");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() || err.contains("File exists") || err.contains("already assigned"),
        "cannot add {addr} to lo (this test needs root): {err}"
    );
}

#[test]
fn an_ipv6_subnet_shares_one_rate_limit_on_a_dual_stack_listener() {
    use basilica_miner::proto::basilca::miner::v1 as pb;
    use pb::miner_discovery_client::MinerDiscoveryClient as Client;
    for a in ["fd00:39:0:1::1", "fd00:39:0:1::2", "fd00:39:0:2::1"] {
        loopback_v6(a);
    }
    let (s, _bed, miner_hotkey, grpc, metrics) = setup(&[H100x8]);
    let text = s
        .read("miner.toml")
        .replace("host = \"127.0.0.1\"\nport = ", "host = \"::\"\nport = ")
        .replace("requests_per_second = 1000\nburst_capacity = 1000", "requests_per_second = 1\nburst_capacity = 20");
    s.write("miner.toml", &text);
    s.run(&["config", "validate"]).code(0);
    // `start` waits for 127.0.0.1: the IPv6 wildcard also serves IPv4.
    let d = start(&s, grpc, metrics);
    let validator = Keypair::from_uri(crate::support::VALIDATOR_URI).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    // Signed beforehand, so the requests go out back to back (1 token a second refills).
    let requests: Vec<pb::ValidatorAuthRequest> = (0..103).map(|_| auth_request(&validator, &miner_hotkey)).collect();
    let code = |r: Result<tonic::Response<pb::MinerAuthResponse>, tonic::Status>| match r {
        Ok(a) if a.get_ref().authenticated => "OK".to_string(),
        Ok(a) => format!("refused {:?}", a.get_ref().error),
        Err(status) => format!("{:?}", status.code()),
    };
    let started = Instant::now();
    let (flood, same_subnet, other_subnet) = rt.block_on(async {
        let mut flood =
            Client::new(channel_from("fd00:39:0:1::1", (std::net::Ipv6Addr::LOCALHOST, d.grpc).into()).await);
        let mut same =
            Client::new(channel_from("fd00:39:0:1::2", (std::net::Ipv6Addr::LOCALHOST, d.grpc).into()).await);
        let mut other =
            Client::new(channel_from("fd00:39:0:2::1", (std::net::Ipv6Addr::LOCALHOST, d.grpc).into()).await);
        let mut requests = requests.into_iter();
        let mut codes = Vec::new();
        for req in requests.by_ref().take(100) {
            codes.push(code(flood.authenticate_validator(req).await));
        }
        let mut same_codes = Vec::new();
        for req in requests.by_ref().take(2) {
            same_codes.push(code(same.authenticate_validator(req).await));
        }
        let other_code = code(other.authenticate_validator(requests.next().unwrap()).await);
        (codes, same_codes, other_code)
    });
    let refills = started.elapsed().as_secs() as usize + 1;
    let served = flood.iter().filter(|c| *c == "OK").count();
    assert!((20..=20 + refills).contains(&served), "the burst of 20 (+1 a second), then limited: {flood:?}");
    assert!(
        flood[..20].iter().all(|c| c == "OK") && flood.iter().all(|c| c == "OK" || c == "ResourceExhausted"),
        "{flood:?}"
    );
    // Another address of the same /64 shares the budget: limited (were a token to refill in
    // the millisecond between the calls, the very next call is limited).
    assert!(same_subnet[0] == "ResourceExhausted" || same_subnet[1] == "ResourceExhausted", "{same_subnet:?}");
    assert_eq!(other_subnet, "OK", "another /64 is served");
    let limited = flood.iter().chain(&same_subnet).filter(|c| *c == "ResourceExhausted").count();
    assert_eq!(d.metric("basilica_miner_rate_limited_requests_total"), Some(limited as f64));
}

#[test]
fn a_flood_of_refused_requests_adds_counts_not_rows() {
    use basilica_miner::proto::basilca::miner::v1::miner_discovery_client::MinerDiscoveryClient as Client;
    let (s, _bed, miner_hotkey, grpc, metrics) = setup(&[H100x8]);
    s.write(
        "miner.toml",
        &s.read("miner.toml")
            .replace("[validator_comms.rate_limit]\n", "[validator_comms.rate_limit]\nenabled = false\n"),
    );
    let mut d = start(&s, grpc, metrics);
    let validator = Keypair::from_uri(crate::support::VALIDATOR_URI).unwrap();
    let stranger = Keypair::from_uri("//Mallory").unwrap().ss58;
    // Requests meant for another miner: each is refused (WRONG_TARGET) before any crypto. The
    // flood's rate and memory are measured by `bench_flood`; here it is big enough to tell counts
    // from rows.
    const PER_TASK: usize = 500;
    let template = auth_request(&validator, &stranger);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let refused: usize = rt.block_on(async {
        let channel = tonic::transport::Endpoint::from_shared(format!("http://127.0.0.1:{}", d.grpc))
            .unwrap()
            .connect()
            .await
            .unwrap();
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (channel, template) = (channel.clone(), template.clone());
                tokio::spawn(async move {
                    let mut c = Client::new(channel);
                    let mut refused = 0;
                    for _ in 0..PER_TASK {
                        let r = c.authenticate_validator(template.clone()).await.unwrap().into_inner();
                        refused += usize::from(!r.authenticated && r.error.is_some_and(|e| e.code == "WRONG_TARGET"));
                    }
                    refused
                })
            })
            .collect();
        let mut n = 0;
        for t in tasks {
            n += t.await.unwrap();
        }
        n
    });
    assert_eq!(refused, 8 * PER_TASK);
    // The legitimate validator is still served, and its success is a full audit row.
    assert_eq!(validator_as(&s, &d, &miner_hotkey, crate::support::VALIDATOR_URI, "flow")["authenticated"], true);
    // SIGTERM writes the last counts.
    assert!(Command::new("kill").args(["-TERM", &d.child.id().to_string()]).status().unwrap().success());
    assert!(d.child.wait().unwrap().success(), "{}", d.log());
    let h = s.run(&["database", "health", "--json"]);
    h.code(0);
    let v = h.json();
    let rows =
        |t: &str| v["health"]["rows"].as_array().unwrap().iter().find(|r| r[0] == t).unwrap()[1].as_i64().unwrap();
    // A row per request would be 4,000; a tenth of that is already far too many.
    assert!(rows("audit") + rows("refusals") <= (8 * PER_TASK / 10) as i64, "{v}");
    assert!(rows("refusals") >= 1 && rows("audit") >= 1, "{v}");
    let db = rusqlite::Connection::open(s.path("data/miner.db")).unwrap();
    let counted: i64 = db
        .query_row(
            "SELECT SUM(count) FROM refusals WHERE reason = 'WRONG_TARGET' AND source = '127.0.0.1/32'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(counted, (8 * PER_TASK) as i64, "every refusal counted, grouped by source network and minute");
    assert!(v["health"]["oldest_entry"].as_i64().is_some(), "{v}");
    s.run(&["database", "health"]).code(0).stdout_has("oldest entry");
}
