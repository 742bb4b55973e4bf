//! Sending a changed offer at the validator with the smallest call that says it: UpdateBid
//! when only prices moved, RemoveBid when nodes only left, a whole new RegisterBid otherwise.
//! A new price of a node outside the five data-centre categories goes with RegisterBid: the
//! subnet fork (bigailabs/cathedral 7aab4b77) refuses UpdateBid for those ("re-register via
//! RegisterBid"), and RegisterBid carries prices under every rule set.

use tonic::transport::Uri;

use crate::core::bidding::{wire, Advertised, Offer};
use crate::core::daemon::loops::bidder::Bidder;
use crate::core::daemon::now;
use crate::core::daemon::transport::bid_client::CallError;

/// The smallest call for going from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Change {
    /// `(host, cents)` for each node whose price alone changed.
    Prices(Vec<(String, u32)>),
    /// Hosts that left; the rest is unchanged.
    Removed(Vec<String>),
    /// Anything else: register the whole set again.
    Register,
}

pub(super) fn change(old: &[Advertised], new: &[Advertised]) -> Change {
    let find = |set: &[Advertised], host: &str| set.iter().find(|a| a.host == host).cloned();
    let same_hosts = old.len() == new.len() && new.iter().all(|n| find(old, &n.host).is_some());
    if same_hosts {
        let mut prices = Vec::new();
        for n in new {
            let Some(o) = find(old, &n.host) else { return Change::Register };
            if (Advertised { hourly_rate_cents: n.hourly_rate_cents, ..o.clone() }) != *n {
                return Change::Register;
            }
            if o.hourly_rate_cents != n.hourly_rate_cents {
                if n.gpu_category.kind() != crate::core::nodes::category::Kind::DataCentre {
                    return Change::Register;
                }
                prices.push((n.host.clone(), n.hourly_rate_cents));
            }
        }
        return Change::Prices(prices);
    }
    if new.iter().all(|n| find(old, &n.host).as_ref() == Some(n)) {
        return Change::Removed(old.iter().filter(|o| find(new, &o.host).is_none()).map(|o| o.host.clone()).collect());
    }
    Change::Register
}

impl Bidder {
    pub(super) async fn apply_change(&mut self, validator: &str, uri: &Uri, offer: &Offer) {
        let mut change = change(&self.record.advertised, &offer.advertised);
        // A node cordoned for maintenance leaves by a new RegisterBid of the rest, not by
        // RemoveBid (validators may refuse to remove a node whose rental runs).
        if let Change::Removed(hosts) = &change {
            let cordoned = |h: &String| {
                offer.left_out.iter().any(|l| {
                    l.reason == crate::core::bidding::Reason::Cordoned && l.address.contains(&format!("@{h}:"))
                })
            };
            if hosts.iter().any(cordoned) {
                change = Change::Register;
            }
        }
        match change {
            Change::Register => {
                tracing::info!(
                    validator,
                    before = self.record.advertised.len(),
                    after = offer.advertised.len(),
                    "the advertised nodes changed; registering the new set"
                );
                self.register(validator, uri, offer).await;
            }
            Change::Prices(prices) => {
                for (host, cents) in prices {
                    let req = wire::update_request(&self.miner.hotkey, &host, cents, now());
                    let answer = match self.client(uri) {
                        Ok(c) => c.update(req).await,
                        Err(e) => Err(e),
                    };
                    match answer {
                        Ok(r) if r.accepted => {
                            self.miner.metrics.bid_request("UpdateBid", "ok");
                            tracing::info!(validator, host = %host, cents, "price updated at the validator");
                        }
                        Ok(r) => {
                            self.miner.metrics.bid_request("UpdateBid", "declined");
                            self.must_register = true;
                            return self
                                .failed(format!(
                                    "validator {validator} declined the new price of {host}: {}",
                                    wire::printable(&r.error_message, 200)
                                ))
                                .await;
                        }
                        Err(e) => {
                            self.miner.metrics.bid_request("UpdateBid", e.result_label());
                            self.saw_failure(&e).await;
                            self.must_register = true;
                            return self.failed(format!("UpdateBid for {host} at {uri}: {e}")).await;
                        }
                    }
                }
                self.record.advertised = offer.advertised.clone();
                self.save().await;
            }
            Change::Removed(hosts) => match self.remove_bid(uri, &hosts).await {
                Removal::Removed(removed) => {
                    tracing::info!(validator, hosts = ?hosts, removed, "withdrew nodes that are no longer advertised");
                    self.record.advertised = offer.advertised.clone();
                    crate::core::daemon::keys::narrow_key_scope(
                        &self.miner,
                        offer.advertised.iter().map(|a| a.node_id).collect(),
                    )
                    .await;
                    self.miner.metrics.bid_advertised(offer.advertised.len());
                    if offer.advertised.is_empty() {
                        self.next_heartbeat = None;
                    }
                    self.save().await;
                }
                Removal::Declined(text) => {
                    self.must_register = true;
                    self.failed(format!("validator {validator} declined RemoveBid for {}: {text}", hosts.join(",")))
                        .await;
                }
                Removal::Failed(e) => {
                    self.saw_failure(&e).await;
                    self.must_register = true;
                    self.failed(format!("RemoveBid at {uri}: {e}")).await;
                }
            },
        }
    }

