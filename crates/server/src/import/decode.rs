//! What an uploaded file is: an XLSX workbook, or CSV text in UTF-8 (with or without a
//! BOM) or GB18030 (which includes GBK, what Excel on a Chinese Windows writes). The
//! file is read from disk in pieces, never held whole (docs/rules.md, Import).

use clientbook_domain::import::{FileEncoding, Problem};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// A problem of the file as a whole, at a row when one can be named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    pub row: i64,
    pub problem: Problem,
    pub detail: Option<String>,
}

impl FileProblem {
    pub fn new(problem: Problem) -> Self {
        FileProblem {
            row: 0,
            problem,
            detail: None,
        }
    }
}

/// What the file was found to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Csv {
        encoding: FileEncoding,
        delimiter: u8,
    },
    Xlsx,
}

impl Sniffed {
    pub fn encoding(self) -> FileEncoding {
        match self {
            Self::Csv { encoding, .. } => encoding,
            Self::Xlsx => FileEncoding::Xlsx,
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Starts of files that are certainly not text: PDF, PNG, GIF, JPEG, gzip, the old
/// binary Excel (OLE), a zip that is not a workbook is found when opened.
const BINARY_MAGIC: &[&[u8]] = &[
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xFF\xD8\xFF",
    b"\x1F\x8B",
    b"\xD0\xCF\x11\xE0",
];

/// Decide what the file is, reading it once (the text checks stream through it).
pub fn sniff(path: &Path) -> Result<Sniffed, FileProblem> {
    let io = |_| FileProblem::new(Problem::NotCsvOrXlsx);
    let mut file = File::open(path).map_err(io)?;
    let mut head = vec![0u8; 8192];
    let n = read_full(&mut file, &mut head).map_err(io)?;
    head.truncate(n);
    if head.is_empty() {
        return Err(FileProblem::new(Problem::EmptyFile));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Sniffed::Xlsx);
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        // UTF-16, as "Unicode text" from Excel.
        return Err(FileProblem {
            row: 1,
            ..FileProblem::new(Problem::WrongEncoding)
        });
    }
    if BINARY_MAGIC.iter().any(|m| head.starts_with(m)) || head.contains(&0) {
        return Err(FileProblem::new(Problem::NotCsvOrXlsx));
    }
    let body = head.strip_prefix(BOM).unwrap_or(&head);
    if body.iter().all(u8::is_ascii_whitespace) && n < 8192 {
        return Err(FileProblem::new(Problem::EmptyFile));
    }
    let encoding = match utf8_check(File::open(path).map_err(io)?).map_err(io)? {
        Utf8::Valid if head.starts_with(BOM) => FileEncoding::Utf8Bom,
        Utf8::Valid => FileEncoding::Utf8,
        // Not UTF-8: GB18030 if it reads as that. Else the row named is the UTF-8 bad
        // byte's when UTF-8 Chinese came before it (a UTF-8 file with a bad byte: read as
        // GB18030 its Chinese may fail first, on the wrong row), else GB18030's.
        Utf8::Invalid {
            line,
            after_multibyte,
        } => match gb18030_check(File::open(path).map_err(io)?) {
            Ok(()) => FileEncoding::Gb18030,
            Err(p) if after_multibyte => return Err(FileProblem { row: line, ..p }),
            Err(p) => return Err(p),
        },
    };
    let first_line = match encoding {
        FileEncoding::Gb18030 => encoding_rs::GB18030.decode(&head).0.into_owned(),
        _ => String::from_utf8_lossy(body).into_owned(),
    };
    Ok(Sniffed::Csv {
        encoding,
        delimiter: delimiter_of(first_line.lines().next().unwrap_or("")),
    })
}

/// The header line's most frequent of comma, tab and semicolon (comma on a tie).
pub fn delimiter_of(header: &str) -> u8 {
    let count = |d: char| header.chars().filter(|c| *c == d).count();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma && semi > tab {
        b';'
    } else {
        b','
    }
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Whether a stream is UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Utf8 {
    Valid,
    /// The first bad byte's line, and whether multi-byte UTF-8 came before it.
    Invalid {
        line: i64,
        after_multibyte: bool,
    },
}

/// Check the whole stream, read in 64 KiB pieces (a character cut by a piece boundary is
/// carried to the next).
fn utf8_check(mut r: impl Read) -> std::io::Result<Utf8> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut carry = 0;
    let mut line = 1;
    let mut multibyte = false;
    loop {
        let n = r.read(&mut buf[carry..])?;
        let len = carry + n;
        if n == 0 {
            return Ok(if carry == 0 {
                Utf8::Valid
            } else {
                Utf8::Invalid {
                    line,
                    after_multibyte: multibyte,
                }
            });
        }
        let valid = match std::str::from_utf8(&buf[..len]) {
            Ok(_) => len,
            Err(e) => e.valid_up_to(),
        };
        line += buf[..valid].iter().filter(|b| **b == b'\n').count() as i64;
        multibyte |= buf[..valid].iter().any(|b| *b >= 0x80);
        match std::str::from_utf8(&buf[..len]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() => {
                buf.copy_within(valid..len, 0);
                carry = len - valid;
            }
            Err(_) => {
                return Ok(Utf8::Invalid {
                    line,
                    after_multibyte: multibyte,
                })
            }
        }
    }
}

/// The whole stream decodes as GB18030 without a malformed sequence; else the line of
/// the first one.
fn gb18030_check(r: impl Read) -> Result<(), FileProblem> {
    let mut r = BufReader::with_capacity(64 * 1024, r);
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut src = vec![0u8; 64 * 1024];
    let mut dst = vec![0u8; 256 * 1024];
    let mut line: i64 = 1;
    loop {
        let n = r
            .read(&mut src)
            .map_err(|_| FileProblem::new(Problem::NotCsvOrXlsx))?;
        let last = n == 0;
        let mut input = &src[..n];
        loop {
            let (result, read, written) =
                decoder.decode_to_utf8_without_replacement(input, &mut dst, last);
            line += dst[..written].iter().filter(|b| **b == b'\n').count() as i64;
            input = &input[read..];
            match result {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::OutputFull => continue,
                encoding_rs::DecoderResult::Malformed(_, _) => {
                    return Err(FileProblem {
                        row: line,
                        ..FileProblem::new(Problem::WrongEncoding)
                    })
                }
            }
        }
        if last {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn sniff_bytes(bytes: &[u8]) -> Result<Sniffed, FileProblem> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        sniff(f.path())
    }

    #[test]
    fn utf8_with_and_without_a_bom_and_gbk_are_told_apart() {
        assert_eq!(
            sniff_bytes("客户号,姓名\nC1,张三\n".as_bytes()).unwrap(),
            Sniffed::Csv {
                encoding: FileEncoding::Utf8,
                delimiter: b','
            }
        );
        assert_eq!(
            sniff_bytes("\u{feff}客户号;姓名\nC1;张三\n".as_bytes()).unwrap(),
            Sniffed::Csv {
                encoding: FileEncoding::Utf8Bom,
                delimiter: b';'
            }
        );
        let gbk = encoding_rs::GBK.encode("客户号\t姓名\nC1\t张三\n").0;
        assert_eq!(
            sniff_bytes(&gbk).unwrap(),
            Sniffed::Csv {
                encoding: FileEncoding::Gb18030,
                delimiter: b'\t'
            }
        );
    }

    #[test]
    fn a_character_cut_by_a_piece_boundary_is_still_utf8() {
        let mut text = "a".repeat(64 * 1024 - 1).into_bytes();
        text.extend("张三\n".as_bytes());
        assert_eq!(utf8_check(&text[..]).unwrap(), Utf8::Valid);
    }

    #[test]
    fn empty_binary_utf16_and_undecodable_files_are_named() {
        assert_eq!(sniff_bytes(b"").unwrap_err().problem, Problem::EmptyFile);
        assert_eq!(
            sniff_bytes(b"\xEF\xBB\xBF \n").unwrap_err().problem,
            Problem::EmptyFile
        );
        assert_eq!(
            sniff_bytes(b"%PDF-1.7 ...").unwrap_err().problem,
            Problem::NotCsvOrXlsx
        );
        assert_eq!(
            sniff_bytes(b"\xFF\xFEa\0b\0").unwrap_err().problem,
            Problem::WrongEncoding
        );
        // 0xFF is neither UTF-8 nor GB18030; it is on the third line.
        let e = sniff_bytes(b"a,b\nc,d\ne,\xFF\n").unwrap_err();
        assert_eq!((e.problem, e.row), (Problem::WrongEncoding, 3));
    }
}
