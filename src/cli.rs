//! The command line: argument parsing (clap), the `list` and `show`
//! subcommands, and exit codes (0 success, 1 failure with a one-line message
//! on stderr, 2 usage error). A closed pipe (`qari show … | head`) is not an
//! error.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::bidi::{Dir, LayoutOptions, Order};
use crate::config::{self, BidiMode, Config, LamAlefSetting};
use crate::corpus::{Corpus, DocMeta, LoadOptions, decode};
use crate::document;

/// Switch the terminal to explicit bidi mode (BDSM reset) with LTR
/// presentation (SCP 1): cells are shown left to right as sent.
pub const BIDI_EXPLICIT: &str = "\x1b[8l\x1b[1 k";
/// Restore the terminal's default bidi handling (SCP 0, BDSM set).
pub const BIDI_RESTORE: &str = "\x1b[0 k\x1b[8h";

/// qari (قارئ): a terminal reader for right-to-left text corpora.
///
/// With no subcommand, lists the documents of the corpus (the embedded
/// sample when no path is given).
#[derive(Debug, Parser)]
#[command(name = "qari", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  qari list\n  qari show 000 --width 60\n  qari show article.txt --shape\n  qari list ~/corpus news.jsonl.gz --json"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Corpus files or folders (.txt, .md, .jsonl, optionally .gz).
    paths: Vec<PathBuf>,
    #[command(flatten)]
    load: LoadArgs,
    #[command(flatten)]
    reader: ReaderArgs,
}

/// Options of the full-screen reader.
#[derive(Debug, clap::Args, Clone)]
struct ReaderArgs {
    /// Scroll with the mouse wheel (captures the mouse: the terminal's own
    /// text selection then needs Shift).
    #[arg(long)]
    mouse: bool,
    /// Who does the bidi: qari (app), the terminal, or nobody (off) [default: from the config, app].
    #[arg(long = "bidi", value_enum, value_name = "MODE")]
    reader_bidi: Option<BidiMode>,
    /// Arabic presentation forms, for terminals that do not join letters.
    #[arg(long = "shape")]
    reader_shape: bool,
    /// Colours [default: from the config, auto].
    #[arg(long, value_enum)]
    theme: Option<config::ThemeName>,
}

