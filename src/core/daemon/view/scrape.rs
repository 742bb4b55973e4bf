//! The running daemon's metrics endpoint read: one bounded HTTP GET of the text exposition
//! (at most 4 MiB, within the caller's wait), and its samples picked out by name and label.

use std::time::Duration;

use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The most of an exposition read (a 500-node fleet's is well under 1 MiB).
const MAX_BODY: usize = 4 * 1024 * 1024;

/// GETs `url` within `within`; the body as text, or why not.
pub async fn fetch(url: &str, within: Duration) -> Result<String, String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let get = async {
        let response = client.get(uri).await.map_err(|e| format!("{url}: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("{url} answered {}", response.status()));
        }
        let body = Limited::new(response.into_body(), MAX_BODY)
            .collect()
            .await
            .map_err(|e| format!("{url}: reading the answer: {e}"))?;
        String::from_utf8(body.to_bytes().to_vec()).map_err(|_| format!("{url}: the answer is not UTF-8 text"))
    };
    tokio::time::timeout(within, get).await.unwrap_or_else(|_| Err(format!("{url} gave no answer within {within:?}")))
}

/// One sample of a text exposition.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The metric's exposed name.
    pub name: String,
    /// Its labels, in order.
    pub labels: Vec<(String, String)>,
    /// Its value.
    pub value: f64,
}

impl Sample {
    /// The value of label `name`.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// The samples of a Prometheus text exposition (comments and malformed lines skipped).
#[derive(Debug, Clone, Default)]
pub struct Samples(pub Vec<Sample>);

impl Samples {
    /// Reads Prometheus text exposition; lines that do not parse are skipped.
    pub fn parse(text: &str) -> Samples {
        Samples(text.lines().filter(|l| !l.starts_with('#')).filter_map(parse_line).collect())
    }

    /// The value of the first sample named `name`.
    pub fn value(&self, name: &str) -> Option<f64> {
        self.0.iter().find(|s| s.name == name).map(|s| s.value)
    }

    /// Every sample named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Sample> + 'a {
        self.0.iter().filter(move |s| s.name == name)
    }
}

fn parse_line(line: &str) -> Option<Sample> {
    let line = line.trim();
    let name_end = line.find(['{', ' '])?;
    let name = line[..name_end].to_string();
    let mut rest = &line[name_end..];
    let mut labels = Vec::new();
    if let Some(body) = rest.strip_prefix('{') {
        let (parsed, after) = parse_labels(body)?;
        labels = parsed;
        rest = after;
    }
    let value = rest.split_whitespace().next()?.parse().ok()?;
    Some(Sample { name, labels, value })
}

/// `k="v",k2="v2"}` → the pairs and what follows the `}`.
fn parse_labels(mut s: &str) -> Option<(Vec<(String, String)>, &str)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches([',', ' ']);
        if let Some(after) = s.strip_prefix('}') {
            return Some((out, after));
        }
        let (key, rest) = s.split_once("=\"")?;
        let mut value = String::new();
        let mut chars = rest.char_indices();
        let end = loop {
            match chars.next()? {
                (i, '"') => break i,
                (_, '\\') => match chars.next()?.1 {
                    'n' => value.push('\n'),
                    c => value.push(c),
                },
                (_, c) => value.push(c),
            }
        };
        out.push((key.trim().to_string(), value));
        s = &rest[end + 1..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_with_and_without_labels_and_escapes_are_read() {
        let text = "# HELP x y\nbasilica_miner_build_info{version=\"0.1.0\",git_sha=\"abc\"} 1\n\
                    basilica_miner_metagraph_age_seconds 12.5\n\
                    odd{v=\"a \\\"q\\\" b\\\\c\"} 2\nbroken{v=\"x} 1\nno_value\n";
        let s = Samples::parse(text);
        let build = s.all("basilica_miner_build_info").next().unwrap();
        assert_eq!(build.label("version"), Some("0.1.0"));
        assert_eq!(build.label("git_sha"), Some("abc"));
        assert_eq!(s.value("basilica_miner_metagraph_age_seconds"), Some(12.5));
        assert_eq!(s.all("odd").next().unwrap().label("v"), Some("a \"q\" b\\c"));
        assert_eq!(s.0.len(), 3, "the broken and value-less lines are skipped: {s:?}");
    }
}
