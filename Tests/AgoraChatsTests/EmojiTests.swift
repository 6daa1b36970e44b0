import Testing
@testable import AgoraChats

struct EmojiTests {
    @Test(arguments: ["👍", "🎉", "❤️", "©️", "🇺🇸", "🇯🇵", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "👍🏽", "☝🏽", "👨‍👩‍👧", "👩‍❤️‍👨", "🧑🏿‍💻",
                      "1️⃣", "#️⃣", "*️⃣", "1⃣", "🏽", "🏃‍♀️", "🏃‍♀", "👩‍❤️‍💋‍👨", "🏳️‍🌈", "🏴‍☠️"])
    func accepts_OneEmojiGrapheme(_ text: String) {
        #expect(Emoji.isEmoji(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test(arguments: ["a", "Z", "1", "#", "*", "é", "ab", "👍👍", "👍 ", " 👍", "", "\u{0301}", "👍\u{0301}",
                      "❤", "©", "a\u{FE0F}", "\u{FE0F}", "\u{200D}", "🇺", "x\u{20E3}", "😀\u{0000}", "☝a",
                      "1\u{FE0F}", "*\u{FE0F}", "👍\u{200D}", "👍\u{FE0F}\u{FE0F}", "👍\u{200D}\u{200D}👍",
                      "👍" + String(repeating: "\u{E0041}", count: 15), "\u{E0067}", "🏴\u{E0067}\u{E0062}",
                      "👍\u{1F3FD}\u{1F3FD}", "🍕\u{1F3FD}", "1\u{FE0F}\u{20E3}\u{20E3}"])
    func refuses_LettersDigitsAndTextStyle(_ text: String) {
        #expect(!Emoji.isEmoji(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }
}
