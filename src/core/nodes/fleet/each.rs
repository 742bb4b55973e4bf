//! Running one operation on every node of a fleet at once.

use std::future::Future;

use super::{NodeError, Target};

/// Runs `op` on every target at once and collects per-node results in target order; `done`
/// is called as each node finishes (for progress bars).
pub async fn for_each<'a, T, F, Fut>(
    targets: &'a [Target],
    done: &(dyn Fn(&Target) + Sync),
    op: F,
) -> Vec<Result<T, NodeError>>
where
    F: Fn(&'a Target) -> Fut,
    Fut: Future<Output = Result<T, NodeError>>,
{
    let futures = targets.iter().map(|t| {
        let fut = op(t);
        async move {
            let r = fut.await;
            done(t);
            r
        }
    });
    futures::future::join_all(futures).await
}
