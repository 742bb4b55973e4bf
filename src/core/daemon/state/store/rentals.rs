//! Rentals seen on each node: the one running now (no end) and the history (start, end,
//! duration), so a restarted daemon keeps the renting validator's key where it belongs and
//! `status` and `node list` can say which nodes earn.

use rusqlite::params;
use serde::Serialize;

use crate::core::daemon::state::store::{Store, StoreError};
use crate::core::nodes::rental::Rental;

/// One rental as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RentalRow {
    /// The node's id.
    pub node_id: String,
    /// `user@host:port`.
    pub address: String,
    /// The rental (its fields appear at this level in JSON).
    #[serde(flatten)]
    pub rental: Rental,
    /// When the miner saw it gone (`None`: it runs).
    pub ended_at: Option<i64>,
}

impl RentalRow {
    /// How long it ran (or runs, at `now`), in seconds.
    pub fn duration_secs(&self, now: i64) -> i64 {
        (self.ended_at.unwrap_or(now) - self.rental.since).max(0)
    }
}

impl Store {
    /// Records a rental first seen on a node (a rental already recorded as running is kept).
    pub fn rental_started(&self, node_id: &str, address: &str, r: &Rental) -> Result<(), StoreError> {
        let validators = serde_json::to_string(&r.validators).unwrap_or_else(|_| "[]".into());
        self.conn
            .prepare_cached(
                "INSERT INTO rentals (node_id, address, rental_id, container, image, validators, started_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
                 WHERE NOT EXISTS (SELECT 1 FROM rentals WHERE node_id = ?1 AND rental_id = ?3 AND ended_at IS NULL)",
            )
            .and_then(|mut st| {
                st.execute(params![node_id, address, r.rental_id, r.container, r.image, validators, r.since])
            })
            .map(|_| ())
            .map_err(self.err())
    }

    /// Records that a node's rental ended at `at`.
    pub fn rental_ended(&self, node_id: &str, rental_id: &str, at: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE rentals SET ended_at = ?3 WHERE node_id = ?1 AND rental_id = ?2 AND ended_at IS NULL",
            )
            .and_then(|mut st| st.execute(params![node_id, rental_id, at]))
            .map(|_| ())
            .map_err(self.err())
    }

    /// The rentals running (no end recorded), oldest first.
    pub fn running_rentals(&self) -> Result<Vec<RentalRow>, StoreError> {
        self.rentals_where("ended_at IS NULL ORDER BY started_at", params![])
    }

    /// A node's rentals, newest first, at most `limit`.
    pub fn rental_history(&self, node_id: &str, limit: u32) -> Result<Vec<RentalRow>, StoreError> {
        self.rentals_where("node_id = ?1 ORDER BY started_at DESC LIMIT ?2", params![node_id, limit])
    }

    fn rentals_where(&self, rest: &str, p: impl rusqlite::Params) -> Result<Vec<RentalRow>, StoreError> {
        let sql = format!(
            "SELECT node_id, address, rental_id, container, image, validators, started_at, ended_at FROM rentals WHERE {rest}"
        );
        let mut st = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = st
            .query_map(p, |r| {
                let validators: String = r.get(5)?;
                Ok(RentalRow {
                    node_id: r.get(0)?,
                    address: r.get(1)?,
                    rental: Rental {
                        rental_id: r.get(2)?,
                        container: r.get(3)?,
                        image: r.get(4)?,
                        since: r.get(6)?,
                        validators: serde_json::from_str(&validators).unwrap_or_default(),
                    },
                    ended_at: r.get(7)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(self.err())?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rental_runs_until_it_ends_and_stays_in_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("m.db"), true, std::time::Duration::from_secs(1)).unwrap();
        let r = Rental {
            rental_id: "r1".into(),
            container: "basilica-r1".into(),
            image: "img".into(),
            since: 100,
            validators: vec!["5V".into()],
        };
        store.rental_started("n1", "u@h:22", &r).unwrap();
        store.rental_started("n1", "u@h:22", &r).unwrap();
        let running = store.running_rentals().unwrap();
        assert_eq!(running.len(), 1, "seen twice, recorded once");
        assert_eq!(running[0].rental, r);
        store.rental_ended("n1", "r1", 400).unwrap();
        assert!(store.running_rentals().unwrap().is_empty());
        let history = store.rental_history("n1", 10).unwrap();
        assert_eq!((history.len(), history[0].ended_at, history[0].duration_secs(9999)), (1, Some(400), 300));
    }
}
