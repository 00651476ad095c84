import Mustache

/// What a dashboard template sees: the fields of a view value by name (`Mirror` for structs, keys for
/// `[String: Any]`), with every string in it — at any depth — passed through `TemplateScope.isolate` first.
///
/// Why: swift-mustache HTML-escapes `{{name}}` output one `Character` (grapheme cluster) at a time, and a
/// cluster that merely *contains* `<`, `>`, `&`, `"` or `'` is not escaped. A caller could glue a quote to a
/// combining mark (`"\u{301}`) to break out of an attribute, or put a prepending mark before `<`
/// (`\u{600}<script>`) to open a tag. Isolating those five characters first makes every one of them its own
/// cluster, so the library's escaper always sees and escapes them. Rendering only ever goes through a
/// `TemplateScope` (`DashboardTemplates.render`), so no page can forget.
struct TemplateScope: MustacheParent {
    /// A view value: a struct of strings, numbers, booleans, optionals, arrays and other such structs.
    let value: Any

    init(_ value: Any) { self.value = value }

    func child(named name: String) -> Any? {
        if let dictionary = value as? [String: Any] { return dictionary[name].flatMap(Self.wrap) }
        guard let field = Mirror(reflecting: value).children.first(where: { $0.label == name }) else { return nil }
        return Self.wrap(field.value)
    }

    /// A value as the renderer should see it: nil for an empty optional, strings isolated, numbers and
    /// booleans as they are, arrays element by element, anything else scoped again. Values of other kinds
    /// (enums, dates) become their description, isolated, so nothing reaches the template unprepared.
    static func wrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let inner = mirror.children.first?.value else { return nil }
            return wrap(inner)
        }
        switch value {
        case let s as String: return isolate(s)
        case let s as Substring: return isolate(String(s))
        case let b as Bool: return b
        case let n as Int: return n
        case let list as [Any]: return list.compactMap(wrap)
        default:
            switch mirror.displayStyle {
            case .struct?, .class?, .tuple?, .dictionary?: return TemplateScope(value)
            default: return isolate(String(describing: value))
            }
        }
    }

    /// The characters HTML escaping must always see on their own.
    static let special: Set<Unicode.Scalar> = ["<", ">", "&", "\"", "'"]

    /// `text` with each of `< > & " '` that shares a grapheme cluster with a neighbour set apart by
    /// U+200B ZERO WIDTH SPACE on both sides (a control for grapheme breaking, so nothing joins across it),
    /// and NUL replaced by U+FFFD. Text without such clusters is returned unchanged.
    static func isolate(_ text: String) -> String {
        guard text.contains(where: { c in
            c.unicodeScalars.contains("\u{0}") || (c.unicodeScalars.count > 1 && c.unicodeScalars.contains(where: special.contains))
        }) else { return text }
        var out = String.UnicodeScalarView()
        for c in text {
            let scalars = c.unicodeScalars
            for s in scalars {
                if s == "\u{0}" {
                    out.append("\u{FFFD}")
                } else if scalars.count > 1, special.contains(s) {
                    out.append("\u{200B}"); out.append(s); out.append("\u{200B}")
                } else {
                    out.append(s)
                }
            }
        }
        return String(out)
    }
}
