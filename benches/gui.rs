//! The trainee console's UI cost per frame, without a window or a GPU: every panel laid out by
//! egui and tessellated, from the view of a real run 25 minutes in (bots in the other roles, so the
//! channel is busy), with 20 charts pinned. One thread, so the time is the CPU time the UI needs
//! each frame.
//!
//! `cargo bench --bench gui` (in the release profile, as all benches).

use std::sync::Arc;
use std::time::Instant;

use bevy_egui::egui::{self, Pos2, RawInput, Rect};
use firedrill::gui::theme;
use firedrill::gui::trainee::channel::ChannelState;
use firedrill::gui::trainee::dashboards::DashState;
use firedrill::gui::trainee::logs::LogState;
use firedrill::gui::trainee::view::{PublicScenario, TraineeView};
use firedrill::gui::trainee::{actions, alerts, channel, dashboards, knowledge, layout, logs};
use firedrill::gui::widgets::{self, Framed, region_ui, split_h, split_v};
use firedrill::scenario;
use firedrill::sim::log::EventBody;
use firedrill::sim::{RunOptions, Sim};

const FRAMES: usize = 600;
const CHARTS: usize = 20;

fn main() {
    let sc = scenario::load_default();
    let mut opts = RunOptions::new(sc.seed);
    // The first role is the person at this console; bots play the others until 25 minutes in.
    opts.bots = sc.roles.iter().skip(1).map(|r| r.id.to_string()).collect();
    let mut sim = Sim::new(sc.clone(), &opts);
    while sim.tick() < 1500 && sim.step() {}
    // A role that watches every service, so that there are more than 20 charts to pin; it is fed
    // every observation of the run.
    let mut public = PublicScenario::new(&sc);
    public.roles[0].dashboards = (0..public.services.len()).collect();
    public.roles[0].logs = (0..public.services.len()).collect();
    let mut view = TraineeView::new(Arc::new(public), 0);
    view.absorb(sim.log().events().iter().filter_map(|e| match &e.body {
        EventBody::Seen { what, .. } => Some((e.tick, what)),
        _ => None,
    }));
    view.tick = sim.tick();
    let mut dash = DashState::default();
    dash.seed(&view);
    dash.pinned = view.charts.iter().take(CHARTS).map(|c| c.key()).collect();
    let mut log_state = LogState::default();
    let mut chan = ChannelState::default();

    let ctx = egui::Context::default();
    ctx.set_theme(egui::Theme::Dark);
    ctx.set_style_of(egui::Theme::Dark, theme::style(1.0));
    let screen = Rect::from_min_size(Pos2::ZERO, egui::vec2(1600.0, 900.0));
    let mut times = Vec::with_capacity(FRAMES);
    let mut charts = 0;
    for frame in 0..FRAMES + 30 {
        let input = RawInput {
            screen_rect: Some(screen),
            time: Some(frame as f64 / 60.0),
            ..Default::default()
        };
        let start = Instant::now();
        let out = ctx.run_ui(input, |root| {
            let Framed {
                bottom,
                left,
                right,
                center,
            } = widgets::frame(root, "trainee", &layout::FRAME);
            let (al, ac) = split_v(left, 0.42, 10.0);
            let (lg, kn) = split_h(bottom, 0.62, 12.0);
            let c = root.ctx().clone();
            alerts::show(&mut region_ui(&c, "alerts", al), &view, false);
            actions::show(&mut region_ui(&c, "actions", ac), &view, false);
            dashboards::show(&mut region_ui(&c, "dash", center), &view, &mut dash, false);
            logs::show(&mut region_ui(&c, "logs", lg), &view, &mut log_state, false);
            knowledge::show(&mut region_ui(&c, "knowledge", kn), &view, false);
            channel::show(
                &mut region_ui(&c, "channel", right),
                &view,
                &mut chan,
                false,
            );
        });
        let jobs = ctx.tessellate(out.shapes, out.pixels_per_point);
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(jobs);
        charts =
            firedrill::gui::widgets::CHARTS_DRAWN.swap(0, std::sync::atomic::Ordering::Relaxed);
        if frame >= 30 {
            times.push(elapsed);
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "trainee console at {}, {} charts drawn, {} channel entries, {} log lines, {FRAMES} frames: \
         UI CPU mean {:.2} ms, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms (layout + tessellation, \
         one thread)",
        widgets::elapsed(view.tick),
        charts,
        view.channel.len(),
        view.logs.len(),
        times.iter().sum::<f64>() / times.len() as f64,
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
}
