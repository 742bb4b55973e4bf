//! How a validator reads a node's category under each rule set, and the `extra_mount_path` rule.

use super::Rules;

const FIVE: [&str; 5] = ["H100", "H200", "B200", "B300", "A100"];

/// The category a validator with `rules` reads from a declared name, or None when it refuses it.
pub fn category(rules: Rules, declared: &str) -> Option<String> {
    let mut text = declared.trim().to_uppercase();
    if rules == Rules::Any && text.starts_with("CPU_") {
        return Some(text);
    }
    for word in ["NVIDIA", "GEFORCE", "TESLA"] {
        text = text.replace(word, " ");
    }
    if let Some(model) = FIVE.iter().find(|m| text.contains(*m)) {
        return Some((*model).to_string());
    }
    if rules == Rules::Upstream {
        return None;
    }
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    (!words.is_empty()).then(|| words.join("_"))
}

/// `extra_mount_path`: empty, or absolute (not `/`) with plain `[A-Za-z0-9._-]` segments.
pub fn mount_ok(path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    let Some(rest) = path.strip_prefix('/') else { return false };
    !rest.is_empty()
        && rest.split('/').all(|s| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_set_reads_categories_as_its_validator_does() {
        assert_eq!(category(Rules::Upstream, "NVIDIA H100 80GB HBM3").as_deref(), Some("H100"));
        assert_eq!(category(Rules::Upstream, "RTX_5090"), None);
        assert_eq!(category(Rules::Upstream, "CPU_STANDARD"), None);
        assert_eq!(category(Rules::Any, "RTX_5090").as_deref(), Some("RTX_5090"));
        assert_eq!(category(Rules::Any, "NVIDIA GeForce RTX 5090").as_deref(), Some("RTX_5090"));
        assert_eq!(category(Rules::Any, "cpu_standard").as_deref(), Some("CPU_STANDARD"));
        assert_eq!(category(Rules::Any, "RTX_A1000").as_deref(), Some("A100"));
        assert_eq!(category(Rules::Any, " "), None);
    }

    #[test]
    fn a_mount_path_is_absolute_with_plain_segments() {
        for good in ["", "/ephemeral", "/mnt/data-1/x.y"] {
            assert!(mount_ok(good), "{good}");
        }
        for bad in ["/", "data", "/a/../b", "/a//b", "/a/./b", "/a b", "/a/"] {
            assert!(!mount_ok(bad), "{bad}");
        }
    }
}
