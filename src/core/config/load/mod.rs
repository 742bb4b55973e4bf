//! Reading `miner.toml`: syntax, environment overrides, types and unknown keys, with every
//! problem located by file line/column or by the environment variable that caused it.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use toml_edit::Document;

use super::env::{OVERRIDE_PREFIX, OVERRIDE_SEPARATOR};
use super::known_keys::known_keys;
use super::locate::span_of;
use super::model::MinerConfig;
use super::problem::{line_col, KeyPath, Origin, Problem, Seg, Severity};

/// A config file read into the typed model, with what is needed to locate keys later.
#[derive(Debug)]
pub struct LoadedConfig {
    /// The file read.
    pub path: PathBuf,
    /// Relative paths inside the file are relative to this directory.
    pub base_dir: PathBuf,
    /// The typed configuration, environment overrides applied.
    pub config: MinerConfig,
    /// Problems found while reading (unknown keys): errors for `config validate`, warnings
    /// for commands that can still do their job.
    pub problems: Vec<Problem>,
    /// Environment overrides applied: key path → variable name.
    pub env_overrides: BTreeMap<String, String>,
    text: String,
    doc: Document<String>,
}

/// Why a configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// There is no file at the path.
    #[error("no config file at {0}")]
    NotFound(PathBuf),
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The path is a directory.
    #[error("{} is a directory, not a config file", .0.display())]
    NotAFile(PathBuf),
    /// The file is not valid TOML.
    #[error("{path}:{line}:{column}: invalid TOML: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// Values do not fit the model (wrong types, unknown keys in strict mode).
    #[error("{} in {}:\n{}", plural(.problems.len(), "configuration problem"), .path.display(), list(.problems))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Each problem, with its key and position.
        problems: Vec<Problem>,
    },
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

/// Reads and parses the config at `path`, applying `BASILICA_MINER_<SECTION>__<KEY>` overrides
/// found in `env`. Fails on unreadable files, bad syntax and values of the wrong type; unknown
/// keys are returned in [`LoadedConfig::problems`].
pub fn load<I>(path: &Path, env: I) -> Result<LoadedConfig, ConfigError>
where
    I: IntoIterator<Item = (String, String)>,
{
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(ConfigError::NotFound(path.to_path_buf())),
        Err(_) if path.is_dir() => return Err(ConfigError::NotAFile(path.to_path_buf())),
        Err(source) => return Err(ConfigError::Read { path: path.to_path_buf(), source }),
    };
    let base_dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parse(path, base_dir, text, env)
}

/// Like [`load`] for text already in memory (`path` is used in messages and as the base).
pub fn parse<I>(path: &Path, base_dir: PathBuf, text: String, env: I) -> Result<LoadedConfig, ConfigError>
where
    I: IntoIterator<Item = (String, String)>,
{
    let doc = Document::parse(text.clone()).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((1, 1));
        let mut message = e.message().trim().to_string();
        // toml_edit says only "duplicate key": name it, from the span it points at.
        if message == "duplicate key" {
            if let Some(key) = e.span().and_then(|s| text.get(s)).map(str::trim).filter(|k| !k.is_empty()) {
                message = format!("duplicate key `{key}`: each key may appear once per table; remove one of them");
            }
        }
        ConfigError::Syntax { path: path.to_path_buf(), line, column, message }
    })?;
    let mut table: toml::Table = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((1, 1));
        ConfigError::Syntax { path: path.to_path_buf(), line, column, message: e.message().trim().to_string() }
    })?;

    let mut loaded = LoadedConfig {
        path: path.to_path_buf(),
        base_dir,
        config: MinerConfig::default(),
        problems: Vec::new(),
        env_overrides: BTreeMap::new(),
        text,
        doc,
    };
    let mut env_problems = Vec::new();
    for (var, raw) in env {
        if let Some(keys) = override_keys(&var) {
            match apply_override(&mut table, &keys, &raw) {
                Ok(()) => {
                    loaded
                        .env_overrides
                        .insert(KeyPath::keys(&keys.iter().map(String::as_str).collect::<Vec<_>>()).to_string(), var);
                }
                Err(message) => env_problems.push(Problem {
                    severity: Severity::Error,
                    key: KeyPath::default(),
                    origin: Origin::Env { var },
                    message,
                    hint: Some(
                        "name it BASILICA_MINER_<SECTION>__<KEY>, e.g. BASILICA_MINER_VALIDATOR_COMMS__PORT".into(),
                    ),
                }),
            }
        }
    }

    let mut unknown: Vec<KeyPath> = Vec::new();
    let value = toml::Value::Table(table);
    let result: Result<MinerConfig, _> =
        serde_path_to_error::deserialize(serde_ignored::Deserializer::new(value, &mut |p: serde_ignored::Path<'_>| {
            unknown.push(ignored_path(&p));
        }));
    match result {
        Ok(config) => loaded.config = config,
        Err(err) => {
            let key = path_to_error_path(err.path());
            let message = err.inner().to_string();
            let problem = loaded.problem(Severity::Error, key, type_message(&message), None);
            return Err(ConfigError::Invalid { path: loaded.path.clone(), problems: vec![problem] });
        }
    }
    for key in unknown {
        let problem = loaded.unknown_key_problem(key);
        loaded.problems.push(problem);
    }
    super::problem::sort_by_position(&mut loaded.problems);
    loaded.problems.extend(env_problems);
    Ok(loaded)
}

