//! The chain client against the chain double serving real finney metadata.

use std::time::{Duration, Instant};

use basilica_miner::core::chain::{select_validator, ChainClient};
use basilica_miner::core::config::AssignmentStrategy;
use basilica_miner::core::identity::wallet::Keypair;

use basilica_miner::testbed::chain_double::ChainDouble;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

fn connect(double: &ChainDouble) -> (tokio::runtime::Runtime, ChainClient) {
    let rt = rt();
    let client =
        rt.block_on(ChainClient::connect(&double.url, Duration::from_secs(10), 1)).expect("connect to the double");
    (rt, client)
}

#[test]
fn reads_storage_and_the_metagraph() {
    let double = ChainDouble::start();
    let hot = Keypair::from_uri("//Alice").unwrap();
    let cold = Keypair::from_uri("//Bob").unwrap();
    double.set_burn(39, 1_000_000_000);
    double.set_balance(cold.public(), 5_000_000_000);
    double.set_uid(39, hot.public(), 12);
    double.set_axon(39, hot.public(), "203.0.113.10".parse().unwrap(), 50051);
    let v: Vec<[u8; 32]> =
        ["//V1", "//V2", "//V3", "//V4"].iter().map(|u| Keypair::from_uri(u).unwrap().public()).collect();
    double.set_neurons(
        39,
        &[
            (v[0], 0, true, vec![100, 50]),
            (v[1], 1, true, vec![400]),
            (v[2], 2, false, vec![9_000]),
            (v[3], 3, true, vec![399]),
        ],
    );
    let (rt, c) = connect(&double);
    rt.block_on(async {
        assert_eq!(c.burn(39).await.unwrap(), 1_000_000_000);
        assert_eq!(c.free_balance(cold.public()).await.unwrap(), 5_000_000_000);
        assert_eq!(c.free_balance(Keypair::from_uri("//Nobody").unwrap().public()).await.unwrap(), 0);
        assert_eq!(c.uid(39, hot.public()).await.unwrap(), Some(12));
        assert_eq!(c.uid(387, hot.public()).await.unwrap(), None);
        let axon = c.axon(39, hot.public()).await.unwrap().unwrap();
        assert_eq!((axon.ip_addr().unwrap().to_string(), axon.port), ("203.0.113.10".to_string(), 50051));
        let neurons = c.neurons(39).await.unwrap();
        assert_eq!(neurons.len(), 4);
        assert_eq!(neurons[0].total_stake, 150);
        let chosen = select_validator(&neurons, AssignmentStrategy::HighestStake, None).unwrap();
        assert_eq!(chosen.uid, 1, "highest stake among permitted validators (uid 2 has more but no permit)");
        assert_eq!(chosen.hotkey, Keypair::from_uri("//V2").unwrap().ss58);
    });
}

#[test]
fn submits_burned_register_and_serve_axon_that_decode_exactly() {
    let double = ChainDouble::start();
    let hot = Keypair::from_uri("//Alice").unwrap();
    let cold = Keypair::from_uri("//Bob").unwrap();
    let (rt, c) = connect(&double);
    rt.block_on(async {
        c.burned_register(&cold, 39, hot.public()).await.unwrap();
        assert_eq!(c.uid(39, hot.public()).await.unwrap(), Some(7));
        c.serve_axon(&hot, 39, "198.51.100.7".parse().unwrap(), 50052).await.unwrap();
        let axon = c.axon(39, hot.public()).await.unwrap().unwrap();
        assert_eq!(
            (axon.ip_addr().unwrap().to_string(), axon.port, axon.ip_type),
            ("198.51.100.7".to_string(), 50052, 4)
        );
    });
    let subs = double.submitted();
    assert_eq!(subs.len(), 2);
    assert_eq!((subs[0].pallet.as_str(), subs[0].call.as_str()), ("SubtensorModule", "burned_register"));
    assert_eq!(subs[0].signer, cold.public(), "burned_register is signed by the coldkey");
    assert_eq!(subs[0].arg_u128("netuid"), 39);
    assert_eq!(subs[0].arg_bytes("hotkey"), hot.public().to_vec());
    assert_eq!(subs[1].call, "serve_axon");
    assert_eq!(subs[1].signer, hot.public(), "serve_axon is signed by the hotkey");
    assert_eq!(subs[1].arg_u128("ip"), u128::from(u32::from("198.51.100.7".parse::<std::net::Ipv4Addr>().unwrap())));
    assert_eq!((subs[1].arg_u128("port"), subs[1].arg_u128("ip_type")), (50052, 4));
}

#[test]
fn pallet_errors_come_back_by_name() {
    let double = ChainDouble::start();
    let hot = Keypair::from_uri("//Alice").unwrap();
    let cold = Keypair::from_uri("//Bob").unwrap();
    double.fail_next_with("HotKeyAlreadyRegisteredInSubNet");
    let (rt, c) = connect(&double);
    let e = rt.block_on(c.burned_register(&cold, 39, hot.public())).unwrap_err();
    assert_eq!(e.pallet_error(), Some("HotKeyAlreadyRegisteredInSubNet"), "{e}");
    double.fail_next_with("ServingRateLimitExceeded");
    let e = rt.block_on(c.serve_axon(&hot, 39, "198.51.100.7".parse().unwrap(), 1)).unwrap_err();
    assert_eq!(e.pallet_error(), Some("ServingRateLimitExceeded"), "{e}");
}

#[test]
fn an_unreachable_endpoint_fails_in_bounded_time() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = Instant::now();
    let e = rt()
        .block_on(ChainClient::connect(&format!("ws://127.0.0.1:{port}"), Duration::from_secs(2), 3))
        .err()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    let text = e.to_string();
    assert!(text.contains("cannot reach the chain") && text.contains("after 3 attempt(s)"), "{text}");
}
