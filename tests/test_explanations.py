"""Explanations name the stored facts a violation rests on, in Danish and in English.

For every ERROR rule of the membership, policy group, secretariat, FKU, theme group, ad hoc
and Løget By rules, a refused change (or a state) is explained down to the memberships
(with their dates and who appointed them), the bodies, the organisations and the
parameters the rules name with ``because/5``; not by restating the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from governance.changes import Appoint, Change, CreateBody, DissolveBody, EndMembership
from governance.engine import Violation
from governance.model import Organisation, OrganisationKind, Platform
from governance.services import Governance

AS_OF = date(2026, 6, 1)
DAY_BEFORE = date(2026, 5, 31)
ARROW = "  ⟵ "


# -- helpers ------------------------------------------------------------------------------


def membership_id(governance: Governance, person: str, body: str) -> int:
    """The id of the person's current membership of the body."""
    for register in governance.platform_registers(body):
        for m in register.memberships.values():
            if m.person == person and m.body == body and (m.ends_on is None or m.ends_on >= AS_OF):
                return m.id
    raise AssertionError(f"{person} has no current membership of {body}")


def end(governance: Governance, person: str, body: str) -> EndMembership:
    """End the person's membership of the body the day before the date asked about."""
    return EndMembership(membership_id(governance, person, body), DAY_BEFORE)


def one(violations: Sequence[Violation], rule: str, variant: str | None = None) -> Violation:
    found = [v for v in violations if v.rule == rule and (variant is None or v.args[0] == variant)]
    assert len(found) == 1, (rule, variant, [(v.rule, v.args) for v in violations])
    return found[0]


def refused(governance: Governance, changes: Sequence[Change], rule: str, variant: str | None = None) -> Violation:
    """The ERROR violation of the rule that the changes introduce, and that refuses them."""
    check = governance.check_changes(changes, AS_OF, explain=True)
    assert not check.allowed
    violation = one(check.violations, rule, variant)
    assert violation.severity == "ERROR" and violation.introduced
    return violation


def explained(violation: Violation, lang: str) -> list[str]:
    """The explanation's fact lines (after the message and the rule line), checked for shape."""
    lines = violation.explanation(lang).split("\n")
    assert lines[0] == violation.message(lang)
    assert lines[1].startswith(ARROW + ("Regel " if lang == "da" else "Rule ") + violation.rule)
    facts = lines[2:]
    assert facts and all(line.startswith(ARROW) for line in facts)
    return [line[len(ARROW):] for line in facts]


def labelled(lines: list[str], label: str) -> list[str]:
    """The facts of the lines with this label."""
    prefix = label + ": "
    return [line[len(prefix):] for line in lines if line.startswith(prefix)]


def both(violation: Violation) -> tuple[list[str], list[str]]:
    return explained(violation, "da"), explained(violation, "en")


# -- membership.* ---------------------------------------------------------------------------


def test_membership_period_names_the_membership_ending_before_it_starts(demo: Governance) -> None:
    v = refused(demo, [Appoint("kasper-noergaard", "noerremarken", "MEMBER", "vejle-kommune", "vejle-kommune", AS_OF, date(2026, 5, 1))],
                "membership.period")
    da, en = both(v)
    assert labelled(da, "Slutter før det begynder") == [
        "Kasper Nørgaard sidder som medlem i Områdegruppen Nørremarken, på vegne af Vejle Kommune, udpeget af Vejle Kommune, "
        "fra 1. juni 2026 til og med 1. maj 2026 (foreslået)"
    ]
    assert labelled(en, "Ends before it starts") == [
        "Kasper Nørgaard sits as member in the Nørremarken area group, on behalf of Vejle Kommune, appointed by Vejle Kommune, "
        "from 1 June 2026 through 1 May 2026 (proposed)"
    ]
    assert labelled(da, "Enhed") == ["Områdegruppen Nørremarken har status aktiv"]
    assert labelled(en, "Body") == ["The Nørremarken area group has the status active"]


