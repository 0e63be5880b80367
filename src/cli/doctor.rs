//! `qari doctor`: what qari learnt of the terminal and what it chose to
//! send there, then a test card — one sentence with a Latin name, a number
//! and brackets, sent in each form qari knows (docs/terminals.md) — and
//! the question "which line reads right?". The answer can be saved to the
//! configuration (`[layout] send`, `shape`, `bidi`), for the terminal no
//! probe recognizes.

use std::io::{BufRead, Write};

use super::output::{Printer, note};
use super::{Context, Failure};
use crate::bidi::{Dir, LayoutOptions, Order, Wire, layout_paragraph};
use crate::render::ansi;
use crate::terminal::Strategy;

/// The card's sentence: a name in Latin letters, a number, brackets, lam-alef.
pub const CARD: &str = "قال (Reuters) إن 25 شخصا لا يزالون في [المدينة].";

/// The forms on the card: what `send` (or `bidi`) is saved, a description.
const FORMS: &[(&str, &str)] = &[
    (
        "explicit",
        "explicit bidi mode, visual order (VTE terminals)",
    ),
    ("visual", "visual order, letters shaped (xterm, Alacritty…)"),
    (
        "fenced",
        "visual order fenced by invisible marks (behind tmux…)",
    ),
    (
        "runs",
        "right-to-left runs handed back to the terminal (Konsole)",
    ),
    ("chunks", "Arabic words sent reversed (kitty)"),
    (
        "override",
        "visual order, each line opened by two invisible marks (mlterm)",
    ),
    ("terminal", "logical order: the terminal's own bidi"),
];

/// Runs `qari doctor`.
///
/// # Errors
/// Writing failed, the configuration file cannot be written.
pub fn run(save: Option<usize>, ctx: &Context) -> Result<(), Failure> {
    let settings = &ctx.settings;
    let term = &settings.terminal;
    let mut out = Printer::plain();
    out.line("qari doctor: what qari knows of this terminal, and what it sends there");
    out.line("");
    let fact = |out: &mut Printer, k: &str, v: &str| {
        out.line(&format!("  {k:<16}{}", crate::render::sanitize_line(v)));
    };
    match term.columns.zip(term.rows) {
        Some((w, h)) if term.stdout_tty => {
            fact(&mut out, "output", &format!("a terminal, {w}×{h}"))
        }
        _ => fact(
            &mut out,
            "output",
            "not a terminal: run qari doctor in the terminal you read in",
        ),
    }
    match &term.probed {
        Some(p) => {
            for (k, v) in &p.env.vars {
                fact(&mut out, k, v);
            }
            let a = &p.answers;
            let decrqm = match a.decrqm8 {
                None => "no answer".to_owned(),
                Some(0) => "mode unknown (0)".to_owned(),
                Some(1) => "implicit, can be switched off (1)".to_owned(),
                Some(2) => "explicit (2)".to_owned(),
                Some(n) => format!("{n}"),
            };
            fact(&mut out, "bidi mode 8", &decrqm);
            fact(
                &mut out,
                "version",
                a.xtversion.as_deref().unwrap_or("no answer"),
            );
            let da2 = a.da2.as_ref().map_or("no answer".to_owned(), |v| {
                v.iter().map(u32::to_string).collect::<Vec<_>>().join(";")
            });
            fact(&mut out, "DA2", &da2);
            fact(
                &mut out,
                "asked in",
                &format!(
                    "{:.1} ms{}",
                    p.elapsed.as_secs_f64() * 1e3,
                    if a.da1 { "" } else { " (no answer at all)" }
                ),
            );
            if let Some(t) = p.profile.tmux {
                fact(
                    &mut out,
                    "tmux",
                    if t.passthrough {
                        "passthrough on: qari reaches the terminal behind it"
                    } else {
                        "passthrough off"
                    },
                );
            }
            fact(
                &mut out,
                "terminal",
                &format!(
                    "{}{}",
                    p.profile.kind.name(),
                    if p.profile.answered {
                        ", from its answers"
                    } else {
                        ", from the environment"
                    }
                ),
            );
            let (strategy, _) = p.profile.strategy();
            let form = match strategy {
                Strategy::Explicit { wrapped: false } => "explicit",
                Strategy::Explicit { wrapped: true } => "explicit (through tmux)",
                Strategy::Rows(w) => wire_name(w),
                Strategy::Override => "override",
            };
            fact(&mut out, "its form", form);
        }
        None => fact(
            &mut out,
            "probe",
            "not asked (not a terminal, or set in the configuration)",
        ),
    }
    let now = if settings.order == Order::Logical {
        "logical order (bidi = terminal or off)".to_owned()
    } else if settings.explicit.is_some() {
        format!(
            "explicit mode{}",
            if settings.shape { ", shaped" } else { "" }
        )
    } else {
        format!(
            "{}{}",
            if settings.line_prefix.is_empty() {
                wire_name(settings.wire)
            } else {
                "override"
            },
            if settings.shape { ", shaped" } else { "" }
        )
    };
    fact(&mut out, "qari sends", &now);
    if let Some(path) = &ctx.config_path {
        fact(&mut out, "configuration", &path.display().to_string());
    }
    if let Some(advice) = term.hint() {
        fact(&mut out, "advice", advice);
    }
    out.line("");
    out.line("The same sentence, sent each way qari knows:");
    out.line("");
    out.finish()?;
    // The card goes straight to the terminal: each line carries its own
    // form (and the explicit line its mode switch).
    let width = term.columns.unwrap_or(80).saturating_sub(6).clamp(20, 60);
    let mut card = std::io::stdout().lock();
    let written = (|| -> std::io::Result<()> {
        for (k, (form, _)) in FORMS.iter().enumerate() {
            let line = card_line(form, width);
            if *form == "explicit" && term.stdout_tty {
                write!(card, "{}", ansi::BIDI_EXPLICIT)?;
                writeln!(card, "  {}  {line}", k + 1)?;
                write!(card, "{}", ansi::BIDI_RESTORE)?;
            } else if *form == "override" {
                writeln!(card, "{}  {}  {line}", ansi::LINE_OVERRIDE, k + 1)?;
            } else {
                writeln!(card, "  {}  {line}", k + 1)?;
            }
        }
        writeln!(card)?;
        for (k, (form, what)) in FORMS.iter().enumerate() {
            writeln!(card, "  {}  {form}: {what}", k + 1)?;
        }
        card.flush()
    })();
    drop(card);
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Failure::new(format!("writing output: {e}")));
    }
    let choice = match save {
        Some(n) => Some(n),
        None if term.stdin_tty && term.stdout_tty => ask()?,
        None => None,
    };
    if let Some(n) = choice {
        let (form, _) = FORMS
            .get(n.wrapping_sub(1))
            .ok_or_else(|| Failure::usage(format!("there is no line {n} on the card")))?;
        let path = ctx
            .config_path
            .clone()
            .ok_or_else(|| Failure::new("no place for a configuration file (no home directory)"))?;
        save_form(&path, form)?;
        note(&format!(
            "saved to {}: line {n} ({form}); qari doctor again shows what it sends",
            path.display()
        ));
    }
    Ok(())
}

