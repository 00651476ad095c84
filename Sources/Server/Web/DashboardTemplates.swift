import Foundation
import Mustache

/// The dashboard's Mustache templates (`Sources/Server/Web/Templates`, bundled with the Server module as a
/// resource folder), read and compiled once when the dashboard is made.
///
/// Every page template extends `layout` (`{{<layout}}{{$main}}…{{/main}}{{/layout}}`); shared pieces are
/// partials under `partials/`. Templates write every value with `{{name}}` (HTML-escaped); a test refuses
/// triple braces, `{{& }}` and pragmas that change the escaping. Values reach the templates only through
/// `TemplateScope`, which readies caller text for the escaper. See docs/dashboard.md.
struct DashboardTemplates: Sendable {
    /// The pages the dashboard renders (each a template of that name).
    enum Page: String, CaseIterable, Sendable {
        case login, mfa, password, calls, call, messages, refills, appointments, audit, practice, forbidden, notice
    }

    /// Why the templates could not be loaded.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    private let library: MustacheLibrary

    /// The compiled templates in `directory` (`*.mustache`, recursively; a file `partials/x.mustache` is
    /// the partial `partials/x`). Throws when a file does not parse or a page template is missing.
    init(directory: URL) throws {
        let root = directory.standardizedFileURL.path
        guard let files = FileManager.default.enumerator(atPath: root) else {
            throw LoadError(description: "dashboard templates not found at \(root)")
        }
        var library = MustacheLibrary()
        for case let relative as String in files where relative.hasSuffix(".mustache") {
            let path = (root as NSString).appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LoadError(description: "cannot read dashboard template \(relative)")
            }
            do {
                try library.register(String(decoding: data, as: UTF8.self), named: String(relative.dropLast(".mustache".count)))
            } catch {
                throw LoadError(description: "dashboard template \(relative) does not parse: \(error)")
            }
        }
        for name in Page.allCases.map(\.rawValue) + ["layout"] where library.getTemplate(named: name) == nil {
            throw LoadError(description: "dashboard template \(name).mustache is missing from \(root)")
        }
        self.library = library
    }

    /// The folder of templates shipped with the Server module (`FrontDesk_Server.resources/Templates`
    /// beside the `frontdesk` binary, or in the build folder for tests).
    static var bundledDirectory: URL {
        Bundle.module.resourceURL?.appendingPathComponent("Templates")
            ?? Bundle.module.bundleURL.appendingPathComponent("Templates")
    }

    /// The shipped templates, compiled.
    static func bundled() throws -> DashboardTemplates { try DashboardTemplates(directory: bundledDirectory) }

    /// Renders the page template `page` over `view` (seen through a `TemplateScope`).
    func render(_ page: Page, _ view: Any) -> String {
        render(named: page.rawValue, view)
    }

    /// Renders any template by name (tests use this for partials). Empty for an unknown name, which
    /// `init` rules out for pages.
    func render(named name: String, _ view: Any) -> String {
        library.render(TemplateScope(view), withTemplate: name) ?? ""
    }
}
