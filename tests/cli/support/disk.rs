//! A disk to fill: a small tmpfs over a directory (needs root).

use std::io::Write;

/// A small tmpfs mounted over a directory for the test's lifetime (needs root): a disk to fill.
pub(crate) struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    /// Mounts a tmpfs with mount `options` (`size=1m`, `size=64k,mode=0700`) over `dir`.
    pub(crate) fn mount(dir: &std::path::Path, options: &str) -> SmallDisk {
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "mounting a tmpfs ({options}) needs root (CI runs as root): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        SmallDisk(dir.to_path_buf())
    }

    /// Writes a filler file until the disk is full.
    pub(crate) fn fill(&self) {
        let mut f = std::fs::File::create(self.0.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).and_then(|()| f.sync_data()).is_ok() {}
    }

    pub(crate) fn free(&self) {
        std::fs::remove_file(self.0.join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}
