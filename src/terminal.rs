//! Printing to the terminal, for the command line and the windowed app alike.
//!
//! `println!` panics when the reader has gone away (`firedrill run --trace 1m | head`). A command
//! line tool should then just stop, as `cat` and `grep` do, so every line the CLI prints goes
//! through these macros: a closed pipe ends the program quietly with success; any other write
//! failure (a full disk) is said once on stderr and ends it with failure.

use std::fmt;
use std::io::{self, Write};

/// Writes to stdout; used by [`out!`](crate::out) and [`outln!`](crate::outln).
pub fn stdout(args: fmt::Arguments) {
    // The lock is released at the end of this statement, before `stop` may exit: exiting flushes
    // stdout, which needs the lock.
    let written = io::stdout().lock().write_fmt(args);
    if let Err(e) = written {
        stop(e, true);
    }
}

/// Writes to stderr; used by [`errout!`](crate::errout) and [`errln!`](crate::errln).
pub fn stderr(args: fmt::Arguments) {
    let written = io::stderr().lock().write_fmt(args);
    if let Err(e) = written {
        stop(e, false);
    }
}

fn stop(e: io::Error, on_stdout: bool) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        // Whoever reads the output has all they wanted (`| head`): a normal end.
        std::process::exit(0);
    }
    if on_stdout {
        let _ = writeln!(io::stderr(), "error: cannot write the output: {e}");
    }
    std::process::exit(1);
}

/// `print!` that ends quietly when stdout is a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::terminal::stdout(format_args!($($arg)*)) };
}

/// `println!` that ends quietly when stdout is a closed pipe.
#[macro_export]
macro_rules! outln {
    () => { $crate::terminal::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::terminal::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprint!` that ends quietly when stderr is a closed pipe.
#[macro_export]
macro_rules! errout {
    ($($arg:tt)*) => { $crate::terminal::stderr(format_args!($($arg)*)) };
}

/// `eprintln!` that ends quietly when stderr is a closed pipe.
#[macro_export]
macro_rules! errln {
    () => { $crate::terminal::stderr(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::terminal::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}
