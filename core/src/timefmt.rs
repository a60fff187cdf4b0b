//! Time arithmetic and wording shared by every part of the core: Unix seconds to calendar dates
//! (UTC and a fixed local offset), durations in words ("23 h 12 min") and relative phrases
//! ("expires in 4 min", "expired 3 min ago"). No clock is read here.

/// Earliest and latest instants formatted as calendar dates (years 0001 to 9999).
const MIN_EPOCH: i64 = -62_135_596_800;
const MAX_EPOCH: i64 = 253_402_300_799;

/// A broken-down calendar date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date for a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Breaks Unix seconds into a UTC calendar time; `None` outside years 1 to 9999.
pub fn to_datetime(epoch: i64) -> Option<DateTime> {
    if !(MIN_EPOCH..=MAX_EPOCH).contains(&epoch) {
        return None;
    }
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Some(DateTime {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: (secs % 3600 / 60) as u32,
        second: (secs % 60) as u32,
    })
}

/// Unix seconds for a calendar time given in UTC; `None` when a field is out of range.
pub fn from_datetime(dt: DateTime) -> Option<i64> {
    let valid = (1..=9999).contains(&dt.year)
        && (1..=12).contains(&dt.month)
        && dt.day >= 1
        && dt.day <= days_in_month(dt.year, dt.month)
        && dt.hour < 24
        && dt.minute < 60
        && dt.second < 60;
    valid.then(|| {
        days_from_civil(dt.year, dt.month, dt.day) * 86_400
            + i64::from(dt.hour) * 3600
            + i64::from(dt.minute) * 60
            + i64::from(dt.second)
    })
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// ISO-8601 in UTC, e.g. `2022-01-27T19:46:01Z`; out-of-range values are said to be so.
pub fn utc(epoch: i64) -> String {
    match to_datetime(epoch) {
        Some(d) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year, d.month, d.day, d.hour, d.minute, d.second
        ),
        None => format!("{epoch} (outside years 1-9999)"),
    }
}

/// The time at a fixed offset from UTC, e.g. `2022-01-27 20:46:01 (UTC+01:00)`.
pub fn local(epoch: i64, offset_minutes: i32) -> String {
    let shifted = epoch.saturating_add(i64::from(offset_minutes) * 60);
    match to_datetime(shifted) {
        Some(d) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} ({})",
            d.year,
            d.month,
            d.day,
            d.hour,
            d.minute,
            d.second,
            offset_label(offset_minutes)
        ),
        None => format!("{epoch} (outside years 1-9999)"),
    }
}

/// `UTC`, `UTC+01:00`, `UTC-05:30`.
pub fn offset_label(offset_minutes: i32) -> String {
    if offset_minutes == 0 {
        return "UTC".to_string();
    }
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let abs = offset_minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", abs / 60, abs % 60)
}

/// A duration in words with its two largest non-zero units: `23 h 12 min`, `1 d 5 min`, `0 s`.
pub fn duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    let years = d / 365;
    if years >= 2 {
        return format!("{years} years");
    }
    if d >= 30 {
        return format!("{d} days");
    }
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "min"), (sec, "s")]
        .iter()
        .filter(|(v, _)| *v > 0)
        .take(2)
        .map(|(v, unit)| format!("{v} {unit}"))
        .collect();
    if parts.is_empty() {
        "0 s".to_string()
    } else {
        parts.join(" ")
    }
}

/// "in 4 min" or "3 min ago" (or "now") for `target` seen from `now`.
pub fn relative(target: i64, now: i64) -> String {
    let delta = target.saturating_sub(now);
    match delta {
        0 => "now".to_string(),
        d if d > 0 => format!("in {}", duration(d)),
        d => format!("{} ago", duration(d)),
    }
}

/// The phrase for an expiry time: "expires in 23 h 12 min" or "expired 3 min ago".
pub fn expiry_phrase(exp: i64, now: i64) -> String {
    if exp > now {
        format!("expires in {}", duration(exp.saturating_sub(now)))
    } else {
        format!("expired {} ago", duration(now.saturating_sub(exp)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        // RFC 7519 §3.1's example exp, 1300819380, is 2011-03-22T18:43:00Z.
        assert_eq!(utc(1_300_819_380), "2011-03-22T18:43:00Z");
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(local(1_300_819_380, 60), "2011-03-22 19:43:00 (UTC+01:00)");
        assert_eq!(
            local(1_300_819_380, -330),
            "2011-03-22 13:13:00 (UTC-05:30)"
        );
        assert_eq!(
            utc(i64::MAX),
            format!("{} (outside years 1-9999)", i64::MAX)
        );
    }

    #[test]
    fn calendar_round_trips() {
        for epoch in [MIN_EPOCH, -1, 0, 1, 1_643_312_761, 4_102_444_800, MAX_EPOCH] {
            let dt = to_datetime(epoch).unwrap();
            assert_eq!(from_datetime(dt), Some(epoch));
        }
        assert_eq!(
            from_datetime(DateTime {
                year: 2023,
                month: 2,
                day: 29,
                hour: 0,
                minute: 0,
                second: 0
            }),
            None
        );
    }

    #[test]
    fn words_for_durations() {
        assert_eq!(duration(0), "0 s");
        assert_eq!(duration(59), "59 s");
        assert_eq!(duration(83_520), "23 h 12 min");
        assert_eq!(duration(86_400 + 7200 + 5), "1 d 2 h");
        assert_eq!(duration(3600 + 5), "1 h 5 s");
        assert_eq!(duration(86_700), "1 d 5 min");
        assert_eq!(duration(86_400 * 800), "2 years");
        assert_eq!(duration(86_400 * 656 + 7200), "656 days");
        assert_eq!(duration(86_400 * 29 + 7200), "29 d 2 h");
        assert_eq!(expiry_phrase(1000, 820), "expires in 3 min");
        assert_eq!(expiry_phrase(1000, 1180), "expired 3 min ago");
        assert_eq!(
            relative(i64::MIN, i64::MAX),
            format!("{} ago", duration(i64::MIN))
        );
    }
}
