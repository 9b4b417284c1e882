"""The demo marketplace: about 120 offers and requests of the demo network's organisations.

The cities ask for things (real-time parking occupancy, 3D city model updates, air-quality
sensor data fusion, ...); companies, universities and institutes offer things. Some offers
answer a request (parking in Gdańsk and Turku, the 3D models of Wrocław and Vilnius,
air-quality fusion in Vilnius and Wrocław, heat islands in Wrocław) and some requests have
no answer at all (flood twin of the Aurajoki, underground utilities of Gdańsk, Lithuanian
citizen-report classification, EV charging demand in Turku, ...), so matching has true
pairs to find and real gaps to show. Texts are written in English, Finnish, Polish and
Lithuanian as their authors would.

Row: (organisation slug, kind, category slug, language, title, description (Markdown),
topic slugs, places "City:CC;City:CC" ("" city = whole country), category extra values,
state: "published", "submitted", "draft", "closed" or "rejected:<reason>").
"""

from scdt.marketplace.demo_opportunities_further import FURTHER_OPPORTUNITIES

# fmt: off
CITY_REQUESTS = [
    ("city-of-gdansk", "request", "procurement", "en",
     "Real-time parking occupancy for Gdańsk city centre",
     ("The City of Gdańsk needs **real-time occupancy** of on-street parking in Śródmieście and "
      "Wrzeszcz, published as open data (minute-level, per zone) and usable in the city's digital "
      "twin. We look for sensor or camera-based solutions with a GDPR-compliant design."),
     "mobility,data-platforms", "Gdańsk:PL", {"budget_range": "50 000–200 000 EUR", "deadline": "2026-09-30"},
     "published"),
    ("city-of-gdansk", "request", "procurement", "pl",
     "Zajętość miejsc parkingowych w czasie rzeczywistym – Gdańsk",
     ("Szukamy dostawcy danych o **zajętości miejsc parkingowych w czasie rzeczywistym** dla "
      "Śródmieścia. Dane mają trafić do miejskiego cyfrowego bliźniaka i na portal otwartych "
      "danych."),
     "mobility", "Gdańsk:PL", {"budget_range": "50 000–200 000 EUR"}, "published"),
    ("city-of-turku", "request", "pilot", "fi",
     "Reaaliaikainen pysäköintitieto Turun keskustaan",
     ("Turun kaupunki etsii kumppania, joka tuottaa **reaaliaikaista pysäköintitietoa** keskustan "
      "kadunvarsipaikoista ja pysäköintitaloista avoimena datana. Pilotti kauppatorin ympäristössä"
      " vuonna 2026."),
     "mobility,data-platforms", "Turku:FI", {"trl": 7, "available_from": "2026-05-01"},
     "published"),
    ("city-of-wroclaw", "request", "procurement", "pl",
     "Aktualizacja modelu 3D miasta Wrocławia",
     ("Miasto Wrocław potrzebuje **aktualizacji trójwymiarowego modelu miasta** (CityGML LoD2, "
      "docelowo LoD3 dla centrum) na podstawie nowego skanowania LiDAR i zdjęć ukośnych."),
     "buildings", "Wrocław:PL", {"budget_range": "> 200 000 EUR", "deadline": "2026-12-15"},
     "published"),
    ("city-of-wroclaw", "request", "rd-cooperation", "en",
     "3D city model update with change detection",
     ("Wrocław wants its 3D city model kept current: automatic change detection between LiDAR "
      "campaigns, updated building footprints and roof shapes, and a pipeline to the planning "
      "department's tools."),
     "buildings,ai-simulation", "Wrocław:PL", {"programme": "Horizon Europe", "deadline": "2026-10-01"},
     "published"),
    ("vilnius-city-municipality", "request", "procurement", "lt",
     "Atnaujintas trimatis Vilniaus miesto modelis",
     ("Vilniaus miesto savivaldybė ieško partnerio **trimačiam miesto modeliui atnaujinti**: "
      "senamiesčio pastatai, nauji kvartalai ir stogų geometrija planavimui ir leidimams."),
     "buildings", "Vilnius:LT", {"budget_range": "50 000–200 000 EUR"}, "published"),
    ("vilnius-city-municipality", "request", "open-data", "lt",
     "Oro kokybės jutiklių duomenų suliejimas",
     ("Reikia sprendimo, kuris sulietų pigių **oro kokybės jutiklių** duomenis su oficialiomis "
      "stebėjimo stotimis ir pateiktų kalibruotą KD2,5 ir NO2 žemėlapį kas valandą."),
     "environment,data-platforms", "Vilnius:LT", {"licence": "CC-BY-4.0", "update_frequency": "real-time"},
     "published"),
    ("vilnius-city-municipality", "request", "expertise", "en",
     "Air-quality sensor data fusion for Vilnius",
     ("We run 40 low-cost air-quality sensors and two reference stations. We need expertise in "
      "**sensor data fusion** and calibration so the city twin shows trustworthy PM2.5 and NO2."),
     "environment,ai-simulation", "Vilnius:LT", {"availability": "From spring 2026"}, "published"),
    ("city-of-wroclaw", "request", "pilot", "pl",
     "Fuzja danych z czujników jakości powietrza",
     ("Wrocław szuka partnera do pilotażu **fuzji danych z czujników jakości powietrza** z danymi "
      "stacji referencyjnych GIOŚ. Wynik: mapa PM10/PM2,5 w cyfrowym bliźniaku miasta."),
     "environment", "Wrocław:PL", {"trl": 6}, "published"),
    ("city-of-turku", "request", "rd-cooperation", "fi",
     "Aurajoen tulvariskien digitaalinen kaksonen",
     ("Etsimme tutkimuskumppania **tulvariskien mallintamiseen** Aurajoen varrella: hulevedet, "
      "merivedenpinnan nousu ja rankkasateet samaan kaupunkimalliin."),
     "water,environment,ai-simulation", "Turku:FI", {"programme": "Interreg Central Baltic"},
     "published"),
    ("city-of-gdansk", "request", "procurement", "pl",
     "Mapowanie 3D podziemnej infrastruktury",
     ("Gdańsk potrzebuje **trójwymiarowej mapy sieci podziemnych** (woda, ciepło, kanalizacja) "
      "połączonej z modelem miasta, na potrzeby planowania robót drogowych."),
     "water,buildings", "Gdańsk:PL", {"budget_range": "> 200 000 EUR"}, "published"),
    ("vilnius-city-municipality", "request", "expertise", "lt",
     "Gyventojų pranešimų automatinis klasifikavimas",
     ("Ieškome sprendimo, kuris automatiškai klasifikuotų gyventojų pranešimus lietuvių kalba "
      "(duobės, šiukšlės, apšvietimas) ir nukreiptų juos atsakingiems skyriams."),
     "public-services,ai-simulation", "Vilnius:LT", {}, "published"),
    ("city-of-turku", "request", "open-data", "en",
     "EV charging demand forecast for Turku",
     ("Turku needs a forecast of **electric-vehicle charging demand** by district until 2030 to "
      "plan public chargers, with the data published openly."),
     "energy,mobility", "Turku:FI", {"update_frequency": "yearly"}, "published"),
    ("city-of-turku", "request", "pilot", "fi",
     "Kävijävirrat kauppatorilla ja jokirannassa",
     ("Haluamme mitata **kävijävirtoja** keskustassa anonyymisti ja julkaista tiedot avoimena "
      "datana tapahtumien ja palvelujen suunnittelua varten."),
     "economy,mobility", "Turku:FI", {"trl": 8}, "published"),
    ("city-of-wroclaw", "request", "rd-cooperation", "en",
     "Heat island mitigation scenarios for Wrocław",
     ("We look for partners to **simulate urban heat islands** and test greening scenarios in the "
      "digital twin before the 2027 investment plan."),
     "environment,ai-simulation,buildings", "Wrocław:PL", {"deadline": "2026-11-30"}, "published"),
    ("city-of-gdansk", "request", "open-data", "en",
     "Public transport delays as open real-time data",
     ("Gdańsk wants GTFS-Realtime delay data of trams and buses published openly and joined to "
      "passenger counts, for the twin and for app developers."),
     "mobility,data-platforms", "Gdańsk:PL", {"licence": "CC-BY-4.0", "update_frequency": "real-time"},
     "published"),
    ("vilnius-city-municipality", "request", "pilot", "en",
     "Real-time noise map of the old town",
     ("Vilnius needs a **real-time noise map** of the old town from a sensor network, for "
      "night-time noise policy and event permits."),
     "environment,public-services", "Vilnius:LT", {"trl": 6}, "published"),
    ("city-of-turku", "request", "expertise", "en",
     "Help to publish our datasets in DCAT-AP",
     ("Turku's data team needs help to describe its open datasets in **DCAT-AP**, make them "
      "harvestable and fit the EU high-value dataset rules."),
     "data-platforms", "Turku:FI", {"availability": "2026"}, "published"),
    ("city-of-wroclaw", "request", "funding", "pl",
     "Partnerzy do wniosku o finansowanie cyfrowego bliźniaka",
     ("Wrocław szuka partnerów do wspólnego wniosku o **finansowanie cyfrowego bliźniaka** "
      "transportu publicznego w programie Digital Europe."),
     "mobility,data-platforms", "Wrocław:PL", {"amount_eur": 1500000, "deadline": "2026-09-15"},
     "published"),
    ("city-of-gdansk", "request", "rd-cooperation", "en",
     "Storm-water flooding model for Gdańsk lowlands",
     ("After the 2016 and 2024 floods Gdańsk wants a **storm-water flood model** coupled to the "
      "retention reservoirs' real-time levels."),
     "water,ai-simulation", "Gdańsk:PL", {"programme": "LIFE"}, "published"),
    ("vilnius-city-municipality", "request", "open-data", "lt",
     "Pastatų energijos suvartojimo duomenys",
     ("Savivaldybė ieško būdų gauti **pastatų energijos suvartojimo** duomenis pagal kvartalus "
      "renovacijos planavimui."),
     "energy,buildings", "Vilnius:LT", {"update_frequency": "monthly"}, "published"),
    ("city-of-turku", "request", "procurement", "fi",
     "3D-kaupunkimallin päivitys Skanssin alueelle",
     ("Turku tarvitsee **3D-kaupunkimallin päivityksen** Skanssin uudelle asuinalueelle "
      "kaavoituksen ja rakennuslupien tueksi."),
     "buildings", "Turku:FI", {"budget_range": "10 000–50 000 EUR"}, "submitted"),
]

