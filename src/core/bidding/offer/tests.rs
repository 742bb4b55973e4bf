use super::*;
use crate::core::nodes::fleet::Code;
use crate::core::nodes::gpu::parse_inventory;
use crate::core::nodes::state::Failure;

fn node(i: usize, host: &str, port: u16, rate: Option<f64>) -> NodeRecord {
    NodeRecord {
        node_id: Uuid::from_u128(i as u128 + 1),
        index: i,
        username: "gpu".into(),
        host: host.into(),
        port,
        hourly_rate_per_gpu: rate,
        additional_opts: None,
        gpu_category: None,
        gpu_count: None,
        extra_mount_path: None,
        cordoned: false,
    }
}

/// `n` GPUs of one machine (UUIDs of their own, unlike any other call's).
fn gpus(name: &str, n: usize) -> Vec<Gpu> {
    static MACHINE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let m = MACHINE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let rows: String =
        (0..n).map(|i| format!("{i}, {name}, GPU-{m:08x}-{i}, 81559, 1, 570.86.15, 9.0, 0, 31, [N/A]\n")).collect();
    parse_inventory(&rows)
}

fn ok(g: Vec<Gpu>) -> NodeState {
    NodeState { ok: true, problem: None, gpus: g, cpu: None, rentals: None, checked_at: 1 }
}

/// The offer when every node passed its full validation and one category has a static price.
fn build_all_validated(nodes: &[NodeRecord], states: &HashMap<Uuid, NodeState>, price: (&str, f64)) -> Offer {
    let mut c = crate::core::config::BiddingConfig::default();
    c.strategy.fixed.static_prices.insert(price.0.into(), price.1);
    let verdicts = Verdicts {
        validated: nodes
            .iter()
            .map(|n| (n.node_id, ValidationOutcome { ok: true, checked_at: 1, problem: None }))
            .collect(),
        refused: Vec::new(),
        rented: Default::default(),
        now: 2,
    };
    build(nodes, states, &Prices::from_config(&c), &verdicts)
}

#[test]
fn healthy_priced_ip_nodes_are_advertised_and_the_rest_say_why() {
    let nodes = vec![
        node(0, "127.0.0.11", 22, Some(2.5)),
        node(1, "127.0.0.12", 22, None),
        node(2, "127.0.0.13", 22, Some(2.5)),
        node(3, "gpu.example", 22, Some(2.5)),
        node(4, "127.0.0.11", 2222, Some(2.5)),
        node(5, "127.0.0.14", 22, Some(1.0)),
        node(6, "127.0.0.15", 22, None),
        node(7, "::1", 22, Some(1.0)),
    ];
    let mut states = HashMap::new();
    states.insert(nodes[0].node_id, ok(gpus("NVIDIA H100 80GB HBM3", 8)));
    states.insert(nodes[1].node_id, ok(gpus("NVIDIA A100-SXM4-80GB", 4)));
    states.insert(
        nodes[2].node_id,
        NodeState {
            ok: false,
            problem: Some(Failure { code: Code::NvidiaDriverUnreachable, detail: "exit 9".into() }),
            gpus: vec![],
            cpu: None,
            rentals: None,
            checked_at: 1,
        },
    );
    states.insert(nodes[4].node_id, ok(gpus("NVIDIA H100 80GB HBM3", 8)));
    states.insert(nodes[5].node_id, ok(gpus("NVIDIA GeForce RTX 4090", 2)));
    states.insert(nodes[6].node_id, ok(gpus("NVIDIA B200", 8)));
    states.insert(nodes[7].node_id, ok(gpus("NVIDIA H200", 8)));
    let offer = build_all_validated(&nodes, &states, ("A100", 2.5));
    let got: Vec<(&str, Category, u32, u32)> = offer
        .advertised
        .iter()
        .map(|a| (a.host.as_str(), a.gpu_category.clone(), a.gpu_count, a.hourly_rate_cents))
        .collect();
    assert_eq!(
        got,
        vec![
            ("127.0.0.11", Category::data_centre("H100").unwrap(), 8, 250),
            ("127.0.0.12", Category::data_centre("A100").unwrap(), 4, 250),
            ("127.0.0.14", Category::parse("RTX_4090").unwrap(), 2, 100),
        ],
        "a consumer card is offered under its own category, like a data-centre one"
    );
    let reasons: Vec<Reason> = offer.left_out.iter().map(|l| l.reason).collect();
    assert_eq!(
        reasons,
        vec![Reason::Unhealthy, Reason::HostNotIp, Reason::SharedIp, Reason::NoPrice, Reason::Ipv6Host]
    );
    assert!(offer.left_out[0].detail.contains("nvidia_driver_unreachable: exit 9"), "{}", offer.left_out[0].detail);
    assert!(
        offer.left_out[3].detail.contains("B200 (or `default`) in [bidding.strategy.static.static_prices]"),
        "{}",
        offer.left_out[3].detail
    );
}

