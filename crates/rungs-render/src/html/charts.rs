//! Inline SVG charts: an author's skill depths against what the next rung needs,
//! and evidence commits per month.
//!
//! Coordinates are written with one decimal, so the same data gives the same bytes.

use std::fmt::Write;

use super::escape::esc;
use crate::view;

/// A coordinate: whole numbers without decimals, others with one.
struct N(f64);

impl std::fmt::Display for N {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if tenths % 10.0 == 0.0 {
            write!(f, "{}", tenths / 10.0)
        } else {
            write!(f, "{:.1}", tenths / 10.0)
        }
    }
}

/// One skill of the depth chart.
pub(super) struct DepthRow<'a> {
    /// The skill id.
    pub(super) skill: &'a str,
    /// The depth credited.
    pub(super) credited: u8,
    /// The depth the next rung needs (0: none).
    pub(super) required: u8,
}

/// Horizontal bars of the depth credited per skill, with a marker at the depth
/// `target` (the next rung's name) needs and the shortfall hatched. Colours and
/// fonts come from the style sheet (`.chart` classes).
pub(super) fn depth_chart(out: &mut String, rows: &[DepthRow<'_>], target: Option<&str>) {
    const LABEL: f64 = 150.0;
    const UNIT: f64 = 62.0;
    const TOP: f64 = 20.0;
    const ROW: f64 = 24.0;
    const BAR: f64 = 14.0;
    let width = LABEL + 4.0 * UNIT + 48.0;
    let height = TOP + ROW * rows.len() as f64 + 4.0;
    let label = match target {
        Some(target) => format!("Depth credited per skill against what {target} needs"),
        None => "Depth credited per skill".to_owned(),
    };
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" \
         aria-label=\"{2}\"><title>{2}</title><g class=\"ax\" text-anchor=\"middle\">",
        N(width),
        N(height),
        esc(&label)
    );
    for depth in 1..=4u8 {
        let x = LABEL + (f64::from(depth) - 0.5) * UNIT;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"12\">{}</text>",
            N(x),
            view::depth_name(depth)
        );
    }
    out.push_str("</g><path class=\"grid\" d=\"");
    for depth in 0..=4u8 {
        let x = LABEL + f64::from(depth) * UNIT + 0.5;
        let _ = write!(out, "M{} {}V{}", N(x), N(TOP - 4.0), N(height));
    }
    out.push_str("\"/>");
    for (i, row) in rows.iter().enumerate() {
        let credited = row.credited.min(4);
        let required = row.required.min(4);
        let top = TOP + ROW * i as f64;
        let bar_y = top + (ROW - BAR) / 2.0;
        let text_y = top + ROW / 2.0 + 4.0;
        let mut tip = format!("{}: {} credited", row.skill, view::depth_name(credited));
        if required > 0 {
            let _ = write!(
                tip,
                ", {} needed for {}",
                view::depth_name(required),
                target.unwrap_or("the next rung")
            );
        }
        let _ = write!(
            out,
            "<g><title>{}</title><text class=\"lb\" x=\"{}\" y=\"{}\">{}</text>\
             <rect class=\"bg\" x=\"{LABEL}\" y=\"{}\" width=\"{}\" height=\"{BAR}\"/>",
            esc(&tip),
            N(LABEL - 8.0),
            N(text_y),
            esc(row.skill),
            N(bar_y),
            N(4.0 * UNIT)
        );
        if required > credited {
            let _ = write!(
                out,
                "<rect class=\"gap\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                N(LABEL + f64::from(credited) * UNIT + 0.5),
                N(bar_y + 0.5),
                N(f64::from(required - credited) * UNIT - 1.0),
                N(BAR - 1.0)
            );
        }
        if credited > 0 {
            let _ = write!(
                out,
                "<rect class=\"f{credited}\" x=\"{LABEL}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" rx=\"2\"/>",
                N(bar_y),
                N(f64::from(credited) * UNIT)
            );
        }
        if required > 0 {
            let x = LABEL + f64::from(required) * UNIT;
            let _ = write!(
                out,
                "<path class=\"mark\" d=\"M{} {}V{}\"/>",
                N(x),
                N(top + 2.0),
                N(top + ROW - 2.0)
            );
        }
        let (text, class) = if required == 0 {
            (credited.to_string(), "vl")
        } else if credited >= required {
            (format!("{credited}/{required} ✓"), "vl met")
        } else {
            (format!("{credited}/{required}"), "vl short")
        };
        let _ = write!(
            out,
            "<text class=\"{class}\" x=\"{}\" y=\"{}\">{text}</text></g>",
            N(LABEL + 4.0 * UNIT + 8.0),
            N(text_y)
        );
    }
    out.push_str("</svg>\n");
}

