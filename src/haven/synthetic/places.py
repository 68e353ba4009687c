"""
Places: the camp and its sectors, housing, reception centres, cities abroad, and
home towns with the spellings clerks use for them.

Capacities are those of a camp of ``REFERENCE_SIZE`` people and scale with the
camp's size.
"""

from __future__ import annotations

from dataclasses import dataclass

from haven.synthetic.model import SyntheticLocation

REFERENCE_SIZE = 7_000
CAMP_KEY = "camp-calais"

# Sector key, name.
SECTORS: tuple[tuple[str, str], ...] = (
    ("sector-dunes", "Secteur des Dunes"),
    ("sector-garennes", "Secteur des Garennes"),
    ("sector-eglise", "Secteur de l'Église"),
    ("sector-ecole", "Secteur de l'École"),
    ("sector-gravelines", "Secteur route de Gravelines"),
    ("sector-pont", "Secteur du Pont"),
)

# Housing inside the camp: key, name, parent sector, beds at the reference size.
HOUSING: tuple[tuple[str, str, str, int], ...] = (
    (
        "housing-containers",
        "Containers (centre d'accueil provisoire)",
        "sector-dunes",
        1500,
    ),
    ("housing-women-children", "Centre pour femmes et enfants", "sector-ecole", 400),
    ("housing-caravans", "Caravanes", "sector-garennes", 200),
)

# Reception centres across France (CAOMI-like for children, CAO for adults):
# key, name, region, beds at the reference size.
CENTRES: tuple[tuple[str, str, int], ...] = (
    ("centre-caomi-lozere", "CAOMI Lozère", 60),
    ("centre-caomi-bretagne", "CAOMI Bretagne", 80),
    ("centre-caomi-alpes", "CAOMI Alpes", 70),
    ("centre-caomi-loire", "CAOMI Pays de la Loire", 90),
    ("centre-cao-bourgogne", "CAO Bourgogne", 120),
    ("centre-cao-occitanie", "CAO Occitanie", 150),
    ("centre-cao-normandie", "CAO Normandie", 110),
    ("centre-cao-grand-est", "CAO Grand Est", 130),
)


@dataclass(frozen=True, slots=True)
class City:
    """A city abroad where relatives live, with nearby cities for vague memories."""

    key: str
    name: str
    country: str
    weight: float  # share of relatives abroad who live there
    neighbours: tuple[str, ...]  # keys of nearby cities


CITIES: tuple[City, ...] = (
    City("city-london", "London", "GB", 0.26, ("city-luton", "city-reading")),
    City(
        "city-birmingham",
        "Birmingham",
        "GB",
        0.11,
        ("city-coventry", "city-wolverhampton"),
    ),
    City("city-manchester", "Manchester", "GB", 0.08, ("city-liverpool", "city-leeds")),
    City(
        "city-leicester", "Leicester", "GB", 0.05, ("city-nottingham", "city-coventry")
    ),
    City("city-cardiff", "Cardiff", "GB", 0.04, ("city-newport", "city-bristol")),
    City("city-glasgow", "Glasgow", "GB", 0.04, ("city-edinburgh",)),
    City("city-sheffield", "Sheffield", "GB", 0.03, ("city-leeds", "city-nottingham")),
    City("city-leeds", "Leeds", "GB", 0.03, ("city-sheffield", "city-manchester")),
    City(
        "city-coventry", "Coventry", "GB", 0.02, ("city-birmingham", "city-leicester")
    ),
    City("city-liverpool", "Liverpool", "GB", 0.02, ("city-manchester",)),
    City(
        "city-nottingham",
        "Nottingham",
        "GB",
        0.02,
        ("city-leicester", "city-sheffield"),
    ),
    City("city-bristol", "Bristol", "GB", 0.02, ("city-cardiff", "city-newport")),
    City("city-luton", "Luton", "GB", 0.01, ("city-london",)),
    City("city-reading", "Reading", "GB", 0.01, ("city-london",)),
    City("city-wolverhampton", "Wolverhampton", "GB", 0.01, ("city-birmingham",)),
    City("city-newport", "Newport", "GB", 0.005, ("city-cardiff", "city-bristol")),
    City("city-edinburgh", "Edinburgh", "GB", 0.005, ("city-glasgow",)),
    City("city-berlin", "Berlin", "DE", 0.05, ("city-hamburg",)),
    City("city-hamburg", "Hamburg", "DE", 0.02, ("city-berlin",)),
    City("city-munich", "Munich", "DE", 0.02, ("city-frankfurt",)),
    City("city-frankfurt", "Frankfurt", "DE", 0.02, ("city-munich",)),
    City("city-stockholm", "Stockholm", "SE", 0.04, ("city-uppsala",)),
    City("city-uppsala", "Uppsala", "SE", 0.01, ("city-stockholm",)),
    City("city-gothenburg", "Gothenburg", "SE", 0.02, ("city-stockholm",)),
    City("city-brussels", "Brussels", "BE", 0.03, ("city-antwerp",)),
    City("city-antwerp", "Antwerp", "BE", 0.01, ("city-brussels",)),
    City("city-amsterdam", "Amsterdam", "NL", 0.02, ("city-rotterdam",)),
    City("city-rotterdam", "Rotterdam", "NL", 0.01, ("city-amsterdam",)),
    City("city-oslo", "Oslo", "NO", 0.01, ("city-stockholm",)),
    City("city-paris", "Paris", "FR", 0.03, ("city-lille",)),
    City("city-lille", "Lille", "FR", 0.01, ("city-paris",)),
)

