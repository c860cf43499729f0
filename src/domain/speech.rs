//! 读给我听: what the speech engine is given. Browsers stop a long
//! utterance part way (Chromium after about fifteen seconds), so a text is
//! read as a queue of short pieces, each ending where a sentence or, for a
//! very long sentence, a clause ends; whitespace is folded and nothing is
//! lost or reordered.

/// The longest piece, in characters (about ten seconds of Chinese speech).
pub const PIECE_MAX_CHARS: usize = 80;

/// Characters after which a sentence ends.
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?', '；', ';', '\n'];
/// Characters after which a long sentence may be cut.
const CLAUSE_ENDS: &[char] = &['，', '、', ',', '：', ':', ' '];

/// `text` as pieces of at most [`PIECE_MAX_CHARS`] characters, in order.
pub fn pieces(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for sentence in split_after(text, SENTENCE_ENDS) {
        let sentence = fold_space(sentence);
        if sentence.is_empty() {
            continue;
        }
        // Short sentences share a piece.
        if let Some(last) = out.last_mut() {
            if last.chars().count() + sentence.chars().count() < PIECE_MAX_CHARS {
                // Latin words across a line break stay apart.
                if last.ends_with(|c: char| c.is_ascii_graphic())
                    && sentence.starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    last.push(' ');
                }
                last.push_str(&sentence);
                continue;
            }
        }
        if sentence.chars().count() <= PIECE_MAX_CHARS {
            out.push(sentence);
            continue;
        }
        let mut piece = String::new();
        for clause in split_after(&sentence, CLAUSE_ENDS) {
            if piece.chars().count() + clause.chars().count() > PIECE_MAX_CHARS && !piece.is_empty()
            {
                out.push(std::mem::take(&mut piece));
            }
            for c in clause.chars() {
                if piece.chars().count() == PIECE_MAX_CHARS {
                    out.push(std::mem::take(&mut piece));
                }
                piece.push(c);
            }
        }
        if !piece.trim().is_empty() {
            out.push(piece);
        }
    }
    out
}

/// `s` cut after each of `ends`, the end kept with what it ends.
/// Whether a voice (its BCP 47 `lang`, e.g. `zh-CN`, `cmn-Hans-CN`)
/// speaks the language `tag` (e.g. `zh-Hans`): the same language and
/// script, a Chinese region implying its script
/// ([`crate::domain::language::best_match`]). `cmn` is Mandarin: Chinese.
pub fn voice_speaks(voice_lang: &str, tag: &str) -> bool {
    let voice = voice_lang.trim().replace('_', "-");
    let voice = match voice.split_once('-') {
        Some(("cmn", rest)) => format!("zh-{rest}"),
        _ if voice == "cmn" => "zh".to_owned(),
        _ => voice,
    };
    crate::domain::language::best_match(&voice, &[tag]).is_some()
}

fn split_after<'a>(s: &'a str, ends: &'a [char]) -> impl Iterator<Item = &'a str> + 'a {
    s.split_inclusive(ends)
}

/// Runs of whitespace as one space, none at either end.
fn fold_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(pieces: &[String]) -> String {
        pieces
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    #[test]
    fn short_sentences_share_a_piece() {
        assert_eq!(
            pieces("关于张三同志任职的公示。\n公示期2026年11月27日至12月3日。"),
            vec!["关于张三同志任职的公示。公示期2026年11月27日至12月3日。"]
        );
        assert!(pieces(" \n\t ").is_empty());
    }

    #[test]
    fn long_text_is_cut_at_sentence_ends_and_nothing_is_lost() {
        let sentence = "经支部委员会研究决定，拟发展李四同志为预备党员。";
        let text = sentence.repeat(12);
        let got = pieces(&text);
        assert!(got.len() > 1);
        for p in &got {
            assert!(p.chars().count() <= PIECE_MAX_CHARS, "{p}");
            assert!(p.ends_with('。'), "a piece ends a sentence: {p}");
        }
        assert_eq!(joined(&got), text);
    }

    #[test]
    fn a_very_long_sentence_is_cut_at_clauses_then_anywhere() {
        let clauses = "党员干部要带头遵守各项规定，".repeat(10) + "。";
        let got = pieces(&clauses);
        assert!(got.len() > 1);
        assert!(got.iter().all(|p| p.chars().count() <= PIECE_MAX_CHARS));
        assert!(got[0].ends_with('，'), "cut after a clause: {}", got[0]);
        assert_eq!(joined(&got), clauses.replace(' ', ""));

        let unbroken = "字".repeat(PIECE_MAX_CHARS * 2 + 5);
        let got = pieces(&unbroken);
        assert_eq!(
            got.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            [PIECE_MAX_CHARS, PIECE_MAX_CHARS, 5]
        );
    }

    #[test]
    fn latin_words_keep_their_spaces() {
        assert_eq!(
            pieces("Publicity  period:\n27 Nov to 3 Dec."),
            vec!["Publicity period: 27 Nov to 3 Dec."]
        );
    }

    #[test]
    fn a_voice_speaks_its_language_and_script() {
        assert!(voice_speaks("zh-CN", "zh-Hans"));
        assert!(voice_speaks("cmn-Hans-CN", "zh-Hans"));
        assert!(voice_speaks("zh_CN", "zh-Hans"));
        assert!(!voice_speaks("zh-TW", "zh-Hans"));
        assert!(voice_speaks("zh-TW", "zh-Hant"));
        assert!(voice_speaks("zh-HK", "zh-Hant"));
        assert!(voice_speaks("en-GB", "en"));
        assert!(!voice_speaks("ja-JP", "zh-Hans"));
        assert!(!voice_speaks("", "zh-Hans"));
    }
}
