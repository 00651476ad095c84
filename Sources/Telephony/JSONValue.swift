// A small, strict JSON reader for media stream messages: 50 messages a second per call make
// Foundation's JSONSerialization (which bridges through NSObject) the costliest part of a frame.

/// A parsed JSON value.
public enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    /// A member of an object (the first with that key), else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }

    /// A whole number, written as a number or as a string of digits (Twilio sends both).
    public var int: Int? {
        switch self {
        case .number(let d): d.rounded() == d && abs(d) < 1e15 ? Int(d) : nil
        case .string(let s): Int(s)
        default: nil
        }
    }

    /// Parses a complete JSON text (nesting at most 32 deep).
    public static func parse(_ text: String) throws(MediaStreamError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, MediaStreamError> = text.withUTF8 { buf in
            do throws(MediaStreamError) {
                let document = try JSONDocument(buf)
                return .success(document.value(0))
            } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// A JSON text read in one strict pass into a flat list of tokens, so that a message's few fields can be
/// read where they lie, without building a value for every member (50 messages a second per call).
/// Valid while the bytes it was read from are; `value(_:)` builds a `JSONValue` when one is wanted.
struct JSONDocument {
    enum Kind: UInt8 { case object, array, string, number, `true`, `false`, null }

    /// One value. A string's `start..<end` is its content between the quotes; a container's `next` is the
    /// index of the first token after its members (members follow it: key then value, for objects).
    struct Token {
        var kind: Kind
        var escaped = false
        var start: Int
        var end: Int
        var next: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var tokens: [Token] = []

    /// Reads a complete JSON text (nesting at most 32 deep); token 0 is its value.
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(MediaStreamError) {
        self.bytes = bytes
        tokens.reserveCapacity(16)
        var i = 0
        try read(at: &i, depth: 0)
        skipSpace(&i)
        guard i == bytes.count else { throw fail("trailing characters", at: i) }
    }

    // MARK: Reading fields

    /// The value of `object`'s first member named `key`, if `object` is an object that has one.
    func member(_ key: StaticString, of object: Int) -> Int? {
        guard tokens[object].kind == .object else { return nil }
        var t = object + 1
        while t < tokens[object].next {
            if equals(t, key) { return t + 1 }
            t = tokens[t + 1].next
        }
        return nil
    }

    /// Whether token `t` is a string equal to `text`.
    func equals(_ t: Int, _ text: StaticString) -> Bool {
        let token = tokens[t]
        guard token.kind == .string else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        if token.escaped { return Array((string(t) ?? "").utf8) == Array(expected) }
        return UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]).elementsEqual(expected)
    }

    /// A string token's bytes as written (no escapes in them), else nil.
    func rawString(_ t: Int) -> UnsafeBufferPointer<UInt8>? {
        let token = tokens[t]
        guard token.kind == .string, !token.escaped else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
    }

    /// A string token's text, escapes decoded (nil for any other token).
    func string(_ t: Int) -> String? {
        let token = tokens[t]
        guard token.kind == .string else { return nil }
        guard token.escaped else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self) }
        var out: [UInt8]? = []
        var i = token.start - 1
        _ = try? scanString(&i, decodingInto: &out)     // read once already: cannot fail
        return String(decoding: out ?? [], as: UTF8.self)
    }

    /// Token `t` as a value.
    func value(_ t: Int) -> JSONValue {
        let token = tokens[t]
        switch token.kind {
        case .object:
            var pairs: [(String, JSONValue)] = []
            var m = t + 1
            while m < token.next {
                pairs.append((string(m) ?? "", value(m + 1)))
                m = tokens[m + 1].next
            }
            return .object(pairs)
        case .array:
            var items: [JSONValue] = []
            var m = t + 1
            while m < token.next {
                items.append(value(m))
                m = tokens[m].next
            }
            return .array(items)
        case .string: return .string(string(t) ?? "")
        case .number: return .number(Self.number(UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])) ?? 0)
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .null: return .null
        }
    }

    // MARK: The grammar

    private func fail(_ why: String, at i: Int) -> MediaStreamError { MediaStreamError("\(why) at byte \(i)") }

    private func skipSpace(_ i: inout Int) {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// Appends one value's tokens, from the value at `i` on.
    private mutating func read(at i: inout Int, depth: Int) throws(MediaStreamError) {
        guard depth < 32 else { throw fail("nested too deep", at: i) }
        skipSpace(&i)
        guard i < bytes.count else { throw fail("unexpected end", at: i) }
        let t = tokens.count
        switch bytes[i] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = bytes[i] == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            tokens.append(Token(kind: isObject ? .object : .array, start: i, end: i, next: 0))
            i += 1
            skipSpace(&i)
            if i < bytes.count, bytes[i] == close {
                i += 1
            } else {
                while true {
                    if isObject {
                        skipSpace(&i)
                        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key", at: i) }
                        try readString(at: &i)
                        skipSpace(&i)
                        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'", at: i) }
                        i += 1
                    }
                    try read(at: &i, depth: depth + 1)
                    skipSpace(&i)
                    guard i < bytes.count else { throw fail("unexpected end", at: i) }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == close { i += 1; break }
                    throw fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'", at: i)
                }
            }
            tokens[t].end = i
            tokens[t].next = tokens.count
        case UInt8(ascii: "\""):
            try readString(at: &i)
        case UInt8(ascii: "t"): try literal("true", .true, at: &i)
        case UInt8(ascii: "f"): try literal("false", .false, at: &i)
        case UInt8(ascii: "n"): try literal("null", .null, at: &i)
        default:
            let start = i
            while i < bytes.count, let c = Optional(bytes[i]),
                  (48...57).contains(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
                    || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { i += 1 }
            guard i > start, Self.number(UnsafeBufferPointer(rebasing: bytes[start..<i])) != nil else {
                throw fail("invalid value", at: i)
            }
            tokens.append(Token(kind: .number, start: start, end: i, next: tokens.count + 1))
        }
    }

    private mutating func literal(_ word: StaticString, _ kind: Kind, at i: inout Int) throws(MediaStreamError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end", at: i) }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("invalid literal", at: i) }
        tokens.append(Token(kind: kind, start: i, end: i + n, next: tokens.count + 1))
        i += n
    }

    private static func number(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let d = Double(String(decoding: text, as: UTF8.self)), d.isFinite else { return nil }
        return d
    }

    /// Appends the string token starting at the opening quote at `i`.
    private mutating func readString(at i: inout Int) throws(MediaStreamError) {
        let start = i + 1
        var none: [UInt8]? = nil
        let escaped = try scanString(&i, decodingInto: &none)
        tokens.append(Token(kind: .string, escaped: escaped, start: start, end: i - 1, next: tokens.count + 1))
    }

    /// Reads the string whose opening quote is at `i`, to just past its closing quote: every JSON escape,
    /// no control characters. Writes its decoded bytes to `out` when given. True if it has escapes.
    @discardableResult
    private func scanString(_ i: inout Int, decodingInto out: inout [UInt8]?) throws(MediaStreamError) -> Bool {
        i += 1
        var escaped = false
        if out == nil {                                 // the usual string: no escapes, nothing to copy
            while i < bytes.count, bytes[i] >= 0x20, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; return escaped }
            guard c >= 0x20 else { throw fail("control character in string", at: i) }
            i += 1
            guard c == UInt8(ascii: "\\") else { out?.append(c); continue }
            escaped = true
            guard i < bytes.count else { break }
            let e = bytes[i]; i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out?.append(e)
            case UInt8(ascii: "b"): out?.append(0x08)
            case UInt8(ascii: "f"): out?.append(0x0C)
            case UInt8(ascii: "n"): out?.append(0x0A)
            case UInt8(ascii: "r"): out?.append(0x0D)
            case UInt8(ascii: "t"): out?.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(&i)
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate", at: i)
                    }
                    i += 2
                    let low = try hex4(&i)
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("lone surrogate", at: i) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid escape", at: i) }
                out?.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("invalid escape", at: i)
            }
        }
        throw fail("unterminated string", at: i)
    }

    private func hex4(_ i: inout Int) throws(MediaStreamError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("short \\u escape", at: i) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]; i += 1
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw fail("invalid \\u escape", at: i)
            }
            v = v << 4 | d
        }
        return v
    }
}

