//! Every environment variable the miner reads, in one place.

/// Path of the config file (same as `-c/--config`).
pub const CONFIG: &str = "BASILICA_MINER_CONFIG";
/// Prefix of per-key overrides: `BASILICA_MINER_<SECTION>__<KEY>` (nested tables add `__<KEY>`),
/// e.g. `BASILICA_MINER_VALIDATOR_COMMS__PORT=50052`,
/// `BASILICA_MINER_METRICS__PROMETHEUS__PORT=9100`.
pub const OVERRIDE_PREFIX: &str = "BASILICA_MINER_";
/// Separator between the section and key parts of an override name.
pub const OVERRIDE_SEPARATOR: &str = "__";
/// Assume yes for confirmations (same as `--yes`).
pub const YES: &str = "BASILICA_MINER_YES";
/// Never prompt (same as `--no-input`).
pub const NO_INPUT: &str = "BASILICA_MINER_NO_INPUT";
/// Password of encrypted (`$NACL`) wallet key files, for unattended runs.
pub const WALLET_PASSWORD: &str = "BASILICA_MINER_WALLET_PASSWORD";
/// Standard switch that turns colour off.
pub const NO_COLOR: &str = "NO_COLOR";
/// `json` for one JSON object per log line on stderr (log shippers); text otherwise.
pub const LOG_FORMAT: &str = "BASILICA_MINER_LOG_FORMAT";
/// Seconds an editing command waits for another one holding miner.toml's edit lock (default 30).
pub const LOCK_WAIT: &str = "BASILICA_MINER_LOCK_WAIT";
/// Log filter for the daemon and commands (`level` or `target=level` directives, comma-separated), overrides `-v/-q`.
pub const LOG: &str = "BASILICA_MINER_LOG";

/// The names and meanings listed in `--help` and the man page.
pub const DOCUMENTED: &[(&str, &str)] = &[
    (CONFIG, "config file path (default ./miner.toml)"),
    ("BASILICA_MINER_<SECTION>__<KEY>", "override one miner.toml key, e.g. BASILICA_MINER_VALIDATOR_COMMS__PORT=50052"),
    (YES, "assume yes for confirmations (--yes)"),
    (NO_INPUT, "never prompt (--no-input)"),
    (WALLET_PASSWORD, "password of encrypted wallet key files (cron/systemd)"),
    (LOCK_WAIT, "seconds to wait for another command editing miner.toml (default 30)"),
    (LOG, "log filter, e.g. debug or basilica_miner=trace"),
    (LOG_FORMAT, "json for JSON log lines"),
    (NO_COLOR, "disable colour"),
];
