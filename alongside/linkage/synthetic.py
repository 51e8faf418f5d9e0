"""A synthetic, national-shaped care-applications extract with the true person kept aside.

Shape (from the national study of birth mothers in care proceedings): about 15.5% of
mothers have more than one application and their applications are about 29% of all
applications. Each parent on each application is one record (`<application id>:M` or
`<application id>:F`).

Records carry errors at the rates of an error profile (`PROFILES`, chosen by name):

- "default": the benchmark's first profile. Typos, nicknames, surname changes (with or without
  the previous name recorded), day/month swaps, missing values and moves between addresses,
  on English-language names from Faker's en_GB, en_US, en_IE and en_NZ lists.
- "independent": written apart from the default and from the linker, with its own name
  sources (a British common-name list, Faker's en_KE, en_NG, en_IN, en_PK, pl_PL, ro_RO and
  tr_TR lists, and lists written here) and its own rates: people known by a middle name or a
  different forename, nicknames made by rule from any name, surname changes with no previous
  name recorded, double-barrelled and hyphenated surnames, transliteration variants and lost
  diacritics, swapped forename and surname, dates keyed wrongly (and written day first),
  moves between authorities.
- "low-diversity": the independent profile's errors on a small, heavily shared name pool in
  fewer authorities.
- "messy": the independent profile with about twice the rate of every error.

Nothing here reads the linker's tables (`names.py`): nicknames come from the generator's own
lists and rules, so the linker's nickname table knows some of them and not others. Names are
drawn at random from Faker's name lists and common-name lists written here: no real person is
described. The true person of each record goes to truth.csv, never into the extract.
"""

import bisect
import datetime as dt
import itertools
import json
import operator
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from faker import Faker
from faker.providers.person import (
    en_GB,
    en_IE,
    en_IN,
    en_KE,
    en_NG,
    en_NZ,
    en_PK,
    en_US,
    pl_PL,
    ro_RO,
    tr_TR,
)

from . import csv_safe

_PERSON_FIELDS = (
    "forename",
    "middle_names",
    "known_as",
    "surname",
    "previous_names",
    "dob",
    "postcode",
    "nhs_number",
    "ethnicity",
)
APPLICATION_COLUMNS = [
    "application_id",
    "issue_date",
    "court",
    "local_authority",
    "child_id",
    "child_dob",
    *[f"{role}_{name}" for role in ("mother", "father") for name in _PERSON_FIELDS],
    "final_order",
    "final_order_date",
]
BOOKING_COLUMNS = [
    "booking_id",
    "booking_date",
    "expected_due_date",
    "forename",
    "surname",
    "previous_names",
    "dob",
    "postcode",
    "nhs_number",
]
CARE_LEAVER_COLUMNS = ["care_leaver_id", "forename", "surname", "dob", "postcode", "nhs_number"]

ETHNICITIES = [
    ("White British", 0.70),
    ("White Other", 0.06),
    ("Mixed", 0.07),
    ("Asian or Asian British", 0.06),
    ("Black or Black British", 0.06),
    ("Other", 0.02),
    ("Not recorded", 0.03),
]
FINAL_ORDERS = [
    ("Placement order", 0.35),
    ("Care order", 0.30),
    ("Special guardianship order", 0.17),
    ("Supervision order", 0.10),
    ("Child arrangements order", 0.05),
    ("No order", 0.03),
]
# Applications per recurrent mother: mean about 2.25, which with 15.5% recurrent mothers
# puts about 29% of applications on recurrent mothers.
REPEAT_COUNTS = [(2, 0.79), (3, 0.16), (4, 0.04), (5, 0.01)]


@dataclass(frozen=True)
class ErrorProfile:
    """Where names come from and the chance of each kind of error. The defaults are the
    "default" profile; a rate of 0 turns that kind of error off."""

    # Name pools: "english" (Faker's en_GB, en_US, en_IE, en_NZ), "international" (see the
    # module docstring) or "low-diversity" (a small, heavily shared pool).
    names: str = "english"
    # "listed": the generator's own short-form list, used per record at `nickname` for people
    # whose name is on it. "rules": a short form made by rule (or a pet name from the
    # generator's own list) for a share `nickname` of all people, used on `nickname_used` of
    # their records.
    nicknames: str = "listed"
    forename_typo: float = 0.04
    nickname: float = 0.25
    nickname_used: float = 1.0
    middle_name: float = 0.0  # people with one or more middle names
    middle_names_recorded: float = 0.0  # records that fill in the middle-names column
    known_by_middle: float = 0.0  # of people with a middle name: go by it
    known_by_middle_used: float = 0.0  # of their records: the forename column holds it
    known_as: float = 0.0  # people known by a different forename altogether
    known_as_used: float = 0.0  # of their records: the forename column holds it
    known_as_recorded: float = 0.0  # records that fill in the 'known as' column, when known
    transliteration: float = 0.0  # records of a name with several spellings: another one
    diacritics_dropped: float = 0.0  # records of a name with diacritics: written without
    name_swap: float = 0.0  # forename and surname in each other's columns
    surname_typo: float = 0.04
    surname_change: float = 0.15  # per later application, mothers
    previous_name_recorded: float = 0.5
    double_barrelled: float = 0.0  # people with a double-barrelled or hyphenated surname
    double_barrelled_varied: float = 0.0  # of their records: one part, or the other joiner
    married_double_barrelled: float = 0.0  # of surname changes: old and new joined
    dob_missing: float = 0.03
    dob_day_month_swap: float = 0.03
    dob_typo: float = 0.03  # one part of the date off by one
    dob_keying: float = 0.0  # one digit of the written date mistyped or two transposed
    dob_placeholder: float = 0.0  # 1 January of the right year
    date_format: str = "%Y-%m-%d"
    postcode_missing: float = 0.08
    move: float = 0.5  # per later application
    move_authority: float = 0.15  # of moves: to another local authority
    authorities: int = 152
    nhs_present: float = 0.55
    nhs_typo: float = 0.01
    upper_case: float = 0.15
    father_recorded: float = 0.65
    same_father_again: float = 0.5


INDEPENDENT = ErrorProfile(
    names="international",
    nicknames="rules",
    forename_typo=0.03,
    nickname=0.12,
    nickname_used=0.55,
    middle_name=0.5,
    middle_names_recorded=0.4,
    known_by_middle=0.07,
    known_by_middle_used=0.7,
    known_as=0.03,
    known_as_used=0.5,
    known_as_recorded=0.45,
    transliteration=0.35,
    diacritics_dropped=0.6,
    name_swap=0.015,
    surname_typo=0.05,
    surname_change=0.2,
    previous_name_recorded=0.3,
    double_barrelled=0.06,
    double_barrelled_varied=0.4,
    married_double_barrelled=0.2,
    dob_missing=0.02,
    dob_day_month_swap=0.04,
    dob_typo=0.0,
    dob_keying=0.05,
    dob_placeholder=0.01,
    date_format="%d/%m/%Y",
    postcode_missing=0.12,
    move=0.55,
    move_authority=0.35,
    nhs_present=0.4,
    nhs_typo=0.02,
    upper_case=0.3,
    father_recorded=0.6,
    same_father_again=0.45,
)

