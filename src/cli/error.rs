//! Why a command could not do its job, and the one place that says so.
//!
//! A command returns `Ok(code)` when it did its job: `code` is its verdict, which is a failure
//! when what it checked did not hold (`check` found problems, a replay did not reproduce, a
//! rehearsal failed) and its own output has said why. It returns `Err(CliError)` when it could
//! not do its job (a bad flag, an unreadable file, a refused output); [`report`] prints that as
//! `error: …`, with a `note: …` line when there is more to say, and the exit code is 1.

use std::fmt::Display;
use std::process::ExitCode;

/// What every command returns.
pub type Outcome = Result<ExitCode, CliError>;

#[derive(Debug)]
pub struct CliError {
    message: String,
    note: Option<String>,
}

impl CliError {
    /// An error with its message, which comes after `error: `.
    pub fn new(message: impl Display) -> CliError {
        CliError {
            message: message.to_string(),
            note: None,
        }
    }

    /// An output that could not be written.
    pub fn cannot_write(path: &std::path::Path, e: impl Display) -> CliError {
        CliError::new(format!("cannot write `{}`: {e}", path.display()))
    }

    /// Adds what may help, printed on its own line after the error as `note: …`.
    pub fn with_note(mut self, note: impl Display) -> CliError {
        self.note = Some(note.to_string());
        self
    }
}

/// Lets `?` pass on the `String` errors of the functions commands call.
impl From<String> for CliError {
    fn from(message: String) -> CliError {
        CliError::new(message)
    }
}

/// Says what happened on stderr, in one style for every command, and gives the exit code.
pub fn report(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(code) => code,
        Err(e) => {
            crate::errln!("error: {}", e.message);
            if let Some(note) = &e.note {
                crate::errln!("note: {note}");
            }
            ExitCode::FAILURE
        }
    }
}
