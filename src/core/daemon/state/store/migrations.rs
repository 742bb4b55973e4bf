//! The database's schema, as the list of migrations that build it.

/// Migrations, applied in order; the index + 1 is the schema version.
pub(super) const MIGRATIONS: &[&str] = &[
    "CREATE TABLE seen_nonces (hotkey TEXT NOT NULL, nonce TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (hotkey, nonce));
     CREATE INDEX seen_nonces_expiry ON seen_nonces (expires_at);
     CREATE TABLE sessions (token TEXT PRIMARY KEY, validator_hotkey TEXT NOT NULL, expires_at INTEGER NOT NULL);
     CREATE TABLE assignment (id INTEGER PRIMARY KEY CHECK (id = 1), validator_hotkey TEXT NOT NULL, since INTEGER NOT NULL);
     CREATE TABLE deployed_keys (node_id TEXT PRIMARY KEY, validator_hotkey TEXT NOT NULL, fingerprint TEXT NOT NULL, public_key TEXT NOT NULL, deployed_at INTEGER NOT NULL);
     CREATE TABLE node_health (node_id TEXT PRIMARY KEY, address TEXT NOT NULL, ok INTEGER NOT NULL, code TEXT, detail TEXT, checked_at INTEGER NOT NULL);
     CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL, validator_hotkey TEXT, peer TEXT, outcome TEXT NOT NULL, detail TEXT);",
    "CREATE INDEX audit_at ON audit (at);
     CREATE TABLE refusals (source TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, minute INTEGER NOT NULL,
                            count INTEGER NOT NULL, first_at INTEGER NOT NULL, last_at INTEGER NOT NULL, detail TEXT,
                            PRIMARY KEY (source, kind, reason, minute));
     CREATE INDEX refusals_last ON refusals (last_at);",
    "CREATE TABLE bid_registration (id INTEGER PRIMARY KEY CHECK (id = 1), validator_hotkey TEXT, endpoint TEXT,
                                    registration_id TEXT, registered_at INTEGER, heartbeat_secs INTEGER,
                                    advertised TEXT NOT NULL DEFAULT '[]', last_heartbeat_at INTEGER,
                                    last_heartbeat_result TEXT, nodes_active INTEGER, last_error TEXT, last_error_at INTEGER);",
    "ALTER TABLE node_health ADD COLUMN healthy_since INTEGER;",
    "ALTER TABLE bid_registration ADD COLUMN refused TEXT NOT NULL DEFAULT '[]';
     CREATE TABLE node_validation (node_id TEXT PRIMARY KEY, address TEXT NOT NULL, ok INTEGER NOT NULL, checked_at INTEGER NOT NULL,
                                   spec TEXT NOT NULL, image TEXT NOT NULL, pull_secs REAL, code TEXT, detail TEXT,
                                   checks TEXT NOT NULL DEFAULT '[]');",
    // Session tokens were written for every authentication and never read (the protocol
    // carries no token back): gone.
    "DROP TABLE IF EXISTS sessions;",
    // What `status` shows: each node's GPUs and price at its last check, and the GPU time
    // offered per node and hour (time between two passed checks, times GPUs and price).
    "ALTER TABLE node_health ADD COLUMN gpus INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE node_health ADD COLUMN gpu_model TEXT;
     ALTER TABLE node_health ADD COLUMN price_cents INTEGER;
     CREATE TABLE node_offered (node_id TEXT NOT NULL, hour INTEGER NOT NULL, gpu_seconds INTEGER NOT NULL,
                                cent_seconds INTEGER NOT NULL, PRIMARY KEY (node_id, hour));",
    // A CPU-only host's processors and memory at its last check, as listings show them.
    "ALTER TABLE node_health ADD COLUMN cpu TEXT;",
    // What is known of each node's validation image: pulled only where missing, changed or
    // due for its refresh, retried with backoff after a failed pull.
    "ALTER TABLE node_validation ADD COLUMN image_on_node TEXT;
     ALTER TABLE node_validation ADD COLUMN image_refresh_at INTEGER;
     ALTER TABLE node_validation ADD COLUMN pull_failures INTEGER NOT NULL DEFAULT 0;",
    // Customers' rentals seen on each node: the running one (no end) and the history.
    "CREATE TABLE rentals (node_id TEXT NOT NULL, address TEXT NOT NULL, rental_id TEXT NOT NULL, container TEXT NOT NULL,
                           image TEXT NOT NULL, validators TEXT NOT NULL DEFAULT '[]', started_at INTEGER NOT NULL,
                           ended_at INTEGER);
     CREATE INDEX rentals_node ON rentals (node_id, started_at);",
    // The nodes the last offer left out, with their reasons, for `status`.
    "ALTER TABLE bid_registration ADD COLUMN left_out TEXT NOT NULL DEFAULT '[]';",
    // What answers where the bids go, and the subnet's validators looked at, for `bid status`.
    "ALTER TABLE bid_registration ADD COLUMN answering TEXT NOT NULL DEFAULT '{}';",
];
