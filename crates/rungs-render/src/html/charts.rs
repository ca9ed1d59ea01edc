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
    const LABEL: f64 = DEPTH_LABEL;
    const UNIT: f64 = DEPTH_UNIT;
    const TOP: f64 = DEPTH_TOP;
    const ROW: f64 = DEPTH_ROW;
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
        depth_row(out, TOP + ROW * i as f64, row, target);
    }
    out.push_str("</svg>\n");
}

/// Width of the skill labels of the depth chart.
const DEPTH_LABEL: f64 = 150.0;
/// Width of one depth of the depth chart.
const DEPTH_UNIT: f64 = 62.0;
/// Height of the depth chart's header (the depth names).
const DEPTH_TOP: f64 = 20.0;
/// Height of one skill's row of the depth chart.
const DEPTH_ROW: f64 = 24.0;

/// One skill's row of the depth chart, from `top` down: its label, the bar of
/// the depth credited, the shortfall hatched, the marker of the depth needed and
/// the value.
fn depth_row(out: &mut String, top: f64, row: &DepthRow<'_>, target: Option<&str>) {
    const LABEL: f64 = DEPTH_LABEL;
    const UNIT: f64 = DEPTH_UNIT;
    const ROW: f64 = DEPTH_ROW;
    const BAR: f64 = 14.0;
    let credited = row.credited.min(4);
    let required = row.required.min(4);
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
    let Some(timeline) = Timeline::new(counts) else {
        return;
    };
    let (label_step, ticks) = timeline.ticks();
    timeline.grid(out, &ticks);
    timeline.axis_labels(out, label_step, ticks);
    timeline.bars(out);
    out.push_str("</svg>\n");
}

/// A time line laid out: the months it shows and the scales of both axes.
struct Timeline<'c, 'm> {
    /// The counts shown, with their month numbers, in stacking order.
    numbered: Vec<(i64, &'c MonthCount<'m>)>,
    /// The first month with evidence shown.
    first_seen: i64,
    /// The first month of the axis: [`MIN_MONTHS`] before the last at least.
    first: i64,
    /// The last month with evidence.
    last: i64,
    /// Months on the axis.
    months: usize,
    /// The step of the value axis.
    step: u64,
    /// The top of the value axis, a whole number of steps.
    axis_max: u64,
    /// The y of the value axis' zero.
    base: f64,
    /// Height of one commit.
    scale: f64,
    /// Width of one month.
    band: f64,
    /// Width of a month's bar.
    bar: f64,
}

impl<'c, 'm> Timeline<'c, 'm> {
    const WIDTH: f64 = 720.0;
    const HEIGHT: f64 = 150.0;
    const LEFT: f64 = 34.0;
    const RIGHT: f64 = 10.0;
    const TOP: f64 = 8.0;
    const BOTTOM: f64 = 22.0;

