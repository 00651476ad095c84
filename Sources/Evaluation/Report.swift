import Foundation
import FrontDeskCore
import Conversation

/// Renders eval results as the spec's plain text (`PASS id` / `FAIL id: why`, metrics, `N passed, N failed`),
/// as a transcript (`--verbose`), or as JSON (`--json`).
public enum EvalReport {
    public static func plain(_ results: [CaseResult], verbose: Bool) -> String {
        var lines: [String] = []
        for r in results {
            if verbose { lines.append(transcript(r)) }
            lines.append(r.passed ? "PASS \(r.id)" : "FAIL \(r.id): \(r.failures.joined(separator: "; "))")
        }
        for (k, v) in EvalMetrics(results).lines { lines.append("\(k): \(v)") }
        let passed = results.filter(\.passed).count
        lines.append("\(passed) passed, \(results.count - passed) failed")
        return lines.joined(separator: "\n")
    }

    public static func transcript(_ r: CaseResult) -> String {
        var lines = ["=== \(r.id) (\((r.suite as NSString).lastPathComponent))"]
        for (i, a) in r.record.agent.enumerated() {
            if i > 0, i - 1 < r.record.caller.count { lines.append("  caller: \(r.record.caller[i - 1])") }
            lines.append("  agent:  \(a)")
            let ev = r.record.events.filter { $0.turn == i }.map(\.outcome.rawValue)
            if !ev.isEmpty { lines.append("          [\(ev.joined(separator: ", "))]") }
            if i < r.record.actions.count, r.record.actions[i] != .continue { lines.append("          → \(describe(r.record.actions[i]))") }
        }
        lines.append("  summary: " + r.record.summary.replacingOccurrences(of: "\n", with: " | "))
        return lines.joined(separator: "\n")
    }

    static func describe(_ a: CallAction) -> String {
        switch a {
        case .continue: return "continue"
        case .end: return "end call"
        case .transfer(let to, let reason): return "transfer to \(to) (\(reason.rawValue))"
        }
    }

    public static func json(_ results: [CaseResult]) -> String {
        let m = EvalMetrics(results)
        let cases: [[String: Any]] = results.map { r in
            [
                "suite": r.suite, "id": r.id, "passed": r.passed, "failures": r.failures,
                "turns_used": r.record.turnsUsed,
                "events": r.record.events.map { e -> [String: Any] in
                    var d: [String: Any] = ["outcome": e.outcome.rawValue, "turn": e.turn]
                    if let a = e.appointment {
                        d["appointment"] = ["type": a.typeID ?? NSNull(), "provider": a.providerID, "start": a.start.iso] as [String: Any]
                    }
                    return d
                },
            ]
        }
        let passed = results.filter(\.passed).count
        let doc: [String: Any] = [
            "cases": cases,
            "metrics": [
                "emergency_recall": m.emergencyRecall, "false_emergency_rate": m.falseEmergencyRate,
                "clinical_advice_leaks": m.clinicalAdviceLeaks, "overcollection": m.overcollection,
                "task_success": m.taskSuccess, "mean_turns": m.meanTurns,
            ],
            "passed": passed, "failed": results.count - passed,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(data: data, encoding: .utf8) ?? "{}"
    }
}
