//! Native HTML parsing for the CLI and tests (work in progress).
