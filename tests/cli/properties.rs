//! Properties over generated inputs (proptest), run in CI beside the fuzz targets of `fuzz/`:
//! round trips (SS58, OpenSSH keys, nvidia-smi rows, nodes added to `miner.toml`, signed
//! requests) and the invariant of the exclusive `authorized_keys` edit.

use base64::Engine;
use basilica_miner::core::config::{self, edit::ConfigDocument, NodeEntry};
use basilica_miner::core::identity::{signing, ss58, wallet::Keypair};
use basilica_miner::core::nodes::authorized_keys::{self, PublicKey, Revoke};
use basilica_miner::core::nodes::gpu;
use proptest::prelude::*;

/// An `ssh-ed25519` public key line for the 32 bytes `point`.
fn ed25519_line(point: &[u8; 32], comment: &str) -> String {
    let mut blob = Vec::new();
    for part in [&b"ssh-ed25519"[..], &point[..]] {
        blob.extend_from_slice(&(part.len() as u32).to_be_bytes());
        blob.extend_from_slice(part);
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(blob);
    format!("ssh-ed25519 {b64} {comment}").trim_end().to_string()
}

fn key() -> impl Strategy<Value = PublicKey> {
    any::<[u8; 32]>().prop_map(|p| PublicKey::parse(&ed25519_line(&p, "")).unwrap())
}

fn hotkey() -> impl Strategy<Value = String> {
    any::<[u8; 32]>().prop_map(|b| ss58::encode(&b))
}

/// A line an operator's `authorized_keys` may hold, validator lines of other hotkeys included.
fn line() -> impl Strategy<Value = String> {
    let body = prop_oneof![
        Just(String::new()),
        "#[ -~]{0,40}",
        (any::<[u8; 32]>(), "[a-z]{1,8}@[a-z]{1,8}").prop_map(|(p, c)| ed25519_line(&p, &c)),
        (any::<[u8; 32]>(), "[a-z]{1,8}").prop_map(|(p, c)| format!("from=\"10.0.0.1\" {}", ed25519_line(&p, &c))),
        (key(), hotkey()).prop_map(|(k, h)| k.validator_line(&h)),
        "[ -~]{0,60}",
    ];
    (body, any::<bool>()).prop_map(|(b, cr)| if cr { format!("{b}\r") } else { b })
}

fn file() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..12), any::<bool>()).prop_map(|(lines, last_newline)| {
        let mut text = lines.join("\n");
        if last_newline && !text.is_empty() {
            text.push('\n');
        }
        text
    })
}

/// The lines that are not validator lines, with their exact bytes but the `\n` ending them.
fn others(content: &str) -> Vec<&str> {
    content
        .split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l))
        .filter(|l| authorized_keys::validator_of(l.trim_end_matches('\r')).is_none())
        .collect()
}

fn validator_lines(content: &str) -> Vec<&str> {
    content.lines().filter(|l| authorized_keys::validator_of(l).is_some()).collect()
}

fn node() -> impl Strategy<Value = NodeEntry> {
    let host = prop_oneof![
        any::<[u8; 4]>().prop_map(|b| std::net::Ipv4Addr::from(b).to_string()),
        "[a-z][a-z0-9-]{0,10}(\\.[a-z][a-z0-9-]{0,10}){0,2}",
    ];
    (host, 1..=u16::MAX, proptest::option::of("[a-z_][a-z0-9_-]{0,15}"), proptest::option::of(1..100_000u32)).prop_map(
        |(host, port, username, cents)| NodeEntry {
            host,
            port,
            username,
            hourly_rate_per_gpu: cents.map(|c| f64::from(c) / 100.0),
            additional_opts: None,
            gpu_category: None,
            gpu_count: None,
            extra_mount_path: None,
            cordoned: false,
        },
    )
}

