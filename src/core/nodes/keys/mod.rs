//! Key operations across the fleet: list validator keys, revoke them, and rotate the miner's
//! own node key without ever locking the operator out ([`rotate`]), crash-consistently
//! ([`journal`]).

pub mod journal;
mod rotate;

pub use rotate::{finish_interrupted, rotate, RotateError, Rotation};

use std::path::Path;

use serde::Serialize;
use uuid::Uuid;

use crate::core::identity::sshkey::{self, SshKeyError};
use crate::core::nodes::authorized_keys::{self, PublicKey, Revoke, ValidatorKey};
use crate::core::nodes::fleet::{self, remote_keys, Fleet, NodeError, Target};

/// Reads the public half of the miner's node key.
pub fn miner_public_key(private: &Path) -> Result<PublicKey, SshKeyError> {
    let pub_path = sshkey::public_key_path(private);
    let text = std::fs::read_to_string(&pub_path)
        .map_err(|source| SshKeyError::Unreadable { path: pub_path.clone(), source })?;
    PublicKey::parse(&text)
        .map_err(|e| SshKeyError::Unreadable { path: pub_path, source: std::io::Error::other(e.to_string()) })
}

/// The keys on one node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeKeys {
    /// The node's id.
    pub node_id: Uuid,
    /// `user@host:port`.
    pub address: String,
    /// The validator keys in its authorized_keys.
    pub validators: Vec<ValidatorKey>,
    /// Whether the miner's current key is there.
    pub miner_key_present: bool,
    /// Miner keys this miner generated that are no longer current but still authorized here
    /// (left by an interrupted rotation); the next `keys rotate` or `keys revoke` removes them.
    pub stale_miner_keys: Vec<String>,
}

/// Per-node result of a fleet operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerNode<T: Serialize> {
    /// The node's id.
    pub node_id: Uuid,
    /// `user@host:port`.
    pub address: String,
    /// What happened there (its fields appear at this level in JSON).
    #[serde(flatten)]
    pub result: NodeResult<T>,
}

/// A node's result, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NodeResult<T: Serialize> {
    /// The operation's result.
    Ok(T),
    /// The node could not be reached or edited.
    Err {
        /// What went wrong.
        error: NodeError,
    },
}

impl<T: Serialize> PerNode<T> {
    fn new(t: &Target, r: Result<T, NodeError>) -> PerNode<T> {
        PerNode {
            node_id: t.node_id,
            address: t.address.to_string(),
            result: match r {
                Ok(v) => NodeResult::Ok(v),
                Err(error) => NodeResult::Err { error },
            },
        }
    }

    /// The result, when the operation worked.
    pub fn ok(&self) -> Option<&T> {
        match &self.result {
            NodeResult::Ok(v) => Some(v),
            NodeResult::Err { .. } => None,
        }
    }

    /// The error, when it did not.
    pub fn error(&self) -> Option<&NodeError> {
        match &self.result {
            NodeResult::Ok(_) => None,
            NodeResult::Err { error } => Some(error),
        }
    }
}

/// Validator keys and miner-key presence on every node.
pub async fn inventory(
    fleet: &Fleet,
    targets: &[Target],
    miner: &PublicKey,
    stale: &[PublicKey],
    done: &(dyn Fn(&Target) + Sync),
) -> Vec<PerNode<NodeKeys>> {
    let results = fleet::for_each(targets, done, |t| async move {
        let snap = remote_keys::read(fleet, t).await?;
        Ok(NodeKeys {
            node_id: t.node_id,
            address: t.address.to_string(),
            validators: authorized_keys::validator_keys(&snap.content),
            miner_key_present: authorized_keys::contains_key(&snap.content, miner),
            stale_miner_keys: stale
                .iter()
                .filter(|k| authorized_keys::contains_key(&snap.content, k))
                .map(PublicKey::fingerprint)
                .collect(),
        })
    })
    .await;
    targets.iter().zip(results).map(|(t, r)| PerNode::new(t, r)).collect()
}

/// What a revocation removed on one node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revoked {
    /// The validator keys taken off the node.
    pub removed: Vec<ValidatorKey>,
}

/// Removes validator keys on every node; the miner's key and operator lines are untouched.
pub async fn revoke(
    fleet: &Fleet,
    targets: &[Target],
    which: &Revoke<'_>,
    done: &(dyn Fn(&Target) + Sync),
) -> Vec<PerNode<Revoked>> {
    revoke_sparing(fleet, targets, which, &|_| Vec::new(), done).await
}

/// [`revoke`], sparing on each node the validators `keep` names for it (renting it).
pub async fn revoke_sparing(
    fleet: &Fleet,
    targets: &[Target],
    which: &Revoke<'_>,
    keep: &(dyn Fn(&Target) -> Vec<String> + Sync),
    done: &(dyn Fn(&Target) + Sync),
) -> Vec<PerNode<Revoked>> {
    let results = fleet::for_each(targets, done, |t| async move {
        let spared = keep(t);
        let edited = remote_keys::edit(fleet, t, |c| Ok(authorized_keys::revoke_keeping(c, which, &spared))).await?;
        let after = authorized_keys::validator_keys(edited.current());
        let removed =
            authorized_keys::validator_keys(&edited.before).into_iter().filter(|k| !after.contains(k)).collect();
        Ok(Revoked { removed })
    })
    .await;
    targets.iter().zip(results).map(|(t, r)| PerNode::new(t, r)).collect()
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for RotateError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            RotateError::Key(k) => k.exit_class(),
            RotateError::Switch(e) => e.exit_class(),
            RotateError::Config(_) => crate::core::support::exit::ExitClass::Usage,
            _ => crate::core::support::exit::ExitClass::Failure,
        }
    }

    fn fix(&self) -> Option<String> {
        match self {
            RotateError::Key(k) => k.fix(),
            RotateError::Switch(e) => e.fix(),
            RotateError::Config(e) => e.fix(),
            _ => None,
        }
    }
}
