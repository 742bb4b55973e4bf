use std::time::Duration;

use super::*;

fn ran(stdout: &str, secs: f64) -> FreshLogin {
    FreshLogin::Ran { stdout: stdout.into(), code: Some(0), elapsed: Duration::from_secs_f64(secs) }
}

fn refused() -> FreshLogin {
    FreshLogin::Refused { detail: "kex_exchange_identification: Connection closed by remote host".into() }
}

#[test]
fn the_connection_test_wants_exactly_connection_test_and_names_the_rc_file() {
    assert_eq!(connection_test(&ran("connection_test\n", 0.2), "").status, CheckStatus::Pass);
    let c = connection_test(&ran("Welcome to gpu-7\nconnection_test\n", 0.2), "/home/u/.ssh/rc\n/home/u/.bashrc\n");
    assert_eq!((c.status, c.code), (CheckStatus::Fail, Some(Code::LoginOutput)));
    assert!(c.detail.contains("`Welcome to gpu-7`") && c.detail.contains("/home/u/.ssh/rc"), "{}", c.detail);
    assert!(!c.detail.contains(".bashrc"), "the rc file is named alone when present: {}", c.detail);
    let c = connection_test(&ran("hi\nconnection_test\n", 0.2), "/home/u/.bashrc\n/etc/profile.d/motd.sh\n");
    assert!(c.detail.contains("/home/u/.bashrc, /etc/profile.d/motd.sh"), "{}", c.detail);
    let denied = FreshLogin::Denied { code: Code::SshAuthDenied, detail: "Permission denied (publickey).".into() };
    assert_eq!(connection_test(&denied, "").code, Some(Code::SshAuthDenied));
}

#[test]
fn the_nonce_is_the_first_word_of_stdout() {
    let digest = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assert_eq!(nonce_check(&ran(&format!("{digest}  -\n"), 0.1), "hello", "").status, CheckStatus::Pass);
    let c = nonce_check(&ran(&format!("banner\n{digest}  -\n"), 0.1), "hello", "");
    assert_eq!(c.code, Some(Code::LoginOutput));
    assert_eq!(nonce_check(&ran("sha256sum: not found\n", 0.1), "hello", "").code, Some(Code::Sha256sumMissing));
}

#[test]
fn a_non_posix_login_shell_is_named_with_chsh() {
    assert_eq!(login_shell("/bin/bash\n", "gpu").status, CheckStatus::Pass);
    assert_eq!(login_shell("/usr/bin/zsh", "gpu").status, CheckStatus::Pass);
    for shell in ["/usr/bin/tcsh", "/usr/bin/fish", "/bin/csh", "/usr/sbin/nologin"] {
        let c = login_shell(shell, "gpu");
        assert_eq!((c.status, c.code), (CheckStatus::Fail, Some(Code::LoginShell)), "{shell}");
        assert!(c.detail.contains(shell) && c.detail.contains("chsh -s /bin/bash gpu"), "{}", c.detail);
    }
    assert_eq!(login_shell("", "gpu").status, CheckStatus::Skip);
}

#[test]
fn refusals_at_once_warn_and_refusals_in_turn_fail() {
    let ok = || ran("connection_test\n", 0.2);
    let burst_ok: Vec<FreshLogin> = (0..BURST).map(|_| ok()).collect();
    let seq_ok: Vec<FreshLogin> = (0..SEQUENCE).map(|_| ok()).collect();
    assert_eq!(pattern_check(&burst_ok, &seq_ok).status, CheckStatus::Pass);
    let mut burst_dropped = burst_ok.clone();
    burst_dropped[2] = refused();
    burst_dropped[4] = refused();
    let c = pattern_check(&burst_dropped, &seq_ok);
    assert_eq!((c.status, c.code), (CheckStatus::Warn, Some(Code::SshRateLimited)));
    assert!(c.detail.contains("2 of 6 fresh logins at once") && c.detail.contains("MaxStartups"), "{}", c.detail);
    let mut seq_refused = seq_ok.clone();
    seq_refused[6] = refused();
    seq_refused[7] = refused();
    assert_eq!(pattern_check(&burst_ok, &seq_refused).status, CheckStatus::Fail);
    seq_refused[6] = ok();
    assert_eq!(pattern_check(&burst_ok, &seq_refused).status, CheckStatus::Warn, "one refusal in turn is a warning");
}

#[test]
fn a_slow_median_login_is_warned() {
    let fast: Vec<FreshLogin> = (0..SEQUENCE).map(|_| ran("connection_test\n", 0.3)).collect();
    assert_eq!(handshake_check(&fast).map(|c| c.status), Some(CheckStatus::Pass));
    let slow: Vec<FreshLogin> =
        (0..SEQUENCE).map(|i| ran("connection_test\n", if i < 2 { 0.3 } else { 6.5 })).collect();
    let c = handshake_check(&slow).expect("a check");
    assert_eq!(c.code, Some(Code::SshHandshakeSlow));
    assert!(handshake_check(&[refused()]).is_none());
    let lossy: Vec<FreshLogin> = (0..SEQUENCE)
        .map(|i| match i % 2 {
            0 => FreshLogin::TimedOut { after: Duration::from_secs(30), detail: "Connection timed out".into() },
            _ => ran("connection_test\n", 0.3),
        })
        .collect();
    assert_eq!(handshake_check(&lossy).and_then(|c| c.code), Some(Code::SshHandshakeSlow), "time-outs count as slow");
    assert_eq!(pattern_check(&[], &lossy).status, CheckStatus::Pass, "a time-out is not a refusal");
}

#[test]
fn steps_over_the_validators_limits_are_warned() {
    assert_eq!(
        time_check(&[("facts", Duration::from_secs(2)), ("image_pull", Duration::from_secs(90))]).status,
        CheckStatus::Pass
    );
    let c = time_check(&[("image_pull", Duration::from_secs(420))]);
    assert!(c.code == Some(Code::ValidatorTimeLimit) && c.detail.contains("image_pull took 420 s"), "{}", c.detail);
    let c =
        time_check(&[("a", Duration::from_secs(290)), ("b", Duration::from_secs(290)), ("c", Duration::from_secs(60))]);
    assert!(c.code == Some(Code::ValidatorTimeLimit) && c.detail.contains("640 s"), "{}", c.detail);
}
