#!/usr/bin/env python3
"""Blind synthetic generator of English/Welsh public-law care-proceedings
applications (s.31 Children Act 1989) with recurrent birth parents.

Standard library only.  Usage:
    python3 gen.py --applications N --seed S --out DIR
Writes DIR/applications.csv and DIR/truth.csv.  Deterministic for a seed.
All names, name lists, nicknames and error rates are written by hand here.
"""

import argparse
import os
import random
import unicodedata
from bisect import bisect
from datetime import date

# =====================================================================
# POPULATION ASSUMPTIONS (see README.md)
# =====================================================================
START = date(2010, 1, 1).toordinal()  # first issue date kept
END = date(2025, 12, 31).toordinal()  # last issue date kept / data cut-off
CAREER_START = date(
    2003, 1, 1
).toordinal()  # mothers' careers may start before 2010 (left-censored)
# number of applications a mother would have over her life (before censoring)
APPS_PER_MOTHER = [(1, 0.70), (2, 0.155), (3, 0.075), (4, 0.038), (5, 0.019), (6, 0.013)]
INTERVAL_MEDIAN_YEARS = 1.9  # lognormal gap between a mother's applications
INTERVAL_SIGMA = 0.5
P_FATHER_NAMED = 0.65  # application names a father
P_SAME_FATHER_AS_LAST = 0.50  # named father is mother's previous partner
P_FATHER_FROM_OTHER_MOTHER = 0.10  # new partner is a man already known with another mother
P_FATHER_SAME_COMMUNITY = 0.78
P_MOVE_LA = 0.15  # mother in a different LA at next application
P_MOVE_LA_SAME_REGION = 0.70
P_MOVE_ADDRESS = 0.45  # new postcode at next application (same LA)
P_COURT_TRANSFER = 0.03  # case heard at another court of the region
P_MARRIED_AT_FIRST = 0.10  # woman already using a partner's surname (age 20+)
P_SURNAME_CHANGE_LATER = 0.13  # woman changes surname between applications
P_TAKE_FATHER_SURNAME = 0.60  #  ... to the named father's surname
P_REVERT_BIRTH_SURNAME = 0.30  #  ... or later reverts to birth surname
P_MALE_SURNAME_CHANGE = 0.01
P_HYPHENATED_SURNAME = 0.045  # White British / Mixed double-barrelled surname
P_KNOWN_AS = 0.11  # person goes by another forename
P_NAMESAKE_NAME = 0.02  # new person deliberately copies an existing name (same community)
P_NAMESAKE_NAME_DOB = 0.004  # ... and the same date of birth
P_TWIN = 0.002  # new person is a twin of an existing one (surname+dob)

# =====================================================================
# RECORDING-ERROR RATES (per parent record)  (see README.md)
# =====================================================================
P_FORE_KNOWN_AS = 0.30  # forename field holds the known-as name (if person has one)
P_FORE_MIDDLE = 0.02  # forename field holds the first middle name
P_FORE_NICK = 0.05  # forename field holds a nickname / short form
P_FORE_VARIANT = 0.22  # transliteration variant (if one exists), non-English-origin communities
P_FORE_VARIANT_EN = (
    0.05  # spelling variant (Claire/Clare, Sara/Sarah, Dafydd/David) for other communities
)
P_FORE_TYPO = 0.025  # keyboard slip or phonetic respelling of forename
P_SUR_TYPO = 0.025
P_MID_TYPO = 0.02
P_MID_OMIT = 0.40  # middle names not recorded
P_MID_FIRST_ONLY = 0.12
P_MID_INITIAL = 0.05
P_KNOWN_RECORDED = 0.45  # known_as field filled when the person has one
P_KNOWN_SPURIOUS = 0.01  # known_as holds a nickname although person has no known-as
P_SUR_LAG = 0.12  # old surname still used after a change
P_SUR_VARIANT = 0.20  # transliteration variant, non-English-origin communities
P_SUR_VARIANT_EN = 0.04  # Thompson/Thomson, Davies/Davis ... for other communities
TRANSLIT_COMMS = ("PAK", "BAN", "IND", "ARB", "SOM", "BAF", "EE", "ROMA", "CHN", "GTI")
P_SUR_APOS = 0.25  # O'Brien -> OBrien / O Brien, McX -> Mcx/MacX
P_SUR_MASC = 0.10  # Eastern European woman recorded under masculine surname form
P_SUR_ALT = 0.20  # Begum/Bibi or Somali father's name recorded as surname
P_PREV_RECORDED = 0.35  # previous surnames recorded when there are any
P_PREV_ALIAS = 0.01  # previous_names holds an alias surname
P_SWAP_NAMES = 0.008  # forename and surname swapped (higher for some communities)
P_UPPER = 0.04  # whole record in capitals
P_LOWER = 0.01
P_FIELD_CASE = 0.01  # a single field oddly cased
P_WHITESPACE = 0.02  # stray whitespace in a field
P_FOLD_ACCENTS = 0.60  # accents stripped (names that have them)
P_DOB_SWAP = 0.012  # day and month swapped
P_DOB_DIGIT = 0.012  # one digit mistyped
P_DOB_YEAR = 0.008  # year out by one
P_DOB_PLACEHOLDER = 0.004  # 01/01/yyyy placeholder
P_DOB_WRONG = 0.002  # unrelated date
P_FATHER_DOB_MISSING = 0.08
P_PC_MISSING_M = 0.12
P_PC_MISSING_F = 0.30
P_PC_STALE = 0.08  # previous address recorded
P_PC_FORMAT = 0.06  # no space / lower case
P_PC_TYPO = 0.015
P_NHS_M = 0.42  # NHS number recorded (mother)
P_NHS_F = 0.26
P_NHS_TYPO = 0.015  # recorded NHS number mistyped (check digit re-validated)
P_ETH_MISSING_M = 0.18
P_ETH_MISSING_F = 0.35
P_ETH_VARIANT = 0.14
P_ORDER_MISSING = 0.02

# =====================================================================
# NAME DATA (hand written).  Lists are in rough frequency order; weights
# are Zipf-like w = 1/(rank+a)^s with per-list a, s.
# =====================================================================
BRIT_F_OLD = """Sarah Claire Nicola Emma Lisa Joanne Michelle Helen Samantha Karen Amanda Rachel
Louise Julie Donna Kelly Tracey Victoria Rebecca Laura Jennifer Dawn Kerry Angela Sharon Stephanie
Gemma Natalie Leanne Lindsey Deborah Caroline Elizabeth Catherine Katherine Suzanne Jacqueline Maria
Tina Andrea Zoe Hayley Jodie Kirsty Stacey Charlotte Melanie Paula Tanya Wendy Alison Susan Lorraine
Debbie Kim Kimberley Marie Jane Jayne Anne Tracy Nichola Lucy Jenny Vicky Toni Carly Danielle Natasha
Sally Fiona Ruth Diane Jill Janet Sandra Teresa Carol Lynn Beverley Mandy Joanna Sonia Heather Katie
Anna Amy Jemma Leigh Shelley Rachael Keeley Lyndsey Lynsey Emily Sophie Kathryn Justine Melissa
Christine Linda Kathleen Margaret Patricia Colette Bernadette Vanessa Yvonne Maxine Kate Becky Nikki
Clare Tammy Chantelle Sian Siobhan Leah Kayleigh Hannah Jade Abigail Georgina Holly Rosemary Carla
Gail Gillian Elaine Alexandra Josephine Ann Pamela Shirley Julia Veronica Sara Tara Marianne Lesley
Kerry-Ann Sarah-Jane Lisa-Marie Nadine Samantha-Jane Hollie Stacy Theresa Roxanne Sharlene"""

BRIT_F_NEW = """Jessica Chloe Sophie Hannah Amy Lauren Megan Charlotte Emily Rebecca Bethany Jade Shannon
Danielle Courtney Paige Kayleigh Chelsea Abbie Holly Georgia Ellie Olivia Amber Leah Jasmine Demi
Tia Casey Kelsey Kirsty Stacey Chantelle Natasha Samantha Katie Jodie Gemma Rachel Nicole Toni Jordan
Keeley Kimberley Melissa Zoe Leanne Carly Sian Emma Laura Lucy Molly Mia Lily Ella Grace Millie Ruby
Evie Freya Summer Tegan Brooke Caitlin Alice Eleanor Isabelle Jorja Kacey Kayla Keira Lacey Lexi
Liberty Macy Mollie Poppy Robyn Skye Sienna Codie Darcey Destiny Aimee Alisha Alicia Ashleigh Beth
Brogan Chanel Charley Cheyenne Elise Abigail Amelia Anna Hollie Jenna Jessie Kara Kiera Lydia Maisie
Naomi Niamh Phoebe Rhianna Rihanna Rosie Sasha Shauna Shelby Sophia Tayla Taylor Tiffany Tori Victoria
Yasmin Zara Kelly Stephanie Natalie Jennifer Kerry Hayley Kira Aleisha Harriet Imogen Kyra Leanna
Lara Louise Madison Mya Reanne Roxanne Sadie Serena Storm Tamara Tyler Danika Jamie-Leigh Lacie
Emma-Louise Amelia-Rose Kerry-Ann Shania Kelsie Jordanne Cassidy Kasey Rhiannon Chardonnay Chelsie
Demi-Leigh Kirsten Leigh-Anne Marnie Nikita Ocean Pixie Rebekah Sky Tanisha Terri Whitney Bethanie"""

BRIT_F_MID = """Louise Marie Jane Ann Elizabeth May Rose Jayne Michelle Leigh Anne Lee Victoria Louisa
Grace Jade Mae Jo Catherine Nicole Dawn Frances Mary Lynn Ellen Amy Kate Lily Emma Maria Sarah Joanne
Rae Jean Margaret Alice Hope Faith Leanne Dee"""

BRIT_M_OLD = """David Paul Mark Andrew Richard Michael Stephen Christopher Jason Darren Lee Craig Neil
Wayne Gary Ian Simon Robert James John Martin Anthony Carl Dean Stuart Scott Kevin Matthew Daniel Peter
Steven Shaun Jonathan Philip Graham Keith Alan Kenneth Colin Barry Brian Trevor Terry Tony Glen Glenn
Russell Adrian Nigel Gavin Marc Sean Jamie Justin Leon Nicholas Timothy Thomas William Joseph Edward
Ricky Danny Gareth Kristian Karl Damien Jeremy Roy Derek Raymond Geoffrey Malcolm Clive Dominic
Warren Mathew Phillip Dale Ashley Jon Alexander Benjamin Samuel Liam Nathan Adam Luke Ryan Francis
Gerard Terence Duncan Jeffrey Kirk Lewis Leslie Martyn Noel Stewart Vincent Barrie Anton"""

BRIT_M_NEW = """Jack Thomas Joshua Daniel Ryan Liam Jordan Callum Connor Kieran Jake Luke Lewis Bradley
Nathan Adam Sam Samuel Aaron Ashley Jamie Kyle Reece Dylan Tyler Harry Charlie George Alfie Oliver Joe
Ben Billy Brandon Declan Ellis Harvey Jay Jayden Kai Leon Louis Mason Mitchell Owen Rhys Shane Sean
Tom Troy Zak Zach Ethan Alex Alexander Andrew Anthony Archie Ashton Bailey Blake Cameron Carl Charles
Christopher Cody Corey Craig Curtis Dale Danny Darren Dean Dominic Elliot Elliott Ewan Finley Frankie
Freddie Gavin Jason Jacob Jaden Jamie-Lee Jimmy Jonathan Josh Kane Kayden Keegan Kenzie Kristian Lee
Leo Levi Logan Marcus Matthew Max Michael Morgan Nathaniel Niall Patrick Reiss Ricky Riley Robbie
Robert Ross Scott Shaun Stephen Steven Taylor Toby Travis Tristan Tyrone Wayne William Zac Joel Jesse
Kallum Keiran Rory Rowan Stuart Brad Brett Casey Clayton Connar Dion Dwayne Jed Jenson Kaine Kurtis
Lennon Mikey Myles Nico Presley Ronnie Ruben Tommy Tye Zane"""

BRIT_M_MID = """John James David Paul Lee Michael Anthony Robert Thomas William Jay Peter Mark Andrew
Joseph Edward Alan Stephen Richard George Daniel Ian Scott Charles Dean Leigh Alexander Ray Jack Kevin"""

