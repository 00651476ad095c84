/// A piece of HTML that is safe to send: built from string literals written in this source code, with every
/// interpolated `String` escaped by `Markup.escape`. Only other `Markup` values are inserted unescaped, so
/// caller-provided text (names, numbers, summaries, transcripts) can never become markup.
///
///     let name = "<script>alert(1)</script>"
///     let m: Markup = "<td>\(name)</td>"      // <td>&lt;script&gt;alert(1)&lt;/script&gt;</td>
public struct Markup: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The HTML text.
    public private(set) var html: String

    /// Markup from a literal (trusted: it is part of the program).
    public init(stringLiteral value: String) { html = value }

    /// Markup built by interpolation: strings escaped, markup kept.
    public init(stringInterpolation: Interpolation) { html = stringInterpolation.out }

    /// Nothing.
    public static let empty: Markup = ""

    public var description: String { html }

    /// Markup that is already HTML. Only for text this file's callers build themselves from literals.
    static func trusted(_ html: String) -> Markup { var m = Markup.empty; m.html = html; return m }

    /// Joins pieces of markup.
    public static func join(_ parts: [Markup], separator: Markup = .empty) -> Markup {
        trusted(parts.map(\.html).joined(separator: separator.html))
    }

    /// The one escaping helper: `&`, `<`, `>`, `"` and `'` become character references, so the result is
    /// inert both as element content and inside a quoted attribute value.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// How `Markup` is interpolated: literal segments as written, strings and numbers escaped, markup as is.
    public struct Interpolation: StringInterpolationProtocol {
        var out = ""
        public init(literalCapacity: Int, interpolationCount: Int) { out.reserveCapacity(literalCapacity + 16 * interpolationCount) }
        public mutating func appendLiteral(_ literal: String) { out += literal }
        /// Caller-provided or computed text: always escaped.
        public mutating func appendInterpolation(_ text: String) { out += Markup.escape(text) }
        /// Optional text: escaped, nothing when nil.
        public mutating func appendInterpolation(_ text: String?) { if let text { out += Markup.escape(text) } }
        /// A number.
        public mutating func appendInterpolation(_ number: Int) { out += String(number) }
        /// Markup built the same way: inserted as is.
        public mutating func appendInterpolation(_ markup: Markup) { out += markup.html }
        /// A list of markup, concatenated.
        public mutating func appendInterpolation(_ list: [Markup]) { for m in list { out += m.html } }
    }
}
