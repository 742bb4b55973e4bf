//! The validator's way in (docs/protocol.md, "How a validator reaches a node"): what a full
//! validation checks so that a node it passes also passes the validator's own verification.
//! The validator starts a fresh `ssh` for every command, sends the command to the user's login
//! shell as it is and reads stdout raw; it dials the registered host and port directly; it
//! fetches a published port from its own address; it stops a command after 300 s and a miner's
//! whole verification after 600 s. These checks reach the node the same way
//! ([`Fleet::fresh_login`]) and read what would turn the validator away.

pub mod firewall;

use crate::core::nodes::inspect::CheckName;
use std::time::Duration;

use super::fleet::{Code, Fleet, FreshLogin, Target};
pub use super::inspect::login_shell;
use super::inspect::{last_line, Check, CheckStatus, Sections};

/// Fresh logins at once, as the validator's docker probes make them.
pub const BURST: usize = 6;
/// Fresh logins one after another, as the rest of a full verification makes them.
pub const SEQUENCE: usize = 8;
/// A login slower than this is warned: the rental monitor's 10 s per check include it.
pub const SLOW_HANDSHAKE: Duration = Duration::from_secs(5);
/// The fork's limit on one SSH command of a verification (7aab4b77).
pub const COMMAND_LIMIT: Duration = Duration::from_secs(300);
/// The fork's limit on a miner's whole verification round (7aab4b77).
pub const ROUND_LIMIT: Duration = Duration::from_secs(600);

/// The validator's connection test: stdout must be exactly `connection_test`.
const CONNECTION_TEST: &str = "echo 'connection_test'";

/// The facts-script section of the files that run at login (the login shell is read by
/// [`super::inspect::LOGIN_SHELL_SECTION`], in the facts script too).
pub const PROBE_SECTION: &str = r#"echo "@@login_files"; for f in "$HOME/.ssh/rc" /etc/ssh/sshrc "$HOME/.bashrc" "$HOME/.profile" "$HOME/.bash_profile" "$HOME/.zshenv"; do [ -f "$f" ] && echo "$f"; done; ls -d /etc/profile.d/*.sh 2>/dev/null | head -n 20
"#;

/// The checks of the validator's way in: the connection test in a fresh login (alone: nothing
/// else runs on a node no login reaches), then [`BURST`] fresh logins at once, one of them the
/// nonce, then more one after another until [`SEQUENCE`] have run in turn (the connection
/// test's counts), the login shell, and the firewall.
pub async fn checks(fleet: &Fleet, node: &Target, facts: &Sections<'_>, nonce: &str) -> Vec<Check> {
    let files = facts.get("login_files").map(|(t, _)| t.as_str()).unwrap_or("");
    let first = fleet.fresh_login(node, CONNECTION_TEST).await;
    let mut checks = vec![connection_test(&first, files)];
    let shell = login_shell(facts.get("login_shell").map(|(t, _)| t.as_str()).unwrap_or(""), &node.address.username);
    if matches!(first, FreshLogin::Ran { .. }) {
        let (digest, pattern, handshake) = connection_pattern(fleet, node, nonce, first).await;
        checks.push(nonce_check(&digest, nonce, files));
        checks.push(shell);
        checks.push(pattern);
        checks.extend(handshake);
    } else {
        checks.push(shell);
        checks.push(Check::skip(CheckName::FreshLogins, "no fresh login reached the node"));
    }
    checks.push(firewall::check(facts.get("firewall").map(|(t, _)| t.as_str()).unwrap_or("")));
    checks
}

/// The file to look at for text printed at login, from the files the node has.
fn login_files_named(files: &str) -> String {
    let present: Vec<&str> = files.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let rc: Vec<&str> = present.iter().copied().filter(|f| f.ends_with("/.ssh/rc") || *f == "/etc/ssh/sshrc").collect();
    if !rc.is_empty() {
        return format!("look at {} (sshd runs it at every login)", rc.join(" and "));
    }
    let others: Vec<&str> = present.iter().copied().take(6).collect();
    if others.is_empty() {
        "look at ~/.ssh/rc, ~/.bashrc (a line above its interactive guard) and /etc/profile.d".into()
    } else {
        format!("look at {} (a line above an interactive guard), ~/.ssh/rc and /etc/profile.d", others.join(", "))
    }
}

