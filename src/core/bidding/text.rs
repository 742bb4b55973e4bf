//! Text a validator sent, made safe to log, store and print: cut to a length, control
//! characters and line breaks escaped.

/// Text from a validator, cut to `max` characters with control characters escaped; `…` marks
/// a cut.
pub fn printable(text: &str, max: usize) -> String {
    let cut: String = text.chars().take(max).collect();
    let mut out = cut.escape_debug().to_string();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_and_escaped() {
        assert_eq!(printable("a\nb", 10), "a\\nb");
        assert_eq!(printable("abcdef", 3), "abc…");
    }
}
