//! Dates found in corpus records, read into Gregorian days for filtering
//! (`date:2019-02`, `date:2019-01..2019-03`), sorting and per-month facets.
//! The caller keeps the original string; this module only says which
//! Gregorian day it names, if any.
//!
//! [`parse`] reads, after trimming:
//! - ISO 8601 and machine forms (fast path, no allocation): `2019-02-07`,
//!   `2019-02-07T10:20:30Z`, `2019-02-07 10:20:30`, `20190207`, `2019-02`
//!   (first of the month), and `2019` when it is the whole string (1 January).
//! - A month name with a day and a year, in the orders writers use: `7 Feb 2019`,
//!   `Thu, 07 Feb 2019 10:20:30 +0000`, `February 7th, 2019`, `2019-Feb-07`,
//!   or with a year only (`Feb 2019`: first of the month). Month names in
//!   English, French, Arabic (Egypt/Gulf, Levant/Iraq, Algeria/Tunisia,
//!   Morocco), Persian and Hebrew (also with the `ב`/`ל` prefix); several
//!   names of one month in a row (`فبراير/شباط`, `شباط (فبراير)`); weekdays,
//!   ordinals (`7th`), `of`, `ماه`, times and the `م` (Gregorian) mark ignored.
//! - Numbers with `/`, `.` or `-`: year first is Y/M/D; year last is D/M/Y
//!   (the Arab and European order), or M/D/Y when only that is a valid date
//!   (`02/13/2019`); [`parse_ordered`] with [`DayOrder::Mdy`] prefers M/D/Y
//!   the same way. A whole string `2019/02` or `02/2019` names a month.
//! - Solar Hijri dates with a Persian month name (`۱۸ بهمن ۱۳۹۷`), converted
//!   with Borkowski's 33-year-rule arithmetic (the algorithm of jalaali-js),
//!   which follows the astronomical Iranian calendar for 1178–1633 AP.
//!
//! The ISO forms take a fast path without allocation; other strings are cut
//! into tokens once (one small vector) and scanned.
//!
//! Digits may be ASCII, Arabic-Indic (U+0660…) or Persian (U+06F0…). Words
//! are compared after folding case, alef/hamza forms, `ة`/`ه`, `ى`/`ی`/`ي`,
//! `ک`/`ك`, and dropping tatweel, diacritics and bidi marks. Rules:
//! - A date-time yields the calendar date as written: time and time zone
//!   are ignored (no shifting to UTC).
//! - Years have four digits and lie in 1000–2999; the month and day must
//!   exist (leap years included). Two-digit years are not read.
//! - Lunar Hijri dates are never converted: a date whose year is followed by
//!   `هـ`, `ه`, `هجري(ة)`, `AH` or `H` is skipped, and Hijri month names are
//!   not month names here. A numeric date whose year is written in
//!   Arabic-Indic or Persian digits and is below 1600 is Hijri (lunar or
//!   solar: undecidable) and skipped too. Hebrew-calendar dates are not read.
//! - When a string holds several dates (`2 جمادى الآخرة 1440 هـ - 7 فبراير 2019 م`),
//!   the first Gregorian one wins; a converted Solar Hijri date is used only
//!   when there is no Gregorian date.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::local_config::DayOrder;

/// A Gregorian date read from a string, to the precision written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Day {
    /// The year (proleptic Gregorian; [`parse`] only yields 1000–2999).
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, 1–31.
    pub day: u8,
}

/// Days from 0000-03-01 to 1970-01-01.
const EPOCH_SHIFT: i64 = 719_468;
/// Days in a 400-year Gregorian cycle.
const ERA_DAYS: i64 = 146_097;
/// Bound applied to [`Day::from_days`] input, keeping the year inside `i32`.
const MAX_ABS_DAYS: i64 = 700_000_000_000;

impl Day {
    /// The date `days` days after 1970-01-01 (proleptic Gregorian; negative
    /// counts go before 1970). Counts beyond ±700 billion days are clamped.
    pub(crate) fn from_days(days: i64) -> Day {
        let z = days.clamp(-MAX_ABS_DAYS, MAX_ABS_DAYS) + EPOCH_SHIFT;
        let (era, doe) = (z.div_euclid(ERA_DAYS), z.rem_euclid(ERA_DAYS));
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = era * 400 + yoe + i64::from(month <= 2);
        Day {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        }
    }

    /// Days since 1970-01-01: the inverse of [`Day::from_days`].
    pub(crate) fn days(self) -> i64 {
        let m = i64::from(self.month);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let (era, yoe) = (y.div_euclid(400), y.rem_euclid(400));
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + i64::from(self.day) - 1;
        era * ERA_DAYS + yoe * 365 + yoe / 4 - yoe / 100 + doy - EPOCH_SHIFT
    }

    /// The date as ISO 8601, e.g. `2019-02-07`.
    pub(crate) fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// A date with a year in 1000–2999 that exists in the calendar.
    fn new(year: i64, month: u32, day: u32) -> Option<Day> {
        let ok = (1000..=2999).contains(&year) && (1..=12).contains(&month);
        (ok && (1..=month_len(year, month)).contains(&day)).then(|| ymd(year, month, day))
    }
}