BRIT_SUR = """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin
Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson
Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell
Shaw Murphy Miller Cox Richards Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell
Webb Rogers Gray Mason Hunt Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler
Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard
Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong
Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn
Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy
Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson
Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson
Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy
Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Reeves Lamb Kirk
Pickering Slater Barton Brennan Whitehouse Hargreaves Ashworth Fitzgerald Greenwood Sykes Horton
Hobson Crossley Heywood Birch Briggs Bolton Bowden Brookes Clayton Connolly Dale Dickinson Dobson Duffy
Farrell Fowler Frost Gallagher Gough Haynes Hanson Higgins Holt Howarth Jarvis Kemp Kerr Lambert Lord
Lynch Mann Metcalfe Moran Norris Norton O'Donnell Pollard Quinn Rowe Sanderson Sharpe Stephenson
Swift Tait Thornton Tucker Turnbull Vincent Wade Walters Waters Whittaker Wilde Willis Wyatt Bentley
Bamford Pritchard Eccles Priestley Cartwright Cairns Ainsworth Akers Allsop Armitage Barlow Baxter
Beattie Beckett Bibby Blackburn Blackwell Bond Bowers Boyle Bradshaw Brady Brook Buckley Bull Bullock
Burke Burrows Cartmell Chadwick Charlton Chester Clegg Coates Cochrane Connor Corbett Coward Crawford
Crowther Cunningham Dalton Daly Daniels Denton Dodd Donnelly Dougherty Dowling Duncan Dyer Eastwood
Emery Farmer Faulkner Fenton Finch Fleming Flynn Forster Foulkes Garner Garside Gilbert Glover
Goodwin Gould Greaves Haigh Hale Hammond Hancock Harwood Hawley Haworth Hemmings Hewitt Hicks Hilton
Hinchliffe Hirst Hodges Holden Hollis Hooper Horrocks Hough Howell Hull Humphries Ingram Irving Jeffries
Jennings Kay Kaye Kent Knowles Leach Lees Lindley Lister Little Lomas Lucas Mallinson Marriott Mather
Maxwell May Meadows Mellor Mercer Milner Moody Morley Moult Nash Naylor Nelson Noble Nuttall Oakes
Ogden Orme Parkin Parkinson Pattinson Peel Platt Pownall Preston Procter Rawlings Raynor Rhodes Rigby
Rimmer Roper Rowley Royle Sadler Scholes Seddon Shields Simmons Skinner Slack Stanley Steele Storey
Sumner Swann Talbot Thorpe Threlfall Timms Townsend Tyler Vaughan Wainwright Walmsley Walsh Warburton
Ward Wardle Warner Watt Weaver Weston Whitaker Whitehead Wilcox Wiles Winter Woodcock Woodward Worrall
Wright Yeoman Youngs"""

WELSH_F = """Rhian Ceri Sian Bethan Nia Carys Cerys Ffion Catrin Lowri Seren Angharad Eleri Elin Gwen
Rhiannon Manon Mared Alaw Heledd Llinos Delyth Glenys Nerys Tirion Lleucu Awen Siân Mali Cadi Efa Mererid"""
WELSH_M = """Rhys Dafydd Gareth Dylan Iwan Huw Emyr Owain Aled Gethin Osian Ioan Steffan Geraint
Gruffydd Ieuan Rhodri Aneurin Bryn Cai Carwyn Dewi Elis Emlyn Gwion Hywel Idris Llyr Meilyr Siôn Tomos Wyn"""
WELSH_SUR = """Jones Williams Davies Evans Thomas Roberts Lewis Hughes Morgan Griffiths Edwards Owen
Price Rees Jenkins Lloyd Morris James Phillips Parry Powell Pritchard Bowen Vaughan Howells Pugh Prosser
Watkins Harries Rowlands Hopkins Llewellyn Meredith Probert Gwynne Bevan Walters Richards John Harris
Matthews Humphreys Morgans Gittins Jarman Lewis-Jones Protheroe Llywelyn"""

IRISH_F = """Siobhan Niamh Aoife Ciara Sinead Roisin Orla Grainne Clodagh Aisling Deirdre Maeve Eimear
Caoimhe Mairead Bernadette Colette Fiona Mary Bridget Catherine Ann Siobhán Róisín Sinéad Áine Orlaith
Saoirse Nuala Shauna Emer Sorcha Una"""
IRISH_M = """Sean Padraig Ciaran Declan Eoin Cormac Conor Liam Niall Fergal Donal Dermot Eamon Kieran
Brendan Colm Cathal Ronan Oisin Shane Seán Pádraig Darragh Tadhg Cillian Ruairi Diarmuid Michael Patrick"""
IRISH_SUR = """Murphy Kelly O'Sullivan Walsh Smith O'Brien Byrne Ryan O'Connor O'Neill O'Reilly Doyle
McCarthy Gallagher O'Doherty Kennedy Lynch Murray Quinn Moore McLoughlin O'Carroll Connolly Daly
O'Connell Dunne Brennan Burke Collins Campbell Clarke Hughes O'Farrell Fitzgerald Maguire Nolan Flynn
O'Callaghan O'Donnell Duffy O'Mahony Boyle Healy O'Shea Sweeney Hayes Kavanagh Power McGrath Moran
Brady Casey Foley Fitzpatrick O'Leary McDonnell MacMahon Donnelly Regan Donovan Flanagan Mullan Barry
Kane Cunningham Griffin Kenny Sheehan Whelan Lyons"""

GTI_F = """Mary Bridget Margaret Kathleen Ellen Nora Josie Winnie Chrissie Sabrina Shauna Tina Caroline
Patsy Anne Teresa Mary-Ann Bernadette Helen Julie Angela Hannah Nell Kathy Roseanne Lisa Maggie Biddy
Sally Missie Shannon Kelly-Ann Eileen Nancy"""
GTI_M = """John Patrick Michael Thomas Martin James Jimmy Christopher Edward William Joe Paddy Francie
Willie Tom Johnny Mikey Dan Bernard Tony Simon Pa Jerry Hughie David Miley Martin-Joe Anthony"""
GTI_SUR = """Ward McDonagh Joyce Maughan Connors Doherty McGinley Casey Delaney Keenan Stokes Nevin
Purcell Sherlock Mongan O'Brien Cash Collins Gorman Furey Reilly McCann Rooney Quilligan Doran Kiely
Cawley McInerney O'Donoghue Sweeney"""
GTR_F = """Cinderella Britannia Vashti Delilah Tilly Violet Lavinia Caroline Rosie Priscilla Mary Kizzy
Leanne Charlotte Emma Marie Louisa Amelia Ruby Sophie Georgia Levina Tamara Selina Liberty Sinaminta
Dawn Shantel Montana Rose"""
GTR_M = """Levi Jasper Elijah Noah Abraham Isaac Henry Sylvester Dominic Joseph Aaron John William Tom
Jimmy Nelson Moses Albert Reuben Silas Thomas Benjamin Freddie Sam Lenny Billy Alfie Gilbert Lias"""
GTR_SUR = """Smith Lee Price Boswell Lovell Loveridge Buckley Eastwood Hearne Cooper Doe Gray Wood Brazil
Ayres Hilden Penfold Small Stanley Taylor Young Burton Biddle Herne Light Sines Welch Wells"""

PAK_F = """Nazia Shazia Samina Rubina Nasreen Parveen Shabana Yasmin Saima Sadia Ayesha Fatima Amina
Aisha Sana Zainab Mariam Iqra Hina Farzana Rukhsana Shamim Naseem Tahira Uzma Asma Bushra Sobia Kiran
Sidra Mehwish Anum Rabia Sumaira Nadia Saira Zara Humaira Khadija Maryam Safia Nabila Shaheen Tasleem
Robina Rizwana Naila Azra Noreen Kausar Nusrat Shaista Aqsa Alina Hafsa Hira Laiba Mahnoor Noor
Rimsha Shanaz Shahnaz Sumaya Tayyaba Zahra"""
PAK_M = """Mohammed Muhammad Imran Asif Tariq Zahid Naveed Adnan Kamran Shahid Khalid Amir Waqas Usman
Bilal Hamza Faisal Irfan Nadeem Sajid Sajjad Zeeshan Rizwan Arshad Javed Abid Aamir Yasir Shakeel
Mohsin Waheed Zubair Junaid Ali Umar Haris Ibrahim Yusuf Azhar Mushtaq Nasir Rashid Shafiq Tahir
Zaheer Ahmed Aftab Asad Danyal Ehsan Fahad Haroon Kashif Majid Mudassar Omer Qasim Rehan Saqib Shoaib
Talha Wasim Zain"""
PAK_SUR_F = """Begum Bibi Khan Hussain Akhtar Ali Ahmed Kausar Mahmood Iqbal Shah Parveen Bi Nawaz
Butt Aslam Malik Riaz Rehman Anwar Javed Mirza Qureshi Sadiq Saleem Shafiq Sharif Younis Zaman Ashraf
Arshad Bashir Chaudhry Din Hanif Ilyas Ishaq Karim Latif Majid Rafiq Sabir Siddique Tariq Yousaf Zafar
Mohammed Raja Rashid Nisa"""
PAK_SUR_M = """Khan Hussain Ali Ahmed Mahmood Iqbal Shah Mohammed Rashid Butt Aslam Hussein Malik Raja
Riaz Rehman Anwar Javed Mirza Qureshi Sadiq Saleem Shafiq Sharif Younis Zaman Ashraf Arshad Bashir
Chaudhry Din Hanif Ilyas Ishaq Karim Latif Majid Nawaz Rafiq Rasul Sabir Siddique Tariq Yousaf Zafar
Akram Akhtar Abbas Haider Hameed Javaid Mehmood Naqvi Rauf Sultan"""
SA_FEMALE_MID = "Begum Bibi Akhtar Kausar Khatun Bi Nisa Parveen Sultana"

BAN_F = """Fatema Nasima Rahima Shahana Rokeya Hasina Salma Shirin Jahanara Rupa Shamima Sultana Runa
Mumtaz Taslima Parvin Shilpi Rina Momtaz Laila Tania Sumaya Sabrina Farhana Nazma Rehana Halima Amina
Aklima Jesmin Lipi Moriom Rumana Sheuli Tahmina Khaleda Morjina Afroza Fahima Habiba Jannat Nadia
Nusrat Ruma Shahida Sharmin Sufia"""
BAN_M = """Mohammed Abdul Md Mizanur Abul Shahid Kamal Jamal Nazrul Shafiqul Mohibur Rafiqul Aminul
Anwar Habibur Jahangir Mahbub Monir Abdur Fozlul Ruhul Saiful Sohel Shamim Ashik Rahim Karim Juned
Rubel Raju Shipon Sumon Faruk Liton Alamgir Anisur Delwar Foysal Hasan Jubair Mamun Rashed Shohel Tipu"""
BAN_SUR_F = """Begum Khatun Bibi Akter Ahmed Rahman Ali Hussain Islam Uddin Miah Sultana Nessa Hoque
Khanom Choudhury Khan Akhtar Begom Chowdhury Haque Begum-Ali Hossain Alam"""
BAN_SUR_M = """Miah Uddin Ahmed Rahman Ali Hussain Islam Hoque Haque Choudhury Chowdhury Khan Alam
Hossain Ullah Karim Mia Ahmad Rahim Sheikh Talukder Mahmud Sarkar Kabir Bhuiyan"""

IND_F = """Harjit Jaswinder Kulwinder Manjit Parminder Rajinder Sukhvinder Gurpreet Amandeep Navdeep
Simran Priya Pooja Neha Anjali Sunita Rekha Meena Nisha Kiran Jasmine Jaspreet Rupinder Hardeep Sonia
Sapna Reena Hetal Bhavna Nita Shital Dipika Komal Manpreet Ramandeep Harpreet Sandeep Seema Asha Geeta"""
IND_M = """Harjinder Gurpreet Jaswinder Sukhdev Balwinder Kuldip Rajesh Sanjay Vijay Amit Ravi Sunil
Raj Manjit Jaspal Paramjit Harpreet Amrit Sandeep Vikram Arjun Rohit Deepak Nikhil Pritpal Inderjit
Kamaljit Dalvir Jagdeep Mandeep Rakesh Ashok Kuldeep Sukhwinder Hardeep Manpreet Gurdeep Ajay Dinesh"""
IND_SUR_F = """Kaur Patel Sharma Kumari Gill Sandhu Sidhu Dhillon Bains Mistry Parmar Chauhan Solanki
Joshi Shah Mehta Desai Devi Sohal Johal Bhatti Rai Grewal Thind Virdee Sahota Dhaliwal Mann"""
IND_SUR_M = """Singh Patel Sharma Kumar Gill Sandhu Sidhu Dhillon Bains Mistry Parmar Chauhan Solanki
Joshi Shah Mehta Desai Lal Ram Sohal Johal Bhatti Rai Grewal Thind Virdee Chohan Sahota Dhaliwal Mann"""

