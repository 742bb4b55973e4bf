//! The miner-key journal, `<config>.keys.json` beside `miner.toml`: every key a rotation
//! generates is written here (path first, then its public key) before it is put on any node,
//! and the key a rotation replaces is written here before it is removed. Whatever a crash
//! interrupts, the journal names every miner key that may still be authorized somewhere.
//!
//! [`recover`] (run by `keys rotate`, `keys revoke` and `serve` at start, under the config's
//! edit lock) removes every journalled key that is not the key `miner.toml` names from every
//! node where that current key is present — so it can never lock the miner out — and deletes
//! the private files of keys basilica-miner generated. Keys it did not journal (the
//! operator's, another miner's) are never touched.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::identity::sshkey;
use crate::core::nodes::authorized_keys::{self, PublicKey};
use crate::core::nodes::fleet::{self, remote_keys, Code, Fleet, NodeError, Target};
use crate::core::support::fsutil;

/// The comment basilica-miner gives the keys it generates (`init`, `keys rotate`).
pub const GENERATED_COMMENT: &str = "basilica-miner";

/// Why the key journal could not be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The journal could not be read.
    #[error("cannot read the key journal {path}: {source}")]
    Read {
        /// The journal file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The journal is not the JSON this build writes.
    #[error("the key journal {path} is damaged ({message}); move it aside and run the command again (stray keys are then not cleaned up)")]
    Damaged {
        /// The journal file.
        path: PathBuf,
        /// What did not parse.
        message: String,
    },
    /// The journal could not be written.
    #[error("cannot write the key journal {path}: {source}")]
    Write {
        /// The journal file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// One miner key the journal knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The private key file.
    pub path: PathBuf,
    /// The public key line; absent while the key is being generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// basilica-miner generated it, so its private file may be deleted once retired.
    pub generated: bool,
    /// Unix time it was recorded.
    pub recorded_at: i64,
}

impl Entry {
    fn key(&self) -> Option<PublicKey> {
        self.public_key.as_deref().and_then(|l| PublicKey::parse(l).ok())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Document {
    keys: Vec<Entry>,
}

/// The journal of one config file.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    doc: Document,
}

/// `<config>.keys.json`.
pub fn journal_path(config: &Path) -> PathBuf {
    let mut name = config.as_os_str().to_owned();
    name.push(".keys.json");
    PathBuf::from(name)
}

impl Journal {
    /// Reads the journal of `config` (empty when there is none yet).
    pub fn load(config: &Path) -> Result<Journal, JournalError> {
        let path = journal_path(config);
        let doc = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|e| JournalError::Damaged { path: path.clone(), message: e.to_string() })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Document::default(),
            Err(source) => return Err(JournalError::Read { path, source }),
        };
        Ok(Journal { path, doc })
    }

    /// Writes the journal durably (temp file, fsync, rename).
    pub fn save(&self) -> Result<(), JournalError> {
        let text = serde_json::to_string_pretty(&self.doc)
            .map_err(|e| JournalError::Write { path: self.path.clone(), source: std::io::Error::other(e) })?;
        fsutil::write_atomic(&self.path, text.as_bytes(), 0o600)
            .map_err(|source| JournalError::Write { path: self.path.clone(), source })
    }

    /// Every key recorded.
    pub fn entries(&self) -> &[Entry] {
        &self.doc.keys
    }

    /// Records a key about to be generated at `path` (before the file exists).
    pub fn generating(&mut self, path: &Path, now: i64) {
        self.forget(path);
        self.doc.keys.push(Entry { path: path.to_path_buf(), public_key: None, generated: true, recorded_at: now });
    }

    /// Records the public half of the key at `path`, adding the entry when it is new.
    pub fn record(&mut self, path: &Path, key: &PublicKey, generated: bool, now: i64) {
        let line = key.bare_line();
        match self.doc.keys.iter_mut().find(|e| e.path == path) {
            Some(e) => e.public_key = Some(line),
            None => self.doc.keys.push(Entry {
                path: path.to_path_buf(),
                public_key: Some(line),
                generated,
                recorded_at: now,
            }),
        }
    }

    /// Moves an entry to a new file path (a retired private key renamed).
    pub fn moved(&mut self, from: &Path, to: &Path) {
        if let Some(e) = self.doc.keys.iter_mut().find(|e| e.path == from) {
            e.path = to.to_path_buf();
        }
    }

    /// Drops the entry for `path`.
    pub fn forget(&mut self, path: &Path) {
        self.doc.keys.retain(|e| e.path != path);
    }

    /// Journalled keys that are not `current`: left over from interrupted rotations.
    pub fn stale(&self, current: &PublicKey) -> Vec<PublicKey> {
        self.doc.keys.iter().filter_map(Entry::key).filter(|k| k != current).collect()
    }
}

/// Whether the key at `private` was generated by basilica-miner (its `.pub` comment).
pub fn generated_by_us(private: &Path) -> bool {
    std::fs::read_to_string(sshkey::public_key_path(private))
        .is_ok_and(|t| t.split_whitespace().nth(2) == Some(GENERATED_COMMENT))
}

