/// Why the routes cannot be used: a function whose binary is missing or prints no route table,
/// or routes that conflict. One line per problem.
public struct RouteTableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Each problem, one sentence naming the function.
    public let problems: [String]

    /// One problem.
    public init(_ problem: String) { problems = [problem] }

    /// Several problems (conflicts are reported all at once).
    public init(problems: [String]) { self.problems = problems }

    /// The problems, one per line.
    public var description: String { problems.joined(separator: "\n") }
}
