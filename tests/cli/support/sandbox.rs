//! A scratch directory with its own HOME, the real binary run in it, the fixtures, and a
//! sandbox around a test bed of sshd nodes.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

/// What one run of the binary printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing both streams when it differs.
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(self.code, expected, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }

    pub fn stdout_has(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn stderr_has(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn stdout_empty(&self) -> &Self {
        assert!(self.stdout.is_empty(), "stdout should be empty, got\n{}", self.stdout);
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        Sandbox { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn home(&self) -> PathBuf {
        self.path("home")
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// The binary with a clean environment: HOME in the sandbox, no BASILICA_MINER_*
    /// variables from the caller, colour off, run in the sandbox directory.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_basilica-miner"));
        // NOTIFY_SOCKET too: a test runner under systemd must not make `serve` talk to it.
        cmd.current_dir(self.dir.path()).env("HOME", self.home()).env("NO_COLOR", "1").env_remove("NOTIFY_SOCKET");
        for (k, _) in std::env::vars() {
            if k.starts_with("BASILICA_MINER_") {
                cmd.env_remove(k);
            }
        }
        cmd.stdin(std::process::Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command();
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run basilica-miner");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Sets integer keys of miner.toml's `[node_management]` table (a health round every
    /// second, a quicker node timeout), keeping the rest of the file as it is.
    pub fn node_management(&self, settings: &[(&str, i64)]) {
        use basilica_miner::core::config::edit::ConfigDocument;
        let mut doc = ConfigDocument::open(&self.path("miner.toml")).expect("miner.toml parses");
        for (key, value) in settings {
            doc.set(&["node_management", key], *value).expect("[node_management] is a table");
        }
        self.write("miner.toml", &doc.to_text());
    }

    /// A miner.toml made by `init` with flags (test network, no nodes), and the wallet it
    /// names in the sandbox's `~/.bittensor/wallets` (files `config validate` looks for).
    pub fn init(&self) -> PathBuf {
        self.fake_wallet("miner", "default");
        self.run(&[
            "init",
            "--wallet-name",
            "miner",
            "--hotkey-name",
            "default",
            "--network",
            "test",
            "--external-ip",
            "198.51.100.7",
        ])
        .code(0);
        self.path("miner.toml")
    }

    /// A wallet laid out as btcli does under the sandbox's `~/.bittensor/wallets` (the hotkey
    /// file holds a test key; nothing here is loaded by `config validate`).
    pub fn fake_wallet(&self, wallet: &str, hotkey: &str) {
        self.write(
            &format!("home/.bittensor/wallets/{wallet}/hotkeys/{hotkey}"),
            "{\"secretSeed\": \"0x0101010101010101010101010101010101010101010101010101010101010101\"}",
        );
        self.write(&format!("home/.bittensor/wallets/{wallet}/coldkeypub.txt"), "{}");
    }
}

/// The directory holding this test binary's fixtures.
pub fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fixtures").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("fixture {}: {e}", p.display()))
}

/// A sandbox whose miner.toml lists the nodes of a fresh testbed (same order), using the
/// testbed's miner key, the default 10 s node timeout (a test that needs a node to time out
/// sets a shorter one: a loaded CI machine can stall a healthy node for several seconds) and
/// `data/` for the database and known_hosts.
pub fn fleet_sandbox(profiles: &[basilica_miner::testbed::GpuProfile]) -> (Sandbox, basilica_miner::testbed::Testbed) {
    sandbox_for(basilica_miner::testbed::Testbed::start(profiles).expect("testbed"))
}

/// A sandbox whose miner.toml lists the nodes of `bed` (each at its own address).
pub fn sandbox_for(bed: basilica_miner::testbed::Testbed) -> (Sandbox, basilica_miner::testbed::Testbed) {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.path("data")).unwrap();
    let mut toml = format!(
        "[bittensor]\nnetwork = \"test\"\nexternal_ip = \"127.0.0.1\"\n\n[database]\nurl = \"sqlite://data/miner.db\"\n\n\
         [ssh_session]\nminer_node_key_path = \"{}\"\n\n[node_management]\nhealth_check_timeout = 10\n",
        bed.miner_key.display()
    );
    for n in &bed.nodes {
        toml.push_str(&format!(
            "\n[[node_management.nodes]]\nhost = \"{}\"\nport = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n",
            n.ip, n.port, n.username
        ));
    }
    s.write("miner.toml", &toml);
    (s, bed)
}
