/// What a token may be used for; a token of one type is never accepted as another.
public enum TokenType: String, Sendable, CaseIterable {
    case access, refresh, stream
}
