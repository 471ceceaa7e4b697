//! Plain numbers: metric thresholds (`Above`, `Below`), a gauge's start (`Gauge`) and shift
//! (`ShiftGauge(by: …)`), the only values a scenario writes as bare numbers rather than as
//! quantities with a unit. Each must be finite, and within the range it can mean: metrics are never
//! negative, and a percentage is at most 100.

use super::Checker;
use super::topology::to_milli;
use crate::scenario::model::Number;
use crate::scenario::source::Span;

/// The largest magnitude a plain number may have. Values are held in thousandths in an `i64`; no
/// metric comes anywhere near this.
const MAX: f64 = 1e15;

/// The range a number can mean.
#[derive(Clone, Copy)]
pub(crate) enum Range {
    /// Any finite number (a shift up or down).
    Any,
    /// 0 or more (a metric's value).
    NonNegative,
    /// From 0 to 100 (a percentage).
    Percent,
}

impl Range {
    /// The range of the values of a metric in `unit`.
    pub fn of_unit(unit: &str) -> Range {
        if unit.trim() == "%" {
            Range::Percent
        } else {
            Range::NonNegative
        }
    }
}

impl Checker<'_> {
    /// Checks a plain number and converts it to thousandths. `what` names it in the message ("the
    /// value compared with `db.saturation`"); `help` says what to write instead. `None` after
    /// reporting why it cannot be used.
    pub fn number(&mut self, n: &Number, what: &str, range: Range, help: String) -> Option<i64> {
        let v = n.value;
        let text = self.number_text(n.span, v);
        let problem = if v.is_nan() {
            format!("{what} is `{text}`, which is not a number")
        } else if v.is_infinite() && text.contains("inf") {
            format!("{what} is `{text}`, which is not a finite number")
        } else if v.is_infinite() {
            format!(
                "{what} is `{text}`, which is too large to be a number (it overflows to infinity)"
            )
        } else if v.abs() > MAX {
            format!("{what} is `{text}`, which is too large: at most 1e15 is allowed")
        } else if v < 0.0 && !matches!(range, Range::Any) {
            format!("{what} is `{text}`, which is below 0")
        } else if v > 100.0 && matches!(range, Range::Percent) {
            format!("{what} is `{text}`, which is above 100%")
        } else {
            return Some(to_milli(v));
        };
        self.error(n.span, problem, help);
        None
    }

    /// The number as written in the file (`1e309`, `-NaN`), or as read when that is not known.
    fn number_text(&self, span: Span, v: f64) -> String {
        match self.text.get(span.start..span.end) {
            Some(t) if !t.trim().is_empty() => t.trim().to_string(),
            _ => v.to_string(),
        }
    }

    /// A threshold of `Above` / `Below` on `metric` (resolved to `m` when it exists).
    pub fn threshold(
        &mut self,
        cond: &str,
        metric: &str,
        m: Option<usize>,
        v: &Number,
    ) -> Option<i64> {
        let unit = m.map(|m| self.catalog.metrics[m].unit.to_string());
        let range = unit.as_deref().map_or(Range::NonNegative, Range::of_unit);
        let help = match (&unit, range) {
            (_, Range::Percent) => format!(
                "`{metric}` is a percentage: compare it with a number from 0 to 100, e.g. `{cond}(\"{metric}\", 80)`"
            ),
            (Some(u), _) if !u.trim().is_empty() => format!(
                "`{metric}` is in {u} and never below 0: compare it with a number of {u}, 0 or more, e.g. `{cond}(\"{metric}\", 100)`"
            ),
            _ => format!(
                "a metric is never below 0: compare it with a number in its unit, 0 or more, e.g. `{cond}(\"{metric}\", 100)`"
            ),
        };
        self.number(
            v,
            &format!("the value compared with `{metric}`"),
            range,
            help,
        )
    }
}

/// Thousandths as a short decimal, for messages (`400` is "0.4").
pub(crate) fn show_milli(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let (whole, frac) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
    }
}
