//! Writes a deterministic synthetic Arabic corpus for the search
//! benchmarks: N articles made of the sample's sentences, shuffled, of
//! varied lengths (about 3.5 KB on average, so 100,000 articles ≈ 350 MB).
//!
//! ```text
//! cargo run --release --example gen_corpus -- N OUT_DIR [--per-file K] [--txt] [--seed S] [--encoding LABEL] [--zipf] [--gz] [--csv] [--parquet]
//! ```
//!
//! JSON Lines files of K articles each (default 1,000) with `id`, `title`
//! and `text`; `--txt` writes one `.txt` file per article instead.
//! `--encoding windows-1256` writes the files in that encoding instead of
//! UTF-8 (characters it lacks become `&#N;`, as encoding_rs writes them).
//! The same arguments always give the same bytes. Generated corpora are
//! never committed.
//!
//! `--zipf` writes text of a synthetic news language instead of the
//! sample's sentences, for scale benchmarks (issue 14): words drawn with
//! Zipf's law (exponent 1.07) from a vocabulary of about 860,000 word forms
//! made the way Arabic makes them (triliteral roots put into patterns, then
//! proclitics and suffixes: و ف ب ل ال وال بال لل …), the commonest
//! function words first, digits, Latin names and dates among them; each
//! article has a `date` and a `source` (JSON Lines fields; with `--txt`,
//! folders `SOURCE/YEAR/MONTH/`). `--gz` compresses each JSON Lines file
//! (`.jsonl.gz`); `--csv` writes CSV files (`id,title,date,source,text`,
//! RFC 4180 quoting) of the same articles instead (issue 15), `--parquet`
//! Parquet files (snappy pages, row groups of 20,000 rows; `date` a
//! `DATE` column) with the parquet crate. At the end
//! it prints how many distinct word forms the corpus holds.

use std::io::Write;
use std::path::PathBuf;

