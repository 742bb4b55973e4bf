//! The generation-2 bid as last known: where the miner is registered, what it
//! advertised, and the last heartbeat, so a restarted daemon resumes (and can withdraw from a
//! validator it is no longer assigned to) and `bid status` can tell the operator.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::core::bidding::answering::{Look, ValidatorLook};
use crate::core::bidding::{Advertised, LeftOut, RefusedNode};
use crate::core::daemon::state::store::{Store, StoreError};

/// One row; every field is empty until the first bid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidRecord {
    /// The validator registered at.
    pub validator_hotkey: Option<String>,
    /// Its bid endpoint.
    pub endpoint: Option<String>,
    /// The id the validator gave the bid.
    pub registration_id: Option<String>,
    /// Unix time of the bid.
    pub registered_at: Option<i64>,
    /// The heartbeat period the validator asked for.
    pub heartbeat_secs: Option<u64>,
    /// The nodes registered.
    pub advertised: Vec<Advertised>,
    /// Unix time of the last heartbeat the validator accepted.
    pub last_heartbeat_at: Option<i64>,
    /// `ok`, `rejected` (the validator does not know the bid) or `failed`.
    pub last_heartbeat_result: Option<String>,
    /// How many nodes the validator counted active at the last heartbeat.
    pub nodes_active: Option<u32>,
    /// The last failure talking to the validator.
    pub last_error: Option<String>,
    /// Unix time of that failure.
    pub last_error_at: Option<i64>,
    /// Nodes the validator refused lately, with its reason; kept out until `until` or a reload.
    #[serde(default)]
    pub refused: Vec<RefusedNode>,
    /// The nodes the last offer left out, with their reasons (written when they change).
    #[serde(default)]
    pub left_out: Vec<LeftOut>,
    /// What answered at the bid endpoint in use at the last call or look (none before the
    /// first, or while nobody is assigned).
    #[serde(default)]
    pub endpoint_state: Option<Look>,
    /// The subnet's permitted validators looked at (with bidding on and `highest_stake`
    /// without `validator_endpoint`), highest stake first.
    #[serde(default)]
    pub validators: Vec<ValidatorLook>,
    /// Every validator looked at on the subnet was seen not to take bids.
    #[serde(default)]
    pub none_takes_bids: bool,
}

/// The `answering` column: the three answering fields of [`BidRecord`].
#[derive(Default, Serialize, Deserialize)]
struct Answering {
    #[serde(default)]
    endpoint_state: Option<Look>,
    #[serde(default)]
    validators: Vec<ValidatorLook>,
    #[serde(default)]
    none_takes_bids: bool,
}

impl BidRecord {
    /// Registered somewhere (a validator accepted the last RegisterBid).
    pub fn is_registered(&self) -> bool {
        self.validator_hotkey.is_some() && self.registration_id.is_some()
    }
}

impl Store {
    /// The bid record (empty before the first bid).
    pub fn bid_record(&self) -> Result<BidRecord, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT validator_hotkey, endpoint, registration_id, registered_at, heartbeat_secs, advertised, last_heartbeat_at,
                        last_heartbeat_result, nodes_active, last_error, last_error_at, refused, left_out, answering FROM bid_registration WHERE id = 1",
                [],
                |r| {
                    let advertised: String = r.get(5)?;
                    let answering: Answering = serde_json::from_str(&r.get::<_, String>(13)?).unwrap_or_default();
                    Ok(BidRecord {
                        validator_hotkey: r.get(0)?,
                        endpoint: r.get(1)?,
                        registration_id: r.get(2)?,
                        registered_at: r.get(3)?,
                        heartbeat_secs: r.get::<_, Option<i64>>(4)?.map(|v| v.max(0) as u64),
                        // A row this build cannot read back is treated as nothing advertised.
                        advertised: serde_json::from_str(&advertised).unwrap_or_default(),
                        last_heartbeat_at: r.get(6)?,
                        last_heartbeat_result: r.get(7)?,
                        nodes_active: r.get(8)?,
                        last_error: r.get(9)?,
                        last_error_at: r.get(10)?,
                        refused: with_fixes(serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default()),
                        left_out: left_out_with_fixes(
                            serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or_default(),
                        ),
                        endpoint_state: answering.endpoint_state,
                        validators: answering.validators,
                        none_takes_bids: answering.none_takes_bids,
                    })
                },
            )
            .optional()
            .map_err(self.err())?;
        Ok(row.unwrap_or_default())
    }

    /// Replaces the bid record.
    pub fn put_bid_record(&self, b: &BidRecord) -> Result<(), StoreError> {
        let advertised = serde_json::to_string(&b.advertised).unwrap_or_else(|_| "[]".into());
        let refused = serde_json::to_string(&b.refused).unwrap_or_else(|_| "[]".into());
        let left_out = serde_json::to_string(&b.left_out).unwrap_or_else(|_| "[]".into());
        let answering = serde_json::to_string(&Answering {
            endpoint_state: b.endpoint_state.clone(),
            validators: b.validators.clone(),
            none_takes_bids: b.none_takes_bids,
        })
        .unwrap_or_else(|_| "{}".into());
        self.conn
            .execute(
                "INSERT INTO bid_registration (id, validator_hotkey, endpoint, registration_id, registered_at, heartbeat_secs, advertised,
                                               last_heartbeat_at, last_heartbeat_result, nodes_active, last_error, last_error_at, refused, left_out, answering)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                 ON CONFLICT (id) DO UPDATE SET validator_hotkey = ?1, endpoint = ?2, registration_id = ?3, registered_at = ?4,
                     heartbeat_secs = ?5, advertised = ?6, last_heartbeat_at = ?7, last_heartbeat_result = ?8, nodes_active = ?9,
                     last_error = ?10, last_error_at = ?11, refused = ?12, left_out = ?13, answering = ?14",
                params![
                    b.validator_hotkey,
                    b.endpoint,
                    b.registration_id,
                    b.registered_at,
                    b.heartbeat_secs.map(|v| v as i64),
                    advertised,
                    b.last_heartbeat_at,
                    b.last_heartbeat_result,
                    b.nodes_active,
                    b.last_error,
                    b.last_error_at,
                    refused,
                    left_out,
                    answering
                ],
            )
            .map(|_| ())
            .map_err(self.err())
    }
}

