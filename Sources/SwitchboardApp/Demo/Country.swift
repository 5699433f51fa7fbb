import Foundation
import SwitchboardCore

/// A country's names and phone numbers as people write them. Numbers come from ranges set aside
/// for fiction where the country has one (US/CA 555-01xx, UK Ofcom drama ranges, AU ACMA ranges,
/// FR ARCEP 01 99 00), so no demo dials a real person.
struct Country: Sendable {
    let name: String
    let firstNames: [String]
    let lastNames: [String]
    let cities: [String]
    let companyStems: [String]
    let companySuffix: String
    /// Makes a landline number in one of this country's usual written forms.
    let landline: @Sendable (inout SplitMix64) -> String
    let mobileNumber: @Sendable (inout SplitMix64) -> String

    func phone(_ rng: inout SplitMix64) -> String { landline(&rng) }
    func mobile(_ rng: inout SplitMix64) -> String { mobileNumber(&rng) }
    func person(_ rng: inout SplitMix64) -> (String, String) { (firstNames.randomElement(using: &rng)!, lastNames.randomElement(using: &rng)!) }

    static func digits(_ n: Int, _ rng: inout SplitMix64) -> String { String((0..<n).map { _ in Character(String(rng.next() % 10)) }) }
    static func pick(_ forms: [String], _ rng: inout SplitMix64) -> String { forms[Int(rng.next() % UInt64(forms.count))] }

    static let all: [Country] = [us, uk, de, fr, au, ca, jp, br, inCountry]

    static let us = Country(
        name: "United States", firstNames: ["James", "Mary", "Michael", "Linda", "David", "Jennifer", "Chris", "Ashley", "Daniel", "Emily"],
        lastNames: ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martinez", "Wilson"],
        cities: ["San Francisco", "New York", "Chicago", "Boston", "Seattle", "Austin"], companyStems: ["Golden Gate", "Lakeshore", "Liberty", "Pioneer", "Summit"],
        companySuffix: "Inc.",
        landline: { rng in
            let area = pick(["415", "212", "312", "617", "206", "512"], &rng), line = "01" + digits(2, &rng)
            return pick(["(\(area)) 555-\(line)", "\(area)-555-\(line)", "+1 \(area) 555 \(line)", "1-\(area)-555-\(line)", "\(area).555.\(line)", "+1 (\(area)) 555-\(line) x\(digits(3, &rng))"], &rng)
        },
        mobileNumber: { rng in let line = "01" + digits(2, &rng); return pick(["(650) 555-\(line)", "+16505550\(line.dropFirst())"], &rng) })

