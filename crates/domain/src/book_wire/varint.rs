//! The primitives of the compact book: LEB128 varints (7 bits a byte, low bits first,
//! the high bit set on every byte but the last: the encoding postcard and protobuf use),
//! zigzag for signed values, days as signed offsets, and a bounds-checked reader that
//! answers every malformed input with a [`WireError`] naming the column it was reading.

use super::WireError;
use crate::columns::{epoch_day, from_epoch_day};
use chrono::NaiveDate;

/// Signed to unsigned so that small magnitudes of either sign stay small: 0, -1, 1, -2 …
/// become 0, 1, 2, 3 ….
pub(super) fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

pub(super) fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// The most bytes a code in byte planes has (a fen code is at most 65 bits).
const PLANES: usize = 9;

/// The bytes being written, one column after another.
#[derive(Default)]
pub(super) struct Writer {
    pub(super) out: Vec<u8>,
    /// Where each section starts (its name and offset), for [`super::sections`].
    pub(super) marks: Vec<(&'static str, usize)>,
}

impl Writer {
    /// The next bytes are the section `name`'s.
    pub(super) fn mark(&mut self, name: &'static str) {
        self.marks.push((name, self.out.len()));
    }

    pub(super) fn u(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.out.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.out.push(v as u8);
    }

    pub(super) fn i(&mut self, v: i64) {
        self.u(zigzag(v));
    }

    pub(super) fn len(&mut self, n: usize) {
        self.u(n as u64);
    }

    pub(super) fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    /// A length and the UTF-8 bytes.
    pub(super) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.out.extend_from_slice(s.as_bytes());
    }

    /// Money in fen: whole yuan (the usual case for flows) a byte shorter. The low bit
    /// says which: 0 = the value is yuan, 1 = fen. The code 1 (fen 0, which is always
    /// written as yuan) marks a raw value beyond ±2^62 fen, so every `i64` comes back.
    pub(super) fn fen(&mut self, fen: i64) {
        if fen % 100 == 0 {
            self.u(zigzag(fen / 100) << 1);
        } else {
            // |fen| < 2^63 so zigzag(fen) < 2^64; shifting would lose the top bit of
            // values beyond ±2^62 fen (far past any balance), so those are split.
            let z = zigzag(fen);
            if z >> 63 == 0 {
                self.u((z << 1) | 1);
            } else {
                // Not reached by real money; kept exact: the marker and the raw value.
                self.u(1);
                self.i(fen);
            }
        }
    }

    /// Codes as byte planes: each code's length in bytes (0–9), then the low bytes of
    /// every code that has one, then the second bytes, and so on. The planes part the
    /// random low bytes from the nearly constant high ones, which a compressor then
    /// models apart (about 5% fewer bytes at brotli 11 than varints for the book's
    /// amounts).
    pub(super) fn planes(&mut self, codes: &[u128]) {
        let len = |z: u128| (128 - z.leading_zeros()).div_ceil(8) as usize;
        for &z in codes {
            self.out.push(len(z) as u8);
        }
        for plane in 0..PLANES {
            for &z in codes {
                if len(z) > plane {
                    self.out.push((z >> (8 * plane)) as u8);
                }
            }
        }
    }

    /// A day as days before `base` (negative after it).
    pub(super) fn day(&mut self, base: i32, day: NaiveDate) {
        self.i(i64::from(base) - i64::from(epoch_day(day)));
    }

    /// `None` as 0, a day as 1 + its zigzagged offset.
    pub(super) fn opt_day(&mut self, base: i32, day: Option<NaiveDate>) {
        match day {
            None => self.u(0),
            Some(d) => self.u(zigzag(i64::from(base) - i64::from(epoch_day(d))) + 1),
        }
    }
}