#[derive(Debug, clap::Args, Clone)]
struct LoadArgs {
    /// Decode every file with this encoding (e.g. windows-1256) instead of detecting.
    #[arg(long, global = true, value_name = "LABEL")]
    encoding: Option<String>,
    /// Configuration file [default: $QARI_CONFIG, else $XDG_CONFIG_HOME/qari/config.toml].
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the documents of a corpus.
    List {
        /// Corpus files or folders; the embedded sample when none.
        paths: Vec<PathBuf>,
        /// One JSON object per line: id, path, title, words, direction…
        #[arg(long)]
        json: bool,
    },
    /// Print a document's rows exactly as the reader draws them.
    Show(ShowArgs),
    /// Full-text search, with the search box's rules: words ANDed, the
    /// last word a prefix unless the query ends in a space, "quoted
    /// phrases", -excluded words, Arabic spelling variants folded.
    Search(SearchArgs),
    /// Build or update the persistent index of a corpus, and say what
    /// changed.
    Index {
        /// Corpus files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// The documents most like one document.
    Related(RelatedArgs),
    /// Two documents side by side, aligned sentence by sentence by meaning
    /// (paraphrased and reordered text lines up), words that differ marked.
    Compare(CompareArgs),
    /// Show the configuration: `default` prints the embedded defaults,
    /// `path` the user file qari reads.
    Config {
        /// What to print.
        #[arg(value_enum)]
        what: ConfigWhat,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ConfigWhat {
    /// The default configuration file.
    Default,
    /// Where qari looks for the user's file.
    Path,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    /// A file path, or a document id or unique id prefix in the corpus.
    doc: String,
    /// Row width in columns [default: the terminal's, or 80 when not a terminal].
    #[arg(long, short)]
    width: Option<usize>,
    /// Turn Arabic letters into presentation forms (for terminals that do not join letters).
    #[arg(long)]
    shape: bool,
    /// How lam + alef is drawn when shaping [default: from the config, ligature].
    #[arg(long, value_enum)]
    lam_alef: Option<LamAlefSetting>,
    /// Paragraph direction: from the first strong character, or forced.
    #[arg(long, value_enum, default_value_t = DirArg::Auto)]
    dir: DirArg,
    /// Who does the bidi: qari (visual order), the terminal (logical order),
    /// or nobody (logical order, left-aligned) [default: from the config, app].
    #[arg(long, value_enum)]
    bidi: Option<BidiMode>,
    /// The corpus to look the document up in (files or folders); the sample by default.
    #[arg(long, value_name = "PATH")]
    corpus: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct SearchArgs {
    /// The query.
    query: String,
    /// Corpus files or folders; the embedded sample when none.
    paths: Vec<PathBuf>,
    /// At most this many results.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// One JSON object per line: id, path, title, score, snippet, matches
    /// (byte ranges into the file as stored).
    #[arg(long)]
    json: bool,
    /// No folding: hamza, harakat, alef maksura… must match exactly.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, clap::Args)]
struct RelatedArgs {
    /// A document id or unique id prefix.
    doc: String,
    /// The corpus (files or folders); the sample by default.
    #[arg(long, value_name = "PATH")]
    corpus: Vec<PathBuf>,
    /// At most this many documents.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct CompareArgs {
    /// A file path, or a document id or unique id prefix in the corpus.
    a: String,
    /// The other document, the same way.
    b: String,
    /// The corpus ids are looked up in (files or folders); the sample by default.
    #[arg(long, value_name = "PATH")]
    corpus: Vec<PathBuf>,
    /// Total width in columns [default: the terminal's, or 160 when not a terminal].
    #[arg(long, short)]
    width: Option<usize>,
    /// One JSON object (schema qari.compare/1): sentences, groups, rows;
    /// byte ranges into the files as stored.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DirArg {
    Auto,
    Rtl,
    Ltr,
}

/// A failure that ends the command: a message for stderr and an exit code.
#[derive(Debug)]
pub struct Failure {
    /// One line, without the `qari: ` prefix.
    pub message: String,
    /// 1 or 2.
    pub code: i32,
}

impl Failure {
    pub(crate) fn new(message: impl std::fmt::Display) -> Self {
        Self {
            message: message.to_string(),
            code: 1,
        }
    }
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

pub(crate) fn io_failure(e: &io::Error) -> Option<Failure> {
    // A closed pipe is how `| head` says it has enough: not an error.
    (e.kind() != io::ErrorKind::BrokenPipe).then(|| Failure::new(format!("writing output: {e}")))
}

/// The outcome of writing a command's output: a closed pipe is success.
pub(crate) fn output_done(r: io::Result<()>) -> Result<(), Failure> {
    r.map_err(|e| io_failure(&e))
        .or_else(|f| f.map_or(Ok(()), Err))
}

/// Runs qari with the process arguments; returns the exit code.
#[must_use]
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(f) => {
            eprintln!("qari: {}", f.message);
            f.code
        }
    }
}

/// Runs a parsed command line.
///
/// # Errors
/// What went wrong, with the exit code to use.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let load = load_options(&cli.load)?;
    let config = config::load(cli.load.config.as_deref()).map_err(Failure::usage)?;
    match cli.command {
        Some(Command::Config { what }) => {
            let text = match what {
                ConfigWhat::Default => config::DEFAULT.to_owned(),
                ConfigWhat::Path => config::user_path(cli.load.config.as_deref())
                    .map(|p| format!("{}\n", p.display()))
                    .unwrap_or_default(),
            };
            output_done(io::stdout().write_all(text.as_bytes()))
        }
        None => {
            let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
            if io::stdout().is_terminal() && io::stdin().is_terminal() && !dumb {
                reader(&cli.paths, &load, &config, &cli.reader)
            } else {
                list(&cli.paths, false, &load)
            }
        }
        Some(Command::List { paths, json }) => {
            let mut all = cli.paths.clone();
            all.extend(paths);
            list(&all, json, &load)
        }
        Some(Command::Show(args)) => show(&args, &load, &config),
        Some(Command::Search(args)) => {
            let mut all = cli.paths.clone();
            all.extend(args.paths.iter().cloned());
            crate::cli_search::search(&args.query, &all, args.limit, args.json, args.strict, &load)
        }
        Some(Command::Index { paths }) => {
            let mut all = cli.paths.clone();
            all.extend(paths);
            crate::cli_search::index(&all, &load)
        }
        Some(Command::Related(args)) => {
            crate::cli_search::related(&args.doc, &args.corpus, args.limit, args.json, &load)
        }
        Some(Command::Compare(args)) => crate::cli_compare::run(
            &args.a,
            &args.b,
            &args.corpus,
            args.width,
            args.json,
            &load,
            &config,
        ),
    }
}

fn reader(
    paths: &[PathBuf],
    load: &LoadOptions,
    config: &Config,
    args: &ReaderArgs,
) -> Result<(), Failure> {
    let corpus = Corpus::load(paths, load)?;
    let source = if paths.is_empty() {
        crate::search::worker::Source::Memory(corpus.clone())
    } else {
        crate::search::worker::Source::Disk {
            paths: paths.to_vec(),
            load: load.clone(),
        }
    };
    let opts = crate::tui::ReaderOptions {
        mouse: args.mouse || config.reader.mouse,
        bidi: args.reader_bidi.unwrap_or(config.layout.bidi),
        shape: args.reader_shape || config.layout.shape,
        theme: args.theme.unwrap_or(config.reader.theme),
    };
    let app = crate::tui::build_app(corpus, config, &opts).map_err(Failure::usage)?;
    match crate::tui::run(app, &opts, Some(source)) {
        Ok(0) => Ok(()),
        Ok(code) => std::process::exit(code),
        Err(e) => Err(Failure::new(format!("terminal: {e}"))),
    }
}

fn load_options(args: &LoadArgs) -> Result<LoadOptions, Failure> {
    let encoding = match &args.encoding {
        Some(label) => Some(decode::encoding_for_label(label).map_err(Failure::usage)?),
        None => None,
    };
    Ok(LoadOptions {
        encoding,
        ..LoadOptions::default()
    })
}

fn warn_all(corpus: &Corpus, only: Option<&DocMeta>) {
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for w in &corpus.warnings {
        if only.is_none_or(|d| w.place == d.path || w.place.starts_with(&format!("{}:", d.path))) {
            let _ = writeln!(err, "qari: warning: {}", sanitize_line(&w.to_string()));
        }
    }
}

/// Replaces control characters so that a line from a document is safe on a
/// terminal.
#[must_use]
pub fn sanitize_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if crate::bidi::is_forbidden_control(c) || c == '\t' {
                crate::bidi::placeholder(c)
            } else {
                c
            }
        })
        .collect()
}

