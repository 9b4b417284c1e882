"""The demo network's content: the real 2023–24 workshop series and a fictional membership.

The workshops, the four cities and the seven partner organisations are real. Every other
organisation and every person is fictional and flagged ``is_demo``; their names end with
"(demo)" where the name alone could be mistaken for a real body.
"""

# fmt: off
SERIES = {
    "slug": "scdt-workshops-2023-24",
    "title": "SCDT workshop series 2023–24",
    "description": (
        "The Smart City Digital Twin network's workshops in Gdańsk, Wrocław, Vilnius and Turku: "
        "how cities make better use of public open data and digital twin technology."
    ),
}
DEMO_SERIES = {
    "slug": "scdt-marketplace-demonstration",
    "title": "SCDT Marketplace demonstration",
    "description": "A demonstration event of this platform. It is not a real workshop.",
}

# (slug, title, city, venue, room, address, local date, local start, local end or None when unknown)
PAST_WORKSHOPS = [
    ("gdansk-2023", "SCDT workshop in Gdańsk", "Gdańsk", "Gdańsk Science and Technology Park", "Room 002",
     "ul. Trzy Lipy 3, 80-172 Gdańsk", "2023-09-19", None, None),
    ("wroclaw-2023", "SCDT workshop in Wrocław", "Wrocław", "Wrocław Science Park", "Budynek DELTA",
     "ul. Duńska 9, 54-427 Wrocław", "2023-09-21", None, None),
    ("vilnius-2023", "SCDT workshop in Vilnius", "Vilnius", "Vilnius Municipality Building", "",
     "Konstitucijos pr. 3, Vilnius", "2023-10-05", None, None),
    ("turku-2023-part-1", "SCDT workshop in Turku, part 1", "Turku", "EDUCity", "Meeting room Ringsberg",
     "Joukahaisenkatu, Turku", "2023-11-02", "12:00", "16:30"),
    ("turku-2023-part-2", "SCDT workshop in Turku, part 2", "Turku", "EDUCity", "Meeting room Helena",
     "Joukahaisenkatu, Turku", "2023-11-22", "12:00", "16:30"),
    ("techturku-2024-wrap-up", "SCDT wrap-up at TechTurku Week", "Turku", "TechTurku Week", "",
     "Turku", "2024-03-05", "10:00", "12:00"),
]

CITY_ZONES = {"Turku": "Europe/Helsinki", "Gdańsk": "Europe/Warsaw", "Wrocław": "Europe/Warsaw", "Vilnius": "Europe/Vilnius"}

