// A tiny benchmark harness: named benchmarks, timed per iteration with `ContinuousClock`.
// To add benchmarks, write a `static var all: [Benchmark]` somewhere in this folder and append it to
// `registry` in main.swift. Names are `area.what` (e.g. `scheduling.first_available_90d`); the command-line
// filter matches any part of the name.

/// One named measurement.
struct Benchmark: Sendable {
    var name: String
    /// Timed iterations (after `warmup` untimed ones). `--iterations N` overrides.
    var iterations: Int
    var warmup: Int
    /// Builds the fixture (untimed) and returns the operation to time. The operation returns a value
    /// derived from its work; the runner folds it into a checksum that is printed, so the optimiser
    /// cannot drop the work.
    var setUp: @Sendable () -> () -> Int

    init(_ name: String, iterations: Int = 1000, warmup: Int = 100, setUp: @escaping @Sendable () -> () -> Int) {
        self.name = name; self.iterations = iterations; self.warmup = warmup; self.setUp = setUp
    }
}

/// Per-iteration timings of one benchmark.
struct BenchmarkResult {
    var name: String
    var samples: [Duration]
    var checksum: Int

    private var sortedMS: [Double] { samples.map(Self.ms).sorted() }
    var median: Double { percentile(50) }
    var p99: Double { percentile(99) }
    var mean: Double { samples.isEmpty ? 0 : samples.map(Self.ms).reduce(0, +) / Double(samples.count) }

    /// Nearest-rank percentile, in milliseconds.
    func percentile(_ p: Double) -> Double {
        let s = sortedMS
        guard !s.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(s.count)).rounded(.up))
        return s[min(max(rank, 1), s.count) - 1]
    }

    static func ms(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) * 1e3 + Double(c.attoseconds) / 1e15
    }

    /// `scheduling.first_available_90d: median 0.21 ms, p99 0.35 ms, mean 0.22 ms (n=2000)`
    var line: String {
        "\(name): median \(Self.format(median)) ms, p99 \(Self.format(p99)) ms, mean \(Self.format(mean)) ms (n=\(samples.count))"
    }

    static func format(_ v: Double) -> String {
        let digits = v >= 100 ? 0 : v >= 10 ? 1 : v >= 0.1 ? 2 : 3
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (v * scale).rounded() / scale
        var s = "\(r)"
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if digits == 0 { s = String(s[..<dot]) } else if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
        }
        return s
    }
}

/// Keeps a value alive as far as the optimiser can tell.
@inline(never)
func blackHole<T>(_ x: T) {
    withExtendedLifetime(x) {}
}

enum Runner {
    static func run(_ b: Benchmark, iterations: Int?) -> BenchmarkResult {
        let op = b.setUp()
        var checksum = 0
        for _ in 0..<b.warmup { checksum &+= op() }
        let n = iterations ?? b.iterations
        var samples: [Duration] = []
        samples.reserveCapacity(n)
        let clock = ContinuousClock()
        for _ in 0..<n {
            let start = clock.now
            let v = op()
            let end = clock.now
            checksum &+= v
            samples.append(end - start)
        }
        blackHole(checksum)
        return BenchmarkResult(name: b.name, samples: samples, checksum: checksum)
    }

    static let usage = """
    usage: FrontDeskBenchmarks [filter …] [--iterations N] [--list]
      filter         run benchmarks whose name contains any filter (default: all), e.g. "scheduling"
      --iterations N timed iterations per benchmark (default: each benchmark's own)
      --list         print the benchmark names and exit
    Build in release mode: swift run -c release FrontDeskBenchmarks scheduling
    """

    static func main(_ registry: [Benchmark], arguments: [String]) -> Int32 {
        var filters: [String] = []
        var iterations: Int? = nil
        var list = false
        var args = arguments[...]
        while let a = args.popFirst() {
            switch a {
            case "--iterations", "-n":
                guard let v = args.popFirst().flatMap(Int.init), v > 0 else { print(usage); return 2 }
                iterations = v
            case "--list": list = true
            case "--help", "-h": print(usage); return 0
            default:
                if a.hasPrefix("-") { print("unknown option \(a)\n\(usage)"); return 2 }
                filters.append(a)
            }
        }
        let chosen = registry.filter { b in filters.isEmpty || filters.contains { b.name.contains($0) } }
        if list { chosen.forEach { print($0.name) }; return 0 }
        if chosen.isEmpty { print("no benchmark matches \(filters.joined(separator: " ")); try --list"); return 1 }
        #if DEBUG
        print("warning: debug build — use `swift run -c release …` for meaningful figures")
        #endif
        var total = 0
        for b in chosen {
            let r = run(b, iterations: iterations)
            total &+= r.checksum
            print(r.line)
        }
        print("(checksum \(total))")
        return 0
    }
}
