//! The one way input is read: regular files only, opened without ever blocking, at most
//! [`MAX_FILE_BYTES`] held in memory, and a file over the limit refused with its real size
//! before a byte of it is read. Every command that reads a file or standard input goes through
//! here.

use std::fs::File;
use std::io::{BufRead, Read};
use std::path::Path;

use super::{ImportError, Problem};

/// Largest file an import will read; bigger files are refused before they fill memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Opens `path` for reading, refusing anything but a regular file (or a link to one).
///
/// The file is opened non-blocking, so a FIFO without a writer (which would make an ordinary
/// open wait forever) is opened at once, seen for what it is and refused; the check is made on
/// the open handle, so the file cannot be swapped between the check and the read.
///
/// # Errors
/// When the file cannot be opened or is a FIFO, device, socket or folder.
pub fn open_regular(path: &Path) -> Result<File, ImportError> {
    let origin = path.display().to_string();
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| ImportError::new(&origin, e.into()))?;
    let meta = file
        .metadata()
        .map_err(|e| ImportError::new(&origin, e.into()))?;
    if !meta.is_file() {
        return Err(ImportError::new(&origin, Problem::NotRegular));
    }
    Ok(file)
}

/// The bytes of a regular file, refused with its size when it is over [`MAX_FILE_BYTES`].
///
/// # Errors
/// When the file cannot be opened or read, is not a regular file, or is too large.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    let origin = path.display().to_string();
    let file = open_regular(path)?;
    let size = file
        .metadata()
        .map_err(|e| ImportError::new(&origin, e.into()))?
        .len();
    read_bounded(file, &origin, Some(size))
}

/// At most `limit` bytes from the start of a regular file, for recognising its format.
///
/// # Errors
/// When the file cannot be opened or read, or is not a regular file.
pub fn read_head(path: &Path, limit: u64) -> Result<Vec<u8>, ImportError> {
    let origin = path.display().to_string();
    let mut head = Vec::new();
    open_regular(path)?
        .take(limit)
        .read_to_end(&mut head)
        .map_err(|e| ImportError::new(&origin, e.into()))?;
    Ok(head)
}

/// Standard input, at most [`MAX_FILE_BYTES`]; a file redirected to it is refused by its size
/// without being read.
///
/// # Errors
/// When standard input cannot be read or is too large.
pub fn read_stdin() -> Result<Vec<u8>, ImportError> {
    read_bounded(std::io::stdin().lock(), "stdin", stdin_file_size())
}

/// The size of standard input when it is a regular file (`newsdesk add - < file`).
fn stdin_file_size() -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let handle = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
        let meta = File::from(handle).metadata().ok()?;
        meta.is_file().then_some(meta.len())
    }
    #[cfg(not(unix))]
    None
}

/// Reads at most [`MAX_FILE_BYTES`] from `reader`; `known_size` (a regular file's length) lets
/// an oversized file be refused with its real size before anything is read.
///
/// # Errors
/// When reading fails or there is more than the limit.
pub fn read_bounded(
    reader: impl Read,
    origin: &str,
    known_size: Option<u64>,
) -> Result<Vec<u8>, ImportError> {
    let too_large = |size| ImportError::new(origin, Problem::TooLarge { size });
    if let Some(size) = known_size.filter(|&size| size > MAX_FILE_BYTES) {
        return Err(too_large(Some(size)));
    }
    // A regular file's length sizes the buffer once; a stream grows it as it comes.
    let capacity = known_size.map_or(0, |size| size.saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::new(origin, e.into()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        // A file that grew while being read; a stream's full size is never known.
        return Err(too_large(known_size.filter(|&size| size > MAX_FILE_BYTES)));
    }
    Ok(bytes)
}

/// The next line of a stream (without its line break) into `line`, at most [`MAX_FILE_BYTES`]
/// long, so one endless line cannot fill memory; `false` at the end of the stream.
///
/// # Errors
/// When reading fails, or the line is too long or not UTF-8.
pub fn next_line(
    reader: &mut impl BufRead,
    line: &mut String,
    origin: &str,
    number: usize,
) -> Result<bool, ImportError> {
    let mut bytes = Vec::new();
    let read = reader
        .take(MAX_FILE_BYTES + 1)
        .read_until(b'\n', &mut bytes)
        .map_err(|e| ImportError::at_line(origin, number, e.into()))?;
    if read == 0 {
        return Ok(false);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::at_line(origin, number, Problem::LineTooLong));
    }
    while bytes.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
        bytes.pop();
    }
    *line = String::from_utf8(bytes).map_err(|_| {
        ImportError::at_line(
            origin,
            number,
            Problem::Json("the line is not UTF-8".into()),
        )
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_file_is_refused_with_its_real_size_unread() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.txt");
        let file = File::create(&path).expect("create");
        // A sparse file: 300 MB long, no disk used, and never read.
        file.set_len(300_000_000).expect("grow");
        let error = read_file(&path).expect_err("too large");
        assert!(
            error.to_string().contains("is 300000000 bytes, over the"),
            "{error}"
        );
    }

    #[test]
    fn a_stream_over_the_limit_is_refused_after_the_limit() {
        let endless = std::io::repeat(b'x');
        let error = read_bounded(endless, "stdin", None).expect_err("too large");
        assert!(
            error.to_string().starts_with("stdin: is over the"),
            "{error}"
        );
    }

    #[test]
    fn an_endless_line_is_refused_at_the_limit() {
        let mut endless = std::io::BufReader::new(std::io::repeat(b'x'));
        let mut line = String::new();
        let error = next_line(&mut endless, &mut line, "stdin", 1).expect_err("too long");
        assert!(matches!(error.problem, Problem::LineTooLong), "{error}");
        let mut lines = &b"one\r\ntwo"[..];
        assert!(next_line(&mut lines, &mut line, "stdin", 1).expect("line") && line == "one");
        assert!(next_line(&mut lines, &mut line, "stdin", 2).expect("line") && line == "two");
        assert!(!next_line(&mut lines, &mut line, "stdin", 3).expect("end"));
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        for path in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
            let error = read_file(path).expect_err("not a regular file");
            assert!(
                matches!(error.problem, Problem::NotRegular),
                "{}: {error}",
                path.display()
            );
        }
    }
}
