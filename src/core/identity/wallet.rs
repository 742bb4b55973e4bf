//! Bittensor wallet files (docs/protocol.md, section 5): hotkeys and coldkeys as JSON
//! (`secretPhrase`, else `secretSeed`), raw mnemonics, `coldkeypub.txt`, and NaCl-encrypted
//! (`$NACL`) key files. Keys are sr25519; addresses SS58 with prefix 42.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sp_core::crypto::Pair as _;
use sp_core::sr25519;

use crate::core::identity::ss58;
use crate::core::support::fsutil;

/// Prefix of a password-protected key file.
pub const NACL_PREFIX: &[u8] = b"$NACL";
/// The fixed salt bittensor-wallet uses for its Argon2i key derivation.
const NACL_SALT: [u8; 16] =
    [0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1];

/// Where a wallet's files are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalletPaths {
    /// `<root>/<wallet>`.
    pub wallet_dir: PathBuf,
    /// `<wallet_dir>/hotkeys/<hotkey>`.
    pub hotkey: PathBuf,
    /// `<wallet_dir>/coldkey`.
    pub coldkey: PathBuf,
    /// `<wallet_dir>/coldkeypub.txt`.
    pub coldkeypub: PathBuf,
}

impl WalletPaths {
    /// `<root>/<wallet>/hotkeys/<hotkey>`, `<root>/<wallet>/coldkey`, `<root>/<wallet>/coldkeypub.txt`.
    pub fn new(root: &Path, wallet_name: &str, hotkey_name: &str) -> WalletPaths {
        let wallet_dir = root.join(wallet_name);
        WalletPaths {
            hotkey: wallet_dir.join("hotkeys").join(hotkey_name),
            coldkey: wallet_dir.join("coldkey"),
            coldkeypub: wallet_dir.join("coldkeypub.txt"),
            wallet_dir,
        }
    }
}

/// Why a wallet file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    /// The file is not there.
    #[error("{what} file {path} does not exist; check [bittensor] wallet_name/hotkey_name/wallet_path, or create it with btcli")]
    Missing {
        /// Which file: `hotkey`, `coldkey` or `coldkeypub`.
        what: &'static str,
        /// Where it was looked for.
        path: PathBuf,
    },
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not in a format bittensor-wallet writes.
    #[error("Failed to load {what} from {path}: invalid format ({detail}). Expected bittensor-wallet JSON with secretPhrase or secretSeed, or a 12/24-word mnemonic")]
    Format {
        /// Which file.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// What did not parse.
        detail: String,
    },
    /// The file's secret derives another key than the one it states.
    #[error("{path}: the key derived from the file is {derived} but the file says {stated}; the file is corrupt or was edited")]
    Mismatch {
        /// The file.
        path: PathBuf,
        /// The SS58 address derived from the secret.
        derived: String,
        /// The SS58 address the file states.
        stated: String,
    },
    /// The file is encrypted and no password was given.
    #[error("{path} is password-protected; give the password on a terminal or in BASILICA_MINER_WALLET_PASSWORD")]
    NeedsPassword {
        /// The file.
        path: PathBuf,
    },
    /// The password does not decrypt the file.
    #[error("wrong password for {path} (or the file is damaged)")]
    WrongPassword {
        /// The file.
        path: PathBuf,
    },
}

/// A loaded sr25519 key.
#[derive(Clone)]
pub struct Keypair {
    /// The key pair (holds the secret).
    pub pair: sr25519::Pair,
    /// Its public key as an SS58 address.
    pub ss58: String,
}

impl std::fmt::Debug for Keypair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keypair").field("ss58", &self.ss58).finish_non_exhaustive()
    }
}

impl Keypair {
    fn from_pair(pair: sr25519::Pair) -> Keypair {
        let ss58 = ss58::encode(&pair.public().0);
        Keypair { pair, ss58 }
    }

    /// From a BIP39 mnemonic (empty password), as bittensor-wallet derives it.
    pub fn from_phrase(phrase: &str) -> Result<Keypair, String> {
        sr25519::Pair::from_phrase(phrase.trim(), None)
            .map(|(p, _)| Keypair::from_pair(p))
            .map_err(|e| format!("{e:?}"))
    }

    /// From a 32-byte mini secret (`0x…` hex).
    pub fn from_seed_hex(seed: &str) -> Result<Keypair, String> {
        let bytes = hex::decode(seed.trim().trim_start_matches("0x")).map_err(|e| e.to_string())?;
        sr25519::Pair::from_seed_slice(&bytes).map(Keypair::from_pair).map_err(|e| format!("{e:?}"))
    }

    /// From a substrate URI such as `//Alice` (tests and local chains).
    pub fn from_uri(uri: &str) -> Result<Keypair, String> {
        sr25519::Pair::from_string(uri, None).map(Keypair::from_pair).map_err(|e| format!("{e:?}"))
    }

    /// The 32-byte public key.
    pub fn public(&self) -> [u8; 32] {
        self.pair.public().0
    }
}