/// A date from parts already known to fit (no validation).
fn ymd(year: i64, month: u32, day: u32) -> Day {
    Day {
        year: year as i32,
        month: month as u8,
        day: day as u8,
    }
}

/// Days in a Gregorian month.
fn month_len(year: i64, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads a date as found in a record (metadata field). None when no Gregorian
/// date can be read (including Hijri/Hebrew-calendar dates written as such —
/// those are kept as strings by the caller). See the module doc for the
/// forms and rules.
pub(crate) fn parse(s: &str) -> Option<Day> {
    read(s, false)
}

/// [`parse`], with the order of numeric dates a corpus declares: `Mdy`
/// reads a year-last date as M/D/Y unless only D/M/Y is valid; `Dmy` and
/// `Ymd` read as [`parse`] does (year-first dates are Y/M/D anyway, and a
/// year-last date under `Ymd` gets the default reading).
pub(crate) fn parse_ordered(s: &str, order: DayOrder) -> Option<Day> {
    match order {
        DayOrder::Mdy => read(s, true),
        DayOrder::Dmy | DayOrder::Ymd => parse(s),
    }
}

/// [`parse`], reading year-last numeric dates as M/D/Y first when `mdy`.
fn read(s: &str, mdy: bool) -> Option<Day> {
    let s = s.trim();
    if let Some(day) = iso(s.as_bytes()) {
        return day;
    }
    if !s.chars().any(|c| digit(c).is_some()) {
        return None;
    }
    let tokens = Tokens::new(s, mdy);
    tokens.scan().or_else(|| tokens.whole())
}

/// The ISO fast path: `Some(reading)` when `b` has an ISO shape (the reading
/// is None for an impossible date), None to fall back to the general reader.
fn iso(b: &[u8]) -> Option<Option<Day>> {
    let num = |r: Range<usize>| -> Option<u32> {
        let digits = b.get(r)?;
        digits.iter().try_fold(0, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i64::from(num(0..4)?);
    let dash = |i: usize| b.get(i) == Some(&b'-');
    let time = matches!(b.get(10), None | Some(b'T' | b't' | b' '));
    match b.len() {
        4 => Some(Day::new(year, 1, 1)),
        8 => Some(Day::new(year, num(4..6)?, num(6..8)?)),
        7 if dash(4) => Some(Day::new(year, num(5..7)?, 1)),
        10.. if dash(4) && dash(7) && time => Some(Day::new(year, num(5..7)?, num(8..10)?)),
        _ => None,
    }
}

/// A period typed in a filter: "2019", "2019-02", "2019-02-07",
/// "2019-01..2019-03" (inclusive of the whole last month),
/// "2019-01-15..2019-02-03", open ends "..2019-03" and "2019-01..". Returns the
/// days since 1970-01-01 as a half-open range [start, end); an open start is
/// `i64::MIN`, an open end `i64::MAX`. "/" may replace "-" in the parts. None
/// when it is not a period, or an empty one ("2019-03..2019-01").
pub(crate) fn period(s: &str) -> Option<Range<i64>> {
    let range = match s.trim().split_once("..") {
        None => period_part(s.trim())?,
        Some((a, b)) => {
            let (a, b) = (a.trim(), b.trim());
            if a.is_empty() && b.is_empty() {
                return None;
            }
            let start = if a.is_empty() {
                i64::MIN
            } else {
                period_part(a)?.start
            };
            let end = if b.is_empty() {
                i64::MAX
            } else {
                period_part(b)?.end
            };
            start..end
        }
    };
    (range.start < range.end).then_some(range)
}

/// One side of a period: a year, month or day, as days [start, end).
fn period_part(s: &str) -> Option<Range<i64>> {
    let field = |f: &str, len: Range<usize>| -> Option<u32> {
        if !len.contains(&f.chars().count()) {
            return None;
        }
        f.chars().try_fold(0, |v, c| Some(v * 10 + digit(c)?))
    };
    let mut fields = s.split(['-', '/']);
    let year = i64::from(field(fields.next()?, 4..5)?);
    let mut next = || fields.next().map(|f| field(f, 1..3).filter(|&v| v > 0));
    let (month, day, more) = (next(), next(), next());
    let (month, day) = (month.unwrap_or(Some(0))?, day.unwrap_or(Some(0))?);
    if more.is_some() {
        return None;
    }
    let start = Day::new(year, month.max(1), day.max(1))?.days();
    let end = match (month, day) {
        (_, 1..) => start + 1,
        (12, 0) | (0, 0) => ymd(year + 1, 1, 1).days(),
        (m, 0) => ymd(year, m + 1, 1).days(),
    };
    Some(start..end)
}

/// The value of a digit: ASCII, Arabic-Indic or Persian (Extended Arabic-Indic).
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        _ => None,
    }
}

/// Characters dropped inside words: Arabic and Hebrew diacritics, tatweel,
/// Quranic marks, zero-width (non-)joiners.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{610}'..='\u{61A}' | '\u{64B}'..='\u{65F}' | '\u{640}' | '\u{670}'
        | '\u{6D6}'..='\u{6ED}' | '\u{591}'..='\u{5BD}' | '\u{5BF}' | '\u{5C1}' | '\u{5C2}'
        | '\u{5C4}' | '\u{5C5}' | '\u{5C7}' | '\u{200C}' | '\u{200D}')
}

