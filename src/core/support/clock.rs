//! Wall-clock time as the protocol uses it: whole seconds since the Unix epoch.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch (0 if the clock is before 1970).
pub fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// `unix` seconds as an RFC 3339 UTC time to the second (`2026-12-06T21:14:41Z`), for text an
/// operator reads in files and logs.
pub fn rfc3339(unix: i64) -> String {
    let at = UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(unix).unwrap_or(0));
    humantime::format_rfc3339_seconds(at).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_reads_as_utc_to_the_second() {
        assert_eq!(super::rfc3339(1_796_591_459), "2026-12-06T21:10:59Z");
        assert_eq!(super::rfc3339(-5), "1970-01-01T00:00:00Z");
    }
}
