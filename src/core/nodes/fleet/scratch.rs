//! The engine's scratch directory in the system temp directory (short, because a control
//! socket's path is limited to 108 bytes): `bm-<pid>-<random>`, holding the SSH control sockets
//! and the masters' logs. The engine removes it when it is dropped; a process that was killed
//! cannot, so each new engine first removes the scratch directories its user left behind with
//! processes that are gone (a daemon killed by the OOM killer, a command killed by cron's
//! timeout), instead of leaving one per kill in `/tmp` for months.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

const PREFIX: &str = "bm-";

/// Makes this process's scratch directory under `parent`, after removing stale ones there.
pub(super) fn create(parent: &Path) -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix(&format!("{PREFIX}{}-", std::process::id())).tempdir_in(parent)?;
    // The new directory's owner is this process's user: only that user's leftovers go.
    let uid = std::fs::symlink_metadata(dir.path())?.uid();
    remove_stale(parent, uid);
    Ok(dir)
}

/// Removes `bm-<pid>-*` directories under `parent` owned by `uid` whose process no longer runs.
/// Anything else (another user's, a symlink, a file, a name of another shape, a live or reused
/// pid) is left alone; failures are ignored (the next engine tries again).
fn remove_stale(parent: &Path, uid: u32) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owner_pid) else { continue };
        if Path::new("/proc").join(pid.to_string()).exists() {
            continue;
        }
        let path = entry.path();
        let ours = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir() && m.uid() == uid);
        if ours && std::fs::remove_dir_all(&path).is_ok() {
            tracing::debug!(path = %path.display(), pid, "removed the scratch directory of a process that is gone");
        }
    }
}

/// The pid in a scratch directory's name `bm-<pid>-<random>`.
fn owner_pid(name: &str) -> Option<u32> {
    let (pid, rest) = name.strip_prefix(PREFIX)?.split_once('-')?;
    if rest.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok().filter(|&p| p > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pid that no process has now: a child that has exited and been reaped.
    fn gone_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn names_of_scratch_directories_give_their_pid() {
        assert_eq!(owner_pid("bm-1234-aB3xYz"), Some(1234));
        for other in ["bm-aB3xYz", "bm-1234", "bm-1234-", "bm--x", "bm-0-x", "bm-12a-x", "xbm-1-x", "bm-99999999999-x"]
        {
            assert_eq!(owner_pid(other), None, "{other}");
        }
    }

    #[test]
    fn a_new_engine_removes_only_what_gone_processes_of_its_user_left() {
        let parent = tempfile::tempdir().unwrap();
        let p = parent.path();
        let gone = gone_pid();
        let stale = p.join(format!("bm-{gone}-old1"));
        std::fs::create_dir_all(stale.join(".ssh-connectionX")).unwrap();
        std::fs::write(stale.join(".ssh-connectionX/log"), "ssh log").unwrap();
        let live = p.join(format!("bm-{}-live", std::process::id()));
        std::fs::create_dir(&live).unwrap();
        let file = p.join(format!("bm-{gone}-file"));
        std::fs::write(&file, "").unwrap();
        let old_style = p.join("bm-aB3xYz");
        std::fs::create_dir(&old_style).unwrap();
        let target = p.join("kept");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("precious"), "x").unwrap();
        let link = p.join(format!("bm-{gone}-link"));
        std::os::unix::fs::symlink(&target, &link).unwrap();

        let mine = create(p).unwrap();
        assert!(mine.path().is_dir());
        assert!(!stale.exists(), "a gone process's scratch directory is removed");
        assert!(live.is_dir() && file.is_file() && old_style.is_dir(), "a live pid's, a file, another shape: kept");
        assert!(target.join("precious").is_file() && link.symlink_metadata().is_ok(), "a symlink is not followed");

        // Another user's leftovers are kept.
        let stale = p.join(format!("bm-{gone}-old2"));
        std::fs::create_dir(&stale).unwrap();
        let uid = std::fs::symlink_metadata(&stale).unwrap().uid();
        remove_stale(p, uid + 1);
        assert!(stale.is_dir());
        remove_stale(p, uid);
        assert!(!stale.exists());
    }
}
