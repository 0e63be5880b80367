//! Reading a corpus file safely: only regular files are opened (a FIFO, a
//! socket or a device named `x.txt` is skipped, never read: reading a FIFO
//! blocks until someone writes to it), the open itself never blocks and
//! never makes a terminal qari's controlling terminal, and the bytes are
//! read in pieces so that a binary file is given up at its first NUL byte
//! and an oversized or bomb-like compressed file at its cap, instead of
//! after the whole file is in memory.
//!
//! Compressed files ([`Compression`]: gzip, zstd, xz, bzip2, told by
//! their first bytes, else by the name's last extension `.gz`, `.zst`,
//! `.xz`, `.bz2`) are decompressed by pure-Rust decoders (flate2, ruzstd,
//! lzma-rs, bzip2's Rust port), never by a program.
//!
//! Caps: a file (decompressed) of at most [`MAX_FILE_BYTES`]; a
//! compressed file decompresses to at most [`GZIP_RATIO`] times its
//! compressed size (and never less than [`GZIP_FLOOR`]), which real text
//! never reaches and a "zip bomb" always does.

use std::fs::{File, Metadata};
use std::io::{self, BufRead, Read};
use std::path::Path;

/// How a file is compressed, told by its name's last extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Compression {
    /// Not compressed.
    None,
    /// `.gz` (gzip, concatenated members included).
    Gzip,
    /// `.zst` or `.zstd` (Zstandard, concatenated frames included).
    Zstd,
    /// `.xz` (concatenated streams included).
    Xz,
    /// `.bz2` (bzip2, concatenated streams included).
    Bzip2,
}

impl Compression {
    /// The compression `path`'s name says.
    pub(crate) fn of(path: &Path) -> Self {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("gz") => Self::Gzip,
            Some("zst" | "zstd") => Self::Zstd,
            Some("xz") => Self::Xz,
            Some("bz2") => Self::Bzip2,
            _ => Self::None,
        }
    }

    /// The name without its compression suffix (`a.jsonl.zst` → `a.jsonl`).
    pub(crate) fn strip(name: &str) -> (&str, Self) {
        let c = Self::of(Path::new(name));
        if c == Self::None {
            return (name, c);
        }
        (name.rsplit_once('.').map_or(name, |(n, _)| n), c)
    }

    /// The compression `head` (a file's first bytes) begins with, by its
    /// magic number: what decides how a file is read, whatever its name
    /// says (a gzip file named `.jsonl` is read as gzip; a plain file
    /// named `.gz` fails to decode and is a warning).
    pub(crate) fn sniff(head: &[u8]) -> Self {
        match head {
            [0x1f, 0x8b, ..] => Self::Gzip,
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Self::Zstd,
            [0xfd, b'7', b'z', b'X', b'Z', 0x00, ..] => Self::Xz,
            [
                b'B',
                b'Z',
                b'h',
                b'1'..=b'9',
                0x31,
                0x41,
                0x59,
                0x26,
                0x53,
                0x59,
                ..,
            ] => Self::Bzip2,
            _ => Self::None,
        }
    }

    /// How to read a file whose name says `self` and whose first bytes
    /// are `head`: by its content when that is compressed, else by its
    /// name.
    fn with_head(self, head: &[u8]) -> Self {
        match Self::sniff(head) {
            Self::None => self,
            found => found,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::None => "plain",
            Self::Gzip => "gzip",
            Self::Zstd => "zstd",
            Self::Xz => "xz",
            Self::Bzip2 => "bzip2",
        }
    }
}

/// Largest file read, decompressed: 2 GiB.
pub(crate) const MAX_FILE_BYTES: u64 = 2 << 30;

/// Most a compressed file may expand (real text: 3 to 20 times).
pub(crate) const GZIP_RATIO: u64 = 100;

/// A compressed file may always decompress to this much, whatever its ratio.
pub(crate) const GZIP_FLOOR: u64 = 64 << 20;

