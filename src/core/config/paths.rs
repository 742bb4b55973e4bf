//! Where the miner keeps its files, resolved once from the config: the database, the state
//! directory beside it, the SSH known_hosts and the daemon's pid file.

use std::path::PathBuf;

use super::LoadedConfig;

/// What `[database] url` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file, as written (relative to miner.toml's directory unless absolute).
    File(String),
    /// `sqlite::memory:`: nothing on disk.
    InMemory,
}

impl DatabaseUrl {
    /// The `sqlite:` URL `url` (`sqlite://PATH`, `sqlite:PATH`, `sqlite::memory:`; a query
    /// string such as `?mode=rwc` is dropped), or `None` when it is not one.
    pub fn parse(url: &str) -> Option<DatabaseUrl> {
        let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
        match rest.split('?').next().unwrap_or_default() {
            "" => None,
            ":memory:" => Some(DatabaseUrl::InMemory),
            p => Some(DatabaseUrl::File(p.to_string())),
        }
    }
}

/// The miner's files, from one config ([`LoadedConfig::paths`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinerPaths {
    /// The database file (`None`: in memory, or `[database] url` is not a SQLite URL).
    pub database: Option<PathBuf>,
    /// Where the daemon's files go: the database's directory, else miner.toml's.
    pub state_dir: PathBuf,
    /// The host keys the miner trusts for its nodes.
    pub known_hosts: PathBuf,
    /// The running daemon's pid file.
    pub pid_file: PathBuf,
}

impl LoadedConfig {
    /// Where this config's miner keeps its files.
    pub fn paths(&self) -> MinerPaths {
        let database = match DatabaseUrl::parse(&self.config.database.url) {
            Some(DatabaseUrl::File(written)) => Some(self.resolve_path(&written)),
            _ => None,
        };
        let state_dir = database
            .as_ref()
            .and_then(|db| db.parent())
            .filter(|dir| !dir.as_os_str().is_empty())
            .map_or_else(|| self.base_dir.clone(), PathBuf::from);
        MinerPaths {
            known_hosts: state_dir.join("known_hosts"),
            pid_file: state_dir.join("basilica-miner.pid"),
            database,
            state_dir,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_a_file_memory_or_nothing() {
        assert_eq!(DatabaseUrl::parse("sqlite:///var/lib/m.db"), Some(DatabaseUrl::File("/var/lib/m.db".into())));
        assert_eq!(DatabaseUrl::parse("sqlite://data/m.db?mode=rwc"), Some(DatabaseUrl::File("data/m.db".into())));
        assert_eq!(DatabaseUrl::parse("sqlite:./m.db"), Some(DatabaseUrl::File("./m.db".into())));
        assert_eq!(DatabaseUrl::parse("sqlite::memory:"), Some(DatabaseUrl::InMemory));
        assert_eq!(DatabaseUrl::parse("postgres://x"), None);
        assert_eq!(DatabaseUrl::parse("sqlite://"), None);
    }

    #[test]
    fn the_state_directory_is_the_databases_else_the_configs() {
        let file = std::path::Path::new("/etc/m/miner.toml");
        let mut loaded = crate::core::config::parse(file, "/etc/m".into(), String::new(), Vec::new()).unwrap();
        loaded.config.database.url = "sqlite://data/miner.db".into();
        let p = loaded.paths();
        assert_eq!(p.database, Some(PathBuf::from("/etc/m/data/miner.db")));
        assert_eq!(p.known_hosts, PathBuf::from("/etc/m/data/known_hosts"));
        assert_eq!(p.pid_file, PathBuf::from("/etc/m/data/basilica-miner.pid"));
        loaded.config.database.url = "sqlite::memory:".into();
        let p = loaded.paths();
        assert_eq!((p.database, p.state_dir), (None, PathBuf::from("/etc/m")));
    }
}
