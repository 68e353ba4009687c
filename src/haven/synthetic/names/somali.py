"""
Somali given names: an English-style canonical spelling and the Somali orthography.

Somali is written in Latin letters, so there is no native-script form. In Somali
orthography x is ħ, c is ʕ and long vowels are doubled (Xuseen, Cabdi, Nuur); those
forms are used only by Somali-orthography clerks, a test-only rule family.
"""

from __future__ import annotations

from functools import cache

from haven.synthetic.names.lexicon import NameEntry, dedupe, interleave, parse_table

MALE = """
Mohamed|Maxamed|Mohammed,Mohamad,Mahamed,Muhammad
Abdi|Cabdi|Abdy,Abdie
Ahmed|Axmed|Ahmad,Ahmet
Ali|Cali|Aly
Hassan|Xasan|Hasan,Hassen
Hussein|Xuseen|Hussen,Husein,Hussain
Omar|Cumar|Umar,Omer
Abdullahi|Cabdullaahi|Abdulahi,Abdillahi
Yusuf|Yuusuf|Yousuf,Yousef
Ibrahim|Ibraahim|Ibrahin,Ebrahim
Ismail|Ismaaciil|Ismael
Osman|Cismaan|Usman,Othman
Farah|Faarax|Fara
Jama|Jaamac|Jaama
Warsame|Warsame|Warsama
Aden|Aadan|Adan,Aaden
Mohamud|Maxamuud|Mahmoud,Mahamud
Said|Saciid|Saeed
Salad|Salaad|Salaat
Nur|Nuur|Noor,Nour
Khalif|Khaliif|Kalif,Khalief
Guled|Guuleed|Guleed
Liban|Liibaan|Libaan
Bashir|Bashiir|Basheer
Dahir|Daahir|Daher
Hersi|Xirsi|Hirsi,Hirsiy
Elmi|Cilmi|Ilmi
Egal|Cigaal|Igal
Dirie|Diiriye|Diriye
Awale|Cawaale|Awaale
Shire|Shire|Shirre
Abdulkadir|Cabdulqaadir|Abdikadir,Abdulqadir
Mukhtar|Mukhtaar|Muktar
Yasin|Yaasiin|Yassin
Sharif|Shariif|Sherif
Isse|Ciise|Issa,Isa
Musse|Muuse|Musa,Mouse
Ayanle|Ayaanle|Ayanleh
Abukar|Abuukar|Abubakar,Abokar
Hared|Xared|Harid
Gedi|Geedi|Gheedi
Mahad|Mahad|Mahat
Farhan|Farxaan|Farhaan
Qasim|Qaasim|Kasim,Gaasim
Ilyas|Ilyaas|Elias
Hamza|Xamse|Hamse
Zakariye|Sakariye|Zakaria
Bile|Bile|Bilé
Roble|Rooble|Robleh
Hirad|Hiraad|Hirade
Keyse|Keyse|Keise
Nuradin|Nuuradiin|Nuruddin,Nurredin
"""

FEMALE = """
Fadumo|Faadumo|Fatuma,Fadma
Halima|Xaliimo|Halimo,Haleema
Amina|Aamina|Aminah,Amino
Hodan|Hodan|Hoodan
Khadija|Khadiija|Kadija,Hadija
Sahra|Sahra|Sahro,Zahra
Asha|Caasha|Aisha,Aysha
Ayan|Ayaan|Ayaana
Nimo|Nimco|Nimmo
Hawa|Xaawo|Hawo,Haawa
Maryan|Maryan|Mariam,Maryam
Ubah|Ubax|Ubaha
Ifrah|Ifraax|Ifra
Deqa|Deeqa|Dheqa
Hibo|Hibo|Hiba
Suad|Sucaad|Souad
Faiza|Faa'iso|Faisa
Filsan|Filsan|Filsaan
Ladan|Ladan|Ladaan
Naima|Naciima|Naeema
Shukri|Shukri|Shukry
Safiya|Safiyo|Safia
Hamdi|Xamdi|Hamdy
Kowsar|Kowsar|Kawsar
Idil|Idil|Iddil
Sagal|Sagal|Sagaal
Warda|Warda|Wardo
Muna|Muna|Muuna
Istahil|Istaahil|Istahel
Fardowsa|Fardowsa|Firdaus
"""

# Abdi + divine name: canonical suffix, Somali-orthography suffix.
ABDI_PARTS = (
    ("rahman", "raxmaan"),
    ("rahim", "raxiin"),
    ("rizak", "risaaq"),
    ("salam", "salaam"),
    ("wahab", "wahaab"),
    ("nasir", "naasir"),
    ("fatah", "fitaax"),
    ("hakim", "xakiim"),
    ("malik", "maalik"),
    ("wali", "wali"),
    ("latif", "latiif"),
    ("qadir", "qaadir"),
    ("jabar", "jabaar"),
    ("shakur", "shakuur"),
    ("karim", "kariim"),
    ("aziz", "casiis"),
    ("rashid", "rashiid"),
    ("qani", "qani"),
    ("kafi", "kaafi"),
    ("nur", "nuur"),
    ("wahid", "waaxid"),
    ("halim", "xaliim"),
    ("hamid", "xamiid"),
    ("majid", "majiid"),
    ("fitah", "fitaax"),
    ("samad", "samad"),
    ("basid", "basiid"),
    ("hafid", "xaafid"),
    ("llahi", "llaahi"),
    ("kadir", "qaadir"),
    ("weli", "weli"),
    ("ghani", "qani"),
)


@cache
def abdi_compounds() -> tuple[NameEntry, ...]:
    """Return Abdi + divine name given names (Abdirahman / Cabdiraxmaan)."""
    entries: list[NameEntry] = []
    for part, somali in ABDI_PARTS:
        canonical = f"Abdi{part}"
        variants = (f"Abdi {part.capitalize()}", f"Abdul{part}", f"Abdel{part}")
        entries.append(NameEntry(canonical, "", "M", variants, somali=f"Cabdi{somali}"))
    return tuple(entries)


@cache
def male() -> tuple[NameEntry, ...]:
    """Return ranked Somali male given names, Abdi compounds in the tail."""
    simple = parse_table(MALE, "M", somali=True)
    return dedupe((*simple[:20], *interleave(simple[20:], abdi_compounds())))


@cache
def female() -> tuple[NameEntry, ...]:
    """Return ranked Somali female given names."""
    return parse_table(FEMALE, "F", somali=True)
