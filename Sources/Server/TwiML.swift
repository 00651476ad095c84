/// TwiML documents the server answers with.
public enum TwiML {
    /// `<Connect><Stream>`: a bidirectional Media Stream to `streamURL`, carrying the practice id as a custom
    /// parameter (Twilio echoes it in the stream's `start` message as `customParameters.practice`).
    public static func connectStream(streamURL: String, practiceID: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Response><Connect><Stream url=\"\(escape(streamURL))\">"
            + "<Parameter name=\"practice\" value=\"\(escape(practiceID))\"/>"
            + "</Stream></Connect></Response>"
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