def test_membership_duplicate_names_both_overlapping_memberships(demo: Governance) -> None:
    v = refused(demo, [Appoint("gert-hviid", "noerremarken", "CHAIR", "oesterbo", "oesterbo")], "membership.duplicate")
    da, en = both(v)
    overlapping = labelled(da, "Overlapper")
    assert len(overlapping) == 2
    assert "Gert Hviid sidder som medlem i Områdegruppen Nørremarken, på vegne af ØsterBO, udpeget af ØsterBO, fra 1. januar 2026, uden slutdato" in overlapping
    assert "Gert Hviid sidder som formand i Områdegruppen Nørremarken, på vegne af ØsterBO, udpeget af ØsterBO, fra 1. juni 2026, uden slutdato (foreslået)" in overlapping
    overlapping = labelled(en, "Overlapping")
    assert len(overlapping) == 2
    assert any("sits as chair in the Nørremarken area group" in line and line.endswith("from 1 June 2026, with no end date (proposed)") for line in overlapping)
    assert any("sits as member in the Nørremarken area group" in line and "from 1 January 2026" in line for line in overlapping)


def test_membership_dissolved_body_names_the_membership_and_the_date(demo: Governance) -> None:
    v = refused(
        demo,
        [DissolveBody("noerremarken", AS_OF), Appoint("kasper-noergaard", "noerremarken", "MEMBER", "vejle-kommune", "vejle-kommune")],
        "membership.dissolved-body",
    )
    da, en = both(v)
    assert labelled(da, "Stadig medlem") == [
        "Kasper Nørgaard sidder som medlem i Områdegruppen Nørremarken, på vegne af Vejle Kommune, udpeget af Vejle Kommune, "
        "fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    assert labelled(en, "Still a member")[0].startswith("Kasper Nørgaard sits as member in the Nørremarken area group")
    assert labelled(da, "Dato") == ["Spørgsmålet gælder 1. juni 2026"]
    assert labelled(en, "Date") == ["The question concerns 1 June 2026"]
    assert labelled(da, "Enhed") == ["Områdegruppen Nørremarken har status nedlagt"]
    # The members of the dissolved body are ended by the dissolution and are not named.
    assert not any("Gert Hviid" in line for line in da + en)


# -- policy-group.* -------------------------------------------------------------------------


def test_policy_group_members_names_the_person_and_the_seats_they_lack(demo: Governance) -> None:
    v = refused(demo, [Appoint("birgitte-moelgaard", "policy-group", "MEMBER", "vejle-kommune", "vejle-kommune")],
                "policy-group.members")
    da, en = both(v)
    assert labelled(da, "Medlemskab") == [
        "Birgitte Mølgaard sidder som medlem i den boligpolitiske gruppe, på vegne af Vejle Kommune, udpeget af Vejle Kommune, "
        "fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    assert labelled(da, "Ikke politiker") == ["Birgitte Mølgaard hører til Vejle Kommune, kvalifikationer: boligsocial viden"]
    assert labelled(en, "Not a politician") == ["Birgitte Mølgaard belongs to Vejle Kommune, qualifications: social housing knowledge"]
    lacking = labelled(da, "Ingen gældende plads i")
    assert len(lacking) == 7
    assert "Vejle Byråd har status aktiv" in lacking
    assert "Organisationsbestyrelsen i AAB har status aktiv" in lacking
    lacking = labelled(en, "No current seat in")
    assert "Vejle City Council has the status active" in lacking
    assert "The board of Grejsdalen has the status active" in lacking
    assert labelled(da, "Gælder ikke på datoen") == []


def test_policy_group_members_names_the_council_seat_that_has_ended(demo: Governance) -> None:
    v = refused(demo, [end(demo, "mette-lauridsen", "byraad")], "policy-group.members")
    da, en = both(v)
    assert labelled(da, "Gælder ikke på datoen") == [
        "Mette Lauridsen sidder som medlem i Vejle Byråd, på vegne af Vejle Kommune, udpeget af Vejle Kommune, "
        "fra 1. januar 2026 til og med 31. maj 2026"
    ]
    assert labelled(en, "Not current on the date") == [
        "Mette Lauridsen sits as member in Vejle City Council, on behalf of Vejle Kommune, appointed by Vejle Kommune, "
        "from 1 January 2026 through 31 May 2026"
    ]
    assert labelled(da, "Medlemskab")[0].startswith("Mette Lauridsen sidder som medlem i den boligpolitiske gruppe")
    assert labelled(en, "Not a politician") == ["Mette Lauridsen belongs to Vejle Kommune"]


def test_policy_group_both_sides_names_the_members_and_where_the_missing_side_sits(demo: Governance) -> None:
    housing = ["inger-thomsen", "bent-soerensen", "birthe-damgaard", "erik-munk", "annelise-bro", "niels-ebbesen"]
    v = refused(demo, [end(demo, p, "policy-group") for p in housing], "policy-group.both-sides")
    assert v.args == ("policy-group", "housing")
    da, en = both(v)
    members = labelled(da, "Medlemskab")
    assert len(members) == 3
    assert "Jens Kristensen sidder som formand i den boligpolitiske gruppe, på vegne af Vejle Kommune, udpeget af Vejle Kommune, fra 1. januar 2026, uden slutdato" in members
    assert not any("Inger Thomsen" in line for line in da)
    boards = labelled(da, "Sidens politikere sidder i")
    assert len(boards) == 6 and "Organisationsbestyrelsen i ØsterBO har status aktiv" in boards
    assert "Vejle Byråd" not in " ".join(boards)
    assert "The board of Domea has the status active" in labelled(en, "That side's politicians sit in")


def test_policy_group_chair_names_who_appointed_the_chair(demo: Governance) -> None:
    v = refused(demo, [Appoint("lars-mikkelsen", "policy-group", "CHAIR", "aab", "vejle-kommune")],
                "policy-group.chair", "appointed")
    da, en = both(v)
    assert labelled(da, "Formandsposten") == [
        "Lars Mikkelsen sidder som formand i den boligpolitiske gruppe, på vegne af Vejle Kommune, udpeget af AAB, "
        "fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    assert labelled(en, "Chair") == [
        "Lars Mikkelsen sits as chair in the housing policy group, on behalf of Vejle Kommune, appointed by AAB, "
        "from 1 June 2026, with no end date (proposed)"
    ]
    assert labelled(da, "Kommunen") == ["Vejle Kommune er kommunen"]
    assert labelled(en, "Municipality") == ["Vejle Kommune is the municipality"]
    # The chair appointed by the municipality is not what the violation rests on.
    assert not any("Jens Kristensen" in line for line in da + en)


def test_policy_group_missing_chair_names_the_members_and_the_municipality(demo: Governance) -> None:
    v = refused(demo, [end(demo, "jens-kristensen", "policy-group")], "policy-group.chair", "missing")
    da, en = both(v)
    members = labelled(da, "Medlemskab")
    assert len(members) == 8
    assert all(" sidder som medlem i den boligpolitiske gruppe" in line for line in members)
    assert "Inger Thomsen sidder som medlem i den boligpolitiske gruppe, på vegne af AAB, udpeget af AAB, fra 1. januar 2026, uden slutdato" in members
    assert labelled(da, "Kommunen") == ["Vejle Kommune er kommunen"]
    assert len(labelled(en, "Membership")) == 8 and labelled(en, "Municipality") == ["Vejle Kommune is the municipality"]


# -- secretariat.* --------------------------------------------------------------------------


def test_secretariat_posts_names_the_membership_in_a_role_that_is_no_post(demo: Governance) -> None:
    v = refused(demo, [Appoint("gert-hviid", "secretariat", "MEMBER", "oesterbo")], "secretariat.posts", "role")
    da, en = both(v)
    assert labelled(da, "Ikke en stilling") == [
        "Gert Hviid sidder som medlem i Fællessekretariatet, udpeget af ØsterBO, fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    assert labelled(en, "Not a post") == [
        "Gert Hviid sits as member in the joint secretariat, appointed by ØsterBO, from 1 June 2026, with no end date (proposed)"
    ]


def test_secretariat_posts_names_every_daily_leader_and_the_limit(demo: Governance) -> None:
    v = refused(demo, [Appoint("gert-hviid", "secretariat", "DAILY_LEADER", "oesterbo")], "secretariat.posts", "leaders")
    da, en = both(v)
    assert sorted(labelled(da, "Sekretariatets daglige leder")) == [
        "Gert Hviid sidder som daglig leder i Fællessekretariatet, udpeget af ØsterBO, fra 1. juni 2026, uden slutdato (foreslået)",
        "Maria Thorsen sidder som daglig leder i Fællessekretariatet, udpeget af ØsterBO, fra 1. januar 2026, uden slutdato",
    ]
    assert labelled(da, "Grænse") == ["Det højeste antal daglige ledere af sekretariatet er 1"]
    assert labelled(en, "Limit") == ["The largest number of daily leaders of the secretariat is 1"]
    assert len(labelled(en, "Daily leader of the secretariat")) == 2


def test_secretariat_vacancy_and_employer_name_the_staff_and_the_setting(demo: Governance) -> None:
    check = demo.check_changes(
        [end(demo, "camilla-rask", "secretariat"), Appoint("gert-hviid", "secretariat", "PROJECT_STAFF", "aab")], AS_OF, explain=True)
    assert check.allowed
    vacancy = one(check.violations, "secretariat.vacancies")
    da, en = both(vacancy)
    staff = labelled(da, "Ansat")
    assert len(staff) == 4 and not any("Camilla Rask" in line for line in staff)
    assert "Gert Hviid sidder som projektansat i Fællessekretariatet, udpeget af AAB, fra 1. juni 2026, uden slutdato (foreslået)" in staff
    assert labelled(en, "Date") == ["The question concerns 1 June 2026"]

    employer = one(check.violations, "secretariat.employer")
    da, en = both(employer)
    assert labelled(da, "Ansat") == [
        "Gert Hviid sidder som projektansat i Fællessekretariatet, udpeget af AAB, fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    # (the platform is shown by its key: the register keeps no platform names)
    [setting] = labelled(da, "Personaleansvar")
    assert setting == "Sekretariatets personaleansvar ligger hos ØsterBO"
    [setting] = labelled(en, "Personnel responsibility")
    assert setting == "The secretariat's personnel responsibility lies with ØsterBO"


# -- fku.* ----------------------------------------------------------------------------------


def test_fku_cap_names_nine_seats_the_leader_not_counted_and_the_cap(demo: Governance) -> None:
    v = refused(demo, [Appoint("gert-hviid", "fku", "MEMBER", "oesterbo", "oesterbo", AS_OF)], "fku.cap")
    da, en = both(v)
    seats = labelled(da, "Plads")
    assert len(seats) == 9
    assert "Gert Hviid sidder som medlem i FKU, på vegne af ØsterBO, udpeget af ØsterBO, fra 1. juni 2026, uden slutdato (foreslået)" in seats
    assert "Birgitte Mølgaard sidder som formand i FKU, på vegne af Vejle Kommune, udpeget af Vejle Kommune, fra 1. januar 2026, uden slutdato" in seats
    assert sum(line.endswith("(foreslået)") for line in seats) == 1
    assert not any("Maria Thorsen" in line for line in seats)
    assert labelled(da, "Tæller ikke med") == [
        "Maria Thorsen sidder som født medlem i FKU, udpeget af ØsterBO, fra 1. januar 2026, uden slutdato"
    ]
    assert labelled(da, "Sekretariatets daglige leder") == [
        "Maria Thorsen sidder som daglig leder i Fællessekretariatet, udpeget af ØsterBO, fra 1. januar 2026, uden slutdato"
    ]
    assert labelled(da, "Grænse") == ["Det højeste antal medlemmer af FKU er 8"]
    seats = labelled(en, "Seat")
    assert len(seats) == 9
    assert "Gert Hviid sits as member in FKU, on behalf of ØsterBO, appointed by ØsterBO, from 1 June 2026, with no end date (proposed)" in seats
    assert labelled(en, "Not counted")[0].startswith("Maria Thorsen sits as ex officio member in FKU")
    assert labelled(en, "Limit") == ["The largest number of members of FKU is 8"]
    assert labelled(en, "Body") == ["Forum for Koordination og Udvikling (FKU) has the status active"]


def test_fku_parity_names_each_seat_with_its_side(demo: Governance) -> None:
    v = refused(demo, [end(demo, "carsten-moeller", "fku")], "fku.parity", "unequal")
    assert v.args == ("unequal", "fku", 4, 3)
    da, en = both(v)
    municipality = labelled(da, "Kommunens plads")
    housing = labelled(da, "Boligorganisationernes plads")
    assert len(municipality) == 4 and len(housing) == 3
    assert all("på vegne af Vejle Kommune" in line for line in municipality)
    assert {line.split(" sidder som ")[0] for line in housing} == {"Thomas Ager", "Dorthe Riis", "Vibeke Lund"}
    assert not any("Carsten Møller" in line for line in da)
    assert labelled(da, "Plads uden side") == []
    assert labelled(da, "Tæller ikke med")[0].startswith("Maria Thorsen sidder som født medlem")
    assert len(labelled(en, "Municipality seat")) == 4
    assert "Dorthe Riis sits as member in FKU, on behalf of ØsterBO, appointed by ØsterBO, from 1 January 2026, with no end date" in labelled(en, "Housing organisations' seat")


def test_fku_parity_names_the_seat_held_for_no_side(demo: Governance) -> None:
    v = refused(demo, [end(demo, "carsten-moeller", "fku"), Appoint("jesper-holt", "fku", "MEMBER", "lejerbo")],
                "fku.parity", "unassigned")
    da, en = both(v)
    assert labelled(da, "Plads uden side") == [
        "Jesper Holt sidder som medlem i FKU, udpeget af Lejerbo, fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    assert labelled(en, "Seat without a side") == [
        "Jesper Holt sits as member in FKU, appointed by Lejerbo, from 1 June 2026, with no end date (proposed)"
    ]
    unequal = one(demo.check_changes(
        [end(demo, "carsten-moeller", "fku"), Appoint("jesper-holt", "fku", "MEMBER", "lejerbo")], AS_OF, explain=True).violations, "fku.parity", "unequal")
    assert [line.split(" sidder som ")[0] for line in labelled(explained(unequal, "da"), "Plads uden side")] == ["Jesper Holt"]


def test_fku_theme_seats_missing_names_the_group_and_every_seat(demo: Governance) -> None:
    v = refused(demo, [end(demo, "dorthe-riis", "fku"), Appoint("gert-hviid", "fku", "MEMBER", "oesterbo", "oesterbo")],
                "fku.theme-seats", "missing")
    da, en = both(v)
    assert labelled(da, "Temagruppe") == [
        "Den boligsociale temagruppe har status aktiv, undergruppe af FKU"
    ]
    assert labelled(en, "Theme group") == [
        "The social theme group has the status active, a sub-group of FKU"
    ]
    seats = labelled(da, "Plads")
    assert len(seats) == 8
    assert "Gert Hviid sidder som medlem i FKU, på vegne af ØsterBO, udpeget af ØsterBO, fra 1. juni 2026, uden slutdato (foreslået)" in seats
    assert not any("Dorthe Riis" in line for line in seats)


def test_fku_theme_seats_two_fku_members_in_one_theme_group_break_nothing(demo: Governance) -> None:
    check = demo.check_changes([end(demo, "frank-olesen", "fku"), Appoint("jakob-friis", "fku", "MEMBER", "vejle-kommune", "vejle-kommune")], AS_OF, explain=True)
    assert check.allowed and not [v for v in check.violations if v.rule == "fku.theme-seats"]


def test_fku_theme_seats_shared_names_both_groups_and_the_one_seat(demo: Governance) -> None:
    changes = [end(demo, "thomas-ager", "fku"),
               Appoint("sofie-winther", "theme-technical", "MEMBER", "vejle-kommune", "vejle-kommune")]
    v = refused(demo, changes, "fku.theme-seats", "shared")
    assert v.args == ("shared", "fku", "theme-legal", "theme-technical")
    da, en = both(v)
    assert sorted(line.split(" har status ")[0] for line in labelled(da, "Temagruppe")) == ["Den boligjuridiske temagruppe", "Den boligtekniske temagruppe"]
    assert [line.split(" sidder som ")[0] for line in labelled(da, "Plads")] == ["Sofie Winther"]
    assert len(labelled(en, "Member of the theme group")) == 2
    assert v.message("da") == ("Kun én af pladserne i FKU er besat af et medlem af den boligjuridiske temagruppe "
                               "eller den boligtekniske temagruppe; hver temagruppe skal have sin egen plads.")


def test_fku_chair_names_the_chairs_side_and_the_municipality(demo: Governance) -> None:
    v = refused(demo, [end(demo, "thomas-ager", "fku"), Appoint("thomas-ager", "fku", "CHAIR", "aab", "aab")],
                "fku.chair", "not_municipality")
    da, en = both(v)
    assert labelled(da, "Formandsposten") == [
        "Thomas Ager sidder som formand i FKU, på vegne af AAB, udpeget af AAB, fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    assert labelled(en, "Chair") == [
        "Thomas Ager sits as chair in FKU, on behalf of AAB, appointed by AAB, from 1 June 2026, with no end date (proposed)"
    ]
    assert labelled(da, "Kommunen") == ["Vejle Kommune er kommunen"]
    assert labelled(en, "Municipality") == ["Vejle Kommune is the municipality"]


def test_fku_missing_chair_names_the_memberships_and_the_municipality(demo: Governance) -> None:
    v = refused(demo, [end(demo, "birgitte-moelgaard", "fku")], "fku.chair", "missing")
    da, en = both(v)
    members = labelled(da, "Medlemskab")
    assert len(members) == 8  # 7 seats and the secretariat's leader
    assert not any("Birgitte Mølgaard" in line or " sidder som formand i " in line for line in members)
    assert "Maria Thorsen sidder som født medlem i FKU, udpeget af ØsterBO, fra 1. januar 2026, uden slutdato" in members
    assert labelled(en, "Municipality") == ["Vejle Kommune is the municipality"]


def test_fku_secretariat_leader_names_the_leaders_post(demo: Governance) -> None:
    check = demo.check_changes([end(demo, "maria-thorsen", "fku")], AS_OF, explain=True)
    v = one(check.violations, "fku.secretariat-leader")
    assert v.severity == "WARNING" and v.introduced
    da, en = both(v)
    assert labelled(da, "Sekretariatets daglige leder") == [
        "Maria Thorsen sidder som daglig leder i Fællessekretariatet, udpeget af ØsterBO, fra 1. januar 2026, uden slutdato"
    ]
    assert labelled(en, "Date") == ["The question concerns 1 June 2026"]


# -- theme.*, technical.fixed ---------------------------------------------------------------


def test_theme_members_names_the_membership_held_on_behalf_of_nobody(demo: Governance) -> None:
    v = refused(demo, [Appoint("gert-hviid", "theme-social", "MEMBER", "oesterbo")], "theme.members", "nobody")
    da, en = both(v)
    assert labelled(da, "Repræsenterer ingen") == [
        "Gert Hviid sidder som medlem i den boligsociale temagruppe, udpeget af ØsterBO, fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    assert labelled(en, "Represents no one") == [
        "Gert Hviid sits as member in the social theme group, appointed by ØsterBO, from 1 June 2026, with no end date (proposed)"
    ]


def test_another_organisation_of_the_platform_is_welcome_in_the_social_group_and_warned_about_elsewhere(demo: Governance) -> None:
    with demo.database.unit_of_work(write=True) as session:
        platform = session.query(Platform).filter_by(key="bolivvejle").one()
        session.add(Organisation(key="lejerforening", name="Vejle Lejerforening", kind=OrganisationKind.OTHER, platform_id=platform.id))
    social = demo.check_changes([Appoint("gert-hviid", "theme-social", "MEMBER", "lejerforening", "lejerforening")], AS_OF, explain=True)
    assert social.allowed and not [v for v in social.violations if v.rule.startswith("theme.")]
    legal = demo.check_changes([Appoint("gert-hviid", "theme-legal", "MEMBER", "lejerforening", "lejerforening")], AS_OF, explain=True)
    assert legal.allowed and not [v for v in legal.violations if v.rule == "theme.members"]
    v = one(legal.violations, "theme.other-participant")
    assert v.severity == "WARNING"
    da, en = both(v)
    assert labelled(da, "Medlemskab") == [
        "Gert Hviid sidder som medlem i den boligjuridiske temagruppe, på vegne af Vejle Lejerforening, udpeget af Vejle Lejerforening, "
        "fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    assert labelled(da, "Repræsenterer") == ["Vejle Lejerforening er anden organisation"]
    assert labelled(en, "Represents") == ["Vejle Lejerforening is another organisation"]


def test_theme_self_appointed_names_the_membership_and_both_organisations(demo: Governance) -> None:
    v = refused(demo, [Appoint("gert-hviid", "theme-social", "MEMBER", "vejle-kommune", "oesterbo")], "theme.self-appointed")
    da, en = both(v)
    assert labelled(da, "Medlemskab") == [
        "Gert Hviid sidder som medlem i den boligsociale temagruppe, på vegne af ØsterBO, udpeget af Vejle Kommune, fra 1. juni 2026, uden slutdato (foreslået)"
    ]
    assert labelled(da, "Repræsenterer") == ["ØsterBO er boligorganisation"]
    assert labelled(da, "Udpeget af") == ["Vejle Kommune er kommunen"]
    assert labelled(en, "Represents") == ["ØsterBO is a housing organisation"]
    assert labelled(en, "Appointed by") == ["Vejle Kommune is the municipality"]


def test_theme_both_sides_names_the_members_and_the_side_not_represented(demo: Governance) -> None:
    v = refused(demo, [end(demo, "helle-bonde", "theme-social")], "theme.both-sides")
    assert v.args == ("theme-social", "municipality")
    da, en = both(v)
    assert sorted(line.split(" sidder som ")[0] for line in labelled(da, "Medlemskab")) == ["Dorthe Riis", "Mads Eskildsen"]
    assert labelled(da, "Ikke repræsenteret") == ["Vejle Kommune er kommunen"]
    assert labelled(en, "Not represented") == ["Vejle Kommune is the municipality"]


def test_theme_expertise_names_the_qualifications_and_the_area(demo: Governance) -> None:
    check = demo.check_changes([Appoint("gert-hviid", "theme-legal", "MEMBER", "oesterbo", "oesterbo")], AS_OF, explain=True)
    v = one(check.violations, "theme.expertise")
    assert v.severity == "WARNING"
    da, en = both(v)
    assert labelled(da, "Uden særlig viden") == ["Gert Hviid hører til ØsterBO, kvalifikationer: boligsocial viden"]
    assert labelled(da, "Gruppens område") == ["juridisk"]
    assert labelled(en, "Without special knowledge") == ["Gert Hviid belongs to ØsterBO, qualifications: social housing knowledge"]
    assert labelled(en, "The group's area") == ["legal"]


def test_technical_fixed_names_the_organisation_and_its_representatives(demo: Governance) -> None:
    check = demo.check_changes([end(demo, "claus-hedegaard", "theme-technical"), end(demo, "allan-dyhr", "theme-technical")], AS_OF, explain=True)
    supervisor = one(check.violations, "technical.fixed", "supervisor")
    da, en = both(supervisor)
    assert labelled(da, "Kommunen") == ["Vejle Kommune er kommunen"]
    assert labelled(da, "Repræsentant") == ["Lene Fog hører til Vejle Kommune, kvalifikationer: teknisk viden"]
    assert not [v for v in check.violations if v.rule == "technical.fixed" and v.args[0] == "chiefs"]  # five of six remain
    chiefs = [end(demo, key, "theme-technical") for key in ("allan-dyhr", "rene-bak", "jesper-holt")]
    chief = one(demo.check_changes(chiefs, AS_OF, explain=True).violations, "technical.fixed", "chiefs")
    assert chief.args == ("chiefs", "theme-technical", 3, 4)
    da, en = both(chief)
    assert sorted(line.split(" hører ")[0] for line in labelled(da, "Repræsentant")) == ["Brian Lynge", "Michael Krogh", "Thomas Ager"]
    assert labelled(en, "Limit")
    assert chief.message("da") == "Kun 3 af de 4 tekniske chefer, der kunne være faste deltagere, deltager i den boligtekniske temagruppe."


# -- adhoc.* --------------------------------------------------------------------------------


def adhoc(expires_on: date | None = date(2026, 12, 31)) -> CreateBody:
    return CreateBody("adhoc-vand", "Ad hoc-gruppen Vandskader", "ADHOC_GROUP", parent="fku", expires_on=expires_on)


def test_adhoc_expiry_names_the_group_without_an_end_date(demo: Governance) -> None:
    v = refused(demo, [adhoc(None)], "adhoc.expiry")
    da, en = both(v)
    assert labelled(da, "Uden slutdato") == [
        "Ad hoc-gruppen Vandskader har status under dannelse, undergruppe af FKU"
    ]
    assert labelled(en, "No end date") == [
        "Ad hoc-gruppen Vandskader (ad hoc group) has the status forming, a sub-group of FKU"
    ]


def test_adhoc_no_fixed_members_names_the_membership_and_the_groups_end(demo: Governance) -> None:
    changes = [
        adhoc(),
        Appoint("frank-olesen", "adhoc-vand", "MEMBER", "vejle-kommune", "vejle-kommune"),
        Appoint("thomas-ager", "adhoc-vand", "MEMBER", "aab", "aab", ends_on=date(2027, 3, 31)),
    ]
    check = demo.check_changes(changes, AS_OF, explain=True)  # Frank Olesen's open-ended membership ends with the group
    assert not [v for v in check.violations if "frank-olesen" in v.args]
    late = one(check.violations, "adhoc.no-fixed-members", "late")
    da, en = both(late)
    assert labelled(da, "Varer længere end gruppen") == [
        "Thomas Ager sidder som medlem i Ad hoc-gruppen Vandskader, på vegne af AAB, udpeget af AAB, "
        "fra 1. juni 2026 til og med 31. marts 2027 (foreslået)"
    ]
    assert labelled(en, "Outlasts the group") == [
        "Thomas Ager sits as member in Ad hoc-gruppen Vandskader, on behalf of AAB, appointed by AAB, "
        "from 1 June 2026 through 31 March 2027 (proposed)"
    ]
    assert "existing through 31 December 2026" in labelled(en, "Body")[0]


def test_adhoc_expired_names_the_date_asked_and_who_is_still_a_member(demo: Governance) -> None:
    changes = [
        adhoc(date(2026, 5, 31)),
        Appoint("frank-olesen", "adhoc-vand", "MEMBER", "vejle-kommune", "vejle-kommune", date(2026, 5, 1), date(2026, 6, 30)),
    ]
    v = refused(demo, changes, "adhoc.expired", "active")
    da, en = both(v)
    assert labelled(da, "Stadig medlem") == [
        "Frank Olesen sidder som medlem i Ad hoc-gruppen Vandskader, på vegne af Vejle Kommune, udpeget af Vejle Kommune, "
        "fra 1. maj 2026 til og med 30. juni 2026 (foreslået)"
    ]
    assert labelled(da, "Dato") == ["Spørgsmålet gælder 1. juni 2026"]
    assert "eksisterer til og med 31. maj 2026" in labelled(da, "Enhed")[0]
    assert labelled(en, "Date") == ["The question concerns 1 June 2026"]

    not_dissolved = refused(demo, changes, "adhoc.expired", "not_dissolved")
    da, en = both(not_dissolved)
    assert labelled(da, "Dato") == ["Spørgsmålet gælder 1. juni 2026"]
    assert labelled(en, "Body") == [
        "Ad hoc-gruppen Vandskader (ad hoc group) has the status forming, existing through 31 May 2026, "
        "a sub-group of FKU"
    ]


# -- loeget.structure -----------------------------------------------------------------------


def test_loeget_structure_missing_names_the_sub_groups_and_the_topic(demo: Governance) -> None:
    v = refused(demo, [DissolveBody("loeget-physical", AS_OF)], "loeget.structure", "missing")
    da, en = both(v)
    assert sorted(labelled(da, "Undergruppe")) == [
        "Den fysiske styregruppe for Løget By har status nedlagt, undergruppe af den fælles styregruppe for Løget By",
        "Den sociale styregruppe for Løget By har status aktiv, undergruppe af den fælles styregruppe for Løget By",
    ]
    assert labelled(da, "Krævet emne") == ["fysisk"]
    assert labelled(en, "Required topic") == ["physical"]
    assert "The physical steering group of Løget By has the status dissolved, a sub-group of the joint steering group of Løget By" in labelled(en, "Sub-group")


def test_loeget_structure_several_names_the_sub_groups_on_that_topic(demo: Governance) -> None:
    v = refused(demo, [CreateBody("loeget-social-2", "Løget By Social Styregruppe 2", "STEERING_GROUP", parent="loeget-joint", topic="social")],
                "loeget.structure", "several")
    da, en = both(v)
    assert sorted(labelled(da, "Undergruppe")) == [
        "Den sociale styregruppe for Løget By har status aktiv, undergruppe af den fælles styregruppe for Løget By",
        "Løget By Social Styregruppe 2 har status under dannelse, undergruppe af den fælles styregruppe for Løget By",
    ]
    assert not any("Fysisk" in line for line in da)
    assert len(labelled(en, "Sub-group")) == 2


# -- every error rule of these files is covered --------------------------------------------


CONCERN_FILES = ("memberships.lp", "policy_group.lp", "secretariat.lp", "fku.lp", "theme_groups.lp", "adhoc.lp", "loeget.lp")


@pytest.mark.parametrize("file", CONCERN_FILES)
def test_every_violation_rule_names_its_facts(governance: Governance, file: str) -> None:
    """Each violation id of the file has because/5 rules of its own beside it, for each variant."""
    rule_set = governance.rule_set
    text = (rule_set.directory / file).read_text()
    ids = [rule.id for rule in rule_set.rules.values() if rule.file.endswith(file)]
    assert ids
    for rule_id in ids:
        heads = [part.split(":-", 1)[0] for part in text.split(f'because("{rule_id}", ')[1:]]
        assert heads, rule_id
        for variant in (v for v in rule_set.rules[rule_id].variants if v):
            assert any(f"({variant}, " in head or "Args" in head for head in heads), (rule_id, variant)
