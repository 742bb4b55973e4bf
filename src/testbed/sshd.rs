//! Starting one node's `sshd -D`: in the node's network namespace when it has one, in a mount
//! namespace of its own when its login is customised, and killed with the process that started it.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use super::{in_link, io_err, login, Link, TestbedError, SSHD};

/// Starts a node's sshd; with `login` (the node's home, the user's home directory) in a mount
/// namespace of its own ([`login::isolate`]).
pub(super) fn start_sshd(
    dir: &Path,
    index: usize,
    link: Option<&Link>,
    login: Option<(&Path, &Path)>,
) -> Result<Child, TestbedError> {
    let log = std::fs::File::create(dir.join("sshd.log")).map_err(io_err(dir))?;
    // In a namespace: `ip netns exec` becomes sshd (same process), so the pid is sshd's.
    let mut cmd = link.map_or_else(|| Command::new(SSHD), |l| in_link(l, SSHD));
    // If the process that started the node dies without cleaning up, the node dies too.
    #[allow(unsafe_code, reason = "pre_exec runs prctl(2) in the child before exec; it touches no shared memory")]
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    if let Some((home, user_home)) = login {
        login::isolate(&mut cmd, dir, home, user_home).map_err(io_err(dir))?;
    }
    let child = cmd
        .arg("-D")
        .arg("-e")
        .arg("-f")
        .arg(dir.join("sshd_config"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| TestbedError::Start { index, detail: e.to_string() })?;
    Ok(child)
}
