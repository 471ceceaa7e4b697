use std::process::ExitCode;

fn main() -> ExitCode {
    firedrill::cli::main()
}