/// Bytes read at a time.
const PIECE: u64 = 1 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum Problem {
    /// Not a regular file: a FIFO, a socket, a device, a folder.
    NotRegular(&'static str),
    /// The file holds a NUL byte (and is not UTF-16 with a byte order mark).
    Binary,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// A compressed file that expands more than [`GZIP_RATIO`] times.
    Bomb {
        /// The compressed size.
        compressed: u64,
        /// Where decompression stopped.
        cap: u64,
    },
    /// The system refused.
    Io(io::Error),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotRegular(what) => write!(f, "not a regular file ({what})"),
            Self::Binary => f.write_str("contains NUL bytes (binary, or UTF-16 without a BOM?)"),
            Self::TooLarge => write!(
                f,
                "larger than {} GiB (split it into smaller files)",
                MAX_FILE_BYTES >> 30
            ),
            Self::Bomb { compressed, cap } => write!(
                f,
                "decompresses to more than {} MB from {} KB (over {GZIP_RATIO} times its size: \
                 a zip bomb?); decompression stopped",
                cap / 1_000_000,
                compressed.div_ceil(1000)
            ),
            Self::Io(e) => e.fmt(f),
        }
    }
}

impl From<Problem> for io::Error {
    fn from(p: Problem) -> Self {
        match p {
            Problem::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
        }
    }
}

/// What a file that is not a regular file is, in words; `None` for a
/// regular file.
#[must_use]
pub(crate) fn irregular(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a file")
}

/// Opens `path` for reading if it is a regular file. Its type is checked
/// before opening (opening a device can have effects) and again on the
/// open file (it may have been replaced meanwhile); the open does not
/// block and cannot make a terminal the controlling terminal.
///
/// # Errors
/// Not a regular file, or the system refused.
pub(crate) fn open(path: &Path) -> Result<(File, Metadata), Problem> {
    let before = std::fs::metadata(path).map_err(Problem::Io)?;
    if let Some(what) = irregular(&before) {
        return Err(Problem::NotRegular(what));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path).map_err(Problem::Io)?;
    let meta = file.metadata().map_err(Problem::Io)?;
    if let Some(what) = irregular(&meta) {
        return Err(Problem::NotRegular(what));
    }
    Ok((file, meta))
}

/// Whether `bytes` start with a UTF-16 byte order mark (and not UTF-32's).
#[must_use]
pub(crate) fn utf16_bom(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => false,
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        _ => false,
    }
}

/// The bytes of the regular file at `path` as stored (decompressed, for
/// gzip), read piece by piece: a NUL byte (outside UTF-16 text) or a cap
/// ends the reading at once.
///
/// # Errors
/// See [`Problem`].
pub(crate) fn read_file(path: &Path, compression: Compression) -> Result<Vec<u8>, Problem> {
    read_file_as(path, compression).map(|(bytes, _)| bytes)
}

/// [`read_file`], and the compression the file was read with: its
/// content's ([`Compression::sniff`]) when it is compressed, else its
/// name's (`compression`).
///
/// # Errors
/// See [`Problem`].
pub(crate) fn read_file_as(
    path: &Path,
    compression: Compression,
) -> Result<(Vec<u8>, Compression), Problem> {
    let (file, meta) = open(path)?;
    let mut input = io::BufReader::new(file);
    let kind = compression.with_head(input.fill_buf().map_err(Problem::Io)?);
    read_opened(input, meta.len(), kind, GZIP_FLOOR).map(|b| (b, kind))
}

/// [`read_file`] with another floor for the expansion cap (tests).
#[cfg(test)]
fn read_file_within(path: &Path, compression: Compression, floor: u64) -> Result<Vec<u8>, Problem> {
    let (file, meta) = open(path)?;
    read_opened(io::BufReader::new(file), meta.len(), compression, floor)
}

/// The bytes of an opened file of `len` bytes, read as `compression`.
fn read_opened(
    file: impl Read,
    len: u64,
    compression: Compression,
    floor: u64,
) -> Result<Vec<u8>, Problem> {
    if compression != Compression::None {
        read_compressed(compression, file, len, floor)
    } else {
        if len > MAX_FILE_BYTES {
            return Err(Problem::TooLarge);
        }
        read_capped(file, len, MAX_FILE_BYTES)
    }
}

/// [`read_file`] for bytes already in memory (`raw` as a file holds them).
///
/// # Errors
/// See [`Problem`].
#[cfg(test)]
pub(crate) fn read_slice(raw: &[u8], compression: Compression) -> Result<Vec<u8>, Problem> {
    read_slice_as(raw, compression).map(|(bytes, _)| bytes)
}

/// [`read_slice`], and the compression the bytes were read with (as
/// [`read_file_as`]).
///
/// # Errors
/// See [`Problem`].
pub(crate) fn read_slice_as(
    raw: &[u8],
    compression: Compression,
) -> Result<(Vec<u8>, Compression), Problem> {
    let compression = compression.with_head(raw);
    let len = raw.len() as u64;
    let bytes = if compression != Compression::None {
        read_compressed(compression, raw, len, GZIP_FLOOR)
    } else {
        read_capped(raw, len, MAX_FILE_BYTES)
    }?;
    Ok((bytes, compression))
}

