"""Small hand-made registries: patronymic families with variant spellings.

The names and spellings here are written for these tests; they are not the
synthetic generator's tables, which the matcher must never see.
"""

import random
from dataclasses import dataclass

import pytest

# name -> spellings a clerk might write (the first is the usual one)
ARABIC = {
    "mohammed": ["Mohammed", "Mohamed", "Muhammad", "Mohamad"],
    "ahmed": ["Ahmed", "Ahmad", "Ahmet"],
    "yusuf": ["Yousef", "Yusuf", "Youssouf", "Yousif"],
    "hussein": ["Hussein", "Hussain", "Husein"],
    "abdulrahman": ["Abdulrahman", "Abdelrahman", "Abdul Rahman", "Abderrahmane"],
    "ibrahim": ["Ibrahim", "Ebrahim"],
    "omar": ["Omar", "Umar"],
    "osman": ["Osman", "Othman", "Usman"],
    "khalid": ["Khalid", "Khaled"],
    "hassan": ["Hassan", "Hasan"],
    "adam": ["Adam", "Adem"],
    "ismail": ["Ismail", "Esmail"],
    "abdallah": ["Abdallah", "Abdullah", "Abdalla"],
    "idris": ["Idris", "Idriss", "Edris"],
    "salih": ["Salih", "Saleh"],
    "bashir": ["Bashir", "Bachir", "Basheer"],
    "musa": ["Musa", "Moussa", "Mousa"],
    "suleiman": ["Suleiman", "Sulaiman", "Souleymane"],
    "yaqub": ["Yaqub", "Yacoub", "Yagoub"],
    "mahmoud": ["Mahmoud", "Mahmud", "Mahmood"],
    "nureddin": ["Nureddin", "Nour El Din", "Nuruddin"],
    "jamal": ["Jamal", "Djamal", "Gamal"],
}
ARABIC_SCRIPT = {
    "mohammed": "محمد",
    "ahmed": "أحمد",
    "yusuf": "يوسف",
    "hussein": "حسين",
    "abdulrahman": "عبد الرحمن",
    "ibrahim": "إبراهيم",
    "omar": "عمر",
    "osman": "عثمان",
    "khalid": "خالد",
    "hassan": "حسن",
    "adam": "آدم",
    "ismail": "إسماعيل",
    "abdallah": "عبدالله",
    "idris": "إدريس",
    "salih": "صالح",
    "bashir": "بشير",
    "musa": "موسى",
    "suleiman": "سليمان",
    "yaqub": "يعقوب",
    "mahmoud": "محمود",
    "nureddin": "نور الدين",
    "jamal": "جمال",
}
HABESHA = {
    "tesfay": ["Tesfay", "Tesfaye", "Tesfai"],
    "yohannes": ["Yohannes", "Yohanes"],
    "gebremedhin": ["Gebremedhin", "Ghebremedhin", "Gebre Medhin"],
    "haile": ["Haile", "Hayle"],
    "kidane": ["Kidane", "Kidanie"],
    "dawit": ["Dawit", "Dawitt"],
    "tekle": ["Tekle", "Tecle"],
    "berhane": ["Berhane", "Berhani"],
    "mulugeta": ["Mulugeta", "Mulugueta"],
    "habtom": ["Habtom", "Habtome"],
    "kiflom": ["Kiflom", "Kiflum"],
    "awet": ["Awet", "Aweet"],
    "filmon": ["Filmon", "Filemon"],
    "semere": ["Semere", "Semre"],
    "yonas": ["Yonas", "Yonass"],
    "tsegay": ["Tsegay", "Tsegai", "Tsegaye"],
}
GROUPS = {"SD": ARABIC, "ER": HABESHA}
CITIES = ["London", "Birmingham", "Manchester", "Leeds", "Glasgow"]


@dataclass
class Person:
    key: str
    given: str
    father: str
    grandfather: str
    sex: str
    year: int
    month: int
    day: int
    nationality: str
    origin: str
    city: str


def _spell(rng, pool, name):
    spellings = pool[name]
    return spellings[0] if rng.random() < 0.5 else rng.choice(spellings)


def make_people(seed, families=40):
    """Families of grandfather -> 1-2 sons -> 1-3 children; names patronymic."""
    rng = random.Random(seed)
    people = []
    for f in range(families):
        nationality = rng.choice(sorted(GROUPS))
        names = sorted(GROUPS[nationality])
        grandfather = rng.choice(names)
        great = rng.choice(names)
        origin = rng.choice(["Darfur", "Kassala", "Asmara", "Keren", "Nyala"])
        sons = rng.sample([n for n in names if n != grandfather], rng.randint(1, 2))
        for s, son in enumerate(sons):
            year = rng.randint(1965, 1985)
            people.append(
                Person(
                    f"F{f}S{s}",
                    son,
                    grandfather,
                    great,
                    "M",
                    year,
                    rng.randint(1, 12),
                    rng.randint(1, 28),
                    nationality,
                    origin,
                    rng.choice(CITIES),
                )
            )
            others = [n for n in names if n not in (son, grandfather)]
            for c, child in enumerate(rng.sample(others, rng.randint(1, 3))):
                people.append(
                    Person(
                        f"F{f}S{s}C{c}",
                        child,
                        son,
                        grandfather,
                        "M",
                        rng.randint(1998, 2010),
                        rng.randint(1, 12),
                        rng.randint(1, 28),
                        nationality,
                        origin,
                        rng.choice(CITIES),
                    )
                )
    return people


def registration(rng, person, record_id, *, native=False):
    """One record of ``person`` with clerk variation in spelling and dates."""
    pool = GROUPS[person.nationality]
    roll = rng.random()
    if roll < 0.5:
        dob = f"{person.year:04d}-{person.month:02d}-{person.day:02d}"
        precision = "exact"
    elif roll < 0.8:
        dob = f"{person.year + rng.choice([-1, 0, 0, 1]):04d}-01-01"
        precision = "year"
    elif roll < 0.9:
        dob = f"{person.year:04d}-{person.day:02d}-{person.month:02d}"
        precision = "exact"
        if person.day > 12:
            dob = f"{person.year:04d}-01-01"
            precision = "year"
    else:
        dob, precision = "", "unknown"
    return {
        "record_id": record_id,
        "given_name": _spell(rng, pool, person.given),
        "father_name": _spell(rng, pool, person.father),
        "grandfather_name": _spell(rng, pool, person.grandfather)
        if rng.random() < 0.7
        else "",
        "family_name": "",
        "sex": person.sex,
        "dob": dob,
        "dob_precision": precision,
        "nationality": person.nationality,
        "place_of_origin": person.origin,
        "phone": "",
        "registered_at": "2016-09-01T10:00:00+00:00",
        "registered_by": "clerk-1",
        "name_native": "",
        "city": person.city,
    }


def make_registry(seed, families=40):
    """Return (records, truth) where truth maps record id to person key."""
    rng = random.Random(seed + 1000)
    records, truth = [], {}
    for person in make_people(seed, families):
        copies = rng.choices([1, 2, 3], weights=[5, 3, 2])[0]
        for _ in range(copies):
            record_id = f"R{len(records):04d}"
            records.append(registration(rng, person, record_id))
            truth[record_id] = person.key
    order = list(range(len(records)))
    rng.shuffle(order)
    return [records[i] for i in order], truth


def true_pairs(truth):
    by_person = {}
    for record_id, person in truth.items():
        by_person.setdefault(person, []).append(record_id)
    return {
        (a, b) if a < b else (b, a)
        for ids in by_person.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }


@pytest.fixture(scope="session")
def registry():
    return make_registry(seed=7)