CITY_BY_KEY: dict[str, City] = {city.key: city for city in CITIES}


def scaled(capacity: int, size: int) -> int:
    """Return a capacity scaled from the reference camp to ``size`` people."""
    return max(1, round(capacity * size / REFERENCE_SIZE))


def camp_locations(size: int) -> tuple[SyntheticLocation, ...]:
    """Return every location of a camp of ``size`` people, cities abroad included."""
    rows: list[SyntheticLocation] = [
        SyntheticLocation(CAMP_KEY, "Camp de la Lande, Calais", "camp", "", "FR", 0)
    ]
    rows += [SyntheticLocation(key, name, "sector", CAMP_KEY) for key, name in SECTORS]
    rows += [
        SyntheticLocation(key, name, "sector", parent, "FR", scaled(beds, size))
        for key, name, parent, beds in HOUSING
    ]
    rows += [
        SyntheticLocation(key, name, "centre", "", "FR", scaled(beds, size))
        for key, name, beds in CENTRES
    ]
    rows += [SyntheticLocation(c.key, c.name, "city", "", c.country, 0) for c in CITIES]
    return tuple(rows)


# Home towns per population: canonical name, then variant spellings.
ORIGINS: dict[str, tuple[tuple[str, ...], ...]] = {
    "sudanese": (
        ("Nyala", "Niyala", "Nyalla"),
        ("El Fasher", "Al-Fashir", "El Fashir", "Fasher"),
        ("Geneina", "El Geneina", "Al Junaynah", "Jenaina"),
        ("Zalingei", "Zalingi", "Zalinge"),
        ("Kutum", "Kuttum", "Kotom"),
        ("Tawila", "Tawilah", "Tawilla"),
        ("Kassala", "Kasala", "Kessala"),
        ("Khartoum", "Khartum", "Al-Khartum"),
        ("Omdurman", "Umm Durman", "Omdourman"),
        ("El Obeid", "Al-Ubayyid", "El Obeyd"),
        ("Kadugli", "Kaduqli", "Kadogli"),
        ("Kosti", "Kusti", "Kosty"),
        ("Mellit", "Malit", "Melit"),
        ("Ed Daein", "Ad Du'ayn", "El Daein"),
    ),
    "afghan": (
        ("Kabul", "Kaboul", "Kabol"),
        ("Jalalabad", "Jelalabad", "Djalalabad"),
        ("Kunduz", "Qonduz", "Kondoz"),
        ("Ghazni", "Ghazny", "Ghazna"),
        ("Kandahar", "Qandahar", "Kandehar"),
        ("Lashkar Gah", "Lashkargah", "Lashkar Gāh"),
        ("Logar", "Lowgar", "Loghar"),
        ("Nangarhar", "Ningarhar", "Nengarhar"),
        ("Baghlan", "Baghlan-e Jadid", "Baglan"),
        ("Herat", "Hérat", "Harat"),
        ("Mazar-i-Sharif", "Mazar-e Sharif", "Mazar"),
        ("Khost", "Khowst", "Khoost"),
        ("Maidan Wardak", "Wardak", "Maydan Wardak"),
        ("Gardez", "Gardiz", "Gardeyz"),
        ("Pul-i-Alam", "Pol-e Alam", "Puli Alam"),
        ("Jaghori", "Jaghuri", "Djaghori"),
    ),
    "eritrean": (
        ("Asmara", "Asmera", "Asmarra"),
        ("Keren", "Kerén", "Karen"),
        ("Mendefera", "Mendefara", "Mendafera"),
        ("Adi Quala", "Adi Kwala", "Adi Qwala"),
        ("Dekemhare", "Dekamhare", "Dek'emhare"),
        ("Massawa", "Mitsiwa", "Massaua"),
        ("Barentu", "Barentou", "Barento"),
        ("Teseney", "Tesseney", "Tessenei"),
        ("Adi Keyh", "Adi Keih", "Adi Kaih"),
        ("Senafe", "Senafé", "Senafeh"),
        ("Segheneyti", "Segeneiti", "Seganeiti"),
        ("Ghinda", "Ginda", "Gindae"),
    ),
    "ethiopian": (
        ("Addis Ababa", "Addis Abeba", "Adis Abeba"),
        ("Gondar", "Gonder", "Gondär"),
        ("Mekelle", "Mekele", "Makale"),
        ("Dessie", "Dese", "Dessye"),
        ("Jimma", "Jima", "Jimmah"),
        ("Adama", "Nazret", "Nazareth"),
        ("Bahir Dar", "Bahar Dar", "Bahirdar"),
        ("Harar", "Harrar", "Hararr"),
        ("Dire Dawa", "Diredawa", "Dire Daua"),
        ("Nekemte", "Nekempt", "Naqamte"),
        ("Shashamane", "Shashemene", "Shashamene"),
    ),
    "iraqi_kurdish": (
        ("Erbil", "Arbil", "Hawler", "Hewler"),
        ("Sulaymaniyah", "Sulaimaniya", "Slemani", "Suleimaniyah"),
        ("Duhok", "Dohuk", "Dahuk"),
        ("Kirkuk", "Kerkuk", "Karkuk"),
        ("Halabja", "Halabjah", "Helebce"),
        ("Ranya", "Rania", "Raniya"),
        ("Koya", "Koye", "Koysinjaq"),
        ("Zakho", "Zaxo", "Zakhu"),
        ("Chamchamal", "Chemchemal", "Çemçemal"),
        ("Kalar", "Kelar", "Calar"),
        ("Penjwen", "Penjwin", "Panjwin"),
    ),
    "syrian": (
        ("Aleppo", "Halab", "Alep"),
        ("Homs", "Hims", "Homps"),
        ("Damascus", "Dimashq", "Damas"),
        ("Idlib", "Idleb", "Edlib"),
        ("Deir ez-Zor", "Deir ez-Zur", "Dayr az-Zawr"),
        ("Daraa", "Deraa", "Dar'a"),
        ("Raqqa", "Al-Raqqa", "Rakka"),
        ("Hama", "Hamah", "Hamat"),
        ("Qamishli", "Kamishli", "Al-Qamishli"),
        ("Latakia", "Lattakia", "Lattaquié"),
    ),
    "somali": (
        ("Mogadishu", "Muqdisho", "Mogadiscio"),
        ("Kismayo", "Kismaayo", "Chisimaio"),
        ("Baidoa", "Baydhabo", "Baydhaba"),
        ("Beledweyne", "Beledweyn", "Belet Weyne"),
        ("Galkayo", "Gaalkacyo", "Galcaio"),
        ("Hargeisa", "Hargeysa", "Hargaysa"),
        ("Burao", "Burco", "Bur'o"),
        ("Bosaso", "Boosaaso", "Bossaso"),
        ("Marka", "Merca", "Merka"),
        ("Afgooye", "Afgoye", "Afgoi"),
    ),
}