/// Facts about a key file without its secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyFileInfo {
    /// The file looked at.
    pub path: PathBuf,
    /// Whether it exists as a file.
    pub exists: bool,
    /// Whether it is encrypted (needs a password).
    pub encrypted: bool,
    /// Permission bits, e.g. "0600".
    pub mode: Option<String>,
    /// Whether anyone but its owner has any permission on it.
    pub mode_too_open: bool,
}

/// What can be said of a key file without reading its secret.
pub fn inspect_file(path: &Path) -> KeyFileInfo {
    let exists = path.is_file();
    let encrypted = exists && std::fs::read(path).map(|d| d.starts_with(NACL_PREFIX)).unwrap_or(false);
    let mode = fsutil::mode_of(path).ok();
    KeyFileInfo {
        path: path.to_path_buf(),
        exists,
        encrypted,
        mode: mode.map(|m| format!("{m:04o}")),
        mode_too_open: mode.is_some_and(fsutil::wider_than_owner_only),
    }
}

/// Loads an sr25519 key file. `password` is asked only for a `$NACL` file.
pub fn load_keypair(
    path: &Path,
    what: &'static str,
    password: &mut dyn FnMut() -> Option<String>,
) -> Result<Keypair, WalletError> {
    let data = read(path, what)?;
    let plain = if data.starts_with(NACL_PREFIX) {
        let pw = password().ok_or_else(|| WalletError::NeedsPassword { path: path.to_path_buf() })?;
        decrypt(&data, &pw).ok_or_else(|| WalletError::WrongPassword { path: path.to_path_buf() })?
    } else {
        data
    };
    let text = String::from_utf8(plain).map_err(|_| WalletError::Format {
        what,
        path: path.to_path_buf(),
        detail: "not UTF-8 text".into(),
    })?;
    parse_key(&text, path, what)
}

fn read(path: &Path, what: &'static str) -> Result<Vec<u8>, WalletError> {
    std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => WalletError::Missing { what, path: path.to_path_buf() },
        _ => WalletError::Unreadable { path: path.to_path_buf(), source },
    })
}

fn parse_key(text: &str, path: &Path, what: &'static str) -> Result<Keypair, WalletError> {
    let format = |detail: String| WalletError::Format { what, path: path.to_path_buf(), detail };
    let trimmed = text.trim();
    if !trimmed.starts_with('{') {
        return Keypair::from_phrase(trimmed).map_err(|e| format(format!("not JSON, and not a valid mnemonic: {e}")));
    }
    let json: serde_json::Value = serde_json::from_str(trimmed).map_err(|e| format(format!("corrupt JSON: {e}")))?;
    let key = if let Some(phrase) = json.get("secretPhrase").and_then(|v| v.as_str()).filter(|s| !s.is_empty()) {
        Keypair::from_phrase(phrase).map_err(|e| format(format!("secretPhrase is not a valid mnemonic: {e}")))?
    } else if let Some(seed) = json.get("secretSeed").and_then(|v| v.as_str()).filter(|s| !s.is_empty()) {
        Keypair::from_seed_hex(seed).map_err(|e| format(format!("secretSeed is not a 32-byte hex seed: {e}")))?
    } else {
        return Err(format("neither secretPhrase nor secretSeed is present".into()));
    };
    check_stated(&json, &key.public(), path)?;
    Ok(key)
}

/// Compares a derived public key with `publicKey`/`accountId`/`ss58Address` in the file.
fn check_stated(json: &serde_json::Value, public: &[u8; 32], path: &Path) -> Result<(), WalletError> {
    let derived = ss58::encode(public);
    for field in ["publicKey", "accountId"] {
        if let Some(hexkey) = json.get(field).and_then(|v| v.as_str()) {
            let stated = hex::decode(hexkey.trim_start_matches("0x")).unwrap_or_default();
            if stated.as_slice() != public {
                let stated = <[u8; 32]>::try_from(stated.as_slice())
                    .map(|b| ss58::encode(&b))
                    .unwrap_or_else(|_| hexkey.to_string());
                return Err(WalletError::Mismatch { path: path.to_path_buf(), derived, stated });
            }
        }
    }
    if let Some(stated) = json.get("ss58Address").and_then(|v| v.as_str()) {
        if stated != derived {
            return Err(WalletError::Mismatch { path: path.to_path_buf(), derived, stated: stated.to_string() });
        }
    }
    Ok(())
}

