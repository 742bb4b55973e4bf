use super::*;

fn open() -> (tempfile::TempDir, Store) {
    let d = tempfile::tempdir().unwrap();
    let s = Store::open(&d.path().join("m.db"), true, Duration::from_secs(1)).unwrap();
    (d, s)
}

#[test]
fn nonces_are_single_use_until_they_expire() {
    let (_d, s) = open();
    assert!(s.claim_nonce("h", "n1", 100, 400).unwrap());
    assert!(!s.claim_nonce("h", "n1", 200, 500).unwrap(), "replay refused");
    assert!(s.claim_nonce("other", "n1", 200, 500).unwrap(), "per hotkey");
    assert!(s.claim_nonce("h", "n1", 401, 700).unwrap(), "aged out of the window");
}

#[test]
fn survives_reopen_and_reports_health() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("m.db");
    {
        let s = Store::open(&p, true, Duration::from_secs(1)).unwrap();
        s.set_assignment("5V", 1).unwrap();
        s.claim_nonce("h", "n", 1, 1000).unwrap();
    }
    let s = Store::open(&p, true, Duration::from_secs(1)).unwrap();
    assert_eq!(s.assignment().unwrap().as_deref(), Some("5V"));
    assert!(!s.claim_nonce("h", "n", 2, 1000).unwrap(), "nonces persist across restarts");
    let h = s.health().unwrap();
    assert_eq!(h.integrity, "ok");
    assert_eq!(h.journal_mode, "wal");
    assert_eq!(h.schema_version, MIGRATIONS.len() as u32);
}

#[test]
fn refuses_to_migrate_when_told_not_to() {
    let d = tempfile::tempdir().unwrap();
    let e = Store::open(&d.path().join("m.db"), false, Duration::from_secs(1)).err().unwrap();
    assert!(matches!(e, StoreError::NeedsMigration { found: 0, .. }));
}

#[test]
fn refusals_are_counted_per_source_reason_and_minute() {
    let (_d, s) = open();
    let r = Refusal { kind: "authenticate", source: "10.0.0.0/32", reason: "INVALID_SIGNATURE", detail: Some("bad") };
    for i in 0..1000 {
        s.refusal(600 + i % 120, &r).unwrap();
    }
    s.refusal(700, &Refusal { reason: "STALE_TIMESTAMP", ..r }).unwrap();
    let h = s.health().unwrap();
    assert_eq!(h.rows.iter().find(|(t, _)| t == "refusals").unwrap().1, 3, "two minutes of one reason, one of another");
    assert_eq!(h.oldest_entry, Some(600));
    let total: i64 = s.conn.query_row("SELECT SUM(count) FROM refusals", [], |r| r.get(0)).unwrap();
    assert_eq!(total, 1001);
}

#[test]
fn an_old_database_with_sessions_opens_and_loses_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A database as the release before this one left it (schema 5, sessions in use).
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute("INSERT INTO sessions (token, validator_hotkey, expires_at) VALUES ('t', 'h', 9)", []).unwrap();
    }
    let s = Store::open(&path, true, Duration::from_secs(1)).unwrap();
    let tables: Vec<String> = s
        .conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!tables.contains(&"sessions".to_string()), "{tables:?}");
    assert!(
        tables.contains(&"seen_nonces".to_string()) && tables.contains(&"node_validation".to_string()),
        "{tables:?}"
    );
    assert_eq!(s.health().unwrap().schema_version, MIGRATIONS.len() as u32);
}

#[test]
fn prune_drops_what_is_past_retention() {
    let (_d, s) = open();
    let day = 86_400;
    s.audit(day, &Audit { kind: "authenticate", validator_hotkey: None, peer: None, outcome: "ok", detail: None })
        .unwrap();
    s.audit(
        100 * day,
        &Audit { kind: "authenticate", validator_hotkey: None, peer: None, outcome: "ok", detail: None },
    )
    .unwrap();
    s.refusal(day, &Refusal { kind: "authenticate", source: "x/32", reason: "r", detail: None }).unwrap();
    s.claim_nonce("h", "n", day, day + 600).unwrap();
    let p = s.prune(100 * day, 90).unwrap();
    assert_eq!(p, Pruned { audit: 1, refusals: 1, offered: 0, nonces: 1, rentals: 0 });
    assert_eq!(s.health().unwrap().oldest_entry, Some(100 * day));
}

#[test]
fn the_worker_answers_after_commit_and_survives_a_failing_job() {
    let (d, s) = open();
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let db = Database::spawn(s).unwrap();
    rt.block_on(async {
        let claims: Vec<_> = (0..50)
            .map(|i| {
                let db = db.clone();
                async move { db.run(move |s| s.claim_nonce("h", &format!("n{}", i % 25), 1, 1000)).await }
            })
            .collect();
        let fresh = futures::future::join_all(claims).await.into_iter().filter(|r| *r.as_ref().unwrap()).count();
        assert_eq!(fresh, 25, "each nonce claimed once across a batch");
        let e =
            db.run(|s| s.conn.execute("INSERT INTO no_such_table VALUES (1)", []).map_err(s.err())).await.unwrap_err();
        assert!(e.to_string().contains("no_such_table"), "{e}");
        db.run(|s| s.set_assignment("5V", 2)).await.unwrap();
    });
    let again = Store::open(&d.path().join("m.db"), true, Duration::from_secs(1)).unwrap();
    assert_eq!(again.assignment().unwrap().as_deref(), Some("5V"), "committed to disk");
}

#[test]
fn requests_never_checkpoint_and_the_background_checkpoint_keeps_the_wal_small() {
    let wal_after = |checkpoints: Checkpoints| {
        let (d, s) = open();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let db = Database::spawn_with(s, checkpoints).unwrap();
        let wal = d.path().join("m.db-wal");
        rt.block_on(async {
            // About 2 000 pages of nonces, in separate commits.
            for i in 0..4000 {
                let nonce = format!("{i:0>600}");
                db.run(move |s| s.claim_nonce("h", &nonce, 1, 1000)).await.unwrap();
            }
            let autocheckpoint: i64 = db
                .run(|s| s.conn.pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0)).map_err(s.err()))
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(2500)).await;
            db.run(|s| s.claim_nonce("h", "last", 1, 1000)).await.unwrap();
            (autocheckpoint, std::fs::metadata(&wal).unwrap().len())
        })
    };
    let (inline_setting, _) = wal_after(Checkpoints::Inline);
    assert_eq!(inline_setting, 1000, "SQLite's own checkpoints");
    let (setting, size) = wal_after(Checkpoints::Background);
    assert_eq!(setting, 0, "the request connection never checkpoints");
    assert!(size <= 4 * 1024 * 1024 + 64 * 1024, "the WAL was reset and cut back: {size} bytes");
}
