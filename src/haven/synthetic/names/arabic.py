"""
Arabic given names and family names (Sudanese and Syrian), with Arabic script.

Tables are ranked roughly from common to rare. Compound names (Abd + a divine name,
X + al-Din) are built from their parts so the pool's long tail grows without
hand-listing every form.
"""

from __future__ import annotations

from functools import cache

from haven.synthetic.names.lexicon import NameEntry, dedupe, interleave, parse_table

SUDANESE_MALE = """
Mohammed|محمد|Mohamed,Muhammad,Mohammad,Mohamad,Muhammed,Mahamat
Ahmed|أحمد|Ahmad,Ahmet,Ahamed
Adam|آدم|Adem,Aadam
Abdallah|عبد الله|Abdullah,Abdalla,Abdulla,Abdellah
Osman|عثمان|Othman,Usman,Uthman
Ibrahim|إبراهيم|Ibraheem,Ebrahim,Brahim
Ishag|إسحاق|Ishaq,Ishak,Is-haq
Yagoub|يعقوب|Yaqub,Yacoub,Yakub,Yaqoub
Yousif|يوسف|Yusuf,Yousef,Youssef,Yusif
Musa|موسى|Mousa,Moussa,Mosa
Haroun|هارون|Harun,Haroon
Abakar|أبكر|Abaker,Abbakar
Hassan|حسن|Hasan,Hassen
Hussein|حسين|Hussain,Husein,Hossein,Husain
Ali|علي|Aly,Alli
Omar|عمر|Umar,Omer,Oumar
Suleiman|سليمان|Sulaiman,Sleiman,Soliman
Ismail|إسماعيل|Ismael,Esmail,Ismaeel
Khalid|خالد|Khaled,Kaled
Bashir|بشير|Basheer,Bachir
Hamid|حامد|Hamed,Hameed
Mahmoud|محمود|Mahmud,Mahmood
Mustafa|مصطفى|Mostafa,Moustafa,Mustapha
Idris|إدريس|Idriss,Edris,Idrees
Salih|صالح|Saleh,Saleeh
Babiker|بابكر|Babikir,Babeker
Elnour|النور|El Nour,Alnour,Al-Nur
Gamal|جمال|Jamal,Gamaal
Tarig|طارق|Tariq,Tarek,Tarik
Anwar|أنور|Anouar,Anwer
Yahya|يحيى|Yehia,Yahia
Issa|عيسى|Isa,Eissa
Jibril|جبريل|Jibreel,Gibril
Zakaria|زكريا|Zakariya,Zakariyya,Zacharia
Hamza|حمزة|Hamzah
Mubarak|مبارك|Moubarak,Mbarak
Siddig|صديق|Siddiq,Sedig,Siddik
Khamis|خميس|Khamees
Juma|جمعة|Jumaa,Jomaa
Hafiz|حافظ|Hafez
Nasir|ناصر|Nasser,Naser
Mansour|منصور|Mansur,Mansoor
Bakri|بكري|Bakry
Hashim|هاشم|Hashem
Fadul|فضل|Fadl,Fadel
Daoud|داود|Dawood,Dawud,Daud
Younis|يونس|Yunus,Younes,Yunis
Ayoub|أيوب|Ayub,Ayyub
Saad|سعد|Sa'ad,Saed
Sharif|شريف|Sherif
Awad|عوض|Awadh
Hamdan|حمدان|Hamdaan
Ramadan|رمضان|Ramadhan,Ramazan
Taha|طه|Taaha
Bushra|بشرى|Boushra
Dafalla|دفع الله|Dafallah,Dafa'alla
Fadlalla|فضل الله|Fadlallah,Fadl Allah
Khalil|خليل|Khaleel
Jaafar|جعفر|Jafar,Gaafar
Hamad|حمد|Hammad
Sabir|صابر|Saber
Ammar|عمار|Amar
Mujahid|مجاهد|Mojahid
Yasir|ياسر|Yasser,Yassir
Emad|عماد|Imad
Abbas|عباس|Abass
Makki|مكي|Mekki
Hamdi|حمدي|Hamdy
Shams|شمس|Chams
Nimir|نمر|Nimr,Nemer
Mutasim|معتصم|Mutasem,Moutassim
Munzir|منذر|Munthir,Monzer
Altayeb|الطيب|Eltayeb,Al-Tayeb,Tayeb
Elfatih|الفاتح|El Fatih,Alfatih
Alsadig|الصادق|Elsadig,Sadiq
Hafiz|حافظ|Hafez
"""

