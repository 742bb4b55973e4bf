//! Comment-preserving edits of `miner.toml` with toml_edit, saved atomically.

use std::io;
use std::path::{Path, PathBuf};

use toml_edit::{value, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::lock::{ConfigLock, LockError, DEFAULT_WAIT};
use super::model::NodeEntry;
use crate::core::support::fsutil;

/// Why `miner.toml` could not be edited; the file is then as it was.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The file is not valid TOML.
    #[error("{path} is not valid TOML, so it was not edited: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A key has another type than the edit needs (a table, an array).
    #[error("`{key}` in {path} is not a {expected}")]
    Shape {
        /// The file.
        path: PathBuf,
        /// The key.
        key: String,
        /// What it should be.
        expected: &'static str,
    },
    /// The new file could not be written.
    #[error("cannot write {path}: {source} (the file was left as it was)")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The edit lock could not be taken.
    #[error(transparent)]
    Lock(#[from] LockError),
    /// There is no file to edit.
    #[error("no config file at {0}")]
    Missing(PathBuf),
    /// The path is a directory.
    #[error("{} is a directory, not a config file", .0.display())]
    NotAFile(PathBuf),
}

/// Takes the edit lock of the existing config file `path`, waiting for another editor up to
/// 30 s (or `BASILICA_MINER_LOCK_WAIT` seconds). Every command that changes `miner.toml` holds
/// it from its first read of the file to the rename of the new one. Nothing is created for a
/// file that is not there (not even the lock file).
pub fn lock(path: &Path) -> Result<ConfigLock, EditError> {
    check_target(path)?;
    if !path.exists() {
        return Err(EditError::Missing(path.to_path_buf()));
    }
    Ok(ConfigLock::acquire(path, lock_wait())?)
}

/// Takes the edit lock for a config file that may not exist yet (`init`): its directory must
/// exist and the path must not be a directory.
pub fn lock_new(path: &Path) -> Result<ConfigLock, EditError> {
    check_target(path)?;
    Ok(ConfigLock::acquire(path, lock_wait())?)
}

fn check_target(path: &Path) -> Result<(), EditError> {
    if path.is_dir() {
        return Err(EditError::NotAFile(path.to_path_buf()));
    }
    Ok(())
}

/// The configured wait for the edit lock.
pub fn lock_wait() -> std::time::Duration {
    std::env::var(super::env::LOCK_WAIT)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_WAIT, std::time::Duration::from_secs)
}

/// An editable `miner.toml`: comments, ordering and formatting survive every edit.
pub struct ConfigDocument {
    path: PathBuf,
    doc: DocumentMut,
}

