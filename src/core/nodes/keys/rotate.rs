//! `keys rotate`: a new miner key, proven on every node before `miner.toml` switches to it,
//! every step journalled ([`super::journal`]) so a crash at any point is finished or undone
//! by the next run instead of leaving working keys behind.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::journal::{self, Journal, JournalError, Recovery};
use super::miner_public_key;
use crate::core::config::edit::{lock_wait, ConfigDocument, EditError};
use crate::core::config::lock::{ConfigLock, LockError};
use crate::core::config::{self, ConfigError};
use crate::core::identity::sshkey::{self, SshKeyError};
use crate::core::nodes::authorized_keys::{self, PublicKey};
use crate::core::nodes::fleet::{self, remote_keys, Code, Fleet, FleetSettings, NodeError, Target};

/// Why a key rotation stopped, and in which state it left the nodes.
#[derive(Debug, thiserror::Error)]
pub enum RotateError {
    /// The new key could not be made or read.
    #[error(transparent)]
    Key(#[from] SshKeyError),
    /// The edit lock could not be taken.
    #[error(transparent)]
    Lock(#[from] LockError),
    /// The configuration could not be loaded.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The key journal could not be read or written.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// Adding the new key failed on some nodes; every node was put back as it was.
    #[error("rotation stopped before switching keys; every node was restored and the old key is still in use. Failed nodes:\n{}", list(.0))]
    RolledBack(Vec<(String, NodeError)>),
    /// Adding failed and putting back failed too on some nodes.
    #[error("rotation stopped and rolling back failed on some nodes (the new key may remain there; the old key still works, and the next `keys rotate` removes it). Failed nodes:\n{}", list(.0))]
    RollbackIncomplete(Vec<(String, NodeError)>),
    /// `miner.toml` could not be switched to the new key.
    #[error("could not switch miner.toml to the new key; the nodes accept both keys and the old one is still configured: {0}")]
    Switch(#[from] EditError),
    /// A key file could not be moved.
    #[error("cannot move {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The miner's current key is missing on a node, so the rotation did not start.
    #[error("the miner's own key is missing on {0}; restore it there before rotating (nothing was changed)")]
    MinerKeyMissing(String),
}

fn list(v: &[(String, NodeError)]) -> String {
    v.iter().map(|(a, e)| format!("  {a}: {e}\n    fix: {}", e.fix)).collect::<Vec<_>>().join("\n")
}

/// What a rotation did.
#[derive(Debug, Clone, Serialize)]
pub struct Rotation {
    /// The new private key, now in `miner.toml`.
    pub new_key_path: PathBuf,
    /// The new key's SHA256 fingerprint.
    pub new_fingerprint: String,
    /// Where the old private key is kept: only while the old key is still authorized on some
    /// node, or when basilica-miner did not generate it (then it is the operator's to delete).
    pub old_key_backup: Option<PathBuf>,
    /// The old key's SHA256 fingerprint.
    pub old_fingerprint: String,
    /// Nodes that now accept the new key.
    pub nodes: usize,
    /// Nodes where removing the old key failed (it still works there until removed).
    pub old_key_left_on: Vec<(String, NodeError)>,
    /// What was finished from an earlier, interrupted rotation.
    pub recovered: Recovery,
}

fn failures<T>(targets: &[Target], results: &[Result<T, NodeError>]) -> Vec<(String, NodeError)> {
    targets
        .iter()
        .zip(results)
        .filter_map(|(t, r)| r.as_ref().err().map(|e| (t.address.to_string(), e.clone())))
        .collect()
}

/// Rotates the miner's node key: finish any interrupted rotation → new key journalled and
/// generated → added everywhere → login proven everywhere → miner.toml switched → old key
/// removed everywhere → old private key deleted (if basilica-miner made it). A failure before
/// the switch removes the new key again and leaves everything as it was.
pub async fn rotate(
    config_path: &Path,
    settings: &FleetSettings,
    targets: &[Target],
    now_unix: u64,
) -> Result<Rotation, RotateError> {
    // Held to the end: one rotation at a time, and no other edit of miner.toml meanwhile.
    let _lock = ConfigLock::acquire(config_path, lock_wait())?;
    // Re-read inside the lock: an earlier rotation may have switched the key since.
    let loaded = config::load(config_path, std::env::vars())?;
    let old_path = loaded.resolve_path(&loaded.config.ssh_session.miner_node_key_path);
    let old_key = miner_public_key(&old_path)?;
    let mut settings = settings.clone();
    settings.key_path = old_path.clone();
    let now = i64::try_from(now_unix).unwrap_or(i64::MAX);

    let old_fleet = Fleet::new(settings.clone())
        .map_err(|source| RotateError::Io { path: settings.known_hosts.clone(), source })?;
    let recovered = journal::recover(config_path, &old_fleet, targets, &old_key, &old_path).await?;

    let mut journal = Journal::load(config_path)?;
    journal.record(&old_path, &old_key, journal::generated_by_us(&old_path), now);
    let new_path = rotated_path(&old_path, now_unix);
    journal.generating(&new_path, now);
    journal.save()?;
    sshkey::generate_ed25519(&new_path, journal::GENERATED_COMMENT)?;
    let new_key = miner_public_key(&new_path)?;
    journal.record(&new_path, &new_key, true, now);
    journal.save()?;

    let added = add_new_key(&old_fleet, targets, &old_key, &new_key).await;

    let mut failed = failures(targets, &added);
    if failed.is_empty() {
        let mut new_settings = settings.clone();
        new_settings.key_path = new_path.clone();
        let proofs = prove_logins(new_settings, targets)
            .await
            .map_err(|source| RotateError::Io { path: settings.known_hosts.clone(), source })?;
        failed = failures(targets, &proofs);
    }

    if !failed.is_empty() {
        let undo = fleet::for_each(targets, &|_| {}, |t| {
            let (old_fleet, new_key) = (&old_fleet, &new_key);
            async move { remote_keys::edit(old_fleet, t, |c| Ok(authorized_keys::remove_key(c, new_key))).await }
        })
        .await;
        old_fleet.close().await;
        let undo_failed = failures(targets, &undo);
        if undo_failed.is_empty() {
            // Nowhere any more: forget it. Otherwise it stays journalled for the next run.
            journal::delete_key_files(&new_path);
            journal.forget(&new_path);
            journal.save()?;
        }
        if let [(addr, e)] = failed.as_slice() {
            if e.code == Code::MinerKeyMissing && undo_failed.is_empty() {
                return Err(RotateError::MinerKeyMissing(addr.clone()));
            }
        }
        return Err(if undo_failed.is_empty() {
            RotateError::RolledBack(failed)
        } else {
            RotateError::RollbackIncomplete(undo_failed)
        });
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
    let old_key_left_on = failures(targets, &removed);
    let old_generated = journal::generated_by_us(&old_path);
    let old_key_backup = if old_key_left_on.is_empty() && old_generated {
        journal::delete_key_files(&old_path);
        journal.forget(&old_path);
        None
    } else {
        let backup = backup_path(&old_path, now_unix);
        std::fs::rename(&old_path, &backup).map_err(|source| RotateError::Io { path: old_path.clone(), source })?;
        let _ = std::fs::rename(sshkey::public_key_path(&old_path), sshkey::public_key_path(&backup));
        if old_key_left_on.is_empty() {
            journal.forget(&old_path);
        } else {
            journal.moved(&old_path, &backup);
        }
        Some(backup)
    };
    journal.save()?;
    Ok(Rotation {
        new_key_path: new_path,
        new_fingerprint: new_key.fingerprint(),
        old_key_backup,
        old_fingerprint: old_key.fingerprint(),
        nodes: targets.len(),
        old_key_left_on,
        recovered,
    })
}

/// Adds the new key beside the old one on every node (a node without the old key is refused:
/// it would be locked out). Each result says whether the file changed.
async fn add_new_key(
    old_fleet: &Fleet,
    targets: &[Target],
    old_key: &PublicKey,
    new_key: &PublicKey,
) -> Vec<Result<bool, NodeError>> {
    fleet::for_each(targets, &|_| {}, |t| {
        let (old_fleet, old_key, new_key) = (&old_fleet, &old_key, &new_key);
        async move {
            let edited = remote_keys::edit(old_fleet, t, |c| {
                if !authorized_keys::contains_key(c, old_key) {
                    return Err(NodeError::new(
                        Code::MinerKeyMissing,
                        "the current miner key is not in authorized_keys",
                    ));
                }
                Ok(authorized_keys::add_line(c, new_key, journal::GENERATED_COMMENT))
            })
            .await?;
            Ok(edited.changed())
        }
    })
    .await
}

/// Logs in to every node with the new key (in `settings`), as the next connection will.
async fn prove_logins(settings: FleetSettings, targets: &[Target]) -> std::io::Result<Vec<Result<(), NodeError>>> {
    let new_fleet = Fleet::new(settings)?;
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
    Ok(proofs)
}

/// Finishes an interrupted rotation (see [`journal::recover`]) under the config's edit lock,
/// logging in with the key `miner.toml` names now. `keys revoke` and `serve` run it first.
pub async fn finish_interrupted(
    config_path: &Path,
    settings: &FleetSettings,
    targets: &[Target],
) -> Result<Recovery, RotateError> {
    if !journal::journal_path(config_path).exists() {
        return Ok(Recovery::default());
    }
    let _lock = ConfigLock::acquire(config_path, lock_wait())?;
    let loaded = config::load(config_path, std::env::vars())?;
    let key_path = loaded.resolve_path(&loaded.config.ssh_session.miner_node_key_path);
    let key = miner_public_key(&key_path)?;
    let mut settings = settings.clone();
    settings.key_path = key_path.clone();
    let fleet = Fleet::new(settings).map_err(|source| RotateError::Io { path: key_path.clone(), source })?;
    let r = journal::recover(config_path, &fleet, targets, &key, &key_path).await;
    fleet.close().await;
    Ok(r?)
}

/// `<dir>/<name>-<unix time>`, replacing an earlier rotation's suffix.
fn rotated_path(old: &Path, now_unix: u64) -> PathBuf {
    let name =
        old.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "basilica_miner_ed25519".into());
    let stem = match name.rsplit_once('-') {
        Some((stem, suffix)) if !suffix.is_empty() && suffix.chars().all(|c| c.is_ascii_digit()) => stem.to_string(),
        _ => name,
    };
    let mut candidate = old.with_file_name(format!("{stem}-{now_unix}"));
    // Two rotations within one second (or a leftover file) must not share a name.
    let mut n = 1;
    while candidate.exists() || candidate == old {
        candidate = old.with_file_name(format!("{stem}-{now_unix}{n:02}"));
        n += 1;
    }
    candidate
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
        assert_eq!(
            rotated_path(Path::new("/k/basilica_miner_ed25519"), 100),
            PathBuf::from("/k/basilica_miner_ed25519-100")
        );
        assert_eq!(
            rotated_path(Path::new("/k/basilica_miner_ed25519-100"), 200),
            PathBuf::from("/k/basilica_miner_ed25519-200")
        );
        assert_eq!(backup_path(Path::new("/k/a"), 5), PathBuf::from("/k/a.retired-5"));
    }

    #[test]
    fn a_second_rotation_in_the_same_second_gets_its_own_name() {
        let d = tempfile::tempdir().unwrap();
        let old = d.path().join("k-100");
        assert_eq!(rotated_path(&old, 100), d.path().join("k-10001"));
        std::fs::write(d.path().join("k-200"), "").unwrap();
        assert_eq!(rotated_path(&old, 200), d.path().join("k-20001"));
    }
}