/// Reads a compact book; never reads past the end, never allocates more than the input
/// could describe.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The column being read, for errors.
    pub(super) column: &'static str,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            at: 0,
            column: "header",
        }
    }

    pub(super) fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn truncated(&self) -> WireError {
        WireError::Truncated {
            column: self.column,
        }
    }

    pub(super) fn byte(&mut self) -> Result<u8, WireError> {
        let b = *self.bytes.get(self.at).ok_or_else(|| self.truncated())?;
        self.at += 1;
        Ok(b)
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let end = self.at.checked_add(n).ok_or_else(|| self.truncated())?;
        let s = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| self.truncated())?;
        self.at = end;
        Ok(s)
    }

    pub(super) fn u(&mut self) -> Result<u64, WireError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err(WireError::Overflow {
                    column: self.column,
                });
            }
            v |= part << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(WireError::Overflow {
            column: self.column,
        })
    }

    pub(super) fn i(&mut self) -> Result<i64, WireError> {
        Ok(unzigzag(self.u()?))
    }

    /// `n` codes written by [`Writer::planes`], in one pass over the values (each plane's
    /// bytes counted from the lengths first).
    pub(super) fn planes(&mut self, n: usize) -> Result<Vec<u128>, WireError> {
        let lengths = self.take(n)?;
        let mut per_plane = [0usize; PLANES];
        for &l in lengths {
            let l = usize::from(l);
            if l > PLANES {
                return Err(WireError::Tag {
                    column: self.column,
                    value: l as u8,
                });
            }
            for count in &mut per_plane[..l] {
                *count += 1;
            }
        }
        let mut planes: [&[u8]; PLANES] = [&[]; PLANES];
        for (plane, &count) in planes.iter_mut().zip(&per_plane) {
            *plane = self.take(count)?;
        }
        // Each plane holds exactly one byte for every value at least that long.
        let mut at = [0usize; PLANES];
        Ok(lengths
            .iter()
            .map(|&l| {
                let l = usize::from(l);
                let mut low = 0u64;
                for p in 0..l.min(8) {
                    low |= u64::from(planes[p][at[p]]) << (8 * p);
                    at[p] += 1;
                }
                let mut code = u128::from(low);
                if l == PLANES {
                    code |= u128::from(planes[8][at[8]]) << 64;
                    at[8] += 1;
                }
                code
            })
            .collect())
    }

    /// A count of things each at least `min_bytes` long: refused when the rest of the
    /// input could not hold that many, so a forged count cannot make us allocate.
    pub(super) fn count(&mut self, min_bytes: usize) -> Result<usize, WireError> {
        let n = self.u()?;
        let fits = usize::try_from(n)
            .ok()
            .filter(|&n| n.saturating_mul(min_bytes.max(1)) <= self.remaining());
        fits.ok_or(WireError::Count {
            column: self.column,
            count: n,
        })
    }

    pub(super) fn str(&mut self) -> Result<String, WireError> {
        let n = self.count(1)?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| WireError::Utf8 {
                column: self.column,
            })
    }

    pub(super) fn fen(&mut self) -> Result<i64, WireError> {
        let v = self.u()?;
        if v == 1 {
            return self.i();
        }
        if v & 1 == 0 {
            unzigzag(v >> 1)
                .checked_mul(100)
                .ok_or(WireError::Overflow {
                    column: self.column,
                })
        } else {
            Ok(unzigzag(v >> 1))
        }
    }

    fn date(&self, base: i32, offset: i64) -> Result<NaiveDate, WireError> {
        let day = i64::from(base)
            .checked_sub(offset)
            .and_then(|d| i32::try_from(d).ok())
            .and_then(from_epoch_day);
        day.ok_or(WireError::Day {
            column: self.column,
        })
    }

    pub(super) fn day(&mut self, base: i32) -> Result<NaiveDate, WireError> {
        let offset = self.i()?;
        self.date(base, offset)
    }

    pub(super) fn opt_day(&mut self, base: i32) -> Result<Option<NaiveDate>, WireError> {
        match self.u()? {
            0 => Ok(None),
            v => {
                let offset = unzigzag(v - 1);
                self.date(base, offset).map(Some)
            }
        }
    }

    /// A small tag: `Ok(t)` when below `limit`.
    pub(super) fn tag(&mut self, limit: u8) -> Result<u8, WireError> {
        let t = self.byte()?;
        if t < limit {
            Ok(t)
        } else {
            Err(WireError::Tag {
                column: self.column,
                value: t,
            })
        }
    }

    /// Index into a dictionary of `len` entries.
    pub(super) fn index(&mut self, len: usize) -> Result<usize, WireError> {
        let i = self.u()?;
        usize::try_from(i)
            .ok()
            .filter(|&i| i < len)
            .ok_or(WireError::Index {
                column: self.column,
                index: i,
            })
    }

    pub(super) fn finish(&self) -> Result<(), WireError> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(WireError::TrailingBytes { count: n }),
        }
    }
}
