/// The outcome of checking a password against a stored hash.
public enum PasswordCheck: Equatable, Sendable {
    /// Wrong password, or a stored string we cannot read.
    case mismatch
    /// Right password; `needsRehash` asks the caller to store `PasswordHasher.hash` of it anew.
    case match(needsRehash: Bool)
}