PROFILES: dict[str, ErrorProfile] = {
    "default": ErrorProfile(),
    "independent": INDEPENDENT,
    "low-diversity": replace(
        INDEPENDENT,
        names="low-diversity",
        known_by_middle=0.2,
        transliteration=0.45,
        authorities=40,
    ),
    "messy": replace(
        INDEPENDENT,
        forename_typo=0.08,
        nickname=0.2,
        nickname_used=0.65,
        known_by_middle=0.14,
        known_as=0.06,
        transliteration=0.5,
        diacritics_dropped=0.8,
        name_swap=0.04,
        surname_typo=0.1,
        surname_change=0.3,
        previous_name_recorded=0.15,
        double_barrelled=0.1,
        double_barrelled_varied=0.6,
        married_double_barrelled=0.3,
        dob_missing=0.05,
        dob_day_month_swap=0.08,
        dob_keying=0.1,
        dob_placeholder=0.02,
        postcode_missing=0.25,
        move=0.7,
        move_authority=0.5,
        nhs_present=0.25,
        nhs_typo=0.04,
        upper_case=0.5,
    ),
}


def profile_named(name: str) -> ErrorProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"Unknown error profile {name!r}: one of {', '.join(PROFILES)}.") from None


# --- the generator's own name lists ------------------------------------------------------
# Short forms for the default profile, written for the generator (not taken from the linker):
# full name -> the short forms a record may use. Rules below add truncations and diminutives.
_LISTED_FEMALE = {
    "abigail": ["Abbie", "Abi", "Gail"],
    "alexandra": ["Lexi", "Sandra", "Sasha", "Alex"],
    "amanda": ["Mandy", "Manda"],
    "caroline": ["Caro", "Carrie", "Caz"],
    "catherine": ["Kate", "Cathy", "Kitty", "Cat"],
    "charlotte": ["Charlie", "Lottie"],
    "danielle": ["Dani", "Elle"],
    "christine": ["Chris", "Chrissie", "Tina"],
    "deborah": ["Debbie", "Debs", "Deb"],
    "eleanor": ["Ellie", "Nora", "Elle"],
    "elizabeth": ["Liz", "Beth", "Lizzie", "Betty", "Bess", "Eliza"],
    "frances": ["Fran", "Frankie"],
    "gemma": ["Gem", "Gemmy"],
    "georgina": ["Georgie", "Gina"],
    "hannah": ["Han", "Nan"],
    "isabella": ["Izzy", "Bella", "Issy"],
    "jacqueline": ["Jackie", "Jacqui"],
    "jennifer": ["Jen", "Jenny", "Jenna"],
    "jessica": ["Jess", "Jessie"],
    "josephine": ["Jo", "Josie"],
    "katherine": ["Kate", "Katie", "Kath", "Kat"],
    "joanne": ["Jo", "Jojo"],
    "kimberley": ["Kim", "Kimmy"],
    "louise": ["Lou", "Lulu"],
    "margaret": ["Maggie", "Peggy", "Meg", "Mags"],
    "melanie": ["Mel", "Mellie"],
    "natalie": ["Nat", "Nattie"],
    "natasha": ["Tash", "Tasha"],
    "nicola": ["Nicky", "Nic", "Nikki"],
    "olivia": ["Liv", "Livvy"],
    "pamela": ["Pam", "Pammy"],
    "patricia": ["Pat", "Trish", "Patsy"],
    "rebecca": ["Becky", "Becca", "Bex"],
    "samantha": ["Sam", "Sammy"],
    "stephanie": ["Steph", "Stevie"],
    "susan": ["Sue", "Susie"],
    "theresa": ["Tess", "Terri"],
    "victoria": ["Vicky", "Tori", "Vikki"],
}
_LISTED_MALE = {
    "alexander": ["Alex", "Xander", "Sandy"],
    "andrew": ["Andy", "Drew"],
    "anthony": ["Tony", "Ant"],
    "benjamin": ["Ben", "Benny", "Benji"],
    "charles": ["Charlie", "Chas"],
    "christopher": ["Chris", "Kit"],
    "daniel": ["Dan", "Danny"],
    "david": ["Dave", "Davy"],
    "donald": ["Don", "Donny"],
    "edward": ["Ed", "Eddie", "Ted", "Ned"],
    "gregory": ["Greg"],
    "henry": ["Harry", "Hal"],
    "james": ["Jim", "Jimmy", "Jamie"],
    "jonathan": ["Jon", "Jonny"],
    "joseph": ["Joe", "Joey"],
    "joshua": ["Josh"],
    "kenneth": ["Ken", "Kenny"],
    "kevin": ["Kev"],
    "leonard": ["Len", "Lenny", "Leo"],
    "matthew": ["Matt", "Matty"],
    "michael": ["Mike", "Mick", "Mikey"],
    "nicholas": ["Nick", "Nicky"],
    "patrick": ["Pat", "Paddy"],
    "peter": ["Pete"],
    "philip": ["Phil", "Pip"],
    "richard": ["Rich", "Rick", "Ricky", "Richie"],
    "raymond": ["Ray"],
    "robert": ["Rob", "Bob", "Bobby", "Robbie"],
    "ronald": ["Ron", "Ronnie"],
    "samuel": ["Sam", "Sammy"],
    "stephen": ["Steve", "Stevie"],
    "stuart": ["Stu"],
    "thomas": ["Tom", "Tommy"],
    "timothy": ["Tim", "Timmy"],
    "william": ["Will", "Bill", "Billy", "Liam"],
}
# Pet names for the rule-made nicknames of the independent profiles (the rules handle the
# ordinary truncations; these are the forms no rule makes).
_PET_NAMES = {
    "agnieszka": ["Aga"],
    "aleksandra": ["Ola"],
    "anna": ["Ania"],
    "barbara": ["Basia", "Babs"],
    "elizabeth": ["Bess", "Betsy"],
    "elżbieta": ["Ela"],
    "joanna": ["Asia"],
    "katarzyna": ["Kasia"],
    "magdalena": ["Magda"],
    "małgorzata": ["Gosia"],
    "zofia": ["Zosia"],
    "jakub": ["Kuba"],
    "krzysztof": ["Krzysiek"],
    "piotr": ["Piotrek"],
    "tomasz": ["Tomek"],
    "wojciech": ["Wojtek"],
    "kateryna": ["Katya"],
    "olena": ["Lena"],
    "oleksandr": ["Sasha", "Olek"],
    "anastasiia": ["Nastya"],
    "mohammed": ["Mo"],
    "muhammad": ["Mo"],
    "mohammad": ["Mo"],
    "abdullah": ["Abdi"],
    "ibrahim": ["Ibby"],
    "margaret": ["Peggy", "Madge"],
    "mary": ["Molly", "Polly"],
    "sarah": ["Sally", "Sadie"],
    "helen": ["Nell"],
    "john": ["Jack", "Johnny"],
    "henry": ["Hal"],
    "harold": ["Hal"],
    "edward": ["Ted", "Ned"],
    "patricia": ["Trish", "Patsy"],
    "caroline": ["Caz"],
    "rebecca": ["Bex"],
    "christopher": ["Kit"],
    "victoria": ["Tori"],
}


