//! The registry's own tests: finding nodes by every kind of selector, adding and removing.

use super::*;

fn config_with(nodes: &[(&str, u16, &str)]) -> MinerConfig {
    let mut c = MinerConfig::default();
    for (host, port, user) in nodes {
        c.node_management.nodes.push(test_entry(host, *port, user));
    }
    c
}

#[test]
fn duplicates_are_rejected_even_with_another_user() {
    let c = config_with(&[("10.0.0.1", 22, "ubuntu")]);
    let err = prepare(
        &c,
        &NewNode {
            spec: "root@10.0.0.1",
            rate: Some(2.0),
            additional_opts: None,
            gpu_category: None,
            gpu_count: None,
            extra_mount_path: None,
        },
    )
    .unwrap_err();
    assert!(matches!(err, RegistryError::Duplicate { .. }), "{err}");
    assert!(prepare(
        &c,
        &NewNode {
            spec: "root@10.0.0.1:2222",
            rate: Some(2.0),
            additional_opts: None,
            gpu_category: None,
            gpu_count: None,
            extra_mount_path: None
        }
    )
    .is_ok());
}

#[test]
fn find_by_id_prefix_address_and_host() {
    let c = config_with(&[("10.0.0.1", 22, "ubuntu"), ("10.0.0.1", 2222, "ubuntu"), ("gpu.example", 22, "root")]);
    let records = list(&c);
    assert_eq!(find(&records, &records[2].node_id.to_string()).unwrap().index, 2);
    assert_eq!(find(&records, &records[1].node_id.to_string()[..8]).unwrap().index, 1);
    assert_eq!(find(&records, "ubuntu@10.0.0.1:2222").unwrap().index, 1);
    assert_eq!(find(&records, "10.0.0.1:22").unwrap().index, 0);
    assert_eq!(find(&records, "GPU.example").unwrap().index, 2);
    assert!(matches!(find(&records, "10.0.0.1"), Err(RegistryError::Ambiguous { .. })));
    assert!(matches!(find(&records, "10.9.9.9"), Err(RegistryError::NotFound { .. })));
}

#[test]
fn a_cordon_is_one_commented_key_and_an_uncordon_takes_it_away_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("miner.toml");
    let text = "# my fleet\n[node_management]\n\n[[node_management.nodes]]\nhost = \"10.0.0.5\" # rack 4\nusername = \"u\"\nhourly_rate_per_gpu = 2.5\n";
    std::fs::write(&path, text).unwrap();
    let done = set_cordoned(&path, &["10.0.0.5"], true, 1_796_591_459).unwrap();
    assert!(done[0].1 && done[0].0.cordoned);
    let cordoned = std::fs::read_to_string(&path).unwrap();
    assert!(cordoned.contains("# cordoned by `basilica-miner node cordon` at 2026-12-06T21:10:59Z"), "{cordoned}");
    assert!(
        cordoned.contains("cordoned = true") && cordoned.contains("# rack 4") && cordoned.starts_with("# my fleet")
    );
    assert!(!set_cordoned(&path, &["10.0.0.5"], true, 1).unwrap()[0].1, "cordoned already: no change");
    set_cordoned(&path, &["10.0.0.5"], false, 2).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "back to the file as it was");
    assert!(matches!(set_cordoned(&path, &["10.9.9.9"], true, 3), Err(RegistryError::NotFound { .. })));
}