fn login_failed(name: CheckName, login: &FreshLogin) -> Option<Check> {
    match login {
        FreshLogin::Ran { .. } => None,
        FreshLogin::Refused { detail } => Some(Check::problem(
            name,
            CheckStatus::Fail,
            Code::SshRateLimited,
            format!("a fresh login as the validator makes it was refused: {detail}"),
        )),
        FreshLogin::TimedOut { detail, .. } => Some(Check::problem(
            name,
            CheckStatus::Fail,
            Code::SshTimeout,
            format!("a fresh login as the validator makes it got no answer: {detail}"),
        )),
        FreshLogin::Denied { code, detail } => Some(Check::problem(
            name,
            CheckStatus::Fail,
            *code,
            format!("a fresh login as the validator makes it failed: {detail}"),
        )),
    }
}

fn connection_test(login: &FreshLogin, files: &str) -> Check {
    const NAME: CheckName = CheckName::LoginOutput;
    if let Some(failed) = login_failed(NAME, login) {
        return failed;
    }
    let FreshLogin::Ran { stdout, elapsed, .. } = login else { unreachable!("handled above") };
    if stdout.trim() == "connection_test" {
        return Check::pass(
            NAME,
            format!(
                "a fresh login answered `echo 'connection_test'` with exactly `connection_test` in {:.2} s",
                elapsed.as_secs_f64()
            ),
        );
    }
    let extra = stdout.lines().find(|l| l.trim() != "connection_test" && !l.trim().is_empty()).unwrap_or("");
    Check::problem(
        NAME,
        CheckStatus::Fail,
        Code::LoginOutput,
        format!(
            "a fresh login printed `{}` besides `connection_test`: validators compare stdout exactly, so their connection test, nonce and NAT checks fail; {}",
            extra.chars().take(120).collect::<String>(),
            login_files_named(files)
        ),
    )
}

fn nonce_check(login: &FreshLogin, nonce: &str, files: &str) -> Check {
    const NAME: CheckName = CheckName::LoginNonce;
    if let Some(failed) = login_failed(NAME, login) {
        return failed;
    }
    let FreshLogin::Ran { stdout, .. } = login else { unreachable!("handled above") };
    let expected = {
        use sha2::Digest as _;
        hex::encode(sha2::Sha256::digest(nonce.as_bytes()))
    };
    match stdout.split_whitespace().next() {
        Some(word) if word == expected => {
            Check::pass(NAME, "the first word of a fresh login's `printf NONCE | sha256sum` is the digest")
        }
        _ if stdout.contains(&expected) => Check::problem(
            NAME,
            CheckStatus::Fail,
            Code::LoginOutput,
            format!(
                "the digest is not the first word of stdout (validators read the first word): {}",
                login_files_named(files)
            ),
        ),
        _ => Check::problem(
            NAME,
            CheckStatus::Fail,
            Code::Sha256sumMissing,
            format!("a fresh login's `printf NONCE | sha256sum` printed `{}`", last_line(stdout)),
        ),
    }
}

/// [`BURST`] fresh logins at once (the first prints the nonce's digest), then logins one after
/// another until [`SEQUENCE`] ran in turn, `first` included: the digest's login, refusals, and
/// the login time. A digest login dropped in the burst is made again in turn, as a validator
/// retries a raced probe.
async fn connection_pattern(
    fleet: &Fleet,
    node: &Target,
    nonce: &str,
    first: FreshLogin,
) -> (FreshLogin, Check, Option<Check>) {
    let digest_command = format!("printf '{nonce}' | sha256sum");
    let mut commands = vec![digest_command.as_str()];
    commands.resize(BURST, CONNECTION_TEST);
    let burst = fleet.fresh_logins_at_once(node, &commands).await;
    let mut sequence = Vec::with_capacity(SEQUENCE);
    sequence.push(first);
    let digest = match burst.first() {
        Some(dropped) if dropped.refused() => {
            let again = fleet.fresh_login(node, &digest_command).await;
            sequence.push(again.clone());
            again
        }
        Some(made) => made.clone(),
        None => FreshLogin::Denied { code: Code::SshError, detail: "no fresh login was made".into() },
    };
    while sequence.len() < SEQUENCE {
        sequence.push(fleet.fresh_login(node, CONNECTION_TEST).await);
    }
    (digest, pattern_check(&burst, &sequence), handshake_check(&sequence))
}

