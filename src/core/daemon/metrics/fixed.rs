//! Label sets known in advance are exposed at 0 from the start, so alerts and dashboards see a
//! series on a fresh daemon (a test scrapes one for every series they query).

use crate::core::daemon::metrics::labels::{
    BidCallLabel, DbOp, LaneLabel, MethodLabel, OperationLabel, ReasonLabel, RefusalLabel, ResultLabel,
};
use crate::core::daemon::metrics::Metrics;

impl Metrics {
    pub(super) fn expose_fixed_label_sets(&self) {
        for op in DbOp::ALL {
            let _ = self.database_errors.get_or_create(&OperationLabel { operation: op.as_str() });
        }
        for result in ["ok", "failed"] {
            let _ = self.ssh_deployments.get_or_create(&ResultLabel { result });
            let _ = self.config_reloads.get_or_create(&ResultLabel { result });
        }
        for result in ["ok", "refused"] {
            let _ = self.authentication_requests.get_or_create(&ResultLabel { result });
        }
        for result in ["ok", "rejected", "failed"] {
            let _ = self.bid_heartbeats.get_or_create(&ResultLabel { result });
        }
        self.bid_endpoint_state(None, crate::core::bidding::answering::Nowhere::Unchecked);
        for result in ["ok", "failed"] {
            let _ = self.node_validations.get_or_create(&ResultLabel { result });
        }
        for method in super::names::REFUSED_METHODS {
            for reason in super::names::REFUSAL_CODES {
                let _ = self.refused.get_or_create(&RefusalLabel { method, reason });
            }
        }
        for lane in ["validator", "other"] {
            let _ = self.connections.get_or_create(&LaneLabel { lane });
        }
        for method in ["AuthenticateValidator", "DiscoverNodes"] {
            let _ = self.request_seconds.get_or_create(&MethodLabel { method });
        }
        for reason in crate::core::bidding::Reason::ALL {
            let _ = self.bid_left_out_nodes.get_or_create(&ReasonLabel { reason: reason.as_str() });
        }
        for method in ["RegisterBid", "UpdateBid", "RemoveBid"] {
            for result in ["ok", "declined", "refused", "failed"] {
                let _ = self.bid_requests.get_or_create(&BidCallLabel { method, result });
            }
        }
    }
}
