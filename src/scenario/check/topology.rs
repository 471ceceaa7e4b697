//! Services, dependencies (with cycle detection), traffic and the metric catalog.

use super::Checker;
use crate::scenario::compiled::{
    BuiltinMetric, DepDef, FallbackDef, MetricDef, MetricKind, ServiceDef, ServiceIx, ShapeDef,
    TrafficDef,
};
use crate::scenario::model::{MetricSource, ServiceKind, TrafficShape};

pub(crate) struct Topology {
    pub services: Vec<ServiceDef>,
    pub deps: Vec<DepDef>,
    pub topo_order: Vec<ServiceIx>,
    pub traffic: Vec<TrafficDef>,
}

pub(crate) fn compile(ck: &mut Checker) -> Topology {
    let file = ck.file;
    let mut services = Vec::new();
    for s in file.services.iter() {
        if s.capacity == 0 {
            ck.error(
                s.span,
                format!(
                    "service `{}` has a capacity of 0 requests per second",
                    s.id.value
                ),
                "write its healthy throughput, e.g. `capacity: 1200`",
            );
        }
        if s.latency.0 == 0 {
            ck.error(
                s.span,
                format!("service `{}` has a latency of 0", s.id.value),
                "write the time to serve one request when idle, e.g. `latency: \"20ms\"`",
            );
        }
        if s.concurrency == Some(0) {
            ck.error(
                s.span,
                format!("service `{}` has a concurrency limit of 0", s.id.value),
                "leave `concurrency` out for no limit, or write the pool size, e.g. `concurrency: 200`",
            );
        }
        if s.hit_rate.is_some() && s.kind != ServiceKind::Cache {
            ck.warning(
                s.span,
                format!("service `{}` has a hit rate but is not a cache", s.id.value),
                "write `kind: Cache` or leave `hit_rate` out",
            );
        }
        services.push(ServiceDef {
            id: s.id.value.as_str().into(),
            kind: s.kind,
            capacity: s.capacity,
            latency_us: s.latency.0.max(1),
            concurrency: s.concurrency,
            max_queue_us: s.max_queue.0,
            hit_rate_ppm: s.hit_rate.map(|p| p.0),
            warmup: s.warmup.0.max(1),
            warmup_step_ppm: s.hit_rate.map_or(0, |h| (h.0 / s.warmup.0.max(1)).max(1)),
            calls: Vec::new(),
            callers: Vec::new(),
        });
    }

    let mut deps: Vec<DepDef> = Vec::new();
    for d in file.dependencies.iter() {
        let from = ck.services.resolve(&d.from, &mut ck.diags);
        let to = ck.services.resolve(&d.to, &mut ck.diags);
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from == to {
            ck.error(
                d.span,
                format!("service `{}` depends on itself", d.from.value),
                "a dependency joins two different services; remove this one",
            );
            continue;
        }
        if let Some(first) = deps.iter().position(|e| e.from == from && e.to == to) {
            let first_span = file.dependencies.iter().nth(first).map(|x| x.span);
            let mut diag = crate::scenario::source::Diagnostic::error(
                d.span,
                format!("`{}` → `{}` is listed twice", d.from.value, d.to.value),
            )
            .with_help("merge them into one dependency and raise `calls` instead");
            if let Some(span) = first_span {
                diag = diag.with_label(span, "first listed here");
            }
            ck.diags.push(diag);
            continue;
        }
        if d.timeout.0 == 0 {
            ck.error(
                d.span,
                format!("the timeout of `{}` → `{}` is 0", d.from.value, d.to.value),
                "write how long the caller waits, e.g. `timeout: \"500ms\"`",
            );
        }
        if d.retries > 10 {
            ck.warning(
                d.span,
                format!("{} retries on `{}` → `{}`", d.retries, d.from.value, d.to.value),
                "real clients rarely retry more than 3 times; each retry multiplies load on a failing service",
            );
        }
        let ix = deps.len();
        services[from].calls.push(ix);
        services[to].callers.push(ix);
        deps.push(DepDef {
            from,
            to,
            calls_ppm: d.calls.0,
            timeout_us: d.timeout.0.max(1),
            retries: d.retries,
            optional: d.optional,
            breaker: d
                .breaker
                .as_ref()
                .map(|b| (b.opens_above.0, b.open_for.0.max(1))),
        });
    }

    let topo_order = order_or_report_cycle(ck, &services, &deps);

    let mut traffic = Vec::new();
    for t in file.traffic.iter() {
        let Some(to) = ck.services.resolve(&t.to, &mut ck.diags) else {
            continue;
        };
        if t.rps == 0 {
            ck.warning(
                t.span,
                format!("traffic to `{}` is 0 requests per second", t.to.value),
                "write the baseline load, e.g. `rps: 800`",
            );
        }
        let shape = t
            .shape
            .iter()
            .map(|s| match *s {
                TrafficShape::Diurnal {
                    amplitude,
                    period,
                    peak_at,
                } => ShapeDef::Diurnal {
                    amplitude_ppm: amplitude.0,
                    period: period.0.max(1),
                    peak_at: peak_at.0,
                },
                TrafficShape::Spike {
                    at,
                    factor,
                    lasting,
                } => ShapeDef::Spike {
                    at: at.0,
                    factor_ppm: factor.0,
                    lasting: lasting.0,
                },
                TrafficShape::Ramp { from, to, factor } => ShapeDef::Ramp {
                    from: from.0,
                    to: to.0.max(from.0 + 1),
                    factor_ppm: factor.0,
                },
                TrafficShape::Peaks {
                    every,
                    factor,
                    lasting,
                } => ShapeDef::Peaks {
                    every: every.0.max(1),
                    factor_ppm: factor.0,
                    lasting: lasting.0,
                },
            })
            .collect();
        let fallback = t.fallback.as_ref().and_then(|f| {
            let from = ck.services.resolve(&f.from, &mut ck.diags)?;
            if from == to {
                ck.error(
                    f.from.span,
                    "traffic cannot fall back to the service it failed at",
                    "name the service whose failures send customers here, e.g. `from: \"data_core\"`",
                );
                return None;
            }
            Some(FallbackDef {
                from,
                share_ppm: f.share.0,
                over: f.over.0.max(1),
            })
        });
        traffic.push(TrafficDef {
            to,
            rps: t.rps,
            shape,
            fallback,
        });
    }
    if file.traffic.is_empty() {
        ck.diags.push(
            crate::scenario::source::Diagnostic::error(
                file.meta.span,
                "no traffic enters the system, so nothing can fail for customers",
            )
            .with_help("add `traffic: [(to: \"<entry service>\", rps: 800)]`"),
        );
    }

    build_catalog(ck, services.len());
    Topology {
        services,
        deps,
        topo_order,
        traffic,
    }
}