/// The SS58 address in `coldkeypub.txt` (JSON with ss58Address/publicKey, or a bare address).
pub fn read_public(path: &Path, what: &'static str) -> Result<String, WalletError> {
    let data = read(path, what)?;
    let text = String::from_utf8_lossy(&data);
    let format = |detail: String| WalletError::Format { what, path: path.to_path_buf(), detail };
    let trimmed = text.trim();
    if !trimmed.starts_with('{') {
        return ss58::parse(trimmed).map(|_| trimmed.to_string()).map_err(|e| format(e.to_string()));
    }
    let json: serde_json::Value = serde_json::from_str(trimmed).map_err(|e| format(format!("corrupt JSON: {e}")))?;
    if let Some(addr) = json.get("ss58Address").and_then(|v| v.as_str()) {
        let account = ss58::parse(addr).map_err(|e| format(e.to_string()))?;
        let public: [u8; 32] = *account.as_ref();
        check_stated(&json, &public, path)?;
        return Ok(addr.to_string());
    }
    let hexkey =
        json.get("publicKey").and_then(|v| v.as_str()).ok_or_else(|| format("no ss58Address or publicKey".into()))?;
    let bytes = hex::decode(hexkey.trim_start_matches("0x")).map_err(|e| format(e.to_string()))?;
    let public = <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| format("publicKey is not 32 bytes".into()))?;
    Ok(ss58::encode(&public))
}

/// Decrypts a `$NACL` file: Argon2i (libsodium's SENSITIVE limits) over the fixed salt, then
/// an XSalsa20-Poly1305 secretbox of `nonce(24) || ciphertext`. `None` on a wrong password.
pub fn decrypt(data: &[u8], password: &str) -> Option<Vec<u8>> {
    use crypto_secretbox::aead::{Aead, KeyInit};
    use crypto_secretbox::{Nonce, XSalsa20Poly1305};
    let body = data.strip_prefix(NACL_PREFIX)?;
    if body.len() < 24 {
        return None;
    }
    let (nonce, cipher) = body.split_at(24);
    let nonce: [u8; 24] = nonce.try_into().ok()?;
    let key = derive_key(password)?;
    XSalsa20Poly1305::new(&key.into()).decrypt(&Nonce::from(nonce), cipher).ok()
}

fn derive_key(password: &str) -> Option<[u8; 32]> {
    // crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE = 8, MEMLIMIT_SENSITIVE = 512 MiB.
    let params = argon2::Params::new(512 * 1024, 8, 1, Some(32)).ok()?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2i, argon2::Version::V0x13, params);
    let mut key = [0u8; 32];
    argon.hash_password_into(password.as_bytes(), &NACL_SALT, &mut key).ok()?;
    Some(key)
}

crate::classify_all!(Credentials: WalletError);

#[cfg(test)]
mod tests {
    use super::*;

    const PHRASE: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

    #[test]
    fn dev_phrase_gives_alices_address() {
        // The substrate dev phrase derives //Alice only with the path; bare, it is a known key.
        let alice = Keypair::from_uri("//Alice").unwrap();
        assert_eq!(alice.ss58, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
        let bare = Keypair::from_phrase(PHRASE).unwrap();
        assert_eq!(bare.ss58, "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV");
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn loads_json_phrase_seed_and_raw_mnemonic() {
        let d = tempfile::tempdir().unwrap();
        let k = Keypair::from_phrase(PHRASE).unwrap();
        let pk = format!("0x{}", hex::encode(k.public()));
        let json = write(
            d.path(),
            "a",
            &format!(r#"{{"secretPhrase":"{PHRASE}","publicKey":"{pk}","ss58Address":"{}"}}"#, k.ss58),
        );
        assert_eq!(load_keypair(&json, "hotkey", &mut || None).unwrap().ss58, k.ss58);
        let raw = write(d.path(), "b", &format!("{PHRASE}\n"));
        assert_eq!(load_keypair(&raw, "hotkey", &mut || None).unwrap().ss58, k.ss58);
        let seed = Keypair::from_seed_hex(&format!("0x{}", "11".repeat(32))).unwrap();
        let seeded = write(d.path(), "c", &format!(r#"{{"secretSeed":"0x{}"}}"#, "11".repeat(32)));
        assert_eq!(load_keypair(&seeded, "hotkey", &mut || None).unwrap().ss58, seed.ss58);
    }

    #[test]
    fn bad_files_are_named_errors() {
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("nope");
        assert!(matches!(load_keypair(&missing, "hotkey", &mut || None), Err(WalletError::Missing { .. })));
        let corrupt = write(d.path(), "c", "{\"secretPhrase\": ");
        let e = load_keypair(&corrupt, "hotkey", &mut || None).unwrap_err();
        assert!(e.to_string().starts_with("Failed to load hotkey from"), "{e}");
        assert!(e.to_string().contains("corrupt JSON"));
        let bad_checksum = write(d.path(), "m", "bottom drive obey lake curtain smoke basket hold race lonely fit fit");
        assert!(load_keypair(&bad_checksum, "hotkey", &mut || None)
            .unwrap_err()
            .to_string()
            .contains("not a valid mnemonic"));
        let other = Keypair::from_uri("//Bob").unwrap();
        let mismatch =
            write(d.path(), "x", &format!(r#"{{"secretPhrase":"{PHRASE}","ss58Address":"{}"}}"#, other.ss58));
        assert!(matches!(load_keypair(&mismatch, "hotkey", &mut || None), Err(WalletError::Mismatch { .. })));
        let enc = write(d.path(), "e", "$NACLxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        assert!(matches!(load_keypair(&enc, "coldkey", &mut || None), Err(WalletError::NeedsPassword { .. })));
    }
}
