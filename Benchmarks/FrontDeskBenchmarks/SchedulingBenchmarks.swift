import Foundation
import FrontDeskCore
import Scheduling

/// Slot search on a generated practice: 10 providers, 15-minute grid, 2,000 existing bookings.
enum SchedulingBenchmarks {
    static var all: [Benchmark] {
        [
            Benchmark("scheduling.first_available_90d", iterations: 2000, warmup: 200) {
                let f = Fixture.shared
                let q = SlotQuery.firstAvailable(typeID: "cleaning", from: f.today, days: 90, limit: 3)
                return { checksum(f.availability.search(q, busy: f.busy, now: f.now)) }
            },
            Benchmark("scheduling.first_available_90d_one_provider", iterations: 2000, warmup: 200) {
                let f = Fixture.shared
                let q = SlotQuery.firstAvailable(typeID: "cleaning", providerID: "prov-7", from: f.today, days: 90, limit: 3)
                return { checksum(f.availability.search(q, busy: f.busy, now: f.now)) }
            },
            Benchmark("scheduling.specific_afternoon", iterations: 2000, warmup: 200) {
                let f = Fixture.shared
                let q = SlotQuery(typeID: "exam", from: f.today.adding(days: 9), days: 1, part: .afternoon, limit: 3)
                return { checksum(f.availability.search(q, busy: f.busy, now: f.now)) }
            },
            Benchmark("scheduling.all_slots_90d", iterations: 200, warmup: 20) {
                let f = Fixture.shared
                let q = SlotQuery(typeID: "exam", from: f.today, days: 90, limit: .max)
                return { checksum(f.availability.search(q, busy: f.busy, now: f.now)) }
            },
        ]
    }

    /// Folds a result into an Int so that the search cannot be optimised away.
    static func checksum(_ r: SearchResult) -> Int {
        switch r {
        case .slots(let s): return s.reduce(s.count) { $0 &* 31 &+ $1.start.wallMinutes &+ $1.providerID.utf8.count }
        case .none: return -1
        }
    }

    /// The generated practice and its bookings (built once).
    struct Fixture: Sendable {
        static let shared = Fixture()

        let profile: PracticeProfile
        let availability: Availability
        let busy: [Appointment]
        let today = LocalDate(year: 2026, month: 3, day: 2)   // a Monday, six days before the DST change
        var now: LocalDateTime { LocalDateTime(date: today, time: TimeOfDay(hour: 7, minute: 30)) }

        init() {
            func r(_ a: Int, _ b: Int) -> OpenRange { OpenRange(start: TimeOfDay(hour: a), end: TimeOfDay(hour: b)) }
            var hours = WeeklyHours()
            for wd in [Weekday.mon, .tue, .wed, .thu, .fri] { hours[wd] = r(8, 18) }
            hours[.sat] = r(9, 13)
            let types = [
                AppointmentType(id: "cleaning", name: "Cleaning", minutes: 60),
                AppointmentType(id: "exam", name: "Exam", minutes: 30),
                AppointmentType(id: "consult", name: "Consultation", minutes: 45),
            ]
            let providers = (0..<10).map { i -> Provider in
                var h: [Weekday: OpenRange?] = [:]
                if i % 3 == 0 { h[.fri] = .some(nil) }          // some never work Fridays
                if i % 4 == 1 { h[.mon] = r(12, 18) }           // some start late on Mondays
                if i % 2 == 0 { h[.sat] = .some(nil) }
                return Provider(id: "prov-\(i)", name: "Provider \(i)",
                                appointmentTypes: i % 2 == 0 ? ["cleaning", "exam"] : ["cleaning", "exam", "consult"], hours: h)
            }
            let closures = [LocalDate(year: 2026, month: 5, day: 25), LocalDate(year: 2026, month: 7, day: 3)]
            profile = PracticeProfile(
                practice: Practice(id: "bench", name: "Bench Dental", vertical: .dental,
                                   timeZone: TimeZone(identifier: "America/Chicago")!, phone: "+13125550100", address: "-"),
                hours: hours, closures: closures, appointmentTypes: types, providers: providers,
                handoff: Handoff(frontDesk: "+13125550101"), slotStepMinutes: 15)
            availability = Availability(profile: profile)
            busy = Self.bookings(profile: profile, availability: availability, from: today)
        }

        /// 2,000 bookings: the first weeks packed (gaps under an hour, as in a busy practice), the rest scattered.
        static func bookings(profile: PracticeProfile, availability: Availability, from: LocalDate) -> [Appointment] {
            var rng = SplitMix64(seed: 42)
            var out: [Appointment] = []
            let lengths = [30, 45, 60]
            func add(_ p: String, _ d: LocalDate, _ start: Int, _ minutes: Int) {
                out.append(Appointment(id: "b\(out.count)", practiceID: "bench", patientID: "pat\(out.count % 500)",
                                       typeID: nil, providerID: p, start: LocalDateTime(date: d, time: TimeOfDay(minutes: start)),
                                       minutes: minutes))
            }
            // Packed: day by day, provider by provider, until 1,700 bookings.
            var day = 0
            packing: while true {
                let d = from.adding(days: day)
                for p in profile.providers {
                    guard let h = availability.hours(of: p.id, on: d) else { continue }
                    var t = h.start.minutes + 15 * rng.below(2)
                    var freeFrom = h.start.minutes
                    while true {
                        let m = lengths[rng.below(3)]
                        if t + m > h.end.minutes { break }
                        add(p.id, d, t, m)
                        freeFrom = t + m
                        if out.count == 1700 { break packing }
                        t += m + 15 * rng.below(3)          // 0–30 minute gaps: never room for a 60-minute cleaning
                    }
                    if h.end.minutes - freeFrom >= 60 {     // no free hour at the end of the day either
                        add(p.id, d, freeFrom, h.end.minutes - freeFrom)
                        if out.count == 1700 { break packing }
                    }
                }
                day += 1
            }
            // Scattered over the rest of the 90 days.
            var attempts = 0
            while out.count < 2000, attempts < 100_000 {
                attempts += 1
                let d = from.adding(days: day + rng.below(90 - day))
                let p = profile.providers[rng.below(profile.providers.count)].id
                guard let h = availability.hours(of: p, on: d) else { continue }
                let m = lengths[rng.below(3)]
                let slots = (h.end.minutes - m - h.start.minutes) / 15 + 1
                guard slots > 0 else { continue }
                let start = h.start.minutes + 15 * rng.below(slots)
                let clash = out.contains { $0.providerID == p && $0.overlaps(start: LocalDateTime(date: d, time: TimeOfDay(minutes: start)), minutes: m) }
                if !clash { add(p, d, start, m) }
            }
            return out
        }
    }
}

/// Deterministic PRNG so every run measures the same bookings.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
