//! The Docker steps of a full validation, one after another: the image (pulled when needed),
//! the container, the published port; each timed for the validator's limits.

use std::time::{Duration, Instant};

use super::verdicts::{container_check, cpu_container_check};
use super::{port_check, pull, HostGpus, Pulls, Validation, ValidationSettings, CONTAINER_DEADLINE};
use crate::core::nodes::cpu::Machine;
use crate::core::nodes::fleet::{Fleet, Target};
use crate::core::nodes::inspect::Check;

/// What the steps run with.
pub(super) struct Run<'a> {
    pub fleet: &'a Fleet,
    pub node: &'a Target,
    pub machine: Machine,
    pub settings: &'a ValidationSettings,
    pub pulls: Pulls<'a>,
    pub progress: &'a (dyn Fn(&Target, &str) + Sync),
    /// The container script for the machine, and its stage's name.
    pub script: &'static str,
    pub container_stage: &'static str,
}

/// What the steps did: their checks, how long each took, and why they stopped early.
pub(super) struct Done {
    pub checks: Vec<Check>,
    pub steps: Vec<(&'static str, Duration)>,
    pub stopped: Option<&'static str>,
}

pub(super) async fn docker_steps(
    run: &Run<'_>,
    host_gpus: &HostGpus,
    image_present: bool,
    outcome: &mut Validation,
) -> Done {
    let Run { fleet, node, machine, settings, pulls, progress, script, container_stage } = *run;
    let mut done = Done { checks: Vec::new(), steps: Vec::new(), stopped: None };
    let since = Instant::now();
    let step = pull::pull_step(fleet, node, &settings.image, image_present, pulls, progress).await;
    done.steps.push(("image pull", since.elapsed()));
    (outcome.pulled, outcome.pull_secs) = (step.pulled, step.secs);
    done.checks.push(step.check);
    if !step.usable {
        done.stopped = Some("the image could not be pulled");
        return done;
    }

    progress(node, container_stage);
    let since = Instant::now();
    let image = format!("{}\n", settings.image);
    let ran = fleet.exec_within(node, script, image.as_bytes(), CONTAINER_DEADLINE + Duration::from_secs(15)).await;
    done.steps.push(("container run", since.elapsed()));
    done.checks.push(match machine {
        Machine::Gpus => container_check(ran, host_gpus),
        Machine::CpuOnly => cpu_container_check(ran),
    });

    progress(node, "checking a published port");
    let since = Instant::now();
    done.checks.push(port_check::check(fleet, node, &settings.port_image).await);
    done.steps.push(("published port", since.elapsed()));
    done
}
