//! Milestones in the viewer: which are ground truth (hidden with the toggle off), and their order
//! (by when they were reached, the unreached last — the debrief lists them by kind).

use crate::debrief::{MilestoneEntry, MilestoneKind};

/// Milestones no participant could see during the run: when customer impact crossed the SLO,
/// which hypothesis was the right one (and so when the team had diagnosed it), when the last fault
/// ended.
pub fn is_truth(kind: MilestoneKind) -> bool {
    matches!(
        kind,
        MilestoneKind::ImpactStarted
            | MilestoneKind::FirstCorrectHypothesis
            | MilestoneKind::Diagnosed
            | MilestoneKind::Mitigated
    )
}

/// The same for a timeline marker, which carries only the milestone's label.
pub fn is_truth_label(label: &str) -> bool {
    MilestoneKind::ALL
        .iter()
        .any(|&k| is_truth(k) && k.label() == label)
}

/// Reached milestones by time, then the unreached in their usual order.
pub fn chronological(list: &[MilestoneEntry]) -> Vec<&MilestoneEntry> {
    let mut v: Vec<&MilestoneEntry> = list.iter().collect();
    v.sort_by_key(|m| m.tick.unwrap_or(u64::MAX));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: MilestoneKind, tick: Option<u64>) -> MilestoneEntry {
        MilestoneEntry {
            kind,
            tick,
            detail: None,
            role: None,
        }
    }

    #[test]
    fn reached_by_time_then_unreached() {
        let list = [
            entry(MilestoneKind::ImpactStarted, Some(300)),
            entry(MilestoneKind::FirstSignal, Some(120)),
            entry(MilestoneKind::Diagnosed, None),
            entry(MilestoneKind::FirstAlert, Some(420)),
        ];
        let kinds: Vec<MilestoneKind> = chronological(&list).iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [
                MilestoneKind::FirstSignal,
                MilestoneKind::ImpactStarted,
                MilestoneKind::FirstAlert,
                MilestoneKind::Diagnosed
            ]
        );
        assert!(is_truth_label("impact started") && !is_truth_label("first alert"));
    }
}
