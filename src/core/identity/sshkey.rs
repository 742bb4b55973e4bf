//! The miner's own SSH key for its GPU nodes: generation with `ssh-keygen` and checks of the
//! private key file (present, readable, mode 0600 or stricter).

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::core::support::fsutil;

/// Problems with the miner's node key.
#[derive(Debug, thiserror::Error)]
pub enum SshKeyError {
    /// The key file does not exist.
    #[error("key file {0} does not exist")]
    Missing(PathBuf),
    /// Others may read the key file, so ssh would refuse it.
    #[error("key file {path} has mode {mode:04o}, readable by others; ssh refuses such keys")]
    TooOpen {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The key file could not be read.
    #[error("cannot read key file {path}: {source}")]
    Unreadable {
        /// The key file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// ssh-keygen is not installed.
    #[error("`ssh-keygen` was not found")]
    NoKeygen,
    /// ssh-keygen could not make the key.
    #[error("ssh-keygen failed for {path}: {stderr}")]
    KeygenFailed {
        /// The key file asked for.
        path: PathBuf,
        /// What ssh-keygen said.
        stderr: String,
    },
    /// The key's directory could not be made.
    #[error("cannot create directory {path}: {source}")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

/// Checks that a private key file exists and is not readable by group or others.
pub fn check_private_key_file(path: &Path) -> Result<(), SshKeyError> {
    match fsutil::mode_of(path) {
        Ok(mode) if fsutil::wider_than_owner_only(mode) => Err(SshKeyError::TooOpen { path: path.to_path_buf(), mode }),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(SshKeyError::Missing(path.to_path_buf())),
        Err(source) => Err(SshKeyError::Unreadable { path: path.to_path_buf(), source }),
    }
}

/// Generates a new ed25519 key pair at `path` (private key mode 0600, `path.pub` beside it)
/// with `ssh-keygen`, creating the parent directory (mode 0700) if needed.
pub fn generate_ed25519(path: &Path, comment: &str) -> Result<(), SshKeyError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            create_private_dir(dir)?;
        }
    }
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
        .arg(path)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => SshKeyError::NoKeygen,
            _ => SshKeyError::KeygenFailed { path: path.to_path_buf(), stderr: e.to_string() },
        })?;
    if !out.status.success() {
        return Err(SshKeyError::KeygenFailed {
            path: path.to_path_buf(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(())
}

fn create_private_dir(dir: &Path) -> Result<(), SshKeyError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|source| SshKeyError::CreateDir { path: dir.to_path_buf(), source })
}

/// The path of the public half of a key: `<path>.pub`.
pub fn public_key_path(private: &Path) -> PathBuf {
    let mut p = private.as_os_str().to_owned();
    p.push(".pub");
    PathBuf::from(p)
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for SshKeyError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            SshKeyError::Missing(_) | SshKeyError::TooOpen { .. } | SshKeyError::Unreadable { .. } => {
                crate::core::support::exit::ExitClass::Credentials
            }
            SshKeyError::NoKeygen | SshKeyError::KeygenFailed { .. } | SshKeyError::CreateDir { .. } => {
                crate::core::support::exit::ExitClass::Failure
            }
        }
    }

    fn fix(&self) -> Option<String> {
        match self {
            SshKeyError::Missing(_) => Some(
                "run `basilica-miner init` to generate one or point [ssh_session] miner_node_key_path at your key"
                    .into(),
            ),
            SshKeyError::TooOpen { path, .. } => Some(format!("chmod 600 {}", path.display())),
            SshKeyError::NoKeygen => Some("install the OpenSSH client (apt-get install openssh-client)".into()),
            SshKeyError::Unreadable { .. } | SshKeyError::KeygenFailed { .. } | SshKeyError::CreateDir { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn generates_a_private_key_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("keys/miner_ed25519");
        generate_ed25519(&key, "basilica-miner").unwrap();
        check_private_key_file(&key).unwrap();
        let public = std::fs::read_to_string(public_key_path(&key)).unwrap();
        assert!(public.starts_with("ssh-ed25519 "));
        assert_eq!(fsutil::mode_of(&key).unwrap(), 0o600);
    }

    #[test]
    fn reports_missing_and_open_keys() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("k");
        assert!(matches!(check_private_key_file(&key), Err(SshKeyError::Missing(_))));
        std::fs::write(&key, "x").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(check_private_key_file(&key), Err(SshKeyError::TooOpen { mode: 0o644, .. })));
    }
}
