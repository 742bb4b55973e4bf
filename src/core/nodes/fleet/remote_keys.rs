//! Reading and replacing `~/.ssh/authorized_keys` on a node. The new content travels on
//! stdin; the remote side holds `flock`, checks the file is still what we read
//! (compare-and-swap on its SHA-256), writes a temp file in `~/.ssh` with mode 0600 and
//! renames it over the old one.

use sha2::{Digest, Sha256};

use super::{Code, Fleet, NodeError, Target};

/// Prints a marker line, `@@authorized_keys present` + the file or `@@authorized_keys absent`:
/// whatever a login prints comes before it and is not the file (the health check names it).
const READ: &str = r#"f="$HOME/.ssh/authorized_keys"
if [ -f "$f" ]; then echo "@@authorized_keys present"; cat "$f"; else echo "@@authorized_keys absent"; fi"#;

/// The file's content as [`READ`] printed it (`None` for an absent file), after any text a
/// login printed first; `Err` when there is no marker.
fn parse_read(text: &str) -> Result<Option<&str>, ()> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let next = at + line.len();
        match line.trim_end_matches('\n') {
            "@@authorized_keys present" => return Ok(Some(&text[next..])),
            "@@authorized_keys absent" => return Ok(None),
            _ => at = next,
        }
    }
    Err(())
}

/// First stdin line: the SHA-256 of the content we read (or `absent`); the rest is the new
/// content. Exit 3 when the file changed meanwhile, 4 when a needed tool is missing.
/// Few processes: with hundreds of nodes per round, every fork on a node counts.
const WRITE: &str = r#"set -u
for t in flock mktemp sha256sum; do command -v "$t" >/dev/null 2>&1 || { echo "missing $t" >&2; exit 4; }; done
d="$HOME/.ssh"; f="$d/authorized_keys"
umask 077
[ -d "$d" ] || { mkdir -p "$d" && chmod 700 "$d"; } || exit 1
exec 9>>"$d/.authorized_keys.lock" || exit 1
flock -w 20 9 || { echo "lock timeout" >&2; exit 3; }
IFS= read -r expected || exit 1
if [ -f "$f" ]; then set -- $(sha256sum < "$f"); current=$1; else current=absent; fi
[ "$current" = "$expected" ] || { echo "changed" >&2; exit 3; }
t=$(mktemp "$d/.authorized_keys.XXXXXX") || exit 1
cat > "$t" && mv -f "$t" "$f" || { rm -f "$t"; exit 1; }
echo ok"#;

/// The file's content and the token that proves we saw that exact version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// authorized_keys as read.
    pub content: String,
    version: String,
}

fn version_of(content: Option<&str>) -> String {
    match content {
        None => "absent".to_string(),
        Some(c) => Sha256::digest(c.as_bytes()).iter().map(|b| format!("{b:02x}")).collect(),
    }
}

/// Reads a node's authorized_keys (empty when the file does not exist).
pub async fn read(fleet: &Fleet, node: &Target) -> Result<Snapshot, NodeError> {
    let out = fleet.exec(node, READ, b"").await?;
    if !out.status.success() {
        return Err(NodeError::new(
            Code::CommandFailed,
            format!("reading authorized_keys: {}", String::from_utf8_lossy(&out.stderr).trim()),
        ));
    }
    let text = String::from_utf8(out.stdout)
        .map_err(|_| NodeError::new(Code::CommandFailed, "authorized_keys is not valid UTF-8; fix it by hand"))?;
    let snap = match parse_read(&text) {
        Ok(Some(content)) => Snapshot { version: version_of(Some(content)), content: content.to_string() },
        Ok(None) => Snapshot { content: String::new(), version: version_of(None) },
        Err(()) => {
            return Err(NodeError::new(
                Code::CommandFailed,
                format!("unexpected answer reading authorized_keys: {}", text.chars().take(80).collect::<String>()),
            ))
        }
    };
    fleet.remember_keys(node, Some(snap.clone()));
    Ok(snap)
}