/// The name of a wire form.
fn wire_name(w: Wire) -> &'static str {
    match w {
        Wire::Visual => "visual",
        Wire::Fenced => "fenced",
        Wire::Runs => "runs",
        Wire::Chunks => "chunks",
    }
}

/// The card's sentence sent in `form`, at `width` columns.
fn card_line(form: &str, width: usize) -> String {
    let (order, wire, shape) = match form {
        "explicit" => (Order::Visual, Wire::Visual, false),
        "visual" => (Order::Visual, Wire::Visual, true),
        "fenced" => (Order::Visual, Wire::Fenced, true),
        "runs" => (Order::Visual, Wire::Runs, true),
        "chunks" => (Order::Visual, Wire::Chunks, true),
        "override" => (Order::Visual, Wire::Visual, true),
        _ => (Order::Logical, Wire::Visual, false),
    };
    let opts = LayoutOptions {
        width,
        fallback: Dir::Rtl,
        order,
        wire,
        shape,
        ..LayoutOptions::default()
    };
    let mut s = String::new();
    if let Some(row) = layout_paragraph(CARD, 0, &[], &opts).first() {
        ansi::write_row(row, false, &mut s);
    }
    s
}

/// Asks which line reads right; `None` when the user keeps qari's choice.
fn ask() -> Result<Option<usize>, Failure> {
    // Late answers of the probe gone, and the terminal back in line mode
    // (echo, editing), before the question is asked.
    // (A key typed before the question is dropped with them.)
    let _ = crate::terminal::probe::drain(std::time::Duration::from_millis(300));
    crate::terminal::probe::restore();
    eprint!(
        "Which line reads right to left, in the right order, letters joined, the name, the number and the brackets in place?\nType its number to save it (Enter keeps qari's own choice): "
    );
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::new(format!("reading the answer: {e}")))?;
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    line.parse()
        .map(Some)
        .map_err(|_| Failure::usage(format!("'{line}' is not a line number")))
}

/// Writes the form into the user's configuration file, keeping the rest of
/// it (comments included).
fn save_form(path: &std::path::Path, form: &str) -> Result<(), Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Failure::new(format!("{}: {e}", path.display()))),
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Failure::new(format!("{}: {e}", path.display())))?;
    let layout = doc["layout"].or_insert(toml_edit::table());
    let (bidi, send, shape) = match form {
        "terminal" => ("terminal", "auto", "auto"),
        "explicit" => ("auto", "explicit", "off"),
        other => ("auto", other, "on"),
    };
    layout["bidi"] = toml_edit::value(bidi);
    layout["send"] = toml_edit::value(send);
    layout["shape"] = toml_edit::value(shape);
    // Checked as qari will read it before it is written.
    crate::config::parse_over_defaults(&doc.to_string(), &path.display().to_string())
        .map_err(Failure::new)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::new(format!("{}: {e}", dir.display())))?;
    }
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| Failure::new(format!("{}: {e}", dir.display())))?;
    tmp.write_all(doc.to_string().as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Failure::new(format!("{}: {e}", path.display())))?;
    tmp.persist(path)
        .map_err(|e| Failure::new(format!("{}: {}", path.display(), e.error)))?;
    Ok(())
}