/// Kahn's algorithm, taking the lowest index first so the order is stable. A cycle is reported at
/// one of its dependencies with the whole loop spelled out.
fn order_or_report_cycle(
    ck: &mut Checker,
    services: &[ServiceDef],
    deps: &[DepDef],
) -> Vec<ServiceIx> {
    let mut indegree: Vec<usize> = services.iter().map(|s| s.callers.len()).collect();
    let mut ready: std::collections::BTreeSet<ServiceIx> =
        (0..services.len()).filter(|&s| indegree[s] == 0).collect();
    let mut order = Vec::with_capacity(services.len());
    while let Some(s) = ready.pop_first() {
        order.push(s);
        for &d in &services[s].calls {
            let to = deps[d].to;
            indegree[to] -= 1;
            if indegree[to] == 0 {
                ready.insert(to);
            }
        }
    }
    if order.len() == services.len() {
        return order;
    }
    // Walk from a service left over along left-over edges until a service repeats.
    let left: Vec<bool> = (0..services.len()).map(|s| indegree[s] > 0).collect();
    let Some(start) = left.iter().position(|&l| l) else {
        return order;
    };
    let mut path = vec![start];
    let mut via = Vec::new();
    loop {
        let here = *path.last().unwrap_or(&start);
        let Some(&d) = services[here].calls.iter().find(|&&d| left[deps[d].to]) else {
            break;
        };
        via.push(d);
        let next = deps[d].to;
        if let Some(pos) = path.iter().position(|&p| p == next) {
            let names: Vec<String> = path[pos..]
                .iter()
                .chain(std::iter::once(&next))
                .map(|&s| format!("`{}`", services[s].id))
                .collect();
            let span = ck
                .file
                .dependencies
                .iter()
                .find(|x| {
                    ck.services.get(&x.from.value) == Some(deps[d].from)
                        && ck.services.get(&x.to.value) == Some(deps[d].to)
                })
                .map(|x| x.span)
                .unwrap_or_default();
            ck.error(
                span,
                format!("dependencies form a loop: {}", names.join(" → ")),
                "requests would call each other forever; remove one dependency of the loop",
            );
            break;
        }
        path.push(next);
    }
    order.extend((0..services.len()).filter(|&s| left[s]));
    order
}

