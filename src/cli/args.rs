//! The command line's grammar (clap derive), and nothing else: what each
//! subcommand accepts, its help text and its defaults. The subcommands'
//! code is in the sibling modules; flags that change how text is shown are
//! global and resolved once into [`crate::settings::Settings`].

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{BidiMode, LamAlefSetting, Send, Shape, ThemeName};
use crate::settings::Overrides;

/// qari (قارئ): a terminal reader for right-to-left text corpora.
///
/// With no subcommand, opens the reader on a terminal, or lists the
/// documents of the corpus when output is not a terminal (the embedded
/// sample when no path is given).
#[derive(Debug, Parser)]
#[command(name = "qari", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  qari\n  qari ~/corpus\n  qari list\n  qari show 000 --width 60\n  qari show article.txt --shape\n  qari search 'زعيم التنظيم' ~/corpus\n  qari compare 000 001\n  qari list ~/corpus news.jsonl.gz --json"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Corpus files or folders (.txt, .md, .jsonl, optionally compressed:
    /// .gz, .zst, .xz, .bz2); `-`
    /// reads one document from standard input (as `cmd | qari` does).
    pub paths: Vec<PathBuf>,
    /// Options every subcommand takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Test hook: panic after the reader's first frame (the end-to-end
    /// tests check that the terminal is restored).
    #[arg(long, hide = true)]
    pub panic_after_first_frame: bool,
    /// Test hook: every background job of the reader panics (the
    /// end-to-end tests check that a caught panic leaves the reader up).
    #[arg(long, hide = true)]
    pub panic_in_jobs: bool,
    /// Test hook: how long the terminal probe may wait for answers, in
    /// milliseconds, instead of its budget (end-to-end tests whose fake
    /// terminal must be heard even on a machine under heavy load).
    #[arg(long, hide = true, value_name = "MS")]
    pub probe_budget: Option<u64>,
}

/// Options every subcommand takes: how files are read and how text is
/// shown.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Decode every file with this encoding (e.g. windows-1256) instead of detecting.
    #[arg(long, global = true, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Configuration file [default: $QARI_CONFIG, else $XDG_CONFIG_HOME/qari/config.toml].
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Who does the bidi: auto (qari asks the terminal and sends text the
    /// way that reads right there), app (visual order, the terminal in
    /// explicit mode), the terminal (logical order), or nobody (off: logical
    /// order, left-aligned) [default: from the config, auto].
    #[arg(long, global = true, value_enum, value_name = "MODE")]
    pub bidi: Option<BidiMode>,
    /// How qari sends the rows it orders, with `--bidi auto`: from the
    /// terminal's answers (auto), or a form `qari doctor` shows
    /// [default: from the config, auto].
    #[arg(long, global = true, value_enum, value_name = "FORM")]
    pub send: Option<Send>,
    /// Arabic presentation forms, for terminals that do not join letters
    /// (xterm, Alacritty…): auto (from the terminal), on, off; `--shape`
    /// alone means on [default: from the config, auto].
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        num_args = 0..=1,
        default_missing_value = "on",
        require_equals = false
    )]
    pub shape: Option<Shape>,
    /// How lam + alef is drawn when shaping [default: from the config, ligature].
    #[arg(long, global = true, value_enum)]
    pub lam_alef: Option<LamAlefSetting>,
    /// Colours of the reader [default: from the config, auto].
    #[arg(long, global = true, value_enum)]
    pub theme: Option<ThemeName>,
    /// Scroll the reader with the mouse wheel (captures the mouse: the
    /// terminal's own text selection then needs Shift).
    #[arg(long, global = true)]
    pub mouse: bool,
    /// Print a long document instead of opening it in the reading view
    /// (`qari show` on a terminal) [default: from the config, page].
    #[arg(long, global = true)]
    pub no_pager: bool,
}

