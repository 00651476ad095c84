import FrontDeskCore
import Testing
@testable import Understanding

/// Monday 2026-03-09 unless a row says otherwise.
let monday = LocalDate(year: 2026, month: 3, day: 9)
let wednesdayApr15 = LocalDate(year: 2026, month: 4, day: 15)
let tuesdayNov24 = LocalDate(year: 2026, month: 11, day: 24)
let thursdayJun4 = LocalDate(year: 2026, month: 6, day: 4)
let mondayDec28 = LocalDate(year: 2026, month: 12, day: 28)

func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
func when(_ s: String, today: LocalDate = monday, _ lang: Language = .en) -> DateConstraint? {
    TimeExpressions.extract(from: NormalizedText(s), today: today, language: lang)
}

struct DateRow: CustomTestStringConvertible, Sendable {
    let phrase: String
    let today: LocalDate
    let expected: String?
    let lang: Language
    init(_ phrase: String, _ expected: String?, today: LocalDate = monday, _ lang: Language = .en) {
        self.phrase = phrase; self.expected = expected; self.today = today; self.lang = lang
    }
    var testDescription: String { "\(phrase) @\(today.iso) → \(expected ?? "nil")" }
}

@Suite("Dates: phrase → day")
struct DatePhraseTests {
    static let rows: [DateRow] = [
        // relative days
        DateRow("today", "2026-03-09"),
        DateRow("Can I come in today?", "2026-03-09"),
        DateRow("tomorrow", "2026-03-10"),
        DateRow("Tomorrow works", "2026-03-10"),
        DateRow("the day after tomorrow", "2026-03-11"),
        DateRow("hoy", "2026-03-09", .es),
        DateRow("mañana", "2026-03-10", .es),
        DateRow("Mañana por la tarde", "2026-03-10", .es),
        DateRow("pasado mañana", "2026-03-11", .es),
        DateRow("later today", "2026-03-09"),
        DateRow("tonight", "2026-03-09"),
        // weekdays
        DateRow("Tuesday", "2026-03-10"),
        DateRow("Tuesday morning works", "2026-03-10"),
        DateRow("Wednesday", "2026-03-11"),
        DateRow("on Thursday", "2026-03-12"),
        DateRow("Friday", "2026-03-13"),
        DateRow("Saturday", "2026-03-14"),
        DateRow("Sunday", "2026-03-15"),
        DateRow("Monday", "2026-03-16"),
        DateRow("this Friday", "2026-03-13"),
        DateRow("this coming Friday", "2026-03-13"),
        DateRow("today, Monday", "2026-03-09"),
        DateRow("thurs", "2026-03-12"),
        DateRow("next Monday", "2026-03-16"),
        DateRow("next Friday", "2026-03-20"),
        DateRow("next Monday", "2026-04-20", today: wednesdayApr15),
        DateRow("next Wednesday", "2026-04-22", today: wednesdayApr15),
        DateRow("Friday", "2026-04-17", today: wednesdayApr15),
        DateRow("Wednesday", "2026-04-22", today: wednesdayApr15),
        DateRow("next Monday", "2026-11-30", today: tuesdayNov24),
        DateRow("next Tuesday", "2026-12-01", today: tuesdayNov24),
        DateRow("Wednesday afternoon", "2026-11-25", today: tuesdayNov24),
        DateRow("next Monday", "2027-01-04", today: mondayDec28),
        DateRow("Saturday", "2026-06-06", today: thursdayJun4),
        DateRow("a week from Thursday", "2026-03-19"),
        DateRow("a week from today", "2026-03-16"),
        DateRow("a week from tomorrow", "2026-03-17"),
        DateRow("in a week", "2026-03-16"),
        DateRow("next week", "2026-03-16"),
        DateRow("next week", "2026-04-20", today: wednesdayApr15),
        DateRow("Tuesday next week", "2026-03-17"),
        DateRow("next week on Thursday", "2026-03-19"),
        DateRow("the week after next", "2026-03-23"),
        DateRow("in 3 days", "2026-03-12"),
        DateRow("in three days", "2026-03-12"),
        DateRow("in two weeks", "2026-03-23"),
        DateRow("2 weeks from today", "2026-03-23"),
        DateRow("this weekend", "2026-03-14"),
        // days of the month
        DateRow("the 16th", "2026-03-16"),
        DateRow("on the 16th", "2026-03-16"),
        DateRow("the 9th", "2026-03-09"),
        DateRow("the 5th", "2026-04-05"),
        DateRow("the sixteenth", "2026-03-16"),
        DateRow("the twenty-first", "2026-03-21"),
        DateRow("the twenty first", "2026-03-21"),
        DateRow("on the 31st", "2026-03-31"),
        DateRow("the 31st", "2026-12-31", today: tuesdayNov24),
        DateRow("the 3rd", "2026-12-03", today: tuesdayNov24),
        DateRow("the 2nd", "2027-01-02", today: mondayDec28),
        DateRow("March 16", "2026-03-16"),
        DateRow("March 16th", "2026-03-16"),
        DateRow("march sixteenth", "2026-03-16"),
        DateRow("16 March", "2026-03-16"),
        DateRow("the 16th of March", "2026-03-16"),
        DateRow("March the 16th", "2026-03-16"),
        DateRow("April 2", "2026-04-02"),
        DateRow("Dec. 1st", "2026-12-01"),
        DateRow("March 2nd", "2027-03-02"),
        DateRow("January 5th", "2027-01-05"),
        DateRow("January 5th", "2027-01-05", today: mondayDec28),
        DateRow("March 16, 2026", "2026-03-16"),
        DateRow("3/16", "2026-03-16"),
        DateRow("3/16/2026", "2026-03-16"),
        DateRow("3/16/26", "2026-03-16"),
        DateRow("2026-03-16", "2026-03-16"),
        DateRow("16/3", "2026-03-16", .es),
        DateRow("Monday the 16th", "2026-03-16"),
        DateRow("Monday, March 16th", "2026-03-16"),
        DateRow("this Friday the 13th", "2026-03-13"),
        DateRow("Friday the 13th", "2026-03-13"),
        DateRow("Tuesday the 13th", "2026-10-13"),
        DateRow("Tuesday, March 17th", "2026-03-17"),
        DateRow("Wednesday, March 17th", "2026-03-17"),
        // Spanish
        DateRow("el martes", "2026-03-10", .es),
        DateRow("El martes por la tarde, por favor.", "2026-03-10", .es),
        DateRow("el jueves", "2026-03-12", .es),
        DateRow("el miércoles", "2026-03-11", .es),
        DateRow("el sábado", "2026-03-14", .es),
        DateRow("el próximo lunes", "2026-03-16", .es),
        DateRow("el lunes que viene", "2026-03-16", .es),
        DateRow("el próximo viernes", "2026-03-20", .es),
        DateRow("la semana que viene", "2026-03-16", .es),
        DateRow("la próxima semana", "2026-03-16", .es),
        DateRow("el martes de la semana que viene", "2026-03-17", .es),
        DateRow("el 16 de marzo", "2026-03-16", .es),
        DateRow("16 de marzo", "2026-03-16", .es),
        DateRow("el dieciséis de marzo", "2026-03-16", .es),
        DateRow("el 16", "2026-03-16", .es),
        DateRow("el día 20", "2026-03-20", .es),
        DateRow("el viernes 13", "2026-03-13", .es),
        DateRow("el lunes 16 de marzo", "2026-03-16", .es),
        DateRow("dentro de 3 días", "2026-03-12", .es),
        DateRow("en una semana", "2026-03-16", .es),
        DateRow("esta tarde", "2026-03-09", .es),
        // corrections and negations: the last positive mention wins
        DateRow("not Tuesday, Wednesday", "2026-03-11"),
        DateRow("I can't do Tuesday, how about Thursday?", "2026-03-12"),
        DateRow("Tuesday doesn't work. Thursday?", "2026-03-12"),
        DateRow("Can we move it from Thursday to Friday?", "2026-03-13"),
        DateRow("Tuesday or Wednesday", "2026-03-11"),
        DateRow("el martes no puedo, mejor el jueves", "2026-03-12", .es),
        // not appointment dates
        DateRow("I've been a patient for 3 years", nil),
        DateRow("it's been a couple of years", nil),
        DateRow("a few minutes ago", nil),
        DateRow("since last night", nil),
        DateRow("My tooth has been killing me since last night, what should I take for the pain?", nil),
        DateRow("I got filler yesterday and now my throat is swelling", nil),
        DateRow("I saw the doctor last Tuesday", nil),
        DateRow("Good morning!", nil),
        DateRow("Buenos días", nil, .es),
        DateRow("I have 3 kids", nil),
        DateRow("my number is 312-555-0142", nil),
        DateRow("born February 3rd 1979", nil),
        DateRow("my birthday is July 12th", nil),
        DateRow("Do you take MetLife?", nil),
        DateRow("Yes, that works.", nil),
        DateRow("Hola, quiero hacer una cita para una limpieza.", nil, .es),
        DateRow("May I book a cleaning?", nil),
        DateRow("When is Maria Gonzalez's next appointment?", nil),
        DateRow("She's 3 months old", nil),
        DateRow("Tomorrow won't work, how about Friday?", "2026-03-13"),
        DateRow("the first of April", "2026-04-01"),
        DateRow("for the second time", nil),
        DateRow("I'm on the 3rd floor", nil),
        DateRow("I was born on March 3rd", nil),
        DateRow("la próxima semana el miércoles", "2026-03-18", .es),
        DateRow("next month", nil),
    ]