BAF_F = """Blessing Precious Grace Faith Mercy Joy Patience Comfort Gift Esther Funmilayo Oluwaseun
Adeola Abimbola Folasade Olufunke Titilayo Yetunde Bukola Temitope Oluwatoyin Adaeze Chiamaka Ngozi
Chioma Nkechi Ifeoma Amaka Uchenna Adwoa Akosua Abena Ama Efua Afua Yaa Nana Rutendo Tendai Chipo
Tatenda Nyasha Fatou Mariama Aminata Isatou Christelle Merveille Divine Esperance Senait Ruth Miriam
Selam Tsega Winta Deborah Rebecca Princess Favour Peace Charity Hope Loveth Victoria Elizabeth Mary"""
BAF_M = """Oluwaseun Oluwafemi Adebayo Olumide Babatunde Tunde Ayodele Adewale Olusegun Emeka
Chukwuemeka Chinedu Ikenna Obinna Uchenna Kelechi Chidi Nnamdi Kwame Kofi Kwabena Kwesi Yaw Kojo
Emmanuel Samuel Daniel Michael Prince Godfrey Tafadzwa Tinashe Tendai Blessing Takudzwa Moses Joseph
Gift Patrick Jean Christian Junior Dieudonne Tesfay Yonas Dawit Mussie Ousman Lamin Ebrima Alhaji
Kingsley Solomon Isaac Victor Godwin Stephen Peter Precious Innocent Richard"""
BAF_SUR = """Adeyemi Okafor Okonkwo Mensah Boateng Oladipo Adebayo Ogunleye Asante Owusu Osei
Olaniyan Eze Nwosu Obi Okeke Nwachukwu Oyelaran Akinola Afolabi Balogun Bello Ibrahim Adeleke Ogundipe
Okoro Onyekachi Agyeman Appiah Ansah Amoah Darko Adjei Bonsu Acheampong Frimpong Antwi Opoku Ofori
Quaye Addo Tetteh Uche Agbaje Ajayi Adewale Akande Oyewole Olatunji Bakare Ogbonna Chukwu Idowu Ojo
Oni Ogunbiyi Salami Moyo Ncube Sibanda Dube Ndlovu Mpofu Mutasa Chigumba Nyathi Mbala Kabongo
Tshibanda Ilunga Mukendi Kalala Lukusa Ngoy Tesfay Gebremedhin Haile Tekle Berhane Kidane Mehari
Yohannes Jallow Bah Sesay Kamara Conteh Koroma Jalloh Ceesay Touray Sowe Barrie Bangura Mwangi Otieno
Ochieng Kariuki Banda Phiri Mensah-Bonsu"""

SOM_F = """Fadumo Hodan Sahra Ayan Hibo Amran Ifrah Nimco Ubah Filsan Deeqa Shukri Faduma Halima
Khadra Asha Sagal Fartun Hawa Idil Istahil Kowsar Layla Maryan Muna Naima Ruqiya Safiya Sucaad Zamzam
Hamdi Hani Anisa Ikran Ladan"""
SOM_M = """Mohamed Abdi Abdirahman Abdullahi Ahmed Hassan Hussein Ibrahim Ismail Omar Yusuf Liban
Mahad Farah Ali Abdikarim Abdirizak Aden Bashir Dahir Guled Jama Khalid Mustafe Nur Osman Said
Sharmarke Warsame Yonis Abdiaziz Abdiqani"""
SOM_SUR = """Mohamed Ahmed Ali Hassan Abdi Hussein Omar Ibrahim Yusuf Farah Warsame Jama Osman Nur
Abdullahi Aden Egal Mohamud Hirsi Dahir Elmi Ismail Gedi Duale Abdillahi Musa Adan Isse Haji Noor"""

BCA_F = """Shanice Shantelle Tanisha Keisha Latoya Monique Chantal Jada Aaliyah Tiana Kadijah Marcia
Beverley Sonia Janet Claudette Yvonne Paulette Sharmaine Charmaine Andrea Nadine Natasha Kimberley
Simone Kerry-Ann Shereen Tamika Ebony Jasmine Jade Kayla Leona Shakira Amani Ashanti Rochelle Danielle
Nia Zaria Kiara Serena Toni-Ann Shanique Tianna Kemisha Renee Renée Shenice Sherelle Tamara Shaniqua"""
BCA_M = """Jermaine Marlon Delroy Leroy Winston Errol Clive Devon Tyrone Dwayne Darnell Kareem Andre
Ricardo Jerome Nathaniel Marcus Kyle Tyrese Kemar Kevon Rohan Shane Shaquille Trevor Everton Lloyd
Garfield Wesley Dion Courtney Curtis Jamal Omari Jahmal Kadeem Romario Rashid Dexter Fitzroy Neville
Carlton Desmond Lenworth Anthony Michael Daniel Jordan Isaiah Malachi Jaden Kai Reuben"""
BCA_SUR = """Brown Campbell Williams Smith Johnson Thomas Clarke Francis James Grant Thompson Reid
Robinson Lewis Edwards Wright Walker Bailey Simpson Henry Morgan Richards Samuels Stewart Gordon
Powell Gayle Bennett Barrett Forbes Spence Daley McKenzie Hinds Blake Allen Graham Harris Ellis Facey
Bryan Nelson Dixon Douglas Wynter Whyte Morrison Chambers Ferguson Bartley Brissett Crooks Thorpe
Hylton Lindo Myrie Palmer Sinclair Murray Peart McFarlane Anglin Christie Beckford Rowe Hamilton
Laing Gooden Dacres Heslop"""

EE_F = """Anna Katarzyna Agnieszka Małgorzata Joanna Magdalena Monika Ewa Aleksandra Karolina Natalia
Justyna Paulina Marta Dorota Beata Agata Sylwia Patrycja Kinga Weronika Dominika Izabela Renata Ilona
Klaudia Andreea Elena Ioana Maria Alexandra Mihaela Florentina Georgiana Alina Cristina Denisa Roxana
Larisa Ramona Bianca Gabriela Nicoleta Jurgita Rasa Inga Laura Ieva Gintarė Jolanta Kristina Irina
Olga Svetlana Tatjana Ilze Liga Daiga Oksana Yulia Viktoria"""
EE_M = """Piotr Tomasz Krzysztof Paweł Marcin Michał Łukasz Marek Grzegorz Adam Rafał Jakub Mateusz
Kamil Dariusz Wojciech Sebastian Artur Damian Andrzej Przemysław Bartosz Ion Ionuț Andrei Alexandru
Florin Constantin Mihai Gheorghe Marian Adrian Cristian Daniel Ștefan Vasile Nicolae Cosmin Bogdan
Costel Tomas Mantas Darius Andrius Vytautas Aurimas Marius Giedrius Rolandas Dmitrij Janis Edgars
Oleksandr Sergei Vitali"""
EE_SUR = """Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak
Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Kaczmarek Piotrowski Grabowski Zając
Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Nowakowski Majewski Olszewski Stępień Malinowski
Jaworski Adamczyk Dudek Nowicki Pawlak Górski Witkowski Walczak Sikora Popescu Ionescu Popa Pop Radu
Dumitru Stan Stoica Gheorghe Matei Ciobanu Constantin Rusu Munteanu Lazăr Mihai Florea Dinu Marin
Tudor Ene Ion Ilie Nistor Sandu Moldovan Toma Barbu Cristea Vasile Kazlauskas Jankauskas Petrauskas
Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas Urbonas Kavaliauskas Bērziņš Kalniņš Ozoliņš
Kovalenko Shevchenko Bondarenko Ivanov Petrov"""

ROMA_F = """Jana Lucia Simona Monika Nikola Veronika Martina Denisa Erika Renata Žaneta Vanesa Silvia
Marcela Klaudia Natália Kristína Miroslava Sabína Dominika Andrea Eva Alena Margita Helena"""
ROMA_M = """Peter Ján Martin Milan Roman Marek Jozef Dušan Ladislav Róbert Dávid Patrik Erik Tomáš
Michal Stanislav František Jaroslav Radek Vojtech Lukáš Július Emil Kamil Rastislav"""
ROMA_SUR = """Horváth Balog Lakatoš Kováč Gábor Dudáš Oláh Gaži Rigo Mirga Ferko Kotlár Sivák Bandy
Čonka Pompa Tancoš Žiga Bady Giňa Kandráč Pokuta Mižigár Husár"""

ARB_F = """Fatima Zahra Maryam Noor Layla Huda Rana Reem Hana Amal Dilan Rojin Shirin Nasrin Parisa
Roya Zainab Sara Yasmin Lina Nour Shilan Avin Hevi Zeinab Marwa Asma Samira Leila Nadia Soraya Farida"""
ARB_M = """Ahmad Mohammad Ali Hassan Hussein Omar Karwan Rebwar Hawre Sherwan Dilshad Aram Rahim Reza
Hamid Said Khalil Mustafa Youssef Abdullah Jamal Sami Nawzad Bakhtiar Hiwa Shwan Kawa Zana Amir
Hamza Walid Tariq Samir Yaser Rahmatullah Sayed Zabihullah Ahmadullah"""
ARB_SUR = """Ahmadi Mohammadi Rahimi Hosseini Karimi Hassan Ali Mahmoud Abdullah Salih Aziz Rasul
Omar Hamad Khalil Mustafa Saleh Ibrahim Amin Qadir Osman Hamid Rashid Hakimi Noori Sultani Hama Faraj
Hussein Mohammed Ahmed Abdi Haidari Safi Stanekzai Popal Jaber Yousef Nasser Haddad"""

CHN_F = """Mei Li Xiao Hui Ying Lan Huong Ngoc Thu Linh Hoa Mai Jenny Amy Helen Lin Yan Fang Jing
Xin Trang Hanh Nga Phuong Thanh Lily Grace Kim Tuyet"""
CHN_M = """Wei Jun Ming Hao Jian Lei Tao Yong Hung Minh Tuan Dung Long Nam Quang Duc Hieu Kevin David
Michael Tony Jason Son Trung Vinh"""
CHN_SUR = """Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Wang Li Zhang Chen Liu Yang Huang Zhao Wu
Zhou Chan Wong Cheung Lam Ng Leung Lee Lin Ho Chow"""

# nickname / short forms (formal -> forms).  Written by hand.
NICKS = """Elizabeth:Liz,Lizzie,Beth,Betty,Eliza,Libby|Jennifer:Jen,Jenny|Rebecca:Becky,Becca,Bex
|Rebekah:Becky,Becca|Samantha:Sam,Sammy|Victoria:Vicky,Vikki,Tori|Katherine:Kate,Katie,Kath,Kathy
|Catherine:Cath,Kate,Cathy,Katie|Kathryn:Kate,Kathy,Katie|Jessica:Jess,Jessie|Stephanie:Steph,Stef
|Charlotte:Charlie,Lottie|Alexandra:Alex,Lexi,Ali|Amanda:Mandy|Kimberley:Kim,Kimmy|Nicola:Nicky,Nikki
|Nichola:Nicky,Nikki|Deborah:Debbie,Debs,Deb|Susan:Sue,Suzy|Suzanne:Suzy,Sue|Margaret:Maggie,Peggy,Mags
|Patricia:Trish,Patsy,Pat,Tricia|Christine:Chris,Chrissy,Tina|Danielle:Dani|Gemma:Gem|Jacqueline:Jackie,Jacqui
|Joanne:Jo,Jojo|Joanna:Jo|Louise:Lou|Natasha:Tash,Tasha|Michelle:Shell,Shelly|Abigail:Abbie,Abi,Abby
|Olivia:Liv,Livvy|Sophie:Soph|Georgina:Georgie,Gina|Kayleigh:Kay|Melissa:Mel,Missy|Melanie:Mel
|Roxanne:Roxy|Bethany:Beth|Alison:Ali|Caroline:Caz,Carol|Karen:Kaz|Sharon:Shaz|Sarah:Sal,Sadie
|Tracey:Trace|Teresa:Tess,Terri|Theresa:Tess,Terri|Bernadette:Bernie|Josephine:Jo,Josie|Kathleen:Kath,Kathy,Katie
|Bridget:Biddy,Bridie|Mary:Molly,Mae|Ellen:Nell,Ellie|Eleanor:Ellie,Nell|Isabelle:Izzy,Bella|Amelia:Millie,Amy
|Madison:Maddie|Veronica:Ronnie|Gillian:Gill,Jill|Pamela:Pam|Kerry-Ann:Kerry|Sarah-Jane:Sarah
|Lisa-Marie:Lisa|Emma-Louise:Emma|Jamie-Leigh:Jamie|Demi-Leigh:Demi|Leigh-Anne:Leigh|Toni-Ann:Toni
|Chantelle:Chan|Courtney:Court|Hannah:Han|Lauren:Loz|Laura:Loz|Lorraine:Loz|Gabriela:Gabi
|William:Will,Bill,Billy,Liam|Robert:Rob,Bob,Bobby,Robbie|Richard:Rich,Richie,Ricky|James:Jim,Jimmy,Jamie
|Michael:Mike,Mick,Micky,Mikey|Christopher:Chris,Kit|Daniel:Dan,Danny|Anthony:Tony,Ant
|Thomas:Tom,Tommy|Joseph:Joe,Joey|Matthew:Matt|Mathew:Matt|Andrew:Andy,Drew|Jonathan:Jon,Jonny
|Nicholas:Nick,Nicky|Stephen:Steve,Stevie|Steven:Steve,Stevie|David:Dave,Davey|Edward:Ed,Eddie,Ted
|Alexander:Alex,Sandy|Benjamin:Ben,Benji|Samuel:Sam,Sammy|Jacob:Jake|Joshua:Josh|Kenneth:Ken,Kenny
|Terence:Terry|Patrick:Pat,Paddy|Francis:Frank,Frankie|Gerard:Gerry|Timothy:Tim|Philip:Phil|Phillip:Phil
|Peter:Pete|Raymond:Ray|Charles:Charlie,Chas|Nathaniel:Nate,Nat|Nathan:Nate|Callum:Cal|Lewis:Lew
|Bradley:Brad|Kristian:Kris|Dominic:Dom|Gareth:Gaz|Gary:Gaz|Darren:Daz|Barry:Baz|Cameron:Cam
|Dafydd:Dai,Dave|Mohammed:Mo|Muhammad:Mo|Ibrahim:Ibby|Abdullahi:Abdi|Abdirahman:Abdi
|Oluwaseun:Seun|Oluwafemi:Femi|Adebayo:Bayo|Babatunde:Tunde|Olusegun:Segun|Chukwuemeka:Emeka
|Oluwatoyin:Toyin|Olufunke:Funke|Funmilayo:Funmi|Abimbola:Bimbo|Temitope:Tope,Temi|Folasade:Sade
|Titilayo:Titi|Adaeze:Ada|Chiamaka:Amaka|Katarzyna:Kasia,Kate|Małgorzata:Gosia,Margaret
|Aleksandra:Ola,Alex|Tomasz:Tomek,Tom|Krzysztof:Krzysiek,Chris|Paweł:Paul|Agnieszka:Aga
|Magdalena:Magda|Grzegorz:Greg|Michał:Michael|Piotr:Peter|Łukasz:Luke|Wojciech:Wojtek
|Alexandru:Alex|Gheorghe:George|Andreea:Andra|Harjinder:Harj|Sukhvinder:Sukhi|Rajinder:Raj
|Parminder:Pam|Jaswinder:Jas|Gurpreet:Gurp|Ján:John|Jozef:Joe|Róbert:Robert|Tomáš:Tom
|Oleksandr:Sasha,Alex|Svetlana:Sveta|Tatjana:Tanya|Yulia:Julia|Fadumo:Fadi|Abdikarim:Abdi
|Tafadzwa:Taffy|Takudzwa:Taku|Tinashe:Tina|Rutendo:Ru|Nyasha:Nya"""