COMPANY_OFFERS = [
    ("oliwa-smart-parking", "offer", "scdt-service", "pl",
     "Zajętość parkingów w czasie rzeczywistym jako usługa",
     ("Oferujemy **dane o zajętości miejsc parkingowych w czasie rzeczywistym** z czujników "
      "magnetycznych i kamer, z otwartym API i integracją z cyfrowym bliźniakiem miasta."),
     "mobility,data-platforms", "Gdańsk:PL;Gdynia:PL", {"trl": 9, "deployment": "cloud"},
     "published"),
    ("oliwa-smart-parking", "offer", "open-data", "en",
     "Open parking occupancy API for Tricity",
     ("Minute-level **parking occupancy** of 3,000 places in Gdańsk, Sopot and Gdynia, published "
      "as an open API (JSON, GTFS-style zones)."),
     "mobility", "Gdańsk:PL;Sopot:PL;Gdynia:PL",
     {"licence": "CC-BY-4.0", "update_frequency": "real-time", "formats": "JSON, CSV"},
     "published"),
    ("saaristo-mobility", "offer", "scdt-service", "fi",
     "Pysäköinnin reaaliaikainen tilannekuva",
     ("Tarjoamme **reaaliaikaista pysäköintitietoa** ja liikennevirtojen analytiikkaa avoimen "
      "rajapinnan kautta. Anturit asennetaan kadunvarsipaikoille viikossa."),
     "mobility,data-platforms", "Turku:FI", {"trl": 8, "deployment": "cloud"}, "published"),
    ("saaristo-mobility", "offer", "product", "en",
     "Micromobility parking sensors",
     ("Low-power sensors that count scooters and bikes in parking hubs and feed the city's open "
      "data portal."),
     "mobility", "Turku:FI;Helsinki:FI", {"trl": 7, "budget_range": "10 000–50 000 EUR"},
     "published"),
    ("motlawa-geo", "offer", "scdt-service", "pl",
     "Modele 3D miast w CityGML z LiDAR",
     ("Tworzymy i **aktualizujemy modele 3D miast** (CityGML LoD2/LoD3) na podstawie skanowania "
      "LiDAR i zdjęć ukośnych, z automatyczną detekcją zmian."),
     "buildings", "Gdańsk:PL;Wrocław:PL", {"trl": 9, "deployment": "hybrid"}, "published"),
    ("gediminas-3d", "offer", "scdt-service", "lt",
     "Fotogrametrija ir trimačiai miestų modeliai",
     ("Siūlome **trimačių miesto modelių** kūrimą ir atnaujinimą iš dronų ir orlaivių nuotraukų; "
      "patirtis Vilniaus senamiestyje."),
     "buildings", "Vilnius:LT;Kaunas:LT", {"trl": 9, "deployment": "on-premises"}, "published"),
    ("kupittaa-twin-labs", "offer", "product", "en",
     "TwinCore: digital twin platform for mid-size cities",
     ("A web platform that brings the 3D city model, sensor streams and open data together, with "
      "scenario tools for planners."),
     "buildings,data-platforms", "Turku:FI", {"trl": 8, "budget_range": "50 000–200 000 EUR"},
     "published"),
    ("kupittaa-twin-labs", "offer", "expertise", "fi",
     "Digitaalisen kaksosen käyttöönotto kunnille",
     ("Autamme kuntia **digitaalisen kaksosen** käyttöönotossa: tarpeiden kartoitus, "
      "data-arkkitehtuuri ja hankinnan tuki."),
     "data-platforms,public-services", "Turku:FI;:FI", {"availability": "Heti"}, "published"),
    ("odra-sensors", "offer", "scdt-service", "pl",
     "Sieci czujników jakości powietrza z fuzją danych",
     ("Dostarczamy **sieci czujników jakości powietrza** i hałasu oraz fuzję danych ze stacjami "
      "referencyjnymi. Kalibracja w terenie i mapy co godzinę."),
     "environment", "Wrocław:PL", {"trl": 9, "deployment": "cloud"}, "published"),
    ("odra-sensors", "offer", "product", "en",
     "Calibrated low-cost air-quality sensor kit",
     ("PM1/PM2.5/PM10 and NO2 sensors with on-device correction models, solar-powered, with an "
      "open data feed."),
     "environment", "Wrocław:PL;:PL", {"trl": 8, "budget_range": "< 10 000 EUR"}, "published"),
    ("vilniaus-oro-laboratorija", "offer", "expertise", "lt",
     "Oro kokybės jutiklių kalibravimas ir duomenų suliejimas",
     ("Siūlome **oro kokybės jutiklių kalibravimą** ir duomenų suliejimą su oficialiomis stebėjimo"
      " stotimis. Metodai paskelbti recenzuojamuose žurnaluose."),
     "environment,ai-simulation", "Vilnius:LT", {"availability": "2026 m."}, "published"),
    ("wroclawskie-centrum-symulacji", "offer", "rd-cooperation", "pl",
     "Symulacje miejskich wysp ciepła i scenariuszy zazielenienia",
     ("Prowadzimy **symulacje wysp ciepła**, przepływów powietrza i powodzi w modelach 3D miast. "
      "Zapraszamy miasta do wspólnych projektów B+R."),
     "environment,ai-simulation", "Wrocław:PL", {"programme": "Horizon Europe"}, "published"),
    ("wroclawskie-centrum-symulacji", "offer", "pilot", "en",
     "Urban climate simulation test bed",
     ("A computing test bed with calibrated microclimate models of Wrocław's centre, open to "
      "companies that want to test heat and wind tools."),
     "environment,ai-simulation,buildings", "Wrocław:PL", {"trl": 5}, "published"),
    ("aurajoki-analytics", "offer", "scdt-service", "fi",
     "Datan laatuauditointi ja avoimen datan julkaisu",
     ("Teemme **avoimen datan laatuauditoinnit** ja viemme kuntien aineistot DCAT-AP-muotoon ja "
      "haravoitaviksi."),
     "data-platforms", "Turku:FI;:FI", {"trl": 9, "deployment": "cloud"}, "published"),
    ("aurajoki-analytics", "offer", "expertise", "en",
     "Dashboards for municipal decision makers",
     "We build dashboards that join open data, sensor streams and budgets for city boards.",
     "data-platforms,public-services", "Turku:FI", {"availability": "Two weeks' notice"},
     "published"),
    ("neris-digital", "offer", "scdt-service", "lt",
     "Atvirųjų duomenų portalai ir API",
     ("Kuriame **atvirųjų duomenų portalus** (CKAN) ir API; DCAT-AP metaduomenys ir harvestavimas "
      "į data.europa.eu."),
     "data-platforms", "Vilnius:LT;:LT", {"trl": 9, "deployment": "hybrid"}, "published"),
    ("neris-digital", "offer", "expertise", "en",
     "DCAT-AP and high-value dataset compliance",
     ("We help data publishers meet the **high-value dataset** regulation: DCAT-AP profiles, APIs,"
      " licences and bulk download."),
     "data-platforms", "Vilnius:LT", {"availability": "2026"}, "published"),
    ("zverynas-mobility", "offer", "open-data", "lt",
     "Dviračių ir paspirtukų kelionių duomenys",
     ("Siūlome anonimizuotus **dviračių ir paspirtukų** kelionių duomenis Vilniuje mobilumo "
      "planavimui."),
     "mobility", "Vilnius:LT", {"licence": "CC-BY-4.0", "update_frequency": "daily"}, "published"),
    ("wroclaw-mobility-hub", "offer", "open-data", "pl",
     "Dane o opóźnieniach komunikacji miejskiej (GTFS-RT)",
     ("Udostępniamy **dane o opóźnieniach** tramwajów i autobusów w formacie GTFS-Realtime z "
      "licznikami pasażerów."),
     "mobility,data-platforms", "Wrocław:PL",
     {"licence": "CC-BY-4.0", "update_frequency": "real-time", "formats": "GTFS, GTFS-RT"},
     "published"),
    ("krakow-urban-ai", "offer", "product", "pl",
     "Analiza ruchu z kamer miejskich",
     ("Oprogramowanie do **analizy ruchu** pieszych i pojazdów z istniejących kamer miejskich, bez"
      " zapisu obrazu (prywatność)."),
     "mobility,ai-simulation", "Kraków:PL;:PL", {"trl": 8, "budget_range": "10 000–50 000 EUR"},
     "published"),
    ("helsinki-mobility-lab", "offer", "scdt-service", "en",
     "Traffic simulation for digital twins",
     ("Calibrated **traffic simulation** (SUMO) linked to the city's 3D twin, for road works, "
      "events and public transport changes."),
     "mobility,ai-simulation", "Helsinki:FI;Turku:FI", {"trl": 8, "deployment": "cloud"},
     "published"),
    ("tampere-ai-forge", "offer", "expertise", "fi",
     "Koneoppiminen kaupunkidatalle",
     ("Tarjoamme **koneoppimisen** asiantuntemusta kaupunkidatan ennusteisiin: energia, liikenne "
      "ja palvelujen kysyntä."),
     "ai-simulation", "Tampere:FI;:FI", {"availability": "Kevät 2026"}, "published"),
    ("lounais-energy-data", "offer", "scdt-service", "fi",
     "Julkisten rakennusten energia-analytiikka",
     ("Analysoimme **julkisten rakennusten energiankulutusta** ja annamme säästösuositukset "
      "kaukolämpö- ja sähködatasta."),
     "energy,buildings", "Turku:FI", {"trl": 9, "deployment": "cloud"}, "published"),
    ("kaunas-energy-twin", "offer", "product", "lt",
     "Centralizuoto šilumos tiekimo optimizavimas",
     "Siūlome **centralizuoto šilumos tiekimo** tinklo skaitmeninį dvynį ir optimizavimą.",
     "energy", "Kaunas:LT;Vilnius:LT", {"trl": 8, "budget_range": "50 000–200 000 EUR"},
     "published"),
    ("nordtwin", "offer", "product", "en",
     "Port digital twin",
     ("A digital twin for ports and waterfront districts: vessel traffic, emissions and berth "
      "occupancy in one 3D view."),
     "mobility,environment", "Stockholm:SE;Gdańsk:PL", {"trl": 8, "budget_range": "> 200 000 EUR"},
     "published"),
    ("eurosim", "offer", "rd-cooperation", "de",
     "Agentenbasierte Simulation von Stadtquartieren",
     ("Wir bieten **agentenbasierte Simulation** für Verkehr, Energie und Nutzung von Quartieren "
      "und suchen Städte für gemeinsame Forschungsprojekte."),
     "ai-simulation,mobility", "Berlin:DE", {"programme": "Horizon Europe"}, "published"),
    ("geobalt", "offer", "open-data", "en",
     "Baltic orthophotos and elevation models",
     "Orthophotos and digital elevation models of Baltic capitals as a data service for twins.",
     "buildings", "Riga:LV;Vilnius:LT;Tallinn:EE", {"licence": "other", "update_frequency": "yearly"},
     "published"),
    ("gdansk-port-data", "offer", "open-data", "pl",
     "Dane o ruchu ciężarówek w porcie",
     ("Udostępniamy zanonimizowane dane o **ruchu ciężarówek** do i z portu dla planowania "
      "transportu w mieście."),
     "mobility,economy", "Gdańsk:PL", {"licence": "CC-BY-4.0", "update_frequency": "daily"},
     "published"),
]

