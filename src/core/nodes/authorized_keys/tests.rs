use std::process::Command;

use super::*;

const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

/// Generates a real key with ssh-keygen and returns its public line and `ssh-keygen -lf` fingerprint.
fn keygen(kind: &str, bits: Option<&str>) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k");
    let mut cmd = Command::new("ssh-keygen");
    cmd.args(["-q", "-N", "", "-C", "someone@laptop", "-t", kind, "-f"]).arg(&path);
    if let Some(b) = bits {
        cmd.args(["-b", b]);
    }
    assert!(cmd.status().unwrap().success(), "ssh-keygen -t {kind}");
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    let lf = Command::new("ssh-keygen").arg("-lf").arg(path.with_extension("pub")).output().unwrap();
    let fp = String::from_utf8(lf.stdout).unwrap().split_whitespace().nth(1).unwrap().to_string();
    (public.trim().to_string(), fp)
}

#[test]
fn accepts_real_keys_of_every_allowed_type_with_matching_fingerprints() {
    for (kind, bits) in [
        ("ed25519", None),
        ("rsa", Some("2048")),
        ("rsa", Some("3072")),
        ("ecdsa", Some("256")),
        ("ecdsa", Some("384")),
        ("ecdsa", Some("521")),
    ] {
        let (line, fp) = keygen(kind, bits);
        let key = PublicKey::parse(&line).unwrap_or_else(|e| panic!("{kind} {bits:?}: {e}"));
        assert_eq!(key.fingerprint(), fp, "{kind}");
    }
}

#[test]
fn refuses_short_rsa_and_dsa() {
    let (short, _) = keygen("rsa", Some("1024"));
    assert_eq!(PublicKey::parse(&short), Err(KeyError::RsaTooShort(1024)));
    assert!(matches!(PublicKey::parse("ssh-dss AAAAB3NzaC1kc3MAAACBAP== x"), Err(KeyError::Algorithm(_))));
}

#[test]
fn refuses_hostile_shapes() {
    let (ed, _) = keygen("ed25519", None);
    let blob = ed.split_whitespace().nth(1).unwrap();
    let cases = [
        format!("command=\"rm -rf /\" ssh-ed25519 {blob}"),
        format!("ssh-ed25519 {blob} x\nssh-ed25519 {blob} y"),
        format!("ssh-ed25519 {blob}\rcommand"),
        "ssh-ed25519 $(reboot)".to_string(),
        "ssh-ed25519 AAAA;reboot".to_string(),
        format!("ssh-rsa {blob}"),
        "".to_string(),
        format!("ssh-ed25519 {}", "A".repeat(1 << 20)),
    ];
    for c in &cases {
        assert!(PublicKey::parse(c).is_err(), "accepted {c:?}");
    }
    assert_eq!(PublicKey::parse(&format!("ssh-rsa {blob}")), Err(KeyError::Mismatch("ssh-rsa".into())));
}

fn key() -> PublicKey {
    PublicKey::parse(&keygen("ed25519", None).0).unwrap()
}

#[test]
fn validator_lines_need_the_exact_tag_and_a_valid_ss58() {
    let k = key();
    assert!(validator_of(&k.validator_line(ALICE)).is_some());
    assert!(validator_of(&format!("{} my-validator-{ALICE}", k.bare_line())).is_none());
    assert!(validator_of(&format!("{} validator-notanaddress", k.bare_line())).is_none());
    assert!(validator_of(&format!("{} validator-{ALICE} extra", k.bare_line())).is_none());
    assert!(validator_of(&format!("no-pty {} validator-{ALICE}", k.bare_line())).is_none());
}

#[test]
fn deploy_keeps_every_other_line_byte_for_byte() {
    let miner = key();
    let old = key();
    let new = key();
    let content = format!(
        "# operator keys\n{} ops@laptop\r\n\ncommand=\"/bin/true\" {} backup validator-{BOB}\n{}\n{} note: validator-thing\n",
        miner.bare_line(),
        old.bare_line(),
        old.validator_line(BOB),
        old.bare_line(),
    );
    let out = deploy_exclusive(&content, &new, ALICE).unwrap();
    let expected = format!(
        "# operator keys\n{} ops@laptop\r\n\ncommand=\"/bin/true\" {} backup validator-{BOB}\n{} note: validator-thing\n{}\n",
        miner.bare_line(),
        old.bare_line(),
        old.bare_line(),
        new.validator_line(ALICE),
    );
    assert_eq!(out, expected);
    assert_eq!(validator_keys(&out).len(), 1);
    assert_eq!(deploy_exclusive(&out, &new, ALICE), None, "deploying twice changes nothing");
}

