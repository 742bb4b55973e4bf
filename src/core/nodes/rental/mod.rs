//! Rentals on a node, as the miner sees them without disturbing them: the validator's rental
//! containers (`basilica-<id>`, labelled `basilica.rental_id`), the compute processes on the
//! GPUs with who owns each (a rental, the miner's own validation container, or nobody the
//! miner knows: a foreign process), and the validators whose keys are on the node. The probe
//! only reads (`docker ps`, `docker top`, `nvidia-smi --query-compute-apps`, `authorized_keys`)
//! and rides in the SSH session the health check already opens.

use serde::{Deserialize, Serialize};

use super::authorized_keys;
use super::cpu::Machine;
use super::fleet::{Fleet, NodeError, Target};

/// The label validators put on a rental's container; its value is the rental id.
pub const RENTAL_LABEL: &str = "basilica.rental_id";
/// The label the miner puts on its own validation containers.
pub const VALIDATION_LABEL: &str = "basilica-miner.validation";
/// The most rental containers and compute processes read from one node (a node printing more
/// is cut here: its output is bounded whatever it runs).
pub const MAX_LISTED: usize = 64;

/// Compute processes hold GPU memory (a CUDA context alone takes more than this, in MiB):
/// where no GPU uses more, nobody computes on the node.
pub const BUSY_GPU_MIB: u64 = 64;

/// The look at a node's rentals, in one script: `docker ps` of the running rental containers,
/// the validator lines of `authorized_keys`, and on a GPU node the compute processes (with,
/// when there are any, their owners by `docker top`). Only reads.
pub fn probe_section(machine: Machine) -> String {
    let n = MAX_LISTED;
    let mut s = format!(
        "echo @@rentals;o=$(docker ps --no-trunc --filter label={RENTAL_LABEL} --format '{{{{.ID}}}}|{{{{.Names}}}}|{{{{.Label \"{RENTAL_LABEL}\"}}}}|{{{{.Image}}}}|{{{{.CreatedAt}}}}|{{{{.State}}}}' 2>&1);c=$?;printf '%s\\n' \"$o\"|head -n {n};echo \"@@rc $c\"\n\
         echo @@vkeys;grep ' validator-[^ ]*$' ~/.ssh/authorized_keys 2>/dev/null|head -n {n}\n"
    );
    if machine == Machine::Gpus {
        s.push_str(&format!(
            "a=$(nvidia-smi --query-compute-apps=pid,process_name,used_memory --format=csv,noheader,nounits 2>&1);c=$?;echo @@apps;printf '%s\\n' \"$a\"|head -n {n};echo \"@@rc $c\"\n\
             echo @@owners;if [ $c = 0 ]&&[ -n \"$a\" ];then for i in $(printf '%s\\n' \"$o\"|head -n {n}|cut -d'|' -f1|grep -x '[0-9a-f]\\{{12,64\\}}');do docker top $i -eo pid 2>/dev/null|sed -n \"2,{n}s/^ */$i {RENTAL_LABEL} /p\";done\n\
             for i in $(docker ps -q --no-trunc --filter label={VALIDATION_LABEL});do docker top $i -eo pid 2>/dev/null|sed -n \"2,{n}s/^ */$i {VALIDATION_LABEL} /p\";done;fi\n"
        ));
    }
    s
}

/// Whether the health check must look at the node's rentals, from what it already read: Docker
/// runs containers (`Running:` of `docker info`, unknown counts as some), or a GPU holds
/// memory. An idle node is looked at by no command more than the health check's own.
pub fn needs_look(docker_info: &str, gpus: &[super::gpu::Gpu]) -> bool {
    let running = docker_info.lines().find_map(|l| l.trim().strip_prefix("Running:")).map(|n| n.trim().parse::<u64>());
    let containers = !matches!(running, Some(Ok(0)));
    containers || gpus.iter().any(|g| g.memory_used_mib.is_some_and(|m| m > BUSY_GPU_MIB))
}

/// A rental container on the node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RentalContainer {
    /// The `basilica.rental_id` label's value.
    pub rental_id: String,
    /// Docker's container id.
    pub container_id: String,
    /// The container's name (`basilica-<id>`).
    pub name: String,
    /// The container's image.
    pub image: String,
    /// When Docker created it (Unix seconds), when its date could be read.
    pub created_at: Option<i64>,
    /// Docker's state: `running`, `exited`, `created`, …
    pub state: String,
}

impl RentalContainer {
    /// `rental r1 (basilica-r1, image, running)`.
    pub fn describe(&self) -> String {
        format!("rental {} ({}, {}, {})", self.rental_id, self.name, self.image, self.state)
    }

    /// The container of a rental the daemon recorded (its node could not be looked at now).
    pub fn recorded(r: &Rental) -> RentalContainer {
        RentalContainer {
            rental_id: r.rental_id.clone(),
            container_id: String::new(),
            name: r.container.clone(),
            image: r.image.clone(),
            created_at: Some(r.since),
            state: "recorded by serve".into(),
        }
    }
}