    static let uk = Country(
        name: "United Kingdom", firstNames: ["Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Jack", "Sophie"],
        lastNames: ["Taylor", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Edwards"],
        cities: ["London", "Manchester", "Leeds", "Bristol"], companyStems: ["Thames", "Albion", "Pennine", "Mersey"], companySuffix: "Ltd",
        landline: { rng in
            let tail = "0" + digits(3, &rng)
            return pick(["+44 20 7946 \(tail)", "020 7946 \(tail)", "+44 (0)20 7946 \(tail)", "0161 496 \(tail)", "+44 161 496 \(tail)", "00 44 20 7946 \(tail)"], &rng)
        },
        mobileNumber: { rng in let tail = digits(3, &rng); return pick(["07700 900\(tail)", "+44 7700 900\(tail)"], &rng) })

    static let de = Country(
        name: "Germany", firstNames: ["Lukas", "Anna", "Felix", "Lea", "Jonas", "Marie", "Paul", "Sophie"],
        lastNames: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"],
        cities: ["Berlin", "München", "Hamburg", "Köln"], companyStems: ["Spree", "Isar", "Rhein", "Nord"], companySuffix: "GmbH",
        landline: { rng in
            let n = digits(7, &rng)
            return pick(["+49 30 \(n)", "030 \(n)", "0049 30 \(n)", "+49 (0)30 \(n)", "030/\(n)", "+49 89 \(n)", "089 \(n)"], &rng)
        },
        mobileNumber: { rng in let n = digits(7, &rng); return pick(["0151 \(n)", "+49 151 \(n)"], &rng) })

    static let fr = Country(
        name: "France", firstNames: ["Léa", "Hugo", "Chloé", "Louis", "Manon", "Gabriel", "Camille", "Jules"],
        lastNames: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"],
        cities: ["Paris", "Lyon", "Marseille", "Toulouse"], companyStems: ["Seine", "Lumière", "Provence", "Azur"], companySuffix: "SA",
        landline: { rng in
            let a = digits(2, &rng), b = digits(2, &rng)
            return pick(["01 99 00 \(a) \(b)", "+33 1 99 00 \(a) \(b)", "0033 1 99 00 \(a) \(b)", "01.99.00.\(a).\(b)", "+33 (0)1 99 00 \(a) \(b)"], &rng)
        },
        mobileNumber: { rng in let a = digits(2, &rng); return pick(["06 39 98 \(a) \(digits(2, &rng))", "+33 6 39 98 \(a) \(digits(2, &rng))"], &rng) })

    static let au = Country(
        name: "Australia", firstNames: ["Charlotte", "Noah", "Olivia", "William", "Mia", "Lachlan", "Grace", "Cooper"],
        lastNames: ["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Kelly"],
        cities: ["Sydney", "Melbourne", "Brisbane", "Perth"], companyStems: ["Harbour", "Outback", "Coral", "Southern Cross"], companySuffix: "Pty Ltd",
        landline: { rng in
            let n = digits(4, &rng)
            return pick(["(02) 5550 \(n)", "+61 2 5550 \(n)", "02 5550 \(n)", "+61 3 7010 \(n)", "(03) 7010 \(n)"], &rng)
        },
        mobileNumber: { rng in let n = digits(3, &rng); return pick(["0491 570 \(n)", "+61 491 570 \(n)"], &rng) })

    static let ca = Country(
        name: "Canada", firstNames: ["Liam", "Emma", "Ethan", "Chloe", "Nathan", "Zoe", "Owen", "Maya"],
        lastNames: ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "MacDonald", "Campbell", "Lee"],
        cities: ["Toronto", "Montréal", "Vancouver", "Calgary"], companyStems: ["Maple", "Laurentian", "Pacific", "Prairie"], companySuffix: "Corp.",
        landline: { rng in
            let area = pick(["416", "514", "604", "403"], &rng), line = "01" + digits(2, &rng)
            return pick(["(\(area)) 555-\(line)", "+1 \(area)-555-\(line)", "\(area) 555 \(line)", "1 \(area) 555 \(line) ext. \(digits(2, &rng))"], &rng)
        },
        mobileNumber: { rng in let line = "01" + digits(2, &rng); return "+1 (647) 555-\(line)" })

    static let jp = Country(
        name: "Japan", firstNames: ["Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Yuto", "Sakura"],
        lastNames: ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"],
        cities: ["Tokyo", "Osaka", "Nagoya", "Fukuoka"], companyStems: ["Sakura", "Fuji", "Kansai", "Hikari"], companySuffix: "K.K.",
        landline: { rng in
            let a = digits(4, &rng), b = digits(4, &rng)
            return pick(["03-\(a)-\(b)", "+81 3-\(a)-\(b)", "+81 3 \(a) \(b)", "(03) \(a)-\(b)"], &rng)
        },
        mobileNumber: { rng in let a = digits(4, &rng), b = digits(4, &rng); return pick(["090-\(a)-\(b)", "+81 90 \(a) \(b)"], &rng) })

    static let br = Country(
        name: "Brazil", firstNames: ["João", "Maria", "Pedro", "Ana", "Lucas", "Júlia", "Mateus", "Beatriz"],
        lastNames: ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Rodrigues"],
        cities: ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba"], companyStems: ["Paulista", "Carioca", "Amazonas", "Cerrado"], companySuffix: "Ltda.",
        landline: { rng in
            let a = digits(4, &rng), b = digits(4, &rng)
            return pick(["(11) \(a)-\(b)", "+55 11 \(a)-\(b)", "+55 (11) \(a) \(b)", "011 \(a) \(b)"], &rng)
        },
        mobileNumber: { rng in let a = digits(4, &rng), b = digits(4, &rng); return pick(["(11) 9\(a)-\(b)", "+55 11 9\(a)-\(b)"], &rng) })

    static let inCountry = Country(
        name: "India", firstNames: ["Aarav", "Diya", "Vihaan", "Ananya", "Arjun", "Isha", "Kabir", "Meera"],
        lastNames: ["Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair"],
        cities: ["Mumbai", "Bengaluru", "Delhi", "Chennai"], companyStems: ["Ganga", "Deccan", "Malabar", "Himalaya"], companySuffix: "Pvt Ltd",
        landline: { rng in
            let a = digits(4, &rng), b = digits(4, &rng)
            return pick(["+91 22 \(a) \(b)", "022 \(a) \(b)", "+91-22-\(a)\(b)", "080 \(a) \(b)", "+91 80 \(a) \(b)"], &rng)
        },
        mobileNumber: { rng in let a = digits(5, &rng), b = digits(5, &rng); return pick(["+91 98\(a.prefix(3)) \(b)", "098\(a.prefix(3)) \(b)"], &rng) })
}
