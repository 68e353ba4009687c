"""
Eritrean (Tigrinya) and Ethiopian (Amharic, Oromo) given names, in Ge'ez script.

Habesha people have no family name: given name, father's given name, sometimes the
grandfather's. Compound names ("servant of Mary": Gebremariam) are built from
their parts, which gives the pool its long tail.
"""

from __future__ import annotations

from functools import cache

from haven.synthetic.names.lexicon import NameEntry, dedupe, interleave, parse_table

ERITREAN_MALE = """
Yohannes|ዮሃንስ|Yohanes,Johannes,Yohanis
Tesfay|ተስፋይ|Tesfai,Tesfaye
Dawit|ዳዊት|Dawitt,David
Berhane|ብርሃነ|Birhane,Brhane
Kidane|ኪዳነ|Kidanie,Kidana
Mehari|መሓሪ|Mehary,Mahari
Tekle|ተኽለ|Tekli,Teklay
Semere|ሰመረ|Semer,Semre
Filmon|ፊልሞን|Filemon,Philemon
Robel|ሮቤል|Robiel,Rubel
Yonas|ዮናስ|Jonas,Yonnas
Abel|ኣቤል|Abiel,Abell
Daniel|ዳኒኤል|Danial,Danieal
Samuel|ሳሙኤል|Samuiel,Samual
Michael|ሚካኤል|Mikael,Mikiel
Tsegay|ጸጋይ|Tsegai,Tsegaye,Segay
Girmay|ግርማይ|Ghirmay,Girmai,Germay
Goitom|ጎይቶም|Goytom,Goitum
Habte|ሃብተ|Habtay,Habtei
Kibrom|ክብሮም|Kebrom,Kibrum
Mebrahtu|መብራህቱ|Mebrehtu,Mebrahtom
Zerai|ዘርኣይ|Zeray,Zerei
Solomon|ሰሎሞን|Selomon,Salomon
Biniam|ቢንያም|Biniyam,Beniam
Aron|ኣሮን|Aaron,Arron
Henok|ሄኖክ|Enoch,Henock
Natnael|ናትናኤል|Natnail,Nathanael
Efrem|ኤፍሬም|Ephrem,Efrim
Amanuel|ኣማኑኤል|Emmanuel,Amanual
Yemane|የማነ|Yemani,Yemaneh
Asmerom|ኣስመሮም|Asmeron,Asmerum
Weldu|ወልዱ|Woldu,Weldo
Hagos|ሓጎስ|Hagoss,Hagus
Negassi|ነጋሲ|Negasi,Negassie
Tewelde|ተወልደ|Teweldi,Tewolde
Fitsum|ፍጹም|Fitsom,Fissum
Mussie|ሙሴ|Musie,Musse
Tedros|ቴድሮስ|Tewodros,Tedross
Ermias|ኤርምያስ|Ermiyas,Ermyas
Medhanie|መድሃኔ|Medhane,Medhani
Idris|ኢድሪስ|Edris,Idriss
Osman|ዑስማን|Usman,Othman
Saleh|ሳልሕ|Salih,Saleh
Mohammed|መሓመድ|Mohamed,Mohammad
Ibrahim|ኢብራሂም|Ibrahem
Omar|ዑመር|Umar,Omer
Abdu|ዓብዱ|Abdo,Abdou
Ghebrehiwet|ገብረሕይወት|Gebrehiwet,Gebre Hiwet
Hailemariam|ሃይለማርያም|Haile Mariam,Hailemaryam
Simon|ስምኦን|Simeon,Smon
Awet|ዓወት|Awwet,Awat
Bereket|በረኸት|Bereket,Bereketab
Eyob|እዮብ|Iyob,Eyoub
Habtom|ሃብቶም|Habtum,Habtom
Kesete|ከሰተ|Keste,Kesete
Merhawi|መርሃዊ|Merhawe,Mirhawi
Nahom|ናሆም|Nahum,Nahome
Petros|ጴጥሮስ|Petrus,Peter
Russom|ሩሶም|Rusom,Russum
Tesfalem|ተስፋኣለም|Tesfa Alem,Tesfaalem
Yakob|ያቆብ|Yaqob,Yacob
Zekarias|ዘካርያስ|Zakarias,Zecharias
"""