/// Rows written before refusals carried their fix get it from their kind.
fn with_fixes(mut refused: Vec<RefusedNode>) -> Vec<RefusedNode> {
    for r in refused.iter_mut().filter(|r| r.fix.is_empty()) {
        r.fix = r.kind.fix().to_string();
    }
    refused
}

/// Rows written before left-out nodes carried their fix get it from their code or reason.
fn left_out_with_fixes(mut left_out: Vec<LeftOut>) -> Vec<LeftOut> {
    for l in left_out.iter_mut().filter(|l| l.fix.is_empty()) {
        let code = l.code;
        l.fix = l.reason.fix().to_string();
        l.name_code(code);
    }
    left_out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bidding::answering::EndpointState;
    use crate::core::nodes::gpu::Category;

    #[test]
    fn the_record_survives_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let s = Store::open(&path, true, std::time::Duration::from_secs(1)).unwrap();
        assert_eq!(s.bid_record().unwrap(), BidRecord::default());
        let rec = BidRecord {
            refused: vec![crate::core::bidding::RefusedNode::new("127.0.0.12", 5, "below floor", 100)],
            validator_hotkey: Some("5V".into()),
            endpoint: Some("http://127.0.0.1:50052/".into()),
            registration_id: Some("r1".into()),
            registered_at: Some(10),
            heartbeat_secs: Some(2),
            advertised: vec![Advertised {
                node_id: uuid::Uuid::nil(),
                host: "127.0.0.11".into(),
                port: 22,
                username: "u".into(),
                gpu_category: Category::data_centre("H100").unwrap(),
                gpu_count: 8,
                hourly_rate_cents: 250,
                extra_mount_path: None,
            }],
            last_heartbeat_at: Some(12),
            last_heartbeat_result: Some("ok".into()),
            nodes_active: Some(1),
            last_error: None,
            last_error_at: None,
            left_out: vec![crate::core::bidding::LeftOut::new(
                uuid::Uuid::nil(),
                "u@[::1]:22".into(),
                crate::core::bidding::Reason::Ipv6Host,
                "validators cannot reach an IPv6 literal".into(),
            )],
            endpoint_state: Some(Look::new(
                EndpointState::NoBidService,
                Some("http://10.0.0.2:50052/".into()),
                "Unimplemented",
                11,
            )),
            validators: vec![ValidatorLook {
                hotkey: "5W".into(),
                uid: 4,
                stake: 9,
                look: Look::new(EndpointState::NotGrpc, None, "HTTP/1.0 505", 11),
                assigned: false,
            }],
            none_takes_bids: true,
        };
        s.put_bid_record(&rec).unwrap();
        drop(s);
        let s = Store::open(&path, true, std::time::Duration::from_secs(1)).unwrap();
        assert_eq!(s.bid_record().unwrap(), rec);
        assert!(rec.is_registered());
    }
}
