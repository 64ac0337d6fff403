//! `sourcelight`: the command line. Thin: arguments, files and printing; the library does the rest.
//!
//! ```text
//! sourcelight analyze [--format json|text] FILE...
//! ```
//! One file prints its report; several print one JSON line (`{"file", "report"}`) or one text
//! section per file, in the order given, analysed on every core. A file that cannot be read is
//! reported on stderr and the others still run; the exit code is then 1. A report cut at the
//! work budget (`"truncated": true`, see `sourcelight::WORK_BUDGET_BYTES`) is still a success,
//! but a one-line warning on stderr says so, since the text format does not show the flag.

use sourcelight::report::Report;
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: sourcelight analyze [--format json|text] FILE...";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Text,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (format, files) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("sourcelight: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let results = analyze_all(&files);
    let mut stdout = std::io::stdout().lock();
    let mut failed = false;
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(report) => {
                if report.truncated {
                    eprintln!(
                        "sourcelight: {file}: warning: only the first {} bytes of the article's text were analysed (work budget)",
                        sourcelight::WORK_BUDGET_BYTES
                    );
                }
                let written = write_report(&mut stdout, file, &report, format, files.len() > 1);
                if written.is_err() {
                    // stdout closed (e.g. piped into `head`): nothing more can be shown.
                    return ExitCode::from(1);
                }
            }
            Err(message) => {
                failed = true;
                eprintln!("sourcelight: {file}: {message}");
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn parse_args(args: &[String]) -> Result<(Format, Vec<String>), String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("analyze") => {}
        Some("-h" | "--help") | None => return Err("no command".into()),
        Some(other) => return Err(format!("unknown command {other:?}")),
    }
    let mut format = Format::Json;
    let mut files = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => {
                format = match args.next().map(String::as_str) {
                    Some("json") => Format::Json,
                    Some("text") => Format::Text,
                    other => return Err(format!("--format takes json or text, not {other:?}")),
                }
            }
            "--format=json" => format = Format::Json,
            "--format=text" => format = Format::Text,
            flag if flag.starts_with('-') && flag != "-" => {
                return Err(format!("unknown option {flag:?}"))
            }
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return Err("no file given".into());
    }
    Ok((format, files))
}

/// Reads and analyses every file, spread over the available cores, results in input order.
fn analyze_all(files: &[String]) -> Vec<Result<Report, String>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Result<Report, String>>>> =
        files.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let result = analyze_one(file);
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = Some(result);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err("analysis failed".into()))
        })
        .collect()
}

/// The largest input read: 40 times the largest corpus page (1.5 MB, most of it scripts), more
/// than any saved page with its images inlined. Past it the file is refused rather than read
/// into memory whole (`/dev/zero` or a runaway log would never end).
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

fn analyze_one(file: &str) -> Result<Report, String> {
    let bytes = if file == "-" {
        read_limited(std::io::stdin())?
    } else {
        let metadata = std::fs::metadata(file).map_err(|e| e.to_string())?;
        if metadata.is_dir() {
            return Err("is a directory".into());
        }
        // A FIFO would block forever and a device may never end: pages are regular files.
        if !metadata.is_file() {
            return Err("not a regular file".into());
        }
        read_limited(std::fs::File::open(file).map_err(|e| e.to_string())?)?
    };
    sourcelight::analyze_file(file, &bytes).map_err(|e| e.to_string())
}

/// Reads all of `input`, refusing more than [`MAX_INPUT_BYTES`].
fn read_limited(input: impl std::io::Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut input.take(MAX_INPUT_BYTES + 1), &mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "larger than {} MB, not a page",
            MAX_INPUT_BYTES / 1024 / 1024
        ));
    }
    Ok(bytes)
}

fn write_report(
    out: &mut impl Write,
    file: &str,
    report: &Report,
    format: Format,
    several: bool,
) -> std::io::Result<()> {
    match (format, several) {
        (Format::Json, false) => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(report).map_err(std::io::Error::other)?
        ),
        (Format::Json, true) => {
            let line = serde_json::json!({ "file": file, "report": report });
            writeln!(out, "{line}")
        }
        (Format::Text, false) => write!(out, "{report}"),
        (Format::Text, true) => write!(out, "== {file}\n{report}\n"),
    }
}