ERITREAN_FEMALE = """
Senait|ሰናይት|Senayt,Senaiet
Helen|ሄለን|Hellen,Elen
Selam|ሰላም|Salam,Selame
Saba|ሳባ|Sabah
Ruth|ሩት|Rut
Meron|ሜሮን|Miron
Almaz|ኣልማዝ|Almaze
Tsega|ጸጋ|Tsiga
Hiwet|ሕይወት|Hiwot,Heywet
Luwam|ሉዋም|Luam,Lwam
Eden|ኤደን|Edin
Mekdes|መቕደስ|Mekides
Yordanos|ዮርዳኖስ|Jordanos
Winta|ዊንታ|Wintana
Freweini|ፍረወይኒ|Frewoini,Frewini
Abeba|ኣበባ|Abebe
Rahel|ራሄል|Rachel
Hana|ሃና|Hanna
Sara|ሳራ|Sarah
Lidya|ሊድያ|Lydia
Aster|ኣስቴር|Ester,Esther
Semhar|ሰምሃር|Semhare
Feven|ፌቨን|Fiven
Yodit|ዮዲት|Judith
Bisrat|ብስራት|Bisirat
Mihret|ምሕረት|Mehret,Mihreta
Selamawit|ሰላማዊት|Selamawite
Fana|ፋና|Fanna
Elsa|ኤልሳ|Elssa
Rigat|ርግኣት|Rigaat
Tirhas|ትርሓስ|Tirhass,Terhas
Nigisti|ንግስቲ|Nigsti,Negisti
Amleset|ኣምለሰት|Amlesset
Fatna|ፋጥና|Fatina
Zahra|ዛህራ|Zehra
"""

ETHIOPIAN_MALE = """
Abebe|አበበ|Abebeh
Kebede|ከበደ|Kebbede
Getachew|ጌታቸው|Getachow
Tadesse|ታደሰ|Tadese,Taddese
Alemu|አለሙ|Alemmu
Bekele|በቀለ|Bekelle
Girma|ግርማ|Germa
Desta|ደስታ|Dessta
Mesfin|መስፍን|Mesfen
Tesfaye|ተስፋዬ|Tesfay,Tesfai
Solomon|ሰሎሞን|Selomon
Dereje|ደረጀ|Derejie
Yared|ያሬድ|Jared
Haile|ኃይሌ|Hayle,Haily
Tilahun|ጥላሁን|Tilahune
Worku|ወርቁ|Werku
Wondimu|ወንድሙ|Wendimu
Fikre|ፍቅሬ|Fikri
Birhanu|ብርሃኑ|Berhanu
Dawit|ዳዊት|David
Yonas|ዮናስ|Jonas
Daniel|ዳንኤል|Danel
Samuel|ሳሙኤል|Samual
Yohannes|ዮሐንስ|Yohanes,Johannes
Mulugeta|ሙሉጌታ|Mulugetta
Assefa|አሰፋ|Asefa
Demeke|ደመቀ|Demeqe
Negash|ነጋሽ|Negashe
Belay|በላይ|Belai
Ayele|አየለ|Ayelle
Tamrat|ታምራት|Tamirat
Zewdu|ዘውዱ|Zewde
Mekonnen|መኮንን|Mekonen,Makonnen
Abdi|አብዲ|Abdie
Lemma|ለማ|Lema
Gemechu|ገመቹ|Gemechew
Chala|ጫላ|Challa
Tolosa|ቶሎሳ|Tolossa
Mohammed|መሐመድ|Mohamed,Mohammad
Ahmed|አሕመድ|Ahmad
Kedir|ከድር|Kadir,Qedir
Jemal|ጀማል|Jamal
Abiy|አብይ|Abiyi
Eyasu|ኢያሱ|Iyasu
Fasil|ፋሲል|Fasill
Henok|ሄኖክ|Enoch
Kaleb|ካሌብ|Caleb
Mikias|ሚኪያስ|Mikiyas
Nebiyu|ነቢዩ|Nebiu
Surafel|ሱራፌል|Surafiel
Temesgen|ተመስገን|Temesgin
Yonatan|ዮናታን|Jonathan
"""

