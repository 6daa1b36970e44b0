// Build time only (run by Plugins/CommonPasswords): turns a list of passwords, one a line, into
// one Swift string literal, which compiles in a fraction of a second where one statement per
// password would take the type checker minutes. Standard library and libc only.
//
//   common-passwords-generator INPUT.txt OUTPUT.swift

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    var line = "common-passwords-generator: \(message)\n"
    _ = line.withUTF8 { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func readFile(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else { fail("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count == 0 { break }
        bytes += chunk[..<count]
    }
    if ferror(file) != 0 { fail("cannot read \(path)") }
    return bytes
}

func writeFile(_ path: String, _ text: String) {
    guard let file = fopen(path, "wb") else { fail("cannot create \(path)") }
    var text = text
    let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) }
    if fclose(file) != 0 || written != text.utf8.count { fail("cannot write \(path)") }
}

/// `line` as the inside of an ordinary Swift string literal.
func escaped(_ line: Substring) -> String {
    var out = ""
    for scalar in line.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            out += "\\u{" + String(scalar.value, radix: 16) + "}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else { fail("usage: common-passwords-generator INPUT.txt OUTPUT.swift") }
let input = arguments[1]
guard let text = String(validating: readFile(input), as: UTF8.self) else { fail("\(input) is not UTF-8") }
// "\r\n" is one Character, which splitting on "\n" would not see: refuse Windows line ends.
guard !text.unicodeScalars.contains("\r") else { fail("\(input) has carriage returns") }

// The lookup lowercases the candidate and compares exactly: an entry that is not already lowercase,
// or that carries a stray space or carriage return, would silently never match. Refuse it here.
var seen = Set<Substring>()
var literal = ""
for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    if line.isEmpty {
        if index == 0 || line.endIndex != text.endIndex { fail("\(input):\(index + 1): empty line") }
        continue
    }
    guard line.lowercased() == line else { fail("\(input):\(index + 1): not lowercase") }
    guard line.first != " ", line.last != " " else {
        fail("\(input):\(index + 1): leading or trailing white space")
    }
    guard seen.insert(line).inserted else { fail("\(input):\(index + 1): duplicate") }
    literal += (literal.isEmpty ? "" : "\\n") + escaped(line)
}

writeFile(arguments[2], """
    // Generated at build time from common-passwords.txt by Plugins/CommonPasswords: do not edit.

    extension CommonPasswords {
        /// How many passwords `text` holds.
        static let count = \(seen.count)
        /// The passwords, lowercased, separated by newlines.
        static let text: StaticString = "\(literal)"
    }

    """)