fn list(paths: &[PathBuf], json: bool, load: &LoadOptions) -> Result<(), Failure> {
    let corpus = Corpus::load(paths, load)?;
    warn_all(&corpus, None);
    let stdout = io::stdout();
    let tty = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    let res = if json {
        write_list_json(&corpus, &mut out)
    } else {
        write_list_text(&corpus, &mut out, tty.then(terminal_width))
    };
    output_done(res.and_then(|()| out.flush()))
}

fn write_list_json(corpus: &Corpus, out: &mut impl Write) -> io::Result<()> {
    for d in &corpus.docs {
        serde_json::to_writer(&mut *out, d).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// One line per document: id, words, direction, title. On a terminal the
/// title is laid out by the engine (visual order, cut to the width) inside
/// explicit bidi mode; otherwise it stays in logical order.
fn write_list_text(
    corpus: &Corpus,
    out: &mut impl Write,
    tty_width: Option<usize>,
) -> io::Result<()> {
    let id_w = corpus
        .docs
        .iter()
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(0);
    let words_w = corpus
        .docs
        .iter()
        .map(|d| d.words.to_string().len())
        .max()
        .unwrap_or(1);
    if tty_width.is_some() {
        out.write_all(BIDI_EXPLICIT.as_bytes())?;
    }
    for d in &corpus.docs {
        let id = sanitize_line(&d.id);
        let head = format!(
            "{id:<id_w$}  {words:>words_w$}  {dir:<5}  ",
            words = d.words,
            dir = d.direction.as_str()
        );
        let title = match tty_width {
            Some(w) => {
                let room = w.saturating_sub(head.chars().count()).max(10);
                let opts = LayoutOptions {
                    width: room,
                    fallback: d.direction.fallback(),
                    ..LayoutOptions::default()
                };
                crate::bidi::layout_paragraph(&d.title, 0, &[], &opts)
                    .first()
                    .map(crate::bidi::Row::to_plain)
                    .unwrap_or_default()
            }
            None => sanitize_line(&d.title),
        };
        writeln!(out, "{head}{title}")?;
    }
    if tty_width.is_some() {
        out.write_all(BIDI_RESTORE.as_bytes())?;
    }
    Ok(())
}

pub(crate) fn terminal_width() -> usize {
    crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).max(2))
}

