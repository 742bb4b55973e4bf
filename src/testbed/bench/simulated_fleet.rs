//! A fleet's full validations over days of simulated time, as a discrete-event simulation:
//! every node's validation pulls (3 s, when it pulls) and then runs its container and port check
//! (5 s); when to validate and whether to pull is decided by the daemon's own schedule
//! (`validation::schedule`), and at most 4 pulls run at once, queued in order like the daemon's
//! pull gate. The baseline is the schedule before it, modelled: every node due at once every
//! interval, every validation pulling, no limit on pulls.
//! Prints the most pulls at once, pulls per node-day (over the whole run, and after the first
//! day), the most validations started in any 5-minute window (over the run, and after the first
//! day, when the first round of every node at once is over), and the median gap between
//! validations in steady state, before and after.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::core::nodes::state::ImageCache;
use crate::core::nodes::state::ValidationOutcome;
use crate::core::nodes::validation::schedule::{Cadence, ImageOutcome};
use crate::core::nodes::validation::ImagePolicy;

const PULL: i64 = 3;
const REST: i64 = 5;
const MAX_PULLS: usize = 4;
const IMAGE: &str = "nvidia/cuda:12.8.0-runtime-ubuntu22.04";
/// The simulated clock's start, in Unix seconds.
const EPOCH: i64 = 1_790_000_000;
const DAY: i64 = 86_400;

/// What one simulated run saw: when each validation and each pull started, and the most pulls
/// running at once.
#[derive(Default)]
struct Seen {
    validations: Vec<i64>,
    pulls: Vec<i64>,
    most_pulling: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Start,
    PullDone,
    Done,
}

/// One simulated node: its id, its last validation and what is known of its image.
struct Node {
    id: uuid::Uuid,
    started: i64,
    pulled: Option<bool>,
    last: Option<ValidationOutcome>,
    cache: Option<ImageCache>,
}

/// The daemon's schedule over `nodes` until `end`.
fn after(nodes: usize, cadence: Cadence, end: i64) -> Seen {
    let mut seen = Seen::default();
    let mut fleet: Vec<Node> = (0..nodes)
        .map(|_| Node { id: uuid::Uuid::new_v4(), started: 0, pulled: None, last: None, cache: None })
        .collect();
    let mut events: BinaryHeap<Reverse<(i64, Step, usize)>> =
        (0..nodes).map(|i| Reverse((EPOCH, Step::Start, i))).collect();
    let (mut pulling, mut queue) = (0usize, VecDeque::new());
    while let Some(Reverse((t, step, i))) = events.pop() {
        match step {
            Step::Start => {
                seen.validations.push(t);
                let n = &mut fleet[i];
                n.started = t;
                let present = n.cache.is_some();
                let policy = cadence.image_policy(n.cache.as_ref(), IMAGE, t);
                n.pulled = (!present || policy == ImagePolicy::Refresh).then_some(true);
                if n.pulled.is_none() {
                    events.push(Reverse((t + REST, Step::Done, i)));
                } else if pulling < MAX_PULLS {
                    pulling += 1;
                    seen.most_pulling = seen.most_pulling.max(pulling);
                    seen.pulls.push(t);
                    events.push(Reverse((t + PULL, Step::PullDone, i)));
                } else {
                    queue.push_back(i);
                }
            }
            Step::PullDone => {
                events.push(Reverse((t + REST, Step::Done, i)));
                match queue.pop_front() {
                    Some(next) => {
                        seen.pulls.push(t);
                        events.push(Reverse((t + PULL, Step::PullDone, next)));
                    }
                    None => pulling -= 1,
                }
            }
            Step::Done => {
                let n = &mut fleet[i];
                let done = ImageOutcome { image: IMAGE, present: Some(n.cache.is_some()), pulled: n.pulled };
                n.cache = cadence.image_after(&n.id, n.cache.as_ref(), done, n.started);
                let last = ValidationOutcome { ok: true, checked_at: n.started, problem: None };
                let next = cadence.next_validation(&n.id, &last, n.cache.as_ref());
                n.last = Some(last);
                if next < end {
                    events.push(Reverse((next, Step::Start, i)));
                }
            }
        }
    }
    seen
}

