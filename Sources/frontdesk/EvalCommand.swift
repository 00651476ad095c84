import ArgumentParser
import Evaluation

/// `frontdesk eval`: run scripted-call suites against the built-in receptionist.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run call evaluation suites against the receptionist.",
        discussion: """
        Each SUITE is a YAML file of scripted calls (format: shared/spec/eval-suite.md). Calls run against the
        real conversation engine on a simulated clock, with no network. Prints one line per case (PASS id /
        FAIL id: why), then one line per metric, then "N passed, N failed". Exits 0 only when every case passes.
        """
    )

    @Flag(name: .long, help: "Print a machine-readable JSON report instead of text.")
    var json = false

    @Flag(name: .long, help: "Print each call as a transcript with its events.")
    var verbose = false

    @Argument(help: "Suite files (YAML).")
    var suites: [String]

    func run() async throws {
        var all: [CaseResult] = []
        var loadErrors = 0
        for path in suites {
            do {
                let suite = try Suite.load(path: path)
                all += await EvalRunner.run(suite)
            } catch {
                loadErrors += 1
                printError("\(error)")
            }
        }
        print(json ? EvalReport.json(all) : EvalReport.plain(all, verbose: verbose))
        if loadErrors > 0 || all.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