/// Evidence commits of one skill in one month.
pub(super) struct MonthCount<'a> {
    /// `YYYY-MM`.
    pub(super) month: &'a str,
    /// The skill.
    pub(super) skill: &'a str,
    /// Its colour.
    pub(super) colour: &'a str,
    /// Evidence commits.
    pub(super) commits: u64,
}

/// Months as a number (`year * 12 + month - 1`), for `YYYY-MM`.
fn month_number(month: &str) -> Option<i64> {
    let (year, month) = month.split_once('-')?;
    let year: i64 = year.parse().ok()?;
    let month: i64 = month.get(..2).unwrap_or(month).parse().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    year.checked_mul(12)?.checked_add(month - 1)
}

/// `YYYY-MM` of a month number.
fn month_label(number: i64) -> String {
    format!("{}-{:02}", number.div_euclid(12), number.rem_euclid(12) + 1)
}

/// The step of the value axis: 1, 2, 5, 10, 20, 50, … so that at most four
/// steps reach `max`.
fn value_step(max: u64) -> u64 {
    let mut scale = 1u64;
    loop {
        for step in [scale, 2 * scale, 5 * scale] {
            if max.div_ceil(step) <= 4 {
                return step;
            }
        }
        scale = scale.saturating_mul(10);
    }
}

/// Months shown at least, ending with the last month with evidence, so that a
/// short history still reads as a time line.
const MIN_MONTHS: i64 = 6;

/// Months shown at most: the time line ends with the last month with evidence and
/// reaches back 20 years, so a commit with a nonsense date cannot blow it up.
const MAX_MONTHS: i64 = 240;

