//! What the daemon recorded, read from its SQLite file by another process: opened read-only
//! and never created or migrated, and read as empty while `serve` has not made it yet (one
//! rule, [`read_or_empty`], for every reader).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use crate::core::bidding::RefusedNode;
use crate::core::config::LoadedConfig;
use crate::core::daemon::state::store::{
    ActivitySummary, BidRecord, Health, HealthRow, OfferedTotal, RentalRow, Store, StoreError, ValidationRow,
};

/// Why the daemon's database could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// `[database] url` is not a SQLite file URL.
    #[error("[database] url `{0}` does not name a SQLite file")]
    NotAFile(String),
    /// The file does not exist yet.
    #[error("no database at {0} yet; `basilica-miner serve` creates it")]
    Missing(PathBuf),
    /// SQLite refused to open or read it.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for DatabaseError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            DatabaseError::Store(e) => e.exit_class(),
            DatabaseError::NotAFile(_) | DatabaseError::Missing(_) => crate::core::support::exit::ExitClass::Usage,
        }
    }
}

/// The configured database, which must exist; nothing is created or migrated.
pub fn open_existing(loaded: &LoadedConfig) -> Result<Store, DatabaseError> {
    let url = &loaded.config.database.url;
    let Some(path) = loaded.paths().database else {
        return Err(DatabaseError::NotAFile(url.clone()));
    };
    if !path.exists() {
        return Err(DatabaseError::Missing(path));
    }
    Ok(Store::open(&path, false, Duration::from_secs(loaded.config.database.connection_timeout))?)
}

/// `read` over the configured database; `T::default()` (empty) when `serve` has not created it
/// yet. Any other failure to open or read it is the caller's to show.
pub fn read_or_empty<T: Default>(
    loaded: &LoadedConfig,
    read: impl FnOnce(&Store) -> Result<T, StoreError>,
) -> Result<T, DatabaseError> {
    match open_existing(loaded) {
        Ok(store) => Ok(read(&store)?),
        Err(DatabaseError::Missing(_)) => Ok(T::default()),
        Err(e) => Err(e),
    }
}

/// The file itself: SQLite's integrity check, schema version, row counts, oldest entry and size.
/// A database `serve` has not made yet is [`DatabaseError::Missing`], not empty.
pub fn file_health(loaded: &LoadedConfig) -> Result<Health, DatabaseError> {
    Ok(open_existing(loaded)?.health()?)
}

/// Each node's last health check, by node id, with the Unix time it was taken.
pub fn node_health(loaded: &LoadedConfig) -> Result<HashMap<String, (HealthRow, i64)>, DatabaseError> {
    read_or_empty(loaded, health_by_node)
}

/// Each node's last full validation, by node id.
pub fn validations(loaded: &LoadedConfig) -> Result<HashMap<String, ValidationRow>, DatabaseError> {
    read_or_empty(loaded, validations_by_node)
}

/// The rentals the daemon last saw running, by node id, oldest first.
pub fn rentals(loaded: &LoadedConfig) -> Result<HashMap<String, Vec<RentalRow>>, DatabaseError> {
    read_or_empty(loaded, rentals_by_node)
}

/// The nodes the validator refused lately (generation 2).
pub fn refusals(loaded: &LoadedConfig) -> Result<Vec<RefusedNode>, DatabaseError> {
    read_or_empty(loaded, |s| Ok(s.bid_record()?.refused))
}

/// Everything `status` shows from the database, read in one opening (all empty while there is
/// no database yet).
#[derive(Debug, Default)]
pub struct Records {
    /// Each node's last health check and its Unix time, by node id.
    pub health: HashMap<String, (HealthRow, i64)>,
    /// Each node's last full validation, by node id.
    pub validations: HashMap<String, ValidationRow>,
    /// The generation-2 bid as last stored.
    pub bid: BidRecord,
    /// Generation-1 validator activity in the hour before the read.
    pub activity: ActivitySummary,
    /// The recorded assignment: the validator's hotkey and since when.
    pub assignment: Option<(String, i64)>,
    /// GPU time each node offered in the 24 hours before the read, by node id.
    pub offered: BTreeMap<String, OfferedTotal>,
    /// The rentals the daemon saw running, by node id.
    pub rentals: HashMap<String, Vec<RentalRow>>,
}

impl Records {
    /// Reads them as of `now` (Unix time).
    pub fn read(loaded: &LoadedConfig, now: i64) -> Result<Records, DatabaseError> {
        read_or_empty(loaded, |store| {
            Ok(Records {
                health: health_by_node(store)?,
                validations: validations_by_node(store)?,
                bid: store.bid_record()?,
                activity: store.activity_since(now - 3600)?,
                assignment: store.assignment_since()?,
                offered: store.offered_since(now - 86_400)?,
                rentals: rentals_by_node(store)?,
            })
        })
    }
}

fn validations_by_node(store: &Store) -> Result<HashMap<String, ValidationRow>, StoreError> {
    Ok(store.validations()?.into_iter().map(|v| (v.node_id.clone(), v)).collect())
}

fn health_by_node(store: &Store) -> Result<HashMap<String, (HealthRow, i64)>, StoreError> {
    Ok(store.node_health()?.into_iter().map(|(h, at)| (h.node_id.clone(), (h, at))).collect())
}

fn rentals_by_node(store: &Store) -> Result<HashMap<String, Vec<RentalRow>>, StoreError> {
    let mut by_node: HashMap<String, Vec<RentalRow>> = HashMap::new();
    for r in store.running_rentals()? {
        by_node.entry(r.node_id.clone()).or_default().push(r);
    }
    Ok(by_node)
}
