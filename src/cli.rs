//! The command line: parsing ([`args`]), resolving the settings once
//! ([`crate::settings`]), then one module per subcommand, each writing
//! through the one [`output::Printer`]. Exit codes: 0 success, 1 failure
//! (one line on stderr), 2 usage error; the reader returns 128 + n when a
//! signal ended it. A closed pipe is not an error.

pub mod args;
mod compare;
mod config_cmd;
mod doctor;
mod dups;
mod index;
mod list;
pub mod output;
mod reader;
mod related;
mod resolve;
mod reuse;
mod search;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::config::{self, Config};
use crate::corpus::{LoadOptions, decode};
use crate::render::sanitize_line;
use crate::settings::{Settings, Terminal};
use args::{Cli, Command};

/// A failure that ends the command: a message for stderr and an exit code.
#[derive(Debug)]
pub struct Failure {
    /// One line, without the `qari: ` prefix.
    pub message: String,
    /// 1 or 2.
    pub code: u8,
}

impl Failure {
    /// A failure (exit code 1).
    pub(crate) fn new(message: impl std::fmt::Display) -> Self {
        Self {
            message: message.to_string(),
            code: 1,
        }
    }

    /// A usage error (exit code 2).
    pub(crate) fn usage(message: impl std::fmt::Display) -> Self {
        Self {
            message: message.to_string(),
            code: 2,
        }
    }
}

impl From<crate::corpus::Error> for Failure {
    fn from(e: crate::corpus::Error) -> Self {
        Self::new(e)
    }
}

/// What every subcommand works with: how to read files, the resolved
/// settings, and the configuration they came from.
pub struct Context {
    /// How corpus files are decoded.
    pub load: LoadOptions,
    /// The resolved settings.
    pub settings: Settings,
    /// The user's configuration file, as found (for `qari config path`).
    pub config_path: Option<PathBuf>,
}

/// Runs qari with the process arguments; returns the exit code.
#[must_use]
pub fn main() -> ExitCode {
    // Late answers of the terminal probe are read and dropped before qari
    // exits (at most 400 ms, only if the terminal did not answer within the
    // probe's budget), and the terminal's modes restored, also on a panic.
    let _settle = crate::terminal::probe::Settle {
        max: std::time::Duration::from_millis(400),
    };
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) if e.use_stderr() => {
            // A usage error quotes what was typed: sanitized, line by line.
            let text = e.render().to_string();
            for line in text.lines() {
                eprintln!("{}", sanitize_line(line));
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return ExitCode::from(u8::try_from(code).unwrap_or(2));
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("qari: {}", sanitize_line(&f.message));
            ExitCode::from(f.code)
        }
    }
}

/// A panic that ends a command says so in one sanitized line (its message
/// may quote a document); the reader installs its own hook, which also
/// gives the terminal back.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if crate::guard::is_catching() {
            return;
        }
        let what = sanitize_line(&crate::guard::message(info.payload()));
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "qari stopped because of a bug: {what}{at}. Your files are untouched; \
             please report it (see README.md, \"Reporting bugs\")."
        );
    }));
}

/// Runs a parsed command line; returns the exit code on success.
///
/// # Errors
/// What went wrong, with the exit code to use.
pub fn run(cli: Cli) -> Result<u8, Failure> {
    let config: Config = config::load(cli.global.config.as_deref()).map_err(Failure::usage)?;
    // `[corpora."PATH"]`: a corpus's settings given in the configuration.
    for (path, table) in &config.corpora.0 {
        let at = std::path::Path::new(path);
        crate::corpus::register_corpus_settings(at, table.clone()).map_err(|e| {
            Failure::usage(format!(
                "{}: [corpora.\"{path}\"]: {e}",
                config::user_path(cli.global.config.as_deref())
                    .map_or_else(String::new, |p| p.display().to_string())
            ))
        })?;
    }
    let encoding = match &cli.global.encoding {
        Some(label) => Some(decode::encoding_for_label(label).map_err(Failure::usage)?),
        None => None,
    };
    let ctx = Context {
        load: LoadOptions {
            encoding,
            ..LoadOptions::default()
        },
        settings: {
            let flags = cli.global.overrides();
            let probe = Settings::needs_probe(&config, &flags)
                || matches!(cli.command, Some(Command::Doctor { .. }));
            let budget = cli.probe_budget.map_or(
                crate::terminal::probe::BUDGET,
                std::time::Duration::from_millis,
            );
            Settings::resolve(&config, &flags, Terminal::detect(probe.then_some(budget)))
        },
        config_path: config::user_path(cli.global.config.as_deref()),
    };
    let with_roots = |more: Vec<PathBuf>| {
        let mut all = cli.paths.clone();
        all.extend(more);
        all
    };
    let term = &ctx.settings.terminal;
    let dash = cli.paths.len() == 1 && cli.paths[0].as_os_str() == "-";
    match cli.command {
        // `qari -`, or `cmd | qari` on a terminal: standard input is the
        // document (paged on a terminal when long, printed otherwise).
        None if dash || (cli.paths.is_empty() && !term.stdin_tty && term.screen()) => {
            let corpus = reader::stdin_corpus(&ctx)?;
            if dash || corpus.get(0).is_some_and(|d| d.bytes > 0) {
                show::stdin(corpus, &ctx)
            } else {
                // Nothing was piped in: the sample, keys from the terminal.
                reader::run(&[], &ctx, crate::tui::RunOptions::default())
            }
        }
        None if term.interactive() => reader::run(
            &cli.paths,
            &ctx,
            crate::tui::RunOptions {
                panic_after_first_frame: cli.panic_after_first_frame,
                panic_in_jobs: cli.panic_in_jobs,
            },
        ),
        None => list::run(&cli.paths, false, &ctx).map(|()| 0),
        Some(Command::Config { what }) => config_cmd::run(what, &ctx).map(|()| 0),
        Some(Command::Doctor { save }) => doctor::run(save, &ctx).map(|()| 0),
        Some(Command::List { paths, json }) => {
            list::run(&with_roots(paths), json, &ctx).map(|()| 0)
        }
        Some(Command::Show(args)) => show::run(&args, &ctx),
        Some(Command::Search(args)) => {
            let paths = with_roots(args.paths.clone());
            search::run(&args, &paths, &ctx).map(|()| 0)
        }
        Some(Command::Index { paths }) => index::run(&with_roots(paths), &ctx).map(|()| 0),
        Some(Command::Related(args)) => related::run(&args, &ctx).map(|()| 0),
        Some(Command::Reuse(args)) => reuse::run(&args, &ctx).map(|()| 0),
        Some(Command::Dups(args)) => {
            let paths = with_roots(args.paths.clone());
            dups::run(&args, &paths, &ctx).map(|()| 0)
        }
        Some(Command::Compare(args)) => compare::run(&args, &ctx).map(|()| 0),
    }
}