impl LoadedConfig {
    /// Builds a problem at `key`, locating it in the file or naming its environment variable.
    pub fn problem(&self, severity: Severity, key: KeyPath, message: String, hint: Option<String>) -> Problem {
        Problem { severity, origin: self.origin_of(&key), key, message, hint }
    }

    /// Where the value at `key` came from.
    pub fn origin_of(&self, key: &KeyPath) -> Origin {
        let rendered = key.to_string();
        if let Some((_, var)) =
            self.env_overrides.iter().find(|(k, _)| rendered == **k || rendered.starts_with(&format!("{k}.")))
        {
            return Origin::Env { var: var.clone() };
        }
        match span_of(&self.doc, key) {
            Some(span) => {
                let (line, column) = line_col(&self.text, span.start);
                Origin::File { path: self.path.clone(), line, column }
            }
            None => Origin::Default { path: self.path.clone() },
        }
    }

    /// The wallet files `[bittensor]` names: `<wallet_path>/<wallet_name>/…`, resolved.
    pub fn wallet_paths(&self) -> crate::core::identity::wallet::WalletPaths {
        let b = &self.config.bittensor;
        crate::core::identity::wallet::WalletPaths::new(
            &self.resolve_path(&b.wallet_path),
            &b.wallet_name,
            &b.hotkey_name,
        )
    }

    /// Resolves a path written in the config (`~` and relative to the file's directory).
    pub fn resolve_path(&self, written: &str) -> PathBuf {
        crate::core::support::fsutil::resolve(written, &self.base_dir)
    }

    fn unknown_key_problem(&self, key: KeyPath) -> Problem {
        let tables = key.table_keys();
        let (name, parent) = tables.split_last().map(|(n, p)| (*n, p.to_vec())).unwrap_or(("", Vec::new()));
        let known = known_keys(&parent).unwrap_or(&[]);
        let hint = match suggest(name, known) {
            Some(s) => Some(format!("did you mean `{s}`?")),
            None if known.is_empty() => None,
            None => Some(format!("valid keys here: {}", known.join(", "))),
        };
        let section =
            if parent.is_empty() { "at the top level".to_string() } else { format!("in [{}]", parent.join(".")) };
        let message = format!("unknown key `{name}` {section}");
        self.problem(Severity::Error, key.clone(), message, hint)
    }
}

/// The closest known key to a misspelt one, if it is close enough to be a likely typo.
pub fn suggest<'a>(typed: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(typed, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

fn override_keys(var: &str) -> Option<Vec<String>> {
    let rest = var.strip_prefix(OVERRIDE_PREFIX)?;
    if !rest.contains(OVERRIDE_SEPARATOR) {
        return None;
    }
    Some(rest.split(OVERRIDE_SEPARATOR).map(str::to_ascii_lowercase).collect())
}

