//! `basilica-miner.pid` beside the database: written by `serve` and held under an exclusive
//! `flock` for the daemon's whole life. Editing commands look at it to tell the operator (or
//! signal, with `--reload`) that a running daemon uses the config they just changed; a second
//! daemon on the same database is refused. A pid file whose lock nobody holds is stale (the
//! daemon was killed) and is ignored.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::core::config::LoadedConfig;

/// The pid file of the daemon serving `loaded` (beside its database file).
pub fn path_for(loaded: &LoadedConfig) -> PathBuf {
    loaded.paths().pid_file
}

/// Why the pid file could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum PidFileError {
    /// A live `serve` holds it.
    #[error("another basilica-miner serve (pid {pid}) is already running with this database ({path}); stop it first")]
    AlreadyRunning {
        /// The running daemon's process id, read from the pid file.
        pid: u32,
        /// The database it serves.
        path: PathBuf,
    },
    /// The pid file could not be written.
    #[error("cannot write the pid file {path}: {source}")]
    Io {
        /// The pid file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A running daemon found through its pid file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningDaemon {
    /// Its process id, read from the pid file and checked alive.
    pub pid: u32,
    /// The config file it serves (as it was given, made absolute).
    pub config: PathBuf,
}

/// The claimed pid file; removed when dropped.
#[derive(Debug)]
pub struct PidFile {
    _file: File,
    path: PathBuf,
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
}

impl PidFile {
    /// Claims `path` for this process serving `config`.
    pub fn claim(path: &Path, config: &Path) -> Result<PidFile, PidFileError> {
        let io = |source| PidFileError::Io { path: path.to_path_buf(), source };
        let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let pid = read(&mut file).map_or(0, |r| r.pid);
                return Err(PidFileError::AlreadyRunning { pid, path: path.to_path_buf() });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        file.set_len(0).map_err(io)?;
        write!(file, "{}\n{}\n", std::process::id(), absolute(config).display()).map_err(io)?;
        file.sync_data().map_err(io)?;
        Ok(PidFile { _file: file, path: path.to_path_buf() })
    }
}

impl Drop for PidFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn read(file: &mut File) -> Option<RunningDaemon> {
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text).ok()?;
    let mut lines = text.lines();
    let pid = lines.next()?.trim().parse().ok()?;
    Some(RunningDaemon { pid, config: PathBuf::from(lines.next().unwrap_or_default()) })
}

/// The daemon holding the pid file at `path`, if one is alive.
pub fn running(path: &Path) -> Option<RunningDaemon> {
    let mut file = File::open(path).ok()?;
    match file.try_lock_shared() {
        Ok(()) => None,
        Err(TryLockError::WouldBlock) => read(&mut file),
        Err(TryLockError::Error(_)) => None,
    }
}

/// The daemon serving `config` through `loaded`'s pid file, if it runs.
pub fn running_for(loaded: &LoadedConfig) -> Option<RunningDaemon> {
    running(&path_for(loaded)).filter(|d| d.config == absolute(&loaded.path))
}

/// Asks the daemon to reload its configuration (SIGHUP).
pub fn signal_reload(daemon: &RunningDaemon) -> std::io::Result<()> {
    let pid = libc::pid_t::try_from(daemon.pid).map_err(std::io::Error::other)?;
    // SAFETY: kill(2) with a pid read from a pid file whose flock the daemon holds; no memory is shared.
    #[allow(unsafe_code, reason = "kill(2) has no safe wrapper in std")]
    let sent = unsafe { libc::kill(pid, libc::SIGHUP) };
    if sent == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claimed_pid_file_is_seen_as_running_and_refuses_a_second_claim() {
        let d = tempfile::tempdir().unwrap();
        let (path, config) = (d.path().join("basilica-miner.pid"), d.path().join("miner.toml"));
        std::fs::write(&config, "").unwrap();
        let claimed = PidFile::claim(&path, &config).unwrap();
        let seen = running(&path).unwrap();
        assert_eq!(seen.pid, std::process::id());
        assert_eq!(seen.config, absolute(&config));
        assert!(matches!(PidFile::claim(&path, &config), Err(PidFileError::AlreadyRunning { .. })));
        drop(claimed);
        assert_eq!(running(&path), None, "removed on drop");
        std::fs::write(&path, "4242\n/x/miner.toml\n").unwrap();
        assert_eq!(running(&path), None, "a pid file nobody holds is stale");
    }
}
