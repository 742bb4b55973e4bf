//! The edit lock of `miner.toml`: an exclusive advisory lock (`flock`) on `<config>.lock`
//! beside the file, held by every command that changes the file, so concurrent edits from
//! cron, the operator and the wizard queue up instead of losing each other's changes.
//!
//! The holder writes its pid into the lock file, so a waiter can say who it waits for. The
//! lock dies with its process (the kernel drops `flock` locks on exit, also after `kill -9`),
//! so a crashed editor never leaves the file locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long an editor waits for another one before giving up.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// Why the edit lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process held it for the whole wait.
    #[error(
        "another basilica-miner is editing {config} ({holder}); waited {waited_secs} s. Try again when it has finished"
    )]
    Busy {
        /// The configuration file.
        config: PathBuf,
        /// Who holds it (command and pid).
        holder: String,
        /// How long this process waited.
        waited_secs: u64,
    },
    /// The lock file could not be opened.
    #[error("cannot open the lock file {path}: {source}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A held edit lock; released when dropped.
#[derive(Debug)]
pub struct ConfigLock {
    file: File,
    path: PathBuf,
}

/// `<config>.lock`, beside the config file.
pub fn lock_path(config: &Path) -> PathBuf {
    let mut name = config.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl ConfigLock {
    /// Takes the edit lock of `config`, waiting up to `wait` for another holder.
    pub fn acquire(config: &Path, wait: Duration) -> Result<ConfigLock, LockError> {
        let path = lock_path(config);
        let io = |source| LockError::Io { path: path.clone(), source };
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
        let started = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(TryLockError::WouldBlock) => {
                    let holder = holder_of(&mut file);
                    return Err(LockError::Busy {
                        config: config.to_path_buf(),
                        holder,
                        waited_secs: started.elapsed().as_secs(),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        // Best effort: the pid is only shown to waiters.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| write!(file, "{}", std::process::id()))
            .and_then(|()| file.sync_data());
        Ok(ConfigLock { file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn holder_of(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.seek(SeekFrom::Start(0)).and_then(|_| file.take(32).read_to_string(&mut text));
    match text.trim().parse::<u32>() {
        Ok(pid) => format!("pid {pid}"),
        Err(_) => "pid unknown".into(),
    }
}

impl Drop for ConfigLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

crate::classify_all!(Failure: LockError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_editor_waits_then_names_the_holder() {
        let d = tempfile::tempdir().unwrap();
        let config = d.path().join("miner.toml");
        let held = ConfigLock::acquire(&config, DEFAULT_WAIT).unwrap();
        assert_eq!(held.path(), d.path().join("miner.toml.lock"));
        let err = ConfigLock::acquire(&config, Duration::from_millis(50)).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(&format!("pid {}", std::process::id())), "{text}");
        assert!(text.contains("miner.toml"), "{text}");
        drop(held);
        ConfigLock::acquire(&config, Duration::from_millis(50)).unwrap();
    }
}
