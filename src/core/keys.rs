//! Key operations across the fleet: list validator keys, revoke them, and rotate the miner's
//! own node key without ever locking the operator out.

use std::path::{Path, PathBuf};

use serde::Serialize;
use uuid::Uuid;

use crate::core::authorized_keys::{self, PublicKey, Revoke, ValidatorKey};
use crate::core::config::edit::{ConfigDocument, EditError};
use crate::core::config::lock::{ConfigLock, LockError};
use crate::core::fleet::{self, remote_keys, Code, Fleet, FleetSettings, NodeError, Target};
use crate::core::sshkey::{self, SshKeyError};

/// Reads the public half of the miner's node key.
pub fn miner_public_key(private: &Path) -> Result<PublicKey, SshKeyError> {
    let pub_path = sshkey::public_key_path(private);
    let text = std::fs::read_to_string(&pub_path).map_err(|source| SshKeyError::Unreadable { path: pub_path.clone(), source })?;
    PublicKey::parse(&text).map_err(|e| SshKeyError::Unreadable { path: pub_path, source: std::io::Error::other(e.to_string()) })
}

/// The keys on one node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeKeys {
    pub node_id: Uuid,
    pub address: String,
    pub validators: Vec<ValidatorKey>,
    pub miner_key_present: bool,
}

/// Per-node result of a fleet operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerNode<T: Serialize> {
    pub node_id: Uuid,
    pub address: String,
    #[serde(flatten)]
    pub result: Outcome<T>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Outcome<T: Serialize> {
    Ok(T),
    Err { error: NodeError },
}

impl<T: Serialize> PerNode<T> {
    fn new(t: &Target, r: Result<T, NodeError>) -> PerNode<T> {
        PerNode {
            node_id: t.node_id,
            address: t.address.to_string(),
            result: match r {
                Ok(v) => Outcome::Ok(v),
                Err(error) => Outcome::Err { error },
            },
        }
    }

    pub fn ok(&self) -> Option<&T> {
        match &self.result {
            Outcome::Ok(v) => Some(v),
            Outcome::Err { .. } => None,
        }
    }

    pub fn error(&self) -> Option<&NodeError> {
        match &self.result {
            Outcome::Ok(_) => None,
            Outcome::Err { error } => Some(error),
        }
    }
}

/// Validator keys and miner-key presence on every node.
pub async fn inventory(fleet: &Fleet, targets: &[Target], miner: &PublicKey, done: &(dyn Fn(&Target) + Sync)) -> Vec<PerNode<NodeKeys>> {
    let results = fleet::for_each(targets, done, |t| async move {
        let snap = remote_keys::read(fleet, t).await?;
        Ok(NodeKeys {
            node_id: t.node_id,
            address: t.address.to_string(),
            validators: authorized_keys::validator_keys(&snap.content),
            miner_key_present: authorized_keys::contains_key(&snap.content, miner),
        })
    })
    .await;
    targets.iter().zip(results).map(|(t, r)| PerNode::new(t, r)).collect()
}

/// What a revocation removed on one node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revoked {
    pub removed: Vec<ValidatorKey>,
}

