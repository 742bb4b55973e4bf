//! Warnings about `init` answers that are valid but probably not what the operator wants on
//! this machine: an external IP validators on the internet cannot reach, and a wallet or
//! hotkey that is not where btcli keeps them. Warnings only: the file may be meant for
//! another machine.

use std::net::IpAddr;
use std::path::Path;

use serde::Serialize;

/// A wallet as btcli lays it out: `<wallet_path>/<name>/hotkeys/<hotkey>` (beside each
/// hotkey, newer btcli versions keep `<hotkey>pub.txt`, which is not a hotkey).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalletOnDisk {
    /// The wallet's directory name.
    pub name: String,
    /// Its hotkeys' names.
    pub hotkeys: Vec<String>,
}

/// The wallets under `root`, sorted; folders without a coldkey or hotkeys still count (btcli
/// creates them in steps).
pub fn existing_wallets(root: &Path) -> Vec<WalletOnDisk> {
    let Ok(entries) = std::fs::read_dir(root) else { return Vec::new() };
    let mut wallets: Vec<WalletOnDisk> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let looks_like_wallet = ["coldkey", "coldkeypub.txt", "hotkeys"].iter().any(|f| e.path().join(f).exists());
            if !looks_like_wallet {
                return None;
            }
            let mut hotkeys: Vec<String> = std::fs::read_dir(e.path().join("hotkeys"))
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .filter(|h| h.path().is_file())
                        .filter_map(|h| h.file_name().into_string().ok())
                        .filter(|n| !n.ends_with("pub.txt"))
                        .collect()
                })
                .unwrap_or_default();
            hotkeys.sort();
            Some(WalletOnDisk { name, hotkeys })
        })
        .collect();
    wallets.sort_by(|a, b| a.name.cmp(&b.name));
    wallets
}

/// Why validators on the internet cannot reach `ip`, if they cannot.
pub fn unreachable_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            if v4.is_loopback() {
                Some("a loopback address")
            } else if v4.is_private() {
                Some("a private (RFC 1918) address")
            } else if v4.is_link_local() {
                Some("a link-local address")
            } else if o[0] == 100 && (64..128).contains(&o[1]) {
                Some("a carrier-grade NAT (100.64.0.0/10) address")
            } else if v4.is_unspecified() {
                Some("the unspecified address")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if v6.is_loopback() {
                Some("a loopback address")
            } else if first & 0xfe00 == 0xfc00 {
                Some("a unique local (fc00::/7) address")
            } else if first & 0xffc0 == 0xfe80 {
                Some("a link-local address")
            } else if v6.is_unspecified() {
                Some("the unspecified address")
            } else {
                v6.to_ipv4_mapped().and_then(|v4| unreachable_reason(IpAddr::V4(v4)))
            }
        }
    }
}

/// A wallet or hotkey `serve` will not find, with the `btcli` command that creates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingKey {
    /// `wallet_name` or `hotkey_name`: the key of `[bittensor]` to fix.
    pub key: &'static str,
    /// What is missing.
    pub message: String,
    /// The btcli command that creates it.
    pub fix: String,
}

/// Whether `<wallet_root>/<wallet_name>/hotkeys/<hotkey_name>` exists, and if not what to do.
pub fn missing_key(wallet_root: &Path, wallet_name: &str, hotkey_name: &str) -> Option<MissingKey> {
    let hotkey = wallet_root.join(wallet_name).join("hotkeys").join(hotkey_name);
    if hotkey.is_file() {
        return None;
    }
    let wallets = existing_wallets(wallet_root);
    let new_hotkey = format!("`btcli wallet new_hotkey --wallet.name {wallet_name} --wallet.hotkey {hotkey_name}`");
    Some(match wallets.iter().find(|w| w.name == wallet_name) {
        None => MissingKey {
            key: "wallet_name",
            message: format!("wallet `{wallet_name}` does not exist under {}", wallet_root.display()),
            fix: format!(
                "create it with `btcli wallet new_coldkey --wallet.name {wallet_name}` and {new_hotkey}{}",
                if wallets.is_empty() {
                    ", or set [bittensor] wallet_path to where your wallets are".to_string()
                } else {
                    format!(
                        ", or name one that exists: {}",
                        wallets.iter().map(|w| w.name.as_str()).collect::<Vec<_>>().join(", ")
                    )
                }
            ),
        },
        Some(w) => MissingKey {
            key: "hotkey_name",
            message: format!("hotkey `{hotkey_name}` of wallet `{wallet_name}` does not exist ({})", hotkey.display()),
            fix: format!(
                "create it with {new_hotkey}{}",
                if w.hotkeys.is_empty() {
                    String::new()
                } else {
                    format!(", or name one that exists: {}", w.hotkeys.join(", "))
                }
            ),
        },
    })
}