/// Standard base64 (RFC 4648, with padding) over bytes, without Foundation's Data round trips.
public enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    /// Encodes bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: encodedCount(bytes.count)) { out in
            bytes.withUnsafeBufferPointer { encode($0, into: UnsafeMutableRawBufferPointer(out)) }
        }
    }

    /// The length of the base64 text of `count` bytes.
    public static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Writes the base64 text of `bytes` to the start of `out` (at least `encodedCount` bytes long);
    /// returns its length.
    public static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) -> Int {
        alphabet.withUnsafeBufferPointer { a in
            var i = 0, o = 0
            while i + 3 <= bytes.count {
                let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                out[o] = a[Int(n >> 18 & 63)]; out[o + 1] = a[Int(n >> 12 & 63)]
                out[o + 2] = a[Int(n >> 6 & 63)]; out[o + 3] = a[Int(n & 63)]
                i += 3; o += 4
            }
            let rest = bytes.count - i
            if rest > 0 {
                let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
                out[o] = a[Int(n >> 18 & 63)]; out[o + 1] = a[Int(n >> 12 & 63)]
                out[o + 2] = rest == 2 ? a[Int(n >> 6 & 63)] : UInt8(ascii: "=")
                out[o + 3] = UInt8(ascii: "=")
                o += 4
            }
            return o
        }
    }

    /// Decodes padded base64; nil on any other character or a bad length.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    /// Decodes padded base64 from its bytes; nil on any other character or a bad length.
    public static func decode(_ s: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard s.count % 4 == 0 else { return nil }
        guard s.count > 0 else { return [] }
        let pad = s[s.count - 1] == UInt8(ascii: "=") ? (s[s.count - 2] == UInt8(ascii: "=") ? 2 : 1) : 0
        var valid = true
        let out = [UInt8](unsafeUninitializedCapacity: s.count / 4 * 3 - pad) { out, count in
            table.withUnsafeBufferPointer { t in
                var i = 0, o = 0
                while i < s.count {
                    let p = i + 4 == s.count ? pad : 0      // '=' only at the end; anywhere else it is invalid
                    var n: UInt32 = 0
                    for k in 0..<4 {
                        if k >= 4 - p { n <<= 6; continue }
                        let v = t[Int(s[i + k])]
                        guard v != 0xFF else { valid = false; count = 0; return }
                        n = n << 6 | UInt32(v)
                    }
                    out[o] = UInt8(n >> 16 & 0xFF); o += 1
                    if p < 2 { out[o] = UInt8(n >> 8 & 0xFF); o += 1 }
                    if p < 1 { out[o] = UInt8(n & 0xFF); o += 1 }
                    i += 4
                }
                count = o
            }
        }
        return valid ? out : nil
    }
}