RESEARCH_AND_PUBLIC = [
    ("university-of-turku", "offer", "rd-cooperation", "en",
     "Research partner for urban digital twins",
     ("The University of Turku offers research cooperation on **digital twins**, data governance "
      "and citizen participation."),
     "data-platforms,public-services", "Turku:FI", {"programme": "Horizon Europe"}, "published"),
    ("university-of-turku", "offer", "expertise", "fi",
     "Avoimen datan arvon arviointi",
     ("Tutkimusryhmämme arvioi **avoimen datan taloudellista ja yhteiskunnallista arvoa** ja "
      "kysynnän ja tarjonnan kohtaamista."),
     "data-platforms,economy", "Turku:FI", {"availability": "2026"}, "published"),
    ("turku-uas", "offer", "pilot", "fi",
     "Testiympäristö älykkään kaupungin ratkaisuille",
     ("Turun ammattikorkeakoulu tarjoaa **testiympäristön** anturiratkaisuille ja liikkumisen "
      "palveluille kampuksella."),
     "mobility,environment", "Turku:FI", {"trl": 6, "available_from": "2026-03-01"}, "published"),
    ("turku-uas", "offer", "expertise", "en",
     "Student projects for smart city data",
     "Student teams build prototypes on open city data: dashboards, apps and data cleaning.",
     "data-platforms,public-services", "Turku:FI", {"availability": "Each semester"}, "published"),
    ("turku-science-park", "offer", "funding", "en",
     "Matchmaking for smart city funding calls",
     ("We help companies and cities form consortia for **EU funding calls** on digital twins and "
      "open data."),
     "economy,data-platforms", "Turku:FI", {"amount_eur": 0}, "published"),
    ("baltycki-instytut-danych", "offer", "rd-cooperation", "pl",
     "Badania nad jakością danych miejskich",
     ("Instytut prowadzi badania nad **jakością i interoperacyjnością danych** miejskich; szukamy "
      "miast do projektów pilotażowych."),
     "data-platforms", "Gdańsk:PL", {"programme": "Interreg South Baltic"}, "published"),
    ("baltycki-instytut-danych", "request", "open-data", "en",
     "Historical traffic counts for research",
     ("We need historical traffic counts (5+ years) from Gdańsk and Gdynia to validate our traffic"
      " models."),
     "mobility,ai-simulation", "Gdańsk:PL;Gdynia:PL", {"update_frequency": "irregular"},
     "published"),
    ("aalto-twin-institute", "offer", "rd-cooperation", "en",
     "Urban twin interoperability research",
     ("We study **interoperability** of city twins (CityGML, OGC API, NGSI-LD) and invite cities "
      "to joint pilots."),
     "data-platforms,buildings", "Helsinki:FI", {"programme": "Horizon Europe"}, "published"),
    ("pomorski-park-danych", "offer", "open-data", "pl",
     "Regionalny portal otwartych danych Pomorza",
     "Prowadzimy **regionalny portal otwartych danych** i pomagamy gminom w publikacji danych.",
     "data-platforms", "Gdańsk:PL;:PL", {"licence": "CC-BY-4.0", "update_frequency": "weekly"},
     "published"),
    ("dolnoslaska-agencja-energii", "request", "open-data", "pl",
     "Dane o zużyciu energii w budynkach publicznych",
     ("Agencja szuka **danych o zużyciu energii** w budynkach publicznych Dolnego Śląska do "
      "prognoz i planów modernizacji."),
     "energy,buildings", "Wrocław:PL", {"update_frequency": "monthly"}, "published"),
    ("varsinais-suomi-water", "request", "pilot", "fi",
     "Vuotojen havaitseminen vesijohtoverkossa",
     ("Etsimme **vuotojen havaitsemisen** pilottia vesijohtoverkkoon: akustiset anturit tai "
      "virtausdatan analytiikka."),
     "water", "Turku:FI", {"trl": 7}, "published"),
    ("vilnius-heat-network", "request", "expertise", "lt",
     "Šilumos poreikio prognozavimas",
     "Ieškome partnerio **šilumos poreikio prognozavimui** pagal orus ir pastatų duomenis.",
     "energy,ai-simulation", "Vilnius:LT", {"availability": "2026"}, "published"),
    ("lithuanian-health-data", "offer", "open-data", "lt",
     "Gerovės rodikliai pagal seniūnijas",
     "Skelbiame **sveikatos ir gerovės rodiklius** pagal seniūnijas atviraisiais duomenimis.",
     "health", "Vilnius:LT;:LT", {"licence": "CC-BY-4.0", "update_frequency": "yearly"},
     "published"),
    ("turku-tourism-board", "offer", "open-data", "en",
     "Visitor statistics of Southwest Finland",
     "Monthly **visitor statistics** and event attendance of Southwest Finland as open data.",
     "economy", "Turku:FI", {"licence": "CC-BY-4.0", "update_frequency": "monthly"}, "published"),
    ("turku-citizens-data-club", "request", "expertise", "fi",
     "Kansalaisten datatalkoot: apua datan siivoukseen",
     ("Datakerho etsii asiantuntijoita **datatalkoisiin**, joissa siivotaan ja kuvataan kaupungin "
      "avoimia aineistoja."),
     "data-platforms,public-services", "Turku:FI", {}, "published"),
    ("fundacja-otwarte-miasto", "request", "funding", "pl",
     "Finansowanie narzędzi partycypacji obywatelskiej",
     "Fundacja szuka **finansowania** dla otwartoźródłowych narzędzi partycypacji obywatelskiej.",
     "public-services", "Gdańsk:PL", {"amount_eur": 80000}, "published"),
    ("atviri-duomenys", "offer", "expertise", "lt",
     "Atvirųjų duomenų mokymai savivaldybėms",
     "Organizuojame **atvirųjų duomenų** mokymus savivaldybių darbuotojams.",
     "data-platforms,public-services", "Vilnius:LT;:LT", {"availability": "Pagal susitarimą"},
     "published"),
    ("baltic-open-data-alliance", "offer", "rd-cooperation", "en",
     "Baltic network of open data communities",
     ("We connect open data communities around the Baltic Sea and run joint hackathons on city "
      "data."),
     "data-platforms,public-services", "Tallinn:EE;Riga:LV;Vilnius:LT", {"programme": "Interreg"},
     "published"),
]

# fmt: on

EXPIRING_SOON = {"Dashboards for municipal decision makers", "Open parking occupancy API for Tricity"}

OPPORTUNITIES = [*CITY_REQUESTS, *COMPANY_OFFERS, *RESEARCH_AND_PUBLIC, *FURTHER_OPPORTUNITIES]