    @Test(arguments: rows)
    func resolves(_ row: DateRow) {
        let c = when(row.phrase, today: row.today, row.lang)
        #expect(c?.date?.iso == row.expected, "\(String(describing: c))")
    }
}

@Test func weekdayOnlyIsSetForBareWeekdays() {
    #expect(when("Tuesday")?.weekdayOnly == .tue)
    #expect(when("next Monday")?.weekdayOnly == .mon)
    #expect(when("Monday the 16th")?.weekdayOnly == nil)
    #expect(when("tomorrow")?.weekdayOnly == nil)
    #expect(when("next week")?.weekdayOnly == nil)
}

struct TimeRow: CustomTestStringConvertible, Sendable {
    let phrase: String
    let lang: Language
    let date: String?
    let part: DayPart?
    let exact: String?
    let notBefore: String?
    let notAfter: String?
    let first: Bool
    init(_ phrase: String, _ lang: Language = .en, date: String? = nil, part: DayPart? = nil, exact: String? = nil,
         notBefore: String? = nil, notAfter: String? = nil, first: Bool = false) {
        self.phrase = phrase; self.lang = lang; self.date = date; self.part = part; self.exact = exact
        self.notBefore = notBefore; self.notAfter = notAfter; self.first = first
    }
    var testDescription: String { phrase }
}

