//! Reading back the times reports hold.

/// Seconds since the epoch and the offset east of UTC in seconds, of a time as
/// rungs writes it: `YYYY-MM-DDTHH:MM:SSZ` (or with any offset up to ±99:59),
/// or bare seconds since the epoch for a commit whose offset cannot be written
/// that way (then the offset reads as 0).
pub fn parse(text: &str) -> Option<(i64, i32)> {
    if let Ok(seconds) = text.parse::<i64>() {
        return Some((seconds, 0));
    }
    let b = text.as_bytes();
    if b.len() < 20 || !b.is_ascii() {
        return None;
    }
    // The year may be longer than four digits (or negative): split from the end.
    let (date_time, zone) = match text.strip_suffix('Z') {
        Some(utc) => (utc, "+00:00"),
        None => text.split_at(text.len() - 6),
    };
    let (date, time) = date_time.split_once('T')?;
    let (year, rest) = date.rsplit_once('-').and_then(|(ym, d)| {
        let (y, m) = ym.rsplit_once('-')?;
        Some((y, (m, d)))
    })?;
    let number = |s: &str, max: u32| s.parse::<u32>().ok().filter(|n| *n <= max);
    let year: i64 = year.parse().ok()?;
    let month = number(rest.0, 12).filter(|m| *m >= 1)?;
    let day = number(rest.1, 31).filter(|d| *d >= 1)?;
    let mut hms = time.split(':');
    let (h, m, s) = (
        number(hms.next()?, 23)?,
        number(hms.next()?, 59)?,
        number(hms.next()?, 60)?,
    );
    if hms.next().is_some() {
        return None;
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (zh, zm) = zone[1..].split_once(':')?;
    let offset = sign * (number(zh, 99)? * 3600 + number(zm, 59)? * 60) as i32;
    let days = rungs_ladder::days_from_civil(year, month, day);
    let local = days
        .checked_mul(86_400)?
        .checked_add(i64::from(h * 3600 + m * 60 + s))?;
    Some((local.checked_sub(i64::from(offset))?, offset))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn what_scan_writes_reads_back() {
        for (seconds, offset) in [
            (1_700_000_000i64, 3600),
            (0, -19_800),
            (-86_401, 0),
            (1_700_000_000, 24 * 3600),
            (253_402_300_799, 0),
            (1_700_000_000, -(23 * 3600 + 59 * 60)),
        ] {
            let text = rungs_scan::rfc3339(rungs_scan::Time::new(seconds, offset));
            assert_eq!(parse(&text), Some((seconds, offset)), "{text}");
        }
        // An offset git cannot write as ±HH:MM comes out as bare seconds.
        let odd = rungs_scan::rfc3339(rungs_scan::Time::new(1_700_000_002, -(99 * 3600 + 59 * 60)));
        assert_eq!(parse(&odd), Some((1_700_000_002, 0)), "{odd}");
        assert_eq!(parse("2024-05-01T08:00:00Z"), Some((1_714_550_400, 0)));
        for bad in [
            "",
            "not a time",
            "2024-13-01T00:00:00+00:00",
            "2024-01-01T24:00:00+00:00",
            "2024-01-01 00:00:00+00:00",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
