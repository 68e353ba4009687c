"""
Afghan (Dari and Pashto) given names and tribal or place surnames, Perso-Arabic script.

Afghan men often carry a compound given name ("Mohammad Nabi", "Ghulam Hazrat",
"Abdul Ali", "Din Mohammad"); the short form in daily use is the rarer part.
Compounds are built from parts so that the tail of the pool is long.
"""

from __future__ import annotations

from functools import cache

from haven.synthetic.names.lexicon import NameEntry, dedupe, interleave, parse_table

MALE = """
Mohammad|محمد|Mohammed,Muhammad,Mohamad,Mohd
Ahmad|احمد|Ahmed,Ahmet
Mahmood|محمود|Mahmoud,Mahmud
Hamid|حمید|Hameed
Rahim|رحیم|Raheem
Karim|کریم|Kareem
Jawad|جواد|Javad,Jawaad
Farid|فرید|Fareed
Naveed|نوید|Navid,Nawid
Omid|امید|Omed,Umid
Nabi|نبی|Nabee
Wali|ولی|Vali,Walli
Sohrab|سهراب|Suhrab
Jamshid|جمشید|Jamshed
Bashir|بشیر|Basheer
Nasir|ناصر|Naser,Nasser
Hakim|حکیم|Hakeem
Shafiq|شفیق|Shafeeq
Rafiq|رفیق|Rafeeq,Rafik
Sharif|شریف|Shareef
Aziz|عزیز|Azeez
Qadir|قادر|Kadir,Qader
Khalid|خالد|Khaled
Tariq|طارق|Tareq,Tarek
Zahir|ظاهر|Zaher
Asif|آصف|Asef
Idris|ادریس|Idrees
Yaqub|یعقوب|Yaqoob,Yakub
Ismail|اسماعیل|Esmail,Ismael
Ibrahim|ابراهیم|Ebrahim
Yousuf|یوسف|Yusuf,Yousef
Mustafa|مصطفی|Mostafa
Mujtaba|مجتبی|Mojtaba
Hussain|حسین|Hussein,Hossein,Husain
Hassan|حسن|Hasan
Ali|علی|Aly
Reza|رضا|Raza,Riza
Mehdi|مهدی|Mahdi
Ehsan|احسان|Ihsan
Sultan|سلطان|Soltan
Noor|نور|Nur,Nour
Zalmai|زلمی|Zalmay
Wahid|وحید|Waheed,Vahid
Mirwais|میرویس|Mirwaiz
Ajmal|اجمل|Ajmel
Bilal|بلال|Belal
Fawad|فواد|Fuad
Jalil|جلیل|Jaleel
Khalil|خلیل|Khaleel
Shakir|شاکر|Shaker
Shahid|شاهد|Shahed
Yama|یما|Yamah
Milad|میلاد|Meelad
Fardin|فردین|Fardeen
Emal|ایمل|Aimal,Aymal
Arash|آرش|Aarash
Hamza|حمزه|Hamzah
Qasim|قاسم|Qasem,Kasim
Rashid|رشید|Rasheed
Jamil|جمیل|Jameel
Habib|حبیب|Habeeb
Najib|نجیب|Najeeb
Rauf|رئوف|Raouf
Sher|شیر|Shir
Javid|جاوید|Jawed,Javed
Masood|مسعود|Masoud,Masud
Sami|سمیع|Samee
Samir|سمیر|Sameer
Fahim|فهیم|Faheem
Nadir|نادر|Nader
Zubair|زبیر|Zobair,Zubayr
Hashmat|حشمت|Heshmat
Sakhi|سخی|Sakhee
Hazrat|حضرت|Hazrath
Sarwar|سرور|Sarvar
Haidar|حیدر|Haider,Heydar
Farooq|فاروق|Faruq,Farouk
Ghafar|غفار|Ghaffar
Basir|بصیر|Baseer
Jabar|جبار|Jabbar
Wakil|وکیل|Wakeel
Anwar|انور|Anwer
Akbar|اکبر|Akber
Asghar|اصغر|Asgar
Akram|اکرم|Ekram
Amin|امین|Ameen
Parwiz|پرویز|Parviz,Perwiz
Shoaib|شعیب|Shuaib
Tamim|تمیم|Tameem
Nawid|نوید|Naveed
Elyas|الیاس|Ilyas,Elias
Daud|داود|Dawood,Dawud
Musa|موسی|Mousa
Isa|عیسی|Eisa
Sadiq|صادق|Sadeq
Latif|لطیف|Lateef
Mansoor|منصور|Mansur
Zaman|زمان|Zamaan
Siddiq|صدیق|Sediq
Gul Agha|گل آغا|Gulagha
Taj|تاج|Taaj
"""

