import AgoraCore

/// The writable fields of a question, each declared once for validation and for the document,
/// and the rules between them, which one field alone cannot check: a `choice` question has
/// choices and its answer is one of them; a `text` question has none.
struct QuestionFields {
    let content: String
    let kind: String
    let choices: [String]?
    /// For `choice`, the matching choice's own text.
    let correctAnswer: String
    /// The requested place (clamped by the handler to 1...n); nil: after the last (create) or
    /// unchanged (PUT).
    let position: Int64?

    static let content = Field.string("content", length: 1...10_000, trim: true)
        .describe("The question, 1-10 000 characters; surrounding whitespace is trimmed.")
    static let kind = Field.choice("kind", ["choice", "text"])
        .describe("`choice`: the answer is one of `choices`; `text`: a free answer.")
    static let choices = Field<[String]>(name: "choices", required: true, schema: [
        "type": "array", "minItems": 2, "maxItems": 10, "uniqueItems": true,
        "items": Schema.trimmedString(length: 1...500),
    ]) { validator in
        guard let items = validator.array("choices") else { return nil }
        return checked(items, &validator)
    }.nullable().describe(
        "For `choice`: 2-10 distinct choices of 1-500 characters each (trimmed; two choices that differ only in "
            + "case or surrounding whitespace are the same choice). For `text`: null or absent.",
        example: ["FCGX_Accept_r", "accept4", "poll"])
    static let correctAnswer = Field.string("correct_answer", length: 1...1000, trim: true)
        .describe("1-1000 characters, trimmed. For `choice`, one of `choices` (compared trimmed and ignoring case; "
                  + "the choice's own text is stored). Shown only to the course's instructor and admins.")
    static let position = Field.int("position", range: 1...1_000_000).optional()
        .describe("The 1-based place in the quiz. Create: default after the last; the questions from there on move "
                  + "down one. PUT: default unchanged; the questions between the old and the new place shift. A "
                  + "position past the end means the end.")
    /// POST creates, PUT replaces (`position` optional in both). Other fields are ignored.
    static let body = RequestBody(content, kind, choices, correctAnswer, position)

    /// Every field checked, then the rules between them (400 on `choices` or `correct_answer`).
    static func decode(_ request: Request) throws -> QuestionFields {
        let (content, kind, choices, answer, position) = try body.decode(request)
        if kind == "text" {
            guard choices == nil else {
                throw APIError.validation(field: "choices", "A text question has no choices: send null or leave it out.")
            }
            return QuestionFields(content: content, kind: kind, choices: nil, correctAnswer: answer, position: position)
        }
        guard let choices else {
            throw APIError.validation(field: "choices", "A choice question needs 2 to 10 choices.")
        }
        guard let match = choices.first(where: { Grading.matches($0, answer) }) else {
            throw APIError.validation(field: "correct_answer", "The correct answer must be one of the choices.")
        }
        return QuestionFields(content: content, kind: kind, choices: choices, correctAnswer: match, position: position)
    }

    /// 2-10 strings, each trimmed, non-blank, at most 500 characters, no NUL, and distinct once
    /// trimmed and case-folded (answers are compared that way, so such choices could not be told apart).
    static func checked(_ items: [JSON], _ validator: inout Validator) -> [String]? {
        guard items.count >= 2 else { validator.fail("choices", "Ensure this field has at least 2 elements."); return nil }
        guard items.count <= 10 else {
            validator.fail("choices", "Ensure this field has no more than 10 elements.")
            return nil
        }
        var choices: [String] = []
        var seen = Set<String>()
        for item in items {
            guard case .string(let raw) = item else { validator.fail("choices", "Every choice must be a string."); return nil }
            let text = raw.trimmingWhitespace()
            guard !text.unicodeScalars.contains("\u{0}") else {
                validator.fail("choices", "Null characters are not allowed.")
                return nil
            }
            guard !text.isEmpty else { validator.fail("choices", "Choices may not be blank."); return nil }
            guard text.unicodeScalars.count <= 500 else {
                validator.fail("choices", "Ensure every choice has no more than 500 characters.")
                return nil
            }
            guard seen.insert(Grading.normalized(text)).inserted else {
                validator.fail("choices", "Choices must be distinct (ignoring case and surrounding whitespace).")
                return nil
            }
            choices.append(text)
        }
        return choices
    }
}
