//! Turning metric values and text templates into what a role reads.

use crate::scenario::compiled::TextPart;
use crate::sim::state::FlowState;

/// A metric value (thousandths of its unit) as text with its unit: `412 ms`, `3.5 %`.
pub fn format_metric(milli: i64, unit: &str) -> String {
    let whole = milli / 1000;
    let tenths = (milli % 1000).abs() / 100;
    let number = if whole.abs() >= 100 || tenths == 0 {
        format!("{whole}")
    } else {
        format!("{whole}.{tenths}")
    };
    if unit == "%" {
        format!("{number}%")
    } else {
        format!("{number} {unit}")
    }
}

/// Fills `{service.metric}` placeholders with current values.
pub fn render_text(parts: &[TextPart], flow: &FlowState) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            TextPart::Literal(s) => out.push_str(s),
            TextPart::Metric(m) => {
                let value = flow.metric_value(*m) / 1000;
                out.push_str(&value.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_values_read_naturally() {
        assert_eq!(format_metric(412_000, "ms"), "412 ms");
        assert_eq!(format_metric(3_500, "%"), "3.5%");
        assert_eq!(format_metric(1_234_567, "req/s"), "1234 req/s");
    }
}