ETHIOPIAN_FEMALE = """
Tigist|ትዕግስት|Tigest
Meseret|መሠረት|Meserat
Almaz|አልማዝ|Almaze
Tsehay|ፀሐይ|Tsehai
Aster|አስቴር|Ester
Selamawit|ሰላማዊት|Selam
Hirut|ሂሩት|Hirit
Mulu|ሙሉ|Mullu
Bethlehem|ቤተልሔም|Betelhem
Meron|ሜሮን|Miron
Hana|ሐና|Hanna
Rahel|ራሔል|Rachel
Mekdes|መቅደስ|Mekides
Genet|ገነት|Gennet
Yeshi|የሺ|Yeshie
Birtukan|ብርቱካን|Birtukane
Eleni|ኤሌኒ|Elleni
Martha|ማርታ|Marta
Kidist|ቅድስት|Kidest
Zenebech|ዘነበች|Zenebesh
Tirunesh|ጥሩነሽ|Tiruneshe
Fatuma|ፋጡማ|Fatima
Sifan|ሲፋን|Sifen
Chaltu|ጫልቱ|Chaltuu
"""

# Compound parts: Latin, Tigrinya script, Amharic script.
PREFIXES = (
    ("Gebre", "ገብረ", "ገብረ"),
    ("Welde", "ወልደ", "ወልደ"),
    ("Haile", "ሃይለ", "ኃይለ"),
    ("Tekle", "ተኽለ", "ተክለ"),
    ("Kidane", "ኪዳነ", "ኪዳነ"),
    ("Habte", "ሃብተ", "ሀብተ"),
    ("Tesfa", "ተስፋ", "ተስፋ"),
    ("Fisseha", "ፍስሃ", "ፍስሐ"),
)
SUFFIXES = (
    ("mariam", "ማርያም"),
    ("medhin", "መድህን"),
    ("selassie", "ስላሴ"),
    ("michael", "ሚካኤል"),
    ("giorgis", "ጊዮርጊስ"),
    ("yesus", "የሱስ"),
    ("kristos", "ክርስቶስ"),
    ("egziabher", "እግዚኣብሄር"),
    ("tensae", "ትንሳኤ"),
    ("haimanot", "ሃይማኖት"),
    ("ab", "ኣብ"),
    ("kidan", "ኪዳን"),
    ("gabriel", "ገብርኤል"),
)


def compounds(amharic: bool) -> tuple[NameEntry, ...]:
    """Return Prefix+suffix male names (Gebremedhin), joined as Habesha write them."""
    entries: list[NameEntry] = []
    for suffix, suffix_script in SUFFIXES:
        for latin, tigrinya, amharic_script in PREFIXES:
            if latin == "Fisseha" and suffix not in ("mariam", "michael", "selassie"):
                continue
            prefix_script = amharic_script if amharic else tigrinya
            canonical = f"{latin}{suffix}"
            variants = (
                f"{latin} {suffix.capitalize()}",
                f"Ghe{canonical[1:].lower()}"
                if latin.startswith("G")
                else f"{latin}-{suffix}",
                canonical.replace("Welde", "Wolde"),
            )
            clean = tuple(dict.fromkeys(v for v in variants if v != canonical))
            entries.append(
                NameEntry(canonical, prefix_script + suffix_script, "M", clean)
            )
    return tuple(entries)


@cache
def eritrean_male() -> tuple[NameEntry, ...]:
    """Return ranked Eritrean male given names, compounds in the tail."""
    simple = parse_table(ERITREAN_MALE, "M")
    return dedupe((*simple[:25], *interleave(simple[25:], compounds(amharic=False))))


@cache
def eritrean_female() -> tuple[NameEntry, ...]:
    """Return ranked Eritrean female given names."""
    return parse_table(ERITREAN_FEMALE, "F")


@cache
def ethiopian_male() -> tuple[NameEntry, ...]:
    """Return ranked Ethiopian male given names, compounds in the tail."""
    simple = parse_table(ETHIOPIAN_MALE, "M")
    return dedupe((*simple[:25], *interleave(simple[25:], compounds(amharic=True))))


@cache
def ethiopian_female() -> tuple[NameEntry, ...]:
    """Return ranked Ethiopian female given names."""
    return parse_table(ETHIOPIAN_FEMALE, "F")