SYRIAN_MALE = """
Mohammad|محمد|Mohammed,Muhammad,Mohamed,Mohamad,Muhammed
Ahmad|أحمد|Ahmed,Ahmet
Khaled|خالد|Khalid,Kaled
Omar|عمر|Umar,Omer
Yousef|يوسف|Yusuf,Youssef,Yousif,Youssouf
Ali|علي|Aly
Hussein|حسين|Hussain,Husein,Hossein
Mahmoud|محمود|Mahmud,Mahmood
Mustafa|مصطفى|Mostafa,Moustafa
Bilal|بلال|Belal
Anas|أنس|Anass
Hamza|حمزة|Hamzah
Ammar|عمار|Amar
Firas|فراس|Feras
Wael|وائل|Wail,Wa'el
Rami|رامي|Ramy
Fadi|فادي|Fady
Ziad|زياد|Ziyad,Zyad
Majd|مجد|Majed
Tamer|تامر|Tamir
Mohannad|مهند|Muhannad,Mouhannad
Samer|سامر|Sameer
Nizar|نزار|Nezar
Hazem|حازم|Hazim
Jihad|جهاد|Jehad
Maher|ماهر|Mahir
Basel|باسل|Basil,Bassel
Osama|أسامة|Usama,Oussama
Raed|رائد|Raid,Ra'ed
Hisham|هشام|Hicham,Hesham
Ayman|أيمن|Aymen
Karim|كريم|Kareem
Yaser|ياسر|Yasser,Yassir
Nabil|نبيل|Nabeel
Adnan|عدنان|Adnane
Ibrahim|إبراهيم|Ibraheem,Ebrahim
Saeed|سعيد|Said,Saied
Hassan|حسن|Hasan
Abdallah|عبد الله|Abdullah,Abdulla
Obada|عبادة|Ubada,Obadah
Moaz|معاذ|Muath,Mouaz
Qusay|قصي|Qusai,Kusay
Louay|لؤي|Luay,Loai
Yazan|يزن|Yazen
Ghaith|غيث|Ghayth,Gaith
Alaa|علاء|Ala'a,Alaa'
Issam|عصام|Essam
Talal|طلال|Tallal
Marwan|مروان|Merwan
Nour|نور|Noor,Nur
Taha|طه|Taaha
Ayham|أيهم|Aiham
Shadi|شادي|Shady
Wassim|وسيم|Wasim,Waseem
Ghassan|غسان|Ghasan
Kinan|كنان|Kenan
Laith|ليث|Layth,Leith
Muhsen|محسن|Mohsen,Muhsin
Saleh|صالح|Salih
Suhail|سهيل|Sohail,Suhayl
Zaher|زاهر|Zahir
Jamil|جميل|Jameel
Haitham|هيثم|Haytham
Iyad|إياد|Eyad,Iyyad
Mazen|مازن|Mazin
Muhammad Ali|محمد علي|Mohammad Ali,Mohamed Ali
"""

ARABIC_FEMALE = """
Fatima|فاطمة|Fatma,Fatimah,Fatouma
Amina|آمنة|Aminah,Amna,Ameena
Aisha|عائشة|Aicha,Ayesha,Aysha
Khadija|خديجة|Khadeeja,Khadijah
Mariam|مريم|Maryam,Meryem,Myriam
Zainab|زينب|Zaynab,Zeinab
Hawa|حواء|Hawwa,Haoua
Halima|حليمة|Halimah,Haleema
Asma|أسماء|Asmaa
Nour|نور|Noor,Nur
Salma|سلمى|Selma
Rania|رانيا|Ranya
Samira|سميرة|Sameera
Hanan|حنان|Hanane
Layla|ليلى|Leila,Laila
Rasha|رشا|Racha
Hiba|هبة|Heba
Huda|هدى|Houda,Hoda
Sara|سارة|Sarah
Reem|ريم|Rim
Yasmin|ياسمين|Yasmine,Jasmin
Nada|ندى|Nadah
Amal|أمل|Amel
Safiya|صفية|Safia
Zahra|زهراء|Zahraa
Duaa|دعاء|Doaa,Dua
Marwa|مروة|Marwah
Iman|إيمان|Eman,Imane
Hadiya|هدية|Hadia
Sumaya|سمية|Somaya,Soumaya
Ruqaya|رقية|Roqaya,Ruqayya
Nafisa|نفيسة|Nefisa
Suad|سعاد|Souad
Ikhlas|إخلاص|Ekhlas
Manal|منال|Menal
Lubna|لبنى|Loubna
Najwa|نجوى|Nagwa
Widad|وداد|Wedad
Batoul|بتول|Batul
Ghada|غادة|Rhada
Dima|ديما|Deema
Lama|لمى|Lamaa
Rahaf|رهف|Rahef
Shahd|شهد|Shahed
Bayan|بيان|Bayane
Ruba|ربى|Roba
Aya|آية|Ayah
Malak|ملاك|Malaak
Habiba|حبيبة|Habibah
Wafaa|وفاء|Wafa
Nawal|نوال|Naoual
Intisar|انتصار|Entisar
Awatif|عواطف|Awatef
Sakina|سكينة|Sakeena
Zeinab|زينب|Zainab
"""

