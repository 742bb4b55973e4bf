//! The binary in a real terminal (tmux), for the screens a pipe does not show.

use super::Sandbox;

/// The binary in a real terminal (tmux): keys sent, the screen read back.
pub struct Terminal {
    name: String,
}

impl Terminal {
    /// Runs `basilica-miner ARGS` (a shell word list) in the sandbox on a `cols` x `rows`
    /// terminal; after it exits the screen shows `EXIT=<code>`.
    pub fn start(s: &Sandbox, args: &str, (cols, rows): (u16, u16)) -> Terminal {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("bm-term-{}-{n}", std::process::id());
        let cmd = format!(
            "cd {} && HOME={} NO_COLOR=1 {} {args}; echo EXIT=$?; sleep 60",
            s.dir.path().display(),
            s.home().display(),
            env!("CARGO_BIN_EXE_basilica-miner")
        );
        let ok = std::process::Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", &cols.to_string(), "-y", &rows.to_string(), &cmd])
            .status()
            .unwrap()
            .success();
        assert!(ok, "tmux new-session");
        Terminal { name }
    }

    pub fn screen(&self) -> String {
        let out =
            std::process::Command::new("tmux").args(["capture-pane", "-p", "-J", "-t", &self.name]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text` (the prompt to answer next, a redraw).
    pub fn wait(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(std::time::Instant::now() < deadline, "the terminal never showed {text:?}:\n{screen}");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// Waits until `line` is no longer on the screen (the next redraw); the new screen.
    pub fn wait_until_changed(&self, line: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if !screen.contains(line) {
                return screen;
            }
            assert!(std::time::Instant::now() < deadline, "the screen never changed from {line:?}:\n{screen}");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.name.as_str()];
        args.extend_from_slice(keys);
        assert!(std::process::Command::new("tmux").args(&args).status().unwrap().success());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux").args(["kill-session", "-t", &self.name]).status();
    }
}
