//! `expires_on` in every format managed-identity endpoints have returned, and what each means.
//!
//! Formats (../shared/reference/mi-protocols.md §3–§5): Unix seconds as a JSON string (IMDS, App
//! Service 2019-08-01) or number (Service Fabric, Azure ML); the 2017-09-01 App Service date
//! strings, `1/16/2020 5:24:12 AM +00:00` on Windows and `06/20/2019 02:57:58 +00:00` on Linux;
//! ISO-8601 (`2024-10-18T19:51:37.0000000+00:00`, seen with Azure.Identity 1.13); Azure
//! Automation's `2021-07-02 08:00:34Z`; and az CLI's `expiresOn`, a local time without a zone.

use serde::Serialize;
use serde_json::Value;

use crate::model::Context;
use crate::search::Search;
use crate::timefmt::{self, DateTime};

/// Which format the value was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    EpochNumber,
    EpochString,
    WindowsDate,
    LinuxDate,
    Iso8601,
    SpaceSeparatedUtc,
    LocalWithoutZone,
    Unknown,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::EpochNumber => {
                "Unix seconds as a JSON number (Service Fabric, Azure Machine Learning)"
            }
            Format::EpochString => {
                "Unix seconds as a string (IMDS, App Service and Container Apps 2019-08-01)"
            }
            Format::WindowsDate => {
                "Windows date string M/d/yyyy h:mm:ss AM +00:00 (App Service 2017-09-01 on Windows)"
            }
            Format::LinuxDate => {
                "Linux date string MM/dd/yyyy HH:mm:ss +00:00 (App Service 2017-09-01 on Linux)"
            }
            Format::Iso8601 => "ISO-8601 date and time",
            Format::SpaceSeparatedUtc => "yyyy-MM-dd HH:mm:ssZ (Azure Automation hybrid worker)",
            Format::LocalWithoutZone => "local time without a zone (az CLI expiresOn)",
            Format::Unknown => "not a format any managed-identity endpoint uses",
        }
    }

    /// SDKs known to fail on this format, from their issue trackers.
    pub fn known_failures(self) -> Option<&'static str> {
        match self {
            Format::WindowsDate | Format::LinuxDate => Some(
                "Parsers that expect Unix seconds fail on it: the SQL JDBC driver threw \"Unparseable date\" \
                 (microsoft/mssql-jdbc#1135) and Azure SDKs added special cases for both date styles \
                 (Azure/azure-sdk-for-python PR #9480).",
            ),
            Format::Iso8601 => Some(
                "Azure.Identity for .NET 1.13 failed with \"The input string … was not in a correct format\" \
                 (Azure/azure-sdk-for-net#46714); MSAL .NET later learned to read ISO-8601.",
            ),
            Format::SpaceSeparatedUtc => Some(
                "azure-identity for Python failed with \"… doesn't match the expected format\" \
                 (Azure/azure-sdk-for-python#19641).",
            ),
            _ => None,
        }
    }
}

/// An `expires_on` value, read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExpiresOn {
    /// The value as written (strings without their quotes).
    pub raw: String,
    /// Unix seconds; `None` when the value is malformed or unreadable.
    pub epoch: Option<i64>,
    pub format: Format,
    pub format_label: &'static str,
    pub utc: Option<String>,
    pub local: Option<String>,
    pub relative: Option<String>,
    /// Why the value cannot be read, when it cannot.
    pub malformed: Option<String>,
    /// What SDKs do with it, when that matters.
    pub sdk_note: Option<String>,
}

/// Reads an `expires_on` (or `expiresOn`) value.
pub fn read(value: &Value, ctx: &Context) -> ExpiresOn {
    let (raw, parsed) = match value {
        Value::Number(n) => {
            let raw = n.to_string();
            let epoch = n.as_i64().or_else(|| n.as_f64().map(|f| f.floor() as i64));
            (
                raw,
                epoch
                    .map(|e| (e, Format::EpochNumber))
                    .ok_or_else(|| "a number too large for a time".to_string()),
            )
        }
        Value::String(s) => (s.clone(), parse_str(s.trim(), ctx)),
        other => (
            other.to_string(),
            Err(format!("a {} rather than a number or a date", kind(other))),
        ),
    };
    build(raw, parsed, ctx)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
        _ => "value",
    }
}