@Suite("Times and parts of day")
struct TimePhraseTests {
    static let rows: [TimeRow] = [
        TimeRow("3pm", exact: "15:00"),
        TimeRow("3 pm", exact: "15:00"),
        TimeRow("3 p.m.", exact: "15:00"),
        TimeRow("3:30", exact: "15:30"),
        TimeRow("10:30 am", exact: "10:30"),
        TimeRow("at 10", exact: "10:00"),
        TimeRow("at 9am", exact: "09:00"),
        TimeRow("at 8", exact: "08:00"),
        TimeRow("at 12", exact: "12:00"),
        TimeRow("at one", exact: "13:00"),
        TimeRow("at ten thirty", exact: "10:30"),
        TimeRow("10 o'clock", exact: "10:00"),
        TimeRow("noon", exact: "12:00"),
        TimeRow("at noon on Friday", date: "2026-03-13", exact: "12:00"),
        TimeRow("12 noon", exact: "12:00"),
        TimeRow("half past two", exact: "14:30"),
        TimeRow("quarter to 4", exact: "15:45"),
        TimeRow("at 8 in the evening", part: .evening, exact: "20:00"),
        TimeRow("Tuesday at 2:15pm", date: "2026-03-10", exact: "14:15"),
        TimeRow("tomorrow at 4", date: "2026-03-10", exact: "16:00"),
        TimeRow("a las 3", .es, exact: "15:00"),
        TimeRow("a las tres de la tarde", .es, exact: "15:00"),
        TimeRow("a las 10 de la mañana", .es, exact: "10:00"),
        TimeRow("a las 4 y media", .es, exact: "16:30"),
        TimeRow("a la una", .es, exact: "13:00"),
        TimeRow("a las cinco menos cuarto", .es, exact: "16:45"),
        TimeRow("al mediodía", .es, exact: "12:00"),
        TimeRow("mañana a las 9", .es, date: "2026-03-10", exact: "09:00"),
        TimeRow("after 4", notBefore: "16:00"),
        TimeRow("anytime after 4pm", notBefore: "16:00"),
        TimeRow("after 9", notBefore: "09:00"),
        TimeRow("after 4:30", notBefore: "16:30"),
        TimeRow("before 10", notAfter: "10:00"),
        TimeRow("before noon", notAfter: "12:00"),
        TimeRow("before lunch", notAfter: "12:00"),
        TimeRow("any time after lunch", notBefore: "13:00"),
        TimeRow("no later than 3", notAfter: "15:00"),
        TimeRow("between 2 and 4", notBefore: "14:00", notAfter: "16:00"),
        TimeRow("between 9 and 11", notBefore: "09:00", notAfter: "11:00"),
        TimeRow("Thursday after 3", date: "2026-03-12", notBefore: "15:00"),
        TimeRow("después de las 4", .es, notBefore: "16:00"),
        TimeRow("antes de las 10", .es, notAfter: "10:00"),
        TimeRow("entre las 2 y las 4", .es, notBefore: "14:00", notAfter: "16:00"),
        TimeRow("morning", part: .morning),
        TimeRow("Morning please.", part: .morning),
        TimeRow("mornings are better", part: .morning),
        TimeRow("in the afternoon", part: .afternoon),
        TimeRow("evening", part: .evening),
        TimeRow("tonight", date: "2026-03-09", part: .evening),
        TimeRow("this morning", date: "2026-03-09", part: .morning),
        TimeRow("this afternoon", date: "2026-03-09", part: .afternoon),
        TimeRow("first thing", part: .morning),
        TimeRow("first thing Tuesday", date: "2026-03-10", part: .morning),
        TimeRow("the first thing in the morning", part: .morning),
        TimeRow("lunchtime", notBefore: "12:00", notAfter: "13:00"),
        TimeRow("over lunch on Friday", date: "2026-03-13", notBefore: "12:00", notAfter: "13:00"),
        TimeRow("end of the day", part: .afternoon, notBefore: "15:00"),
        TimeRow("late afternoon", part: .afternoon, notBefore: "15:00"),
        TimeRow("Tuesday night", date: "2026-03-10", part: .evening),
        TimeRow("por la mañana", .es, part: .morning),
        TimeRow("en la tarde", .es, part: .afternoon),
        TimeRow("por la noche", .es, part: .evening),
        TimeRow("mañana por la mañana", .es, date: "2026-03-10", part: .morning),
        TimeRow("mañana por la tarde", .es, date: "2026-03-10", part: .afternoon),
        TimeRow("mañana temprano", .es, date: "2026-03-10", part: .morning),
        TimeRow("not in the morning"),
        TimeRow("first available", first: true),
        TimeRow("the first available appointment", first: true),
        TimeRow("whatever's the earliest", first: true),
        TimeRow("as soon as possible", first: true),
        TimeRow("ASAP please", first: true),
        TimeRow("soonest you have", first: true),
        TimeRow("next available", first: true),
        TimeRow("the earliest afternoon you have", part: .afternoon, first: true),
        TimeRow("lo antes posible", .es, first: true),
        TimeRow("lo más pronto posible", .es, first: true),
        TimeRow("call me at 512 555 0142 after 4", notBefore: "16:00"),
        TimeRow("Do you have anything Thursday around 2?", date: "2026-03-12", exact: "14:00"),
        TimeRow("Can I come in first thing tomorrow?", date: "2026-03-10", part: .morning),
        TimeRow("What about the 20th at 9:30?", date: "2026-03-20", exact: "09:30"),
        TimeRow("Can you do 7 in the evening?", part: .evening, exact: "19:00"),
        TimeRow("between 11 and 1 on Friday", date: "2026-03-13", notBefore: "11:00", notAfter: "13:00"),
        TimeRow("a las 5 de la tarde el jueves", .es, date: "2026-03-12", exact: "17:00"),
        TimeRow("el sábado a las 10", .es, date: "2026-03-14", exact: "10:00"),
        TimeRow("el viernes en la mañana", .es, date: "2026-03-13", part: .morning),
        TimeRow("cualquier día después de las 3", .es, notBefore: "15:00"),
        TimeRow("lo más temprano posible mañana", .es, date: "2026-03-10", first: true),
        TimeRow("Call me back at 512-555-0100 tomorrow after 3", date: "2026-03-10", notBefore: "15:00"),
    ]

