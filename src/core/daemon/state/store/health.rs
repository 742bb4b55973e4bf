//! Node health as the health-round loop records it, the GPU time the nodes offered, and the
//! validators' activity: what `status` reads back.

use std::collections::BTreeMap;

use rusqlite::params;
use serde::Serialize;

use crate::core::daemon::state::store::{HealthRow, Store, StoreError};
use crate::core::nodes::fleet::Code;

/// GPU time offered since some moment: GPU-seconds, and their value in cent-seconds (GPU-seconds
/// times the price per GPU-hour in cents; divide by 3600 for cents).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OfferedTotal {
    /// GPU-seconds offered.
    pub gpu_seconds: i64,
    /// Cents times seconds offered (price-weighted time).
    pub cent_seconds: i64,
}

impl OfferedTotal {
    /// GPU-seconds as hours.
    pub fn gpu_hours(&self) -> f64 {
        self.gpu_seconds as f64 / 3600.0
    }

    /// The offered time's value in cents.
    pub fn cents(&self) -> i64 {
        self.cent_seconds / 3600
    }
}

/// Generation-1 validator activity since some moment, from the audit log and the refusals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActivitySummary {
    /// Successful authentications.
    pub authentications: i64,
    /// DiscoverNodes calls answered with nodes.
    pub discoveries: i64,
    /// The distinct validators behind them.
    pub validators: Vec<String>,
    /// Requests refused (bad signatures, replays, unassigned validators, rate limits).
    pub refused: i64,
}

