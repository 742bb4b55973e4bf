//! File-system helpers: `~` expansion, path resolution, atomic writes and permission checks.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Expands a leading `~` or `~/` to the user's home directory (`$HOME`).
pub fn expand_tilde(path: &str) -> PathBuf {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    if path == "~" {
        if let Some(h) = home() {
            return h;
        }
    } else if let Some(rest) = path.strip_prefix("~/") {
        if let Some(h) = home() {
            return h.join(rest);
        }
    }
    PathBuf::from(path)
}

/// Expands `~` and makes a relative path relative to `base` (the config file's directory).
pub fn resolve(path: &str, base: &Path) -> PathBuf {
    let expanded = expand_tilde(path);
    if expanded.is_absolute() {
        expanded
    } else {
        base.join(expanded)
    }
}

/// Replaces `path` with `contents` atomically: a temporary file in the same directory is
/// written, flushed to disk and renamed over the target, so readers see either the old or
/// the new file, never a half-written one. The target's permission bits are kept; a new
/// file gets `new_mode`.
pub fn write_atomic(path: &Path, contents: &[u8], new_mode: u32) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mode = match fs::metadata(path) {
        Ok(meta) => meta.permissions().mode() & 0o7777,
        Err(e) if e.kind() == io::ErrorKind::NotFound => new_mode,
        Err(e) => return Err(e),
    };
    let mut tmp = tempfile::Builder::new().prefix(".basilica-miner-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = fs::File::open(dir) {
        // Make the rename itself durable; failure here does not undo the write.
        let _ = d.sync_all();
    }
    Ok(())
}

/// The permission bits of a file (`0o600` style), or the I/O error that stopped us reading them.
pub fn mode_of(path: &Path) -> io::Result<u32> {
    Ok(fs::metadata(path)?.permissions().mode() & 0o777)
}

/// True when group or others may read, write or execute the file.
pub fn wider_than_owner_only(mode: u32) -> bool {
    mode & 0o077 != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_expands_to_home() {
        let home = std::env::var("HOME").unwrap();
        assert_eq!(expand_tilde("~/x/y"), PathBuf::from(home).join("x/y"));
        assert_eq!(expand_tilde("/abs/~"), PathBuf::from("/abs/~"));
        assert_eq!(expand_tilde("rel"), PathBuf::from("rel"));
    }

    #[test]
    fn relative_paths_resolve_against_base() {
        assert_eq!(resolve("data/m.db", Path::new("/etc/bm")), PathBuf::from("/etc/bm/data/m.db"));
        assert_eq!(resolve("/var/m.db", Path::new("/etc/bm")), PathBuf::from("/var/m.db"));
    }

    #[test]
    fn atomic_write_keeps_mode_and_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.toml");
        write_atomic(&p, b"one", 0o600).unwrap();
        assert_eq!(mode_of(&p).unwrap(), 0o600);
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two", 0o600).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(mode_of(&p).unwrap(), 0o640);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp file left behind");
    }

    #[test]
    fn wide_modes_are_detected() {
        assert!(!wider_than_owner_only(0o600));
        assert!(!wider_than_owner_only(0o400));
        assert!(wider_than_owner_only(0o640));
        assert!(wider_than_owner_only(0o604));
    }
}
