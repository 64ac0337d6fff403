//! The crate's one error type: opaque, with a one-line message fit for a terminal.
//! Native only: the analysis itself cannot fail; only reading a file can.

use std::fmt;

/// Why an input could not be analysed. The message is one line and names the problem; match on
/// it only through [`Error::is_unsupported_input`] and friends, never by parsing the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ErrorKind {
    /// The bytes look like a binary file (image, archive, executable), not a page or text.
    Binary,
}

impl Error {
    pub(crate) fn binary() -> Error {
        Error {
            kind: ErrorKind::Binary,
        }
    }

    /// True when the input is not something Sourcelight reads (a binary file).
    pub fn is_unsupported_input(&self) -> bool {
        matches!(self.kind, ErrorKind::Binary)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Binary => f.write_str("binary file, not an HTML page or text"),
        }
    }
}

impl std::error::Error for Error {}
