"""The five seat rules as pyDatalog clauses: facts asserted from the rows, one query per rule variant."""

from __future__ import annotations

from typing import Any

from pyDatalog import pyDatalog

from bench.seats import Finding, SeatData

NONE = "none"  # an absent organisation, as boliv's facts write it

CLAUSES = """
holds(P, B, Role, M) <= member(M, P, B, Role, O, A, Start, End) & as_of(T) & (Start <= T) & (T <= End)
sits(P, B) <= holds(P, B, Role, M)
live(B) <= body(B, K, St, Pl) & (St != 'dissolved')
completeness(B, 'WARNING') <= body(B, K, 'forming', Pl)
completeness(B, 'ERROR') <= body(B, K, 'active', Pl)
municipality(O, Pl) <= org(O, 'municipality', Pl)
side(O, 'municipality') <= org(O, 'municipality', Pl)
side(O, 'housing') <= org(O, 'housing_organisation', Pl)
membership_side(M, Side) <= member(M, P, B, R, O, A, S, E) & side(O, Side) & org(O, K, Pl) & body(B, BK, BS, Pl)
has_chair(B) <= holds(P, B, 'chair', M)

secretariat_leader(L, Pl) <= body(S, 'secretariat', St, Pl) & holds(L, S, 'daily_leader', M)
fku_seat(F, P) <= body(F, 'forum', St, Pl) & sits(P, F) & ~secretariat_leader(P, Pl)
seat_side(F, P, Side) <= fku_seat(F, P) & holds(P, F, R, M) & membership_side(M, Side)
has_seat_side(F, P) <= seat_side(F, P, Side)
has_side_seat(F, Side) <= seat_side(F, P, Side)
(seats[F] == len_(P)) <= fku_seat(F, P)
(side_seats[F, Side] == len_(P)) <= seat_side(F, P, Side)

fku_cap(F, N, Cap) <= body(F, 'forum', St, Pl) & live(F) & cap(Cap) & (seats[F] == N) & (N > Cap)
parity_unequal(F, S, Mu, Ho) <= body(F, 'forum', St, Pl) & completeness(F, S) & (side_seats[F, 'municipality'] == Mu) & (side_seats[F, 'housing'] == Ho) & (Mu != Ho)
parity_unequal(F, S, 0, Ho) <= body(F, 'forum', St, Pl) & completeness(F, S) & ~has_side_seat(F, 'municipality') & (side_seats[F, 'housing'] == Ho)
parity_unequal(F, S, Mu, 0) <= body(F, 'forum', St, Pl) & completeness(F, S) & (side_seats[F, 'municipality'] == Mu) & ~has_side_seat(F, 'housing')
parity_unassigned(F, S, P) <= body(F, 'forum', St, Pl) & completeness(F, S) & fku_seat(F, P) & ~has_seat_side(F, P)
fku_chair_other(F, P, O, Mun) <= body(F, 'forum', St, Pl) & live(F) & municipality(Mun, Pl) & holds(P, F, 'chair', M) & member(M, P, F, R, O, A, S, E) & (O != Mun)
fku_chair_appointed(F, P, A, Mun) <= body(F, 'forum', St, Pl) & live(F) & municipality(Mun, Pl) & holds(P, F, 'chair', M) & member(M, P, F, R, O, A, S, E) & (A != Mun)
fku_chair_missing(F, S, Mun) <= body(F, 'forum', St, Pl) & completeness(F, S) & municipality(Mun, Pl) & ~has_chair(F)
pg_chair_other(G, P, A, Mun) <= body(G, 'policy_group', St, Pl) & live(G) & municipality(Mun, Pl) & holds(P, G, 'chair', M) & member(M, P, G, R, O, A, S, E) & (A != Mun)
pg_chair_missing(G, S, Mun) <= body(G, 'policy_group', St, Pl) & completeness(G, S) & municipality(Mun, Pl) & ~has_chair(G)
theme_like(B) <= body(B, 'theme_group', St, Pl) & live(B)
theme_like(B) <= body(B, 'adhoc_group', St, Pl) & live(B)
self_appointed(B, P, O, A) <= theme_like(B) & holds(P, B, R, M) & member(M, P, B, R, O, A, S, E) & (O != 'none') & (A != O)
"""


def check(data: SeatData) -> set[Finding]:
    pyDatalog.clear()
    pyDatalog.load(CLAUSES)
    pyDatalog.assert_fact("as_of", data.as_of)
    pyDatalog.assert_fact("cap", data.cap)
    for o in data.organisations:
        pyDatalog.assert_fact("org", o.key, o.kind, o.platform)
    for b in data.bodies:
        pyDatalog.assert_fact("body", b.key, b.kind, b.status, b.platform)
    for m in data.memberships:
        pyDatalog.assert_fact(
            "member", m.id, m.person, m.body, m.role, m.on_behalf_of or NONE, m.appointed_by or NONE, m.starts, m.ends
        )

    def ask(query: str) -> list[tuple[Any, ...]]:  # pyDatalog is untyped: its answers are the asserted values
        answer = pyDatalog.ask(query)
        return answer.answers if answer else []

    found: set[Finding] = set()
    for f, n, cap in ask("fku_cap(F, N, Cap)"):
        found.add(("fku.cap", f, "ERROR", (f, str(n), str(cap))))
    for f, s, mu, ho in ask("parity_unequal(F, S, Mu, Ho)"):
        found.add(("fku.parity", f, s, ("unequal", f, str(mu), str(ho))))
    for f, s, p in ask("parity_unassigned(F, S, P)"):
        found.add(("fku.parity", f, s, ("unassigned", f, p)))
    for f, p, o, mun in ask("fku_chair_other(F, P, O, Mun)"):
        found.add(("fku.chair", f, "ERROR", ("not_municipality", f, p, o, mun)))
    for f, p, a, mun in ask("fku_chair_appointed(F, P, A, Mun)"):
        found.add(("fku.chair", f, "ERROR", ("appointed", f, p, a, mun)))
    for f, s, mun in ask("fku_chair_missing(F, S, Mun)"):
        found.add(("fku.chair", f, s, ("missing", f, mun)))
    for g, p, a, mun in ask("pg_chair_other(G, P, A, Mun)"):
        found.add(("policy-group.chair", g, "ERROR", ("appointed", g, p, a, mun)))
    for g, s, mun in ask("pg_chair_missing(G, S, Mun)"):
        found.add(("policy-group.chair", g, s, ("missing", g, mun)))
    for b, p, o, a in ask("self_appointed(B, P, O, A)"):
        found.add(("theme.self-appointed", b, "ERROR", (b, p, o, a)))
    pyDatalog.clear()
    return found
