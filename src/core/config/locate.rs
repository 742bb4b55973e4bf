//! Finds where a key path is written in the config file, for line/column in error messages.

use std::ops::Range;

use toml_edit::{Document, Item, Table, Value};

use super::problem::{KeyPath, Seg};

enum At<'a> {
    Item(&'a Item),
    Table(&'a Table),
    Value(&'a Value),
}

/// The byte range of the deepest part of `path` present in `doc`: the key itself when it is
/// written, else the closest enclosing table or array element.
pub fn span_of(doc: &Document<String>, path: &KeyPath) -> Option<Range<usize>> {
    let mut at = At::Table(doc.as_table());
    let mut best = None;
    for seg in &path.0 {
        let next = match (seg, &at) {
            (Seg::Key(k), At::Table(t)) => t.get_key_value(k).map(|(key, item)| (key.span(), At::Item(item))),
            (Seg::Key(k), At::Item(Item::Table(t))) => {
                t.get_key_value(k).map(|(key, item)| (key.span(), At::Item(item)))
            }
            (Seg::Key(k), At::Item(Item::Value(Value::InlineTable(t))))
            | (Seg::Key(k), At::Value(Value::InlineTable(t))) => {
                t.get_key_value(k).map(|(key, item)| (key.span(), At::Item(item)))
            }
            (Seg::Index(i), At::Item(Item::ArrayOfTables(a))) => a.get(*i).map(|t| (t.span(), At::Table(t))),
            (Seg::Index(i), At::Item(Item::Value(Value::Array(a)))) | (Seg::Index(i), At::Value(Value::Array(a))) => {
                a.get(*i).map(|v| (v.span(), At::Value(v)))
            }
            _ => None,
        };
        match next {
            Some((span, inner)) => {
                best = span.or_else(|| own_span(&inner)).or(best);
                at = inner;
            }
            None => break,
        }
    }
    best
}

fn own_span(at: &At<'_>) -> Option<Range<usize>> {
    match at {
        At::Item(i) => i.span(),
        At::Table(t) => t.span(),
        At::Value(v) => v.span(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::problem::line_col;

    const TEXT: &str = "[bittensor]\nnetwork = \"finney\"\n\n[[node_management.nodes]]\nhost = \"a\"\nport = 0\n\n[validator_comms]\nrate_limit = { enabled = true, burst_capacity = 0 }\n";

    fn find(path: KeyPath) -> (usize, usize) {
        let doc = Document::parse(TEXT.to_string()).unwrap();
        line_col(TEXT, span_of(&doc, &path).unwrap().start)
    }

    #[test]
    fn finds_keys_tables_and_array_elements() {
        assert_eq!(find(KeyPath::keys(&["bittensor", "network"])), (2, 1));
        assert_eq!(find(KeyPath::keys(&["node_management", "nodes"]).index(0).key("port")), (6, 1));
        assert_eq!(find(KeyPath::keys(&["validator_comms", "rate_limit", "burst_capacity"])), (9, 32));
    }

    #[test]
    fn a_missing_key_points_at_its_table() {
        let (line, _) = find(KeyPath::keys(&["bittensor", "netuid"]));
        assert_eq!(line, 1);
    }
}