/// Layout options for text the command line prints: the configuration's
/// settings under `bidi` (`off`: everything left to right; shaping only
/// when qari does the bidi), `shape` forcing shaping on.
pub(crate) fn printed_layout(
    config: &Config,
    bidi: BidiMode,
    width: usize,
    fallback: Dir,
    shape: bool,
) -> LayoutOptions {
    LayoutOptions {
        width,
        fallback,
        force: (bidi == BidiMode::Off).then_some(Dir::Ltr),
        shape: (shape || config.layout.shape) && bidi == BidiMode::App,
        lam_alef: config.layout.lam_alef.into(),
        tab_width: config.layout.tab_width.max(1),
        order: if bidi == BidiMode::App {
            Order::Visual
        } else {
            Order::Logical
        },
        ..LayoutOptions::default()
    }
}

/// Finds the document a `show`-style argument names: an existing file path,
/// or an id or unique id prefix in the corpus.
///
/// # Errors
/// Unknown or ambiguous ids, unreadable files.
pub fn resolve_doc(
    arg: &str,
    corpus_paths: &[PathBuf],
    load: &LoadOptions,
) -> Result<(Corpus, usize), Failure> {
    let as_path = PathBuf::from(arg);
    if as_path.is_file() {
        let corpus = Corpus::load(std::slice::from_ref(&as_path), load)?;
        return match corpus.docs.len() {
            1 => Ok((corpus, 0)),
            0 => Err(Failure::new(format!(
                "{arg}: no document could be read from it{}",
                corpus
                    .warnings
                    .first()
                    .map(|w| format!(" ({})", w.message))
                    .unwrap_or_default()
            ))),
            n => Err(Failure::new(format!(
                "{arg} holds {n} documents; name one by id with --corpus {arg}: {}",
                corpus
                    .docs
                    .iter()
                    .take(10)
                    .map(|d| d.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        };
    }
    let corpus = Corpus::load(corpus_paths, load)?;
    let i = corpus.resolve(arg)?;
    Ok((corpus, i))
}

fn show(args: &ShowArgs, load: &LoadOptions, config: &Config) -> Result<(), Failure> {
    if args.width == Some(0) {
        return Err(Failure::usage("--width must be at least 1"));
    }
    let (corpus, index) = resolve_doc(&args.doc, &args.corpus, load)?;
    let meta = &corpus.docs[index];
    warn_all(&corpus, Some(meta));
    let doc = corpus.text(index)?;
    let stdout = io::stdout();
    let tty = stdout.is_terminal();
    let width = args
        .width
        .unwrap_or_else(|| if tty { terminal_width() } else { 80 });
    let bidi = args.bidi.unwrap_or(config.layout.bidi);
    let mut opts = printed_layout(config, bidi, width, meta.direction.fallback(), args.shape);
    if let Some(lam_alef) = args.lam_alef {
        opts.lam_alef = lam_alef.into();
    }
    if bidi != BidiMode::Off {
        opts.force = match args.dir {
            DirArg::Auto => None,
            DirArg::Rtl => Some(Dir::Rtl),
            DirArg::Ltr => Some(Dir::Ltr),
        };
    }
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let explicit = tty && bidi == BidiMode::App;
    let result = (|| -> io::Result<()> {
        if explicit {
            out.write_all(BIDI_EXPLICIT.as_bytes())?;
        }
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        for piece in document::render_plain(&doc.text, &opts, threads) {
            out.write_all(piece.as_bytes())?;
        }
        if explicit {
            out.write_all(BIDI_RESTORE.as_bytes())?;
        }
        out.flush()
    })();
    output_done(result)
}