/// Refused fresh logins: a warning when some of those at once were dropped (validators' checks
/// race and retry), a failure when logins one after another are refused.
pub fn pattern_check(burst: &[FreshLogin], sequence: &[FreshLogin]) -> Check {
    const NAME: CheckName = CheckName::FreshLogins;
    const CAUSES: &str = "look at MaxStartups in /etc/ssh/sshd_config, a `ufw limit` rule for port 22, an iptables `recent` rule and fail2ban";
    let at_once = burst.iter().filter(|l| l.refused()).count();
    let in_turn = sequence.iter().filter(|l| l.refused()).count();
    let detail = sequence.iter().chain(burst).find_map(|l| match l {
        FreshLogin::Refused { detail } => Some(detail.clone()),
        _ => None,
    });
    if in_turn >= 2 {
        return Check::problem(
            NAME,
            CheckStatus::Fail,
            Code::SshRateLimited,
            format!("{in_turn} of {} fresh logins one after another were refused ({}): the validator's checks, one login each, would fail in turn; {CAUSES}", sequence.len(), detail.unwrap_or_default()),
        );
    }
    if at_once + in_turn > 0 {
        return Check::problem(
            NAME,
            CheckStatus::Warn,
            Code::SshRateLimited,
            format!("{at_once} of {} fresh logins at once and {in_turn} of {} in turn were refused ({}): validators open one login per command, several at once; {CAUSES}", burst.len(), sequence.len(), detail.unwrap_or_default()),
        );
    }
    Check::pass(NAME, format!("{} fresh logins at once and {} in turn all got in", burst.len(), sequence.len()))
}

/// The median time of the fresh logins made one after another.
pub fn handshake_check(sequence: &[FreshLogin]) -> Option<Check> {
    const NAME: CheckName = CheckName::LoginTime;
    let mut times: Vec<Duration> = sequence
        .iter()
        .filter_map(|l| match l {
            FreshLogin::Ran { elapsed, .. } => Some(*elapsed),
            FreshLogin::TimedOut { after, .. } => Some(*after),
            _ => None,
        })
        .collect();
    times.sort();
    let median = *times.get(times.len() / 2)?;
    Some(if median > SLOW_HANDSHAKE {
        Check::problem(
            NAME,
            CheckStatus::Warn,
            Code::SshHandshakeSlow,
            format!("a fresh login takes {:.1} s (median of {}): the validators' rental monitor gives a whole check 10 s including the login", median.as_secs_f64(), times.len()),
        )
    } else {
        Check::pass(NAME, format!("a fresh login takes {:.2} s (median of {})", median.as_secs_f64(), times.len()))
    })
}

/// What a CPU-only host should know about rentals under the fork's rental engine.
pub fn cpu_rentals_check() -> Check {
    Check::problem(
        CheckName::CpuRentals,
        CheckStatus::Warn,
        Code::CpuHostRentals,
        "the subnet fork's rental engine (bigailabs/cathedral 7aab4b77, April 2026) starts every rental with `--gpus all --runtime nvidia`: on a host without GPUs that rental fails, is recorded as a deploy failure and counts as misbehaviour (3 in 24 h ban the node); the host is still offered, since availability is what it earns",
    )
}

/// Steps of a full validation that took longer than the validator allows, as a warning.
pub fn time_check(steps: &[(&'static str, Duration)]) -> Check {
    const NAME: CheckName = CheckName::ValidatorTime;
    let total: Duration = steps.iter().map(|(_, d)| *d).sum();
    let slow: Vec<String> = steps
        .iter()
        .filter(|(_, d)| *d > COMMAND_LIMIT)
        .map(|(name, d)| format!("{name} took {} s", d.as_secs()))
        .collect();
    if !slow.is_empty() {
        return Check::problem(
            NAME,
            CheckStatus::Warn,
            Code::ValidatorTimeLimit,
            format!(
                "{}: the fork's validator stops an SSH command after {} s",
                slow.join(", "),
                COMMAND_LIMIT.as_secs()
            ),
        );
    }
    if total > ROUND_LIMIT {
        return Check::problem(
            NAME,
            CheckStatus::Warn,
            Code::ValidatorTimeLimit,
            format!("the whole validation took {} s: the fork's validator gives a miner's whole verification round {} s, for all its nodes", total.as_secs(), ROUND_LIMIT.as_secs()),
        );
    }
    Check::pass(
        NAME,
        format!(
            "{:.1} s in all (validators allow {} s a command, {} s a round)",
            total.as_secs_f64(),
            COMMAND_LIMIT.as_secs(),
            ROUND_LIMIT.as_secs()
        ),
    )
}

#[cfg(test)]
mod tests;