# (slug, name, type, country, city, website, description, is_demo)
ORGANISATIONS = [
    ("city-of-turku", "City of Turku", "city", "FI", "Turku", "https://www.turku.fi/",
     "The City of Turku, partner of the SCDT network.", False),
    ("city-of-gdansk", "City of Gdańsk", "city", "PL", "Gdańsk", "https://www.gdansk.pl/",
     "The City of Gdańsk, partner of the SCDT network.", False),
    ("city-of-wroclaw", "City of Wrocław", "city", "PL", "Wrocław", "https://www.wroclaw.pl/",
     "The City of Wrocław, partner of the SCDT network.", False),
    ("vilnius-city-municipality", "Vilnius City Municipality", "city", "LT", "Vilnius", "https://vilnius.lt/",
     "Vilnius City Municipality, partner of the SCDT network.", False),
    ("university-of-turku", "University of Turku", "research", "FI", "Turku", "https://www.utu.fi/",
     "University of Turku, partner of the SCDT network.", False),
    ("turku-uas", "Turku University of Applied Sciences", "research", "FI", "Turku", "https://www.tuas.fi/",
     "Turku University of Applied Sciences, partner of the SCDT network.", False),
    ("turku-science-park", "Turku Science Park", "public", "FI", "Turku", "https://turkubusinessregion.com/",
     "Turku Science Park, partner of the SCDT network.", False),
    # Fictional members below.
    ("saaristo-mobility", "Saaristo Mobility Oy (demo)", "company", "FI", "Turku", "", "Parking and micromobility sensing for city centres.", True),
    ("aurajoki-analytics", "Aurajoki Analytics Oy (demo)", "company", "FI", "Turku", "", "Data pipelines and dashboards for municipalities.", True),
    ("kupittaa-twin-labs", "Kupittaa Twin Labs Oy (demo)", "company", "FI", "Turku", "", "3D city models and digital twin platforms.", True),
    ("lounais-energy-data", "Lounais Energy Data Oy (demo)", "company", "FI", "Turku", "", "Energy consumption analytics for buildings.", True),
    ("turku-citizens-data-club", "Turku Citizens' Data Club ry (demo)", "ngo", "FI", "Turku", "", "Citizens who use and improve open data.", True),
    ("varsinais-suomi-water", "Southwest Finland Water Utility (demo)", "public", "FI", "Turku", "", "Water supply and wastewater services.", True),
    ("helsinki-mobility-lab", "Helsinki Mobility Lab Oy (demo)", "company", "FI", "Helsinki", "", "Mobility simulation and traffic models.", True),
    ("tampere-ai-forge", "Tampere AI Forge Oy (demo)", "company", "FI", "Tampere", "", "Machine learning for urban data.", True),
    ("motlawa-geo", "Motława Geo Sp. z o.o. (demo)", "company", "PL", "Gdańsk", "", "GIS, LiDAR and CityGML modelling.", True),
    ("baltycki-instytut-danych", "Bałtycki Instytut Danych (demo)", "research", "PL", "Gdańsk", "", "Research institute for urban data science.", True),
    ("oliwa-smart-parking", "Oliwa Smart Parking Sp. z o.o. (demo)", "company", "PL", "Gdańsk", "", "Real-time parking occupancy services.", True),
    ("pomorski-park-danych", "Pomorski Park Danych (demo)", "public", "PL", "Gdańsk", "", "Regional open data platform operator.", True),
    ("fundacja-otwarte-miasto", "Fundacja Otwarte Miasto (demo)", "ngo", "PL", "Gdańsk", "", "Civic tech foundation for open cities.", True),
    ("wroclawskie-centrum-symulacji", "Wrocławskie Centrum Symulacji (demo)", "research", "PL", "Wrocław", "", "Simulation of flows, floods and heat in cities.", True),
    ("odra-sensors", "Odra Sensors S.A. (demo)", "company", "PL", "Wrocław", "", "Air-quality and noise sensor networks.", True),
    ("dolnoslaska-agencja-energii", "Dolnośląska Agencja Energii (demo)", "public", "PL", "Wrocław", "", "Regional energy agency.", True),
    ("wroclaw-mobility-hub", "Wrocław Mobility Hub Sp. z o.o. (demo)", "company", "PL", "Wrocław", "", "Public transport data and passenger information.", True),
    ("krakow-urban-ai", "Kraków Urban AI Sp. z o.o. (demo)", "company", "PL", "Kraków", "", "Computer vision for streets and traffic.", True),
    ("neris-digital", "Neris Digital UAB (demo)", "company", "LT", "Vilnius", "", "Open data portals and APIs.", True),
    ("gediminas-3d", "Gediminas 3D UAB (demo)", "company", "LT", "Vilnius", "", "Photogrammetry and 3D city models.", True),
    ("vilniaus-oro-laboratorija", "Vilniaus oro kokybės laboratorija (demo)", "research", "LT", "Vilnius", "", "Air-quality research and sensor calibration.", True),
    ("zverynas-mobility", "Žvėrynas Mobility UAB (demo)", "company", "LT", "Vilnius", "", "Bike and scooter sharing analytics.", True),
    ("atviri-duomenys", "Atviri duomenys LT (demo)", "ngo", "LT", "Vilnius", "", "Association for open government data.", True),
    ("kaunas-energy-twin", "Kaunas Energy Twin UAB (demo)", "company", "LT", "Kaunas", "", "District heating optimisation.", True),
    ("vilnius-heat-network", "Vilnius Heat Network (demo)", "public", "LT", "Vilnius", "", "District heating operator.", True),
    ("nordtwin", "NordTwin AB (demo)", "company", "SE", "Stockholm", "", "Digital twin software for ports and cities.", True),
    ("eurosim", "EuroSim GmbH (demo)", "company", "DE", "Berlin", "", "Agent-based urban simulation.", True),
    ("baltic-open-data-alliance", "Baltic Open Data Alliance (demo)", "ngo", "EE", "Tallinn", "", "Network of open data communities around the Baltic Sea.", True),
    ("geobalt", "GeoBalt SIA (demo)", "company", "LV", "Riga", "", "Geospatial data services.", True),
    ("aalto-twin-institute", "Helsinki Urban Twin Institute (demo)", "research", "FI", "Helsinki", "", "Research on urban digital twins.", True),
    ("gdansk-port-data", "Gdańsk Port Data Sp. z o.o. (demo)", "company", "PL", "Gdańsk", "", "Logistics and port operations data.", True),
    ("lithuanian-health-data", "Lithuanian Health Data Centre (demo)", "public", "LT", "Vilnius", "", "Health statistics and well-being indicators.", True),
    ("turku-tourism-board", "Visit Southwest (demo)", "public", "FI", "Turku", "", "Tourism statistics and visitor services.", True),
]