# spelling / transliteration variant groups (any member -> another member)
VARIANT_GROUPS = """Mohammed Muhammad Mohammad Mohamed Muhammed Mohamad Mohd Md|Ahmed Ahmad Ahmet
|Hussain Hussein Husain Hossain|Begum Begam Begom|Akhtar Akhter Akter|Khatun Khatoon|Siobhan Shivaun Shevaun Chevonne
|Niamh Neve Neeve|Sean Shaun Shawn|Catherine Katherine Kathryn Cathryn|Stephen Steven|Jon John
|Leanne Lianne Leeanne|Kayleigh Kayley Kaylee Cayleigh Kaleigh|Chantelle Shantelle Chantel
|Zoe Zoey|Sara Sarah|Hannah Hanna|Rebecca Rebekah|Louise Louisa|Natalie Nathalie|Ann Anne
|Claire Clare|Jayne Jane|Geoffrey Jeffrey|Phillip Philip|Mathew Matthew|Nicola Nichola|Tracey Tracy
|Stacey Stacy Staci|Lindsey Lindsay Lyndsey Lynsey|Fatima Fatimah Fatma Fatema|Aisha Ayesha Aysha
|Yusuf Yousef Yousaf Yusif|Abdul Abdel|Osman Usman|Nasreen Nasrin|Shahnaz Shanaz|Rahman Rehman
|Chaudhry Chaudhary Choudhury Chowdhury|Qureshi Kureshi|McDonagh McDonough MacDonagh|Connors Conners
|Doherty Docherty|Thompson Thomson|Phillips Philips|Matthews Mathews|Reid Reed Read|Smyth Smith
|Gray Grey|Davies Davis|Mahmood Mahmud Mehmood|Abdi Abdee|Mohamud Mahmoud|Farah Farrah
|Aileen Eileen|Caitlin Kaitlyn Katelyn|Jodie Jodi Jody|Kelly Kelley|Kerry Kerrie|Abbie Abbey Abby Abi
|Hayley Haley Hailey|Ashleigh Ashley|Leigh Lee|Carly Carley Carlie|Chelsea Chelsey Chelsie
|Aimee Amy|Sophie Sofia Sophia|Megan Meghan|Kirsty Kirstie Kirsten|Tanya Tania|Dean Deane
|Jamie Jaime|Craig Kraig|Dwayne Duane|Shane Shayne|Zak Zac Zach|Ricky Rikki|Lewis Louis
|Nasima Nasema|Parveen Parvin Perveen|Rubina Robina|Shazia Shazea|Rukhsana Ruksana|Imran Imraan
|Tariq Tarik|Faisal Faysal|Iqbal Ikbal|Javed Javaid Jawed|Saima Sayma|Sadia Saadia|Ali Aly
|Mariam Maryam Miriam Maryan|Zainab Zaynab Zeinab|Khadija Khadijah Khadra|Hamza Hamzah|Umar Omar Omer
|Ibrahim Ebrahim|Yasmin Yasmine Jasmine|Layla Leila Laila|Nur Noor Nour|Hassan Hasan|Said Saeed Sayed
|Nguyen Nguyễn|Oluwaseun Oluwaseyi|Kwame Kwami|Kofi Koffi|Boateng Boatang|Mensah Mensa|Osei Osey
|Siân Sian Shan|Dafydd Dafyd David|Rhys Rees Reece|Owain Owen|Ieuan Iwan Ioan|Gwen Gwyn|Rhiannon Rianon
|Róisín Roisin Rosheen|Seán Sean|Sinéad Sinead Shinead|Aoife Eefa|Gráinne Grainne Grania|Orla Orlagh
|Bridget Brigid Bridgette|Kathleen Cathleen|McGinley MacGinley|Maughan Maughn|Mongan Mungan
|Ward Warde|Joyce Joice|Boswell Bozwell|Lovell Lovel|Ionuț Ionut|Ștefan Stefan Stephan|Andrei Andrey
|Alexandru Alexander|Kristina Christina Cristina|Dmitrij Dmitri Dmitry|Olga Olha|Sergei Sergey Serhiy
|Yulia Julia Iuliia|Shevchenko Shevchenco|Kovalenko Kowalenko|Horváth Horvath Horvat|Balog Balogh
|Lakatoš Lakatos|Kováč Kovac Kovacs|Gábor Gabor|Oláh Olah|Čonka Conka Czonka|Ján Jan|Jozef Josef Joseph
|Renée Renee|Jade Jayde|Leon Leone|Kayden Kaden Caden|Jayden Jaden Jaiden|Connor Conor Conner
|Kieran Kieron Ciaran Keiran|Callum Calum Kallum|Stuart Stewart|Alan Allan Allen|Brian Bryan
|Neil Neal|Mark Marc|Carl Karl|Jeffrey Jeffery|Shaun Sean|Marcus Markus|Tyrone Tyron|Jermaine Germaine
|Terri Terry|Debbie Debby|Vicky Vicki Vikki|Nikki Nicky Nicki|Jackie Jacky|Michelle Michele|Joanne Joann Jo-Anne"""

# =====================================================================
# PLACES (real local-authority names are places; courts made up as
# 'Family Court at <town>')
# region, LA name, court towns (first = usual), postcode areas, weight
# =====================================================================
LA_TABLE = """NE|Newcastle upon Tyne|Newcastle|NE|3
NE|Gateshead|Newcastle|NE|2
NE|North Tyneside|Newcastle|NE|2
NE|South Tyneside|Sunderland|NE|1.5
NE|Sunderland|Sunderland|SR|3
NE|Northumberland|Newcastle|NE TD|2.5
NE|County Durham|Durham,Darlington|DH DL|5
NE|Darlington|Darlington|DL|1.2
NE|Hartlepool|Middlesbrough|TS|1.2
NE|Middlesbrough|Middlesbrough|TS|2.2
NE|Redcar and Cleveland|Middlesbrough|TS|1.5
NE|Stockton-on-Tees|Middlesbrough|TS|2
NW|Manchester|Manchester|M|8
NW|Salford|Manchester|M|3
NW|Trafford|Manchester|M|1.5
NW|Stockport|Stockport|SK|2
NW|Tameside|Manchester,Stockport|OL SK|3
NW|Oldham|Oldham,Manchester|OL|3
NW|Rochdale|Manchester|OL|2.5
NW|Bury|Bolton|BL|1.5
NW|Bolton|Bolton|BL|3
NW|Wigan|Wigan|WN|3
NW|Liverpool|Liverpool|L|7
NW|Knowsley|Liverpool|L|2
NW|Sefton|Liverpool|L PR|2.5
NW|St Helens|Liverpool|WA|2
NW|Wirral|Birkenhead|CH|3.5
NW|Halton|Warrington|WA|1.5
NW|Warrington|Warrington|WA|1.5
NW|Cheshire East|Crewe|CW SK|2.5
NW|Cheshire West and Chester|Chester|CH CW|2.5
NW|Lancashire|Preston,Blackburn,Lancaster|PR BB LA FY|10
NW|Blackburn with Darwen|Blackburn|BB|2
NW|Blackpool|Blackpool|FY|3
NW|Cumbria|Carlisle,Barrow-in-Furness|CA LA|3.5
YH|Leeds|Leeds|LS|7
YH|Bradford|Bradford|BD|6
YH|Kirklees|Huddersfield|HD WF|4
YH|Calderdale|Halifax|HX|2
YH|Wakefield|Wakefield|WF|3.5
YH|Sheffield|Sheffield|S|5
YH|Rotherham|Sheffield|S|3
YH|Barnsley|Barnsley|S|2
YH|Doncaster|Doncaster|DN|3.5
YH|Kingston upon Hull|Hull|HU|3.5
YH|East Riding of Yorkshire|Hull|HU YO|2
YH|York|York|YO|1.2
YH|North Yorkshire|York,Harrogate|YO HG DL|3.5
YH|North Lincolnshire|Grimsby|DN|1.5
YH|North East Lincolnshire|Grimsby|DN|2
EM|Derby|Derby|DE|2.5
EM|Derbyshire|Derby,Chesterfield|DE S|4.5
EM|Nottingham|Nottingham|NG|4
EM|Nottinghamshire|Nottingham,Mansfield|NG|5
EM|Leicester|Leicester|LE|3
EM|Leicestershire|Leicester|LE|3
EM|Lincolnshire|Lincoln,Boston|LN PE|4.5
EM|Northamptonshire|Northampton|NN|5
EM|Rutland|Leicester|LE|0.2
WM|Birmingham|Birmingham|B|10
WM|Sandwell|Birmingham|B|3.5
WM|Dudley|Dudley,Wolverhampton|DY|2.5
WM|Walsall|Wolverhampton|WS|3
WM|Wolverhampton|Wolverhampton|WV|3
WM|Solihull|Birmingham|B|1.5
WM|Coventry|Coventry|CV|3.5
WM|Warwickshire|Coventry|CV B|3
WM|Staffordshire|Stoke-on-Trent|ST WS|5
WM|Stoke-on-Trent|Stoke-on-Trent|ST|3.5
WM|Shropshire|Telford|SY|2
WM|Telford and Wrekin|Telford|TF|2
WM|Worcestershire|Worcester|WR B|3.5
WM|Herefordshire|Hereford|HR|1.2
EA|Norfolk|Norwich|NR|5.5
EA|Suffolk|Ipswich|IP|4
EA|Cambridgeshire|Peterborough,Cambridge|CB PE|3
EA|Peterborough|Peterborough|PE|2
EA|Essex|Chelmsford,Colchester|CM CO SS|8
EA|Southend-on-Sea|Southend|SS|1.8
EA|Thurrock|Chelmsford|RM|1.5
EA|Hertfordshire|Watford|AL SG WD|5
EA|Bedford|Luton|MK|1.3
EA|Central Bedfordshire|Luton|LU MK|1.8
EA|Luton|Luton|LU|2.5
LO|Tower Hamlets|East London|E|2.5
LO|Newham|East London|E|3
LO|Hackney|East London|E N|2.5
LO|Barking and Dagenham|East London|RM IG|2.5
LO|Redbridge|East London|IG|1.5
LO|Waltham Forest|East London|E|2
LO|Havering|East London|RM|1.5
LO|Islington|Central Family|N|2
LO|Camden|Central Family|NW|1.5
LO|Westminster|Central Family|W SW|1
LO|Haringey|Central Family|N|2.5
LO|Enfield|Barnet|EN N|2.5
LO|Barnet|Barnet|N NW EN|2
LO|Brent|West London|NW HA|2
LO|Ealing|West London|W UB|2
LO|Hounslow|West London|TW|2
LO|Hillingdon|West London|UB|2
LO|Harrow|West London|HA|1
LO|Hammersmith and Fulham|West London|W SW|1
LO|Kensington and Chelsea|West London|W SW|0.6
LO|Lambeth|Central Family|SE SW|2.5
LO|Southwark|Central Family|SE|2.5
LO|Lewisham|Bromley|SE|2.5
LO|Greenwich|Bromley|SE|2.5
LO|Bexley|Bromley|DA|1.2
LO|Bromley|Bromley|BR|1.5
LO|Croydon|Croydon|CR|3
LO|Wandsworth|Central Family|SW|1.5
LO|Merton|Croydon|SW CR|1
LO|Sutton|Croydon|SM|1
LO|Kingston upon Thames|Kingston|KT|0.7
LO|Richmond upon Thames|West London|TW|0.6
SE|Kent|Canterbury,Maidstone,Dartford|ME CT TN DA|9
SE|Medway|Medway|ME|2.5
SE|Surrey|Guildford,Staines|GU KT RH|5
SE|West Sussex|Worthing,Horsham|RH BN PO|4.5
SE|Brighton and Hove|Brighton|BN|2.5
SE|East Sussex|Brighton,Hastings|BN TN|3.5
SE|Hampshire|Portsmouth,Southampton,Basingstoke|SO PO GU RG|7
SE|Southampton|Southampton|SO|2.5
SE|Portsmouth|Portsmouth|PO|2.5
SE|Isle of Wight|Newport (Isle of Wight)|PO|1.2
SE|Oxfordshire|Oxford|OX|3.5
SE|Reading|Reading|RG|1.5
SE|Slough|Slough|SL|1.5
SE|Buckinghamshire|High Wycombe,Milton Keynes|HP MK SL|3
SE|Milton Keynes|Milton Keynes|MK|2
SE|West Berkshire|Reading|RG|0.8
SE|Wokingham|Reading|RG|0.5
SE|Bracknell Forest|Reading|RG|0.6
SE|Windsor and Maidenhead|Slough|SL|0.5
SW|Bristol|Bristol|BS|4.5
SW|South Gloucestershire|Bristol|BS|1.5
SW|North Somerset|Bristol|BS|1.5
SW|Bath and North East Somerset|Bath|BA|1
SW|Somerset|Taunton|TA BA|3.5
SW|Devon|Exeter,Barnstaple|EX TQ PL|4.5
SW|Plymouth|Plymouth|PL|3
SW|Torbay|Torquay|TQ|1.8
SW|Cornwall|Truro|TR PL|4
SW|Dorset|Bournemouth,Weymouth|DT BH|2.5
SW|Bournemouth Christchurch and Poole|Bournemouth|BH|2.5
SW|Wiltshire|Swindon,Salisbury|SN SP BA|3
SW|Swindon|Swindon|SN|2
SW|Gloucestershire|Gloucester,Cheltenham|GL|3.5
WA|Cardiff|Cardiff|CF|3.5
WA|Swansea|Swansea|SA|2.5
WA|Newport|Newport|NP|2
WA|Rhondda Cynon Taf|Pontypridd|CF|2.5
WA|Caerphilly|Newport,Pontypridd|NP CF|1.8
WA|Bridgend|Swansea|CF|1.2
WA|Neath Port Talbot|Swansea|SA|1.5
WA|Carmarthenshire|Carmarthen|SA|1.5
WA|Pembrokeshire|Haverfordwest|SA|1
WA|Wrexham|Wrexham|LL|1.5
WA|Flintshire|Mold|CH|1.3
WA|Denbighshire|Prestatyn|LL|1
WA|Conwy|Llandudno|LL|1
WA|Gwynedd|Caernarfon|LL|0.8
WA|Isle of Anglesey|Caernarfon|LL|0.6
WA|Powys|Welshpool|SY LD|0.8
WA|Merthyr Tydfil|Merthyr Tydfil|CF|0.8
WA|Blaenau Gwent|Newport|NP|0.8
WA|Torfaen|Newport|NP|0.8
WA|Vale of Glamorgan|Cardiff|CF|1
WA|Monmouthshire|Newport|NP|0.4
WA|Ceredigion|Aberystwyth|SY SA|0.4"""

