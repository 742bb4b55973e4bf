//! `authorized_keys` handling (docs/protocol.md, section 3): strict public key parsing, validator
//! lines recognised only by an exact `validator-<SS58>` comment, and edits that keep every
//! other line byte for byte. Pure functions; the fleet applies them remotely.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;

use crate::core::identity::ss58;

/// The comment prefix that marks a validator's key.
pub const VALIDATOR_TAG: &str = "validator-";

/// Key algorithms accepted from validators (no DSA; RSA of 2048 bits or more).
pub const ALLOWED_ALGORITHMS: [&str; 5] =
    ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"];

/// Why a public key is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Nothing was given.
    #[error("the public key is empty")]
    Empty,
    /// Longer than any real public key.
    #[error("the public key is {0} bytes long; OpenSSH public keys are well under 16 KiB")]
    TooLong(usize),
    /// It would span lines or hide characters.
    #[error("the public key contains a line break or control character")]
    ControlCharacter,
    /// A key type that is not accepted.
    #[error("key type `{0}` is not accepted; use ssh-ed25519, ssh-rsa (2048+ bits) or ecdsa-sha2-nistp256/384/521")]
    Algorithm(String),
    /// Options or extra fields come before the key type.
    #[error("the key has options or extra fields before its type; send only `<type> <base64> [comment]`")]
    Options,
    /// The base64 part is missing or not base64.
    #[error("the key's base64 data is missing or invalid")]
    Base64,
    /// The data is not a key of the named type.
    #[error("the key data does not decode to a {0} key")]
    Mismatch(String),
    /// An RSA key under 2048 bits.
    #[error("RSA key of {0} bits is too short; 2048 bits or more are required")]
    RsaTooShort(usize),
}

/// A parsed OpenSSH public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// The key type (`ssh-ed25519`, …).
    pub algorithm: String,
    /// The base64 text as given.
    pub base64: String,
    key: ssh_key::PublicKey,
}

impl PublicKey {
    /// Parses `<type> <base64> [comment]` strictly: no options, one line, an accepted type,
    /// and a blob that really is a key of that type.
    pub fn parse(text: &str) -> Result<PublicKey, KeyError> {
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.len() > 16 * 1024 {
            return Err(KeyError::TooLong(text.len()));
        }
        if text.chars().any(|c| c.is_control() && c != ' ' && c != '\t') {
            return Err(KeyError::ControlCharacter);
        }
        let mut fields = text.split_whitespace();
        let algorithm = fields.next().ok_or(KeyError::Empty)?;
        if !ALLOWED_ALGORITHMS.contains(&algorithm) {
            return Err(if algorithm.contains('=') || algorithm.contains('"') || algorithm.contains(',') {
                KeyError::Options
            } else {
                KeyError::Algorithm(algorithm.chars().take(40).collect())
            });
        }
        let b64 = fields.next().ok_or(KeyError::Base64)?;
        let blob = STANDARD.decode(b64).map_err(|_| KeyError::Base64)?;
        let key = check_blob(algorithm, &blob)?;
        Ok(PublicKey { algorithm: algorithm.to_string(), base64: b64.to_string(), key })
    }

    /// `SHA256:<base64>` as `ssh-keygen -lf` prints it.
    pub fn fingerprint(&self) -> String {
        self.key.fingerprint(ssh_key::HashAlg::Sha256).to_string()
    }

    /// The line written for a validator: `<type> <base64> validator-<hotkey>`.
    pub fn validator_line(&self, hotkey: &str) -> String {
        format!("{} {} {VALIDATOR_TAG}{hotkey}", self.algorithm, self.base64)
    }

    /// The line without a comment.
    pub fn bare_line(&self) -> String {
        format!("{} {}", self.algorithm, self.base64)
    }

    fn same_key(&self, algorithm: &str, b64: &str) -> bool {
        self.algorithm == algorithm && self.base64 == b64
    }
}

/// Decodes the blob with the `ssh-key` crate (which checks its structure, algorithm name,
/// curve and that nothing trails it), then applies this miner's stricter rules: RSA of 2048
/// bits or more, ECDSA points uncompressed, and the blob's algorithm equal to the stated one.
fn check_blob(algorithm: &str, blob: &[u8]) -> Result<ssh_key::PublicKey, KeyError> {
    use ssh_key::public::KeyData;
    let mismatch = || KeyError::Mismatch(algorithm.to_string());
    let key = ssh_key::PublicKey::from_bytes(blob).map_err(|_| mismatch())?;
    if key.algorithm().as_str() != algorithm {
        return Err(mismatch());
    }
    match key.key_data() {
        KeyData::Ed25519(_) => {}
        KeyData::Rsa(rsa) => {
            let n = rsa.n.as_positive_bytes().unwrap_or_default();
            let bits = n.first().map_or(0, |b| n.len() * 8 - b.leading_zeros() as usize);
            if bits < 2048 {
                return Err(KeyError::RsaTooShort(bits));
            }
        }
        KeyData::Ecdsa(ec) if ec.as_ref().first() == Some(&4) => {}
        _ => return Err(mismatch()),
    }
    Ok(key)
}

