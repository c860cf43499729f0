//! Small, real attachment files, so that no attachment link of the demo 404s:
//! one-page PDFs (Chinese text in the standard `STSong-Light` font, nothing
//! embedded), UTF-8 CSV with a byte-order mark (so that spreadsheet programs
//! read the Chinese right) and plain text.

use std::collections::BTreeMap;

use gongkai::api::Attachment;
use serde::Deserialize;

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    Csv,
    Txt,
}

/// The files to write, by path under the output folder.
#[derive(Default)]
pub struct Files {
    files: BTreeMap<String, Vec<u8>>,
}

impl Files {
    /// Makes the file at `path` (relative to the backend's base URL) and
    /// returns the attachment that points to it.
    pub fn add(&mut self, path: &str, kind: FileKind, name: &str, lines: &[String]) -> Attachment {
        let (bytes, media_type) = match kind {
            FileKind::Pdf => (pdf(name.trim_end_matches(".pdf"), lines), "application/pdf"),
            FileKind::Csv => (csv(lines), "text/csv"),
            FileKind::Txt => (txt(lines), "text/plain"),
        };
        let size = bytes.len() as u64;
        assert!(
            self.files.insert(path.to_owned(), bytes).is_none(),
            "two attachments share the file {path}"
        );
        Attachment {
            name: name.to_owned(),
            media_type: Some(media_type.to_owned()),
            size: Some(size),
            url: path.to_owned(),
        }
    }

    pub fn into_map(self) -> BTreeMap<String, Vec<u8>> {
        self.files
    }
}

fn txt(lines: &[String]) -> Vec<u8> {
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    text.into_bytes()
}

fn csv(rows: &[String]) -> Vec<u8> {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(txt(rows));
    bytes
}

/// A one-page A4 PDF with `title` and `lines`, in the predefined Adobe-GB1
/// font `STSong-Light` (UCS-2 encoded, so only characters of the Basic
/// Multilingual Plane), which every PDF viewer supplies.
fn pdf(title: &str, lines: &[String]) -> Vec<u8> {
    fn ucs2(s: &str) -> String {
        s.encode_utf16().map(|u| format!("{u:04X}")).collect()
    }
    let mut text = String::from("BT\n/F1 16 Tf\n56 780 Td\n");
    text.push_str(&format!("<{}> Tj\n/F1 11 Tf\n0 -32 Td\n", ucs2(title)));
    for line in lines {
        text.push_str(&format!("<{}> Tj\n0 -18 Td\n", ucs2(line)));
    }
    text.push_str("ET\n");

    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}endstream", text.len()),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>"
            .to_owned(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>"
            .to_owned(),
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] \
         /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
            .to_owned(),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).into_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}
