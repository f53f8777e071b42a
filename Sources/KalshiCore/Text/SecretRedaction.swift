/// Removes passwords from text that may hold URLs before it reaches a log, an error message or
/// the terminal. Any scheme counts, in any case (`POSTGRESQL://`, `postgresq://`, `mysql://`,
/// `http://`): a typo in the scheme must not be what prints the password.
public enum SecretRedaction {
    /// Every `scheme://user:password@host` in `text` with the password replaced by `***`.
    public static func redactingURLPasswords(in text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let separator = rest.firstRange(of: "://") {
            output += rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
            // The authority ends at the first of these; credentials are before its last '@'.
            let authorityEnd = rest.firstIndex { "/?# \t\n\"'<>".contains($0) } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                output += authority[..<colon] + ":***" + authority[at...]
            } else {
                output += authority
            }
            rest = rest[authorityEnd...]
        }
        return output + rest
    }
}