impl ConfigDocument {
    /// Reads the file for editing.
    pub fn open(path: &Path) -> Result<Self, EditError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| EditError::Read { path: path.to_path_buf(), source })?;
        Self::from_text(path, &text)
    }

    /// A document from `text`, written back to `path`.
    pub fn from_text(path: &Path, text: &str) -> Result<Self, EditError> {
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| EditError::Syntax { path: path.to_path_buf(), message: e.message().trim().to_string() })?;
        Ok(ConfigDocument { path: path.to_path_buf(), doc })
    }

    /// The file the document is written to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a node. `[[node_management.nodes]]` tables are used when the file has no
    /// nodes yet or already uses them; an existing inline `nodes = [...]` list grows by one
    /// inline table on its own line.
    pub fn add_node(&mut self, node: &NodeEntry) -> Result<(), EditError> {
        let section = self.table_mut("node_management")?;
        let is_empty_inline = matches!(section.get("nodes"), Some(Item::Value(Value::Array(a))) if a.is_empty());
        if is_empty_inline || section.get("nodes").is_none() {
            section.insert("nodes", Item::ArrayOfTables(ArrayOfTables::new()));
        }
        let path = self.path.clone();
        match self.table_mut("node_management")?.get_mut("nodes") {
            Some(Item::ArrayOfTables(list)) => {
                list.push(node_table(node));
                Ok(())
            }
            Some(Item::Value(Value::Array(list))) => {
                // Whatever followed the last element (often its comment) stays on its line.
                let after_last = list.trailing().as_str().unwrap_or("").trim_end_matches([' ', '\n']).to_string();
                let mut t = node_inline(node);
                t.decor_mut().set_prefix(format!("{after_last}\n  "));
                list.push_formatted(Value::InlineTable(t));
                list.set_trailing("\n");
                list.set_trailing_comma(true);
                Ok(())
            }
            _ => Err(EditError::Shape { path, key: "node_management.nodes".into(), expected: "list of nodes" }),
        }
    }

    /// Removes the nodes at the given indexes (of `node_management.nodes`).
    pub fn remove_nodes(&mut self, indexes: &[usize]) -> Result<(), EditError> {
        let path = self.path.clone();
        let mut sorted = indexes.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        match self.table_mut("node_management")?.get_mut("nodes") {
            Some(Item::ArrayOfTables(list)) => sorted.iter().rev().for_each(|i| {
                list.remove(*i);
            }),
            Some(Item::Value(Value::Array(list))) => {
                sorted.iter().rev().for_each(|i| {
                    list.remove(*i);
                });
            }
            _ => return Err(EditError::Shape { path, key: "node_management.nodes".into(), expected: "list of nodes" }),
        }
        Ok(())
    }

    /// Marks the node at `index` cordoned (`cordoned = true`, with a comment saying who set it
    /// and how to undo it) or not (the key and its comment removed).
    pub fn set_cordoned(&mut self, index: usize, on: bool, note: &str) -> Result<(), EditError> {
        let path = self.path.clone();
        let shape = || EditError::Shape {
            path: path.clone(),
            key: format!("node_management.nodes[{index}]"),
            expected: "node table",
        };
        match self.table_mut("node_management")?.get_mut("nodes") {
            Some(Item::ArrayOfTables(list)) => {
                let t = list.get_mut(index).ok_or_else(shape)?;
                if on {
                    t.insert("cordoned", value(true));
                    if let Some(mut key) = t.key_mut("cordoned") {
                        key.leaf_decor_mut().set_prefix(format!("# {note}\n"));
                    }
                } else {
                    t.remove("cordoned");
                }
                Ok(())
            }
            Some(Item::Value(Value::Array(list))) => {
                let Some(Value::InlineTable(t)) = list.get_mut(index) else { return Err(shape()) };
                if on {
                    t.insert("cordoned", Value::from(true));
                } else {
                    t.remove("cordoned");
                }
                Ok(())
            }
            _ => Err(shape()),
        }
    }

    /// Sets `section.key` (or `section.sub.key`) to a string, integer or boolean value,
    /// keeping the key's comments when it already exists.
    pub fn set(&mut self, keys: &[&str], new: impl Into<Value>) -> Result<(), EditError> {
        let Some((last, tables)) = keys.split_last() else {
            return Err(EditError::Shape { path: self.path.clone(), key: String::new(), expected: "key path" });
        };
        let mut table = self.doc.as_table_mut();
        for (depth, k) in tables.iter().enumerate() {
            if !table.contains_key(k) {
                let mut t = Table::new();
                t.set_implicit(depth + 1 < tables.len());
                table.insert(k, Item::Table(t));
            }
            let path = self.path.clone();
            table = match table.get_mut(k) {
                Some(Item::Table(t)) => t,
                _ => return Err(EditError::Shape { path, key: tables[..=depth].join("."), expected: "table" }),
            };
        }
        let mut v: Value = new.into();
        match table.get_mut(last) {
            Some(Item::Value(old)) => {
                *v.decor_mut() = old.decor().clone();
                *old = v;
            }
            _ => {
                table.insert(last, value(v));
            }
        }
        Ok(())
    }

    /// The document as it would be written, comments and layout kept.
    pub fn to_text(&self) -> String {
        self.doc.to_string()
    }

    /// Writes the document over its file atomically (temp file in the same directory, fsync,
    /// rename, mode kept). Callers hold the file's [`lock`] since they read it.
    pub fn save(&self) -> Result<(), EditError> {
        fsutil::write_atomic(&self.path, self.to_text().as_bytes(), 0o600)
            .map_err(|source| EditError::Write { path: self.path.clone(), source })
    }

    fn table_mut(&mut self, key: &str) -> Result<&mut Table, EditError> {
        if !self.doc.contains_key(key) {
            self.doc.insert(key, Item::Table(Table::new()));
        }
        let path = self.path.clone();
        match self.doc.get_mut(key) {
            Some(Item::Table(t)) => Ok(t),
            _ => Err(EditError::Shape { path, key: key.into(), expected: "table" }),
        }
    }
}