FEMALE = """
Fatima|فاطمه|Fatema,Fatemeh
Zainab|زینب|Zeinab,Zaynab
Maryam|مریم|Mariam
Shabana|شبانه|Shabanah
Nazia|نازیه|Naziya
Farzana|فرزانه|Farzane
Marzia|مرضیه|Marziya,Marziyeh
Zahra|زهرا|Zahraa
Parwin|پروین|Parvin,Parween
Shakila|شکیلا|Shakeela
Gulalai|گلالی|Gulalay
Malalai|ملالی|Malalay
Nargis|نرگس|Narges
Sima|سیما|Seema
Laila|لیلا|Leila,Layla
Fariba|فریبا|Fareeba
Mina|مینا|Meena
Roya|رویا|Rooya
Habiba|حبیبه|Habibeh
Sadia|سعدیه|Sadiya
Fereshta|فرشته|Freshta,Fereshteh
Mahbooba|محبوبه|Mahbuba
Hamida|حمیده|Hameeda
Nasima|نسیمه|Naseema
Zarghuna|زرغونه|Zarghona
Wahida|وحیده|Waheeda
Khatera|خاطره|Khatira
Razia|رضیه|Raziya
Soraya|ثریا|Suraya,Sorayya
Shirin|شیرین|Sheerin
Arezo|آرزو|Arezoo,Arzu
Mursal|مرسل|Mursel
Sahar|سحر|Sahare
Tahmina|تهمینه|Tahmineh
Halima|حلیمه|Haleema
Bibi Gul|بی بی گل|Bibigul
Gulnaz|گلناز|Golnaz
"""

SURNAMES = """
Ahmadzai|احمدزی|Ahmadzay
Popalzai|پوپلزی|Popalzay
Barakzai|بارکزی|Barakzay
Achakzai|اچکزی|Achekzai
Alokozai|علیکوزی|Alikozai
Noorzai|نورزی|Nurzai
Ishaqzai|اسحاق زی|Ishaqzay
Mohmand|مهمند|Momand
Shinwari|شینواری|Shinwary
Safi|صافی|Saafi
Wardak|وردک|Wardag
Kakar|کاکړ|Kakkar
Mangal|منگل|Mangel
Zadran|زدران|Dzadran
Niazi|نیازی|Neyazi
Stanikzai|ستانکزی|Stanekzai
Hotak|هوتک|Hotaki
Tokhi|توخی|Tokhai
Amiri|امیری|Ameeri
Hussaini|حسینی|Husseini,Hosseini
Sadat|سادات|Saadat
Rahimi|رحیمی|Raheemi
Karimi|کریمی|Kareemi
Hashimi|هاشمی|Hashemi
Rasuli|رسولی|Rasooli
Mohammadi|محمدی|Muhammadi
Ahmadi|احمدی|Ahmady
Haidari|حیدری|Haideri,Heydari
Jafari|جعفری|Jaafari
Sultani|سلطانی|Soltani
Nazari|نظری|Nazary
Rezaei|رضایی|Rezai
Azizi|عزیزی|Azeezi
Habibi|حبیبی|Habeebi
Nasiri|ناصری|Naseri
Samadi|صمدی|Samady
Kohistani|کوهستانی|Kuhistani
Panjshiri|پنجشیری|Panjsheri
Logari|لوگری|Logary
Ghaznawi|غزنوی|Ghaznavi
Kabuli|کابلی|Kabuly
Herawi|هروی|Heravi
Andarabi|اندرابی|Andarabee
Baghlani|بغلانی|Baghlany
Durrani|درانی|Durani
Yousufzai|یوسفزی|Yusufzai
Sahak|ساحک|Sahaq
Jalali|جلالی|Jalaly
Faizi|فیضی|Faizy
Omari|عمری|Umari
"""

