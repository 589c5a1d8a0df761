//! Compression formats a bundle or a member of one may come in, told by their magic bytes
//! and decoded as streams: gzip, xz, zstd and bzip2. Concatenated streams (`pigz`, `pzstd`,
//! `pbzip2`, xz with several streams) are read whole.

use std::io::{self, BufRead, BufReader, Read};

/// A compression format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    Gzip,
    Xz,
    Zstd,
    Bzip2,
}

impl Codec {
    /// The format whose magic bytes `head` starts with.
    pub(crate) fn sniff(head: &[u8]) -> Option<Codec> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Codec::Gzip)
        } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Some(Codec::Xz)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Codec::Zstd)
        } else if head.len() >= 4 && head.starts_with(b"BZh") && (b'1'..=b'9').contains(&head[3]) {
            Some(Codec::Bzip2)
        } else {
            None
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Xz => "xz",
            Codec::Zstd => "zstd",
            Codec::Bzip2 => "bzip2",
        }
    }

    /// The file name extensions this format is saved with, longest first.
    pub(crate) fn extensions(self) -> &'static [&'static str] {
        match self {
            Codec::Gzip => &[".tgz", ".gz"],
            Codec::Xz => &[".txz", ".xz"],
            Codec::Zstd => &[".tzst", ".zst"],
            Codec::Bzip2 => &[".tbz2", ".bz2"],
        }
    }

    /// `name` without this format's extension (`x.log.gz` -> `x.log`, `b.tgz` -> `b.tar`).
    pub(crate) fn strip(self, name: &str) -> String {
        for ext in self.extensions() {
            if let Some(stem) = name.strip_suffix(ext) {
                return if ext.starts_with(".t") && ext.len() > 3 {
                    format!("{stem}.tar")
                } else {
                    stem.to_string()
                };
            }
        }
        name.to_string()
    }

    /// A reader of the decompressed bytes of `inner`. gzip checks each member's CRC and
    /// length, xz and zstd their checksums, so a corrupt stream ends in an error.
    pub(crate) fn decoder<'a>(self, inner: impl Read + 'a) -> io::Result<Box<dyn Read + 'a>> {
        Ok(match self {
            Codec::Gzip => Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(inner))),
            // Pure Rust (no C toolchain for static builds); 256 MiB of dictionary at most,
            // what xz's own presets go up to.
            Codec::Xz => Box::new(lzma_rust2::XzReader::new_mem_limit(inner, true, 256 << 10)),
            Codec::Zstd => Box::new(ZstdFrames::new(inner)),
            Codec::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(inner)),
        })
    }
}

/// zstd frames one after another, decoded as one stream.
struct ZstdFrames<R: Read> {
    source: BufReader<R>,
    decoder: ruzstd::decoding::FrameDecoder,
    in_frame: bool,
}

impl<R: Read> ZstdFrames<R> {
    fn new(inner: R) -> Self {
        ZstdFrames {
            source: BufReader::new(inner),
            decoder: ruzstd::decoding::FrameDecoder::new(),
            in_frame: false,
        }
    }
}

impl<R: Read> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use ruzstd::decoding::BlockDecodingStrategy;
        loop {
            if !self.in_frame {
                if self.source.fill_buf()?.is_empty() {
                    return Ok(0);
                }
                self.decoder
                    .init(&mut self.source)
                    .map_err(io::Error::other)?;
                self.in_frame = true;
            }
            while self.decoder.can_collect() == 0 && !self.decoder.is_finished() {
                self.decoder
                    .decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBlocks(1))
                    .map_err(io::Error::other)?;
            }
            let n = self.decoder.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            if self.decoder.is_finished() && self.decoder.can_collect() == 0 {
                // This frame is done; the next one, if any, starts on the next call.
                self.in_frame = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_formats_by_magic_and_strips_their_extensions() {
        assert_eq!(Codec::sniff(&[0x1f, 0x8b, 8]), Some(Codec::Gzip));
        assert_eq!(Codec::sniff(b"\xfd7zXZ\x00\x00"), Some(Codec::Xz));
        assert_eq!(
            Codec::sniff(&[0x28, 0xb5, 0x2f, 0xfd, 0]),
            Some(Codec::Zstd)
        );
        assert_eq!(Codec::sniff(b"BZh91AY"), Some(Codec::Bzip2));
        assert_eq!(Codec::sniff(b"BZhx"), None);
        assert_eq!(Codec::sniff(b"apiVersion: v1"), None);
        assert_eq!(Codec::Gzip.strip("kubelet.log.1.gz"), "kubelet.log.1");
        assert_eq!(Codec::Gzip.strip("case.tgz"), "case.tar");
        assert_eq!(Codec::Zstd.strip("mg.tar.zst"), "mg.tar");
        assert_eq!(Codec::Xz.strip("noext"), "noext");
    }
}