/// SplitMix64: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn sentences() -> Vec<String> {
    let mut out = Vec::new();
    for (_, bytes) in qari::sample::FILES {
        let text = String::from_utf8_lossy(bytes);
        for line in text.lines() {
            let mut cur = String::new();
            for c in line.chars() {
                cur.push(c);
                if matches!(c, '.' | '!' | '?' | '؟' | '؛') {
                    push_sentence(&mut out, &cur);
                    cur.clear();
                }
            }
            push_sentence(&mut out, &cur);
        }
    }
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.trim();
    // Sentences with some Arabic, not residue.
    if s.chars().count() >= 25
        && s.chars()
            .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
            .count()
            >= 15
    {
        out.push(s.to_owned());
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus N OUT_DIR [--per-file K] [--txt] [--seed S] [--encoding LABEL] [--zipf] [--gz] [--csv] [--parquet]";
    let n: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .ok_or_else(|| std::io::Error::other(usage))?;
    let out = PathBuf::from(args.get(1).ok_or_else(|| std::io::Error::other(usage))?);
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let per_file = flag("--per-file").unwrap_or(1000).max(1) as usize;
    let seed = flag("--seed").unwrap_or(42);
    let txt = args.iter().any(|a| a == "--txt");
    if args.iter().any(|a| a == "--zipf") {
        let gz = args.iter().any(|a| a == "--gz");
        let csv = args.iter().any(|a| a == "--csv");
        if args.iter().any(|a| a == "--parquet") {
            return zipf::write_parquet(n, &out, per_file, seed);
        }
        return zipf::write(n, &out, per_file, seed, txt, gz, csv);
    }
    let encoding = match args.iter().position(|a| a == "--encoding") {
        Some(i) => {
            let label = args
                .get(i + 1)
                .ok_or_else(|| std::io::Error::other(usage))?;
            encoding_rs::Encoding::for_label(label.as_bytes())
                .ok_or_else(|| std::io::Error::other(format!("unknown encoding {label}")))?
        }
        None => encoding_rs::UTF_8,
    };
    // Text in the output encoding.
    let encode = |s: &str| -> Vec<u8> { encoding.encode(s).0.into_owned() };
    let pool = sentences();
    std::fs::create_dir_all(&out)?;
    let mut rng = Rng(seed);
    let mut bytes = 0usize;
    let mut file: Option<std::io::BufWriter<std::fs::File>> = None;
    for i in 0..n {
        // Lengths from 2 to 24 sentences, most around 13.
        let k = 2 + (rng.below(12) + rng.below(12));
        let title = &pool[rng.below(pool.len())];
        let mut text = String::with_capacity(4096);
        text.push_str(title);
        text.push('\n');
        for j in 0..k {
            let s = &pool[rng.below(pool.len())];
            text.push_str(s);
            // Paragraphs of 1 to 5 sentences.
            text.push(if j % 5 == 4 || rng.below(4) == 0 {
                '\n'
            } else {
                ' '
            });
        }
        bytes += text.len();
        if txt {
            let dir = out.join(format!("{:03}", i / 1000));
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join(format!("a{i:07}.txt")), encode(&text))?;
        } else {
            if i % per_file == 0 {
                if let Some(mut f) = file.take() {
                    f.flush()?;
                }
                let path = out.join(format!("part-{:05}.jsonl", i / per_file));
                file = Some(std::io::BufWriter::new(std::fs::File::create(path)?));
            }
            if let Some(f) = file.as_mut() {
                let rec = serde_json::json!({
                    "id": format!("a{i:07}"),
                    "title": title,
                    "text": text,
                });
                let mut line = serde_json::to_string(&rec)?;
                line.push('\n');
                f.write_all(&encode(&line))?;
            }
        }
    }
    if let Some(mut f) = file.take() {
        f.flush()?;
    }
    eprintln!(
        "{n} articles, {:.1} MB of text, in {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}

/// The synthetic news language of `--zipf`.
mod zipf {
    use std::collections::HashSet;
    use std::io::Write;
    use std::path::Path;

    use super::Rng;

    /// Consonants roots are made of.
    const CONSONANTS: &[char] = &[
        'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ',
        'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي',
    ];

    /// Patterns: 1, 2, 3 stand for the root's consonants.
    const PATTERNS: &[&str] = &[
        "123",
        "1ا23",
        "م12و3",
        "ت12ي3",
        "است123",
        "1ا2ي3",
        "م1ا23",
        "12ا3",
        "ا12ا3",
        "م123",
        "ت1ا23",
        "1ا23ة",
        "12ي3",
        "م12ّ3",
        "ي123",
        "ت123",
        "ن123",
        "1ا2و3",
        "م1ا2ي3",
        "12و3",
    ];

    /// Proclitics and suffixes, commonest first.
    const PREFIXES: &[&str] = &[
        "", "ال", "و", "وال", "بال", "لل", "ب", "ل", "ف", "فال", "كال", "س",
    ];
    const SUFFIXES: &[&str] = &["", "ة", "ات", "ين", "ون", "ه", "ها", "هم", "يا", "ية"];

    /// The commonest words of news Arabic, ranked first.
    const FUNCTION: &[&str] = &[
        "في",
        "من",
        "على",
        "إلى",
        "أن",
        "عن",
        "التي",
        "الذي",
        "مع",
        "هذا",
        "هذه",
        "بعد",
        "قبل",
        "كان",
        "قال",
        "لم",
        "لا",
        "ما",
        "أو",
        "حيث",
        "بين",
        "كما",
        "وقال",
        "إن",
        "ذلك",
        "خلال",
        "منذ",
        "عند",
        "حتى",
        "غير",
        "أي",
        "كل",
        "وفي",
        "ومن",
        "وقد",
        "قد",
        "أنه",
        "عام",
        "يوم",
        "الذين",
    ];

    /// Names in Latin letters that news carries.
    const LATIN: &[&str] = &[
        "Reuters",
        "AFP",
        "BBC",
        "The Guardian",
        "CNN",
        "Al Jazeera",
        "UN",
        "NATO",
        "EU",
        "Twitter",
        "Facebook",
        "OPEC",
    ];

    const SOURCES: &[&str] = &[
        "alquds",
        "almasry",
        "alhayat",
        "annahar",
        "asharq",
        "aljazeera",
        "bbc-arabic",
        "france24",
        "rt-arabic",
        "skynews",
        "alarabiya",
        "alahram",
        "alwatan",
        "alrai",
        "addustour",
        "elkhabar",
        "hespress",
        "alayam",
        "alqabas",
        "okaz",
    ];

    /// Roots used: 800 roots × 20 patterns × 54 clitic forms ≈ 860,000
    /// word forms.
    const ROOTS: usize = 800;

    /// A vocabulary in rank order, and the cumulative Zipf weights.
    struct Vocabulary {
        words: Vec<String>,
        cumulative: Vec<f64>,
    }

    impl Vocabulary {
        fn new(seed: u64) -> Self {
            let mut rng = Rng(seed ^ 0x5EED_0FA4_AB1C);
            let mut seen = HashSet::new();
            let mut roots = Vec::with_capacity(ROOTS);
            while roots.len() < ROOTS {
                let r: Vec<char> = (0..3)
                    .map(|_| CONSONANTS[rng.below(CONSONANTS.len())])
                    .collect();
                if r[0] != r[1] && seen.insert(r.clone()) {
                    roots.push(r);
                }
            }
            let mut stems = Vec::new();
            for r in &roots {
                for p in PATTERNS {
                    let stem: String = p
                        .chars()
                        .map(|c| match c {
                            '1' => r[0],
                            '2' => r[1],
                            '3' => r[2],
                            c => c,
                        })
                        .collect();
                    stems.push(stem);
                }
            }
            // Shuffle the stems (a stem's rank is random), then give each
            // its clitic forms, commonest first.
            for i in (1..stems.len()).rev() {
                let j = rng.below(i + 1);
                stems.swap(i, j);
            }
            let mut words: Vec<String> = FUNCTION.iter().map(|w| (*w).to_owned()).collect();
            let mut forms = HashSet::with_capacity(stems.len() * 10);
            forms.extend(words.iter().cloned());
            for stem in &stems {
                for pre in PREFIXES {
                    for suf in SUFFIXES.iter().take(if pre.is_empty() { 10 } else { 4 }) {
                        let w = format!("{pre}{stem}{suf}");
                        if forms.insert(w.clone()) {
                            words.push(w);
                        }
                    }
                }
            }
            // The clitic forms of one stem are spread over the ranks: a
            // rank's word is a random form, so that stems common and rare
            // both appear with prefixes, as in real text.
            let head = FUNCTION.len();
            for i in (head + 1..words.len()).rev() {
                let j = head + rng.below(i + 1 - head);
                words.swap(i, j);
            }
            let mut cumulative = Vec::with_capacity(words.len());
            let mut sum = 0.0;
            for rank in 1..=words.len() {
                sum += 1.0 / (rank as f64).powf(1.07);
                cumulative.push(sum);
            }
            Self { words, cumulative }
        }

        fn word(&self, rng: &mut Rng) -> &str {
            let total = self.cumulative.last().copied().unwrap_or(1.0);
            let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
            let i = self.cumulative.partition_point(|&c| c < x);
            &self.words[i.min(self.words.len() - 1)]
        }
    }

    fn sentence(v: &Vocabulary, rng: &mut Rng, words: &mut HashSet<String>, out: &mut String) {
        let n = 6 + rng.below(10) + rng.below(10);
        for k in 0..n {
            if k > 0 {
                out.push(if rng.below(12) == 0 { '،' } else { ' ' });
                if out.ends_with('،') {
                    out.push(' ');
                }
            }
            match rng.below(60) {
                0 => out.push_str(LATIN[rng.below(LATIN.len())]),
                1 => out.push_str(&(rng.below(3000) + 1).to_string()),
                _ => {
                    let w = v.word(rng);
                    if !words.contains(w) {
                        words.insert(w.to_owned());
                    }
                    out.push_str(w);
                }
            }
        }
        out.push('.');
    }

    /// The `--zipf` articles as Parquet files of `per_file` rows.
    pub(super) fn write_parquet(
        n: usize,
        out: &Path,
        per_file: usize,
        seed: u64,
    ) -> std::io::Result<()> {
        use parquet::data_type::{ByteArray, ByteArrayType, Int32Type};
        use parquet::file::properties::WriterProperties;
        use parquet::file::writer::SerializedFileWriter;
        use std::sync::Arc;
        const GROUP: usize = 20_000;
        let v = Vocabulary::new(seed);
        let mut rng = Rng(seed);
        let mut distinct = HashSet::new();
        std::fs::create_dir_all(out)?;
        let schema = Arc::new(
            parquet::schema::parser::parse_message_type(
                "message news { REQUIRED BYTE_ARRAY id (UTF8); REQUIRED BYTE_ARRAY title (UTF8); \
                 REQUIRED INT32 date (DATE); REQUIRED BYTE_ARRAY source (UTF8); \
                 REQUIRED BYTE_ARRAY text (UTF8); }",
            )
            .map_err(std::io::Error::other)?,
        );
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(parquet::basic::Compression::SNAPPY)
                .build(),
        );
        let mut bytes = 0usize;
        let mut i = 0;
        while i < n {
            let part = i / per_file;
            let file = std::fs::File::create(out.join(format!("part-{part:05}.parquet")))?;
            let mut w = SerializedFileWriter::new(file, schema.clone(), props.clone())
                .map_err(std::io::Error::other)?;
            let end = (i + per_file).min(n);
            while i < end {
                let stop = (i + GROUP).min(end);
                let mut cols: [Vec<ByteArray>; 4] = Default::default();
                let mut dates: Vec<i32> = Vec::new();
                for j in i..stop {
                    let a = article(&v, &mut rng, &mut distinct, j);
                    bytes += a.text.len();
                    cols[0].push(ByteArray::from(a.id.as_str()));
                    cols[1].push(ByteArray::from(a.title.as_str()));
                    cols[2].push(ByteArray::from(a.source));
                    cols[3].push(ByteArray::from(a.text.as_str()));
                    dates.push(a.days);
                }
                let mut rg = w.next_row_group().map_err(std::io::Error::other)?;
                let mut k = 0;
                while let Some(mut col) = rg.next_column().map_err(std::io::Error::other)? {
                    let r = match k {
                        0 => col
                            .typed::<ByteArrayType>()
                            .write_batch(&cols[0], None, None),
                        1 => col
                            .typed::<ByteArrayType>()
                            .write_batch(&cols[1], None, None),
                        2 => col.typed::<Int32Type>().write_batch(&dates, None, None),
                        3 => col
                            .typed::<ByteArrayType>()
                            .write_batch(&cols[2], None, None),
                        _ => col
                            .typed::<ByteArrayType>()
                            .write_batch(&cols[3], None, None),
                    };
                    r.map_err(std::io::Error::other)?;
                    col.close().map_err(std::io::Error::other)?;
                    k += 1;
                }
                rg.close().map_err(std::io::Error::other)?;
                i = stop;
            }
            w.close().map_err(std::io::Error::other)?;
        }
        eprintln!(
            "{n} articles, {:.1} MB of text, {} distinct word forms, in {}",
            bytes as f64 / 1e6,
            distinct.len(),
            out.display()
        );
        Ok(())
    }

    /// One generated article.
    struct Article {
        id: String,
        title: String,
        source: &'static str,
        date: String,
        /// The date in days since 1970-01-01.
        days: i32,
        text: String,
    }

    /// Article `i`: drawn from `rng` exactly as `write` draws it.
    fn article(v: &Vocabulary, rng: &mut Rng, distinct: &mut HashSet<String>, i: usize) -> Article {
        let mut title = String::new();
        sentence(v, rng, distinct, &mut title);
        title.pop();
        let source = SOURCES[(rng.below(SOURCES.len()) * rng.below(SOURCES.len())) / SOURCES.len()];
        let day = rng.below(16 * 365);
        let (year, month, dom) = (2010 + day / 365, 1 + (day % 365) / 31 % 12, 1 + day % 28);
        let date = format!("{year}-{month:02}-{dom:02}");
        let mut text = String::with_capacity(4096);
        text.push_str(&title);
        text.push('\n');
        let paragraphs = 2 + rng.below(5) + rng.below(5);
        for _ in 0..paragraphs {
            for s in 0..1 + rng.below(4) {
                if s > 0 {
                    text.push(' ');
                }
                sentence(v, rng, distinct, &mut text);
            }
            text.push('\n');
        }
        Article {
            id: format!("a{i:07}"),
            title,
            source,
            days: days_from_civil(year as i64, month as i64, dom as i64) as i32,
            date,
            text,
        }
    }

    /// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's
    /// algorithm).
    fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub(super) fn write(
        n: usize,
        out: &Path,
        per_file: usize,
        seed: u64,
        txt: bool,
        gz: bool,
        csv: bool,
    ) -> std::io::Result<()> {
        let v = Vocabulary::new(seed);
        let mut rng = Rng(seed);
        let mut distinct = HashSet::new();
        std::fs::create_dir_all(out)?;
        let mut bytes = 0usize;
        let mut file: Option<Box<dyn Write>> = None;
        for i in 0..n {
            let Article {
                id,
                title,
                source,
                date,
                text,
                ..
            } = article(&v, &mut rng, &mut distinct, i);
            let year = &date[..4];
            let month = &date[5..7];
            bytes += text.len();
            if txt {
                let dir = out.join(source).join(year).join(month);
                std::fs::create_dir_all(&dir)?;
                std::fs::write(dir.join(format!("{id}.txt")), &text)?;
                continue;
            }
            if i % per_file == 0 {
                if let Some(mut f) = file.take() {
                    f.flush()?;
                }
                let part = i / per_file;
                let path = out.join(match (csv, gz) {
                    (true, true) => format!("part-{part:05}.csv.gz"),
                    (true, false) => format!("part-{part:05}.csv"),
                    (false, true) => format!("part-{part:05}.jsonl.gz"),
                    (false, false) => format!("part-{part:05}.jsonl"),
                });
                let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
                if csv && !gz {
                    w.write_all(b"id,title,date,source,text\n")?;
                }
                file = Some(if gz {
                    let mut g = flate2::write::GzEncoder::new(w, flate2::Compression::fast());
                    if csv {
                        g.write_all(b"id,title,date,source,text\n")?;
                    }
                    Box::new(g)
                } else {
                    Box::new(w)
                });
            }
            if csv {
                if let Some(f) = file.as_mut() {
                    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                    let line = format!("{id},{},{date},{},{}\n", q(&title), q(source), q(&text));
                    f.write_all(line.as_bytes())?;
                }
                continue;
            }
            if let Some(f) = file.as_mut() {
                let rec = serde_json::json!({
                    "id": id,
                    "title": title,
                    "date": date,
                    "source": source,
                    "text": text,
                });
                let mut line = serde_json::to_string(&rec)?;
                line.push('\n');
                f.write_all(line.as_bytes())?;
            }
        }
        if let Some(mut f) = file.take() {
            f.flush()?;
        }
        eprintln!(
            "{n} articles, {:.1} MB of text, {} distinct word forms ({} in the vocabulary), in {}",
            bytes as f64 / 1e6,
            distinct.len(),
            v.words.len(),
            out.display()
        );
        Ok(())
    }
}