/// Whether `c` is a letter (fast for ASCII, Hebrew and Arabic).
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{7F}' => false,
        '\u{5D0}'..='\u{5EA}'
        | '\u{5EF}'..='\u{5F2}'
        | '\u{620}'..='\u{64A}'
        | '\u{66E}'..='\u{66F}'
        | '\u{671}'..='\u{6D3}'
        | '\u{6D5}'
        | '\u{6EE}'..='\u{6EF}'
        | '\u{6FA}'..='\u{6FC}'
        | '\u{6FF}' => true,
        '\u{590}'..='\u{6FF}' => false,
        _ => c.is_alphabetic(),
    }
}

/// Invisible formatting characters ignored everywhere (bidi controls, BOM).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{61C}' | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Folds a letter for matching: lower case (scripts before Hebrew), one form
/// of alef, heh, yeh, kaf and waw, French accents removed.
fn fold(c: char) -> char {
    let c = match c {
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        '\u{80}'..='\u{58F}' => c.to_lowercase().next().unwrap_or(c),
        _ => c, // Hebrew, Arabic and later scripts: no case to fold
    };
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ة' | 'ۀ' | 'ہ' | 'ھ' | 'ە' => 'ه',
        'ى' | 'ی' | 'ئ' => 'ي',
        'ک' => 'ك',
        'ؤ' => 'و',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'à' | 'â' => 'a',
        'û' | 'ù' => 'u',
        'ô' => 'o',
        'î' | 'ï' => 'i',
        'ç' => 'c',
        _ => c,
    }
}

/// The separator a punctuation or space character stands for.
fn separator(c: char) -> char {
    match c {
        _ if c.is_whitespace() => ' ',
        '،' | '٬' => ',',
        '؍' => '/',
        '٫' => '.',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// A word folded for lookup: marks dropped, letters folded.
fn folded(name: &str) -> String {
    name.chars().filter(|&c| !is_mark(c)).map(fold).collect()
}

/// Gregorian month names, one string per month, names separated by spaces.
/// The Levantine two-word names are `كانون`/`تشرين` + `الأول`/`الثاني`.
const GREGORIAN: [&str; 12] = [
    "january jan janvier يناير جانفي ژانویه ינואר",
    "february feb fevrier فبراير شباط فيفري فوریه פברואר",
    "march mar mars مارس آذار מרץ מרס",
    "april apr avril أبريل نيسان أفريل آوریل אפריל",
    "may mai مايو أيار ماي مه מאי",
    "june jun juin يونيو يونيه حزيران جوان ژوئن יוני",
    "july jul juillet يوليو يوليه تموز جويلية يوليوز ژوئیه יולי",
    "august aug aout أغسطس آب أوت غشت אוגוסט",
    "september sep sept septembre سبتمبر أيلول شتنبر سپتامبر ספטמבר",
    "october oct octobre أكتوبر اکتبر אוקטובר",
    "november nov novembre نوفمبر نونبر نوامبر נובמבר",
    "december dec decembre ديسمبر دجنبر دسامبر דצמבר",
];

/// Solar Hijri (Iranian) month names, in order.
const SOLAR: &str = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند";

/// Other words that matter, with their meaning.
const OTHER_WORDS: [(&str, Kind); 7] = [
    ("st nd rd th er of ماه", Kind::Filler),
    ("هـ هجري هجرية ah h", Kind::Hijri),
    ("م", Kind::Era),
    ("كانون", Kind::Levant(12, 1)),
    ("تشرين", Kind::Levant(10, 11)),
    ("الأول أول", Kind::Nth(false)),
    ("الثاني ثاني", Kind::Nth(true)),
];

/// The calendar a month name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cal {
    /// Gregorian.
    Greg,
    /// Solar Hijri (Iranian).
    Solar,
}

/// What a known word means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A month name: calendar and month (1–12).
    Month(Cal, u32),
    /// `كانون`/`تشرين`: the month with `الأول`, the month with `الثاني`.
    Levant(u32, u32),
    /// `الأول` (false) or `الثاني` (true).
    Nth(bool),
    /// Skipped between date parts (ordinal suffixes, `of`, `ماه`).
    Filler,
    /// Marks a lunar Hijri year.
    Hijri,
    /// `م`, the Gregorian era mark.
    Era,
}

/// The meaning of a folded word, if it has one (also after a Hebrew `ב`/`ל` prefix).
fn kind(word: &str) -> Option<Kind> {
    static WORDS: OnceLock<HashMap<String, Kind>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let greg = GREGORIAN
            .iter()
            .zip(1..)
            .map(|(names, m)| (*names, Kind::Month(Cal::Greg, m)));
        let solar = SOLAR
            .split(' ')
            .zip(1..)
            .map(|(name, m)| (name, Kind::Month(Cal::Solar, m)));
        let all = greg.chain(solar).chain(OTHER_WORDS);
        all.flat_map(|(names, k)| names.split(' ').map(move |n| (folded(n), k)))
            .collect()
    });
    words
        .get(word)
        .or_else(|| words.get(word.strip_prefix(['ב', 'ל'])?))
        .copied()
}