/// The schedule before: all nodes due together every interval, every validation pulls, all at
/// once; a round starts when the last one is over and the interval has passed.
fn before(nodes: usize, every: i64, end: i64) -> Seen {
    let mut seen = Seen::default();
    let mut round = EPOCH;
    while round < end {
        seen.validations.extend(std::iter::repeat_n(round, nodes));
        seen.pulls.extend(std::iter::repeat_n(round, nodes));
        seen.most_pulling = seen.most_pulling.max(nodes);
        round += every.max(PULL + REST);
    }
    seen
}

/// The most of `times` in any window of `secs`.
fn most_within(times: &[i64], secs: i64) -> usize {
    let mut t = times.to_vec();
    t.sort_unstable();
    let mut from = 0;
    let mut most = 0;
    for to in 0..t.len() {
        while t[to] - t[from] >= secs {
            from += 1;
        }
        most = most.max(to + 1 - from);
    }
    most
}

struct Figures {
    most_pulling: usize,
    pulls_per_node_day: f64,
    steady_pulls_per_node_day: f64,
    most_in_5_min: usize,
    steady_most_in_5_min: usize,
    median_gap: i64,
}

fn figures(seen: &Seen, nodes: usize, days: i64) -> Figures {
    let pulls = &seen.pulls;
    let mut v = seen.validations.clone();
    v.sort_unstable();
    let steady: Vec<i64> = v.iter().copied().filter(|t| *t >= EPOCH + DAY).collect();
    let mut gaps: Vec<i64> = steady.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_unstable();
    let later = pulls.iter().filter(|t| **t >= EPOCH + DAY).count();
    Figures {
        most_pulling: seen.most_pulling,
        pulls_per_node_day: pulls.len() as f64 / (nodes as f64 * days as f64),
        steady_pulls_per_node_day: later as f64 / (nodes as f64 * (days - 1).max(1) as f64),
        most_in_5_min: most_within(&v, 300),
        steady_most_in_5_min: most_within(&steady, 300),
        median_gap: gaps.get(gaps.len() / 2).copied().unwrap_or(0),
    }
}

/// Simulates `nodes` nodes over `days` days (at least 2) and prints the figures, before and after.
pub fn run(nodes: usize, days: i64) {
    let days = days.max(2);
    let cadence = Cadence { every: 6 * 3600, refresh_every: DAY };
    let end = EPOCH + days * DAY;
    let wall = std::time::Instant::now();
    let (b, a) = (before(nodes, cadence.every, end), after(nodes, cadence, end));
    let (b, a) = (figures(&b, nodes, days), figures(&a, nodes, days));
    println!(
        "bench_validation --simulated: {nodes} nodes, pull {PULL} s, rest of a validation {REST} s, interval 6 h, refresh 24 h, at most {MAX_PULLS} pulls at once, {days} days simulated in {:.2} s",
        wall.elapsed().as_secs_f64()
    );
    println!("{:<46} {:>9} {:>9} {:>8}", "", "before", "after", "ratio");
    let row = |what: &str, b: f64, a: f64| {
        println!("{what:<46} {b:>9.2} {a:>9.2} {:>7.1}x", if a > 0.0 { b / a } else { f64::INFINITY });
    };
    row("most pulls at once", b.most_pulling as f64, a.most_pulling as f64);
    row("pulls per node-day (whole run)", b.pulls_per_node_day, a.pulls_per_node_day);
    row("pulls per node-day (after the first day)", b.steady_pulls_per_node_day, a.steady_pulls_per_node_day);
    row("most validations started in any 5 minutes", b.most_in_5_min as f64, a.most_in_5_min as f64);
    row("  the same after the first day", b.steady_most_in_5_min as f64, a.steady_most_in_5_min as f64);
    row("median seconds between validations (day 2+)", b.median_gap as f64, a.median_gap as f64);
}
