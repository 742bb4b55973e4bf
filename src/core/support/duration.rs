//! Durations as operators read them.

/// `seconds` in its two largest units: `45 s`, `12 min 5 s`, `3 h 20 min`, `14 d 2 h`.
pub fn human_secs(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sec} s"),
        (0, 0, _) if sec == 0 => format!("{m} min"),
        (0, 0, _) => format!("{m} min {sec} s"),
        (0, _, _) => format!("{h} h {m} min"),
        _ => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::human_secs;

    #[test]
    fn two_units_at_most() {
        assert_eq!(human_secs(-5), "0 s");
        assert_eq!(human_secs(45), "45 s");
        assert_eq!(human_secs(120), "2 min");
        assert_eq!(human_secs(725), "12 min 5 s");
        assert_eq!(human_secs(3 * 3600 + 20 * 60 + 7), "3 h 20 min");
        assert_eq!(human_secs(14 * 86_400 + 2 * 3600 + 59), "14 d 2 h");
    }
}
