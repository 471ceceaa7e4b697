//! Is there a display to open a window on? Checked before Bevy starts, because winit panics when it
//! cannot reach one. This build speaks X11 only (a Wayland session provides it via XWayland).

use std::os::unix::net::UnixStream;
use std::time::Duration;

/// Ok if an X server answers on `$DISPLAY`; otherwise why not.
pub fn probe() -> Result<(), String> {
    let display = std::env::var("DISPLAY").unwrap_or_default();
    if display.is_empty() {
        return Err(if std::env::var_os("WAYLAND_DISPLAY").is_some() {
            "WAYLAND_DISPLAY is set but DISPLAY is not (this build needs X11 or XWayland)".into()
        } else {
            "neither DISPLAY nor WAYLAND_DISPLAY is set".into()
        });
    }
    connect(&display).map_err(|e| format!("cannot reach the X display `{display}`: {e}"))
}

/// Connects to an X display name like `:0`, `:1.0`, `unix:2` or `host:0`.
fn connect(display: &str) -> std::io::Result<()> {
    let (host, rest) = display
        .rsplit_once(':')
        .ok_or_else(|| std::io::Error::other("not a display name"))?;
    let number: u16 = rest
        .split('.')
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| std::io::Error::other("not a display name"))?;
    if host.is_empty() || host == "unix" {
        UnixStream::connect(format!("/tmp/.X11-unix/X{number}")).map(drop)
    } else {
        let addr = std::net::ToSocketAddrs::to_socket_addrs(&(host, 6000 + number))?
            .next()
            .ok_or_else(|| std::io::Error::other("host not found"))?;
        std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).map(drop)
    }
}

/// Why the console cannot open, without the `error: ` its printer adds.
pub fn needs_display_message(why: &str) -> String {
    format!(
        "the firedrill console needs a display ({why}).\n\
         To run an exercise without a window, use `firedrill run [SCENARIO]` \
         (it writes a run file you can replay and review later)."
    )
}

/// `firedrill review` without a display: the same debrief, as a file.
pub fn review_needs_display_message(why: &str, run: &std::path::Path) -> String {
    format!(
        "the debrief viewer needs a display ({why}).\n\
         To read this run's debrief without a window, use `firedrill debrief {}` \
         (Markdown on stdout; `--format html --out debrief.html` for the timeline as a page).",
        run.display()
    )
}

#[cfg(test)]
mod tests {
    use super::connect;

    #[test]
    fn malformed_display_names_are_errors_not_panics() {
        for name in ["", "nonsense", ":x", "host:"] {
            assert!(connect(name).is_err(), "{name}");
        }
    }
}
