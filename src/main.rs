//! The `newsdesk` binary; everything lives in the library crate.

fn main() -> std::process::ExitCode {
    newsdesk::cli::main()
}
