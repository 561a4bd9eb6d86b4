# The five seat rules of boliv (rules/fku.lp, rules/policy_group.lp, rules/theme_groups.lp)
# in Rego. Input: {"as_of": YYYYMMDD, "cap": 8, "platforms": [{"key", "organisations":
# {key: kind} (the platform's own), "bodies": [{"key", "kind", "status", "memberships":
# [{"person", "role", "on_behalf_of", "appointed_by", "starts", "ends"}]}]}]}.
# Output: data.boliv.seats.violations, a set of [rule, body, severity, args].
package boliv.seats

import rego.v1

sides := {"municipality": "municipality", "housing_organisation": "housing"}

# A requirement of a complete body: a warning while it is forming, an error once active.
completeness := {"forming": "WARNING", "active": "ERROR"}

# An absent organisation, as boliv's facts write it.
key(x) := "none" if x == null

key(x) := x if x != null

held(b) := [m |
	some m in b.memberships
	m.starts <= input.as_of
	input.as_of <= m.ends
]

chaired(b) if {
	some m in held(b)
	m.role == "chair"
}

municipalities(pl) := {o |
	some o
	pl.organisations[o] == "municipality"
}

leaders(pl) := {m.person |
	some b in pl.bodies
	b.kind == "secretariat"
	some m in held(b)
	m.role == "daily_leader"
}

# A forum's seats: its members but the secretariat's daily leader.
seats(pl, f) := {m.person | some m in held(f)} - leaders(pl)

# The seats that count for a side: held on behalf of an organisation of the platform.
side_seats(pl, f, side) := {m.person |
	some m in held(f)
	sides[pl.organisations[m.on_behalf_of]] == side
} & seats(pl, f)

bodies_of(kind) := [[pl, b] |
	some pl in input.platforms
	some b in pl.bodies
	b.kind == kind
]

violations contains ["fku.cap", f.key, "ERROR", [f.key, n, input.cap]] if {
	some [pl, f] in bodies_of("forum")
	f.status != "dissolved"
	n := count(seats(pl, f))
	n > input.cap
}

violations contains ["fku.parity", f.key, severity, ["unequal", f.key, mu, ho]] if {
	some [pl, f] in bodies_of("forum")
	severity := completeness[f.status]
	mu := count(side_seats(pl, f, "municipality"))
	ho := count(side_seats(pl, f, "housing"))
	mu != ho
}

violations contains ["fku.parity", f.key, severity, ["unassigned", f.key, p]] if {
	some [pl, f] in bodies_of("forum")
	severity := completeness[f.status]
	some p in (seats(pl, f) - side_seats(pl, f, "municipality")) - side_seats(pl, f, "housing")
}

violations contains ["fku.chair", f.key, "ERROR", ["not_municipality", f.key, m.person, key(m.on_behalf_of), mun]] if {
	some [pl, f] in bodies_of("forum")
	f.status != "dissolved"
	some mun in municipalities(pl)
	some m in held(f)
	m.role == "chair"
	key(m.on_behalf_of) != mun
}

violations contains ["fku.chair", f.key, "ERROR", ["appointed", f.key, m.person, key(m.appointed_by), mun]] if {
	some [pl, f] in bodies_of("forum")
	f.status != "dissolved"
	some mun in municipalities(pl)
	some m in held(f)
	m.role == "chair"
	key(m.appointed_by) != mun
}

violations contains ["fku.chair", f.key, severity, ["missing", f.key, mun]] if {
	some [pl, f] in bodies_of("forum")
	severity := completeness[f.status]
	some mun in municipalities(pl)
	not chaired(f)
}

violations contains ["policy-group.chair", g.key, "ERROR", ["appointed", g.key, m.person, key(m.appointed_by), mun]] if {
	some [pl, g] in bodies_of("policy_group")
	g.status != "dissolved"
	some mun in municipalities(pl)
	some m in held(g)
	m.role == "chair"
	key(m.appointed_by) != mun
}

violations contains ["policy-group.chair", g.key, severity, ["missing", g.key, mun]] if {
	some [pl, g] in bodies_of("policy_group")
	severity := completeness[g.status]
	some mun in municipalities(pl)
	not chaired(g)
}

violations contains ["theme.self-appointed", b.key, "ERROR", [b.key, m.person, m.on_behalf_of, key(m.appointed_by)]] if {
	some kind in ["theme_group", "adhoc_group"]
	some [_, b] in bodies_of(kind)
	b.status != "dissolved"
	some m in held(b)
	m.on_behalf_of != null
	key(m.appointed_by) != m.on_behalf_of
}
