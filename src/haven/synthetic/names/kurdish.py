"""
Kurdish (Sorani) given names and optional family names, in Kurdish Arabic script.

Iraqi Kurds mostly follow the given / father / grandfather pattern; a family name,
where there is one, is a clan or a place name.
"""

from __future__ import annotations

from functools import cache

from haven.synthetic.names.lexicon import NameEntry, interleave, parse_table

KURDISH_MALE = """
Rebwar|ڕێبوار|Ribwar,Rebuar
Karwan|کاروان|Karwaan,Carwan
Hemin|هێمن|Hemn,Himin
Hawkar|هاوکار|Haukar,Hawkar
Shwan|شوان|Shuan,Shwaan
Kawa|کاوە|Kawe,Kaawa
Aram|ئارام|Araam
Azad|ئازاد|Azaad,Asad
Dilshad|دڵشاد|Dlshad,Dilshaad
Sirwan|سیروان|Serwan,Sirwaan
Hiwa|هیوا|Hewa,Hiua
Rebin|ڕێبین|Rebeen,Ribin
Zana|زانا|Zanaa
Soran|سۆران|Suran,Soraan
Bakhtiyar|بەختیار|Bakhtiar,Bakhtyar
Hoshyar|هۆشیار|Hoshiar,Hushyar
Nawzad|نەوزاد|Nauzad,Nawzat
Dana|دانا|Daana
Shirwan|شێروان|Sherwan,Shirwaan
Peshraw|پێشڕەو|Peshrau,Peshraw
Ranj|ڕەنج|Ranje
Sherko|شێرکۆ|Shirko,Sherku
Goran|گۆران|Guran,Goraan
Hardi|هەردی|Hardy
Bryar|بڕیار|Briar,Biryar
Kamaran|کامەران|Kameran
Nariman|نەریمان|Neriman
Omed|ئومێد|Omid,Umed
Sardar|سەردار|Serdar
Zhyar|ژیار|Zhiar,Jiyar
Mariwan|مەریوان|Marywan
Dara|دارا|Daara
Jwan|جوان|Jiwan
Dler|دلێر|Diler
Halo|هەڵۆ|Haloo
Barzan|بەرزان|Berzan
Rawand|ڕەوەند|Rewend
Shorsh|شۆڕش|Shoresh
Awat|ئاوات|Awaat
Hunar|هونەر|Huner
Chiya|چیا|Chia
Kosrat|کۆسرەت|Kosret
Nechirvan|نێچیرڤان|Nechirwan
Sarkawt|سەرکەوت|Sarkaut
Diyar|دیار|Dyar
Haval|هەڤاڵ|Heval,Hawal
Shakhawan|شاخەوان|Shaxawan
Sherzad|شێرزاد|Shirzad
Rekawt|ڕێکەوت|Rekaut
Hazhar|هەژار|Hazhaar
Nabaz|نەبەز|Nebez
Arsalan|ئەرسەلان|Arslan
Kurdo|کوردۆ|Kurdu
Lawand|لەوەند|Lewend
"""

MUSLIM_MALE = """
Mohammed|محەمەد|Muhammad,Mohamad,Mihemed
Ahmed|ئەحمەد|Ahmad,Ehmed
Ali|عەلی|Eli
Omar|عومەر|Umar,Omer
Hassan|حەسەن|Hasan,Hesen
Hussein|حوسێن|Husen,Husein
Karim|کەریم|Kerim
Rasul|ڕەسوڵ|Rasool,Resul
Abdullah|عەبدوڵڵا|Abdulla,Ebdulla
Ibrahim|ئیبراهیم|Ibrahim,Ibrahem
Mustafa|مستەفا|Mistefa
Othman|عوسمان|Osman,Usman
Salih|ساڵح|Saleh
Jalal|جەلال|Celal
Qadir|قادر|Kadir
Aziz|عەزیز|Eziz
Hamid|حەمید|Hemid
Rahman|ڕەحمان|Rehman
Jamal|جەمال|Cemal
Abdulrahman|عەبدولڕەحمان|Abdul Rahman,Abdurrahman
Kamal|کەمال|Kemal
Anwar|ئەنوەر|Enwer
Sabir|سابیر|Saber
Tahir|تاهیر|Taher
Yasin|یاسین|Yassin
"""

FEMALE = """
Shilan|شیلان|Shilaan
Nazdar|نازدار|Nazdaar
Chnar|چنار|Chinar
Rozhan|ڕۆژان|Rojan
Bafrin|بەفرین|Befrin
Nasrin|نەسرین|Nasreen
Avin|ئاڤین|Awin
Shirin|شیرین|Sheerin
Hero|هێرۆ|Hiro
Gulala|گوڵاڵە|Gulale
Tara|تارا|Taara
Lana|لانا|Laana
Dilan|دیلان|Dilaan
Sazan|سازان|Sazaan
Bahar|بەهار|Behar
Kazhal|کەژاڵ|Kazhaal
Parwin|پەروین|Parween
Zhila|ژیلا|Jila
Awaz|ئاواز|Awaaz
Fatima|فاتیمە|Fatma
Amina|ئامینە|Amine
Zainab|زەینەب|Zeineb
Shno|شنۆ|Shnoo
Hana|هانا|Hanna
Nian|نیان|Niyan
Sozan|سۆزان|Suzan
Trifa|تریفە|Trefa
Rezhna|ڕێژنە|Rezhne
Lavin|لاڤین|Lawin
Berivan|بێریڤان|Beriwan
"""

FAMILY = """
Hawleri|هەولێری|Hewleri,Hawlery
Slemani|سلێمانی|Sulaimani,Slemany
Kirkuki|کەرکووکی|Kerkuki
Ranyayi|ڕانیەیی|Raniyayi
Halabjayi|هەڵەبجەیی|Halabjai
Koyi|کۆیی|Koyee
Pshdari|پشدەری|Pishdari
Hawrami|هەورامی|Hewrami,Awrami
Jaf|جاف|Jaaf
Shwani|شوانی|Shuani
Zangana|زەنگنە|Zangane
Dizayi|دزەیی|Dizayee
Barzinji|بەرزنجی|Berzinji
Qaradaghi|قەرەداغی|Karadaghi
Mukriani|موکریانی|Mukriyani
Germiyani|گەرمیانی|Garmiani
Sharazuri|شارەزووری|Shahrazuri
Kakayi|کاکەیی|Kakai
Khoshnaw|خۆشناو|Xoshnaw
Baban|بابان|Babaan
Bradosti|برادۆستی|Biradosti
Hamawand|هەمەوەند|Hemewend
Talabani|تاڵەبانی|Talebani
Zebari|زێباری|Zibari
Rozhbayani|ڕۆژبەیانی|Rojbayani
"""


@cache
def male() -> tuple[NameEntry, ...]:
    """Return ranked Kurdish male given names: Kurdish and Muslim names interleaved."""
    return interleave(parse_table(MUSLIM_MALE, "M"), parse_table(KURDISH_MALE, "M"))


@cache
def female() -> tuple[NameEntry, ...]:
    """Return ranked Kurdish female given names."""
    return parse_table(FEMALE, "F")


@cache
def family() -> tuple[NameEntry, ...]:
    """Return Kurdish clan and place family names."""
    return parse_table(FAMILY, "U")
