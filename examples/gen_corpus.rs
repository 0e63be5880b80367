//! Writes a deterministic synthetic Arabic corpus for the search
//! benchmarks: N articles made of the sample's sentences, shuffled, of
//! varied lengths (about 3.5 KB on average, so 100,000 articles ≈ 350 MB).
//!
//! ```text
//! cargo run --release --example gen_corpus -- N OUT_DIR [--per-file K] [--txt] [--seed S] [--encoding LABEL]
//! ```
//!
//! JSON Lines files of K articles each (default 1,000) with `id`, `title`
//! and `text`; `--txt` writes one `.txt` file per article instead.
//! `--encoding windows-1256` writes the files in that encoding instead of
//! UTF-8 (characters it lacks become `&#N;`, as encoding_rs writes them).
//! The same arguments always give the same bytes. Generated corpora are
//! never committed.

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
    let usage = "usage: gen_corpus N OUT_DIR [--per-file K] [--txt] [--seed S] [--encoding LABEL]";
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
