//! systemd readiness without systemd: a Unix datagram socket stands in for `NOTIFY_SOCKET`,
//! and the messages `serve` sends are checked in order.

use std::os::unix::net::UnixDatagram;
use std::time::{Duration, Instant};

use basilica_miner::testbed::GpuProfile::*;

use crate::support::{http_get, setup};

/// The next datagram, as text.
fn next(sock: &UnixDatagram, within: Duration) -> Option<String> {
    sock.set_read_timeout(Some(within)).unwrap();
    let mut buf = vec![0u8; 4096];
    let n = sock.recv(&mut buf).ok()?;
    Some(String::from_utf8_lossy(&buf[..n]).into_owned())
}

/// Datagrams until one contains `want`; all of them in order.
fn until(sock: &UnixDatagram, want: &str, within: Duration) -> Vec<String> {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Some(m) = next(sock, deadline.saturating_duration_since(Instant::now())) {
            let done = m.lines().any(|l| l == want);
            seen.push(m);
            if done {
                return seen;
            }
        }
    }
    panic!("no {want} within {within:?}; got {seen:?}");
}

#[test]
fn serve_tells_the_service_manager_warming_ready_reloading_and_stopping() {
    let (s, _bed, _hotkey, grpc, metrics) = setup(&[H100x8, H100x8, A100NotAvailable]);
    let path = s.path("notify.sock");
    let sock = UnixDatagram::bind(&path).unwrap();
    let mut child = s
        .command()
        .args(["serve", "--offline"])
        .env("NOTIFY_SOCKET", &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();

    let start = until(&sock, "READY=1", Duration::from_secs(60));
    assert!(start[0].starts_with("STATUS=warming: connecting to 3 node(s)"), "{start:?}");
    let ready = start.last().unwrap();
    assert!(ready.contains("STATUS=serving validators; 3/3 node(s) connected"), "{ready}");
    // The health service says SERVING from the same moment, and the listener is up.
    assert!(std::net::TcpStream::connect(("127.0.0.1", grpc)).is_ok());
    assert!(http_get(metrics, "/metrics").contains("basilica_miner_node_count 3"));

    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-HUP", &pid]).status().unwrap().success());
    let reload = until(&sock, "READY=1", Duration::from_secs(30));
    assert!(reload[0].lines().any(|l| l == "RELOADING=1"), "{reload:?}");
    assert!(
        reload[0].lines().any(|l| l.starts_with("MONOTONIC_USEC=")),
        "systemd 253+ needs the time with RELOADING=1: {reload:?}"
    );

    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let stop = until(&sock, "STOPPING=1", Duration::from_secs(30));
    assert_eq!(stop.len(), 1, "{stop:?}");
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log).unwrap();
    assert!(log.contains("fleet warm: 3/3 nodes in"), "{log}");
}

#[test]
fn without_notify_socket_nothing_changes_and_a_dead_node_does_not_hold_up_serving() {
    let (s, mut bed, _hotkey, grpc, metrics) = setup(&[H100x8, H100x8]);
    bed.nodes[1].kill();
    let d = crate::support::start(&s, grpc, metrics);
    crate::support::wait_for("the fleet warm without the dead node", &d, 30, || {
        d.log().contains("fleet warm: 1/2 nodes")
    });
    // Nothing was sent: with the variable set, even to a socket that is not there, a failed
    // notification is logged (see below); here there is none.
    assert!(!d.log().contains("NOTIFY_SOCKET"), "{}", d.log());
    drop(d);
    let (s, _bed, _hotkey, grpc, metrics) = setup(&[H100x8]);
    let mut child = s
        .command()
        .args(["serve", "--offline"])
        .env("NOTIFY_SOCKET", s.path("no-such-socket"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let _ = (grpc, metrics);
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        std::io::BufRead::lines(std::io::BufReader::new(stderr))
            .map_while(Result::ok)
            .any(|l| l.contains("cannot notify the service manager (NOTIFY_SOCKET)"))
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while !reader.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(reader.join().unwrap(), "with NOTIFY_SOCKET set, a failed notification is logged");
}
