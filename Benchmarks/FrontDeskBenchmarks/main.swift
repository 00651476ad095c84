// FrontDesk benchmarks. Run in release mode, optionally with a name filter:
//   swift run -c release FrontDeskBenchmarks scheduling
// Add a group by appending its `all` list here.
import Foundation

let registry: [Benchmark] = SchedulingBenchmarks.all

exit(Runner.main(registry, arguments: Array(CommandLine.arguments.dropFirst())))