/// Who a compute process on the GPUs belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "rental_id", rename_all = "snake_case")]
pub enum Owner {
    /// A rental's container (its id).
    Rental(String),
    /// The miner's own validation container.
    Miner,
    /// Neither: a process validators would read as a busy or tampered node.
    Foreign,
}

impl Owner {
    /// `rental <id>`, `the miner's validation` or `not a rental`.
    pub fn describe(&self) -> String {
        match self {
            Owner::Rental(id) => format!("rental {id}"),
            Owner::Miner => "the miner's validation".into(),
            Owner::Foreign => "not a rental".into(),
        }
    }
}

/// A compute process nvidia-smi lists on the node's GPUs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpuProcess {
    /// The process id on the node.
    pub pid: u32,
    /// The process's name.
    pub name: String,
    /// GPU memory it uses, when nvidia-smi says.
    pub used_mib: Option<u64>,
    /// Whether it belongs to a rental, to the miner's validation, or to neither.
    pub owner: Owner,
}

/// What one look at a node found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RentalView {
    /// The rental containers running.
    pub containers: Vec<RentalContainer>,
    /// Compute processes on the GPUs (empty on a CPU-only host or when nvidia-smi failed).
    pub processes: Vec<GpuProcess>,
    /// The validators whose keys are in the node's authorized_keys.
    pub validators: Vec<String>,
}

impl RentalView {
    /// Whether a rental container runs on the node.
    pub fn rented(&self) -> bool {
        !self.containers.is_empty()
    }

    /// The compute processes that belong to no rental and not to the miner.
    pub fn foreign(&self) -> impl Iterator<Item = &GpuProcess> {
        self.processes.iter().filter(|p| p.owner == Owner::Foreign)
    }

    /// `rental r1 (basilica-r1, image)`, for reports.
    pub fn summary(&self) -> String {
        self.containers.iter().map(RentalContainer::describe).collect::<Vec<_>>().join("; ")
    }
}

/// Reads the rental sections of a probe's output (`docker ps` must have answered: `None`
/// when Docker could not be asked, so nothing is known).
pub fn read(
    rentals: Option<(&str, Option<i32>)>,
    vkeys: &str,
    apps: Option<(&str, Option<i32>)>,
    owners: &str,
) -> Option<RentalView> {
    let (ps, rc) = rentals?;
    if rc != Some(0) {
        return None;
    }
    let containers: Vec<RentalContainer> = ps.lines().filter_map(parse_container).take(MAX_LISTED).collect();
    let validators = authorized_keys::validator_keys(vkeys).into_iter().map(|k| k.hotkey).collect();
    let owned = parse_owners(owners, &containers);
    let processes = match apps {
        Some((text, Some(0))) => text
            .lines()
            .filter_map(parse_app)
            .take(MAX_LISTED)
            .map(|(pid, name, used_mib)| {
                let owner = owned.iter().find(|(p, _)| *p == pid).map_or(Owner::Foreign, |(_, o)| o.clone());
                GpuProcess { pid, name, used_mib, owner }
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(RentalView { containers, processes, validators })
}

/// One `ID|Names|rental id|Image|CreatedAt|State` line.
fn parse_container(line: &str) -> Option<RentalContainer> {
    let f: Vec<&str> = line.trim().splitn(6, '|').collect();
    let [id, name, rental, image, created, state] = f.as_slice() else { return None };
    let ok = |s: &str| !s.is_empty() && s.len() <= 256;
    if !ok(id) || !ok(rental) || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let cut = |s: &str| s.chars().take(256).collect::<String>();
    Some(RentalContainer {
        rental_id: cut(rental),
        container_id: cut(id),
        name: cut(name),
        image: cut(image),
        created_at: docker_time(created),
        state: cut(state),
    })
}

/// One `pid, name, used` line of `--query-compute-apps` (with or without units).
fn parse_app(line: &str) -> Option<(u32, String, Option<u64>)> {
    let f: Vec<&str> = line.split(',').map(str::trim).collect();
    let pid = f.first()?.parse().ok()?;
    let name = f.get(1).map_or(String::new(), |n| n.chars().take(128).collect());
    let used = f.get(2).and_then(|u| u.trim_end_matches("MiB").trim().parse().ok());
    Some((pid, name, used))
}

/// `CONTAINER LABEL PID` lines: a host PID of a rental's container or of the miner's own.
fn parse_owners(text: &str, containers: &[RentalContainer]) -> Vec<(u32, Owner)> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (who, label, pid) = (f.next()?, f.next()?, f.next()?.parse::<u32>().ok()?);
            if label == VALIDATION_LABEL {
                return Some((pid, Owner::Miner));
            }
            let c = containers.iter().find(|c| c.container_id == who || who.starts_with(&c.container_id))?;
            Some((pid, Owner::Rental(c.rental_id.clone())))
        })
        .collect()
}