LAQAB = """
al-Ahmad|الأحمد|Al Ahmad,Alahmad
al-Ali|العلي|Al Ali,Alali
al-Hassan|الحسن|Al Hasan,Alhassan
al-Hussein|الحسين|Al Hussain,Alhussein
al-Khatib|الخطيب|Al Khateeb,Alkhatib
al-Halabi|الحلبي|Al Halaby,Alhalabi
al-Homsi|الحمصي|Al Homsy,Alhomsi
al-Masri|المصري|Al Masry,Almasri
al-Shami|الشامي|Al Shamy,Alshami
al-Najjar|النجار|Al Najar,Alnajjar
al-Haddad|الحداد|Al Hadad,Alhaddad
al-Sabbagh|الصباغ|Al Sabagh,Alsabbagh
al-Hamwi|الحموي|Al Hamawi,Alhamwi
al-Idlibi|الإدلبي|Al Idilbi,Alidlibi
al-Zoubi|الزعبي|Al Zu'bi,Alzoubi
al-Khalil|الخليل|Al Khaleel,Alkhalil
al-Mohammad|المحمد|Al Muhammad,Almohammad
al-Saleh|الصالح|Al Salih,Alsaleh
al-Omar|العمر|Al Umar,Alomar
al-Ibrahim|الإبراهيم|Al Ibraheem,Alibrahim
al-Jasim|الجاسم|Al Jassem,Aljasim
al-Hamoud|الحمود|Al Hamud,Alhamoud
al-Abdullah|العبدالله|Al Abdallah,Alabdullah
al-Hamdan|الحمدان|Al Hamdane,Alhamdan
al-Ahmed|الأحمد|Al Ahmed
al-Rifai|الرفاعي|Al Rifaee,Alrifai
al-Saadi|السعدي|Al Sa'di,Alsaadi
al-Ansari|الأنصاري|Al Ansary,Alansari
al-Tamimi|التميمي|Al Tameemi,Altamimi
al-Obeid|العبيد|Al Ubaid,Alobeid
al-Shehadeh|الشحادة|Al Shihada,Alshehadeh
Darwish|درويش|Darwich,Derwish
Kurdi|كردي|Kurdy
Qassab|قصاب|Kassab,Qasab
Hallak|حلاق|Hallaq
Attar|عطار|Atar
Kayyali|كيالي|Kayali
Shaheen|شاهين|Chahine,Shahin
Mansour|منصور|Mansur
Jabri|جابري|Jabry
Nasser|ناصر|Naser
Bitar|بيطار|Baytar
Hamdo|حمدو|Hamdou
Sheikh Ali|شيخ علي|Shaikh Ali
Abu Zaid|أبو زيد|Abou Zeid,Abuzaid
Abu Hamdan|أبو حمدان|Abou Hamdan
"""

SUDANESE_FAMILY = """
Elamin|الأمين|El Amin,Al-Amin
Elhassan|الحسن|El Hassan,Al-Hassan
Elmahi|الماحي|El Mahi
Elbashir|البشير|El Bashir,Al-Bashir
Eltom|التوم|El Tom,Altom
Elsheikh|الشيخ|El Sheikh,Al-Sheikh
Abusin|أبوسن|Abu Sin
Wad Elnour|ود النور|Wad El Nour
Elfaki|الفكي|El Faki,Al-Faki
Elkhalifa|الخليفة|El Khalifa
"""