fn apply_override(table: &mut toml::Table, keys: &[String], raw: &str) -> Result<(), String> {
    if keys.iter().any(std::string::String::is_empty) {
        return Err("empty section or key name in override".into());
    }
    let Some((last, parents)) = keys.split_last() else {
        return Err("empty override name".into());
    };
    let mut at = table;
    for k in parents {
        let entry = at.entry(k.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        at = match entry {
            toml::Value::Table(t) => t,
            _ => return Err(format!("`{k}` is not a table, so it cannot take an override")),
        };
    }
    at.insert(last.clone(), override_value(raw));
    Ok(())
}

/// An override's value: a TOML literal when it is one (`50052`, `true`, `"x"`), else a string.
fn override_value(raw: &str) -> toml::Value {
    toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.to_string()))
}

fn ignored_path(p: &serde_ignored::Path<'_>) -> KeyPath {
    let mut segs = Vec::new();
    collect_ignored(p, &mut segs);
    KeyPath(segs)
}

fn collect_ignored(p: &serde_ignored::Path<'_>, out: &mut Vec<Seg>) {
    use serde_ignored::Path as P;
    match p {
        P::Root => {}
        P::Seq { parent, index } => {
            collect_ignored(parent, out);
            out.push(Seg::Index(*index));
        }
        P::Map { parent, key } => {
            collect_ignored(parent, out);
            out.push(Seg::Key(key.clone()));
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => collect_ignored(parent, out),
    }
}

fn path_to_error_path(p: &serde_path_to_error::Path) -> KeyPath {
    use serde_path_to_error::Segment;
    KeyPath(
        p.iter()
            .filter_map(|s| match s {
                Segment::Seq { index } => Some(Seg::Index(*index)),
                Segment::Map { key } => Some(Seg::Key(key.clone())),
                Segment::Enum { .. } | Segment::Unknown => None,
            })
            .collect(),
    )
}

/// Rewords serde's type messages for operators ("invalid type: string \"x\", expected u16"),
/// and an unknown choice as the choices with the closest one suggested, as for unknown keys.
fn type_message(serde_message: &str) -> String {
    // The TOML deserializer appends "\nin `key`"; the key path is reported separately.
    let first = serde_message.lines().next().unwrap_or_default();
    if let Some((given, choices)) = unknown_variant(first) {
        let names: Vec<&str> = choices.iter().map(String::as_str).collect();
        let hint = suggest(&given, &names).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        return format!("`{given}` is not one of {}{hint}", names.join(", "));
    }
    let m = first
        .replace("expected u16", "expected a whole number from 0 to 65535")
        .replace("expected u32", "expected a whole number")
        .replace("expected u64", "expected a whole number of seconds or a count")
        .replace("expected f64", "expected a number")
        .replace("a sequence", "a list");
    format!("wrong value: {m}")
}

/// `unknown variant `x`, expected one of `a`, `b``: the value given and the choices.
fn unknown_variant(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown variant `")?;
    let (given, rest) = rest.split_once('`')?;
    let list = rest.strip_prefix(", expected one of ").or_else(|| rest.strip_prefix(", expected "))?;
    let choices: Vec<String> = list
        .replace(" or ", ", ")
        .split(", ")
        .map(|c| c.trim().trim_matches('`').to_string())
        .filter(|c| !c.is_empty())
        .collect();
    (!choices.is_empty()).then(|| (given.to_string(), choices))
}

/// What to do when there is no config file.
pub(crate) const NO_CONFIG_FIX: &str = "create one with `basilica-miner init` or pass -c/--config PATH";

impl crate::core::support::exit::Classify for ConfigError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        crate::core::support::exit::ExitClass::Usage
    }

    /// The fix of the first error among the problems, or what to do about the file.
    fn fix(&self) -> Option<String> {
        match self {
            ConfigError::NotFound(_) => Some(NO_CONFIG_FIX.into()),
            ConfigError::NotAFile(dir) => Some(format!("give the file, e.g. -c {}", dir.join("miner.toml").display())),
            ConfigError::Invalid { problems, .. } => {
                problems.iter().filter(|p| p.is_error()).find_map(|p| p.hint.clone())
            }
            ConfigError::Read { .. } | ConfigError::Syntax { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests;