    /// The one way RemoveBid is sent (some hosts, or all with none), and counted.
    pub(super) async fn remove_bid(&mut self, uri: &Uri, hosts: &[String]) -> Removal {
        let req = wire::remove_request(&self.miner.hotkey, hosts, now());
        let answer = match self.client(uri) {
            Ok(c) => c.remove(req).await,
            Err(e) => Err(e),
        };
        match answer {
            Ok(r) if r.accepted => {
                self.miner.metrics.bid_request("RemoveBid", "ok");
                Removal::Removed(r.nodes_removed)
            }
            Ok(r) => {
                self.miner.metrics.bid_request("RemoveBid", "declined");
                Removal::Declined(wire::printable(&r.error_message, 200))
            }
            Err(e) => {
                self.miner.metrics.bid_request("RemoveBid", e.result_label());
                Removal::Failed(e)
            }
        }
    }
}

/// What a RemoveBid came to.
pub(super) enum Removal {
    /// Accepted; the validator's count of nodes removed.
    Removed(u32),
    /// Declined, with the validator's reason (cut and escaped).
    Declined(String),
    Failed(CallError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nodes::gpu::Category;

    fn a(host: &str, count: u32, cents: u32) -> Advertised {
        Advertised {
            node_id: uuid::Uuid::nil(),
            host: host.into(),
            port: 22,
            username: "u".into(),
            gpu_category: Category::data_centre("H100").unwrap(),
            gpu_count: count,
            hourly_rate_cents: cents,
            extra_mount_path: None,
        }
    }

    #[test]
    fn a_new_price_outside_the_five_categories_goes_with_register_bid() {
        let rtx = |cents| Advertised { gpu_category: Category::parse("RTX_5090").unwrap(), ..a("10.0.0.3", 2, cents) };
        let cpu =
            |cents| Advertised { gpu_category: Category::parse("CPU_STANDARD").unwrap(), ..a("10.0.0.4", 1, cents) };
        let old = vec![a("10.0.0.1", 8, 250), rtx(60), cpu(20)];
        assert_eq!(
            change(&old, &[a("10.0.0.1", 8, 300), rtx(60), cpu(20)]),
            Change::Prices(vec![("10.0.0.1".into(), 300)])
        );
        assert_eq!(change(&old, &[a("10.0.0.1", 8, 250), rtx(70), cpu(20)]), Change::Register);
        assert_eq!(change(&old, &[a("10.0.0.1", 8, 250), rtx(60), cpu(25)]), Change::Register);
        assert_eq!(change(&old, &old), Change::Prices(Vec::new()), "nothing moved");
    }

    #[test]
    fn the_smallest_call_is_chosen() {
        let old = vec![a("10.0.0.1", 8, 250), a("10.0.0.2", 4, 250)];
        assert_eq!(
            change(&old, &[a("10.0.0.1", 8, 300), a("10.0.0.2", 4, 250)]),
            Change::Prices(vec![("10.0.0.1".into(), 300)])
        );
        assert_eq!(change(&old, &[a("10.0.0.2", 4, 250)]), Change::Removed(vec!["10.0.0.1".into()]));
        assert_eq!(change(&old, &[]), Change::Removed(vec!["10.0.0.1".into(), "10.0.0.2".into()]));
        assert_eq!(
            change(&old, &[a("10.0.0.1", 8, 250), a("10.0.0.2", 4, 250), a("10.0.0.3", 8, 250)]),
            Change::Register
        );
        assert_eq!(change(&old, &[a("10.0.0.1", 7, 250), a("10.0.0.2", 4, 250)]), Change::Register);
        assert_eq!(change(&old, &[a("10.0.0.2", 4, 300)]), Change::Register);
    }
}