fn build(raw: String, parsed: Result<(i64, Format), String>, ctx: &Context) -> ExpiresOn {
    match parsed {
        Ok((epoch, format)) => {
            let mut sdk_note = format.known_failures().map(str::to_string);
            if matches!(format, Format::EpochNumber | Format::EpochString)
                && (0..978_307_200).contains(&epoch)
            {
                sdk_note = Some(
                    "A number this small is a date in 1970-2000. MSAL .NET reads numbers below 978307200 \
                     (2001-01-01) as seconds from now instead; other SDKs read a 1970 date and treat the token as \
                     expired."
                        .to_string(),
                );
            }
            ExpiresOn {
                raw,
                epoch: Some(epoch),
                format,
                format_label: format.label(),
                utc: Some(timefmt::utc(epoch)),
                local: Some(timefmt::local(epoch, ctx.utc_offset_minutes)),
                relative: Some(timefmt::relative(epoch, ctx.now)),
                malformed: None,
                sdk_note,
            }
        }
        Err(why) => {
            let format = guess_format(&raw);
            let sdk_note = malformed_sdk_note(&raw);
            ExpiresOn {
                raw,
                epoch: None,
                format,
                format_label: format.label(),
                utc: None,
                local: None,
                relative: None,
                malformed: Some(why),
                sdk_note,
            }
        }
    }
}

/// Parses a string value in any known format.
pub fn parse_str(s: &str, ctx: &Context) -> Result<(i64, Format), String> {
    if s.is_empty() {
        return Err("empty".to_string());
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .map(|e| (e, Format::EpochString))
            .map_err(|_| "too many digits for a time".to_string());
    }
    if s.contains('/') {
        return parse_slash_date(s);
    }
    if s.len() >= 10 && s.as_bytes().get(4) == Some(&b'-') {
        return parse_iso_like(s, ctx);
    }
    Err(format!("'{s}' is neither Unix seconds nor a date"))
}

/// `M/d/yyyy h:mm:ss AM +00:00` (Windows) or `MM/dd/yyyy HH:mm:ss +00:00` (Linux).
fn parse_slash_date(s: &str) -> Result<(i64, Format), String> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let date = parts.first().ok_or("no date")?;
    let time = parts.get(1).ok_or("no time after the date")?;
    let (ampm, offset) = match (parts.get(2), parts.get(3)) {
        (Some(a), o) if a.eq_ignore_ascii_case("AM") || a.eq_ignore_ascii_case("PM") => {
            (Some(a.to_ascii_uppercase()), o.copied())
        }
        (o, _) => (None, o.copied()),
    };
    let d: Vec<&str> = date.split('/').collect();
    let [month, day, year] = d.as_slice() else {
        return Err(format!("'{date}' is not month/day/year"));
    };
    let t: Vec<&str> = time.split(':').collect();
    let [hour, minute, second] = t.as_slice() else {
        return Err(format!("'{time}' is not hours:minutes:seconds"));
    };
    let num = |v: &str, what: &str| {
        v.parse::<u32>()
            .map_err(|_| format!("'{v}' is not a {what}"))
    };
    let (month, day, year) = (num(month, "month")?, num(day, "day")?, num(year, "year")?);
    let (mut hour, minute, second) = (
        num(hour, "hour")?,
        num(minute, "minute")?,
        num(second, "second")?,
    );
    let format = match &ampm {
        Some(ap) => {
            if !(1..=12).contains(&hour) {
                return Err(format!(
                    "the hour is {hour:02} on a 12-hour clock with {ap}: {ap} needs an hour from 1 to 12, so the \
                     value contradicts itself"
                ));
            }
            hour = match (ap.as_str(), hour) {
                ("AM", 12) => 0,
                ("PM", h) if h < 12 => h + 12,
                (_, h) => h,
            };
            Format::WindowsDate
        }
        None => Format::LinuxDate,
    };
    let offset_minutes = match offset {
        Some(o) => parse_offset(o).ok_or_else(|| format!("'{o}' is not a UTC offset"))?,
        None => 0,
    };
    let dt = DateTime {
        year: i64::from(year),
        month,
        day,
        hour,
        minute,
        second,
    };
    let epoch = timefmt::from_datetime(dt).ok_or_else(|| {
        format!("{month}/{day}/{year} {hour}:{minute}:{second} is not a real date and time")
    })?;
    Ok((epoch - i64::from(offset_minutes) * 60, format))
}