FIRST_NAMES = {
    "FI": ["Aino", "Eero", "Liisa", "Mikko", "Sanna", "Juha", "Kaisa", "Ville", "Noora", "Antti", "Elina", "Tuomas"],
    "PL": ["Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł", "Joanna", "Łukasz", "Zofia", "Michał", "Anna", "Krzysztof"],
    "LT": ["Rūta", "Tomas", "Eglė", "Mindaugas", "Ieva", "Darius", "Aistė", "Lukas", "Gintarė", "Marius", "Justė", "Andrius"],
    "OTHER": ["Erik", "Lena", "Jonas", "Maria", "Kristjan", "Ilze"],
}
LAST_NAMES = {
    "FI": ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen"],
    "PL": ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański", "Dąbrowska", "Kozłowski"],
    "LT": ["Kazlauskas", "Jankauskienė", "Petrauskas", "Stankevičiūtė", "Vasiliauskas", "Žukauskaitė", "Butkus", "Paulauskienė", "Urbonas", "Kavaliauskaitė"],
    "OTHER": ["Lindqvist", "Schmidt", "Tamm", "Ozols", "Berg", "Weber"],
}
JOB_TITLES = {
    "city": ["Smart city coordinator", "Head of data", "Urban planner", "Open data officer", "GIS specialist", "Mobility planner"],
    "public": ["Development manager", "Data steward", "Project manager", "Analyst"],
    "company": ["CEO", "CTO", "Business developer", "Data engineer", "Product manager", "Solution architect"],
    "research": ["Researcher", "Professor", "Project researcher", "Doctoral researcher", "Research director"],
    "ngo": ["Chair", "Community manager", "Volunteer coordinator"],
    "individual": ["Citizen developer"],
}
# Per topic: what a member of each side typically offers or seeks (English; some profiles
# are written in their own language below, so matching has multilingual text to work on).
OFFERS = {
    "mobility": "Real-time parking occupancy and traffic flow data from our sensor network, with an open API.",
    "energy": "Energy consumption analytics for public buildings and district heating optimisation.",
    "environment": "Air-quality sensor networks, calibration and data fusion with official monitoring stations.",
    "buildings": "3D city models in CityGML, LiDAR surveys and updates of existing digital twins.",
    "water": "Leak detection and water network modelling for utilities.",
    "health": "Well-being indicators and health statistics dashboards.",
    "public-services": "Citizen participation tools and service design for municipalities.",
    "economy": "Tourism and business statistics, visitor flow analysis.",
    "data-platforms": "Open data portals, CKAN and DCAT-AP integration, APIs and data quality audits.",
    "ai-simulation": "Simulation of traffic, floods and heat islands; machine learning on urban data.",
}
SEEKS = {
    "mobility": "Partners to pilot demand-responsive transport; historical traffic counts.",
    "energy": "Building energy data to train consumption forecasts.",
    "environment": "Cities willing to test low-cost air-quality sensors.",
    "buildings": "An up-to-date 3D city model for urban planning and permits.",
    "water": "Open data on water network assets and incidents.",
    "health": "Anonymised health and well-being data by district.",
    "public-services": "Companies that build participation platforms.",
    "economy": "Visitor statistics and footfall data in city centres.",
    "data-platforms": "Help to publish our datasets in DCAT-AP and harvestable form.",
    "ai-simulation": "Real sensor data to validate simulation models.",
}
LOCAL_OFFERS = {
    "FI": "Tarjoamme reaaliaikaista pysäköintitietoa ja liikennevirtojen analytiikkaa avoimen rajapinnan kautta.",
    "PL": "Oferujemy trójwymiarowe modele miasta (CityGML) i aktualizację cyfrowych bliźniaków na podstawie skanowania LiDAR.",
    "LT": "Siūlome oro kokybės jutiklių tinklus ir duomenų suliejimą su oficialiomis stebėjimo stotimis.",
}
LOCAL_SEEKS = {
    "FI": "Etsimme kumppaneita ilmanlaadun mittausten pilotointiin kaupunkialueella.",
    "PL": "Szukamy danych o zajętości miejsc parkingowych w czasie rzeczywistym.",
    "LT": "Ieškome atnaujinto trimačio miesto modelio planavimui.",
}
# fmt: on