fn node_fields(node: &NodeEntry) -> Vec<(&'static str, Value)> {
    let mut fields: Vec<(&str, Value)> = vec![("host", node.host.clone().into())];
    fields.push(("port", i64::from(node.port).into()));
    if let Some(u) = &node.username {
        fields.push(("username", u.clone().into()));
    }
    if let Some(rate) = node.hourly_rate_per_gpu {
        fields.push(("hourly_rate_per_gpu", rate.into()));
    }
    if let Some(o) = &node.additional_opts {
        fields.push(("additional_opts", o.clone().into()));
    }
    if let Some(c) = &node.gpu_category {
        fields.push(("gpu_category", c.clone().into()));
    }
    if let Some(n) = node.gpu_count {
        fields.push(("gpu_count", i64::from(n).into()));
    }
    if let Some(p) = &node.extra_mount_path {
        fields.push(("extra_mount_path", p.clone().into()));
    }
    fields
}

fn node_table(node: &NodeEntry) -> Table {
    let mut t = Table::new();
    for (k, v) in node_fields(node) {
        t.insert(k, value(v));
    }
    t
}

fn node_inline(node: &NodeEntry) -> InlineTable {
    let mut t = InlineTable::new();
    for (k, v) in node_fields(node) {
        t.insert(k, v);
    }
    t.fmt();
    t
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for EditError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            EditError::Syntax { .. } | EditError::Shape { .. } | EditError::Missing(_) | EditError::NotAFile(_) => {
                crate::core::support::exit::ExitClass::Usage
            }
            EditError::Read { .. } | EditError::Write { .. } | EditError::Lock(_) => {
                crate::core::support::exit::ExitClass::Failure
            }
        }
    }

    fn fix(&self) -> Option<String> {
        match self {
            EditError::Shape { .. } => Some("fix it by hand before editing with this command".into()),
            EditError::Missing(_) => Some(super::load::NO_CONFIG_FIX.into()),
            EditError::NotAFile(dir) => Some(format!("give the file, e.g. {}", dir.join("miner.toml").display())),
            EditError::Read { .. } | EditError::Write { .. } | EditError::Lock(_) | EditError::Syntax { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(host: &str) -> NodeEntry {
        NodeEntry {
            host: host.into(),
            port: 22,
            username: Some("ubuntu".into()),
            hourly_rate_per_gpu: Some(2.5),
            additional_opts: None,
            gpu_category: None,
            gpu_count: None,
            extra_mount_path: None,
            cordoned: false,
        }
    }

    #[test]
    fn adding_to_a_commented_file_keeps_comments() {
        let text = "# top comment\n[bittensor]\n# the wallet\nwallet_name = \"w\" # trailing\n\n[node_management]\n# nodes follow\nhealth_check_interval = 60\n";
        let mut d = ConfigDocument::from_text(Path::new("m.toml"), text).unwrap();
        d.add_node(&entry("10.0.0.1")).unwrap();
        d.add_node(&entry("10.0.0.2")).unwrap();
        let out = d.to_text();
        assert!(out.starts_with(text.trim_end()), "{out}");
        assert!(out.contains("[[node_management.nodes]]\nhost = \"10.0.0.1\"\nport = 22\nusername = \"ubuntu\"\nhourly_rate_per_gpu = 2.5\n"), "{out}");
        assert_eq!(out.matches("[[node_management.nodes]]").count(), 2);
    }

    #[test]
    fn inline_lists_grow_inline_and_shrink() {
        let text = "[node_management]\nnodes = [\n  { host = \"a\", hourly_rate_per_gpu = 1.0 }, # first\n]\n";
        let mut d = ConfigDocument::from_text(Path::new("m.toml"), text).unwrap();
        d.add_node(&entry("b")).unwrap();
        let out = d.to_text();
        assert!(out.contains("# first"), "{out}");
        assert!(out.contains("host = \"b\""), "{out}");
        let parsed: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(parsed["node_management"]["nodes"].as_array().unwrap().len(), 2);
        d.remove_nodes(&[0]).unwrap();
        let parsed: toml::Table = toml::from_str(&d.to_text()).unwrap();
        let nodes = parsed["node_management"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), 1);
        assert_eq!(nodes[0]["host"].as_str(), Some("b"));
    }

    #[test]
    fn set_keeps_the_comment_on_a_key() {
        let text = "[bittensor]\nnetwork = \"finney\" # which chain\n";
        let mut d = ConfigDocument::from_text(Path::new("m.toml"), text).unwrap();
        d.set(&["bittensor", "network"], "test").unwrap();
        d.set(&["bittensor", "netuid"], 387i64).unwrap();
        d.set(&["metrics", "prometheus", "port"], 9100i64).unwrap();
        let out = d.to_text();
        assert!(out.contains("network = \"test\" # which chain"), "{out}");
        assert!(out.contains("netuid = 387"), "{out}");
        assert!(out.contains("[metrics.prometheus]\nport = 9100"), "{out}");
    }
}