/// Decompresses `compressed` (`len` bytes as stored), stopping at the cap
/// for its size.
fn read_compressed(
    kind: Compression,
    compressed: impl Read,
    len: u64,
    floor: u64,
) -> Result<Vec<u8>, Problem> {
    let cap = len
        .saturating_mul(GZIP_RATIO)
        .clamp(floor.min(MAX_FILE_BYTES), MAX_FILE_BYTES);
    let input = io::BufReader::new(compressed);
    // A decoder that panics on hostile input gives an error, not a crash.
    let read = crate::guard::catching(|| decompress(kind, input, len, cap)).unwrap_or_else(|p| {
        Err(Problem::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} decoder failed: {}",
                kind.name(),
                crate::guard::message(&*p)
            ),
        )))
    });
    read.map_err(|p| match p {
        Problem::TooLarge if cap < MAX_FILE_BYTES => Problem::Bomb {
            compressed: len,
            cap,
        },
        other => other,
    })
}

/// The bytes `input` decompresses to by `kind`, at most `cap`.
fn decompress(
    kind: Compression,
    input: impl io::BufRead,
    len: u64,
    cap: u64,
) -> Result<Vec<u8>, Problem> {
    match kind {
        Compression::None => read_capped(input, len, cap),
        Compression::Gzip => read_capped(flate2::read::MultiGzDecoder::new(input), 0, cap),
        Compression::Bzip2 => read_capped(bzip2::read::MultiBzDecoder::new(input), 0, cap),
        Compression::Zstd => read_capped(ZstdFrames::new(input), 0, cap),
        Compression::Xz => {
            // lzma-rs writes where it is told: into a vector that refuses
            // to grow past the cap; the bytes are then checked as read.
            let mut out = Capped {
                bytes: Vec::new(),
                cap,
                over: false,
            };
            let mut input = input;
            match lzma_rs::xz_decompress(&mut input, &mut out) {
                Ok(()) => read_capped(&out.bytes[..], out.bytes.len() as u64, cap),
                Err(_) if out.over => Err(Problem::TooLarge),
                Err(e) => Err(Problem::Io(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{} data: {e}", kind.name()),
                ))),
            }
        }
    }
}

/// The decompressed bytes of the compressed file `file` (`kind` not
/// [`Compression::None`]), as a stream read from the start: what a record
/// at a known offset of a compressed JSON Lines file is read again from.
/// xz has no streaming decoder here: its file is decompressed whole,
/// within the caps of [`read_file`].
///
/// # Errors
/// The file cannot be read (for xz: as [`read_file`]).
pub(crate) fn decompressing(
    path: &Path,
    file: File,
    kind: Compression,
) -> io::Result<Box<dyn io::BufRead>> {
    let mut input = io::BufReader::new(file);
    let kind = kind.with_head(input.fill_buf()?);
    Ok(match kind {
        Compression::None => Box::new(input),
        Compression::Gzip => Box::new(io::BufReader::new(flate2::read::MultiGzDecoder::new(input))),
        Compression::Bzip2 => Box::new(io::BufReader::new(bzip2::read::MultiBzDecoder::new(input))),
        Compression::Zstd => Box::new(io::BufReader::new(ZstdFrames::new(input))),
        Compression::Xz => Box::new(io::Cursor::new(read_file(path, kind)?)),
    })
}

/// A writer into a vector that fails past `cap` bytes.
struct Capped {
    bytes: Vec<u8>,
    cap: u64,
    /// A write was refused: the cap was reached.
    over: bool,
}

impl io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() as u64 + buf.len() as u64 > self.cap {
            self.over = true;
            return Err(io::Error::other("over the cap"));
        }
        self.bytes
            .try_reserve(buf.len())
            .map_err(|e| io::Error::new(io::ErrorKind::OutOfMemory, e.to_string()))?;
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Zstandard frames one after another (as `zstd` and `pzstd` write them),
/// decoded as one stream.
struct ZstdFrames<R: io::BufRead> {
    input: Option<R>,
    frame: Option<ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>>,
}

impl<R: io::BufRead> ZstdFrames<R> {
    fn new(input: R) -> Self {
        Self {
            input: Some(input),
            frame: None,
        }
    }
}

