//! The starting scenarios `firedrill new` writes: complete, commented, checking clean with
//! `--deny-warnings`, and solved by an all-bot team. A test keeps them so.

/// The shapes of starting scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Two roles and one fault: the smallest scenario that needs the team to share.
    TwoRoles,
    /// A three-tier service (edge → api → database) where a fault at the bottom makes callers time
    /// out and retry.
    ThreeTier,
}

impl Shape {
    pub const ALL: [Shape; 2] = [Shape::TwoRoles, Shape::ThreeTier];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Shape::TwoRoles => "two-roles",
            Shape::ThreeTier => "three-tier",
        }
    }

    /// What it holds, for the command line's summary.
    pub fn describe(self) -> &'static str {
        match self {
            Shape::TwoRoles => "two roles, one fault",
            Shape::ThreeTier => {
                "a three-tier service (edge → api → database) with a cascade, three roles"
            }
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Shape::TwoRoles => include_str!("../../assets/templates/two-roles.ron"),
            Shape::ThreeTier => include_str!("../../assets/templates/three-tier.ron"),
        }
    }
}