/// Built-in metrics for every service, then the scenario's own.
fn build_catalog(ck: &mut Checker, n_services: usize) {
    let file = ck.file;
    let mut metrics = Vec::new();
    let mut by_service = vec![Vec::new(); n_services];
    for (s, list) in by_service.iter_mut().enumerate() {
        for b in BuiltinMetric::ALL {
            list.push(metrics.len());
            metrics.push(MetricDef {
                service: s,
                name: b.name().into(),
                unit: b.unit().into(),
                kind: MetricKind::Builtin(b),
            });
        }
    }
    for m in file.metrics.iter() {
        let Some(s) = ck.services.resolve(&m.service, &mut ck.diags) else {
            continue;
        };
        if m.id.value.contains('.') || m.id.value.is_empty() {
            ck.error(
                m.id.span,
                format!("the metric name `{}` cannot be used", m.id.value),
                "use letters, digits and `_`; it is referred to as \"service.metric\"",
            );
            continue;
        }
        if let Some(&existing) = by_service[s]
            .iter()
            .find(|&&x| *metrics[x].name == *m.id.value)
        {
            let what = if existing < n_services * BuiltinMetric::ALL.len() {
                "a built-in metric"
            } else {
                "another metric of this service"
            };
            ck.error(
                m.id.span,
                format!("`{}.{}` is already {what}", m.service.value, m.id.value),
                "give the metric another name",
            );
            continue;
        }
        let kind = match &m.source {
            MetricSource::InFlight => MetricKind::InFlight,
            MetricSource::Backlog => MetricKind::Backlog,
            MetricSource::Retries => MetricKind::Retries,
            MetricSource::Arrivals => MetricKind::Arrivals,
            MetricSource::Rejected => MetricKind::Rejected,
            MetricSource::HitRate => MetricKind::HitRate,
            MetricSource::Gauge(v) => {
                let name = format!("{}.{}", m.service.value, m.id.value);
                let unit = m.unit.trim();
                let range = super::numbers::Range::of_unit(unit);
                let help = match range {
                    super::numbers::Range::Percent => {
                        "a gauge in % starts at a number from 0 to 100, e.g. `source: Gauge(0)`"
                            .to_string()
                    }
                    _ if unit.is_empty() => {
                        "a gauge starts at a number, 0 or more, e.g. `source: Gauge(0)`".to_string()
                    }
                    _ => format!(
                        "a gauge starts at a number of {unit}, 0 or more, e.g. `source: Gauge(0)`"
                    ),
                };
                let start = ck.number(v, &format!("the start of gauge `{name}`"), range, help);
                if start.is_none() {
                    ck.broken_gauges.push(metrics.len());
                }
                MetricKind::Gauge(start.unwrap_or(0))
            }
        };
        by_service[s].push(metrics.len());
        metrics.push(MetricDef {
            service: s,
            name: m.id.value.as_str().into(),
            unit: m.unit.as_str().into(),
            kind,
        });
    }
    let gauges = (0..metrics.len())
        .filter(|&m| matches!(metrics[m].kind, MetricKind::Gauge(_)))
        .collect();
    ck.catalog = crate::scenario::compiled::MetricCatalog {
        metrics,
        gauges,
        by_service,
    };
}

/// A value in the metric's unit as thousandths, rounded once (the only float step, done at load).
pub(crate) fn to_milli(v: f64) -> i64 {
    let scaled = (v * 1000.0).round();
    if scaled.is_finite() {
        scaled.clamp(i64::MIN as f64 / 2.0, i64::MAX as f64 / 2.0) as i64
    } else {
        0
    }
}