impl Store {
    /// Records a node's health check at `now`, and the GPU time it offered since the last one.
    pub fn record_health(&self, h: &HealthRow, now: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO node_health (node_id, address, ok, code, detail, checked_at, healthy_since, gpus, gpu_model, price_cents, cpu)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (node_id) DO UPDATE SET address = ?2, ok = ?3, code = ?4, detail = ?5, checked_at = ?6,
                     healthy_since = ?7, gpus = ?8, gpu_model = ?9, price_cents = ?10, cpu = ?11",
            )
            .and_then(|mut st| {
                st.execute(params![
                    h.node_id,
                    h.address,
                    h.ok,
                    h.code.map(Code::as_str),
                    h.detail,
                    now,
                    h.healthy_since,
                    h.gpus,
                    h.gpu_model,
                    h.price_cents,
                    h.cpu
                ])
            })
            .map(|_| ())
            .map_err(self.err())
    }

    /// Every node's last recorded health check, with when it finished.
    pub fn node_health(&self) -> Result<Vec<(HealthRow, i64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT node_id, address, ok, code, detail, healthy_since, gpus, gpu_model, price_cents, checked_at, cpu
                 FROM node_health ORDER BY node_id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    HealthRow {
                        node_id: r.get(0)?,
                        address: r.get(1)?,
                        ok: r.get(2)?,
                        code: r.get::<_, Option<String>>(3)?.as_deref().and_then(Code::parse),
                        detail: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        healthy_since: r.get(5)?,
                        gpus: r.get(6)?,
                        gpu_model: r.get(7)?,
                        price_cents: r.get(8)?,
                        cpu: r.get(10)?,
                    },
                    r.get(9)?,
                ))
            })
            .map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    /// Adds GPU time a node offered (between two passed checks) to the hour `at` falls in.
    pub fn add_offered(&self, node_id: &str, at: i64, offered: OfferedTotal) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO node_offered (node_id, hour, gpu_seconds, cent_seconds) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (node_id, hour) DO UPDATE SET gpu_seconds = gpu_seconds + ?3, cent_seconds = cent_seconds + ?4",
            )
            .and_then(|mut st| st.execute(params![node_id, at.div_euclid(3600), offered.gpu_seconds, offered.cent_seconds]))
            .map(|_| ())
            .map_err(self.err())
    }

    /// GPU time offered per node in the hours from the one `since` falls in.
    pub fn offered_since(&self, since: i64) -> Result<BTreeMap<String, OfferedTotal>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT node_id, SUM(gpu_seconds), SUM(cent_seconds) FROM node_offered WHERE hour >= ?1 GROUP BY node_id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([since.div_euclid(3600)], |r| {
                Ok((r.get(0)?, OfferedTotal { gpu_seconds: r.get(1)?, cent_seconds: r.get(2)? }))
            })
            .map_err(self.err())?;
        rows.collect::<Result<BTreeMap<_, _>, _>>().map_err(self.err())
    }

    /// Generation-1 validator activity since `since`.
    pub fn activity_since(&self, since: i64) -> Result<ActivitySummary, StoreError> {
        let count = |sql: &str| self.conn.query_row(sql, [since], |r| r.get::<_, i64>(0)).map_err(self.err());
        let authentications =
            count("SELECT COUNT(*) FROM audit WHERE at >= ?1 AND kind = 'authenticate' AND outcome = 'ok'")?;
        let discoveries = count("SELECT COUNT(*) FROM audit WHERE at >= ?1 AND kind = 'discover' AND outcome = 'ok'")?;
        let refused = count("SELECT COALESCE(SUM(count), 0) FROM refusals WHERE last_at >= ?1")?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT validator_hotkey FROM audit WHERE at >= ?1 AND kind IN ('authenticate', 'discover')
                 AND outcome = 'ok' AND validator_hotkey IS NOT NULL ORDER BY validator_hotkey LIMIT 20",
            )
            .map_err(self.err())?;
        let validators = stmt
            .query_map([since], |r| r.get(0))
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())?;
        Ok(ActivitySummary { authentications, discoveries, validators, refused })
    }

    /// Since when the validator assignment has held, if one is recorded.
    pub fn assignment_since(&self) -> Result<Option<(String, i64)>, StoreError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row("SELECT validator_hotkey, since FROM assignment WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(self.err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::daemon::state::store::Audit;

    fn open() -> (tempfile::TempDir, Store) {
        let d = tempfile::tempdir().unwrap();
        let s = Store::open(&d.path().join("m.db"), true, std::time::Duration::from_secs(1)).unwrap();
        (d, s)
    }

    #[test]
    fn offered_time_adds_up_per_node_and_hour_and_old_hours_fall_out_of_the_window() {
        let (_d, s) = open();
        let t = 1_000 * 3600;
        s.add_offered("a", t - 2 * 3600, OfferedTotal { gpu_seconds: 8 * 60, cent_seconds: 8 * 60 * 250 }).unwrap();
        s.add_offered("a", t + 10, OfferedTotal { gpu_seconds: 8 * 60, cent_seconds: 8 * 60 * 250 }).unwrap();
        s.add_offered("a", t + 70, OfferedTotal { gpu_seconds: 8 * 60, cent_seconds: 8 * 60 * 250 }).unwrap();
        s.add_offered("b", t + 70, OfferedTotal { gpu_seconds: 3600, cent_seconds: 3600 * 100 }).unwrap();
        let since = s.offered_since(t).unwrap();
        assert_eq!(since["a"], OfferedTotal { gpu_seconds: 960, cent_seconds: 960 * 250 });
        assert_eq!(since["b"].cents(), 100);
        assert!((since["b"].gpu_hours() - 1.0).abs() < 1e-9);
        assert_eq!(s.offered_since(t - 2 * 3600).unwrap()["a"].gpu_seconds, 1440);
        let pruned = s.prune(t + 86_400 + 1800, 1).unwrap();
        assert_eq!(pruned.offered, 1, "the hour older than the retention goes");
    }

    #[test]
    fn activity_counts_successes_and_refusals_in_the_window_only() {
        let (_d, s) = open();
        let ok = |kind, v| Audit { kind, validator_hotkey: Some(v), peer: None, outcome: "ok", detail: None };
        s.audit(100, &ok("authenticate", "5Old")).unwrap();
        s.audit(1000, &ok("authenticate", "5V")).unwrap();
        s.audit(1001, &ok("discover", "5V")).unwrap();
        s.audit(1002, &Audit { outcome: "not_assigned", ..ok("discover", "5X") }).unwrap();
        let r = crate::core::daemon::state::store::Refusal {
            kind: "authenticate",
            source: "198.51.100.7/32",
            reason: "INVALID_SIGNATURE",
            detail: None,
        };
        s.add_refusals(&r, 7, 1003, 1003).unwrap();
        let a = s.activity_since(500).unwrap();
        assert_eq!(
            a,
            ActivitySummary { authentications: 1, discoveries: 1, validators: vec!["5V".into()], refused: 7 }
        );
    }

    #[test]
    fn a_health_row_keeps_gpus_and_price() {
        let (_d, s) = open();
        let row = HealthRow {
            node_id: "n".into(),
            address: "root@10.0.0.1:22".into(),
            ok: true,
            code: None,
            detail: "8 GPU(s)".into(),
            healthy_since: Some(5),
            gpus: 8,
            gpu_model: Some("H100".into()),
            price_cents: Some(250),
            cpu: None,
        };
        s.record_health(&row, 9).unwrap();
        assert_eq!(s.node_health().unwrap(), vec![(row.clone(), 9)]);
        let host = HealthRow {
            node_id: "m".into(),
            gpus: 1,
            gpu_model: Some("CPU_STANDARD".into()),
            cpu: Some("CPU: AMD EPYC 7763 64-Core Processor, 128 vCPU, 503 GB".into()),
            ..row.clone()
        };
        s.record_health(&host, 10).unwrap();
        assert_eq!(s.node_health().unwrap(), vec![(host, 10), (row, 9)]);
    }
}
