//! What the windowed app carries for its developers, apart from the consoles: the scripted test
//! driver (`--gui-script`) and the UI-time measurement (`--measure`). It sits above the consoles and
//! reads them; they never import it (what they share with it lives lower: `drawn` reads what egui
//! painted, `widgets::CHARTS_DRAWN` counts charts).

pub mod measure;
pub mod script;
