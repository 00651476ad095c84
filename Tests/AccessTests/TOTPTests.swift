import Foundation
import Testing
@testable import Access

@Suite("TOTP (RFC 6238)")
struct TOTPTests {
    /// RFC 6238 appendix B, SHA-1: the ASCII secret "12345678901234567890".
    static let rfcSecret = Array("12345678901234567890".utf8)
    static let vectors: [(TimeInterval, String)] = [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ]

    @Test func rfc6238VectorsWithEightDigits() {
        let totp = TOTP(secret: Self.rfcSecret, digits: 8)
        for (t, code) in Self.vectors {
            #expect(totp.code(at: Date(timeIntervalSince1970: t)) == code, "T=\(t)")
        }
    }

    @Test func sixDigitTruncationIsTheLastSixDigits() {
        let totp = TOTP(secret: Self.rfcSecret)
        for (t, code) in Self.vectors {
            #expect(totp.code(at: Date(timeIntervalSince1970: t)) == String(code.suffix(6)), "T=\(t)")
        }
        #expect(totp.code(at: Date(timeIntervalSince1970: 1_111_111_109)) == "081804")   // leading zero kept
    }

    @Test func rfc4226HOTPVectors() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        let totp = TOTP(secret: Self.rfcSecret)
        #expect((0..<10).map { totp.code(step: Int64($0)) } == expected)
    }

    @Test func acceptsOneStepEitherSideOnly() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 1_773_158_400)   // step boundary
        let step = totp.step(at: now)
        #expect(totp.match(totp.code(step: step), at: now) == step)
        #expect(totp.match(totp.code(step: step - 1), at: now) == step - 1)
        #expect(totp.match(totp.code(step: step + 1), at: now) == step + 1)
        #expect(totp.match(totp.code(step: step - 2), at: now) == nil)
        #expect(totp.match(totp.code(step: step + 2), at: now) == nil)
        #expect(totp.match(totp.code(step: step), at: now.addingTimeInterval(59)) == step)      // still within one step
        #expect(totp.match(totp.code(step: step), at: now.addingTimeInterval(60)) == nil)
        #expect(totp.match(totp.code(step: step - 2), at: now, window: 2) == step - 2)
    }

    @Test func aStepIsAcceptedOnceAndNeverAnEarlierOne() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 1_773_158_400)
        let step = totp.step(at: now)
        let code = totp.code(step: step)
        #expect(totp.match(code, at: now, after: step) == nil)          // replay
        #expect(totp.match(code, at: now, after: step - 1) == step)
        #expect(totp.match(totp.code(step: step - 1), at: now, after: step) == nil)   // an older code after a newer one
        #expect(totp.match(totp.code(step: step + 1), at: now, after: step) == step + 1)
    }

    @Test func malformedCodesNeverMatch() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 59)
        #expect(totp.match("287 082", at: now) != nil)   // spaces ignored (as apps show it)
        for bad in ["", "28708", "2870822", "28708a", "٢٨٧٠٨٢", "+87082"] { #expect(totp.match(bad, at: now) == nil, "\(bad)") }
    }

    @Test func secretsAre20RandomBytesInBase32() throws {
        let a = TOTP.generateSecret(), b = TOTP.generateSecret()
        #expect(a.count == 20 && a != b)
        let totp = TOTP(secret: a)
        #expect(totp.base32Secret.count == 32 && !totp.base32Secret.contains("="))
        #expect(TOTP(base32Secret: totp.base32Secret) == totp)
        #expect(TOTP(base32Secret: totp.base32Secret.lowercased()) == totp)
        #expect(TOTP(base32Secret: "not base32!") == nil && TOTP(base32Secret: "") == nil)
    }

    @Test func base32MatchesRFC4648() {
        let cases = ["": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI"]
        for (plain, encoded) in cases {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.encode(TOTPTests.rfcSecret) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }

    @Test func enrollmentURI() {
        let totp = TOTP(secret: Self.rfcSecret)
        #expect(totp.enrollmentURI(email: "rhea+mfa@lakeview.example")
                == "otpauth://totp/FrontDesk:rhea%2Bmfa@lakeview.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=FrontDesk&algorithm=SHA1&digits=6&period=30")
    }
}