/// Removes validator keys on every node; the miner's key and operator lines are untouched.
pub async fn revoke(fleet: &Fleet, targets: &[Target], which: &Revoke<'_>, done: &(dyn Fn(&Target) + Sync)) -> Vec<PerNode<Revoked>> {
    let results = fleet::for_each(targets, done, |t| async move {
        let edited = remote_keys::edit(fleet, t, |c| Ok(authorized_keys::revoke(c, which))).await?;
        let after = authorized_keys::validator_keys(edited.current());
        let removed = authorized_keys::validator_keys(&edited.before).into_iter().filter(|k| !after.contains(k)).collect();
        Ok(Revoked { removed })
    })
    .await;
    targets.iter().zip(results).map(|(t, r)| PerNode::new(t, r)).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum RotateError {
    #[error(transparent)]
    Key(#[from] SshKeyError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error("rotation stopped before switching keys; every node was restored and the old key is still in use. Failed nodes:\n{}", list(.0))]
    RolledBack(Vec<(String, NodeError)>),
    #[error("rotation stopped and rolling back failed on some nodes (the new key may remain there, harmlessly: the old key still works). Failed nodes:\n{}", list(.0))]
    RollbackIncomplete(Vec<(String, NodeError)>),
    #[error("could not switch miner.toml to the new key; the nodes accept both keys and the old one is still configured: {0}")]
    Switch(#[from] EditError),
    #[error("cannot move {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the miner's own key is missing on {0}; restore it there before rotating (nothing was changed)")]
    MinerKeyMissing(String),
}

fn list(v: &[(String, NodeError)]) -> String {
    v.iter().map(|(a, e)| format!("  {a}: {e}\n    fix: {}", e.fix)).collect::<Vec<_>>().join("\n")
}

/// What a rotation did.
#[derive(Debug, Clone, Serialize)]
pub struct Rotation {
    pub new_key_path: PathBuf,
    pub new_fingerprint: String,
    pub old_key_backup: PathBuf,
    pub old_fingerprint: String,
    pub nodes: usize,
    /// Nodes where removing the old key failed (it still works there until removed).
    pub old_key_left_on: Vec<(String, NodeError)>,
}

/// Rotates the miner's node key: new key → added everywhere → login proven everywhere →
/// miner.toml switched → old key removed everywhere → old private key kept as a backup.
/// A failure before the switch removes the new key again and leaves everything as it was.
pub async fn rotate(config_path: &Path, settings: &FleetSettings, targets: &[Target], now_unix: u64) -> Result<Rotation, RotateError> {
    // Held to the end: one rotation at a time, and no other edit of miner.toml meanwhile.
    let _lock = ConfigLock::acquire(config_path, crate::core::config::edit::lock_wait())?;
    let old_path = settings.key_path.clone();
    let old_key = miner_public_key(&old_path)?;
    let new_path = rotated_path(&old_path, now_unix);
    sshkey::generate_ed25519(&new_path, "basilica-miner")?;
    let new_key = miner_public_key(&new_path)?;

    let old_fleet = Fleet::new(settings.clone()).map_err(|source| RotateError::Io { path: settings.known_hosts.clone(), source })?;
    let added = fleet::for_each(targets, &|_| {}, |t| {
        let (old_fleet, old_key, new_key) = (&old_fleet, &old_key, &new_key);
        async move {
            let edited = remote_keys::edit(old_fleet, t, |c| {
                if !authorized_keys::contains_key(c, old_key) {
                    return Err(NodeError::new(Code::MinerKeyMissing, "the current miner key is not in authorized_keys"));
                }
                Ok(authorized_keys::add_line(c, new_key, "basilica-miner"))
            })
            .await?;
            Ok(edited.changed())
        }
    })
    .await;

    let mut failures: Vec<(String, NodeError)> = targets.iter().zip(&added).filter_map(|(t, r)| r.as_ref().err().map(|e| (t.address.to_string(), e.clone()))).collect();
    if failures.is_empty() {
        let mut new_settings = settings.clone();
        new_settings.key_path = new_path.clone();
        let new_fleet = Fleet::new(new_settings).map_err(|source| RotateError::Io { path: settings.known_hosts.clone(), source })?;
        let proofs = fleet::for_each(targets, &|_| {}, |t| {
            let new_fleet = &new_fleet;
            async move {
                let out = new_fleet.exec(t, "echo basilica-miner-login-ok", b"").await?;
                if String::from_utf8_lossy(&out.stdout).trim() == "basilica-miner-login-ok" {
                    Ok(())
                } else {
                    Err(NodeError::new(Code::CommandFailed, "login with the new key gave an unexpected answer"))
                }
            }
        })
        .await;
        new_fleet.close().await;
        failures = targets.iter().zip(&proofs).filter_map(|(t, r)| r.as_ref().err().map(|e| (t.address.to_string(), e.clone()))).collect();
    }

    if !failures.is_empty() {
        let undo = fleet::for_each(targets, &|_| {}, |t| {
            let (old_fleet, new_key) = (&old_fleet, &new_key);
            async move { remote_keys::edit(old_fleet, t, |c| Ok(authorized_keys::remove_key(c, new_key))).await }
        })
        .await;
        old_fleet.close().await;
        let undo_failures: Vec<(String, NodeError)> =
            targets.iter().zip(&undo).filter_map(|(t, r)| r.as_ref().err().map(|e| (t.address.to_string(), e.clone()))).collect();
        let _ = std::fs::remove_file(&new_path);
        let _ = std::fs::remove_file(sshkey::public_key_path(&new_path));
        if let [(addr, e)] = failures.as_slice() {
            if e.code == Code::MinerKeyMissing && undo_failures.is_empty() {
                return Err(RotateError::MinerKeyMissing(addr.clone()));
            }
        }
        return Err(if undo_failures.is_empty() { RotateError::RolledBack(failures) } else { RotateError::RollbackIncomplete(undo_failures) });
    }

    let mut doc = ConfigDocument::open(config_path)?;
    doc.set(&["ssh_session", "miner_node_key_path"], new_path.to_string_lossy().as_ref())?;
    doc.save()?;

    let removed = fleet::for_each(targets, &|_| {}, |t| {
        let (old_fleet, old_key) = (&old_fleet, &old_key);
        async move { remote_keys::edit(old_fleet, t, |c| Ok(authorized_keys::remove_key(c, old_key))).await }
    })
    .await;
    old_fleet.close().await;
    let old_key_left_on = targets.iter().zip(&removed).filter_map(|(t, r)| r.as_ref().err().map(|e| (t.address.to_string(), e.clone()))).collect();

    let backup = backup_path(&old_path, now_unix);
    std::fs::rename(&old_path, &backup).map_err(|source| RotateError::Io { path: old_path.clone(), source })?;
    let _ = std::fs::rename(sshkey::public_key_path(&old_path), sshkey::public_key_path(&backup));
    Ok(Rotation {
        new_key_path: new_path,
        new_fingerprint: new_key.fingerprint(),
        old_key_backup: backup,
        old_fingerprint: old_key.fingerprint(),
        nodes: targets.len(),
        old_key_left_on,
    })
}

/// `<dir>/<name>-<unix time>`, replacing an earlier rotation's suffix.
fn rotated_path(old: &Path, now_unix: u64) -> PathBuf {
    let name = old.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "basilica_miner_ed25519".into());
    let stem = match name.rsplit_once('-') {
        Some((stem, suffix)) if !suffix.is_empty() && suffix.chars().all(|c| c.is_ascii_digit()) => stem.to_string(),
        _ => name,
    };
    old.with_file_name(format!("{stem}-{now_unix}"))
}

fn backup_path(old: &Path, now_unix: u64) -> PathBuf {
    let mut name = old.as_os_str().to_owned();
    name.push(format!(".retired-{now_unix}"));
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotated_names_do_not_grow() {
        assert_eq!(rotated_path(Path::new("/k/basilica_miner_ed25519"), 100), PathBuf::from("/k/basilica_miner_ed25519-100"));
        assert_eq!(rotated_path(Path::new("/k/basilica_miner_ed25519-100"), 200), PathBuf::from("/k/basilica_miner_ed25519-200"));
        assert_eq!(backup_path(Path::new("/k/a"), 5), PathBuf::from("/k/a.retired-5"));
    }
}