#[test]
fn deploy_into_empty_or_unterminated_files() {
    let k = key();
    assert_eq!(deploy_exclusive("", &k, ALICE).unwrap(), format!("{}\n", k.validator_line(ALICE)));
    let m = key();
    assert_eq!(
        deploy_exclusive(&m.bare_line(), &k, ALICE).unwrap(),
        format!("{}\n{}\n", m.bare_line(), k.validator_line(ALICE))
    );
}

/// Found by the `authorized_keys` fuzz target: a last line that ends in a lone `\r` keeps it;
/// only the missing `\n` is added before the validator's line.
#[test]
fn deploy_after_a_last_line_ending_in_a_carriage_return() {
    let k = key();
    assert_eq!(
        deploy_exclusive("# operator\r", &k, ALICE).unwrap(),
        format!("# operator\r\n{}\n", k.validator_line(ALICE))
    );
    assert_eq!(
        revoke(&format!("# operator\r\n{}\r", k.validator_line(ALICE)), &Revoke::All).unwrap(),
        "# operator\r\n"
    );
}

#[test]
fn revoke_one_or_all() {
    let (a, b, m) = (key(), key(), key());
    let content = format!("{}\n{}\n{}\n", m.bare_line(), a.validator_line(ALICE), b.validator_line(BOB));
    let only_bob = revoke(&content, &Revoke::Hotkey(ALICE)).unwrap();
    assert_eq!(only_bob, format!("{}\n{}\n", m.bare_line(), b.validator_line(BOB)));
    assert_eq!(revoke(&content, &Revoke::All).unwrap(), format!("{}\n", m.bare_line()));
    assert_eq!(revoke(&format!("{}\n", m.bare_line()), &Revoke::All), None);
}

#[test]
fn miner_key_add_and_remove() {
    let (m, n) = (key(), key());
    let content = format!("{} basilica-miner\n", m.bare_line());
    assert!(contains_key(&content, &m));
    assert_eq!(add_line(&content, &m, "x"), None);
    let both = add_line(&content, &n, "basilica-miner").unwrap();
    assert!(contains_key(&both, &n));
    let only_new = remove_key(&both, &m).unwrap();
    assert_eq!(only_new, format!("{} basilica-miner\n", n.bare_line()));
}

#[test]
fn a_renting_validators_line_stays_through_a_deployment_and_a_revocation() {
    let (alice_line, _) = keygen("ed25519", None);
    let (bob_line, _) = keygen("ed25519", None);
    let (alice, bob) = (PublicKey::parse(&alice_line).unwrap(), PublicKey::parse(&bob_line).unwrap());
    let before = format!(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl miner\n{}\n",
        alice.validator_line(ALICE)
    );
    let keep = vec![ALICE.to_string()];
    let both = deploy_keeping(&before, &bob, BOB, &keep).unwrap();
    let hotkeys: Vec<String> = validator_keys(&both).into_iter().map(|k| k.hotkey).collect();
    assert_eq!(hotkeys, vec![ALICE.to_string(), BOB.to_string()], "the renter's line and the new validator's");
    assert!(both.starts_with(&before), "the renter's line is kept byte for byte");
    assert_eq!(deploy_keeping(&both, &bob, BOB, &keep), None, "nothing to change");
    let alone = deploy_keeping(&both, &bob, BOB, &[]).unwrap();
    assert_eq!(validator_keys(&alone).len(), 1, "the rental ended: exclusive again");
    let revoked = revoke_keeping(&both, &Revoke::All, &keep).unwrap();
    assert_eq!(validator_keys(&revoked).into_iter().map(|k| k.hotkey).collect::<Vec<_>>(), vec![ALICE.to_string()]);
    assert_eq!(revoke_keeping(&before, &Revoke::Hotkey(ALICE), &keep), None, "kept while rented");
    assert!(revoke(&before, &Revoke::Hotkey(ALICE)).is_some(), "and removed once the rental ended");
}