PC_MAXD = {
    "B": 98,
    "M": 46,
    "L": 38,
    "S": 45,
    "E": 18,
    "N": 22,
    "NW": 11,
    "SE": 28,
    "SW": 20,
    "W": 14,
    "LS": 29,
    "BD": 24,
    "NE": 66,
    "CF": 48,
    "SA": 73,
    "LL": 78,
    "NG": 34,
    "BS": 49,
    "G": 40,
    "TS": 29,
    "DN": 41,
    "PE": 38,
    "CH": 66,
    "WA": 16,
    "OL": 16,
    "SK": 23,
    "BB": 18,
    "PR": 26,
    "FY": 8,
    "LA": 23,
    "CA": 28,
    "CR": 9,
    "SM": 7,
    "BR": 8,
    "DA": 18,
    "HA": 9,
    "UB": 11,
    "TW": 20,
    "EN": 11,
    "IG": 11,
    "RM": 20,
    "KT": 24,
    "SL": 9,
    "LU": 7,
}

# community codes, base shares among care-proceedings parents, ethnicity labels (true-label weights)
COMMUNITIES = {
    "WB": (
        0.695,
        [
            ("White British", 80),
            ("White - British", 8),
            ("White English", 4),
            ("White: English, Welsh, Scottish, Northern Irish or British", 5),
            ("British", 1),
            ("White", 2),
        ],
    ),
    "WI": (0.010, [("White Irish", 85), ("Irish", 10), ("White - Irish", 5)]),
    "GTI": (
        0.013,
        [
            ("Gypsy or Irish Traveller", 45),
            ("Traveller of Irish Heritage", 25),
            ("White - Irish Traveller", 15),
            ("White Irish", 8),
            ("White British", 7),
        ],
    ),
    "GTR": (
        0.011,
        [
            ("Gypsy or Irish Traveller", 45),
            ("Gypsy/Roma", 25),
            ("White - Gypsy or Irish Traveller", 15),
            ("White British", 15),
        ],
    ),
    "ROMA": (0.007, [("Roma", 45), ("White - Roma", 20), ("Gypsy/Roma", 15), ("White Other", 20)]),
    "EE": (
        0.040,
        [
            ("White Other", 45),
            ("White - Any other White background", 25),
            ("White European", 10),
            ("Polish", 8),
            ("Eastern European", 7),
            ("Romanian", 5),
        ],
    ),
    "MIX": (
        0.060,
        [
            ("Mixed White and Black Caribbean", 45),
            ("Mixed White and Black African", 15),
            ("Mixed White and Asian", 12),
            ("Any other Mixed background", 18),
            ("Mixed", 10),
        ],
    ),
    "PAK": (
        0.030,
        [
            ("Asian or Asian British - Pakistani", 45),
            ("Pakistani", 30),
            ("Asian Pakistani", 15),
            ("British Pakistani", 5),
            ("Asian", 5),
        ],
    ),
    "BAN": (
        0.012,
        [
            ("Asian or Asian British - Bangladeshi", 45),
            ("Bangladeshi", 35),
            ("Asian Bangladeshi", 15),
            ("Asian", 5),
        ],
    ),
    "IND": (
        0.008,
        [
            ("Asian or Asian British - Indian", 45),
            ("Indian", 35),
            ("Asian Indian", 15),
            ("Asian", 5),
        ],
    ),
    "BAF": (
        0.034,
        [
            ("Black African", 50),
            ("Black or Black British - African", 30),
            ("African", 10),
            ("Black", 5),
            ("Any other Black background", 5),
        ],
    ),
    "SOM": (
        0.008,
        [
            ("Black African", 45),
            ("Somali", 25),
            ("Black - Somali", 15),
            ("Any other Black background", 15),
        ],
    ),
    "BCA": (
        0.025,
        [
            ("Black Caribbean", 50),
            ("Black or Black British - Caribbean", 30),
            ("Caribbean", 8),
            ("Black British", 7),
            ("Black", 5),
        ],
    ),
    "ARB": (
        0.012,
        [
            ("Any other ethnic group", 30),
            ("Arab", 25),
            ("Kurdish", 20),
            ("Any other Asian background", 15),
            ("Other", 10),
        ],
    ),
    "CHN": (
        0.005,
        [("Chinese", 40), ("Vietnamese", 25), ("Any other Asian background", 25), ("Other", 10)],
    ),
}
# local over-representation multipliers
HOTSPOTS = {
    "PAK": {
        "Bradford": 9,
        "Birmingham": 5,
        "Kirklees": 5,
        "Oldham": 5,
        "Rochdale": 4,
        "Blackburn with Darwen": 7,
        "Luton": 5,
        "Slough": 6,
        "Manchester": 3,
        "Sheffield": 2,
        "Calderdale": 3,
        "Walsall": 3,
        "Sandwell": 3,
        "Waltham Forest": 3,
        "Redbridge": 4,
        "Lancashire": 1.5,
        "Leeds": 1.5,
        "Nottingham": 1.5,
        "Stoke-on-Trent": 2,
        "Peterborough": 2,
        "Bury": 2,
        "Derby": 2,
    },
    "BAN": {
        "Tower Hamlets": 18,
        "Newham": 6,
        "Oldham": 4,
        "Birmingham": 2,
        "Luton": 3,
        "Camden": 3,
        "Hackney": 2,
        "Redbridge": 3,
        "Barking and Dagenham": 2,
        "Bradford": 1.5,
        "Sandwell": 1.5,
        "Cardiff": 1.5,
    },
    "IND": {
        "Leicester": 7,
        "Harrow": 5,
        "Brent": 4,
        "Ealing": 4,
        "Hounslow": 5,
        "Wolverhampton": 4,
        "Sandwell": 4,
        "Coventry": 3,
        "Birmingham": 2,
        "Slough": 4,
        "Hillingdon": 3,
        "Derby": 2,
    },
    "BAF": {
        "Southwark": 6,
        "Lambeth": 5,
        "Newham": 4,
        "Croydon": 4,
        "Greenwich": 5,
        "Lewisham": 4,
        "Barking and Dagenham": 6,
        "Enfield": 4,
        "Hackney": 4,
        "Manchester": 2,
        "Leeds": 1.5,
        "Birmingham": 2,
        "Haringey": 4,
        "Thurrock": 2,
        "Milton Keynes": 2,
        "Luton": 2,
        "Bexley": 2,
        "Salford": 1.5,
    },
    "SOM": {
        "Tower Hamlets": 4,
        "Brent": 6,
        "Ealing": 5,
        "Sheffield": 3,
        "Bristol": 4,
        "Cardiff": 4,
        "Leicester": 4,
        "Birmingham": 3,
        "Manchester": 3,
        "Liverpool": 2,
        "Hounslow": 3,
        "Camden": 3,
        "Islington": 3,
    },
    "BCA": {
        "Lambeth": 6,
        "Lewisham": 6,
        "Croydon": 5,
        "Birmingham": 3,
        "Sandwell": 3,
        "Wolverhampton": 3,
        "Hackney": 5,
        "Brent": 5,
        "Bristol": 2,
        "Nottingham": 2.5,
        "Manchester": 2,
        "Southwark": 4,
        "Haringey": 4,
        "Enfield": 2,
        "Leeds": 1.5,
        "Luton": 2,
        "Waltham Forest": 3,
    },
    "MIX": {
        "Lambeth": 2,
        "Lewisham": 2,
        "Nottingham": 2,
        "Birmingham": 1.5,
        "Bristol": 1.6,
        "Manchester": 1.8,
        "Leeds": 1.4,
        "Wolverhampton": 1.5,
        "Croydon": 2,
        "Sandwell": 1.5,
        "Leicester": 1.5,
        "Luton": 1.5,
    },
    "EE": {
        "Peterborough": 5,
        "Lincolnshire": 4,
        "Slough": 3,
        "Ealing": 3,
        "Brent": 3,
        "Southampton": 2,
        "Luton": 2,
        "Leicester": 2,
        "Northamptonshire": 2.5,
        "Kent": 1.5,
        "Haringey": 2,
        "Newham": 2,
        "Cambridgeshire": 2,
        "Norfolk": 1.5,
        "Bedford": 2,
        "Swindon": 2,
        "Hounslow": 2,
        "Barking and Dagenham": 2,
    },
    "ROMA": {
        "Sheffield": 6,
        "Rotherham": 5,
        "Bradford": 4,
        "Leeds": 3,
        "Derby": 4,
        "Peterborough": 4,
        "Manchester": 3,
        "Glasgow": 0,
        "Kent": 2,
        "Newham": 2,
        "Leicester": 2,
        "Southampton": 2,
    },
    "GTI": {
        "Essex": 3,
        "Kent": 3,
        "Hampshire": 2,
        "Surrey": 3,
        "Cambridgeshire": 3,
        "Leeds": 2,
        "Wiltshire": 2,
        "Bedford": 2,
        "West Sussex": 2,
        "Cheshire East": 1.5,
        "Lancashire": 1.5,
        "Manchester": 2,
        "Birmingham": 2,
        "Bristol": 2,
        "Ealing": 2,
        "Hillingdon": 2,
        "Thurrock": 3,
    },
    "GTR": {
        "Kent": 4,
        "Essex": 3,
        "Hampshire": 3,
        "Surrey": 3,
        "West Sussex": 3,
        "East Sussex": 2,
        "Cambridgeshire": 3,
        "Norfolk": 2,
        "Cornwall": 2,
        "Devon": 2,
        "North Yorkshire": 2,
        "Cumbria": 2,
        "Lincolnshire": 2,
        "Wiltshire": 2,
        "Medway": 3,
        "Bedford": 2,
    },
    "WI": {
        "Camden": 3,
        "Brent": 3,
        "Liverpool": 2.5,
        "Manchester": 2,
        "Birmingham": 2,
        "Islington": 3,
        "Hammersmith and Fulham": 3,
        "Coventry": 2,
    },
    "ARB": {
        "Manchester": 2,
        "Cardiff": 2.5,
        "Sheffield": 1.5,
        "Liverpool": 2,
        "Ealing": 3,
        "Brent": 3,
        "Westminster": 4,
        "Kensington and Chelsea": 4,
        "Birmingham": 2,
        "Newcastle upon Tyne": 2,
        "Stoke-on-Trent": 2,
        "Derby": 2,
        "Hounslow": 3,
    },
    "CHN": {
        "Manchester": 2,
        "Birmingham": 2,
        "Lewisham": 3,
        "Southwark": 3,
        "Hackney": 3,
        "Liverpool": 2,
        "Greenwich": 3,
        "Newham": 2,
    },
}
DIVERSE_LONDON = 1.6  # generic multiplier of all minority communities in London boroughs