/// `2024-10-18T19:51:37.0000000+00:00`, `2021-07-02 08:00:34Z`, `2023-10-20 16:23:00.000000`.
fn parse_iso_like(s: &str, ctx: &Context) -> Result<(i64, Format), String> {
    let bad = || format!("'{s}' is not a date and time");
    let date = s.get(..10).ok_or_else(bad)?;
    let sep = s.get(10..11).ok_or_else(bad)?;
    let rest = s.get(11..).ok_or_else(bad)?;
    let d: Vec<&str> = date.split('-').collect();
    let [y, m, dd] = d.as_slice() else {
        return Err(bad());
    };
    // Split the zone off the time.
    let (time, zone) = match rest.find(['Z', 'z', '+']).or_else(|| rest.rfind('-')) {
        Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
        None => (rest, ""),
    };
    let time = time.split('.').next().unwrap_or("");
    let t: Vec<&str> = time.split(':').collect();
    let [hh, mi, ss] = t.as_slice() else {
        return Err(bad());
    };
    let n = |v: &str| v.trim().parse::<u32>().map_err(|_| bad());
    let dt = DateTime {
        year: i64::from(n(y)?),
        month: n(m)?,
        day: n(dd)?,
        hour: n(hh)?,
        minute: n(mi)?,
        second: n(ss)?,
    };
    let epoch =
        timefmt::from_datetime(dt).ok_or_else(|| format!("'{s}' is not a real date and time"))?;
    let (offset, format) = match (sep, zone) {
        (_, "") => (ctx.utc_offset_minutes, Format::LocalWithoutZone),
        ("T" | "t", z) => (zone_minutes(z).ok_or_else(bad)?, Format::Iso8601),
        (_, z) => (zone_minutes(z).ok_or_else(bad)?, Format::SpaceSeparatedUtc),
    };
    Ok((epoch - i64::from(offset) * 60, format))
}

fn zone_minutes(z: &str) -> Option<i32> {
    if z.eq_ignore_ascii_case("z") {
        Some(0)
    } else {
        parse_offset(z)
    }
}

