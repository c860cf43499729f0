//! The fingerprint of a catalogue's key list (FNV-1a, 64 bits, over the
//! names in order, each ended by `\n`). `build.rs` computes it for the
//! default locale's keys; a language loaded as data must have the same, so
//! its sentences are never shown under another key's name. Shared by both
//! (`build.rs` includes this file).

pub fn fingerprint<'a>(names: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for name in names {
        for &b in name.as_bytes().iter().chain(b"\n") {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}
