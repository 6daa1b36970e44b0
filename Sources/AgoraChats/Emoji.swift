/// The reaction rule: exactly one extended grapheme cluster that renders as an emoji.
///
/// Accepted: a scalar with default emoji presentation (`👍`, a flag `🇺🇸` (two regional indicators), a
/// tag-sequence flag `🏴󠁧󠁢󠁥󠁮󠁧󠁿`, a ZWJ family `👨‍👩‍👧`), a text-default emoji made an emoji by
/// VS16 (`❤️`, `©️`) or by a skin tone (`☝🏽`), and keycaps (`1️⃣`). Refused: letters, digits and
/// `#`/`*` alone or with VS16 only (they are emoji only as keycaps), text-style sequences, a
/// dangling or doubled joiner or selector, stray tags, and any scalar that has no place in an
/// emoji sequence (a combining accent on `👍`).
enum Emoji {
    /// Longest accepted cluster, in scalars (RGI sequences have at most 10).
    static let maxScalars = 16

    static func isEmoji(_ text: String) -> Bool {
        guard text.count == 1 else { return false }
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, scalars.count <= maxScalars else { return false }
        // A flag: exactly two regional indicators (one alone renders as a boxed letter).
        if isRegionalIndicator(first) { return scalars.count == 2 && isRegionalIndicator(scalars[1]) }
        // A keycap: 0-9, # or *, an optional VS16, then the keycap mark, and nothing else.
        if isKeycapBase(first) {
            return scalars.dropFirst() == ["\u{20E3}"] || scalars.dropFirst() == ["\u{FE0F}", "\u{20E3}"]
        }
        var index = 0
        // Elements joined by ZWJ; the first must render as an emoji on its own.
        guard let end = element(scalars, from: 0, first: true) else { return false }
        index = end
        while index < scalars.count {
            guard scalars[index] == "\u{200D}", let next = element(scalars, from: index + 1, first: false) else {
                return false
            }
            index = next
        }
        return true
    }

    /// One element of an emoji sequence at `start`: an emoji scalar, then a VS16 or a skin tone
    /// (a modifier only after a modifier base), or for the black flag its tag sequence (tag
    /// letters and the cancel tag). Returns where it ends; nil when it is not one. The first
    /// element must render as an emoji: presentation by default, or made so by VS16 or a tone.
    static func element(_ scalars: [Unicode.Scalar], from start: Int, first: Bool) -> Int? {
        guard start < scalars.count else { return nil }
        let base = scalars[start]
        guard base.properties.isEmoji, !isKeycapBase(base), !isRegionalIndicator(base) else { return nil }
        var index = start + 1
        var presented = base.properties.isEmojiPresentation
        if index < scalars.count, scalars[index] == "\u{FE0F}" {
            presented = true
            index += 1
        } else if index < scalars.count, scalars[index].properties.isEmojiModifier {
            guard base.properties.isEmojiModifierBase else { return nil }
            presented = true
            index += 1
        } else if base == "\u{1F3F4}", index < scalars.count, isTag(scalars[index]) {
            // 🏴 + tag letters + cancel tag: a subdivision flag, and the end of the cluster.
            while index < scalars.count, isTag(scalars[index]), scalars[index] != "\u{E007F}" { index += 1 }
            guard index == scalars.count - 1, scalars[index] == "\u{E007F}", index - start >= 3 else { return nil }
            return scalars.count
        }
        guard presented || !first else { return nil }
        return index
    }

    static func isTag(_ scalar: Unicode.Scalar) -> Bool { (0xE0020...0xE007F).contains(scalar.value) }

    static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    static func isKeycapBase(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || scalar == "#" || scalar == "*"
    }
}
