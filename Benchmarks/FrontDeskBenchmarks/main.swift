// FrontDesk benchmarks. Run in release mode, optionally with a name filter:
//   swift run -c release FrontDeskBenchmarks scheduling
// Add a group by appending its `all` list here.
import Foundation

let registry: [Benchmark] = SchedulingBenchmarks.all + SafetyBenchmarks.all + VaultBenchmarks.all + VoiceBenchmarks.all

let arguments = Array(CommandLine.arguments.dropFirst())
// The call-load benchmark's server runs as a child process of this executable (see CallLoadBenchmarks.swift).
if arguments.first == CallLoadBenchmarks.serverMode { exit(await CallLoadBenchmarks.serverMain(arguments: Array(arguments.dropFirst()))) }
// The callers' lines as files, for tools/media-load.c (see docs/benchmarks.md).
if arguments.first == CallLoadBenchmarks.audioMode { exit(CallLoadBenchmarks.writeLines(to: arguments.dropFirst().first ?? ".")) }
let filters = arguments.filter { !$0.hasPrefix("-") && Int($0) == nil }
var status: Int32 = 0
// The synchronous registry runs unless the filters select only the async conversation benchmark.
if filters.isEmpty || filters.contains(where: { f in registry.contains { $0.name.contains(f) } }) || arguments.contains("--list") {
    status = Runner.main(registry, arguments: arguments)
}
if ConversationBenchmarks.selected(filters), !arguments.contains("--list") {
    await ConversationBenchmarks.run(rounds: 20)
} else if arguments.contains("--list") {
    print(ConversationBenchmarks.name)
}
// The call-load group (`calls`, `calls.100` …) runs when selected; it is slow, so not without a filter.
let callSizes = filters.isEmpty ? [] : CallLoadBenchmarks.selected(filters)
if arguments.contains("--list") { CallLoadBenchmarks.names.forEach { print($0) } }
else if !callSizes.isEmpty { status = max(status, await CallLoadBenchmarks.run(sizes: callSizes, arguments: arguments)) }
exit(status)