# Parts for compound given names: Latin, script.
PREFIX_MOHAMMAD = ("Mohammad", "محمد")
PREFIX_GHULAM = ("Ghulam", "غلام")
PREFIX_GUL = ("Gul", "گل")
PREFIX_NOOR = ("Noor", "نور")
SUFFIXES = (("Gul", "گل"), ("Khan", "خان"), ("Jan", "جان"), ("Shah", "شاه"))
BEFORE_MOHAMMAD = (
    ("Din", "دین"),
    ("Gul", "گل"),
    ("Noor", "نور"),
    ("Sher", "شیر"),
    ("Khan", "خان"),
    ("Faiz", "فیض"),
    ("Taj", "تاج"),
    ("Wali", "ولی"),
    ("Dost", "دوست"),
    ("Yar", "یار"),
)

ULLAH = """
Zabihullah|ذبیح الله|Zabiullah,Zabi Ullah,Zabihollah
Samiullah|سمیع الله|Sami Ullah,Samiulla
Rahmatullah|رحمت الله|Rahmat Ullah,Rahmatulla
Ehsanullah|احسان الله|Ehsan Ullah,Ihsanullah
Hikmatullah|حکمت الله|Hekmatullah,Hikmat Ullah
Najibullah|نجیب الله|Najeebullah,Najib Ullah
Habibullah|حبیب الله|Habib Ullah,Habibulla
Aminullah|امین الله|Amin Ullah,Ameenullah
Asadullah|اسدالله|Asad Ullah,Assadullah
Hamidullah|حمیدالله|Hamid Ullah,Hameedullah
Inayatullah|عنایت الله|Enayatullah,Inayat Ullah
Kifayatullah|کفایت الله|Kefayatullah
Ruhullah|روح الله|Rohullah,Ruh Ullah
Saifullah|سیف الله|Sayfullah,Saif Ullah
Ziaullah|ضیاالله|Zia Ullah,Ziaulla
Obaidullah|عبیدالله|Ubaidullah,Obaid Ullah
Lutfullah|لطف الله|Lotfullah,Lutf Ullah
Naqibullah|نقیب الله|Naqeebullah,Naqib Ullah
Wahidullah|وحیدالله|Waheedullah,Wahid Ullah
Fazlullah|فضل الله|Fazl Ullah,Fazlulla
Atiqullah|عتیق الله|Ateequllah,Atiq Ullah
Azizullah|عزیزالله|Aziz Ullah,Azizulla
Karimullah|کریم الله|Kareemullah,Karim Ullah
Rafiullah|رفیع الله|Rafi Ullah,Rafeeullah
Shafiullah|شفیع الله|Shafi Ullah,Shafeeullah
Noorullah|نورالله|Nurullah,Noor Ullah
Zaheerullah|ظهیرالله|Zahirullah,Zaheer Ullah
Sanaullah|ثناالله|Sana Ullah,Sanaulla
Mohibullah|محب الله|Muhibullah,Mohib Ullah
Attaullah|عطاالله|Ataullah,Atta Ullah
Nasrullah|نصرالله|Nasr Ullah,Nasrulla
Hayatullah|حیات الله|Hayat Ullah
Sibghatullah|صبغت الله|Sebghatullah
Khairullah|خیرالله|Khair Ullah,Khairulla
Rohullah|روح الله|Ruhollah
Sadullah|سعدالله|Saadullah,Sad Ullah
Farhadullah|فرهادالله|Farhad Ullah
Sharifullah|شریف الله|Sharif Ullah
Ismatullah|عصمت الله|Esmatullah
Qudratullah|قدرت الله|Qudrat Ullah
Barakatullah|برکت الله|Barakat Ullah
Shukrullah|شکرالله|Shukr Ullah
Wasiullah|وصی الله|Wasi Ullah
Hafizullah|حفیظ الله|Hafiz Ullah,Hafeezullah
Ahsanullah|احسن الله|Ahsan Ullah
Imamullah|امام الله|Imam Ullah
"""