# Divine names for Abd compounds: Latin part, Arabic part with its article.
DIVINE = """
Rahman|الرحمن
Rahim|الرحيم
Karim|الكريم
Aziz|العزيز
Hamid|الحميد
Majid|المجيد
Malik|الملك
Qadir|القادر
Wahab|الوهاب
Razzaq|الرزاق
Fattah|الفتاح
Basit|الباسط
Hakim|الحكيم
Latif|اللطيف
Ghani|الغني
Salam|السلام
Moneim|المنعم
Hadi|الهادي
Wahid|الواحد
Baqi|الباقي
Nasir|الناصر
Samad|الصمد
Jabbar|الجبار
Halim|الحليم
Ghafur|الغفور
Sattar|الستار
Khaliq|الخالق
Bari|الباري
Muhsin|المحسن
Hafiz|الحفيظ
Rauf|الرؤوف
Haq|الحق
Nur|النور
Azim|العظيم
Kabir|الكبير
Mannan|المنان
Hai|الحي
Qayyum|القيوم
Rashid|الرشيد
Sabur|الصبور
Jalil|الجليل
Wakil|الوكيل
Mutalib|المطلب
Mun'im|المنعم
Ilah|الإله
Jawad|الجواد
Wadud|الودود
Mumin|المؤمن
Matin|المتين
Raqib|الرقيب
Mujib|المجيب
Wasi|الواسع
"""

# Names compounded with al-Din ("of the faith"): Latin part, Arabic part.
DIN = """
Nur|نور
Salah|صلاح
Izz|عز
Ala|علاء
Kamal|كمال
Jamal|جمال
Badr|بدر
Saif|سيف
Sharaf|شرف
Taj|تاج
Shams|شمس
Nasr|نصر
Imad|عماد
Fakhr|فخر
Khair|خير
Hussam|حسام
Muhyi|محي
Baha|بهاء
Diya|ضياء
Najm|نجم
Sadr|صدر
Zain|زين
Qamar|قمر
"""


def _pairs(text: str) -> list[tuple[str, str]]:
    rows = [line.split("|") for line in text.strip().splitlines() if "|" in line]
    return [(latin.strip(), arabic.strip()) for latin, arabic in rows]


def abd_compounds(prefix: str) -> tuple[NameEntry, ...]:
    """
    Return "Abd + divine name" given names, canonically joined as ``prefix + part``.

    Sudanese records favour ``Abdel`` (Abdelrahman), Syrian ones ``Abdul``.
    """
    entries: list[NameEntry] = []
    for latin, arabic in _pairs(DIVINE):
        part = latin.replace("'", "")
        canonical = f"{prefix}{part.lower()}"
        variants = tuple(
            dict.fromkeys(
                v
                for v in (
                    f"Abdul {part}",
                    f"Abdel{part.lower()}",
                    f"Abd al-{part}",
                    f"Abdul{part.lower()}",
                    f"Abdel {part}",
                )
                if v != canonical
            )
        )
        entries.append(NameEntry(canonical, f"عبد {arabic}", "M", variants))
    return tuple(entries)


def din_compounds() -> tuple[NameEntry, ...]:
    """Return "X al-Din" given names in the Sudanese joined form (Nureldin)."""
    entries: list[NameEntry] = []
    for latin, arabic in _pairs(DIN):
        canonical = f"{latin}eldin"
        variants = (
            f"{latin} Eldin",
            f"{latin} al-Din",
            f"{latin}uddin",
            f"{latin}addin",
        )
        entries.append(NameEntry(canonical, f"{arabic} الدين", "M", variants))
    return tuple(entries)


@cache
def sudanese_male() -> tuple[NameEntry, ...]:
    """Return ranked Sudanese male given names, simple names first, then compounds."""
    simple = parse_table(SUDANESE_MALE, "M")
    return dedupe(
        (
            *simple[:30],
            *interleave(simple[30:], abd_compounds("Abdel"), din_compounds()),
        )
    )


@cache
def syrian_male() -> tuple[NameEntry, ...]:
    """Return ranked Syrian male given names."""
    simple = parse_table(SYRIAN_MALE, "M")
    return dedupe(
        (
            *simple[:30],
            *interleave(simple[30:], abd_compounds("Abdul"), din_compounds()),
        )
    )


@cache
def arabic_female() -> tuple[NameEntry, ...]:
    """Return ranked Arabic female given names."""
    return parse_table(ARABIC_FEMALE, "F")


@cache
def syrian_family() -> tuple[NameEntry, ...]:
    """Return Syrian family names (laqab)."""
    return parse_table(LAQAB, "U")


@cache
def sudanese_family() -> tuple[NameEntry, ...]:
    """Return the few Sudanese family names in use."""
    return parse_table(SUDANESE_FAMILY, "U")