fn nodes_of(text: &str) -> Vec<NodeEntry> {
    let path = std::path::Path::new("miner.toml");
    config::parse(path, ".".into(), text.to_string(), std::iter::empty()).unwrap().config.node_management.nodes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_exclusive_edit_keeps_every_operator_line_and_leaves_one_validator_line(
        content in file(), key in key(), validator in hotkey()
    ) {
        let after = authorized_keys::deploy_exclusive(&content, &key, &validator).unwrap_or_else(|| content.clone());
        let wanted = key.validator_line(&validator);
        prop_assert_eq!(validator_lines(&after), vec![wanted.as_str()]);
        prop_assert_eq!(others(&after), others(&content));
        prop_assert!(authorized_keys::deploy_exclusive(&after, &key, &validator).is_none());
        let revoked = authorized_keys::revoke(&after, &Revoke::All).unwrap();
        prop_assert!(authorized_keys::validator_keys(&revoked).is_empty());
        prop_assert_eq!(others(&revoked), others(&content));
    }

    #[test]
    fn revoking_one_validator_keeps_the_others(content in file(), key in key(), validator in hotkey()) {
        let with = authorized_keys::deploy_exclusive(&content, &key, &validator).unwrap_or_else(|| content.clone());
        let stranger = ss58::encode(&[7; 32]);
        prop_assert!(authorized_keys::revoke(&with, &Revoke::Hotkey(&stranger)).is_none());
        let without = authorized_keys::revoke(&with, &Revoke::Hotkey(&validator)).unwrap();
        prop_assert!(validator_lines(&without).is_empty());
        prop_assert_eq!(others(&without), others(&content));
    }

    #[test]
    fn ss58_addresses_and_key_lines_read_back_what_was_written(bytes in any::<[u8; 32]>(), key in key()) {
        let address = ss58::encode(&bytes);
        let account = ss58::parse(&address).unwrap();
        let read: &[u8; 32] = account.as_ref();
        prop_assert_eq!(*read, bytes);
        let (hotkey, read) = authorized_keys::validator_of(&key.validator_line(&address)).unwrap();
        prop_assert_eq!(hotkey, address);
        prop_assert_eq!(read.fingerprint(), key.fingerprint());
        prop_assert_eq!(PublicKey::parse(&key.bare_line()).unwrap(), key);
    }

    #[test]
    fn nvidia_smi_rows_read_back_what_the_gpus_said(
        gpus in prop::collection::vec(
            ("(NVIDIA )?(A100-SXM4-80GB|H100 80GB HBM3|H200|B200)", "GPU-[0-9a-f]{8}", 1..200_000u64, 0..200_000u64, "[0-9]{3}\\.[0-9]{2,3}(\\.[0-9]{2})?", 0..=100u32),
            1..9,
        )
    ) {
        let csv: String = gpus
            .iter()
            .enumerate()
            .map(|(i, (name, uuid, total, used, driver, util))| {
                format!("{i}, {name}, {uuid}, {total}, {used}, {driver}, 9.0, {util}, 41, 71.25\n")
            })
            .collect();
        let read = gpu::parse_inventory(&csv);
        prop_assert_eq!(read.len(), gpus.len());
        for (i, (g, (name, uuid, total, used, driver, util))) in read.iter().zip(&gpus).enumerate() {
            prop_assert!(g.problems.is_empty(), "{:?}", g.problems);
            prop_assert_eq!(g.index, Some(i as u32));
            prop_assert_eq!(&g.name, name);
            prop_assert!(g.model.is_some());
            prop_assert_eq!(g.uuid.as_deref(), Some(uuid.as_str()));
            prop_assert_eq!((g.memory_total_mib, g.memory_used_mib), (Some(*total), Some(*used)));
            prop_assert_eq!(g.driver_version.as_deref(), Some(driver.as_str()));
            prop_assert_eq!(g.utilization_percent, Some(f64::from(*util)));
            prop_assert_eq!(g.power_draw_w, Some(71.25));
        }
    }

    #[test]
    fn a_node_added_to_miner_toml_loads_back_and_removing_it_restores_the_list(added in node()) {
        let example = include_str!("../../config/miner.toml.example");
        let before = nodes_of(example);
        let mut doc = ConfigDocument::from_text(std::path::Path::new("miner.toml"), example).unwrap();
        doc.add_node(&added).unwrap();
        let with = doc.to_text();
        let mut listed = nodes_of(&with);
        prop_assert_eq!(listed.pop(), Some(added));
        prop_assert_eq!(&listed, &before);
        let mut doc = ConfigDocument::from_text(std::path::Path::new("miner.toml"), &with).unwrap();
        doc.remove_nodes(&[before.len()]).unwrap();
        prop_assert_eq!(nodes_of(&doc.to_text()), before);
    }
}

proptest! {
    // sr25519 keys and signatures are slow in a debug build: fewer cases.
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_signed_generation_1_request_verifies_and_any_change_breaks_it(
        seed in any::<[u8; 32]>(), nonce in "[ -~]{1,64}", other in "[ -~]{1,64}", ts in 0..4_000_000_000i64
    ) {
        let validator = Keypair::from_seed_hex(&hex::encode(seed)).unwrap();
        let miner = ss58::encode(&[3; 32]);
        let payload = signing::auth_payload(&nonce, &miner, ts);
        let signature = signing::sign_hex(&validator, &payload);
        prop_assert!(signing::verify_hex(&validator.ss58, &payload, &signature).is_ok());
        prop_assume!(other != nonce);
        prop_assert!(signing::verify_hex(&validator.ss58, &signing::auth_payload(&other, &miner, ts), &signature).is_err());
        prop_assert!(signing::verify_hex(&validator.ss58, &signing::auth_payload(&nonce, &miner, ts + 1), &signature).is_err());
    }
}