/// A validator key found in an `authorized_keys` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidatorKey {
    /// The validator the line is tagged for (`validator-<hotkey>`).
    pub hotkey: String,
    /// The key type.
    pub algorithm: String,
    /// The key's SHA256 fingerprint.
    pub fingerprint: String,
}

/// The validator hotkey of a line, when the line is exactly `<type> <base64> validator-<SS58>`
/// with a valid SS58 address. Anything else (options, other comments, a bad address) is not
/// a validator line and is never touched.
pub fn validator_of(line: &str) -> Option<(String, PublicKey)> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [alg, b64, comment] = fields.as_slice() else { return None };
    let hotkey = comment.strip_prefix(VALIDATOR_TAG)?;
    ss58::parse(hotkey).ok()?;
    let key = PublicKey::parse(&format!("{alg} {b64}")).ok()?;
    Some((hotkey.to_string(), key))
}

/// Every validator key in `content`.
pub fn validator_keys(content: &str) -> Vec<ValidatorKey> {
    content
        .lines()
        .filter_map(validator_of)
        .map(|(hotkey, key)| ValidatorKey { hotkey, algorithm: key.algorithm.clone(), fingerprint: key.fingerprint() })
        .collect()
}

/// True when some line (with or without options or comment) carries `key`.
pub fn contains_key(content: &str, key: &PublicKey) -> bool {
    content.lines().any(|line| line_has_key(line, key))
}

fn line_has_key(line: &str, key: &PublicKey) -> bool {
    let fields: Vec<&str> = line.split_whitespace().collect();
    fields.windows(2).any(|w| key.same_key(w[0], w[1]))
}

/// Gives exclusive access to one validator: leaves exactly one validator line (`key` tagged
/// with `hotkey`) and every other line as it was. Returns `None` when nothing changes.
pub fn deploy_exclusive(content: &str, key: &PublicKey, hotkey: &str) -> Option<String> {
    deploy_keeping(content, key, hotkey, &[])
}

/// [`deploy_exclusive`], except that the lines of the validators in `keep` (those renting the
/// node: they monitor their rentals with that key) stay as they are.
pub fn deploy_keeping(content: &str, key: &PublicKey, hotkey: &str, keep: &[String]) -> Option<String> {
    let wanted = key.validator_line(hotkey);
    let kept = |h: &str| h != hotkey && keep.iter().any(|k| k == h);
    let ours: Vec<&str> = content.lines().filter(|l| validator_of(l).is_some_and(|(h, _)| !kept(&h))).collect();
    if ours.len() == 1 && ours[0].trim_end() == wanted {
        return None;
    }
    let mut out = keep_lines(content, |line| validator_of(line).is_none_or(|(h, _)| kept(&h)));
    append_line(&mut out, &wanted);
    Some(out)
}

/// Which validator keys to remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revoke<'a> {
    /// The keys of one validator.
    Hotkey(&'a str),
    /// Every validator's key.
    All,
}

/// Removes validator lines; every other line stays byte for byte. `None` when nothing changes.
pub fn revoke(content: &str, which: &Revoke<'_>) -> Option<String> {
    revoke_keeping(content, which, &[])
}

/// [`revoke`], except the lines of the validators in `keep` (renting the node).
pub fn revoke_keeping(content: &str, which: &Revoke<'_>, keep: &[String]) -> Option<String> {
    let out = keep_lines(content, |line| match validator_of(line) {
        Some((h, _)) => keep.contains(&h) || matches!(which, Revoke::Hotkey(target) if *target != h),
        None => true,
    });
    (out != content).then_some(out)
}

/// Appends a plain key line (the miner's own key) unless the key is already there.
pub fn add_line(content: &str, key: &PublicKey, comment: &str) -> Option<String> {
    if contains_key(content, key) {
        return None;
    }
    let mut out = content.to_string();
    append_line(&mut out, &format!("{} {comment}", key.bare_line()));
    Some(out)
}

/// Removes every line carrying `key` (used to retire the miner's old key).
pub fn remove_key(content: &str, key: &PublicKey) -> Option<String> {
    let out = keep_lines(content, |line| !line_has_key(line, key));
    (out != content).then_some(out)
}

fn append_line(out: &mut String, line: &str) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(line);
    out.push('\n');
}

/// Rebuilds `content` from the lines `keep` accepts, copying each kept line with its exact
/// bytes and line ending. Blank lines and comments are always kept.
fn keep_lines(content: &str, mut keep: impl FnMut(&str) -> bool) -> String {
    content
        .split_inclusive('\n')
        .filter(|raw| {
            let line = raw.trim_end_matches(['\n', '\r']);
            line.trim().is_empty() || line.trim_start().starts_with('#') || keep(line)
        })
        .collect()
}

#[cfg(test)]
mod tests;
