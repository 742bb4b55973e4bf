//! CPU cgroups (the v1 `cpu` controller) that keep the benchmark's stand-ins for other machines
//! off the latency it measures. On a real fleet the attackers' senders and the GPU nodes run on
//! CPUs of their own; here they share the daemon's two cores:
//! - the flood generator goes into an idle group (`cpu.idle`), which yields to every other
//!   group: a thread of any other group that wakes takes the CPU from it at once. `SCHED_IDLE`
//!   on its threads alone ranks them below their own group's threads only (the bench and the
//!   daemon share one; the daemon's ssh ControlMasters and every sshd session are groups of
//!   their own, autogroups, one per session), and even there EEVDF gives a waiting
//!   `SCHED_IDLE` thread its due share in one piece: `perf sched` showed a daemon worker kept
//!   runnable for 3.7 ms, and the database thread for 2.9 ms, while the generator ran;
//! - the nodes' sshd and the commands it runs go into a group weighted like ten ordinary
//!   ones, so the shell and `cat` a node runs for DiscoverNodes do not queue behind the
//!   daemon's front door (seen: `cat` waiting 8.6 ms for a core), as on a node they could not.
//!   The miner's own processes (the daemon, its ssh ControlMasters) stay where they are.
//!
//! Needs root and a writable `/sys/fs/cgroup/cpu`; without them the benchmark says so and runs
//! without the groups.

use std::path::PathBuf;
use std::sync::Mutex;

/// The cgroup filesystem of the v1 `cpu` controller.
const CPU_CGROUPS: &str = "/sys/fs/cgroup/cpu";

/// Thread ids registered with [`register_this_thread`].
static THREADS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// Records the calling thread (call it from the generator runtime's `on_thread_start`).
pub fn register_this_thread() {
    #[allow(unsafe_code, reason = "gettid(2) has no safe wrapper; it reads this thread's id")]
    let tid = unsafe { libc::gettid() };
    THREADS.lock().unwrap().push(tid);
}

/// A cgroup; its threads are moved back to the root group and it is removed when dropped.
pub struct CpuGroup {
    dir: PathBuf,
}

impl CpuGroup {
    /// An idle group holding the threads recorded with [`register_this_thread`].
    pub fn idle_for_registered_threads() -> Result<CpuGroup, String> {
        let group = CpuGroup::new("flood")?;
        group.write("cpu.idle", "1")?;
        for tid in THREADS.lock().unwrap().iter() {
            group.write("tasks", &tid.to_string())?;
        }
        Ok(group)
    }

    /// A group weighted like ten ordinary ones, holding `pids` (whole processes; their
    /// children start in it too).
    pub fn weighted_for(pids: &[u32]) -> Result<CpuGroup, String> {
        let group = CpuGroup::new("nodes")?;
        group.write("cpu.shares", "10240")?;
        for pid in pids {
            // A process that ended since it was listed is no error.
            if std::path::Path::new(&format!("/proc/{pid}")).exists() {
                group.write("cgroup.procs", &pid.to_string())?;
            }
        }
        Ok(group)
    }

    fn new(what: &str) -> Result<CpuGroup, String> {
        let dir = PathBuf::from(CPU_CGROUPS).join(format!("basilica-bench-{what}-{}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let undo = dir.clone();
        super::interrupted::register(&dir.display().to_string(), Box::new(move || remove_group(&undo)));
        Ok(CpuGroup { dir })
    }

    fn write(&self, file: &str, value: &str) -> Result<(), String> {
        let path = self.dir.join(file);
        std::fs::write(&path, value).map_err(|e| format!("cannot write {value} to {}: {e}", path.display()))
    }
}

impl Drop for CpuGroup {
    fn drop(&mut self) {
        remove_group(&self.dir);
        super::interrupted::forget(&self.dir.display().to_string());
    }
}

/// Moves the group's threads back to the root group and removes it.
fn remove_group(dir: &std::path::Path) {
    let tasks = std::fs::read_to_string(dir.join("tasks")).unwrap_or_default();
    for tid in tasks.lines() {
        let _ = std::fs::write(PathBuf::from(CPU_CGROUPS).join("tasks"), tid);
    }
    let _ = std::fs::remove_dir(dir);
}
