//! The container image, run for real (`scripts/test-image` builds it and runs these with
//! `--ignored`, naming it in `BASILICA_MINER_TEST_IMAGE`): `config validate` on a mounted
//! config, `serve` on the host network following the chain double and reaching the test bed's
//! sshd nodes, a Python validator authenticating and discovering through it, healthy through
//! its own HEALTHCHECK, the unprivileged user, a clean exit on `docker stop`; then the compose
//! file, up and down. Needs root and a running Docker engine.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::GpuProfile::*;

use crate::support::wait_until;
use crate::support::Sandbox;
use crate::support::{setup, validator_at};
use basilica_miner::testbed::chain_double::ChainDouble;

fn image() -> String {
    std::env::var("BASILICA_MINER_TEST_IMAGE")
        .expect("BASILICA_MINER_TEST_IMAGE names the image to test; scripts/test-image builds it and sets it")
}

fn run(program: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(program).args(args).envs(env.iter().copied()).output().unwrap()
}

fn docker(args: &[&str]) -> Output {
    run("docker", args, &[])
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn inspect(container: &str, format: &str) -> String {
    String::from_utf8_lossy(&docker(&["inspect", "-f", format, container]).stdout).trim().to_string()
}

/// Makes the miner's own files readable by the image's user (uid 10001), as an operator does.
fn hand_to_container_user(s: &Sandbox, miner_key: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for dir in [s.dir.path(), miner_key.parent().unwrap()] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let pubkey = miner_key.with_extension("pub");
    for p in [s.path("wallets"), s.path("data"), miner_key.to_path_buf(), pubkey] {
        let ok = Command::new("chown").args(["-R", "10001:10001"]).arg(&p).status().unwrap().success();
        assert!(ok, "chown {} (the image test runs as root)", p.display());
    }
}

/// The miner sandbox following the chain double, where //Alice holds the only permit.
fn miner(double: &ChainDouble) -> (Sandbox, basilica_miner::testbed::Testbed, String, u16) {
    let (s, bed, miner_hotkey, grpc, _metrics) = setup(&[H100x8, H100x8, NoDriver]);
    let miner = *basilica_miner::core::identity::ss58::parse(&miner_hotkey).unwrap().as_ref();
    let alice = Keypair::from_uri("//Alice").unwrap().public();
    double.set_neurons(387, &[(alice, 0, true, vec![900]), (miner, 3, false, vec![1])]);
    crate::support::follow_chain(&s, &double.url);
    hand_to_container_user(&s, &bed.miner_key);
    (s, bed, miner_hotkey, grpc)
}

/// A Python validator (//Alice) authenticates and discovers through `grpc`: what it got.
fn validator_session(s: &Sandbox, grpc: u16, miner_hotkey: &str, context: &dyn Fn() -> String) -> serde_json::Value {
    let v = validator_at(s, grpc, miner_hotkey, "//Alice", "flow", context);
    assert_eq!(v["authenticated"], true, "{v}\n{}", context());
    v
}

struct Container(String);

impl Drop for Container {
    fn drop(&mut self) {
        let _ = docker(&["rm", "-f", &self.0]);
    }
}

#[test]
#[ignore = "needs a built image and a Docker engine: run by scripts/test-image"]
fn the_image_validates_serves_a_validator_is_healthy_and_stops_cleanly() {
    let image = image();
    let double = ChainDouble::start();
    let (s, bed, miner_hotkey, grpc) = miner(&double);
    let dir = s.dir.path().display().to_string();
    let bed_dir = bed.miner_key.parent().unwrap().display().to_string();
    let config = format!("{dir}/miner.toml");
    let mounts = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> =
            ["--network", "host", "-v", &format!("{dir}:{dir}"), "-v", &format!("{bed_dir}:{bed_dir}:ro")]
                .iter()
                .map(ToString::to_string)
                .collect();
        a.extend(["-e".into(), format!("BASILICA_MINER_CONFIG={config}")]);
        a.extend(extra.iter().map(ToString::to_string));
        a
    };

    // config validate on the mounted config; a broken copy is refused, naming the field.
    let mut args = vec!["run".to_string(), "--rm".into()];
    args.extend(mounts(&[]));
    args.extend([image.clone(), "config".into(), "validate".into()]);
    let out = docker(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "config validate in the container:\n{}", text(&out));
    s.write("broken.toml", &s.read("miner.toml").replace(&format!("port = {grpc}\n"), "port = \"fifty\"\n"));
    let mut args = vec!["run".to_string(), "--rm".into()];
    args.extend(mounts(&[]));
    args.extend([image.clone(), "-c".into(), format!("{dir}/broken.toml"), "config".into(), "validate".into()]);
    let out = docker(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("port"), "the error names the field:\n{}", text(&out));

    // serve, with the image's own HEALTHCHECK polled every second.
    let name = format!("bm-image-test-{}", std::process::id());
    let mut args = vec!["run".to_string(), "-d".into(), "--name".into(), name.clone()];
    args.extend(mounts(&["--health-interval", "1s", "--health-start-period", "60s"]));
    args.push(image.clone());
    let out = docker(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "docker run:\n{}", text(&out));
    let container = Container(name.clone());
    let logs = || text(&docker(&["logs", "--tail", "40", &container.0]));
    wait_until("the container healthy through its HEALTHCHECK", 90, logs, || {
        inspect(&name, "{{.State.Health.Status}}") == "healthy"
    });
    let v = validator_session(&s, grpc, &miner_hotkey, &logs);
    assert_eq!(v["nodes"].as_array().unwrap().len(), 3, "every node: {v}\n{}", logs());
    let alice = Keypair::from_uri("//Alice").unwrap().ss58;
    assert!(bed.nodes[0].read_authorized_keys().contains(&format!("validator-{alice}")), "{}", logs());

    // The daemon runs as the image's unprivileged user.
    let pid = inspect(&name, "{{.State.Pid}}");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let uid = status.lines().find(|l| l.starts_with("Uid:")).unwrap().to_string();
    assert!(uid.split_whitespace().skip(1).all(|u| u == "10001"), "{uid}");

    // docker stop: SIGTERM, a clean exit 0 well within the grace period.
    let started = Instant::now();
    let out = docker(&["stop", "-t", "30", &name]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", text(&out));
    assert!(took < Duration::from_secs(20), "stopped in {took:?}:\n{}", logs());
    assert_eq!(inspect(&name, "{{.State.ExitCode}}"), "0", "{}", logs());
}

#[test]
#[ignore = "needs a built image, docker-compose and a Docker engine: run by scripts/test-image"]
fn the_compose_file_comes_up_serves_and_goes_down() {
    let _ = image();
    let double = ChainDouble::start();
    let (s, bed, miner_hotkey, grpc) = miner(&double);
    let compose = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/compose.yml").display().to_string();
    let project = format!("bmtest{}", std::process::id());
    let env = [
        ("BASILICA_MINER_TOML", s.path("miner.toml").display().to_string()),
        ("BASILICA_MINER_WALLETS", s.path("wallets").display().to_string()),
        ("BASILICA_MINER_NODE_KEY", bed.miner_key.display().to_string()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let compose_cmd = |args: &[&str]| {
        let mut a = vec!["-f", compose.as_str(), "-p", project.as_str()];
        a.extend_from_slice(args);
        run("docker-compose", &a, &env)
    };
    struct Down<'a>(&'a dyn Fn(&[&str]) -> Output);
    impl Drop for Down<'_> {
        fn drop(&mut self) {
            let _ = (self.0)(&["down", "-v", "-t", "30"]);
        }
    }
    let out = compose_cmd(&["up", "-d", "--no-build"]);
    assert!(out.status.success(), "compose up:\n{}", text(&out));
    let _down = Down(&compose_cmd);
    let logs = || text(&compose_cmd(&["logs", "--tail", "40"]));
    wait_until("the compose service answers validators", 90, logs, || {
        std::net::TcpStream::connect(("127.0.0.1", grpc)).is_ok()
    });
    let mut v = serde_json::Value::Null;
    wait_until("the nodes discovered through the container", 60, logs, || {
        v = validator_session(&s, grpc, &miner_hotkey, &logs);
        v["nodes"].as_array().is_some_and(|n| n.len() == 3)
    });
    let alice = Keypair::from_uri("//Alice").unwrap().ss58;
    assert!(bed.nodes[1].read_authorized_keys().contains(&format!("validator-{alice}")), "{}", logs());
    let out = compose_cmd(&["down", "-v", "-t", "30"]);
    assert!(out.status.success(), "compose down:\n{}", text(&out));
    let left = text(&compose_cmd(&["ps", "-q"]));
    assert!(left.trim().is_empty(), "containers left after down: {left}");
}