ADJ = {
    "q": "wa",
    "w": "qeas",
    "e": "wrsd",
    "r": "etdf",
    "t": "ryfg",
    "y": "tugh",
    "u": "yihj",
    "i": "uojk",
    "o": "ipkl",
    "p": "ol",
    "a": "qwsz",
    "s": "awedxz",
    "d": "serfcx",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "z": "asx",
    "x": "zsdc",
    "c": "xdfv",
    "v": "cfgb",
    "b": "vghn",
    "n": "bhjm",
    "m": "njk",
}
PHON = [
    ("ph", "f"),
    ("f", "ph"),
    ("ck", "k"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("ai", "ay"),
    ("ay", "ai"),
    ("c", "k"),
    ("k", "c"),
    ("s", "z"),
    ("z", "s"),
    ("ll", "l"),
    ("l", "ll"),
    ("nn", "n"),
    ("n", "nn"),
    ("tt", "t"),
    ("t", "tt"),
    ("th", "t"),
    ("i", "y"),
    ("y", "i"),
    ("ei", "ie"),
    ("ie", "ei"),
    ("ou", "ow"),
    ("mm", "m"),
    ("rr", "r"),
    ("ss", "s"),
    ("ey", "y"),
    ("y", "ey"),
    ("ie", "y"),
    ("een", "ine"),
    ("ine", "een"),
    ("ah", "a"),
    ("ar", "er"),
    ("er", "ar"),
    ("oo", "u"),
    ("u", "oo"),
    ("sh", "ch"),
    ("ch", "sh"),
    ("dd", "d"),
    ("d", "dd"),
    ("ae", "ay"),
    ("j", "g"),
    ("qu", "kw"),
    ("x", "ks"),
    ("w", "v"),
    ("v", "w"),
    ("a", "e"),
    ("e", "a"),
    ("o", "a"),
]
PC_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
FINAL_ORDERS = [
    ("Care Order", 33),
    ("Care Order and Placement Order", 19),
    ("Supervision Order", 9),
    ("Special Guardianship Order", 15),
    ("Special Guardianship Order and Supervision Order", 5),
    ("Child Arrangements Order", 8),
    ("Child Arrangements Order and Supervision Order", 3),
    ("No Order", 3),
    ("Withdrawn", 5),
]


# =====================================================================
# helpers
# =====================================================================
def words(s):
    return s.split()


class WList:
    """Weighted list, O(log n) picks."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, items, weights):
        self.items = list(items)
        c, t = [], 0.0
        for w in weights:
            t += w
            c.append(t)
        self.cum, self.total = c, t

    def pick(self, rng):
        return self.items[bisect(self.cum, rng.random() * self.total)]


def zipf(lst, a=3.0, s=1.0):
    seen, items = {}, []
    for x in lst:
        if x not in seen:
            seen[x] = 1
            items.append(x)
    return WList(items, [1.0 / (i + a) ** s for i in range(len(items))])


def mix(*parts):
    """mix((wlist, share), ...) -> WList over union with shares."""
    acc = {}
    for wl, share in parts:
        for i, it in enumerate(wl.items):
            w = (wl.cum[i] - (wl.cum[i - 1] if i else 0.0)) / wl.total * share
            acc[it] = acc.get(it, 0.0) + w
    return WList(list(acc.keys()), list(acc.values()))


_FOLD = {}
_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D"})


def fold(s):
    r = _FOLD.get(s)
    if r is None:
        t = s.translate(_SPECIAL)
        r = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
        _FOLD[s] = r
    return r


def is_ascii(s):
    return s.isascii()


def capit(orig, new):
    if orig and orig[0].isupper() and orig[1:] == orig[1:].lower() and new:
        return new[0].upper() + new[1:].lower()
    return new


def keyboard_typo(s, rng):
    n = len(s)
    if n < 3:
        return s
    i = rng.randrange(1, n) if rng.random() < 0.9 else 0
    ch = s[i]
    op = rng.random()
    if op < 0.30:
        adj = ADJ.get(ch.lower())
        if not adj:
            return s
        c = rng.choice(adj)
        if ch.isupper():
            c = c.upper()
        out = s[:i] + c + s[i + 1 :]
    elif op < 0.55:
        out = s[:i] + s[i + 1 :]
    elif op < 0.75:
        out = s[:i] + ch + s[i:]
    elif op < 0.92:
        if i >= n - 1:
            i = n - 2
        out = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    else:
        adj = ADJ.get(ch.lower(), "e")
        out = s[:i] + rng.choice(adj) + s[i:]
    return capit(s, out)


def phonetic_typo(s, rng):
    low = s.lower()
    cand = [(a, b) for a, b in PHON if low.find(a, 1) > 0]
    if not cand:
        return keyboard_typo(s, rng)
    a, b = rng.choice(cand)
    idxs = []
    j = low.find(a, 1)
    while j > 0:
        idxs.append(j)
        j = low.find(a, j + 1)
    j = rng.choice(idxs)
    out = low[:j] + b + low[j + len(a) :]
    if s[0].isupper():
        out = out[0].upper() + out[1:]
    if "'" in s or "-" in s or "Mc" in s:  # keep simple structure
        return keyboard_typo(s, rng)
    return out


def typo(s, rng):
    if not s:
        return s
    return phonetic_typo(s, rng) if rng.random() < 0.4 else keyboard_typo(s, rng)


def nhs_check(d9):
    t = sum(int(c) * (10 - i) for i, c in enumerate(d9))
    c = 11 - t % 11
    if c == 11:
        c = 0
    return None if c == 10 else str(c)


def ymd(o):
    d = date.fromordinal(o)
    return d.year, d.month, d.day


def fmt(o):
    d = date.fromordinal(o)
    return "%02d/%02d/%04d" % (d.day, d.month, d.year)


def years(n):
    return int(n * 365.2425)


# =====================================================================
# world construction
# =====================================================================
class World:
    def __init__(self, rng):
        self.rng = rng
        nick = {}
        for part in NICKS.replace("\n", "").split("|"):
            k, v = part.split(":")
            nick[k.strip()] = [x.strip() for x in v.split(",")]
        self.nick = nick
        var = {}
        for grp in VARIANT_GROUPS.replace("\n", "").split("|"):
            ms = grp.split()
            for m in ms:
                var.setdefault(m, [])
                for o in ms:
                    if o != m and o not in var[m]:
                        var[m].append(o)
        self.var = var
        # name lists
        Z = zipf
        self.brit_f_old = Z(words(BRIT_F_OLD), 4, 1.0)
        self.brit_f_new = Z(words(BRIT_F_NEW), 4, 0.95)
        self.brit_m_old = Z(words(BRIT_M_OLD), 3, 1.05)
        self.brit_m_new = Z(words(BRIT_M_NEW), 4, 0.95)
        self.brit_f_mid = Z(words(BRIT_F_MID), 2, 1.1)
        self.brit_m_mid = Z(words(BRIT_M_MID), 2, 1.1)
        self.brit_sur = Z(words(BRIT_SUR), 6, 0.95)
        self.welsh_f = Z(words(WELSH_F), 3, 1.0)
        self.welsh_m = Z(words(WELSH_M), 3, 1.0)
        self.welsh_sur = Z(words(WELSH_SUR), 1.5, 1.25)
        L = {}
        L["WI"] = (
            Z(words(IRISH_F), 3, 1.0),
            Z(words(IRISH_M), 3, 1.0),
            Z(words(IRISH_SUR), 3, 1.0),
            None,
        )
        gti_sur = Z(words(GTI_SUR), 0.8, 1.35)
        L["GTI"] = (Z(words(GTI_F), 1.5, 1.1), Z(words(GTI_M), 1.0, 1.2), gti_sur, None)
        L["GTR"] = (
            Z(words(GTR_F), 3, 1.0),
            Z(words(GTR_M), 3, 1.0),
            Z(words(GTR_SUR), 0.7, 1.4),
            None,
        )
        L["PAK"] = (
            Z(words(PAK_F), 4, 1.0),
            Z(words(PAK_M), 1.5, 1.0),
            Z(words(PAK_SUR_M), 1.2, 1.15),
            Z(words(PAK_SUR_F), 0.8, 1.2),
        )
        L["BAN"] = (
            Z(words(BAN_F), 4, 1.0),
            Z(words(BAN_M), 1.2, 1.0),
            Z(words(BAN_SUR_M), 1.0, 1.2),
            Z(words(BAN_SUR_F), 0.5, 1.3),
        )
        L["IND"] = (
            Z(words(IND_F), 4, 1.0),
            Z(words(IND_M), 4, 1.0),
            Z(words(IND_SUR_M), 0.6, 1.3),
            Z(words(IND_SUR_F), 0.5, 1.4),
        )
        L["BAF"] = (
            Z(words(BAF_F), 6, 0.9),
            Z(words(BAF_M), 6, 0.9),
            Z(words(BAF_SUR), 8, 0.8),
            None,
        )
        L["SOM"] = (
            Z(words(SOM_F), 2, 1.0),
            Z(words(SOM_M), 1.0, 1.1),
            Z(words(SOM_SUR), 0.8, 1.2),
            None,
        )
        L["BCA"] = (
            Z(words(BCA_F), 6, 0.9),
            Z(words(BCA_M), 6, 0.9),
            Z(words(BCA_SUR), 2, 1.05),
            None,
        )
        L["EE"] = (Z(words(EE_F), 5, 0.9), Z(words(EE_M), 5, 0.9), Z(words(EE_SUR), 4, 1.0), None)
        L["ROMA"] = (
            Z(words(ROMA_F), 3, 1.0),
            Z(words(ROMA_M), 3, 1.0),
            Z(words(ROMA_SUR), 0.8, 1.3),
            None,
        )
        L["ARB"] = (
            Z(words(ARB_F), 4, 1.0),
            Z(words(ARB_M), 3, 1.0),
            Z(words(ARB_SUR), 3, 1.0),
            None,
        )
        L["CHN"] = (
            Z(words(CHN_F), 3, 1.0),
            Z(words(CHN_M), 3, 1.0),
            Z(words(CHN_SUR), 0.6, 1.3),
            None,
        )
        self.lists = L
        self.som_m = L["SOM"][1]
        self.eth = {
            k: WList([x for x, _ in v[1]], [w for _, w in v[1]]) for k, v in COMMUNITIES.items()
        }
        self.eth_labels = {k: [x for x, _ in v[1]] for k, v in COMMUNITIES.items()}
        self.all_f = mix((self.brit_f_new, 0.6), (self.brit_f_old, 0.4))
        self.all_m = mix((self.brit_m_new, 0.6), (self.brit_m_old, 0.4))
        # places
        las = []
        for line in LA_TABLE.strip().split("\n"):
            reg, name, courts, areas, w = line.split("|")
            las.append(
                (
                    reg,
                    name,
                    [
                        "Family Court at " + c if c != "Central Family" else "Central Family Court"
                        for c in courts.split(",")
                    ],
                    areas.split(),
                    float(w),
                )
            )
        self.las = las
        self.la_pick = WList(range(len(las)), [x[4] for x in las])
        self.region_las = {}
        for i, x in enumerate(las):
            self.region_las.setdefault(x[0], []).append(i)
        self.region_pick = {
            r: WList(ix, [las[i][4] for i in ix]) for r, ix in self.region_las.items()
        }
        comms = list(COMMUNITIES.keys())
        self.comm_by_la = []
        for reg, name, _, _, _ in las:
            ws = []
            for c in comms:
                w = COMMUNITIES[c][0]
                if c != "WB":
                    w *= HOTSPOTS.get(c, {}).get(name, 1.0)
                    if reg == "LO":
                        w *= DIVERSE_LONDON
                    if reg == "WA" and c not in ("WI", "GTI", "GTR", "MIX"):
                        w *= 0.5
                ws.append(w)
            self.comm_by_la.append(WList(comms, ws))
        self.orders = WList([x for x, _ in FINAL_ORDERS], [w for _, w in FINAL_ORDERS])
        self.nhs_used = set()
        self.recent = {}  # (comm, sex) -> ring buffer of persons for namesakes
        self.la_fathers = [[] for _ in las]
        self.next_pid = 1

    # ---------- names ----------
    def forename(self, comm, sex, yob, wales):
        r = self.rng
        if comm in ("WB", "MIX"):
            if comm == "MIX" and r.random() < 0.3:
                lst = self.lists["BCA"][0 if sex == "F" else 1]
                return lst.pick(r)
            if wales and r.random() < 0.25:
                return (self.welsh_f if sex == "F" else self.welsh_m).pick(r)
            p_new = min(1.0, max(0.0, (yob - 1982) / 12.0))
            if sex == "F":
                return (self.brit_f_new if r.random() < p_new else self.brit_f_old).pick(r)
            return (self.brit_m_new if r.random() < p_new else self.brit_m_old).pick(r)
        if comm == "WI" and r.random() < 0.35:
            return (self.all_f if sex == "F" else self.all_m).pick(r)
        if comm == "BCA" and r.random() < 0.35:
            return (self.all_f if sex == "F" else self.all_m).pick(r)
        if comm in ("GTR",) and r.random() < 0.3:
            return (self.all_f if sex == "F" else self.all_m).pick(r)
        return self.lists[comm][0 if sex == "F" else 1].pick(r)

    def surname(self, comm, sex, wales):
        r = self.rng
        if comm == "WB":
            if wales and r.random() < 0.65:
                return self.welsh_sur.pick(r)
            return self.brit_sur.pick(r)
        if comm == "MIX":
            x = r.random()
            if x < 0.62:
                return self.brit_sur.pick(r)
            if x < 0.9:
                return self.lists["BCA"][2].pick(r)
            return self.lists["BAF"][2].pick(r)
        lst = self.lists[comm]
        if sex == "F" and lst[3] is not None:
            return lst[3].pick(r)
        s = lst[2].pick(r)
        return s

    def new_nhs(self):
        r = self.rng
        while True:
            d9 = str(r.randrange(400000000, 700000000))
            c = nhs_check(d9)
            if c is None:
                continue
            n = d9 + c
            if n in self.nhs_used:
                continue
            self.nhs_used.add(n)
            return n

    def postcode(self, la_idx):
        r = self.rng
        area = r.choice(self.las[la_idx][3])
        d = r.randint(1, PC_MAXD.get(area, 30))
        return "%s%d %d%s%s" % (
            area,
            d,
            r.randint(0, 9),
            r.choice(PC_LETTERS),
            r.choice(PC_LETTERS),
        )

    def move_la(self, la):
        r = self.rng
        if r.random() < P_MOVE_LA_SAME_REGION:
            return self.region_pick[self.las[la][0]].pick(r)
        return self.la_pick.pick(r)


def feminise(s, comm, rng):
    """Gendered surname forms for Polish / Slovak / Lithuanian / Latvian."""
    if comm == "EE":
        for m, f in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if s.endswith(m):
                return s[: -len(m)] + f
        if s.endswith("ius"):
            return s[:-3] + "ienė"
        if s.endswith("as"):
            return s[:-2] + ("ienė" if rng.random() < 0.6 else "aitė")
        if s.endswith("us"):
            return s[:-2] + ("uvienė" if rng.random() < 0.6 else "utė")
        if s.endswith("š") and ("ņ" in s or s.endswith("iņš")):
            return s[:-1] + "a"
        return s
    if comm == "ROMA":
        if s[-1] in "aoiy":
            return s[:-1] + "ová" if s[-1] in "ao" else s + "ová"
        return s + "ová"
    return s


class Person:
    __slots__ = (
        "pid",
        "sex",
        "comm",
        "fore",
        "mids",
        "known",
        "sur",
        "birth_sur",
        "prev",
        "masc",
        "alt_sur",
        "dob",
        "nhs",
        "eth",
        "pc",
        "prev_pc",
        "la",
        "swap_p",
        "last_date",
    )


def new_person(W, sex, comm, dob, la, at):
    r = W.rng
    p = Person()
    p.pid = "P%07d" % W.next_pid
    W.next_pid += 1
    p.sex, p.comm, p.la, p.dob = sex, comm, la, dob
    wales = W.las[la][0] == "WA"
    yob = date.fromordinal(dob).year
    p.fore = W.forename(comm, sex, yob, wales)
    p.sur = W.surname(comm, sex, wales)
    p.masc = ""
    # namesakes / twins (distinct people sharing name, and sometimes dob)
    key = (comm, sex)
    buf = W.recent.get(key)
    if buf is None:
        buf = W.recent[key] = []
    copied = False
    x = r.random()
    if buf and x < P_NAMESAKE_NAME:
        o = r.choice(buf)
        p.fore, p.sur, p.masc, copied = o.fore, o.birth_sur, o.masc, True
        if x < P_NAMESAKE_NAME_DOB:
            p.dob = o.dob
    elif buf and x < P_NAMESAKE_NAME + P_TWIN:
        o = r.choice(buf)
        p.sur, p.masc, p.dob, copied = o.birth_sur, o.masc, o.dob, True
        while p.fore == o.fore:
            p.fore = W.forename(comm, sex, yob, wales)
    p.mids, p.known, p.alt_sur = [], "", ""
    # middle names
    x = r.random()
    if comm in ("WB", "WI", "MIX", "GTI", "GTR", "BCA"):
        nmid = 0 if x < 0.25 else (1 if x < 0.9 else 2)
        for _ in range(nmid):
            if r.random() < 0.55:
                m = (W.brit_f_mid if sex == "F" else W.brit_m_mid).pick(r)
            else:
                m = W.forename(comm, sex, yob, wales)
            if m != p.fore and m not in p.mids:
                p.mids.append(m)
        if copied:
            pass
        elif comm == "WB" and r.random() < P_HYPHENATED_SURNAME:
            s2 = W.surname(comm, sex, wales)
            if s2 != p.sur:
                p.sur = p.sur + "-" + s2
        elif comm == "MIX" and r.random() < P_HYPHENATED_SURNAME * 2:
            s2 = W.surname(comm, sex, wales)
            if s2 != p.sur:
                p.sur = p.sur + "-" + s2
    elif comm in ("PAK", "BAN", "ARB", "SOM") and sex == "M" and r.random() < 0.28:
        # Mohammed + name used
        used = (
            p.fore
            if p.fore not in ("Mohammed", "Muhammad", "Mohamed", "Md", "Abdul")
            else W.lists[comm][1].pick(r)
        )
        p.fore = (
            "Md"
            if comm == "BAN" and r.random() < 0.3
            else ("Mohamed" if comm == "SOM" else "Mohammed")
        )
        if used != p.fore and not used.startswith("Mo") and used != "Md":
            p.mids = [used]
            if r.random() < 0.8:
                p.known = used
    elif comm in ("PAK", "BAN") and sex == "F":
        if r.random() < 0.4:
            m = r.choice(words(SA_FEMALE_MID))
            if m != p.sur:
                p.mids = [m]
                p.alt_sur = m
        elif r.random() < 0.2:
            p.mids = [W.lists[comm][0].pick(r)]
    elif comm == "IND":
        if r.random() < 0.25:
            p.mids = ["Kaur" if sex == "F" else "Singh"]
            if p.sur not in ("Kaur", "Singh"):
                p.alt_sur = p.mids[0]
    elif comm == "SOM":
        p.mids = [W.som_m.pick(r)]  # father's name
        if p.mids[0] != p.sur:
            p.alt_sur = p.mids[0]
    elif comm == "CHN":
        if p.sur in ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do"):
            p.mids = ["Thi" if sex == "F" else "Van"]
        if r.random() < 0.35:
            p.known = (W.all_f if sex == "F" else W.all_m).pick(r)
    elif comm == "BAF":
        if x < 0.6:
            m = W.lists["BAF"][0 if sex == "F" else 1].pick(r)
            if m != p.fore:
                p.mids = [m]
    else:  # EE, ROMA, ARB, PAK/BAN men without Mohammed
        if x < 0.2:
            m = W.forename(comm, sex, yob, wales)
            if m != p.fore:
                p.mids = [m]
    if sex == "F" and comm in ("EE", "ROMA") and not copied:
        f = feminise(p.sur, comm, r)
        if f != p.sur:
            p.masc = p.sur
            p.sur = f
    # known-as
    if not p.known and r.random() < P_KNOWN_AS:
        y = r.random()
        nk = W.nick.get(p.fore)
        if nk and y < 0.6:
            p.known = r.choice(nk)
        elif p.mids and y < 0.8:
            p.known = p.mids[0]
        else:
            p.known = W.forename(comm if comm != "MIX" else "WB", sex, yob, wales)
        if p.known == p.fore:
            p.known = ""
    p.birth_sur = p.sur
    p.prev = []
    if len(buf) < 3000:
        buf.append(p)
    else:
        buf[r.randrange(3000)] = p
    p.nhs = W.new_nhs()
    p.eth = W.eth[comm].pick(r)
    p.pc = W.postcode(la)
    p.prev_pc = ""
    p.swap_p = {
        "SOM": 0.04,
        "CHN": 0.06,
        "BAF": 0.025,
        "ARB": 0.02,
        "PAK": 0.015,
        "BAN": 0.02,
        "EE": 0.015,
    }.get(comm, P_SWAP_NAMES)
    p.last_date = at
    return p


def change_surname(W, p, new):
    if new and new != p.sur:
        p.prev.append(p.sur)
        p.sur = new


# =====================================================================
# rendering one parent record with recording errors
# =====================================================================
def nick_of(W, name):
    return W.nick.get(name)


def render_name_field(W, s, r, fold_ok=True):
    if s and fold_ok and not s.isascii() and r.random() < P_FOLD_ACCENTS:
        s = fold(s)
    return s


def case_ws(s, r):
    if not s:
        return s
    x = r.random()
    if x < P_FIELD_CASE:
        s = s.upper() if r.random() < 0.5 else s.lower()
    elif x < P_FIELD_CASE + P_WHITESPACE:
        y = r.random()
        if y < 0.4:
            s = s + " "
        elif y < 0.7:
            s = " " + s
        elif " " in s:
            s = s.replace(" ", "  ", 1)
        else:
            s = s + "  "
    return s


def render_dob(p_dob, at, r, is_father):
    if is_father and r.random() < P_FATHER_DOB_MISSING:
        return ""
    x = r.random()
    o = p_dob
    if x < P_DOB_SWAP + P_DOB_DIGIT + P_DOB_YEAR + P_DOB_PLACEHOLDER + P_DOB_WRONG:
        y, m, d = ymd(p_dob)
        try:
            if x < P_DOB_SWAP:
                if d <= 12 and d != m:
                    o = date(y, d, m).toordinal()
            elif x < P_DOB_SWAP + P_DOB_DIGIT:
                s = "%02d%02d%04d" % (d, m, y)
                pos = r.choice([0, 1, 2, 3, 6, 7, 7, 1, 3])
                dg = s[pos]
                nd = r.choice("0123456789".replace(dg, ""))
                s = s[:pos] + nd + s[pos + 1 :]
                o = date(int(s[4:]), int(s[2:4]), int(s[:2])).toordinal()
            elif x < P_DOB_SWAP + P_DOB_DIGIT + P_DOB_YEAR:
                o = date(
                    y + r.choice((-1, 1)), m, d if not (m == 2 and d == 29) else 28
                ).toordinal()
            elif x < P_DOB_SWAP + P_DOB_DIGIT + P_DOB_YEAR + P_DOB_PLACEHOLDER:
                o = date(y, 1, 1).toordinal()
            else:
                o = p_dob + r.randint(-4000, 4000)
        except ValueError:
            o = p_dob
        age = (at - o) / 365.2425
        if not (13.0 <= age <= 55.0) or o > at:
            o = p_dob
    return fmt(o)


def render_pc(W, p, r, is_father):
    if r.random() < (P_PC_MISSING_F if is_father else P_PC_MISSING_M):
        return ""
    pc = p.pc
    if p.prev_pc and r.random() < P_PC_STALE:
        pc = p.prev_pc
    x = r.random()
    if x < P_PC_TYPO:
        out, inw = pc.split(" ")
        if r.random() < 0.5:
            inw = inw[0] + r.choice(PC_LETTERS) + inw[2]
        else:
            inw = str(r.randint(0, 9)) + inw[1:]
        pc = out + " " + inw
    elif x < P_PC_TYPO + P_PC_FORMAT:
        pc = pc.replace(" ", "") if r.random() < 0.6 else pc.lower()
    return pc


def render_nhs(W, p, r, is_father):
    if r.random() >= (P_NHS_F if is_father else P_NHS_M):
        return ""
    n = p.nhs
    if r.random() < P_NHS_TYPO:
        for _ in range(10):
            pos = r.randrange(9)
            d9 = n[:pos] + r.choice("0123456789".replace(n[pos], "")) + n[pos + 1 : 9]
            c = nhs_check(d9)
            if c is not None:
                return d9 + c
    return n


def render_eth(W, p, r, is_father):
    if r.random() < (P_ETH_MISSING_F if is_father else P_ETH_MISSING_M):
        return ""
    if r.random() < P_ETH_VARIANT:
        return r.choice(W.eth_labels[p.comm])
    return p.eth


def surname_form(s, r):
    """hyphenated, apostrophe and Mc/Mac recording variants"""
    if "-" in s and r.random() < 0.45:
        a, b = s.split("-", 1)
        y = r.random()
        if y < 0.35:
            return a
        if y < 0.75:
            return b
        if y < 0.93:
            return a + " " + b
        return a + b
    if "'" in s and r.random() < P_SUR_APOS:
        y = r.random()
        if y < 0.5:
            return s.replace("'", "")
        if y < 0.8:
            return s.replace("'", " ")
        i = s.index("'")
        return s[: i + 1] + s[i + 1 :].lower()
    if s.startswith("Mc") and len(s) > 3 and r.random() < P_SUR_APOS:
        y = r.random()
        if y < 0.5:
            return "Mc" + s[2:].lower()
        if y < 0.8:
            return "Mac" + s[2:]
        return "Mc " + s[2:]
    if s.startswith("Mac") and len(s) > 4 and s[3].isupper() and r.random() < P_SUR_APOS:
        return "Mc" + s[3:]
    return s


def render(W, p, at, is_father):
    r = W.rng
    # ---- forename
    f = p.fore
    used_mid = False
    if p.known and r.random() < P_FORE_KNOWN_AS:
        f = p.known
    elif p.mids and r.random() < P_FORE_MIDDLE:
        f = p.mids[0]
        used_mid = True
    else:
        nk = W.nick.get(f)
        if nk and r.random() < P_FORE_NICK:
            f = r.choice(nk)
    tl = p.comm in TRANSLIT_COMMS
    v = W.var.get(f)
    if v and r.random() < (P_FORE_VARIANT if tl else P_FORE_VARIANT_EN):
        f = r.choice(v)
    if "-" in f and r.random() < 0.3:
        f = f.split("-")[0] if r.random() < 0.6 else f.replace("-", " ")
    if r.random() < P_FORE_TYPO:
        f = typo(f, r)
    f = render_name_field(W, f, r)
    # ---- middle names
    if used_mid:
        mid = p.fore if r.random() < 0.5 else ""
    elif not p.mids or r.random() < P_MID_OMIT:
        mid = ""
    else:
        y = r.random()
        if y < P_MID_INITIAL:
            mid = " ".join(m[0] for m in p.mids)
        elif y < P_MID_INITIAL + P_MID_FIRST_ONLY:
            mid = p.mids[0]
        else:
            mid = " ".join(p.mids)
        if f == p.mids[0] and r.random() < 0.7:
            mid = " ".join(p.mids[1:])
        if r.random() < P_MID_TYPO:
            mid = typo(mid, r)
    if p.known and f == p.known and r.random() < 0.3:
        mid = (p.fore + " " + mid).strip()  # real forename pushed to middle
    mid = render_name_field(W, mid, r)
    # ---- known as
    if p.known and r.random() < P_KNOWN_RECORDED:
        ka = p.known
    elif not p.known and r.random() < P_KNOWN_SPURIOUS and W.nick.get(p.fore):
        ka = r.choice(W.nick[p.fore])
    else:
        ka = ""
    ka = render_name_field(W, ka, r)
    # ---- surname
    s = p.sur
    if p.prev and r.random() < P_SUR_LAG:
        s = p.prev[-1]
    elif p.alt_sur and r.random() < P_SUR_ALT:
        s = p.alt_sur
    elif p.masc and r.random() < P_SUR_MASC:
        s = p.masc
    s = surname_form(s, r)
    v = W.var.get(s)
    if v and r.random() < (P_SUR_VARIANT if tl else P_SUR_VARIANT_EN):
        s = r.choice(v)
    if r.random() < P_SUR_TYPO:
        s = typo(s, r)
    s = render_name_field(W, s, r)
    # ---- previous names
    prev = ""
    if p.prev and r.random() < P_PREV_RECORDED:
        ps = [q for q in p.prev if q != s]
        if ps:
            if len(ps) > 1 and r.random() < 0.4:
                ps = ps[-1:]
            prev = ";".join(render_name_field(W, q, r) for q in ps)
    elif r.random() < P_PREV_ALIAS:
        prev = W.surname(p.comm, p.sex, False)
    # ---- swap
    if r.random() < p.swap_p:
        f, s = s, f
    # ---- case / whitespace
    x = r.random()
    if x < P_UPPER:
        f, mid, ka, s, prev = f.upper(), mid.upper(), ka.upper(), s.upper(), prev.upper()
    elif x < P_UPPER + P_LOWER:
        f, mid, ka, s, prev = f.lower(), mid.lower(), ka.lower(), s.lower(), prev.lower()
    f = case_ws(f, r)
    s = case_ws(s, r)
    mid = case_ws(mid, r)
    if not f.strip():
        f = p.fore
    if not s.strip():
        s = p.sur
    dob = render_dob(p.dob, at, r, is_father)
    pc = render_pc(W, p, r, is_father)
    nhs = render_nhs(W, p, r, is_father)
    eth = render_eth(W, p, r, is_father)
    return [f, mid, ka, s, prev, dob, pc, nhs, eth]


def csvf(v):
    if "," in v or '"' in v or "\n" in v:
        return '"' + v.replace('"', '""') + '"'
    return v


# =====================================================================
# main simulation
# =====================================================================
AGE_BUCKETS = WList(
    [(14, 17), (18, 21), (22, 25), (26, 30), (31, 35), (36, 40), (41, 45)],
    [5, 22, 25, 24, 14, 7, 3],
)


def child_dob(r, at, mdob, since_prev):
    """Youngest child's dob. since_prev = days since mother's previous application or None."""
    x = r.random()
    if since_prev is not None:
        if x < 0.70:
            o = at - r.randint(0, 120)
        elif x < 0.92:
            o = at - r.randint(0, max(1, since_prev))
        else:
            o = at - r.randint(0, years(12))
    else:
        if x < 0.32:
            o = at - r.randint(0, 90)
        elif x < 0.57:
            o = at - r.randint(90, 365)
        elif x < 0.82:
            o = at - r.randint(365, years(5))
        elif x < 0.94:
            o = at - r.randint(years(5), years(10))
        else:
            o = at - r.randint(years(10), years(17))
    if o < mdob + years(13.5):
        o = at - r.randint(0, 60)
        if o < mdob + years(13.5):
            o = at
    return o


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--applications", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    N = a.applications
    rng = random.Random(a.seed)
    W = World(rng)
    r = rng
    apps = []  # (issue, sortkey, prefix, rest, mother_pid, father_pid)
    k_pick = WList([k for k, _ in APPS_PER_MOTHER], [w for _, w in APPS_PER_MOTHER])
    span = END - CAREER_START
    import math

    mu = math.log(INTERVAL_MEDIAN_YEARS)
    while len(apps) < N:
        # ---- a mother's career
        k = k_pick.pick(r)
        # first application date, volume ramping up over time
        u = r.random()
        first = CAREER_START + int(span * (0.35 * u + 0.65 * u**0.8))
        dates = [first]
        for _ in range(k - 1):
            gap = min(9.0, max(0.45, r.lognormvariate(mu, INTERVAL_SIGMA)))
            dates.append(dates[-1] + years(gap))
        if dates[-1] < START or first > END:
            continue
        lo, hi = AGE_BUCKETS.pick(r)
        age0 = r.uniform(lo, hi + 1)
        mdob = first - int(age0 * 365.2425) - r.randint(0, 30)
        la = W.la_pick.pick(r)
        comm = W.comm_by_la[la].pick(r)
        m = new_person(W, "F", comm, mdob, la, first)
        if (first - m.dob) / 365.2425 < 13.0 or (first - m.dob) / 365.2425 > 50:
            m.dob = mdob
        if (first - m.dob) / 365.2425 >= 20 and r.random() < P_MARRIED_AT_FIRST:
            change_surname(W, m, feminise(W.surname(comm, "M", W.las[la][0] == "WA"), comm, r))
        last_father = None
        prev_date = None
        for j, at in enumerate(dates):
            if at > END:
                break
            if (at - m.dob) / 365.2425 > 55:
                break
            # ---- life events between applications
            if j > 0:
                if r.random() < P_MOVE_LA:
                    la = W.move_la(la)
                    m.la = la
                    m.prev_pc, m.pc = m.pc, W.postcode(la)
                elif r.random() < P_MOVE_ADDRESS:
                    m.prev_pc, m.pc = m.pc, W.postcode(la)
                if m.prev and m.sur != m.birth_sur and r.random() < P_REVERT_BIRTH_SURNAME * 0.5:
                    change_surname(W, m, m.birth_sur)
            # ---- father
            father = None
            if r.random() < P_FATHER_NAMED:
                if (
                    last_father is not None
                    and r.random() < P_SAME_FATHER_AS_LAST
                    and (at - last_father.dob) / 365.2425 <= 55
                ):
                    father = last_father
                else:
                    pool = W.la_fathers[la]
                    if pool and r.random() < P_FATHER_FROM_OTHER_MOTHER:
                        cand = r.choice(pool)
                        fage = (at - cand.dob) / 365.2425
                        if 15 <= fage <= 55 and cand is not last_father:
                            father = cand
                    if father is None:
                        mage = (at - m.dob) / 365.2425
                        fage = min(52.0, max(15.5, mage + r.gauss(3.5, 5.0)))
                        fdob = at - int(fage * 365.2425) - r.randint(0, 200)
                        if (at - fdob) / 365.2425 > 55:
                            fdob = at - int(54 * 365.2425)
                        fcomm = (
                            comm
                            if r.random() < P_FATHER_SAME_COMMUNITY
                            else W.comm_by_la[la].pick(r)
                        )
                        if comm == "MIX" and r.random() < 0.5:
                            fcomm = "BCA" if r.random() < 0.7 else "BAF"
                        father = new_person(W, "M", fcomm, fdob, la, at)
                        if not (13.0 <= (at - father.dob) / 365.2425 <= 55.0):
                            father.dob = fdob
                        pl = W.la_fathers[la]
                        if len(pl) < 400:
                            pl.append(father)
                        else:
                            pl[r.randrange(400)] = father
                    # father's address
                if father.last_date == at:  # newly created: may live with the mother
                    if r.random() < 0.3:
                        father.pc = m.pc
                elif r.random() < 0.4:  # known man, may have moved
                    father.prev_pc, father.pc = (
                        father.pc,
                        (m.pc if r.random() < 0.5 else W.postcode(father.la)),
                    )
                father.last_date = at
                if father.sex == "M" and r.random() < P_MALE_SURNAME_CHANGE * 0.2:
                    change_surname(W, father, W.surname(father.comm, "M", False))
                # mother takes partner's surname
                if j > 0 and r.random() < P_SURNAME_CHANGE_LATER * P_TAKE_FATHER_SURNAME:
                    change_surname(W, m, feminise(father.birth_sur, m.comm, r))
                last_father = father
            if j > 0 and r.random() < P_SURNAME_CHANGE_LATER * (1 - P_TAKE_FATHER_SURNAME):
                change_surname(W, m, feminise(W.surname(comm, "M", False), m.comm, r))
            if at < START:
                prev_date = at
                continue
            # ---- application
            since = None if prev_date is None else at - prev_date
            cdob = child_dob(r, at, m.dob, since)
            crt_list = W.las[la][2]
            court = crt_list[0] if (len(crt_list) == 1 or r.random() < 0.7) else r.choice(crt_list)
            if r.random() < P_COURT_TRANSFER:
                court = r.choice(W.las[W.region_pick[W.las[la][0]].pick(r)][2])
            mrec = render(W, m, at, False)
            if father is not None:
                frec = render(W, father, at, True)
            else:
                frec = [""] * 9
            # final order
            if r.random() < P_ORDER_MISSING:
                order, odate = "", ""
            else:
                wk = min(
                    160.0,
                    max(
                        4.0,
                        r.lognormvariate(
                            math.log(38 if at < date(2014, 4, 22).toordinal() else 30), 0.45
                        ),
                    ),
                )
                od = at + int(wk * 7)
                if od > END:
                    order, odate = "", ""
                else:
                    order = W.orders.pick(r)
                    odate = fmt(od)
                    if r.random() < 0.01:
                        odate = ""
            prefix = fmt(at) + "," + csvf(court) + "," + csvf(W.las[la][1])
            rest = ",".join(
                [fmt(cdob)]
                + [csvf(v) for v in mrec]
                + [csvf(v) for v in frec]
                + [csvf(order), odate]
            )
            apps.append(
                (at, r.random(), prefix, rest, m.pid, father.pid if father is not None else "")
            )
            prev_date = at
    # trim to exactly N: drop randomly chosen surplus applications from the final mother(s)
    apps = apps[:N]
    apps.sort(key=lambda t: (t[0], t[1]))
    os.makedirs(a.out, exist_ok=True)
    head = (
        "application_id,issue_date,court,local_authority,child_id,child_dob,mother_forename,"
        "mother_middle_names,mother_known_as,mother_surname,mother_previous_names,mother_dob,"
        "mother_postcode,mother_nhs_number,mother_ethnicity,father_forename,father_middle_names,"
        "father_known_as,father_surname,father_previous_names,father_dob,father_postcode,"
        "father_nhs_number,father_ethnicity,final_order,final_order_date"
    )
    with (
        open(os.path.join(a.out, "applications.csv"), "w", encoding="utf-8", newline="") as fa,
        open(os.path.join(a.out, "truth.csv"), "w", encoding="utf-8", newline="") as ft,
    ):
        fa.write(head + "\n")
        ft.write("record_key,person_id\n")
        buf_a, buf_t = [], []
        for i, (_, _, prefix, rest, mp, fp) in enumerate(apps, 1):
            aid = "X%07d" % i
            buf_a.append("%s,%s,C%07d,%s\n" % (aid, prefix, i, rest))
            buf_t.append("%s:M,%s\n" % (aid, mp))
            if fp:
                buf_t.append("%s:F,%s\n" % (aid, fp))
            if len(buf_a) >= 50000:
                fa.write("".join(buf_a))
                ft.write("".join(buf_t))
                buf_a, buf_t = [], []
        fa.write("".join(buf_a))
        ft.write("".join(buf_t))


if __name__ == "__main__":
    main()