#[test]
fn declarations_validations_and_refusals_keep_nodes_out() {
    let mut nodes: Vec<NodeRecord> = (0..6).map(|i| node(i, &format!("127.0.0.{}", 40 + i), 22, Some(2.5))).collect();
    nodes[0].gpu_category = Some(Category::data_centre("H100").unwrap());
    nodes[0].gpu_count = Some(8);
    nodes[0].extra_mount_path = Some("/ephemeral".into());
    nodes[1].gpu_count = Some(4);
    let states: HashMap<Uuid, NodeState> =
        nodes.iter().map(|n| (n.node_id, ok(gpus("NVIDIA H100 80GB HBM3", 8)))).collect();
    let now = 100_000;
    let vet = |ok, at| ValidationOutcome {
        ok,
        checked_at: at,
        problem: (!ok).then(|| Failure { code: Code::ContainerGpuFailed, detail: "unknown runtime nvidia".into() }),
    };
    let mut validated: HashMap<Uuid, ValidationOutcome> =
        nodes.iter().map(|n| (n.node_id, vet(true, now - 10))).collect();
    validated.insert(nodes[2].node_id, vet(false, now - 10));
    validated.insert(nodes[3].node_id, vet(true, now - 13 * 3600));
    validated.remove(&nodes[4].node_id);
    let refused = vec![
        RefusedNode::new("127.0.0.45", 250, "bid below floor", now - 5),
        RefusedNode::new("127.0.0.40", 250, "old", now - 4000),
    ];
    let offer =
        build(&nodes, &states, &Prices::default(), &Verdicts { validated, refused, rented: Default::default(), now });
    assert_eq!(offer.hosts(), vec!["127.0.0.40"], "{offer:#?}");
    assert_eq!(offer.advertised[0].extra_mount_path.as_deref(), Some("/ephemeral"));
    let reasons: Vec<Reason> = offer.left_out.iter().map(|l| l.reason).collect();
    assert_eq!(
        reasons,
        vec![
            Reason::DeclarationMismatch,
            Reason::NotValidated,
            Reason::NotValidated,
            Reason::NotValidated,
            Reason::RefusedByValidator
        ]
    );
    assert!(
        offer.left_out[0].detail.contains("declares H100 x4, nvidia-smi finds H100 x8"),
        "{}",
        offer.left_out[0].detail
    );
    assert!(offer.left_out[1].detail.contains("container_gpu_failed"));
    assert!(offer.left_out[4].detail.contains("floor"));
}

#[test]
fn mixed_models_are_not_one_category() {
    let mut g = gpus("NVIDIA H100 80GB HBM3", 2);
    g.extend(gpus("NVIDIA H200", 1));
    assert_eq!(category(&g).unwrap_err().0, Reason::MixedGpuModels);
    assert_eq!(category(&gpus("NVIDIA B300", 8)).unwrap(), (Category::data_centre("B300").unwrap(), 8));
}

#[test]
fn host_warnings_name_non_ip_hosts_ipv6_literals_routes_and_shared_ips() {
    let hosts = ["10.0.0.1", "gpu.example", "10.0.0.1", "[2001:db8::1]", "10.0.0.5", "10.0.0.6"];
    let opts = [None, None, None, None, Some("-o ProxyJump=jump@10.0.0.9"), Some("-o ServerAliveInterval=30")];
    let w = host_warnings(hosts.into_iter().zip(opts));
    let at: Vec<(usize, &str)> = w.iter().map(|(i, k, _)| (*i, *k)).collect();
    assert_eq!(at, vec![(1, "host"), (2, "host"), (3, "host"), (4, "additional_opts")]);
    assert!(w[1].2.contains("nodes[0]"));
    assert!(w[2].2.contains("split `user@host:port` on every `:`"), "{}", w[2].2);
    assert!(w[3].2.contains("ProxyJump jump@10.0.0.9"), "{}", w[3].2);
}

