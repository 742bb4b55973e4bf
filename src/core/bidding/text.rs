//! Text a validator sent, made safe to log, store and print: cut to a length, control
//! characters and line breaks escaped.

/// Text from a validator, cut to `max` characters with control characters escaped; `…` marks
/// a cut.
pub fn printable(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars().take(max) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
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
        assert_eq!(
            printable("GPU type 'RTX_5090' is \"not\" supported\t", 60),
            "GPU type 'RTX_5090' is \"not\" supported\\t"
        );
    }
}