    /// Lay out the months of `counts` with commits and a valid month, up to
    /// [`MAX_MONTHS`] back from the last; `None` when there are none.
    fn new(counts: &'c [MonthCount<'m>]) -> Option<Self> {
        let numbered: Vec<(i64, &MonthCount<'_>)> = counts
            .iter()
            .filter(|c| c.commits > 0)
            .filter_map(|c| month_number(c.month).map(|n| (n, c)))
            .collect();
        let last = numbered.iter().map(|(n, _)| *n).max()?;
        let numbered: Vec<(i64, &MonthCount<'_>)> = numbered
            .into_iter()
            .filter(|(n, _)| *n > last.saturating_sub(MAX_MONTHS))
            .collect();
        let (Some(first_seen), Some(last)) = (
            numbered.iter().map(|(n, _)| *n).min(),
            numbered.iter().map(|(n, _)| *n).max(),
        ) else {
            return None;
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
        let plot_w = Self::WIDTH - Self::LEFT - Self::RIGHT;
        let plot_h = Self::HEIGHT - Self::TOP - Self::BOTTOM;
        let base = Self::TOP + plot_h;
        let scale = plot_h / axis_max as f64;
        let band = plot_w / months as f64;
        let bar = if band < 3.0 {
            band
        } else {
            (band * 0.78).min(36.0)
        };
        Some(Timeline {
            numbered,
            first_seen,
            first,
            last,
            months,
            step,
            axis_max,
            base,
            scale,
            band,
            bar,
        })
    }

    /// How many months apart the month axis is labelled (at most about eight
    /// labels), and the months labelled.
    fn ticks(&self) -> (i64, Vec<i64>) {
        let label_step = [1i64, 2, 3, 4, 6, 12, 24, 60, 120]
            .into_iter()
            .find(|s| self.months as i64 / s <= 8)
            .unwrap_or(240);
        let ticks: Vec<i64> = (self.first..=self.last)
            .filter(|n| n.rem_euclid(label_step) == 0)
            .collect();
        (label_step, ticks)
    }

    /// The x of the middle of month `n`.
    fn centre(&self, n: i64) -> f64 {
        Self::LEFT + (n - self.first) as f64 * self.band + self.band / 2.0
    }

    /// The opening of the chart with its label, the grid line of each value step,
    /// and the month axis with a tick at each of `ticks`.
    fn grid(&self, out: &mut String, ticks: &[i64]) {
        let (width, height, left, right) = (Self::WIDTH, Self::HEIGHT, Self::LEFT, Self::RIGHT);
        let label = format!(
            "Evidence commits per month, {} to {}",
            month_label(self.first_seen),
            month_label(self.last)
        );
        let _ = write!(
            out,
            "<svg class=\"chart wide\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
             role=\"img\" aria-label=\"{label}\"><title>{label}</title><path class=\"grid\" d=\""
        );
        let mut value = self.step;
        while value <= self.axis_max {
            let y = self.base - value as f64 * self.scale;
            let _ = write!(out, "M{left} {}H{}", N(y), N(width - right));
            value += self.step;
        }
        let _ = write!(
            out,
            "\"/><path class=\"axis\" d=\"M{left} {}H{}",
            N(self.base),
            N(width - right)
        );
        for n in ticks {
            let _ = write!(out, "M{} {}v4", N(self.centre(*n)), N(self.base));
        }
    }

    /// The labels of both axes: each value step, and each of `ticks` as a month
    /// (or a year, when labels are a year or more apart).
    fn axis_labels(&self, out: &mut String, label_step: i64, ticks: Vec<i64>) {
        out.push_str("\"/><g class=\"ax\" text-anchor=\"end\">");
        let mut value = 0;
        while value <= self.axis_max {
            let y = self.base - value as f64 * self.scale;
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\">{value}</text>",
                N(Self::LEFT - 5.0),
                N(y + 3.5)
            );
            value += self.step;
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
                N(self.centre(n)),
                N(self.base + 15.0)
            );
        }
        out.push_str("</g>");
    }

    /// The bars: one path per skill, in the order given, each month's bar stacked
    /// on the skills before it, titled with the skill's total.
    fn bars(&self, out: &mut String) {
        let mut stacked = vec![0u64; self.months];
        let mut paths: Vec<(String, &MonthCount<'_>, u64)> = Vec::new();
        for (n, c) in &self.numbered {
            let slot = match paths.iter().position(|(_, p, _)| p.skill == c.skill) {
                Some(slot) => slot,
                None => {
                    paths.push((String::new(), c, 0));
                    paths.len() - 1
                }
            };
            let i = (n - self.first) as usize;
            let x = Self::LEFT + i as f64 * self.band + (self.band - self.bar) / 2.0;
            let below = stacked[i] as f64 * self.scale;
            let h = c.commits as f64 * self.scale;
            stacked[i] += c.commits;
            let (d, _, total) = &mut paths[slot];
            *total += c.commits;
            let _ = write!(
                d,
                "M{} {}h{}v{}h-{}z",
                N(x),
                N(self.base - below - h),
                N(self.bar),
                N(h),
                N(self.bar)
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
    }
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
