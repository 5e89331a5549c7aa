//! Behaving in a pipeline: when the reader of our output goes away (`newsdesk list | head -1`),
//! stop quietly with success, as `ls`, `git` and `rg` do, instead of printing "Broken pipe".

use std::io::{self, Write};

/// Whether an error comes from writing to a pipe whose reader has gone.
pub(super) fn is_closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                // serde_json keeps the io::Error inside without giving it out as a source.
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// Writes a message to stderr, ignoring a failure: with `2>&1 | head` stderr is the same closed
/// pipe, and `eprintln!` would panic there.
pub(super) fn report(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}

/// `println!` and `eprintln!` panic when their pipe is closed; that one panic ends the program
/// quietly and successfully instead of printing a backtrace hint and exiting with 101. Other
/// panics go to the previous hook unchanged.
pub(super) fn exit_quietly_when_closed() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        previous(info);
    }));
}