/// `+00:00`, `-05:30`, `+0100`.
fn parse_offset(o: &str) -> Option<i32> {
    let sign = match o.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = o.get(1..)?.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let h: i32 = digits.get(..2)?.parse().ok()?;
    let m: i32 = digits.get(2..)?.parse().ok()?;
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

fn guess_format(raw: &str) -> Format {
    let upper = raw.to_ascii_uppercase();
    if raw.contains('/') && (upper.contains(" AM") || upper.contains(" PM")) {
        Format::WindowsDate
    } else if raw.contains('/') {
        Format::LinuxDate
    } else if raw.contains('T') && raw.get(4..5) == Some("-") {
        Format::Iso8601
    } else {
        Format::Unknown
    }
}

/// What SDKs do with the self-contradicting 12-hour value Microsoft's own 2017 sample printed.
fn malformed_sdk_note(raw: &str) -> Option<String> {
    let upper = raw.to_ascii_uppercase();
    let zero_hour = raw
        .split_whitespace()
        .nth(1)
        .is_some_and(|t| t.starts_with("00:") || t.starts_with("0:"));
    (zero_hour && upper.has(" PM")).then(|| {
        "azure-identity for Python rejects it (hour 00 is invalid for a 12-hour clock, and PM is extra for a 24-hour one); \
         JavaScript's Date.parse reads it as 12:00 PM (noon). The two disagree, so any token cache built on it is unreliable."
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn epoch(v: Value) -> (Option<i64>, Format) {
        let e = read(&v, &Context::at(0));
        (e.epoch, e.format)
    }

    #[test]
    fn every_documented_format() {
        // Epochs from ../shared/samples (converted with calendar.timegm as UTC).
        assert_eq!(
            epoch(json!("1506484173")),
            (Some(1_506_484_173), Format::EpochString)
        );
        assert_eq!(
            epoch(json!(1565244611)),
            (Some(1_565_244_611), Format::EpochNumber)
        );
        assert_eq!(
            epoch(json!("1/10/2020 8:01:28 AM +00:00")),
            (Some(1_578_643_288), Format::WindowsDate)
        );
        assert_eq!(
            epoch(json!("1/16/2020 5:24:12 AM +00:00")),
            (Some(1_579_152_252), Format::WindowsDate)
        );
        assert_eq!(
            epoch(json!("06/27/2020 12:14:35 +00:00")),
            (Some(1_593_260_075), Format::LinuxDate)
        );
        assert_eq!(
            epoch(json!("06/20/2019 02:57:58 +00:00")),
            (Some(1_560_999_478), Format::LinuxDate)
        );
        assert_eq!(
            epoch(json!("05/22/2021 17:14:33 +00:00")),
            (Some(1_621_703_673), Format::LinuxDate)
        );
        assert_eq!(
            epoch(json!("2024-10-18T19:51:37.0000000+00:00")),
            (Some(1_729_281_097), Format::Iso8601)
        );
        assert_eq!(
            epoch(json!("2021-07-02 08:00:34Z")),
            (Some(1_625_212_834), Format::SpaceSeparatedUtc)
        );
        assert_eq!(
            epoch(json!("12/31/2020 11:59:59 PM +00:00")),
            (Some(1_609_459_199), Format::WindowsDate)
        );
        assert_eq!(
            epoch(json!("1/1/2021 12:00:00 AM +00:00")),
            (Some(1_609_459_200), Format::WindowsDate)
        );
        assert_eq!(
            epoch(json!("2021-07-02T10:00:34+02:00")),
            (Some(1_625_212_834), Format::Iso8601)
        );
    }

    #[test]
    fn az_cli_local_time_uses_the_viewers_offset() {
        let ctx = Context {
            now: 0,
            utc_offset_minutes: 120,
        };
        let e = read(&json!("2023-10-20 18:23:00.000000"), &ctx);
        assert_eq!(
            (e.epoch, e.format),
            (Some(1_697_818_980), Format::LocalWithoutZone)
        );
    }

    #[test]
    fn the_2017_doc_sample_is_malformed() {
        // MicrosoftDocs/azure-docs app-service-managed-service-identity.md (2017): hour 00 with PM.
        let e = read(&json!("09/14/2017 00:00:00 PM +00:00"), &Context::at(0));
        assert_eq!(e.epoch, None);
        assert_eq!(e.format, Format::WindowsDate);
        assert!(e
            .malformed
            .as_deref()
            .unwrap()
            .contains("hour is 00 on a 12-hour clock with PM"));
        assert!(e
            .sdk_note
            .as_deref()
            .unwrap()
            .contains("Date.parse reads it as 12:00 PM"));
        for bad in [
            json!("13/01/2020 10:00:00 +00:00"),
            json!("2/30/2020 1:00:00 AM +00:00"),
            json!("soon"),
            json!(null),
            json!(""),
        ] {
            assert_eq!(read(&bad, &Context::at(0)).epoch, None, "{bad}");
        }
    }

    #[test]
    fn tiny_numbers_get_the_msal_note() {
        // AzureAD/microsoft-authentication-library-for-python tests/test_mi.py mocks expires_on 12345.
        let e = read(&json!(12345), &Context::at(0));
        assert_eq!(e.utc.as_deref(), Some("1970-01-01T03:25:45Z"));
        assert!(e.sdk_note.unwrap().contains("978307200"));
    }
}