/// Outcome of a compare-and-swap write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Written.
    Ok,
    /// The file changed after it was read; read again and retry.
    Changed,
}

/// Replaces the file with `content` if it is still the version in `seen`.
pub async fn write(fleet: &Fleet, node: &Target, seen: &Snapshot, content: &str) -> Result<Written, NodeError> {
    let mut input = Vec::with_capacity(content.len() + 80);
    input.extend_from_slice(seen.version.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(content.as_bytes());
    let out = fleet.exec(node, WRITE, &input).await?;
    match out.status.code() {
        Some(0) => Ok(Written::Ok),
        Some(3) => Ok(Written::Changed),
        Some(4) => {
            Err(NodeError::new(Code::RemoteToolsMissing, String::from_utf8_lossy(&out.stderr).trim().to_string()))
        }
        _ => Err(NodeError::new(
            Code::CommandFailed,
            format!("writing authorized_keys: {}", String::from_utf8_lossy(&out.stderr).trim()),
        )),
    }
}

/// What an edit did on one node: the content before, and after when it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// The file before the edit.
    pub before: String,
    /// The file after, when the edit changed it.
    pub after: Option<String>,
}

impl Edited {
    /// Whether the edit changed the file.
    pub fn changed(&self) -> bool {
        self.after.is_some()
    }

    /// The content now on the node.
    pub fn current(&self) -> &str {
        self.after.as_deref().unwrap_or(&self.before)
    }

    /// The validators whose lines the edit removed.
    pub fn removed_validators(&self) -> Vec<String> {
        let after: Vec<String> =
            crate::core::nodes::authorized_keys::validator_keys(self.current()).into_iter().map(|k| k.hotkey).collect();
        crate::core::nodes::authorized_keys::validator_keys(&self.before)
            .into_iter()
            .map(|k| k.hotkey)
            .filter(|h| !after.contains(h))
            .collect()
    }
}

/// Applies `edit` (returning `None` for "no change") and writes back, retrying when another
/// writer got in between. The first attempt starts from the content this fleet last saw on
/// the node, if any; the remote compare-and-swap rejects it when the file has changed since,
/// and the edit then starts again from a fresh read. A "no change" answer always comes from
/// a fresh read, never from the cache.
pub async fn edit<F>(fleet: &Fleet, node: &Target, edit: F) -> Result<Edited, NodeError>
where
    F: Fn(&str) -> Result<Option<String>, NodeError>,
{
    let mut cached = fleet.cached_keys(node);
    for _ in 0..5 {
        let from_cache = cached.is_some();
        let snap = match cached.take() {
            Some(s) => s,
            None => read(fleet, node).await?,
        };
        let Some(new) = edit(&snap.content)? else {
            if from_cache {
                continue;
            }
            return Ok(Edited { before: snap.content, after: None });
        };
        match write(fleet, node, &snap, &new).await {
            Ok(Written::Ok) => {
                fleet.remember_keys(node, Some(Snapshot { version: version_of(Some(&new)), content: new.clone() }));
                return Ok(Edited { before: snap.content, after: Some(new) });
            }
            Ok(Written::Changed) => fleet.remember_keys(node, None),
            Err(e) => {
                fleet.remember_keys(node, None);
                return Err(e);
            }
        }
    }
    Err(NodeError::new(Code::KeyConflict, "authorized_keys changed under us five times in a row"))
}

#[cfg(test)]
mod tests {
    use super::parse_read;

    #[test]
    fn the_file_is_what_follows_the_marker_whatever_a_login_printed_first() {
        assert_eq!(parse_read("@@authorized_keys present\nssh-ed25519 AAAA op\n"), Ok(Some("ssh-ed25519 AAAA op\n")));
        assert_eq!(parse_read("Welcome to gpu-7\n@@authorized_keys present\nk\n"), Ok(Some("k\n")));
        assert_eq!(parse_read("motd\n@@authorized_keys absent\n"), Ok(None));
        assert_eq!(parse_read("@@authorized_keys present\n"), Ok(Some("")));
        assert_eq!(parse_read("present\nk\n"), Err(()));
    }
}