/// Stacked bars of evidence commits per month, one colour per skill, over every
/// month from the first to the last with evidence (at most [`MAX_MONTHS`]).
/// `counts` is in stacking order.
pub(super) fn timeline(out: &mut String, counts: &[MonthCount<'_>]) {
    const WIDTH: f64 = 720.0;
    const HEIGHT: f64 = 150.0;
    const LEFT: f64 = 34.0;
    const RIGHT: f64 = 10.0;
    const TOP: f64 = 8.0;
    const BOTTOM: f64 = 22.0;
    let numbered: Vec<(i64, &MonthCount<'_>)> = counts
        .iter()
        .filter(|c| c.commits > 0)
        .filter_map(|c| month_number(c.month).map(|n| (n, c)))
        .collect();
    let Some(last) = numbered.iter().map(|(n, _)| *n).max() else {
        return;
    };
    let numbered: Vec<(i64, &MonthCount<'_>)> = numbered
        .into_iter()
        .filter(|(n, _)| *n > last.saturating_sub(MAX_MONTHS))
        .collect();
    let (Some(first_seen), Some(last)) = (
        numbered.iter().map(|(n, _)| *n).min(),
        numbered.iter().map(|(n, _)| *n).max(),
    ) else {
        return;
    };
    let first = first_seen.min(last.saturating_sub(MIN_MONTHS - 1));
    let months = usize::try_from(last - first + 1).unwrap_or(1);
    let mut totals = vec![0u64; months];
    for (n, c) in &numbered {
        totals[(n - first) as usize] += c.commits;
    }
    let max = totals.iter().copied().max().unwrap_or(1).max(1);
    let step = value_step(max);
    let axis_max = max.div_ceil(step) * step;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let scale = plot_h / axis_max as f64;
    let band = plot_w / months as f64;
    let bar = if band < 3.0 {
        band
    } else {
        (band * 0.78).min(36.0)
    };
    let label = format!(
        "Evidence commits per month, {} to {}",
        month_label(first_seen),
        month_label(last)
    );
    let _ = write!(
        out,
        "<svg class=\"chart wide\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         role=\"img\" aria-label=\"{label}\"><title>{label}</title><path class=\"grid\" d=\""
    );
    let mut value = step;
    while value <= axis_max {
        let y = base - value as f64 * scale;
        let _ = write!(out, "M{LEFT} {}H{}", N(y), N(WIDTH - RIGHT));
        value += step;
    }
    let _ = write!(
        out,
        "\"/><path class=\"axis\" d=\"M{LEFT} {}H{}",
        N(base),
        N(WIDTH - RIGHT)
    );
    let label_step = [1i64, 2, 3, 4, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|s| months as i64 / s <= 8)
        .unwrap_or(240);
    let ticks: Vec<i64> = (first..=last)
        .filter(|n| n.rem_euclid(label_step) == 0)
        .collect();
    let centre = |n: i64| LEFT + (n - first) as f64 * band + band / 2.0;
    for n in &ticks {
        let _ = write!(out, "M{} {}v4", N(centre(*n)), N(base));
    }
    out.push_str("\"/><g class=\"ax\" text-anchor=\"end\">");
    let mut value = 0;
    while value <= axis_max {
        let y = base - value as f64 * scale;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{value}</text>",
            N(LEFT - 5.0),
            N(y + 3.5)
        );
        value += step;
    }
    out.push_str("</g><g class=\"ax\" text-anchor=\"middle\">");
    for n in ticks {
        let text = if label_step >= 12 {
            n.div_euclid(12).to_string()
        } else {
            month_label(n)
        };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{text}</text>",
            N(centre(n)),
            N(base + 15.0)
        );
    }
    out.push_str("</g>");
    // One path per skill, in the order given; each month's bar stacks on the skills before it.
    let mut stacked = vec![0u64; months];
    let mut paths: Vec<(String, &MonthCount<'_>, u64)> = Vec::new();
    for (n, c) in &numbered {
        let slot = match paths.iter().position(|(_, p, _)| p.skill == c.skill) {
            Some(slot) => slot,
            None => {
                paths.push((String::new(), c, 0));
                paths.len() - 1
            }
        };
        let i = (n - first) as usize;
        let x = LEFT + i as f64 * band + (band - bar) / 2.0;
        let below = stacked[i] as f64 * scale;
        let h = c.commits as f64 * scale;
        stacked[i] += c.commits;
        let (d, _, total) = &mut paths[slot];
        *total += c.commits;
        let _ = write!(
            d,
            "M{} {}h{}v{}h-{}z",
            N(x),
            N(base - below - h),
            N(bar),
            N(h),
            N(bar)
        );
    }
    for (d, c, total) in &paths {
        let _ = write!(
            out,
            "<path fill=\"{}\" d=\"{d}\"><title>{}: {} evidence commits</title></path>",
            c.colour,
            esc(c.skill),
            total
        );
    }
    out.push_str("</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_numbered() {
        assert_eq!(month_number("2024-01"), Some(2024 * 12));
        assert_eq!(month_label(2024 * 12 + 11), "2024-12");
        assert_eq!(month_number("2024-13"), None);
        assert_eq!(month_number("junk"), None);
    }

    #[test]
    fn value_steps_are_round() {
        assert_eq!(value_step(1), 1);
        assert_eq!(value_step(4), 1);
        assert_eq!(value_step(5), 2);
        assert_eq!(value_step(9), 5);
        assert_eq!(value_step(37), 10);
        assert_eq!(value_step(180), 50);
    }

    #[test]
    fn a_timeline_has_one_path_per_skill() {
        let counts = [
            MonthCount {
                month: "2024-01",
                skill: "acid",
                colour: "#000",
                commits: 2,
            },
            MonthCount {
                month: "2024-03",
                skill: "acid",
                colour: "#000",
                commits: 1,
            },
            MonthCount {
                month: "2024-03",
                skill: "error-codes",
                colour: "#111",
                commits: 4,
            },
        ];
        let mut out = String::new();
        timeline(&mut out, &counts);
        assert_eq!(out.matches("<path fill=").count(), 2);
        assert!(out.contains("2024-01 to 2024-03"));
        assert!(out.contains("acid: 3 evidence commits"));
    }

    #[test]
    fn nonsense_dates_stay_within_twenty_years() {
        for far in [
            "99999999999-01",
            "700000000000000000-01",
            "999999999999999999-12",
        ] {
            let counts = [
                MonthCount {
                    month: "2024-01",
                    skill: "acid",
                    colour: "#000",
                    commits: 1,
                },
                MonthCount {
                    month: far,
                    skill: "acid",
                    colour: "#000",
                    commits: 1,
                },
            ];
            let mut out = String::new();
            timeline(&mut out, &counts);
            assert!(out.len() < 20_000, "{far}: {} bytes", out.len());
        }
    }
}
