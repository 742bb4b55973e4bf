//! What a node's user meets at login, as on a machine of its own: the node's home directory is
//! the user's home directory (so sshd runs the node's `~/.ssh/rc`) and the node's own copy of
//! the passwd file names the user's login shell. Each sshd runs in a mount namespace of its own
//! where both are bind-mounted; that needs root. Without root a node keeps the real home and
//! shell, and the setters below say so.

use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::readiness::wait_ready;
use super::{io_err, TestNode, TestbedError};

/// The node's passwd copy.
pub(super) fn passwd_copy(dir: &Path) -> PathBuf {
    dir.join("passwd")
}

/// The home directory and login shell the system gives `user`.
pub(super) fn account(user: &str) -> Option<(PathBuf, String)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.len() == 7 && f[0] == user).then(|| (PathBuf::from(f[5]), f[6].to_string()))
    })
}

/// Writes the node's passwd copy: the system's, with `user`'s login shell set to `shell`
/// (`None`: as the system has it).
pub(super) fn write_passwd(dir: &Path, user: &str, shell: Option<&Path>) -> io::Result<()> {
    let system = std::fs::read_to_string("/etc/passwd")?;
    let text: String = system
        .lines()
        .map(|l| {
            let mut f: Vec<String> = l.split(':').map(str::to_string).collect();
            if let (Some(shell), true) = (shell, f.len() == 7 && f[0] == user) {
                f[6] = shell.display().to_string();
            }
            f.join(":") + "\n"
        })
        .collect();
    std::fs::write(passwd_copy(dir), text)
}

/// A stand-in for a login shell named `name` (e.g. `tcsh`): it runs commands with `/bin/sh`,
/// so the node works for the miner, while its name is what `getent passwd` shows.
pub(super) fn stand_in_shell(dir: &Path, name: &str) -> io::Result<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let shells = dir.join("shells");
    std::fs::create_dir_all(&shells)?;
    let path = shells.join(name);
    std::fs::write(&path, "#!/bin/sh\nexec /bin/sh \"$@\"\n")?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
    Ok(path)
}

fn c_path(p: &Path) -> io::Result<CString> {
    CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other)
}

/// Makes `cmd` (sshd) start in a mount namespace of its own where `home` is mounted over the
/// user's home directory and the node's passwd copy over /etc/passwd.
pub(super) fn isolate(cmd: &mut Command, dir: &Path, home: &Path, user_home: &Path) -> io::Result<()> {
    let home = c_path(home)?;
    let user_home = c_path(user_home)?;
    let passwd = c_path(&passwd_copy(dir))?;
    let etc_passwd = c_path(Path::new("/etc/passwd"))?;
    let root = c_path(Path::new("/"))?;
    #[allow(
        unsafe_code,
        reason = "pre_exec makes three mount(2) calls in the child before exec; the paths were made before fork"
    )]
    unsafe {
        cmd.pre_exec(move || {
            let check = |rc: libc::c_int| if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) };
            let none = std::ptr::null();
            check(libc::unshare(libc::CLONE_NEWNS))?;
            check(libc::mount(none, root.as_ptr(), none, libc::MS_REC | libc::MS_PRIVATE, std::ptr::null()))?;
            check(libc::mount(home.as_ptr(), user_home.as_ptr(), none, libc::MS_BIND, std::ptr::null()))?;
            check(libc::mount(passwd.as_ptr(), etc_passwd.as_ptr(), none, libc::MS_BIND, std::ptr::null()))?;
            Ok(())
        });
    }
    Ok(())
}

impl TestNode {
    /// Restarts the node's sshd in a mount namespace of its own, once (see the module's text).
    /// Only nodes that need it get one: mounts made on the machine later (a read-only or full
    /// `~/.ssh` in a test) do not show inside a namespace.
    fn isolate(&mut self, what: &str) -> io::Result<()> {
        if self.user_home.is_some() {
            return Ok(());
        }
        let account = account(&self.username).filter(|_| self.root_user);
        let Some((user_home, _)) = account else {
            return Err(io::Error::other(format!(
                "{what} needs the test bed to run as root (a mount namespace per node)"
            )));
        };
        write_passwd(&self.dir, &self.username, None)?;
        self.user_home = Some(user_home);
        self.kill();
        self.child = Some(self.start().map_err(io::Error::other)?);
        wait_ready(std::slice::from_ref(self)).map_err(io::Error::other)
    }

    /// Makes the node's `~/.ssh/rc` print `line` at every login (`None`: no rc file), as a
    /// banner script or a stray echo in a login file does.
    pub fn set_login_output(&mut self, line: Option<&str>) -> io::Result<()> {
        self.isolate("a login rc file")?;
        let rc = self.home.join(".ssh/rc");
        match line {
            Some(line) => std::fs::write(rc, format!("echo '{}'\n", line.replace('\'', ""))),
            None => {
                std::fs::remove_file(rc).or_else(|e| if e.kind() == io::ErrorKind::NotFound { Ok(()) } else { Err(e) })
            }
        }
    }

    /// Gives the node's user a login shell named `name` (a stand-in that runs `/bin/sh`;
    /// `None`: the system's shell for the user). sshd reads it at the next login.
    pub fn set_login_shell(&mut self, name: Option<&str>) -> io::Result<()> {
        self.isolate("a login shell")?;
        let shell = name.map(|n| stand_in_shell(&self.dir, n)).transpose()?;
        write_passwd(&self.dir, &self.username, shell.as_deref())
    }

    /// Gives the node's user the real login shell at `path` (e.g. `/usr/bin/tcsh`): sshd hands
    /// every command line to it, as on a node whose user ran `chsh`.
    pub fn set_real_login_shell(&mut self, path: &Path) -> io::Result<()> {
        self.isolate("a login shell")?;
        write_passwd(&self.dir, &self.username, Some(path))
    }

    /// Sets an sshd option (e.g. `MaxStartups 2:100:2`) and restarts sshd on the same port.
    pub fn set_sshd_option(&mut self, key: &str, value: &str) -> Result<(), TestbedError> {
        let cfg = self.dir.join("sshd_config");
        let text = std::fs::read_to_string(&cfg).map_err(io_err(&cfg))?;
        let mut lines: Vec<String> =
            text.lines().filter(|l| l.split_whitespace().next() != Some(key)).map(str::to_string).collect();
        // sshd takes the first value it reads: put it before the rest.
        lines.insert(0, format!("{key} {value}"));
        std::fs::write(&cfg, lines.join("\n") + "\n").map_err(io_err(&cfg))?;
        self.kill();
        self.child = Some(self.start()?);
        wait_ready(std::slice::from_ref(self))
    }

    /// Makes the node's nvidia-smi list `other`'s GPUs (same UUIDs): one machine behind two
    /// addresses.
    pub fn show_gpus_of(&self, other: &TestNode) -> io::Result<()> {
        std::fs::copy(other.home.join("bin/gpus.csv"), self.home.join("bin/gpus.csv")).map(|_| ())
    }
}