/// Deletes a private key file and its `.pub` (missing files are fine).
pub fn delete_key_files(private: &Path) {
    let _ = std::fs::remove_file(private);
    let _ = std::fs::remove_file(sshkey::public_key_path(private));
}

/// What [`recover`] did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recovery {
    /// Fingerprints of the stale keys that were looked for.
    pub stale_keys: Vec<String>,
    /// Nodes where at least one stale key was removed.
    pub cleaned_nodes: Vec<String>,
    /// Nodes that could not be cleaned (unreachable, or the current key is missing there).
    pub failed: Vec<(String, NodeError)>,
    /// Private key files deleted (generated keys no longer in use anywhere).
    pub deleted_files: Vec<PathBuf>,
}

/// Finishes whatever an interrupted rotation left: removes every journalled key other than
/// `current` from each node where `current` is authorized, and forgets (deleting their private
/// files when basilica-miner generated them) the keys removed from every node. Call it holding
/// the config's edit lock.
pub async fn recover(
    config: &Path,
    fleet: &Fleet,
    targets: &[Target],
    current: &PublicKey,
    current_path: &Path,
) -> Result<Recovery, JournalError> {
    let mut journal = Journal::load(config)?;
    let mut out = Recovery::default();
    // A key whose generation was interrupted never reached a node.
    let unborn: Vec<PathBuf> = journal
        .entries()
        .iter()
        .filter(|e| e.public_key.is_none() && e.path != current_path)
        .map(|e| e.path.clone())
        .collect();
    for path in &unborn {
        delete_key_files(path);
        journal.forget(path);
        out.deleted_files.push(path.clone());
    }
    let stale = journal.stale(current);
    if stale.is_empty() {
        if !unborn.is_empty() {
            journal.save()?;
        }
        return Ok(out);
    }
    out.stale_keys = stale.iter().map(PublicKey::fingerprint).collect();
    let stale_ref = &stale;
    let results = fleet::for_each(targets, &|_| {}, |t| async move {
        let edited = remote_keys::edit(fleet, t, |content| {
            if !authorized_keys::contains_key(content, current) {
                return Err(NodeError::new(
                    Code::MinerKeyMissing,
                    "the current miner key is not in authorized_keys; stale miner keys left in place",
                ));
            }
            let mut text = content.to_string();
            let mut changed = false;
            for k in stale_ref {
                if let Some(t) = authorized_keys::remove_key(&text, k) {
                    text = t;
                    changed = true;
                }
            }
            Ok(changed.then_some(text))
        })
        .await?;
        Ok(edited.changed())
    })
    .await;
    for (t, r) in targets.iter().zip(results) {
        match r {
            Ok(true) => out.cleaned_nodes.push(t.address.to_string()),
            Ok(false) => {}
            Err(e) => out.failed.push((t.address.to_string(), e)),
        }
    }
    if out.failed.is_empty() {
        let retired: Vec<Entry> =
            journal.entries().iter().filter(|e| e.key().is_some_and(|k| &k != current)).cloned().collect();
        for e in retired {
            if e.generated && e.path != current_path {
                delete_key_files(&e.path);
                out.deleted_files.push(e.path.clone());
            }
            journal.forget(&e.path);
        }
    }
    journal.save()?;
    Ok(out)
}

crate::classify_all!(Failure: JournalError);

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_A: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    const KEY_B: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBw9Z5Wr5XK2n9eTqKqA4HNfIcX0s1y1zH8hT1m7Y2b3";

    #[test]
    fn the_journal_round_trips_and_names_stale_keys() {
        let d = tempfile::tempdir().unwrap();
        let config = d.path().join("miner.toml");
        let (a, b) = (PublicKey::parse(KEY_A).unwrap(), PublicKey::parse(KEY_B).unwrap());
        let mut j = Journal::load(&config).unwrap();
        assert!(j.entries().is_empty());
        j.record(&d.path().join("a"), &a, false, 1);
        j.generating(&d.path().join("b"), 2);
        j.save().unwrap();
        let mut j = Journal::load(&config).unwrap();
        assert_eq!(j.entries().len(), 2);
        assert_eq!(j.stale(&b), vec![a.clone()], "an unborn key is not yet a key");
        j.record(&d.path().join("b"), &b, true, 3);
        assert_eq!(j.stale(&b), vec![a]);
        assert!(journal_path(&config).ends_with("miner.toml.keys.json"));
    }

    #[test]
    fn a_damaged_journal_is_named() {
        let d = tempfile::tempdir().unwrap();
        let config = d.path().join("miner.toml");
        std::fs::write(journal_path(&config), "{not json").unwrap();
        let e = Journal::load(&config).unwrap_err().to_string();
        assert!(e.contains("miner.toml.keys.json") && e.contains("damaged"), "{e}");
    }
}