impl GlobalArgs {
    /// The display flags, to resolve over the configuration.
    #[must_use]
    pub fn overrides(&self) -> Overrides {
        Overrides {
            bidi: self.bidi,
            send: self.send,
            shape: self.shape,
            lam_alef: self.lam_alef,
            theme: self.theme,
            mouse: self.mouse,
            no_pager: self.no_pager,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// Near-duplicates: the documents that tell the same story, in
    /// clusters (MinHash over word shingles, verified exactly).
    Dups(DupsArgs),
    /// The passages one document shares with the others of its corpus,
    /// with their byte ranges on both sides.
    Reuse(ReuseArgs),
    /// Two documents side by side, aligned sentence by sentence by meaning
    /// (paraphrased and reordered text lines up), words that differ marked.
    Compare(CompareArgs),
    /// What qari knows of this terminal and what it sends there, then a
    /// test card in every form qari knows: say which line reads right, and
    /// it is saved to the configuration.
    Doctor {
        /// Save the form of this card line without asking.
        #[arg(long, value_name = "LINE")]
        save: Option<usize>,
    },
    /// Show the configuration: `default` prints the embedded defaults,
    /// `path` the user file qari reads.
    Config {
        /// What to print.
        #[arg(value_enum)]
        what: ConfigWhat,
    },
}

/// What `qari config` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ConfigWhat {
    /// The default configuration file.
    Default,
    /// Where qari looks for the user's file.
    Path,
}

/// `qari show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A file path, a document id or unique id prefix in the corpus, or `-`
    /// for standard input.
    pub doc: OsString,
    /// Row width in columns [default: the terminal's, or 80 when not a terminal].
    #[arg(long, short)]
    pub width: Option<usize>,
    /// Paragraph direction: from the first strong character, or forced.
    #[arg(long, value_enum, default_value_t = DirArg::Auto)]
    pub dir: DirArg,
    /// The corpus to look the document up in (files or folders); the sample by default.
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
}

/// `qari search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query.
    pub query: String,
    /// Corpus files or folders; the embedded sample when none.
    pub paths: Vec<PathBuf>,
    /// At most this many results.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// One JSON object per line: id, path, title, score, snippet, matches
    /// (byte ranges into the file as stored).
    #[arg(long)]
    pub json: bool,
    /// No folding: hamza, harakat, alef maksura… must match exactly.
    #[arg(long)]
    pub strict: bool,
    /// Order of the results (also typed in the query: `sort:newest`).
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,
    /// Also count the matches per source and per month: a last JSON
    /// object `{"facets": …}` with --json, a table after the results
    /// otherwise.
    #[arg(long)]
    pub facets: bool,
}

/// `--sort`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest date first (documents without a date last).
    Newest,
    /// Oldest date first (documents without a date last).
    Oldest,
    /// By source, A to Z.
    Source,
}

/// `qari dups`.
#[derive(Debug, clap::Args)]
pub struct DupsArgs {
    /// Corpus files or folders; the embedded sample when none.
    pub paths: Vec<PathBuf>,
    /// Resemblance (shared 5-word shingles over all) at or above which two
    /// documents are copies.
    #[arg(long, default_value_t = crate::compare::dups::RESEMBLANCE)]
    pub threshold: f32,
    /// Containment (shared shingles over the smaller document's) at or
    /// above which the smaller is a partial copy.
    #[arg(long, default_value_t = crate::compare::dups::CONTAINMENT)]
    pub containment: f32,
    /// One JSON object per cluster: members with ids, paths, dates,
    /// sources, resemblance and containment with the origin.
    #[arg(long)]
    pub json: bool,
}

/// `qari reuse`.
#[derive(Debug, clap::Args)]
pub struct ReuseArgs {
    /// A document id or unique id prefix (or a file path).
    pub doc: OsString,
    /// The corpus (files or folders); the sample by default.
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Only against this document (an id, id prefix or file path), not
    /// the whole corpus.
    #[arg(long, value_name = "DOC")]
    pub with: Option<OsString>,
    /// Shortest passage reported, in words.
    #[arg(long, default_value_t = 12)]
    pub min_words: usize,
    /// One JSON object per passage: the byte ranges in both files as
    /// stored, the other document's id, path and line, the words.
    #[arg(long)]
    pub json: bool,
}

/// `qari related`.
#[derive(Debug, clap::Args)]
pub struct RelatedArgs {
    /// A document id or unique id prefix.
    pub doc: OsString,
    /// The corpus (files or folders); the sample by default.
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// At most this many documents.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,
}

/// `qari compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// A file path, or a document id or unique id prefix in the corpus.
    pub a: OsString,
    /// The other document, the same way.
    pub b: OsString,
    /// The corpus ids are looked up in (files or folders); the sample by default.
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Total width in columns [default: the terminal's, or 160 when not a terminal].
    #[arg(long, short)]
    pub width: Option<usize>,
    /// One JSON object (schema qari.compare/1): sentences, groups, rows;
    /// byte ranges into the files as stored.
    #[arg(long)]
    pub json: bool,
}

/// `--dir`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DirArg {
    /// From the first strong character.
    Auto,
    /// Right to left.
    Rtl,
    /// Left to right.
    Ltr,
}