/// A token of the general reader.
#[derive(Clone, Copy, Debug)]
enum Tok {
    /// A run of digits: value and digit count (both saturating), and whether
    /// any digit was Arabic-Indic or Persian.
    Num(u32, u8, bool),
    /// A word, with its meaning if known.
    Word(Option<Kind>),
    /// A run of separators: its punctuation character, `' '` when it is
    /// only spaces, `'*'` when it mixes punctuation.
    Sep(char),
}

/// A string cut into numbers, words and separators.
struct Tokens {
    /// The tokens in order.
    toks: Vec<Tok>,
    /// Whether year-last numeric dates are M/D/Y first.
    mdy: bool,
}

impl Tokens {
    /// Cuts `s` into tokens.
    fn new(s: &str, mdy: bool) -> Tokens {
        let mut toks: Vec<Tok> = Vec::with_capacity(16);
        let mut word = String::new();
        for c in s.chars() {
            if is_mark(c) || is_invisible(c) {
                continue;
            } else if is_letter(c) {
                word.push(fold(c));
                continue;
            } else if !word.is_empty() {
                toks.push(Tok::Word(kind(&word)));
                word.clear();
            }
            if let Some(d) = digit(c) {
                match toks.last_mut() {
                    Some(Tok::Num(v, len, east)) => {
                        *v = v.saturating_mul(10).saturating_add(d);
                        *len = len.saturating_add(1);
                        *east |= !c.is_ascii();
                    }
                    _ => toks.push(Tok::Num(d, 1, !c.is_ascii())),
                }
            } else {
                let p = separator(c);
                match toks.last_mut() {
                    Some(Tok::Sep(q)) if *q == ' ' => *q = p,
                    Some(Tok::Sep(q)) if p != ' ' && p != *q => *q = '*',
                    Some(Tok::Sep(_)) => {}
                    _ => toks.push(Tok::Sep(p)),
                }
            }
        }
        if !word.is_empty() {
            toks.push(Tok::Word(kind(&word)));
        }
        Tokens { toks, mdy }
    }

    /// The meaning of the word at `i`, if that token is a known word.
    fn kind(&self, i: usize) -> Option<Kind> {
        match self.toks.get(i)? {
            Tok::Word(k) => *k,
            _ => None,
        }
    }

    /// The number at `i`: value and digit count.
    fn num(&self, i: usize) -> Option<(u32, u8)> {
        match self.toks.get(i)? {
            Tok::Num(v, len, _) => Some((*v, *len)),
            _ => None,
        }
    }

    /// Whether the token at `i` is skipped between date parts.
    fn is_filler(&self, i: usize) -> bool {
        matches!(self.toks.get(i), Some(Tok::Sep(_))) || self.kind(i) == Some(Kind::Filler)
    }

    /// The first token from `from` on that is not a filler.
    fn next_sig(&self, from: usize) -> Option<usize> {
        (from..self.toks.len()).find(|&j| !self.is_filler(j))
    }

    /// The last token before `before` that is not a filler, provided the
    /// separators skipped are plain (space, `-`, `/`, `.`, `,`).
    fn prev_sig(&self, before: usize) -> Option<usize> {
        let j = (0..before).rev().find(|&j| !self.is_filler(j))?;
        let plain =
            |t: &Tok| !matches!(t, Tok::Sep(c) if !matches!(c, ' ' | '-' | '/' | '.' | ','));
        self.toks.get(j + 1..before)?.iter().all(plain).then_some(j)
    }

    /// Whether the year at `i` is followed by a lunar Hijri mark.
    fn hijri_after(&self, i: usize) -> bool {
        let gap = usize::from(matches!(self.toks.get(i + 1), Some(Tok::Sep(' ' | '.'))));
        self.kind(i + 1 + gap) == Some(Kind::Hijri)
    }