impl<R: io::BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some(frame) = &mut self.frame {
                let n = frame.read(buf)?;
                if n > 0 || buf.is_empty() {
                    return Ok(n);
                }
                // The frame is done: the next one, if any.
                self.input = self
                    .frame
                    .take()
                    .map(ruzstd::decoding::StreamingDecoder::into_inner);
            }
            let Some(mut input) = self.input.take() else {
                return Ok(0);
            };
            if input.fill_buf()?.is_empty() {
                return Ok(0);
            }
            let frame = ruzstd::decoding::StreamingDecoder::new(input).map_err(|e| {
                io::Error::new(io::ErrorKind::InvalidData, format!("zstd data: {e}"))
            })?;
            self.frame = Some(frame);
        }
    }
}

/// Reads `r` to its end in pieces, `hint` bytes expected, at most `cap`.
fn read_capped(mut r: impl Read, hint: u64, cap: u64) -> Result<Vec<u8>, Problem> {
    // The expected size at once when memory allows (no copies while
    // growing), else grown as read: either way a failed allocation is an
    // error, never an abort.
    let mut bytes = Vec::new();
    let _ = bytes.try_reserve_exact(usize::try_from(hint.min(cap)).unwrap_or(0));
    let mut text16: Option<bool> = None;
    loop {
        let start = bytes.len();
        let n = (&mut r)
            .take(PIECE)
            .read_to_end(&mut bytes)
            .map_err(Problem::Io)?;
        if bytes.len() as u64 > cap {
            return Err(Problem::TooLarge);
        }
        // The byte order mark is known once two bytes are in (or at the end).
        if text16.is_none() && (bytes.len() >= 4 || n == 0) {
            text16 = Some(utf16_bom(&bytes));
        }
        let checked = if text16 == Some(false) {
            // From the start when the kind was just learnt.
            &bytes[if start < 4 { 0 } else { start }..]
        } else {
            &[][..]
        };
        if memchr::memchr(0, checked).is_some() {
            return Err(Problem::Binary);
        }
        if n == 0 {
            return Ok(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn nul_bytes_stop_the_reading_early() {
        // A reader that would go on for ever after its first zeros.
        struct Zeros(u64);
        impl Read for Zeros {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.0 += buf.len() as u64;
                assert!(self.0 < 64 << 20, "read far past the first NUL");
                buf.fill(0);
                Ok(buf.len())
            }
        }
        assert!(matches!(
            read_capped(Zeros(0), 0, u64::MAX),
            Err(Problem::Binary)
        ));
        // UTF-16 with a byte order mark holds NULs and is text.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("نص".encode_utf16().flat_map(u16::to_le_bytes))
            .chain(b"a\0".iter().copied())
            .collect();
        assert_eq!(read_capped(&utf16[..], 0, 100).expect("text"), utf16);
        // A NUL past the first piece is found too.
        let mut late = vec![b'a'; (PIECE as usize) * 2 + 7];
        late.push(0);
        assert!(matches!(
            read_capped(&late[..], 0, u64::MAX),
            Err(Problem::Binary)
        ));
        assert!(matches!(
            read_capped(&b"abcdef"[..], 0, 3),
            Err(Problem::TooLarge)
        ));
    }

    #[test]
    fn a_gzip_bomb_is_stopped_at_its_cap() {
        let tmp = tempfile::tempdir().expect("tmp");
        let p = tmp.path().join("bomb.txt.gz");
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&p).expect("create"),
            flate2::Compression::best(),
        );
        // 4 MB of one letter: a few KB compressed, far over 100 times.
        enc.write_all(&vec![b'a'; 4 << 20]).expect("write");
        enc.finish().expect("finish");
        let err = read_file_within(&p, Compression::Gzip, 1 << 20).expect_err("a bomb");
        assert!(matches!(err, Problem::Bomb { .. }), "{err}");
        assert!(err.to_string().contains("zip bomb"), "{err}");
        // Under the floor, the same file is read whole.
        let bytes = read_file_within(&p, Compression::Gzip, 8 << 20).expect("under the floor");
        assert_eq!(bytes.len(), 4 << 20);
    }

    #[test]
    fn zstd_xz_and_bzip2_are_read_and_their_bombs_stopped_at_the_cap() {
        let tmp = tempfile::tempdir().expect("tmp");
        // 4 MB of one letter: a few KB compressed, far over 100 times.
        let text = vec![b'a'; 4 << 20];
        let zst = ruzstd::encoding::compress_to_vec(
            &text[..],
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        // (lzma-rs's encoder does not compress: made by `xz -9`.)
        let xz = include_bytes!("../../tests/data/compressed/bomb-4mb-of-a.txt.xz").to_vec();
        let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::best());
        bz.write_all(&text).expect("bzip2");
        let bz = bz.finish().expect("bzip2");
        for (name, kind, bytes) in [
            ("b.txt.zst", Compression::Zstd, zst),
            ("b.txt.xz", Compression::Xz, xz),
            ("b.txt.bz2", Compression::Bzip2, bz),
        ] {
            let p = tmp.path().join(name);
            std::fs::write(&p, &bytes).expect("write");
            assert_eq!(Compression::of(&p), kind);
            // Over 100 times smaller than the text: a bomb at a low floor.
            assert!(
                bytes.len() * 100 < text.len(),
                "{name}: {} bytes",
                bytes.len()
            );
            match read_file_within(&p, kind, 1 << 20) {
                Err(Problem::Bomb { .. }) => {}
                Err(e) => panic!("{name}: {e}"),
                Ok(b) => panic!("{name}: {} bytes read, no bomb", b.len()),
            }
            let whole = read_file_within(&p, kind, 8 << 20).expect("under the floor");
            assert_eq!(whole, text, "{name}");
            // Not what its name says: an error, never a panic.
            assert!(
                read_slice(b"not compressed at all", kind).is_err(),
                "{name}"
            );
        }
    }

    #[test]
    fn the_content_tells_the_compression_before_the_name() {
        for (kind, bytes) in compressed_forms("نص".as_bytes()) {
            assert_eq!(Compression::sniff(&bytes), kind);
            // Named plain, or named as another codec: read by content.
            assert_eq!(
                read_slice(&bytes, Compression::None).expect("read"),
                "نص".as_bytes()
            );
            assert_eq!(
                read_slice(&bytes, Compression::Gzip).expect("read"),
                "نص".as_bytes()
            );
        }
        // Text is text, even when it begins like bzip2's "BZh".
        assert_eq!(Compression::sniff(b"BZh is not bzip2"), Compression::None);
        assert_eq!(Compression::sniff("نص".as_bytes()), Compression::None);
        assert_eq!(Compression::sniff(b"\xff\xfe\x46\x06"), Compression::None);
    }

    /// The text compressed by each codec.
    fn compressed_forms(text: &[u8]) -> Vec<(Compression, Vec<u8>)> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text).expect("gzip");
        let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        bz.write_all(text).expect("bzip2");
        let mut xz = Vec::new();
        lzma_rs::xz_compress(&mut &text[..], &mut xz).expect("xz");
        vec![
            (Compression::Gzip, gz.finish().expect("gzip")),
            (Compression::Bzip2, bz.finish().expect("bzip2")),
            (Compression::Xz, xz),
            (
                Compression::Zstd,
                ruzstd::encoding::compress_to_vec(
                    text,
                    ruzstd::encoding::CompressionLevel::Fastest,
                ),
            ),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Damaged compressed files (bytes changed, cut short) give the
        /// text or an error: never a panic, never a hang.
        #[test]
        fn damaged_compressed_files_are_an_error_or_the_text(
            flips in proptest::collection::vec((0usize..4096, 0u8..=255), 0..6),
            cut in 0usize..4096,
        ) {
            let text = "وصل البغدادي إلى المدينة مساء أمس، وقال إن الخبر صحيح.\n".repeat(20);
            for (kind, mut bytes) in compressed_forms(text.as_bytes()) {
                for &(at, b) in &flips {
                    let n = bytes.len();
                    bytes[at % n] ^= b;
                }
                bytes.truncate(bytes.len().saturating_sub(cut % 64));
                if let Ok(out) = read_slice(&bytes, kind) {
                    proptest::prop_assert!(out.len() <= 64 << 20);
                }
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_sockets_are_not_opened() {
        let tmp = tempfile::tempdir().expect("tmp");
        let fifo = tmp.path().join("f.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let err = read_file(&fifo, Compression::None).expect_err("a FIFO");
        assert_eq!(err.to_string(), "not a regular file (a FIFO)");
        let sock = tmp.path().join("s.txt");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
        let err = read_file(&sock, Compression::None).expect_err("a socket");
        assert_eq!(err.to_string(), "not a regular file (a socket)");
        let err = read_file(Path::new("/dev/null"), Compression::None).expect_err("a device");
        assert_eq!(err.to_string(), "not a regular file (a device)");
        let err = read_file(tmp.path(), Compression::None).expect_err("a folder");
        assert_eq!(err.to_string(), "not a regular file (a folder)");
    }
}