def _words(text: str) -> list[str]:
    return text.split()


# Common British given names and surnames, roughly most common first (a common-name list).
_UK_FEMALE = _words(
    "Sarah Laura Emma Gemma Rebecca Charlotte Amy Hannah Jessica Sophie Lauren Chloe Jade "
    "Stacey Danielle Kirsty Leanne Kayleigh Shannon Chelsea Courtney Paige Megan Bethany Holly "
    "Natasha Samantha Nicole Zoe Katie Kelly Lisa Michelle Rachel Claire Nicola Louise Joanne "
    "Donna Tracey Amber Jasmine Tia Demi Ellie Georgia Abbie Leah Toni Kerry Siobhan Ashleigh "
    "Hayley Jodie Carly Kimberley Stephanie Victoria Jennifer Elizabeth Katherine Margaret "
    "Alexandra Caroline Rosie Melissa Aimee Naomi Karen Sharon Tanya Lindsey Kathryn Sian "
    "Lucy Emily Olivia Grace Molly Ella Mia Lily Evie Freya Millie Poppy Keeley Chantelle"
)
_UK_MALE = _words(
    "Daniel Jamie Liam Ryan Lewis Connor Callum Kieran Jordan Nathan Dean Lee Craig Wayne "
    "Darren Gary Barry Carl Scott Shane Kyle Jack Joshua Tyler Bradley Ashley Aaron Luke Adam "
    "Mark Paul Stephen Christopher Matthew Michael Richard Anthony Robert David Andrew Thomas "
    "James William Jonathan Nicholas Alexander Benjamin Samuel Kevin Stuart Terence Kenneth "
    "Lawrence Raymond Dwayne Reece Kane Jay Dale Karl Jason Neil Sean Shaun Harry Charlie "
    "Oliver George Alfie Joe Ben Sam Tom Josh Declan Rhys Owen Gareth Martin Simon Steven"
)
_UK_SURNAMES = _words(
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood "
    "Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen "
    "James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly "
    "Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall "
    "Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt "
    "Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker "
    "Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard "
    "Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence "
    "Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan "
    "Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter "
    "Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins "
    "Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean Lane "
    "Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross "
    "Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis "
    "Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp "
    "Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe "
    "Burke May Pritchard Gilbert Willis Higgins Read Miles Stevenson Hammond Arnold Buckley "
    "Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Blake "
    "Lynch Goodwin Barton Woodward Cunningham Quinn Barnett Baxter Clayton Nash Greenwood "
    "Jennings Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath Norman "
    "Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson Hayward Carroll Farmer Kirk"
)
# British South Asian names, roughly most common first; the low-diversity pool is the head.
_SOUTH_ASIAN_FEMALE = _words(
    "Fatima Aisha Khadija Maryam Zainab Amina Yasmin Nasreen Parveen Shazia Hafsa Sana Sadia "
    "Rubina Nadia Samina Tahira Shabana Farzana Saima Bushra Asma Iqra Hina Uzma Noreen Shamim "
    "Razia Rukhsana Naila Sobia Sumaira Ruksana Jasmin Salma Shahida Nargis Kulsum Husna"
)
_SOUTH_ASIAN_MALE = _words(
    "Mohammed Ahmed Ali Hassan Hussain Ibrahim Yusuf Omar Imran Tariq Bilal Usman Abdul Adnan "
    "Kamran Shahid Asif Zubair Hamza Rizwan Khalid Mustafa Abdullah Rashid Naveed Arif Sajid "
    "Faisal Irfan Junaid Waqas Zahid Amjad Nadeem Shakeel Suleiman Osman Mahmood Iqbal Kashif"
)
_SOUTH_ASIAN_SURNAMES = _words(
    "Khan Ahmed Hussain Ali Begum Patel Singh Kaur Bibi Akhtar Islam Rahman Uddin Miah Shah "
    "Iqbal Mahmood Chowdhury Hassan Malik Butt Javed Aslam Anwar Bashir Rashid Saleem Sharif "
    "Raza Haq Karim Latif Mirza Nawaz Rehman Sultan Yousaf Zaman Sharma Gill Sandhu Sidhu "
    "Dhillon Mistry Parmar Chauhan Solanki Joshi Mehta Desai Das Kumar Siddiqui Qureshi"
)
_UKRAINIAN_FEMALE = _words("Olena Yulia Natalia Tetiana Iryna Oksana Svitlana Kateryna Anastasiia")
_UKRAINIAN_MALE = _words("Oleksandr Serhiy Dmytro Andriy Mykola Volodymyr Yuriy Vasyl Ivan")
_UKRAINIAN_SURNAMES = _words(
    "Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Melnyk Boyko Koval Oliynyk Lysenko"
)
_WEST_AFRICAN_FEMALE = _words("Blessing Precious Chiamaka Adaeze Ngozi Folasade Abimbola Temitope")
_WEST_AFRICAN_SURNAMES = _words("Okoro Adebayo Mensah Owusu Asante Boateng Oyelaran Nwosu")
_ARABIC_FEMALE = _words("Amal Huda Layla Nour Rania Samira Yasmin Zahra Mariam Salma Dina")
_ARABIC_MALE = _words("Ahmed Mohammed Khalid Omar Mustafa Youssef Karim Tarek Samir Walid")
_TURKISH_SURNAMES = _words(
    "Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Kılıç Çetin Kara "
    "Koç Kurt Özkan Şimşek"
)
_ARABIC_SURNAMES = _words("Abdullah Haddad Mansour Nasser Saleh Khalil Hamdan Aziz Farah")
# Spellings of one name that records use interchangeably (transliterations), first the
# spelling a person is given.
_TRANSLITERATIONS = [
    ("Mohammed", "Muhammad", "Mohammad", "Mohamed", "Muhammed", "Mohamad"),
    ("Fatima", "Fatimah", "Fatema", "Fathima"),
    ("Aisha", "Ayesha", "Aysha", "Ayisha", "Aishah"),
    ("Khadija", "Khadijah", "Khadeeja", "Khadeja"),
    ("Zainab", "Zaynab", "Zeinab", "Zenab"),
    ("Maryam", "Mariam", "Mariyam", "Meryem"),
    ("Amina", "Aminah", "Ameena"),
    ("Yasmin", "Yasmeen", "Yasmine"),
    ("Nasreen", "Nasrin", "Nasrine"),
    ("Parveen", "Parvin", "Perveen", "Parween"),
    ("Shazia", "Shaziya"),
    ("Rubina", "Robina", "Rubeena"),
    ("Hafsa", "Hafsah", "Hafza"),
    ("Samina", "Sameena"),
    ("Ruksana", "Rukhsana", "Ruksanna"),
    ("Ahmed", "Ahmad", "Ahmet", "Ahmod"),
    ("Hussain", "Hussein", "Husain", "Hossain", "Husein"),
    ("Hassan", "Hasan"),
    ("Rahman", "Rehman", "Rahmaan"),
    ("Yusuf", "Yousef", "Yusef", "Youssef", "Yousuf"),
    ("Ibrahim", "Ebrahim", "Ibraheem"),
    ("Osman", "Usman", "Othman", "Uthman"),
    ("Suleiman", "Sulaiman", "Sulayman", "Suleyman"),
    ("Mahmood", "Mahmud", "Mehmood", "Mahmoud"),
    ("Chowdhury", "Choudhury", "Chaudhry", "Chaudhary", "Chaudry"),
    ("Siddiqui", "Siddiqi", "Siddique"),
    ("Qureshi", "Kureshi", "Qurashi", "Quraishi"),
    ("Begum", "Begom"),
    ("Kaur", "Kour"),
    ("Miah", "Meah", "Mia"),
    ("Uddin", "Udin", "Ud-Din", "Uddeen"),
    ("Akhtar", "Akhter", "Akthar"),
    ("Iqbal", "Ikbal"),
    ("Rashid", "Rasheed", "Rachid"),
    ("Tariq", "Tarik", "Tareq"),
    ("Bilal", "Bilaal", "Belal"),
    ("Zubair", "Zubayr", "Zubeir"),
    ("Mustafa", "Mustapha", "Mostafa"),
    ("Omar", "Umar", "Omer"),
    ("Khalid", "Khaled"),
    ("Abdullah", "Abdulla", "Abdallah"),
    ("Abdul", "Abdool", "Abdel"),
    ("Youssef", "Yusuf", "Yousef"),
    ("Nour", "Noor", "Nur"),
    ("Layla", "Leila", "Laila", "Leyla"),
    ("Zahra", "Zahraa", "Zehra"),
    ("Olena", "Elena", "Alena", "Yelena"),
    ("Oleksandr", "Aleksandr", "Alexandr", "Oleksander"),
    ("Yulia", "Yuliya", "Iuliia", "Julia"),
    ("Natalia", "Nataliya", "Natalya"),
    ("Tetiana", "Tatiana", "Tatyana", "Tetyana"),
    ("Iryna", "Irina", "Iryna"),
    ("Oksana", "Oxana"),
    ("Svitlana", "Svetlana"),
    ("Kateryna", "Katerina", "Ekaterina"),
    ("Anastasiia", "Anastasia", "Anastasiya"),
    ("Serhiy", "Sergei", "Sergey", "Serhii"),
    ("Dmytro", "Dmitri", "Dmitry"),
    ("Andriy", "Andrii", "Andrei"),
    ("Mykola", "Nikolai", "Mykola"),
    ("Volodymyr", "Vladimir"),
    ("Yuriy", "Yuri", "Iurii"),
    ("Vasyl", "Vasily", "Vasyl"),
    ("Melnyk", "Melnik"),
    ("Boyko", "Boiko"),
    ("Oliynyk", "Oliinyk", "Oleinik"),
]
_NOT_DECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "Ø": "O", "ß": "ss"})
_DIGRAPHS = ("ph", "th", "ch", "sh", "ck")
_UNKIND = {"fat", "fatty", "fattie"}  # rule-made forms nobody would be recorded as
_VOWELS = "aeiou"