    @Test(arguments: rows)
    func extracts(_ row: TimeRow) throws {
        let c = when(row.phrase, row.lang)
        let expectNil = row.date == nil && row.part == nil && row.exact == nil && row.notBefore == nil && row.notAfter == nil && !row.first
        if expectNil { #expect(c == nil, "\(String(describing: c))"); return }
        let got = try #require(c)
        #expect(got.date?.iso == row.date, "\(got)")
        #expect(got.part == row.part, "\(got)")
        #expect(got.exactTime?.hhmm == row.exact, "\(got)")
        #expect(got.notBefore?.hhmm == row.notBefore, "\(got)")
        #expect(got.notAfter?.hhmm == row.notAfter, "\(got)")
        #expect(got.firstAvailable == row.first, "\(got)")
    }
}

struct DOBRow: CustomTestStringConvertible, Sendable {
    let phrase: String
    let expected: String?
    let lang: Language
    init(_ phrase: String, _ expected: String?, _ lang: Language = .en) { self.phrase = phrase; self.expected = expected; self.lang = lang }
    var testDescription: String { "\(phrase) → \(expected ?? "nil")" }
}

@Suite("Dates of birth")
struct DateOfBirthTests {
    static let rows: [DOBRow] = [
        DOBRow("July 12th, 1984", "1984-07-12"),
        DOBRow("July 12th, 1984.", "1984-07-12"),
        DOBRow("july 12 1984", "1984-07-12"),
        DOBRow("12 July 1984", "1984-07-12"),
        DOBRow("the 12th of July, 1984", "1984-07-12"),
        DOBRow("7/12/1984", "1984-07-12"),
        DOBRow("07/12/84", "1984-07-12"),
        DOBRow("07-12-84", "1984-07-12"),
        DOBRow("7.12.1984", "1984-07-12"),
        DOBRow("1984-07-12", "1984-07-12"),
        DOBRow("born February 3rd 1979", "1979-02-03"),
        DOBRow("Hi, this is Kevin O'Brien, born February 3rd 1979.", "1979-02-03"),
        DOBRow("February third, nineteen seventy-nine", "1979-02-03"),
        DOBRow("february third nineteen seventy nine", "1979-02-03"),
        DOBRow("March 3rd, two thousand five", "2005-03-03"),
        DOBRow("March 3rd, two thousand and five", "2005-03-03"),
        DOBRow("June 4, nineteen oh five", nil),
        DOBRow("June 4, nineteen fifty", "1950-06-04"),
        DOBRow("Jan 1 '99", "1999-01-01"),
        DOBRow("my date of birth is 5/1/19", "2019-05-01"),
        DOBRow("12/25/1990", "1990-12-25"),
        DOBRow("25/12/1990", "1990-12-25"),
        DOBRow("doce de julio de 1984", "1984-07-12", .es),
        DOBRow("el 3 de febrero de 1979", "1979-02-03", .es),
        DOBRow("nací el 3 de febrero de mil novecientos setenta y nueve", "1979-02-03", .es),
        DOBRow("12 de julio del 84", "1984-07-12", .es),
        DOBRow("12/7/1984", "1984-07-12", .es),
        DOBRow("March 16th 2026", nil),
        DOBRow("March 2nd 2026", "2026-03-02"),
        DOBRow("July 12th", nil),
        DOBRow("I'm 42", nil),
        DOBRow("February 30, 1980", nil),
        DOBRow("call me at 312-555-0142", nil),
        DOBRow("My date of birth is the 5th of November 1975.", "1975-11-05"),
        DOBRow("DOB 11/05/1975", "1975-11-05"),
        DOBRow("I was born on March 3rd", nil),
        DOBRow("born in 1980", nil),
        DOBRow("My name's José Álvarez and my birthday is 4/5/1990", "1990-04-05"),
    ]

    @Test(arguments: rows)
    func parses(_ row: DOBRow) {
        let d = TimeExpressions.dateOfBirth(in: NormalizedText(row.phrase), today: monday, language: row.lang)
        #expect(d?.iso == row.expected)
    }

    @Test func defaultSignature() {
        #expect(TimeExpressions.dateOfBirth(in: NormalizedText("July 12th, 1984."), today: monday) == day("1984-07-12"))
    }
}
