//! Each node's last full validation (the validators' own checks, predicted), so a restarted
//! daemon does not validate every node again at once and `node list` / `bid show` can say
//! when a node last passed.

use rusqlite::params;
use serde::Serialize;

use crate::core::daemon::state::store::{Store, StoreError};
use crate::core::nodes::fleet::Code;
use crate::core::nodes::state::{Failure, ValidationOutcome};

/// One node's last full validation as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationRow {
    /// The node's id.
    pub node_id: String,
    /// `user@host:port`.
    pub address: String,
    /// Whether every step passed.
    pub ok: bool,
    /// Unix time it finished.
    pub checked_at: i64,
    /// What was validated (address, declarations, images): a change validates again.
    pub spec: String,
    /// The image validated with.
    pub image: String,
    /// Seconds the pull took, when one ran.
    pub pull_secs: Option<f64>,
    /// The first failed check.
    pub code: Option<Code>,
    /// The first failed check's detail.
    pub detail: Option<String>,
    /// Every check, as `node test --full --json` prints them.
    pub checks: serde_json::Value,
    /// The image last found on or pulled to the node, when it is pulled again, and the pulls
    /// that failed in a row since.
    pub image_on_node: Option<String>,
    /// When the image is pulled again (Unix seconds).
    pub image_refresh_at: Option<i64>,
    /// Pulls that failed in a row.
    pub pull_failures: u32,
}

impl ValidationRow {
    /// The node this row is about and its validation as the offer judges it; `None` for a row
    /// whose node id does not parse (written by hand, or damaged).
    pub fn outcome(&self) -> Option<(uuid::Uuid, ValidationOutcome)> {
        let problem = self.code.map(|code| Failure { code, detail: self.detail.clone().unwrap_or_default() });
        Some((self.node_id.parse().ok()?, ValidationOutcome { ok: self.ok, checked_at: self.checked_at, problem }))
    }

    /// What the daemon knew of the node's image when it stored the row.
    pub fn image_cache(&self) -> Option<crate::core::nodes::state::ImageCache> {
        Some(crate::core::nodes::state::ImageCache {
            image: self.image_on_node.clone()?,
            refresh_at: self.image_refresh_at?,
            failures: self.pull_failures,
        })
    }
}

impl Store {
    /// Replaces a node's validation row.
    pub fn put_validation(&self, v: &ValidationRow) -> Result<(), StoreError> {
        let checks = serde_json::to_string(&v.checks).unwrap_or_else(|_| "[]".into());
        self.conn
            .execute(
                "INSERT INTO node_validation (node_id, address, ok, checked_at, spec, image, pull_secs, code, detail, checks,
                                              image_on_node, image_refresh_at, pull_failures)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 ON CONFLICT (node_id) DO UPDATE SET address = ?2, ok = ?3, checked_at = ?4, spec = ?5, image = ?6, pull_secs = ?7,
                     code = ?8, detail = ?9, checks = ?10, image_on_node = ?11, image_refresh_at = ?12, pull_failures = ?13",
                params![
                    v.node_id,
                    v.address,
                    v.ok,
                    v.checked_at,
                    v.spec,
                    v.image,
                    v.pull_secs,
                    v.code.map(Code::as_str),
                    v.detail,
                    checks,
                    v.image_on_node,
                    v.image_refresh_at,
                    v.pull_failures
                ],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    /// Every node's last validation.
    pub fn validations(&self) -> Result<Vec<ValidationRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT node_id, address, ok, checked_at, spec, image, pull_secs, code, detail, checks,
                        image_on_node, image_refresh_at, pull_failures FROM node_validation ORDER BY address",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ValidationRow {
                    node_id: r.get(0)?,
                    address: r.get(1)?,
                    ok: r.get(2)?,
                    checked_at: r.get(3)?,
                    spec: r.get(4)?,
                    image: r.get(5)?,
                    pull_secs: r.get(6)?,
                    code: r.get::<_, Option<String>>(7)?.as_deref().and_then(Code::parse),
                    detail: r.get(8)?,
                    checks: serde_json::from_str(&r.get::<_, String>(9)?).unwrap_or(serde_json::Value::Null),
                    image_on_node: r.get(10)?,
                    image_refresh_at: r.get(11)?,
                    pull_failures: r.get(12)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// Drops a node's validation row.
    pub fn forget_validation(&self, node_id: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM node_validation WHERE node_id = ?1", params![node_id])
            .map(|_| ())
            .map_err(self.err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validations_round_trip_and_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("m.db"), true, std::time::Duration::from_secs(1)).unwrap();
        let mut row = ValidationRow {
            node_id: "n1".into(),
            address: "u@127.0.0.1:22".into(),
            ok: false,
            checked_at: 5,
            spec: "s".into(),
            image: "img".into(),
            pull_secs: None,
            code: Some(Code::ContainerGpuFailed),
            detail: Some("unknown runtime".into()),
            checks: serde_json::json!([{"name": "x"}]),
            image_on_node: None,
            image_refresh_at: None,
            pull_failures: 0,
        };
        s.put_validation(&row).unwrap();
        assert_eq!(s.validations().unwrap()[0].image_cache(), None);
        row.ok = true;
        row.pull_secs = Some(1.5);
        (row.image_on_node, row.image_refresh_at, row.pull_failures) = (Some("img".into()), Some(99), 2);
        s.put_validation(&row).unwrap();
        assert_eq!(s.validations().unwrap(), vec![row.clone()]);
        let cache = s.validations().unwrap()[0].image_cache().unwrap();
        assert_eq!((cache.image.as_str(), cache.refresh_at, cache.failures), ("img", 99, 2));
        s.forget_validation("n1").unwrap();
        assert!(s.validations().unwrap().is_empty());
    }
}