def _fold(text: str) -> str:
    """`text` without diacritics, as a system that only takes plain letters keys it."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _first_syllable(name: str) -> str:
    """The name up to the end of its first closed syllable: Jennifer -> Jen, Katherine ->
    Kath, Jessica -> Jess. Empty when there is none short enough to be a nickname."""
    low = name.lower()
    n, i = len(low), 0
    while i < n and low[i] not in _VOWELS:
        i += 1
    while i < n and low[i] in _VOWELS:
        i += 1
    if i == 0 or i >= n or not low[i].isalpha():
        return ""
    end = i + 1
    if low[i : i + 2] in _DIGRAPHS or (i + 1 < n and low[i + 1] == low[i]):
        end = i + 2
    return name[:end] if 2 <= end <= n - 2 else ""


def _diminutives(stem: str) -> list[str]:
    """Jen -> Jenny, Jennie; Vic -> Vicky; Kath -> Kathy."""
    last = stem[-1].lower()
    if last in _VOWELS or last in "hjwxy" or not last.isalpha():
        return []
    if stem.lower().endswith(_DIGRAPHS) or len(stem) > 3 or stem[-1] == stem[-2]:
        body = stem
    else:
        body = stem + ("k" if last == "c" else last)
    return [body + "y", body + "ie"]


def _listed_short_forms() -> dict[str, list[str]]:
    """The default profile's short forms: its own list plus the diminutive rule."""
    forms: dict[str, list[str]] = {}
    for full, listed in itertools.chain(_LISTED_FEMALE.items(), _LISTED_MALE.items()):
        stem = _first_syllable(full.title())
        made = ([stem] if len(stem) >= 3 else []) + (_diminutives(stem) if stem else [])
        merged = {form.lower(): form for form in listed + made}
        merged.pop(full, None)
        forms[full] = list(merged.values())
    return forms


def _rule_short_forms(name: str) -> list[str]:
    """Nicknames made by rule from any name, for the independent profiles: the first
    syllable (Kamila -> Kam), its diminutives (Kammy), the British -z form when it ends in r
    (Karen -> Kaz, Sharon -> Shaz), and the generator's own pet names (Katarzyna -> Kasia)."""
    forms = list(_PET_NAMES.get(name.lower(), []))
    first = name.split(" ")[0]
    stem = _first_syllable(first)
    if stem:
        if stem[-1].lower() == "r" and len(stem) >= 3:
            forms.append(stem.rstrip("rR") + "z")
        else:
            if len(stem) >= 3:
                forms.append(stem)
            forms.extend(_diminutives(stem))
    return [
        form
        for form in dict.fromkeys(forms)
        if form.lower() != first.lower() and form.lower() not in _UNKIND
    ]


def _polish_feminine(surname: str) -> str:
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname


_AVOID_SURNAMES = {"Obasanjo"}  # too closely tied to one public figure


