/// Checks a layout against the schema and §4.8.
public enum SoftphoneLayoutRules {
    /// Every problem, each naming the call type and part.
    public static func problems(_ layout: SoftphoneLayout) -> [String] {
        var problems: [String] = []
        let name = layout.name.trimmingSpaces
        if name.isEmpty || name.count > 80 { problems.append("name: give the layout a name of 1 to 80 characters") }
        for type in CallTypeName.allCases {
            let part = layout[type]
            let where_ = type.rawValue
            if Set(part.callRelatedFields).count != part.callRelatedFields.count { problems.append("\(where_): a call-related field is listed twice") }
            var seen: Set<String> = []
            for o in part.objects {
                guard let schema = StandardObjects.named(o.object), StandardObjects.searchable.contains(schema.name) else {
                    problems.append("\(where_): '\(o.object)' cannot be searched; use \(StandardObjects.searchable.joined(separator: ", "))")
                    continue
                }
                if !seen.insert(schema.name).inserted { problems.append("\(where_): \(schema.name) is listed twice") }
                if o.fields.isEmpty { problems.append("\(where_): \(schema.name) shows no fields; pick at least one") }
                for f in o.fields where schema.field(named: f.apiName) == nil {
                    problems.append("\(where_): \(schema.name) has no field '\(f.apiName)'")
                }
            }
            if part.screenPopsOpenWithin != "ExistingWindow" && part.screenPopsOpenWithin != "NewWindow" {
                problems.append("\(where_): screenPopsOpenWithin is ExistingWindow or NewWindow")
            }
            for (match, action) in [("NoMatch", part.noMatch), ("SingleMatch", part.singleMatch), ("MultipleMatches", part.multipleMatches)] {
                guard let action else { continue }
                let data = action.data?.trimmingSpaces ?? ""
                switch action.type {
                case .entity:
                    if data.isEmpty {
                        if match != "SingleMatch" { problems.append("\(where_) \(match): PopToEntity needs the object whose new-record form opens") }
                    } else if StandardObjects.named(data) == nil {
                        problems.append("\(where_) \(match): there is no object '\(data)' to open a new record of")
                    }
                case .visualforce:
                    if !(data.hasPrefix("/") || data.lowercased().hasPrefix("https://")) {
                        problems.append("\(where_) \(match): PopToVisualforce needs a URL (https://…) or a path on this host (/…)")
                    }
                case .flow:
                    if data.isEmpty { problems.append("\(where_) \(match): PopToFlow needs the flow's name") }
                case .search:
                    break
                }
            }
        }
        return problems
    }
}

extension StandardObjects {
    /// Objects a layout may search.
    public static let searchable = ["Account", "Contact", "Lead", "Case", "User"]
}