/// Warnings for the external IP and the wallet and hotkey names under `wallet_root`.
pub fn warnings(external_ip: &str, wallet_root: &Path, wallet_name: &str, hotkey_name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(ip) = external_ip.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
        if let Some(why) = unreachable_reason(ip) {
            out.push(format!("external_ip {ip} is {why}: validators on the internet cannot reach {ip}; give the public IP of this machine (or of its NAT)"));
        }
    }
    let wallets = existing_wallets(wallet_root);
    let names = |w: &[WalletOnDisk]| {
        w.iter()
            .map(|w| {
                if w.hotkeys.is_empty() {
                    w.name.clone()
                } else {
                    format!("{} (hotkeys: {})", w.name, w.hotkeys.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    match wallets.iter().find(|w| w.name == wallet_name) {
        None if wallets.is_empty() => out.push(format!("no wallets under {}: create one with `btcli wallet new_coldkey --wallet.name {wallet_name}`, or set --wallet-path", wallet_root.display())),
        None => out.push(format!("wallet `{wallet_name}` is not under {}; wallets there: {}", wallet_root.display(), names(&wallets))),
        Some(w) if !w.hotkeys.iter().any(|h| h == hotkey_name) => out.push(format!(
            "hotkey `{hotkey_name}` is not in wallet `{wallet_name}` ({}); {}",
            wallet_root.join(wallet_name).join("hotkeys").display(),
            if w.hotkeys.is_empty() { format!("create it with `btcli wallet new_hotkey --wallet.name {wallet_name} --wallet.hotkey {hotkey_name}`") } else { format!("hotkeys there: {}", w.hotkeys.join(", ")) }
        )),
        Some(_) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_the_internet_cannot_reach_are_named() {
        for (ip, why) in [
            ("10.0.0.5", "private"),
            ("192.168.1.2", "private"),
            ("127.0.0.1", "loopback"),
            ("169.254.3.4", "link-local"),
            ("100.70.1.1", "carrier-grade"),
            ("fd00::1", "unique local"),
            ("fe80::1", "link-local"),
            ("::1", "loopback"),
            ("::ffff:10.1.2.3", "private"),
        ] {
            assert!(unreachable_reason(ip.parse().unwrap()).is_some_and(|r| r.contains(why)), "{ip}");
        }
        for ip in ["203.0.113.7", "8.8.8.8", "2001:db8::1", "100.128.0.1"] {
            assert_eq!(unreachable_reason(ip.parse().unwrap()), None, "{ip}");
        }
    }

    #[test]
    fn wallets_are_listed_as_btcli_lays_them_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("miner/hotkeys")).unwrap();
        std::fs::write(dir.path().join("miner/hotkeys/default"), "{}").unwrap();
        std::fs::write(dir.path().join("miner/hotkeys/second"), "{}").unwrap();
        std::fs::create_dir_all(dir.path().join("cold")).unwrap();
        std::fs::write(dir.path().join("cold/coldkeypub.txt"), "{}").unwrap();
        std::fs::create_dir_all(dir.path().join("not-a-wallet")).unwrap();
        let w = existing_wallets(dir.path());
        assert_eq!(
            w,
            vec![
                WalletOnDisk { name: "cold".into(), hotkeys: vec![] },
                WalletOnDisk { name: "miner".into(), hotkeys: vec!["default".into(), "second".into()] }
            ]
        );
        assert!(warnings("203.0.113.7", dir.path(), "miner", "default").is_empty());
        let w = warnings("10.0.0.5", dir.path(), "mine", "default");
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].contains("cannot reach 10.0.0.5")
                && w[1].contains("wallets there: cold; miner (hotkeys: default, second)"),
            "{w:?}"
        );
        assert!(warnings("203.0.113.7", dir.path(), "miner", "hot")[0].contains("hotkeys there: default, second"));
    }
}
