use super::*;

const HOTKEY: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

#[test]
fn a_rental_its_processes_and_a_foreign_one_are_told_apart() {
    let ps = "abc123|basilica-r1|r1|nvidia/cuda:12.8|2026-12-05 23:31:53 +0000 UTC|running\n";
    let vkeys = format!(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl validator-{HOTKEY}\n"
    );
    let apps = "4242, python3, 70000\n5151, miner-burn, 1000\n6161, nvidia-smi, 10\n";
    let owners = "abc123 basilica.rental_id 4242\nfff basilica-miner.validation 6161\n";
    let v = read(Some((ps, Some(0))), &vkeys, Some((apps, Some(0))), owners).unwrap();
    assert!(v.rented());
    assert_eq!(v.containers[0].rental_id, "r1");
    assert_eq!(v.containers[0].created_at, Some(1_796_513_513));
    assert_eq!(v.validators, vec![HOTKEY.to_string()]);
    let owners: Vec<_> = v.processes.iter().map(|p| (p.pid, p.owner.clone())).collect();
    assert_eq!(owners, vec![(4242, Owner::Rental("r1".into())), (5151, Owner::Foreign), (6161, Owner::Miner)]);
    assert_eq!(v.foreign().map(|p| p.pid).collect::<Vec<_>>(), vec![5151]);
}

#[test]
fn docker_that_did_not_answer_says_nothing_and_junk_lines_are_skipped() {
    assert_eq!(read(Some(("Cannot connect to the Docker daemon", Some(1))), "", None, ""), None);
    assert_eq!(read(None, "", None, ""), None);
    let v = read(Some(("not a container\nxyz|n|r|i|c|s\n|n|r|i|c|s\n", Some(0))), "", Some(("", Some(0))), "").unwrap();
    assert!(!v.rented(), "{v:?}");
    assert!(v.processes.is_empty());
}

#[test]
fn a_rental_is_followed_from_its_start_to_its_end() {
    let view = |ids: &[&str]| RentalView {
        containers: ids
            .iter()
            .map(|id| RentalContainer {
                rental_id: id.to_string(),
                container_id: "ab".into(),
                name: format!("basilica-{id}"),
                image: "img".into(),
                created_at: Some(90),
                state: "running".into(),
            })
            .collect(),
        processes: Vec::new(),
        validators: vec![HOTKEY.to_string()],
    };
    let (now, c) = follow(&[], &view(&["r1"]), 100);
    assert_eq!((c.started.len(), c.ended.len(), now[0].since), (1, 0, 90));
    assert_eq!(now[0].renter(), Some(HOTKEY));
    let (again, c) = follow(&now, &RentalView { validators: Vec::new(), ..view(&["r1"]) }, 200);
    assert!(c.is_empty());
    assert_eq!(again[0].validators, vec![HOTKEY.to_string()], "what was seen first is kept");
    let (gone, c) = follow(&again, &view(&[]), 300);
    assert!(gone.is_empty());
    assert_eq!(c.ended.iter().map(|r| r.rental_id.as_str()).collect::<Vec<_>>(), vec!["r1"]);
}

#[test]
fn an_idle_node_needs_no_second_look() {
    let gpu = |used: u64| {
        let row = format!("0, NVIDIA H100 80GB HBM3, GPU-1, 81559, {used}, 570.86.15, 9.0, 0, 31, 69.1");
        crate::core::nodes::gpu::parse_inventory(&row).remove(0)
    };
    let info = " Containers: 2\n  Running: 0\n  Stopped: 2\n";
    assert!(!needs_look(info, &[gpu(3), gpu(10)]));
    assert!(needs_look(info, &[gpu(3), gpu(70_000)]), "a GPU holds memory");
    assert!(needs_look(&info.replace("Running: 0", "Running: 1"), &[]), "a container runs");
    assert!(needs_look("Server Version: 27", &[]), "unknown counts as some");
}

#[test]
fn docker_dates_read_with_their_zone() {
    assert_eq!(docker_time("1970-01-01 00:00:00 +0000 UTC"), Some(0));
    assert_eq!(docker_time("1970-01-01 01:00:00 +0100 CET"), Some(0));
    assert_eq!(docker_time("2000-03-01 00:00:00.5 -0000"), Some(951_868_800));
    assert_eq!(docker_time("yesterday"), None);
    assert_eq!(docker_time("2026-13-01 00:00:00 +0000"), None);
}