    /// The month named by the (one or two) words at `i`, and the index after them.
    fn month_name(&self, i: usize) -> Option<(Cal, u32, usize)> {
        match self.kind(i)? {
            Kind::Month(cal, m) => Some((cal, m, i + 1)),
            Kind::Levant(first, second) if matches!(self.toks.get(i + 1), Some(Tok::Sep(_))) => {
                match self.kind(i + 2)? {
                    Kind::Nth(is_second) => {
                        Some((Cal::Greg, if is_second { second } else { first }, i + 3))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The month named at `i`, with further names of the same month
    /// (`فبراير/شباط`), and the index after them.
    fn month_at(&self, i: usize) -> Option<(Cal, u32, usize)> {
        let (cal, month, mut after) = self.month_name(i)?;
        while let Some(Tok::Sep(_)) = self.toks.get(after) {
            match self.month_name(after + 1) {
                Some((c, m, next)) if c == cal && m == month => after = next,
                _ => break,
            }
        }
        Some((cal, month, after))
    }

    /// A date around the month name at `i`: D M Y, M D Y, M Y or Y M D.
    fn word_date(&self, i: usize) -> Option<(Cal, Day)> {
        let (cal, month, after) = self.month_at(i)?;
        let f = self.next_sig(after)?;
        let (fv, flen) = self.num(f)?;
        let back = self.prev_sig(i).and_then(|b| self.num(b));
        let (year, day, year_at) = match flen {
            4 => (fv, back.filter(|b| b.1 <= 2).map_or(1, |b| b.0), f),
            1 | 2 => match (self.next_sig(f + 1).map(|g| (g, self.num(g))), back) {
                (Some((g, Some((gv, 4)))), _) => (gv, fv, g),
                (_, Some((bv, 4))) => (bv, fv, f),
                _ => return None,
            },
            _ => return None,
        };
        let day = match cal {
            Cal::Greg if self.hijri_after(year_at) => None,
            Cal::Greg => Day::new(i64::from(year), month, day),
            Cal::Solar => solar(i64::from(year), month, day),
        };
        Some((cal, day?))
    }

    /// A numeric date starting at `i`: Y/M/D, D/M/Y or M/D/Y.
    fn numeric_at(&self, i: usize) -> Option<Day> {
        let Some(
            &[
                Tok::Num(a, al, ae),
                Tok::Sep(s1),
                Tok::Num(b, bl, _),
                Tok::Sep(s2),
                Tok::Num(c, cl, ce),
            ],
        ) = self.toks.get(i..i + 5)
        else {
            return None;
        };
        if s1 != s2 || !matches!(s1, '/' | '.' | '-') || self.hijri_after(i + 4) {
            return None;
        }
        let (year, east, day) = if al == 4 && bl <= 2 && cl <= 2 {
            (a, ae, Day::new(i64::from(a), b, c))
        } else if cl == 4 && al <= 2 && bl <= 2 {
            let (d, m) = if self.mdy { (b, a) } else { (a, b) };
            (
                c,
                ce,
                Day::new(i64::from(c), m, d).or_else(|| Day::new(i64::from(c), d, m)),
            )
        } else {
            return None;
        };
        if east && year < 1600 { None } else { day }
    }

    /// The first Gregorian date in the string, else the first Solar Hijri one.
    fn scan(&self) -> Option<Day> {
        let mut solar = None;
        for (i, t) in self.toks.iter().enumerate() {
            let found = match t {
                Tok::Num(..) => self.numeric_at(i).map(|d| (Cal::Greg, d)),
                Tok::Word(..) => self.word_date(i),
                Tok::Sep(_) => None,
            };
            match found {
                Some((Cal::Greg, d)) => return Some(d),
                Some((Cal::Solar, d)) => _ = solar.get_or_insert(d),
                None => {}
            }
        }
        solar
    }

    /// A whole string that is only a year (`٢٠١٩`, `2019 م`) or a year and
    /// a month (`2019/02`, `02/2019`).
    fn whole(&self) -> Option<Day> {
        let mut t = self.toks.as_slice();
        loop {
            match t {
                [Tok::Sep(_), rest @ ..] | [rest @ .., Tok::Sep(_)] => t = rest,
                [rest @ .., Tok::Word(Some(Kind::Era))] => t = rest,
                _ => break,
            }
        }
        let (year, month, east) = match *t {
            [Tok::Num(y, 4, east)] => (y, 1, east),
            [
                Tok::Num(y, 4, east),
                Tok::Sep('/' | '.' | '-'),
                Tok::Num(m, 1 | 2, _),
            ]
            | [
                Tok::Num(m, 1 | 2, _),
                Tok::Sep('/' | '.' | '-'),
                Tok::Num(y, 4, east),
            ] => (y, m, east),
            _ => return None,
        };
        if east && year < 1600 {
            None
        } else {
            Day::new(i64::from(year), month, 1)
        }
    }
}

/// Days since 1970-01-01 of 1 Farvardin of Solar Hijri year `jy`
/// (Borkowski's arithmetic; defined for years -61 to 3177).
fn nowruz(jy: i64) -> Option<i64> {
    /// Years at which the 33-year leap pattern restarts.
    const BREAKS: [i64; 20] = [
        -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
        2394, 2456, 3178,
    ];
    if !(BREAKS[0]..BREAKS[19]).contains(&jy) {
        return None;
    }
    let (mut leap_j, mut start, mut jump) = (-14, BREAKS[0], 0);
    for &b in &BREAKS[1..] {
        jump = b - start;
        if jy < b {
            break;
        }
        leap_j += jump / 33 * 8 + jump % 33 / 4;
        start = b;
    }
    let n = jy - start;
    leap_j += n / 33 * 8 + (n % 33 + 3) / 4 + i64::from(jump % 33 == 4 && jump - n == 4);
    let gy = jy + 621;
    let leap_g = gy / 4 - (gy / 100 + 1) * 3 / 4 - 150;
    Some(ymd(gy, 3, 1).days() + 19 + leap_j - leap_g)
}

/// The Gregorian date of a Solar Hijri date, if it exists and lands in 1000–2999.
fn solar(jy: i64, jm: u32, jd: u32) -> Option<Day> {
    let month_len = if jm <= 6 { 31 } else { 30 };
    if !(1..=12).contains(&jm) || !(1..=month_len).contains(&jd) {
        return None;
    }
    let (m, d) = (i64::from(jm), i64::from(jd));
    let days = nowruz(jy)? + (m - 1) * 31 - m / 7 * (m - 7) + d - 1;
    if days >= nowruz(jy + 1)? {
        return None; // 30 Esfand of a common year
    }
    let day = Day::from_days(days);
    (1000..=2999).contains(&day.year).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Days since 1970 of a date.
    fn n(year: i64, month: u32, day: u32) -> i64 {
        ymd(year, month, day).days()
    }

    /// Checks lines `expected: input | input…` (expected: ISO date, or `-` for None).
    fn check(table: &str) {
        for line in table.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (want, inputs) = line.split_once(": ").expect(line);
            for input in inputs.split(" | ") {
                let got = parse(input).map(Day::iso);
                assert_eq!(got.as_deref(), Some(want).filter(|w| *w != "-"), "{input}");
            }
        }
    }

    #[test]
    fn day_numbers_match_date_command() {
        // From `date -u -d DATE +%s` / 86400.
        for (y, m, d, days) in [
            (1970, 1, 1, 0),
            (2000, 3, 1, 11017),
            (2019, 2, 7, 17934),
            (1900, 1, 1, -25567),
            (2100, 12, 31, 47846),
            (2019, 3, 21, 17976),
            (1000, 1, 1, -354_285),
            (2999, 12, 31, 376_199),
            (1969, 12, 31, -1),
        ] {
            assert_eq!(ymd(y, m, d).days(), days, "{y}-{m}-{d}");
            assert_eq!(Day::from_days(days), ymd(y, m, d));
        }
        assert_eq!(Day::from_days(17934).iso(), "2019-02-07");
        assert_eq!(Day::from_days(-354_285).iso(), "1000-01-01");
        let _ = (Day::from_days(i64::MIN), Day::from_days(i64::MAX));
    }

    #[test]
    fn round_trip_1900_to_2100() {
        let mut prev = n(1899, 12, 31);
        for year in 1900..=2100 {
            for month in 1..=12 {
                for day in 1..=month_len(year, month) {
                    let x = ymd(year, month, day);
                    assert_eq!(x.days(), prev + 1, "{x:?}");
                    assert_eq!(Day::from_days(x.days()), x);
                    assert!(Day::from_days(prev) < x);
                    prev = x.days();
                }
            }
        }
        assert_eq!(prev, 47846);
    }

    #[test]
    fn iso_and_machine_forms() {
        check(
            "2019-02-07: 2019-02-07 | 2019-02-07T10:20:30Z | 2019-02-07T10:20:30+03:00
            2019-02-07: 2019-02-07T23:59:59-11:00 | 2019-02-07 10:20:30 | 20190207 | 2019/02/07
            2019-02-07: 2019.02.07 | 2019-2-7 | 2019-02-07x | ٢٠١٩-٠٢-٠٧ | ۲۰۱۹/۰۲/۰۷
            2019-02-01: 2019-02 | 2019/02 | 02/2019
            2019-01-01: 2019 | ٢٠١٩ | 2019 م
            2019-02-07: Published: 07.02.2019 10:20 | آخر تحديث: 2019-02-07 10:20 | 2019_02_07: 2019-02-07
            2000-02-29: 2000-02-29
            2020-02-29: 2020-02-29T00:00:00Z
            -: 2019-02-29 | 1900-02-29 | 2019-13 | 2019-00-10 | 2019-04-31 | 2019-04-31T10:00
            -: 0999 | 3000 | 999 | 20191301 | 12345",
        );
        assert_eq!(parse(" 2019-02-07\n"), Some(ymd(2019, 2, 7)));
        assert_eq!(parse(""), None);
    }

    #[test]
    fn rfc_2822_english_french() {
        check(
            "2019-02-07: Thu, 07 Feb 2019 10:20:30 +0000 | 7 Feb 2019 | 07 Feb 2019 10:20 GMT
            2019-02-07: Thu Feb 07 2019 10:20:30 GMT+0000 | February 7, 2019 | Feb 7, 2019
            2019-02-07: Feb. 7, 2019 | 7 February 2019 | 7th February 2019
            2019-02-07: the 7th of February, 2019 | February 7th, 2019 | FEBRUARY 7, 2019
            2019-02-07: 07-Feb-2019 | 2019-Feb-07 | 7 février 2019
            2008-12-31: Wed, 31 Dec 2008 23:59:59 -0800
            2020-08-01: 1er août 2020
            2019-09-01: September 2019 | 1 Sept 2019
            2021-05-31: May 31, 2021
            2019-03-01: Vol. 3 (Mar. 2019)
            -: 31 Feb 2019 | 7 Feb 19 | February",
        );
    }

    #[test]
    fn numeric_day_first_unless_impossible() {
        check(
            "2019-02-07: 07/02/2019 | 7.2.2019 | 7-2-2019 | ٠٧/٠٢/٢٠١٩ | ٧؍٢؍٢٠١٩
            2019-02-13: 02/13/2019 | 13/02/2019
            2019-11-12: 12/11/2019
            -: ٧،٢،٢٠١٩ | 13/13/2019 | 07/02-2019 | 07/02/19 | 10:20:30",
        );
    }

    #[test]
    fn declared_order_of_numeric_dates() {
        let mdy = |s| parse_ordered(s, DayOrder::Mdy).map(Day::iso);
        assert_eq!(mdy("02/07/2019").as_deref(), Some("2019-02-07"));
        assert_eq!(mdy("13/02/2019").as_deref(), Some("2019-02-13"));
        assert_eq!(mdy("2019/02/07").as_deref(), Some("2019-02-07"));
        assert_eq!(mdy("7 Feb 2019").as_deref(), Some("2019-02-07"));
        assert_eq!(mdy("2019-02-07T10:00Z").as_deref(), Some("2019-02-07"));
        for order in [DayOrder::Dmy, DayOrder::Ymd, DayOrder::default()] {
            assert_eq!(parse_ordered("02/07/2019", order), Some(ymd(2019, 7, 2)));
            assert_eq!(parse_ordered("2019/02/07", order), Some(ymd(2019, 2, 7)));
        }
    }

    #[test]
    fn arabic_month_names() {
        check(
            "2019-02-07: 7 فبراير 2019 | ٧ فبراير ٢٠١٩ | الخميس 7 فبراير 2019
            2019-02-07: الخميس، 7 فبراير/شباط 2019 | الخميس، ٧ شباط (فبراير) ٢٠١٩
            2019-02-07: 7 فبراير 2019م | 7 فبراير 2019 م | 7 فبراير، 2019
            2019-02-07: 7 فبراير 2019 - 10:20 | \u{200F}7 فَبْرَايِر 2019 | 7 فبرايـــر 2019
            2019-02-07: 7 شباط 2019 | 7 فيفري 2019
            2019-02-01: فبراير 2019
            2020-01-01: 1 يناير 2020 | 1 كانون الثاني 2020 | 1 كانون الثانى 2020 | 1 جانفي 2020
            2020-03-03: 3 آذار 2020 | 3 اذار 2020 | 3 مارس 2020
            2020-04-05: 5 إبريل 2020 | 5 ابريل 2020 | 5 نيسان 2020 | 5 أفريل 2020
            2020-05-06: 6 مايو 2020 | 6 أيار 2020 | 6 ماي 2020
            2020-06-08: 8 يونيو 2020 | 8 يونيه 2020 | 8 حزيران 2020 | 8 جوان 2020
            2020-07-09: 9 يوليه 2020 | 9 تموز 2020 | 9 جويلية 2020 | 9 جويليه 2020
            2020-07-09: 9 يوليوز 2020
            2020-08-10: 10 آب 2020 | 10 اب 2020 | 10 أغسطس 2020 | 10 أوت 2020 | 10 غشت 2020
            2020-09-11: 11 أيلول 2020 | 11 سبتمبر 2020 | 11 شتنبر 2020
            2020-10-12: 12 تشرين الأول 2020 | 12 تشرين الاول 2020 | 12 اكتوبر 2020
            2020-11-13: 13 تشرين الثاني 2020 | 13 نوفمبر 2020 | 13 نونبر 2020
            2020-12-14: 14 كانون الأول 2020 | 14 دجنبر 2020 | 14 ديسمبر 2020
            2020-12-01: كانون الأول 2020
            -: 7 تشرين 2019 | 30 شباط 2019 | والد 7 أب",
        );
    }

    #[test]
    fn persian_and_hebrew_gregorian_names() {
        check(
            "2019-02-07: ۷ فوریه ۲۰۱۹ | 7 בפברואר 2019 | ה-7 בפברואר 2019
            2020-01-01: ۱ ژانویه ۲۰۲۰
            2020-04-05: ۵ آوریل ۲۰۲۰
            2020-05-03: ۳ مه ۲۰۲۰
            2020-06-21: ۲۱ ژوئن ۲۰۲۰
            2020-07-21: ۲۱ ژوئیه ۲۰۲۰
            2020-08-10: ۱۰ اوت ۲۰۲۰
            2020-10-03: ۳ اکتبر ۲۰۲۰
            2020-03-01: 1 במרץ 2020 | 1 במרס 2020
            2020-12-01: דצמבר 2020",
        );
    }

    #[test]
    fn hijri_and_hebrew_calendar_dates_are_not_read() {
        check(
            "-: 2 جمادى الآخرة 1440 هـ | الخميس 2 جمادى الآخرة 1440 | 1 رمضان 1440
            -: 15 ذو الحجة 1440 هجرية | 10 محرم 1441هـ | 1440 هـ | 02/06/1440 هـ | 1440/06/02هـ
            -: 02/06/1440 AH | ١٤٤٠/٠٦/٠٢ | ٢/٦/١٤٤٠ | ۱۳۹۷/۱۱/۱۸ | ב' באדר א' תשע\"ט
            -: 7 באדר 5779
            2019-02-07: الخميس 2 جمادى الآخرة 1440 هـ - 7 فبراير 2019 م
            2019-02-07: 02/06/1440هـ الموافق 07/02/2019م
            2019-02-07: ٢ جمادى الثانية ١٤٤٠ه\u{200D}ـ ٧ شباط ٢٠١٩",
        );
    }

    #[test]
    fn solar_hijri_dates() {
        // Checked against ICU's Persian calendar (Node's Intl, ICU 78).
        check(
            "2019-02-07: ۱۸ بهمن ۱۳۹۷ | ۱۸ بهمن ۱۳۹۷ ه.ش | ۱۷ بهمن ۱۳۹۷ (۷ فوریه ۲۰۱۹)
            2019-03-21: 1 فروردین 1398
            2019-03-20: ۲۹ اسفند ۱۳۹۷
            -: ۳۰ اسفند ۱۳۹۷ | ۳۱ مهر ۱۳۹۷
            2021-03-20: ۳۰ اسفند ۱۳۹۹
            2025-03-20: 30 اسفند 1403
            2018-11-28: 7 آذر 1397
            2019-01-08: ۱۸ دی ماه ۱۳۹۷
            2019-01-21: بهمن ۱۳۹۷",
        );
        // 1 Farvardin from ICU; ICU and this arithmetic agree for 1179–1679
        // except 1503 and 1602, where the two algorithms differ by a day.
        for (jy, (y, m, d)) in [
            (1300, (1921, 3, 21)),
            (1354, (1975, 3, 21)),
            (1375, (1996, 3, 20)),
            (1399, (2020, 3, 20)),
            (1400, (2021, 3, 21)),
            (1403, (2024, 3, 20)),
            (1404, (2025, 3, 21)),
            (1450, (2071, 3, 21)),
            (1600, (2221, 3, 21)),
        ] {
            assert_eq!(nowruz(jy), Some(n(y, m, d)), "{jy}");
        }
    }

    #[test]
    fn periods() {
        let cases = [
            ("2019-02", n(2019, 2, 1)..n(2019, 3, 1)),
            ("2019/02", n(2019, 2, 1)..n(2019, 3, 1)),
            ("2019-12", n(2019, 12, 1)..n(2020, 1, 1)),
            ("2019", n(2019, 1, 1)..n(2020, 1, 1)),
            ("2019-02-07", 17934..17935),
            ("2019-01..2019-03", n(2019, 1, 1)..n(2019, 4, 1)),
            (" 2019-01 .. 2019-03 ", n(2019, 1, 1)..n(2019, 4, 1)),
            ("2019-01-15..2019-02-03", n(2019, 1, 15)..n(2019, 2, 4)),
            ("2019/01/15..2019/02/03", n(2019, 1, 15)..n(2019, 2, 4)),
            ("2018..2019", n(2018, 1, 1)..n(2020, 1, 1)),
            ("2019-02-07..2019-02-07", 17934..17935),
            ("..2019-03", i64::MIN..n(2019, 4, 1)),
            ("2019-01..", n(2019, 1, 1)..i64::MAX),
            ("2020-02-29", n(2020, 2, 29)..n(2020, 3, 1)),
        ];
        for (s, want) in cases {
            assert_eq!(period(s), Some(want), "{s}");
        }
        for bad in [
            "abc",
            "2019-13",
            "2019-02-30",
            "..",
            "",
            "19",
            "2019-",
            "2019-02-07-01",
            "2019-03..2019-01",
            "2019...2020",
            "2019-1x",
            "20190207",
            "2019-02-07T10",
            "1 2019",
            "2019-00",
            "2019-02-00",
        ] {
            assert_eq!(period(bad), None, "{bad}");
        }
    }

    #[test]
    fn word_table_has_no_collisions() {
        let names = GREGORIAN
            .iter()
            .chain([&SOLAR])
            .chain(OTHER_WORDS.iter().map(|w| &w.0));
        let mut seen: Vec<String> = names.flat_map(|l| l.split(' ')).map(folded).collect();
        let count = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), count);
        assert_eq!(kind("فبراير"), Some(Kind::Month(Cal::Greg, 2)));
        assert_eq!(kind(&folded("أبريل")), kind("ابريل"));
        assert_eq!(kind("בפברואר"), Some(Kind::Month(Cal::Greg, 2)));
        assert_eq!(kind("ه"), Some(Kind::Hijri));
        assert_eq!(kind(&folded("آذر")), Some(Kind::Month(Cal::Solar, 9)));
        assert_eq!(kind(&folded("آذار")), Some(Kind::Month(Cal::Greg, 3)));
    }

    #[test]
    fn garbage_never_panics_and_results_are_valid() {
        let alphabet: Vec<char> =
            "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ /.-,:،؍T+ZمهـفبرايشطآذتكنونالثيבפרואaxFebMyبهمن\
            \u{640}\u{64E}\u{200F}\u{5B8}😀\u{0}éİ"
                .chars()
                .collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..50_000 {
            let len = (next() % 24) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            if let Some(x) = parse(&s) {
                assert!((1000..=2999).contains(&x.year), "{s}");
                assert_eq!(Day::from_days(x.days()), x, "{s}");
            }
            if let Some(r) = period(&s) {
                assert!(r.start < r.end, "{s}");
            }
        }
        assert_eq!(
            parse(&"7 فبراير 99999999999999999999 ".repeat(20_000)),
            None
        );
        assert_eq!(parse(&"x".repeat(100_000)), None);
        assert_eq!(parse(&("٣".repeat(5000) + "/2/2019")), None);
        assert_eq!(
            parse(&format!("{} 7 Feb 2019", "، ".repeat(10_000))),
            Some(ymd(2019, 2, 7))
        );
        assert_eq!(period(&"9".repeat(10_000)), None);
    }
}