/// Docker's `CreatedAt` (`2026-12-05 23:31:53 +0000 UTC`) as Unix seconds.
pub fn docker_time(text: &str) -> Option<i64> {
    let mut parts = text.split_whitespace();
    let (date, time, zone) = (parts.next()?, parts.next()?, parts.next().unwrap_or("+0000"));
    let d: Vec<i64> = date.split('-').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let t: Vec<i64> = time.split(':').map(|p| p.split('.').next().unwrap_or(p).parse().ok()).collect::<Option<_>>()?;
    let ([y, m, day], [hh, mm, ss]) = (d.as_slice(), t.as_slice()) else { return None };
    if !(1..=12).contains(m) || !(1..=31).contains(day) || *hh > 23 || *mm > 59 || *ss > 60 {
        return None;
    }
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let z = zone.trim_start_matches(['+', '-']);
    let offset = if z.len() == 4 && z.chars().all(|c| c.is_ascii_digit()) {
        sign * (z[..2].parse::<i64>().ok()? * 3600 + z[2..].parse::<i64>().ok()? * 60)
    } else {
        0
    };
    Some(days_from_civil(*y, *m, *day) * 86_400 + hh * 3600 + mm * 60 + ss - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A rental the miner keeps track of: what it saw of the container, since when the rental
/// runs, and which validators had their key on the node when it was first seen (the renter is
/// among them: it started the container with its key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rental {
    /// The `basilica.rental_id` label's value.
    pub rental_id: String,
    /// The container's name.
    pub container: String,
    /// The container's image.
    pub image: String,
    /// Docker's creation time, or when the miner first saw it.
    pub since: i64,
    /// The validators whose keys were on the node when it was first seen.
    pub validators: Vec<String>,
}

impl Rental {
    /// The renting validator, when one validator's key was on the node at first sight.
    pub fn renter(&self) -> Option<&str> {
        match self.validators.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// What changed on a node between two looks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RentalChanges {
    /// Rentals seen now that were not seen before.
    pub started: Vec<Rental>,
    /// Rentals seen before that are gone now.
    pub ended: Vec<Rental>,
}

impl RentalChanges {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.started.is_empty() && self.ended.is_empty()
    }
}

/// The rentals after a look at `at` (a rental keeps what was known of it since it was first
/// seen) and what started and ended since the rentals `before`.
pub fn follow(before: &[Rental], view: &RentalView, at: i64) -> (Vec<Rental>, RentalChanges) {
    let mut now = Vec::new();
    let mut changes = RentalChanges::default();
    for c in &view.containers {
        if now.iter().any(|r: &Rental| r.rental_id == c.rental_id) {
            continue;
        }
        match before.iter().find(|r| r.rental_id == c.rental_id) {
            Some(known) => now.push(known.clone()),
            None => {
                let r = Rental {
                    rental_id: c.rental_id.clone(),
                    container: c.name.clone(),
                    image: c.image.clone(),
                    since: c.created_at.filter(|t| *t <= at).unwrap_or(at),
                    validators: view.validators.clone(),
                };
                changes.started.push(r.clone());
                now.push(r);
            }
        }
    }
    changes.ended = before.iter().filter(|r| !now.iter().any(|n| n.rental_id == r.rental_id)).cloned().collect();
    (now, changes)
}

/// Looks at one node's rentals on its own (the commands that act on nodes look first).
pub async fn look(fleet: &Fleet, node: &Target, machine: Machine) -> Result<RentalView, NodeError> {
    let out = fleet.exec(node, &probe_section(machine), b"").await?;
    let text = String::from_utf8_lossy(&out.stdout);
    let s = super::script_output::sections(&text);
    view_of(&s).ok_or_else(|| {
        let why = s.get("rentals").map_or("", |(t, _)| t.as_str());
        NodeError::new(
            super::fleet::Code::DockerMissing,
            format!("cannot list the node's containers: {}", super::script_output::last_line(why)),
        )
    })
}

/// [`look`] at every node of `targets` at once, each as the machine `machine` says it is.
pub async fn look_all(
    fleet: &Fleet,
    targets: &[Target],
    machine: &(dyn Fn(&Target) -> Machine + Sync),
) -> Vec<Result<RentalView, NodeError>> {
    super::fleet::for_each(targets, &|_| {}, |t| async move { look(fleet, t, machine(t)).await }).await
}

/// The view in a probe's sections (see [`read`]).
pub(crate) fn view_of(s: &super::script_output::Sections<'_>) -> Option<RentalView> {
    let get = |k: &str| s.get(k).map(|(t, rc)| (t.as_str(), *rc));
    read(get("rentals"), get("vkeys").map_or("", |(t, _)| t), get("apps"), get("owners").map_or("", |(t, _)| t))
}

#[cfg(test)]
mod tests;