#[test]
fn routed_nodes_ipv6_literals_and_a_second_address_of_one_machine_are_left_out_by_name() {
    let mut routed = node(1, "127.0.0.12", 22, Some(2.5));
    routed.additional_opts = Some("-o ProxyJump=gpu@10.0.0.9:22".into());
    let nodes = vec![
        node(0, "127.0.0.11", 22, Some(2.5)),
        routed,
        node(2, "127.0.0.13", 22, Some(2.5)),
        node(3, "::1", 22, Some(2.5)),
    ];
    let first = gpus("NVIDIA H100 80GB HBM3", 8);
    let states: HashMap<Uuid, NodeState> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.node_id, ok(if i == 0 || i == 2 { first.clone() } else { gpus("NVIDIA H100 80GB HBM3", 8) })))
        .collect();
    let offer = build_all_validated(&nodes, &states, ("H100", 2.5));
    assert_eq!(offer.hosts(), vec!["127.0.0.11"]);
    let left: Vec<(Reason, &str)> = offer.left_out.iter().map(|l| (l.reason, l.detail.as_str())).collect();
    assert_eq!(
        left.iter().map(|l| l.0).collect::<Vec<_>>(),
        vec![Reason::IndirectRoute, Reason::DuplicateGpus, Reason::Ipv6Host]
    );
    assert!(left[0].1.contains("ProxyJump gpu@10.0.0.9:22"), "{}", left[0].1);
    assert!(left[1].1.contains("gpu@127.0.0.11:22"), "the other node is named: {}", left[1].1);
    assert_eq!(
        Reason::ALL.len(),
        Reason::ALL.iter().map(|r| r.as_str()).collect::<std::collections::HashSet<_>>().len()
    );
    for r in Reason::ALL {
        assert_eq!(serde_json::to_value(r).unwrap(), r.as_str(), "the metric label is the JSON name");
    }
}

#[test]
fn a_cpu_only_host_is_offered_as_one_device_of_its_declared_class() {
    let class = Category::parse("CPU_STANDARD").unwrap();
    let declare =
        |i, host, count| NodeRecord { gpu_category: Some(class.clone()), gpu_count: count, ..node(i, host, 22, None) };
    let nodes = vec![
        declare(0, "127.0.0.11", Some(1)),
        declare(1, "127.0.0.12", None),
        declare(2, "127.0.0.13", Some(4)),
        declare(3, "127.0.0.14", Some(1)),
        declare(4, "127.0.0.15", Some(1)),
    ];
    let info = crate::core::nodes::cpu::CpuInfo { model: "EPYC".into(), vcpus: 64, ram_mb: 262_144 };
    let host = |cpu: Option<crate::core::nodes::cpu::CpuInfo>| NodeState { cpu, ..ok(Vec::new()) };
    let mut states = HashMap::new();
    states.insert(nodes[0].node_id, host(Some(info.clone())));
    states.insert(nodes[1].node_id, host(Some(info.clone())));
    states.insert(nodes[2].node_id, host(Some(info.clone())));
    states.insert(nodes[3].node_id, host(None));
    let failing =
        Failure { code: Code::DeclarationMismatch, detail: "declared CPU-only, but nvidia-smi lists 8x H100".into() };
    states.insert(
        nodes[4].node_id,
        NodeState { ok: false, problem: Some(failing), ..ok(gpus("NVIDIA H100 80GB HBM3", 8)) },
    );
    let offer = build_all_validated(&nodes, &states, ("CPU_STANDARD", 0.4));
    let got: Vec<(&str, &str, u32, u32)> = offer
        .advertised
        .iter()
        .map(|a| (a.host.as_str(), a.gpu_category.as_str(), a.gpu_count, a.hourly_rate_cents))
        .collect();
    assert_eq!(got, vec![("127.0.0.11", "CPU_STANDARD", 1, 40), ("127.0.0.12", "CPU_STANDARD", 1, 40)]);
    let why: Vec<(Reason, &str)> = offer.left_out.iter().map(|l| (l.reason, l.detail.as_str())).collect();
    assert_eq!(why[0].0, Reason::DeclarationMismatch);
    assert!(why[0].1.contains("gpu_count 4") && why[0].1.contains("set gpu_count = 1"), "{}", why[0].1);
    assert_eq!(why[1].0, Reason::Unhealthy, "no CPU probe answer, no offer");
    assert_eq!(why[2].0, Reason::Unhealthy);
    assert!(why[2].1.starts_with("declaration_mismatch: declared CPU-only"), "{}", why[2].1);
}
