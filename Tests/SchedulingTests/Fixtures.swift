import Foundation
import FrontDeskCore
@testable import Scheduling

/// Test practice (America/Chicago):
///   hours  Mon–Wed 08:00–17:00, Thu 10:00–19:00, Fri 08:00–14:00, Sat/Sun closed; closure Fri 2026-03-13.
///   types  cleaning 60, exam 30, emergency 30, xray 30 (offered by nobody).
///   dr-a   exam, emergency — practice hours.
///   hyg-b  cleaning — Thu 10:00–16:00, Fri closed.
///   dr-c   exam — Mon 13:00–17:00 only on Mondays, Wed closed.
/// Week of 2026-03-09: Mon 9, Tue 10, Wed 11, Thu 12, Fri 13 (closure), Sat 14, Sun 15.
enum Fixture {
    static let zone = TimeZone(identifier: "America/Chicago")!

    static func d(_ s: String) -> LocalDate { LocalDate(iso: s)! }
    static func dt(_ s: String) -> LocalDateTime { LocalDateTime(iso: s)! }
    static func t(_ s: String) -> TimeOfDay { TimeOfDay(hhmm: s)! }
    static func range(_ s: String) -> OpenRange { OpenRange(parsing: s)! }

    static func profile(hours: [Weekday: OpenRange]? = nil, closures: [String] = ["2026-03-13"],
                        providers: [Provider]? = nil, step: Int = 30) -> PracticeProfile {
        let weekly = hours ?? [.mon: range("08:00-17:00"), .tue: range("08:00-17:00"), .wed: range("08:00-17:00"),
                               .thu: range("10:00-19:00"), .fri: range("08:00-14:00")]
        return PracticeProfile(
            practice: Practice(id: "test-dental", name: "Test Dental", vertical: .dental, timeZone: zone,
                               phone: "+13125550100", address: "1 Main St"),
            hours: WeeklyHours(weekly),
            closures: closures.map(d),
            appointmentTypes: [
                AppointmentType(id: "cleaning", name: "Cleaning", minutes: 60),
                AppointmentType(id: "exam", name: "Exam", minutes: 30),
                AppointmentType(id: "emergency", name: "Emergency", minutes: 30),
                AppointmentType(id: "xray", name: "X-ray", minutes: 30),
            ],
            providers: providers ?? [
                Provider(id: "dr-a", name: "Dr. A", appointmentTypes: ["exam", "emergency"]),
                Provider(id: "hyg-b", name: "Hygienist B", appointmentTypes: ["cleaning"],
                         hours: [.thu: range("10:00-16:00"), .fri: nil]),
                Provider(id: "dr-c", name: "Dr. C", appointmentTypes: ["exam"],
                         hours: [.mon: range("13:00-17:00"), .wed: nil]),
            ],
            handoff: Handoff(frontDesk: "+13125550101"),
            slotStepMinutes: step)
    }

    /// Open every day 09:00–17:00 (so the DST Sundays have slots), or round the clock.
    static func everyDay(_ r: String = "09:00-17:00") -> PracticeProfile {
        var h: [Weekday: OpenRange] = [:]
        for wd in Weekday.allCases { h[wd] = range(r) }
        return profile(hours: h, closures: [],
                       providers: [Provider(id: "dr-a", name: "Dr. A", appointmentTypes: ["exam", "cleaning"])])
    }

    /// A quiet Sunday morning before the test week.
    static let now = dt("2026-03-01T08:00")

    static func busy(_ provider: String, _ start: String, _ minutes: Int, id: String = UUID().uuidString,
                     status: Appointment.Status = .booked) -> Appointment {
        Appointment(id: id, practiceID: "test-dental", patientID: nil, typeID: nil, providerID: provider,
                    start: dt(start), minutes: minutes, status: status)
    }

    static func clock(_ local: String) -> FixedClock { FixedClock(local: dt(local), in: zone)! }
}

extension SearchResult {
    /// `["2026-03-09T08:00 dr-a", …]`
    var lines: [String] { slots.map(\.description) }
}
