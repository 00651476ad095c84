/// TwiML documents the server answers with.
public enum TwiML {
    /// `<Connect><Stream>`: a bidirectional Media Stream to `streamURL`, carrying the practice id and the
    /// caller's number as custom parameters (Twilio echoes them, to us only, in the stream's `start` message
    /// as `customParameters.practice` and `.caller`). Nothing follows `<Connect>`: when the stream closes,
    /// the call ends.
    public static func connectStream(streamURL: String, practiceID: String, caller: String? = nil) -> String {
        var params = "<Parameter name=\"practice\" value=\"\(escape(practiceID))\"/>"
        if let caller, !caller.isEmpty { params += "<Parameter name=\"caller\" value=\"\(escape(caller))\"/>" }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Response><Connect><Stream url=\"\(escape(streamURL))\">\(params)</Stream></Connect></Response>"
    }

    /// A handoff: a short notice, then the call is dialled through to `number` (a human or a line).
    /// With no number, the notice is said and the call ends.
    public static func handoff(notice: String, language: String, dial number: String?) -> String {
        var body = "<Say language=\"\(escape(language))\">\(escape(notice))</Say>"
        if let number { body += "<Dial>\(escape(number))</Dial>" } else { body += "<Hangup/>" }
        return "<Response>\(body)</Response>"
    }

    /// XML attribute escaping.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
