//! A layered layout: each service in a column one past its deepest caller, so every call goes
//! left to right. A call that skips columns passes through a free slot in each column between
//! (so it never crosses a box). Within a column, services and passing calls sit near the mean row
//! of what leads into them (the barycentre heuristic), which keeps most arrows from crossing.
//! Integer arithmetic and ties broken by file order: the same scenario always gives the same
//! picture.

use std::cmp::Ordering;

/// Where everything goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Each service's column.
    pub layer: Vec<usize>,
    /// Each service's row in its column.
    pub row: Vec<usize>,
    /// For each call, its row in each column it passes through (from the caller's column + 1).
    pub via: Vec<Vec<usize>>,
    /// How many rows each column has (services and passing calls).
    pub rows: Vec<usize>,
}

/// Something in a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Service(usize),
    /// A call passing through.
    Pass(usize),
}

/// Places `n` services given in topological order (callers before callees), with the calls
/// `(from, to)` between them.
pub fn place(n: usize, topo_order: &[usize], calls: &[(usize, usize)]) -> Placement {
    let mut layer = vec![0usize; n];
    for &s in topo_order {
        for &(from, to) in calls {
            if from == s {
                layer[to] = layer[to].max(layer[s] + 1);
            }
        }
    }
    let depth = layer.iter().max().map_or(0, |m| m + 1);
    let mut row = vec![0usize; n];
    let mut via: Vec<Vec<usize>> = calls
        .iter()
        .map(|&(f, t)| vec![0; layer[t].saturating_sub(layer[f] + 1)])
        .collect();
    let mut rows = vec![0usize; depth];
    // The row, in column `l`, of what call `c` comes from: its caller or its previous pass.
    let source_row = |c: usize, l: usize, row: &[usize], via: &[Vec<usize>]| -> usize {
        let (from, _) = calls[c];
        if layer[from] + 1 == l {
            row[from]
        } else {
            via[c][l - 2 - layer[from]]
        }
    };
    for l in 0..depth {
        let mut column: Vec<Item> = (0..n)
            .filter(|&s| layer[s] == l)
            .map(Item::Service)
            .collect();
        column.extend(
            (0..calls.len())
                .filter(|&c| layer[calls[c].0] < l && l < layer[calls[c].1])
                .map(Item::Pass),
        );
        // (sum of the rows leading in, how many): compared as fractions, without floats.
        let keys: Vec<(u64, u64)> = column
            .iter()
            .map(|item| match *item {
                Item::Service(s) => {
                    let into: Vec<u64> = (0..calls.len())
                        .filter(|&c| calls[c].1 == s && l > 0)
                        .map(|c| source_row(c, l, &row, &via) as u64)
                        .collect();
                    (into.iter().sum(), into.len() as u64)
                }
                Item::Pass(c) => (source_row(c, l, &row, &via) as u64, 1),
            })
            .collect();
        let mut order: Vec<usize> = (0..column.len()).collect();
        order.sort_by(|&a, &b| {
            let ((sa, na), (sb, nb)) = (keys[a], keys[b]);
            // Services nothing leads into keep file order, after the others.
            let by_key = match (na, nb) {
                (0, 0) => Ordering::Equal,
                (0, _) => Ordering::Greater,
                (_, 0) => Ordering::Less,
                _ => (sa * nb).cmp(&(sb * na)),
            };
            by_key.then_with(|| rank(column[a]).cmp(&rank(column[b])))
        });
        for (r, &i) in order.iter().enumerate() {
            match column[i] {
                Item::Service(s) => row[s] = r,
                Item::Pass(c) => {
                    let from = calls[c].0;
                    via[c][l - 1 - layer[from]] = r;
                }
            }
        }
        rows[l] = column.len();
    }
    Placement {
        layer,
        row,
        via,
        rows,
    }
}

/// Ties: services before passing calls, each in file order.
fn rank(item: Item) -> (u8, usize) {
    match item {
        Item::Service(s) => (0, s),
        Item::Pass(c) => (1, c),
    }
}

#[cfg(test)]
mod tests {
    use super::place;

    #[test]
    fn callers_sit_left_of_callees_and_long_calls_pass_through_free_rows() {
        // 0 → 1 → 3, 0 → 3, 2 → 3, 4 alone.
        let calls = [(0, 1), (1, 3), (0, 3), (2, 3)];
        let p = place(5, &[0, 2, 4, 1, 3], &calls);
        assert_eq!(p.layer, [0, 1, 0, 2, 0]);
        assert_eq!(p.row, [0, 0, 1, 0, 2]);
        // 0 → 3 and 2 → 3 pass through column 1, below service 1.
        assert_eq!(p.via, [vec![], vec![], vec![1], vec![2]]);
        assert_eq!(p.rows, [3, 3, 1]);
    }

    #[test]
    fn a_column_is_ordered_by_what_leads_into_it() {
        // 0 → 3, 1 → 2: 3 sits above 2 because its caller does.
        let p = place(4, &[0, 1, 2, 3], &[(0, 3), (1, 2)]);
        assert_eq!(p.layer, [0, 0, 1, 1]);
        assert_eq!((p.row[3], p.row[2]), (0, 1));
    }
}