# --- picking at random ------------------------------------------------------------------
class _Weighted:
    def __init__(self, pairs: list[tuple]):
        self.values = [value for value, _ in pairs]
        self.cum = list(itertools.accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random):
        return self.values[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


_ETHNICITIES = _Weighted(ETHNICITIES)
_FINAL_ORDERS = _Weighted(FINAL_ORDERS)
_REPEAT_COUNTS = _Weighted(REPEAT_COUNTS)
# Recorded ethnicity by name group, for the independent profiles' pools.
_GROUP_ETHNICITIES = {
    "south_asian": _Weighted(
        [("Asian or Asian British", 0.88), ("Mixed", 0.05), ("Not recorded", 0.07)]
    ),
    "eastern_european": _Weighted([("White Other", 0.9), ("Not recorded", 0.1)]),
    "african": _Weighted(
        [("Black or Black British", 0.86), ("Mixed", 0.07), ("Not recorded", 0.07)]
    ),
    "middle_eastern": _Weighted([("Other", 0.5), ("White Other", 0.3), ("Not recorded", 0.2)]),
}


class _Pool:
    """Names with cumulative weights; `pick` draws one."""

    def __init__(self, weights: dict[str, float]):
        self.values = list(weights)
        self.cum = list(itertools.accumulate(weights.values()))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.values[bisect.bisect(self.cum, rng.random() * self.total)]


def _zipf_pool(rng: random.Random, *lists: Iterable[str], skew: float = 10.0) -> _Pool:
    """The default profile's pools: all names once, shuffled, with weight 1 / (rank + skew)."""
    names = list(dict.fromkeys(itertools.chain(*lists)))
    rng.shuffle(names)
    return _Pool({name: 1.0 / (rank + skew) for rank, name in enumerate(names)})


def _mixed_pool(
    rng: random.Random, *sources: tuple[Iterable[str], float, bool], skew: float = 3.0
) -> _Pool:
    """A pool from several lists: (names, share, in frequency order). A list not in frequency
    order is shuffled first; within a list a name's weight falls as 1 / (rank + skew)."""
    weights: dict[str, float] = {}
    for names, share, ordered in sources:
        listed = list(dict.fromkeys(names))
        if not ordered:
            rng.shuffle(listed)
        raw = [1.0 / (rank + skew) for rank in range(len(listed))]
        scale = share / sum(raw)
        for name, weight in zip(listed, raw, strict=True):
            weights[name] = weights.get(name, 0.0) + weight * scale
    return _Pool(weights)


@dataclass
class _NameGroup:
    female: _Pool
    male: _Pool
    surnames: _Pool
    female_surnames: _Pool | None = None
    feminine: Callable[[str], str] | None = None
    ethnicities: _Weighted | None = None

    def forename(self, rng: random.Random, role: str) -> str:
        return (self.female if role == "M" else self.male).pick(rng)

    def surname(self, rng: random.Random, role: str) -> str:
        if role == "M" and self.female_surnames is not None and rng.random() < 0.5:
            return self.female_surnames.pick(rng)
        name = self.surnames.pick(rng)
        return self.feminine(name) if role == "M" and self.feminine else name


def _english_groups(rng: random.Random) -> list[tuple[_NameGroup, float]]:
    gb_surnames = en_GB.Provider.last_names
    female = _zipf_pool(
        rng,
        en_GB.Provider.first_names_female,
        en_US.Provider.first_names_female,
        en_IE.Provider.first_names_female,
        en_NZ.Provider.first_names_female,
        [full.title() for full in _LISTED_FEMALE],
    )
    male = _zipf_pool(
        rng,
        en_GB.Provider.first_names_male,
        en_US.Provider.first_names_male,
        en_IE.Provider.first_names_male,
        en_NZ.Provider.first_names_male,
        [full.title() for full in _LISTED_MALE],
    )
    surnames = _zipf_pool(
        rng,
        gb_surnames.keys() if isinstance(gb_surnames, dict) else gb_surnames,
        en_US.Provider.last_names,
        en_IE.Provider.last_names,
        en_NZ.Provider.last_names,
    )
    return [(_NameGroup(female, male, surnames), 1.0)]


def _international_groups(rng: random.Random) -> list[tuple[_NameGroup, float]]:
    ke, ng = en_KE.Provider, en_NG.Provider
    english = _NameGroup(
        female=_mixed_pool(rng, (_UK_FEMALE, 0.75, True), (ke.first_names_female, 0.25, True)),
        male=_mixed_pool(rng, (_UK_MALE, 0.75, True), (ke.first_names_male, 0.25, True)),
        surnames=_mixed_pool(rng, (_UK_SURNAMES, 1.0, True), skew=8.0),
    )
    south_asian = _NameGroup(
        female=_mixed_pool(
            rng, (_SOUTH_ASIAN_FEMALE, 0.6, True), (en_IN.Provider.first_names_female, 0.4, False)
        ),
        male=_mixed_pool(
            rng,
            (_SOUTH_ASIAN_MALE, 0.6, True),
            (en_IN.Provider.first_names_male, 0.25, False),
            (en_PK.Provider.first_names, 0.15, False),
        ),
        surnames=_mixed_pool(
            rng,
            (_SOUTH_ASIAN_SURNAMES, 0.7, True),
            (en_IN.Provider.last_names, 0.2, False),
            (en_PK.Provider.last_names, 0.1, False),
        ),
        ethnicities=_GROUP_ETHNICITIES["south_asian"],
    )
    eastern_european = _NameGroup(
        female=_mixed_pool(
            rng,
            (pl_PL.Provider.first_names_female, 0.45, False),
            (ro_RO.Provider.first_names_female, 0.35, False),
            (_UKRAINIAN_FEMALE, 0.2, True),
        ),
        male=_mixed_pool(
            rng,
            (pl_PL.Provider.first_names_male, 0.45, False),
            (ro_RO.Provider.first_names_male, 0.35, False),
            (_UKRAINIAN_MALE, 0.2, True),
        ),
        surnames=_mixed_pool(
            rng,
            (pl_PL.Provider.male_last_names, 0.3, True),
            (pl_PL.Provider.unisex_last_names, 0.2, False),
            (ro_RO.Provider.last_names, 0.35, False),
            (_UKRAINIAN_SURNAMES, 0.15, True),
        ),
        feminine=_polish_feminine,
        ethnicities=_GROUP_ETHNICITIES["eastern_european"],
    )
    african = _NameGroup(
        female=_mixed_pool(
            rng,
            (ng.first_names_female, 0.4, True),
            (ke.first_names_female, 0.4, True),
            (_WEST_AFRICAN_FEMALE, 0.2, True),
        ),
        male=_mixed_pool(rng, (ng.first_names_male, 0.5, True), (ke.first_names_male, 0.5, True)),
        surnames=_mixed_pool(
            rng,
            ([n for n in ng.last_names if n not in _AVOID_SURNAMES], 0.4, False),
            (ke.last_names, 0.35, True),
            (_WEST_AFRICAN_SURNAMES, 0.25, False),
        ),
        ethnicities=_GROUP_ETHNICITIES["african"],
    )
    middle_eastern = _NameGroup(
        female=_mixed_pool(
            rng, (tr_TR.Provider.first_names_female, 0.5, False), (_ARABIC_FEMALE, 0.5, True)
        ),
        male=_mixed_pool(
            rng, (tr_TR.Provider.first_names_male, 0.5, False), (_ARABIC_MALE, 0.5, True)
        ),
        surnames=_mixed_pool(rng, (_TURKISH_SURNAMES, 0.5, True), (_ARABIC_SURNAMES, 0.5, True)),
        ethnicities=_GROUP_ETHNICITIES["middle_eastern"],
    )
    return [
        (english, 0.63),
        (south_asian, 0.14),
        (eastern_european, 0.12),
        (african, 0.06),
        (middle_eastern, 0.05),
    ]


def _low_diversity_groups(rng: random.Random) -> list[tuple[_NameGroup, float]]:
    """About twenty forenames and twenty surnames each, the most common few shared by many."""
    group = _NameGroup(
        female=_mixed_pool(rng, (_SOUTH_ASIAN_FEMALE[:20], 1.0, True), skew=1.0),
        male=_mixed_pool(rng, (_SOUTH_ASIAN_MALE[:20], 1.0, True), skew=1.0),
        surnames=_mixed_pool(
            rng,
            (
                [n for n in _SOUTH_ASIAN_SURNAMES[:20] if n not in ("Begum", "Bibi", "Kaur")],
                1.0,
                True,
            ),
            skew=1.0,
        ),
        female_surnames=_mixed_pool(rng, (["Begum", "Bibi", "Kaur", "Khatun"], 1.0, True)),
        ethnicities=_GROUP_ETHNICITIES["south_asian"],
    )
    return [(group, 1.0)]


_NAME_GROUPS = {
    "english": _english_groups,
    "international": _international_groups,
    "low-diversity": _low_diversity_groups,
}


@dataclass
class Person:
    person_id: str
    role: str
    forename: str
    surname: str
    dob: dt.date
    nhs_number: str
    ethnicity: str
    local_authority: int
    postcode: str
    previous_surnames: list[str] = field(default_factory=list)
    group: int = 0
    middle_names: list[str] = field(default_factory=list)
    known_as: str = ""  # a different forename the person goes by
    by_middle: bool = False  # goes by the first middle name
    nickname: str = ""  # the short form the person goes by (rule-made nicknames)
    barrels: tuple[str, str] | None = None  # the parts of a double-barrelled surname


@dataclass
class SyntheticSummary:
    applications: int
    records: int
    mothers: int
    recurrent_mothers: int
    applications_with_recurrent_mother: int
    bookings: int
    care_leavers: int

    @property
    def recurrent_mother_rate(self) -> float:
        return self.recurrent_mothers / max(self.mothers, 1)

    @property
    def recurrent_application_share(self) -> float:
        return self.applications_with_recurrent_mother / max(self.applications, 1)


_NHS_WEIGHTS = tuple(range(10, 1, -1))
_NHS_OFFSET = 48 * sum(_NHS_WEIGHTS)  # the weights times the code of "0"


def _nhs_number(rng: random.Random) -> str:
    while True:
        number = str(100_000_000 + int(rng.random() * 900_000_000))
        check = 11 - (sum(map(operator.mul, _NHS_WEIGHTS, number.encode())) - _NHS_OFFSET) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return number + str(check)


_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_SPLIT_SURNAME = re.compile(r"[- ]")


class _Generator:
    def __init__(self, seed: int, profile: ErrorProfile):
        # A seeded generator makes synthetic data reproducible; nothing here is security.
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311
        self.profile = profile
        authorities = profile.authorities
        faker = Faker("en_GB")
        faker.seed_instance(seed)
        try:
            groups = _NAME_GROUPS[profile.names](self.rng)
        except KeyError:
            raise ValueError(f"Unknown name pools {profile.names!r}.") from None
        self.groups = [group for group, _ in groups]
        self.group_cum = list(itertools.accumulate(weight for _, weight in groups))
        self.listed = _listed_short_forms() if profile.nicknames == "listed" else {}
        self.variants: dict[str, tuple[str, ...]] = {}
        if profile.transliteration:
            for spellings in _TRANSLITERATIONS:
                for spelling in spellings:
                    self.variants.setdefault(spelling.lower(), tuple(dict.fromkeys(spellings)))
        letters = "ABCDEFGHJKLMNOPRSTUWYZ"
        areas: list[str] = []
        while len(areas) < authorities:
            area = self.rng.choice(letters) + self.rng.choice(letters + " ").strip()
            if area not in areas:
                areas.append(area)
        self.areas = areas
        cities: list[str] = []
        while len(cities) < authorities:
            city = faker.city()
            if city not in cities:
                cities.append(city)
        self.authorities = cities
        self.courts = [f"Family Court at {cities[i]}" for i in range(0, authorities, 4)]
        # Bigger authorities have more applications.
        self.authority_cum = list(
            itertools.accumulate(self.rng.uniform(0.3, 3.0) for _ in range(authorities))
        )
        if profile.date_format == "%Y-%m-%d":
            self.date_text: Callable[[dt.date], str] = dt.date.isoformat
        elif profile.date_format == "%d/%m/%Y":
            self.date_text = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
        else:
            self.date_text = lambda d: d.strftime(profile.date_format)
        self.count = 0

    def authority(self) -> int:
        cum = self.authority_cum
        return bisect.bisect(cum, self.rng.random() * cum[-1])

    def postcode(self, authority: int) -> str:
        r = self.rng.random
        inward = (
            f"{int(r() * 10)}{_POSTCODE_LETTERS[int(r() * 20)]}{_POSTCODE_LETTERS[int(r() * 20)]}"
        )
        return f"{self.areas[authority]}{1 + int(r() * 30)} {inward}"

    def person(
        self, role: str, age_years: float, when: dt.date, authority: int, group: int | None = None
    ) -> Person:
        rng, p = self.rng, self.profile
        self.count += 1
        if group is None:
            group = bisect.bisect(self.group_cum, rng.random() * self.group_cum[-1])
        names = self.groups[group]
        forename = names.forename(rng, role)
        dob = when - dt.timedelta(days=int(age_years * 365.25) + int(rng.random() * 365))
        person = Person(
            person_id=f"P{self.count:08d}",
            role=role,
            forename=forename,
            surname=names.surname(rng, role),
            dob=dob,
            nhs_number=_nhs_number(rng),
            ethnicity=(names.ethnicities or _ETHNICITIES).pick(rng),
            local_authority=authority,
            postcode=self.postcode(authority),
            group=group,
        )
        if p.middle_name and rng.random() < p.middle_name:
            count = 1 if rng.random() < 0.85 else 2
            for _ in range(count * 3):
                middle = names.forename(rng, role)
                if middle != forename and middle not in person.middle_names:
                    person.middle_names.append(middle)
                if len(person.middle_names) == count:
                    break
            person.by_middle = bool(person.middle_names) and rng.random() < p.known_by_middle
        if p.known_as and rng.random() < p.known_as:
            # An anglicised or chosen name: from the first (most common) group's names.
            other = self.groups[0].forename(rng, role)
            person.known_as = other if other != forename else ""
        if p.nicknames == "rules" and rng.random() < p.nickname:
            forms = _rule_short_forms(forename)
            person.nickname = rng.choice(forms) if forms else ""
        if p.double_barrelled and rng.random() < p.double_barrelled:
            second = names.surname(rng, role)
            if second != person.surname:
                person.barrels = (person.surname, second)
                person.surname = f"{person.surname}{'-' if rng.random() < 0.7 else ' '}{second}"
        return person

    def age_at_first_application(self, role: str) -> float:
        base = 16.0 if role == "M" else 17.0
        return min(base + self.rng.gammavariate(2.2, 4.0 if role == "M" else 5.0), 48.0)

    # --- errors -----------------------------------------------------------------------
    def typo(self, text: str) -> str:
        rng = self.rng
        if len(text) < 3:
            return text
        i = rng.randrange(1, len(text))
        kind = rng.random()
        if kind < 0.35:
            return text[:i] + text[i + 1 :]
        if kind < 0.7:
            return text[:i] + rng.choice("aeiounrst") + text[i + 1 :]
        if kind < 0.85 and i < len(text) - 1:
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text[:i] + rng.choice("aeilnrs") + text[i:]

    def dob_typo(self, dob: dt.date) -> dt.date:
        """A keying error: one part of the date off by one (or one digit of the day)."""
        rng = self.rng
        for _ in range(10):
            part = rng.random()
            try:
                if part < 0.35:
                    return dob.replace(year=dob.year + rng.choice([-1, 1]))
                if part < 0.6:
                    return dob.replace(month=dob.month + rng.choice([-1, 1]))
                if part < 0.8:
                    return dob + dt.timedelta(days=rng.choice([-1, 1]))
                return dob.replace(day=dob.day + rng.choice([-10, 10]))
            except ValueError:
                continue
        return dob + dt.timedelta(days=1)

    def dob_keying(self, dob: dt.date) -> dt.date:
        """A date keyed wrongly as digits (DDMMYYYY): a digit struck as its neighbour on the
        keypad, two neighbouring digits transposed, or the decade off by one."""
        rng = self.rng
        digits = f"{dob.day:02d}{dob.month:02d}{dob.year:04d}"
        for _ in range(20):
            kind = rng.random()
            i = rng.randrange(8)
            if kind < 0.45:
                d = int(digits[i])
                keyed = str(min(max(d + rng.choice((-3, -1, 1, 3)), 0), 9))
                text = digits[:i] + keyed + digits[i + 1 :]
            elif kind < 0.85:
                i = min(i, 6)
                text = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
            else:
                text = digits[:4] + f"{dob.year + rng.choice((-10, 10)):04d}"
            try:
                keyed_date = dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
            except ValueError:
                continue
            if keyed_date != dob and abs(keyed_date.year - dob.year) <= 10:
                return keyed_date
        return dob.replace(day=1) if dob.day != 1 else dob + dt.timedelta(days=1)

    def spelling(self, name: str) -> str:
        """Another spelling of the name, if it has several."""
        spellings = self.variants.get(name.lower())
        return self.rng.choice(spellings) if spellings else name

    def recorded(self, person: Person, later: bool) -> dict[str, str]:
        """One appearance of the person in an extract, with errors."""
        rng, p = self.rng, self.profile
        forename = person.forename
        middle = person.middle_names
        changed = False
        if person.known_as and rng.random() < p.known_as_used:
            forename, changed = person.known_as, True
        elif person.by_middle and rng.random() < p.known_by_middle_used:
            forename, changed = middle[0], True
            middle = [person.forename, *middle[1:]]
        elif person.nickname and rng.random() < p.nickname_used:
            forename, changed = person.nickname, True
        elif self.listed:
            short = self.listed.get(forename.lower())
            if short and rng.random() < p.nickname:
                forename, changed = rng.choice(short), True
        if not changed and rng.random() < p.forename_typo:
            forename = self.typo(forename)
        if forename.lower() in self.variants and rng.random() < p.transliteration:
            forename = self.spelling(forename)
        middle_names = ""
        if middle and p.middle_names_recorded and rng.random() < p.middle_names_recorded:
            middle_names = " ".join(middle)
        known_as = ""
        if p.known_as_recorded:
            alias = person.known_as or person.nickname
            if alias and alias != forename and rng.random() < p.known_as_recorded:
                known_as = alias
        surname = person.surname
        if person.barrels and rng.random() < p.double_barrelled_varied:
            first, second = person.barrels
            roll = rng.random()
            if roll < 0.35:
                surname = first
            elif roll < 0.7:
                surname = second
            else:
                surname = f"{first}{' ' if '-' in surname else '-'}{second}"
        if rng.random() < p.surname_typo:
            surname = self.typo(surname)
        if surname.lower() in self.variants and rng.random() < p.transliteration:
            surname = self.spelling(surname)
        previous = ""
        if person.previous_surnames and rng.random() < p.previous_name_recorded:
            previous = "; ".join(person.previous_surnames)
        dob = ""
        roll = rng.random()
        if roll < p.dob_missing:
            pass
        elif roll < (edge := p.dob_missing + p.dob_day_month_swap) and person.dob.day <= 12:
            dob = self.date_text(dt.date(person.dob.year, person.dob.day, person.dob.month))
        elif roll < (edge := edge + p.dob_typo):
            dob = self.date_text(self.dob_typo(person.dob))
        elif roll < (edge := edge + p.dob_keying):
            dob = self.date_text(self.dob_keying(person.dob))
        elif roll < edge + p.dob_placeholder:
            dob = self.date_text(dt.date(person.dob.year, 1, 1))
        else:
            dob = self.date_text(person.dob)
        postcode = "" if rng.random() < p.postcode_missing else person.postcode
        nhs = person.nhs_number if rng.random() < p.nhs_present else ""
        if nhs and rng.random() < p.nhs_typo:
            i = rng.randrange(10)
            nhs = nhs[:i] + str((int(nhs[i]) + 1) % 10) + nhs[i + 1 :]
        if p.name_swap and rng.random() < p.name_swap:
            forename, surname = surname, forename
        names = [forename, surname, middle_names, known_as, previous]
        if (
            p.diacritics_dropped
            and not all(name.isascii() for name in names)
            and rng.random() < p.diacritics_dropped
        ):
            names = [_fold(name) for name in names]
        if rng.random() < p.upper_case:
            names = [name.upper() for name in names]
        forename, surname, middle_names, known_as, previous = names
        return {
            "forename": forename,
            "middle_names": middle_names,
            "known_as": known_as,
            "surname": surname,
            "previous_names": previous,
            "dob": dob,
            "postcode": postcode,
            "nhs_number": nhs,
            "ethnicity": person.ethnicity,
        }

    def life_events(self, person: Person) -> None:
        """Between applications people move and (mothers) sometimes change surname."""
        rng, p = self.rng, self.profile
        if rng.random() < p.move:
            if rng.random() < p.move_authority:
                person.local_authority = self.authority()
            person.postcode = self.postcode(person.local_authority)
        if person.role == "M" and rng.random() < p.surname_change:
            old = person.surname
            person.previous_surnames.append(old)
            new = self.groups[person.group].surname(rng, "F")
            if (
                p.married_double_barrelled
                and person.barrels is None
                and new != old
                and rng.random() < p.married_double_barrelled
            ):
                person.barrels = (old, new)
                person.surname = f"{old}-{new}"
            else:
                person.barrels = None
                person.surname = new


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.random() * ((end - start).days + 1)))