ABDUL_PARTS = (
    ("Ali", "علی"),
    ("Karim", "کریم"),
    ("Rahim", "رحیم"),
    ("Qadir", "قادر"),
    ("Wahid", "واحد"),
    ("Basir", "بصیر"),
    ("Hadi", "هادی"),
    ("Malik", "ملک"),
    ("Rashid", "رشید"),
    ("Samad", "صمد"),
    ("Ghafar", "غفار"),
    ("Jabbar", "جبار"),
    ("Hakim", "حکیم"),
    ("Haq", "حق"),
    ("Bari", "باری"),
    ("Hamid", "حمید"),
    ("Majid", "مجید"),
    ("Wahab", "وهاب"),
    ("Latif", "لطیف"),
    ("Raziq", "رازق"),
    ("Rahman", "رحمن"),
    ("Salam", "سلام"),
    ("Aziz", "عزیز"),
    ("Ghani", "غنی"),
    ("Khaliq", "خالق"),
    ("Sattar", "ستار"),
    ("Qayum", "قیوم"),
    ("Matin", "متین"),
    ("Nasir", "ناصر"),
    ("Wakil", "وکیل"),
    ("Halim", "حلیم"),
    ("Shakoor", "شکور"),
)


def _compound(first: tuple[str, str], second: tuple[str, str], short: str) -> NameEntry:
    latin = f"{first[0]} {second[0]}"
    joined = f"{first[0]}{second[0].lower()}"
    return NameEntry(latin, f"{first[1]} {second[1]}", "M", (joined,), short=short)


@cache
def compounds() -> tuple[NameEntry, ...]:
    """Return compound male given names, with the short form each is called by."""
    simple = parse_table(MALE, "M")
    bases = [(e.latin, e.native) for e in simple[2:60] if " " not in e.latin]
    mohammad_x = [_compound(PREFIX_MOHAMMAD, b, b[0]) for b in bases]
    ghulam_x = [_compound(PREFIX_GHULAM, b, b[0]) for b in bases[10:50]]
    x_suffix = [
        _compound(b, s, b[0])
        for s in SUFFIXES
        for b in bases[: 40 if s[0] != "Shah" else 15]
    ]
    x_mohammad = [_compound(b, PREFIX_MOHAMMAD, b[0]) for b in BEFORE_MOHAMMAD]
    abdul = [
        NameEntry(
            f"Abdul {part}",
            f"عبدال{script}",
            "M",
            (f"Abdul{part.lower()}", f"Abdel {part}", f"Abd al-{part}"),
            short=part,
        )
        for part, script in ABDUL_PARTS
    ]
    ullah = [
        NameEntry(e.latin, e.native, "M", e.variants, short=e.latin[: -len("ullah")])
        for e in parse_table(ULLAH, "M")
    ]
    extra = [_compound(PREFIX_GUL, b, b[0]) for b in bases[20:40]]
    extra += [_compound(PREFIX_NOOR, b, b[0]) for b in bases[20:40]]
    return interleave(ullah, abdul, mohammad_x, x_mohammad, x_suffix, ghulam_x, extra)


@cache
def male() -> tuple[NameEntry, ...]:
    """Return simple male given names, ranked."""
    return parse_table(MALE, "M")


@cache
def female() -> tuple[NameEntry, ...]:
    """Return female given names, ranked."""
    return parse_table(FEMALE, "F")


@cache
def surnames() -> tuple[NameEntry, ...]:
    """Return tribal, honorific and place surnames."""
    return dedupe(parse_table(SURNAMES, "U"))