def generate_applications(
    out_dir: Path | str,
    records: int,
    seed: int = 2026,
    profile: ErrorProfile | str | None = None,
    start: dt.date = dt.date(2016, 1, 1),
    end: dt.date = dt.date(2024, 12, 31),
    progress: Callable[[str, int, int], None] | None = None,
) -> SyntheticSummary:
    """Write applications.csv, truth.csv, midwifery_bookings.csv and care_leavers.csv.

    `records` is the number of parent records wanted (each parent on each application is
    one record); the extract stops at the first application that reaches it. `profile` is an
    ErrorProfile or the name of one in PROFILES (default: "default").
    truth.csv (record_key, person_id) holds the true person for every record in every file.
    """
    if records < 1:
        raise ValueError("records must be at least 1")
    if isinstance(profile, str):
        profile = profile_named(profile)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    gen = _Generator(seed, profile or ErrorProfile())
    rng, p = gen.rng, gen.profile
    date_text = gen.date_text
    span_days = (end - start).days
    apps: list[dict[str, str]] = []
    truth: list[tuple[str, str]] = []  # filled with temporary keys, renamed after shuffling
    mother_apps: dict[str, int] = {}
    record_count = 0
    future_mothers: list[tuple[Person, dt.date]] = []
    care_leaver_people: list[Person] = []
    person_columns = {
        prefix: [f"{prefix}_{name}" for name in _PERSON_FIELDS] for prefix in ("mother", "father")
    }
    empty = dict.fromkeys(person_columns["father"], "")
    while record_count < records:
        authority = gen.authority()
        wanted = 1 if rng.random() >= 0.17 else _REPEAT_COUNTS.pick(rng)
        # A parent with several applications started early enough for them to fall inside.
        latest_start = max(span_days - 700 * (wanted - 1), 0)
        first_issue = start + dt.timedelta(days=int(rng.random() * (latest_start + 1)))
        mother = gen.person("M", gen.age_at_first_application("M"), first_issue, authority)
        if (first_issue - mother.dob).days < 25 * 365 and rng.random() < 0.15:
            care_leaver_people.append(mother)
        issue = first_issue
        father: Person | None = None
        made = 0
        for index in range(wanted):
            if issue > end:
                break
            if index:
                gen.life_events(mother)
            if rng.random() < p.father_recorded:
                if father is None or rng.random() >= p.same_father_again:
                    # Most fathers' names come from the same pool as the mother's.
                    group = mother.group if rng.random() < 0.75 else None
                    father = gen.person(
                        "F",
                        max((issue - mother.dob).days / 365.25 + rng.gauss(3, 4), 16.5),
                        issue,
                        mother.local_authority,
                        group,
                    )
                elif index:
                    gen.life_events(father)
                on_app: Person | None = father
            else:
                on_app = None
            months = 6 + int(rng.random() * 11)
            final_date = issue + dt.timedelta(days=int(months * 30.4))
            child_dob = (
                issue - dt.timedelta(days=int(rng.random() * 21))
                if rng.random() < 0.45
                else _random_date(
                    rng,
                    max(
                        mother.dob + dt.timedelta(days=16 * 365),
                        issue - dt.timedelta(days=12 * 365),
                    ),
                    issue,
                )
            )
            key = f"tmp{len(apps)}"
            finished = final_date <= end
            row = {
                "application_id": key,
                "issue_date": date_text(issue),
                "court": gen.courts[mother.local_authority // 4],
                "local_authority": gen.authorities[mother.local_authority],
                "child_id": "",
                "child_dob": date_text(child_dob),
                "final_order": _FINAL_ORDERS.pick(rng) if finished else "",
                "final_order_date": date_text(final_date) if finished else "",
            }
            for prefix, person in (("mother", mother), ("father", on_app)):
                if person is None:
                    row.update(empty)
                    continue
                values = gen.recorded(person, later=index > 0).values()
                row.update(zip(person_columns[prefix], values, strict=True))
                truth.append((f"{key}:{person.role}", person.person_id))
                record_count += 1
            apps.append(row)
            made += 1
            # Birth spacing: the next application often follows soon after the final order.
            gap_days = int(rng.gammavariate(2.0, 260)) + 60
            issue = final_date + dt.timedelta(days=gap_days)
            if record_count >= records:
                break
        mother_apps[mother.person_id] = made
        if made and rng.random() < 0.04:
            future_mothers.append((mother, issue))
        if progress and len(apps) % 20000 < made:
            progress("generate", min(record_count, records), records)

    # Shuffle so that application ids say nothing about who is who.
    order = list(range(len(apps)))
    rng.shuffle(order)
    new_id = {f"tmp{old}": f"A{new + 1:07d}" for new, old in enumerate(order)}
    apps_sorted = [apps[old] for old in order]
    for number, row in enumerate(apps_sorted, start=1):
        row["application_id"] = new_id[row["application_id"]]
        row["child_id"] = f"C{number:07d}"
    truth = [(new_id[key.split(":")[0]] + key[-2:], person) for key, person in truth]

    bookings, booking_truth = _bookings(gen, future_mothers, end)
    leavers, leaver_truth = _care_leavers(gen, care_leaver_people)

    _write_csv(out / "applications.csv", APPLICATION_COLUMNS, apps_sorted)
    _write_csv(out / "midwifery_bookings.csv", BOOKING_COLUMNS, bookings)
    _write_csv(out / "care_leavers.csv", CARE_LEAVER_COLUMNS, leavers)
    with (out / "truth.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.writer(handle)
        writer.writerow(["record_key", "person_id"])
        writer.writerows(sorted(truth) + booking_truth + leaver_truth)
    if progress:
        progress("generate", records, records)
    recurrent = [count for count in mother_apps.values() if count > 1]
    summary = SyntheticSummary(
        applications=len(apps),
        records=record_count,
        mothers=len(mother_apps),
        recurrent_mothers=len(recurrent),
        applications_with_recurrent_mother=sum(recurrent),
        bookings=len(bookings),
        care_leavers=len(leavers),
    )
    facts = dict(vars(summary), seed=seed)
    facts["recurrent_mother_rate"] = round(summary.recurrent_mother_rate, 4)
    facts["recurrent_application_share"] = round(summary.recurrent_application_share, 4)
    (out / "truth_summary.json").write_text(json.dumps(facts, indent=1))
    return summary


def _bookings(
    gen: _Generator, future_mothers: list[tuple[Person, dt.date]], end: dt.date
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Midwifery bookings for the coming year: some mothers already known, most not."""
    rng = gen.rng
    rows, truth = [], []
    booked_from = end + dt.timedelta(days=1)
    strangers = [
        gen.person("M", rng.uniform(17, 40), booked_from, rng.randrange(len(gen.authorities)))
        for _ in range(len(future_mothers) * 3)
    ]
    people = [m for m, _ in future_mothers] + strangers
    rng.shuffle(people)
    for number, person in enumerate(people, start=1):
        gen.life_events(person)
        booking = _random_date(rng, booked_from, booked_from + dt.timedelta(days=180))
        key = f"B{number:06d}"
        row = {"booking_id": key, "booking_date": gen.date_text(booking)}
        row["expected_due_date"] = gen.date_text(booking + dt.timedelta(days=rng.randint(150, 200)))
        recorded = gen.recorded(person, later=True)
        row.update({k: v for k, v in recorded.items() if k in BOOKING_COLUMNS})
        rows.append(row)
        truth.append((f"{key}:B", person.person_id))
    return rows, truth


def _care_leavers(
    gen: _Generator, known: list[Person]
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    rng = gen.rng
    strangers = [
        gen.person(
            "M", rng.uniform(16, 25), dt.date(2024, 6, 1), rng.randrange(len(gen.authorities))
        )
        for _ in range(len(known))
    ]
    people = known + strangers
    rng.shuffle(people)
    rows, truth = [], []
    for number, person in enumerate(people, start=1):
        key = f"L{number:06d}"
        recorded = gen.recorded(person, later=False)
        row = {"care_leaver_id": key}
        row.update({k: v for k, v in recorded.items() if k in CARE_LEAVER_COLUMNS})
        rows.append(row)
        truth.append((f"{key}:L", person.person_id))
    return rows, truth


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_safe.writer(handle)
        writer.writerow(columns)
        writer.writerows([row.get(column, "") for column in columns] for row in rows)
