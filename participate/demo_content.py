"""The Dutch texts of the demo consultation "Ruimte voor morgen" (after ruimtevoormorgen.be, the
Flemish government's 2011 consultation on spatial planning), as data for participate/demo.py.

Lindeveld, its streets and its people are made up; any likeness is a coincidence."""

from __future__ import annotations

from typing import NamedTuple

SLUG = "ruimte-voor-morgen"
TITLE = "Ruimte voor morgen: hoe gebruiken we onze ruimte in 2040?"

INTRO_MD = """\
Hoe ziet Lindeveld eruit in 2040? Waar wonen we, hoe komen we op school en op het werk, en hoeveel \
open ruimte houden we over voor natuur en landbouw? De gemeente maakt een nieuw **ruimtelijk \
beleidsplan** en wil dat niet achter de bureaus doen, maar samen met wie hier woont, werkt en \
naar school gaat.

Deel je idee in een van de zes thema's, steun de ideeën van anderen (je hebt tien stemmen) en \
praat mee in de reacties. Hoe concreter, hoe beter: noem gerust een straat of een plek die je goed \
kent. Je kunt een stem altijd weer intrekken en aan een ander idee geven.

Na de stemronde bundelt de dienst Ruimtelijke Ordening alle ideeën. De gemeenteraad bespreekt ze \
bij het opmaken van het beleidsplan, en bij elk idee lees je hier wat de gemeente ermee doet."""

WONEN = "Wonen"
MOBILITEIT = "Mobiliteit"
NATUUR = "Natuur en open ruimte"
ECONOMIE = "Economie en werk"
VOORZIENINGEN = "Voorzieningen en ontmoeting"
KLIMAAT = "Klimaat en water"

# Dark enough for white text on them and for them on white (each above 4.5:1).
THEMES = [
    (WONEN, "#a63d17"),
    (MOBILITEIT, "#1d4f91"),
    (NATUUR, "#2e6b30"),
    (ECONOMIE, "#7a5200"),
    (VOORZIENINGEN, "#6d3a8c"),
    (KLIMAAT, "#006670"),
]

# (e-mail local part, display name): the citizens who post, vote and comment.
CITIZENS = [
    ("els.wouters", "Els Wouters"),
    ("koen.desmet", "Koen De Smet"),
    ("sofie.claes", "Sofie Claes"),
    ("bart.janssens", "Bart Janssens"),
    ("hanne.maes", "Hanne Maes"),
    ("wim.jacobs", "Wim Jacobs"),
    ("annelies.mertens", "Annelies Mertens"),
    ("pieter.willems", "Pieter Willems"),
    ("nathalie.goossens", "Nathalie Goossens"),
    ("jonas.verstraete", "Jonas Verstraete"),
    ("ilse.verbruggen", "Ilse Verbruggen"),
    ("dirk.vandamme", "Dirk Van Damme"),
    ("eline.hermans", "Eline Hermans"),
    ("mohamed.elamrani", "Mohamed El Amrani"),
    ("fatma.yilmaz", "Fatma Yilmaz"),
    ("griet.declercq", "Griet De Clercq"),
    ("stijn.lambrechts", "Stijn Lambrechts"),
    ("marleen.aerts", "Marleen Aerts"),
    ("ruben.desmedt", "Ruben De Smedt"),
    ("nele.michiels", "Nele Michiels"),
    ("jef.vandenbroeck", "Jef Van den Broeck"),
    ("kato.verhaeghe", "Kato Verhaeghe"),
    ("yasmine.benali", "Yasmine Benali"),
    ("luc.cuypers", "Luc Cuypers"),
    ("emma.dewilde", "Emma De Wilde"),
]


class IdeaText(NamedTuple):
    key: str
    theme: str
    author: str
    title: str
    body: str
    place: str = ""
    appeal: int = 1  # how popular the idea is in the demo votes, 1 (hardly) to 10 (very)


class CommentText(NamedTuple):
    idea: str
    author: str
    body: str
    replies: tuple[tuple[str, str], ...] = ()  # (author, body)


class ResponseText(NamedTuple):
    idea: str
    status: str
    body: str


# fmt: off
IDEAS = [
    # -- Wonen ------------------------------------------------------------------------------
    IdeaText(
        "inbreiding", WONEN, "koen.desmet",
        "Bouw compacter in de dorpskern in plaats van nieuwe verkavelingen",
        "Lindeveld groeit, maar elke nieuwe verkaveling aan de rand kost weer een stuk akker of bos. Laat ons eerst de open plekken en de grote tuinen in de kern slim invullen, met kleinere woningen en appartementen boven de winkels. Zo blijven de winkels en de bakker in het centrum leefbaar en moeten minder mensen voor alles de auto nemen.",
        "Dorpskern", 6,
    ),
    IdeaText(
        "nieuwstraat", WONEN, "nele.michiels",
        "Inbreiding ja, maar geen blokken van vier bouwlagen in de Nieuwstraat",
        "Ik ben niet tegen verdichting, maar het project dat in de Nieuwstraat gepland is, past niet tussen de rijwoningen. Vier bouwlagen nemen het licht weg van de tuinen erachter en brengen veel extra auto's in een smalle straat. Hou de hoogte in verhouding tot de straat en laat groen tussen de gebouwen.",
        "Nieuwstraat, 9999 Lindeveld", 3,
    ),
    IdeaText(
        "kangoeroe", WONEN, "marleen.aerts",
        "Maak kangoeroewonen en zorgwonen eenvoudiger",
        "Veel oudere mensen in onze straat wonen alleen in een te groot huis. Als je een woning makkelijker kunt opsplitsen, zodat een jong gezin en een oudere bewoner onder één dak wonen, help je hen allebei. Nu haken veel mensen af door de ingewikkelde vergunning.",
        "", 3,
    ),
    IdeaText(
        "starters", WONEN, "jonas.verstraete",
        "Betaalbare starterswoningen voor jongeren uit Lindeveld",
        "Wie hier opgroeide, kan zich bijna geen huis meer veroorloven in de eigen gemeente. Laat de gemeente samen met een sociale huisvestingsmaatschappij gronden in erfpacht geven, zodat jonge gezinnen alleen de woning betalen en niet de dure grond. Dan blijven ze in Lindeveld wonen en in onze verenigingen actief.",
        "", 5,
    ),
    IdeaText(
        "woonerf", WONEN, "hanne.maes",
        "Maak van de Veldstraat een woonerf",
        "De Veldstraat is een doodlopende straat met veel jonge kinderen, maar toch wordt er soms te snel gereden door mensen die de weg kwijt zijn. Met een woonerf, een paar bloembakken en zitbanken wordt de straat een plek om te spelen en elkaar te ontmoeten. De bewoners willen zelf mee de inrichting bedenken.",
        "Veldstraat", 3,
    ),
    IdeaText(
        "cohousing", WONEN, "annelies.mertens",
        "Ruimte voor cohousing met een gedeelde tuin",
        "Een paar gezinnen in Lindeveld dromen van een cohousingproject: elk een eigen woning, maar een gedeelde tuin, werkplaats en logeerkamer. Zo gebruik je veel minder ruimte per gezin dan met losse villa's. Kan de gemeente helpen om een geschikt perceel of een oude hoeve te vinden?",
        "", 2,
    ),
    # -- Mobiliteit -------------------------------------------------------------------------
    IdeaText(
        "fietsstraat", MOBILITEIT, "sofie.claes",
        "Maak van de Schoolstraat een fietsstraat",
        "Elke ochtend fietsen honderden kinderen door de Schoolstraat naar de basisschool en het atheneum, tussen de auto's door. In een fietsstraat mogen auto's de fietsers niet inhalen en geldt 30 km per uur. Met rode markeringen en duidelijke borden voelt het meteen veiliger.",
        "Schoolstraat, 9999 Lindeveld", 10,
    ),
    IdeaText(
        "schoolstraat", MOBILITEIT, "nathalie.goossens",
        "Sluit de straat aan basisschool De Linde af voor auto's bij het begin en einde van de les",
        "Aan de schoolpoort van De Linde in de Beekstraat is het elke ochtend chaos met ouders die dubbel parkeren. In andere gemeenten werkt een schoolstraat goed: een half uur voor en na de les mogen er geen auto's in. Ouders kunnen parkeren aan de sporthal, op vijf minuten wandelen.",
        "Beekstraat", 6,
    ),
    IdeaText(
        "deelautos", MOBILITEIT, "pieter.willems",
        "Deelauto's aan het station en op het Dorpsplein",
        "Veel gezinnen hebben een tweede auto die het grootste deel van de tijd stilstaat. Met een paar deelauto's op vaste plaatsen kunnen we die tweede wagen wegdoen. Graag ook een elektrische, met een laadpaal erbij.",
        "Stationsplein", 5,
    ),
    IdeaText(
        "avondbus", MOBILITEIT, "kato.verhaeghe",
        "Een bus die ook 's avonds en in het weekend rijdt",
        "Na zeven uur 's avonds rijdt er geen bus meer tussen Heikant en het centrum. Voor jongeren en ouderen zonder auto betekent dat: thuisblijven of een lift vragen. Een belbus of een buurtbus met vrijwilligers zou al een groot verschil maken.",
        "Heikant", 4,
    ),
    IdeaText(
        "tragewegen", MOBILITEIT, "eline.hermans",
        "Open de oude trage wegen tussen Heikant en het centrum opnieuw",
        "Op oude kaarten staan nog kerkwegels en voetpaden die de gehuchten met het centrum verbonden. Veel ervan zijn dichtgegroeid of bij een akker of tuin getrokken. Als we ze weer openmaken en bewegwijzeren, krijg je veilige en mooie routes om te wandelen en te fietsen, weg van de drukke Heidebaan.",
        "Kapelleweg, Heikant", 6,
    ),
    IdeaText(
        "fietsenstalling", MOBILITEIT, "bart.janssens",
        "Een overdekte en veilige fietsenstalling aan het station",
        "De fietsenrekken aan het station staan vol en zijn niet overdekt, dus je fiets staat de hele dag in de regen. Er worden ook geregeld fietsen gestolen. Een overdekte stalling met camera en een afgesloten deel voor elektrische fietsen maakt pendelen met fiets en trein veel aantrekkelijker.",
        "Stationsstraat 1, 9999 Lindeveld", 7,
    ),
    IdeaText(
        "zone30", MOBILITEIT, "wim.jacobs",
        "Zone 30 in alle woonstraten van de bebouwde kom",
        "Nu is het een lappendeken van 30, 50 en weer 30. Eén duidelijke regel voor alle woonstraten is voor iedereen eenvoudiger en veiliger. Alleen de invalswegen kunnen 50 blijven.",
        "", 3,
    ),
    IdeaText(
        "vrachtverkeer", MOBILITEIT, "stijn.lambrechts",
        "Hou het zware vrachtverkeer uit de dorpskern",
        "Vrachtwagens naar het bedrijventerrein rijden nu dwars door het centrum en langs de school. Met een tonnagebeperking en een duidelijke omleiding via de Oude Baan kan dat anders. De trillingen doen bovendien schade aan de oude huizen in de Kerkstraat.",
        "Kerkstraat en Oude Baan", 4,
    ),
    IdeaText(
        "kortparkeren", MOBILITEIT, "ruben.desmedt",
        "Schrap niet alle parkeerplaatsen op het Dorpsplein",
        "Ik begrijp dat men het plein autoluw wil maken, maar voor oudere mensen en voor de winkels is het belangrijk dat je dichtbij kunt parkeren. Hou minstens plaatsen voor kortparkeren en voor mensen met een beperking. Anders rijden mensen gewoon naar de supermarkt aan de ring.",
        "Dorpsplein", 2,
    ),
    # -- Natuur en open ruimte --------------------------------------------------------------
    IdeaText(
        "molenveld", NATUUR, "dirk.vandamme",
        "Laat het Molenveld open en bebouw het niet",
        "Het Molenveld achter de Molenweg is een van de laatste open zichten in onze gemeente. Er gaan geruchten dat het woonuitbreidingsgebied toch aangesneden wordt. Ik zie het liever ingekleurd als landbouw- of natuurgebied, voor het te laat is.",
        "Molenweg, 9999 Lindeveld", 7,
    ),
    IdeaText(
        "linden", NATUUR, "els.wouters",
        "Plant opnieuw linden in de Lindelaan",
        "De Lindelaan heeft haar naam niet gestolen, maar van de oorspronkelijke linden staan er nog maar een handvol. Een nieuwe dubbele rij bomen geeft schaduw in de zomer en maakt de straat weer herkenbaar. Als de bewoners peter of meter worden van een boom, zorgen ze mee voor water in droge zomers.",
        "Lindelaan", 8,
    ),
    IdeaText(
        "speelbos", NATUUR, "emma.dewilde",
        "Een speelbos voor kinderen in het Lindebos",
        "Kinderen mogen nu niet van de paden af in het Lindebos. Een afgebakend stuk waar ze hutten mogen bouwen, in bomen klimmen en vuil worden, zou fantastisch zijn. De jeugdbeweging wil graag helpen met het onderhoud.",
        "Lindebos", 4,
    ),
    IdeaText(
        "geveltuinen", NATUUR, "yasmine.benali",
        "Laat geveltuinen toe in elke straat en moedig ze aan",
        "Een strook van dertig centimeter langs de gevel met klimplanten of bloemen maakt een straat meteen groener en koeler. In heel wat steden mag dat al lang, hier weet niemand of het toegestaan is. Een eenvoudige regel en een startpakket met planten zouden veel mensen overtuigen.",
        "", 3,
    ),
    IdeaText(
        "bermen", NATUUR, "ilse.verbruggen",
        "Maai de bermen later en laat de bloemen staan",
        "Langs de Heidebaan en de Kapelleweg worden de bermen al in mei kortgemaaid. Als we pas maaien na de bloei, krijgen bijen en vlinders weer een kans. Het maaisel afvoeren zorgt er bovendien voor dat de bermen op termijn bloemrijker worden.",
        "Heidebaan", 3,
    ),
    IdeaText(
        "lindebeek", NATUUR, "griet.declercq",
        "Een groene wandelzone langs de Lindebeek",
        "De Lindebeek loopt nu grotendeels verstopt achter tuinen en langs het bedrijventerrein. Een brede groene strook langs de beek met een wandelpad verbindt het Lindebos met het centrum en geeft de beek ruimte bij hevige regen. Dat is goed voor de natuur én voor de mensen.",
        "Lindebeek", 5,
    ),
    IdeaText(
        "boomgaard", NATUUR, "jef.vandenbroeck",
        "Een hoogstamboomgaard waar iedereen fruit mag plukken",
        "Op het braakliggende perceel naast het kerkhof zou een boomgaard met oude fruitrassen prachtig passen. Scholen kunnen er les geven en in september houden we een plukdag. Zo houden we ook de oude streekrassen in ere.",
        "Kapelleweg, naast het kerkhof", 3,
    ),
    IdeaText(
        "landbouw", NATUUR, "luc.cuypers",
        "Bescherm de landbouwgrond: geen nieuwe bedrijventerreinen op akkers",
        "Jonge boeren vinden bijna geen grond meer, omdat er steeds meer akkers naar bedrijven, paardenweides of tuinen gaan. Als we open ruimte willen bewaren, moeten we ook de boeren een toekomst geven. Benut eerst de bestaande bedrijventerreinen beter.",
        "", 2,
    ),
    # -- Economie en werk -------------------------------------------------------------------
    IdeaText(
        "leegstand", ECONOMIE, "griet.declercq",
        "Pak de leegstaande winkelpanden in de Kerkstraat aan",
        "In de Kerkstraat staan al jaren minstens vijf panden leeg, met vergeelde affiches achter het raam. Een hogere leegstandsheffing en tegelijk een premie om de bovenverdieping tot woning om te bouwen zouden eigenaars over de streep trekken. Ondertussen kan tijdelijk gebruik door starters of verenigingen al veel doen.",
        "Kerkstraat, 9999 Lindeveld", 5,
    ),
    IdeaText(
        "coworking", ECONOMIE, "mohamed.elamrani",
        "Een coworkingplek in het oude postkantoor",
        "Steeds meer mensen werken een paar dagen per week thuis, maar niet iedereen heeft daar rust of een goede verbinding. Het oude postkantoor aan het Dorpsplein staat leeg en ligt ideaal. Een coworking met vaste bureaus, een vergaderruimte en koffie brengt ook volk naar de winkels in het centrum.",
        "Dorpsplein 4", 4,
    ),
    IdeaText(
        "boerenmarkt", ECONOMIE, "fatma.yilmaz",
        "Een wekelijkse boerenmarkt met lokale producten",
        "In de omgeving verkopen heel wat boeren zuivel, groenten en vlees rechtstreeks, maar je moet ze elk apart gaan opzoeken. Een markt op vrijdagavond op het Dorpsplein brengt ze samen en maakt van het plein weer een ontmoetingsplek. Met een foodtruck en wat muziek erbij wordt het een afspraak voor de hele gemeente.",
        "Dorpsplein", 6,
    ),
    IdeaText(
        "bedrijventerrein", ECONOMIE, "stijn.lambrechts",
        "Bouw in de hoogte op het bestaande bedrijventerrein",
        "Op bedrijventerrein Lindeveld-Noord hebben veel bedrijven grote parkings en lege stroken grond. Door in de hoogte te bouwen en parkings te delen, is er plaats voor nieuwe bedrijven zonder extra akkers aan te snijden. De gemeente kan dat stimuleren met duidelijke regels in een nieuw RUP.",
        "Bedrijventerrein Lindeveld-Noord", 2,
    ),
    IdeaText(
        "werkplaats", ECONOMIE, "jef.vandenbroeck",
        "Een gedeelde werkplaats voor jonge makers en ambachtslui",
        "Jonge schrijnwerkers, fietsenmakers en kunstenaars vinden geen betaalbare werkplaats. Een oude loods of hoeve ombouwen tot gedeelde werkplaats met gedeelde machines geeft hen een kans om hier een zaak te starten. Zo blijft het vakmanschap in Lindeveld.",
        "", 2,
    ),
    IdeaText(
        "kernversterking", ECONOMIE, "wim.jacobs",
        "Bundel winkels en diensten rond het Dorpsplein",
        "Nu liggen de apotheek, de bank en de supermarkt verspreid over de hele gemeente, zodat je voor alles de auto neemt. Als nieuwe winkels en diensten zich zoveel mogelijk rond het Dorpsplein en de Kerkstraat vestigen, kun je alles te voet of met de fiets doen. Dat brengt ook de horeca meer volk.",
        "Dorpsplein en Kerkstraat", 4,
    ),
    # -- Voorzieningen en ontmoeting --------------------------------------------------------
    IdeaText(
        "buurthuis", VOORZIENINGEN, "ilse.verbruggen",
        "Een buurthuis voor Heikant in het oude schooltje",
        "In Heikant is er sinds de sluiting van het café en de parochiezaal geen enkele plek meer om samen te komen. Een eenvoudig buurthuis met een zaal, een keuken en een koffiehoek zou verenigingen, senioren en jongeren weer samenbrengen. Het oude schooltje aan de Heidebaan staat al twee jaar leeg en zou perfect zijn.",
        "Heidebaan 12, 9999 Lindeveld", 8,
    ),
    IdeaText(
        "speelplaatsen", VOORZIENINGEN, "hanne.maes",
        "Open de speelplaatsen van de scholen na de schooluren",
        "De speelplaatsen van onze scholen liggen 's avonds, in het weekend en in de vakanties leeg, terwijl kinderen in de wijk nergens kunnen spelen. Andere gemeenten openen ze als buurtspeelplaats, met een eenvoudige afspraak over toezicht en afval. Dat kost bijna niets en geeft meteen meer ruimte om te spelen.",
        "", 5,
    ),
    IdeaText(
        "zitbanken", VOORZIENINGEN, "kato.verhaeghe",
        "Meer zitbanken langs de wandelroutes voor ouderen",
        "Mijn moeder wandelt graag, maar kan niet meer dan tien minuten aan één stuk stappen. Langs de route van het woonzorgcentrum naar het centrum staat geen enkele bank. Om de paar honderd meter een bank, liefst met leuningen, zou voor veel ouderen een wereld van verschil maken.",
        "Populierenlaan", 4,
    ),
    IdeaText(
        "jongeren", VOORZIENINGEN, "emma.dewilde",
        "Een eigen plek voor jongeren tussen 14 en 18 jaar",
        "Jongeren die te oud zijn voor de jeugdbeweging hangen nu rond aan de bushalte of op de parking van de supermarkt, en dan komen er klachten. Een jeugdhuis of zelfs een overdekte ontmoetingsplek met wifi en een pingpongtafel zou al veel oplossen. Laat de jongeren zelf meebeslissen over hoe het eruitziet.",
        "", 5,
    ),
    IdeaText(
        "bibliotheek", VOORZIENINGEN, "nathalie.goossens",
        "Maak van de bibliotheek de huiskamer van de gemeente",
        "De bib is nu alleen op enkele namiddagen open. Met langere openingsuren, een leestafel met kranten, een koffiehoek en plaats om te studeren wordt het een plek voor iedereen. Studenten zoeken in de examenperiode trouwens wanhopig naar een rustige studieplek.",
        "Sint-Jansplein", 4,
    ),
    IdeaText(
        "toilet", VOORZIENINGEN, "nele.michiels",
        "Een publiek toilet en een drinkwaterkraan op het Dorpsplein",
        "Wie met kleine kinderen of als oudere naar het centrum komt, moet nu in een café iets drinken om naar het toilet te kunnen. Een proper publiek toilet en een drinkwaterkraan maken het centrum toegankelijker voor iedereen. Ook fietsers en wandelaars op doortocht zullen er blij mee zijn.",
        "Dorpsplein", 2,
    ),
    # -- Klimaat en water -------------------------------------------------------------------
    IdeaText(
        "ontharding", KLIMAAT, "koen.desmet",
        "Onthard het Dorpsplein: minder steen, meer groen",
        "Het Dorpsplein is een grote vlakte van klinkers die in de zomer gloeiend heet wordt. Met bomen, een grasveld en een waterspel wordt het een echt plein waar mensen blijven zitten. Het regenwater kan dan ook in de grond zakken in plaats van in de riolering te verdwijnen.",
        "Dorpsplein, 9999 Lindeveld", 9,
    ),
    IdeaText(
        "regenwater", KLIMAAT, "hanne.maes",
        "Buffer het regenwater in plaats van het zo snel mogelijk af te voeren",
        "Bij elke zware onweersbui loopt de Beekstraat onder water, terwijl we in de zomer met droogte kampen. Wadi's, grachten die open blijven en een buffervijver aan de Lindebeek kunnen dat water vasthouden. Ook een premie voor regenwaterputten en het afkoppelen van dakgoten helpt.",
        "Beekstraat, 9999 Lindeveld", 7,
    ),
    IdeaText(
        "zonnepanelen", KLIMAAT, "mohamed.elamrani",
        "Zonnepanelen op alle schooldaken en gemeentelijke gebouwen",
        "De daken van de scholen, de sporthal en het gemeentehuis liggen er grotendeels ongebruikt bij. Met zonnepanelen, eventueel via een energiecoöperatie waarin inwoners kunnen investeren, verdienen we de investering snel terug. De leerlingen kunnen op een scherm in de gang volgen hoeveel stroom hun school opwekt.",
        "", 7,
    ),
    IdeaText(
        "renovatie", KLIMAAT, "luc.cuypers",
        "Gratis renovatieadvies aan huis voor oudere woningen",
        "Heel wat woningen in de Lindelaan en omgeving dateren van de jaren zestig en zijn slecht geïsoleerd. Een energiecoach die langskomt, zegt wat eerst moet gebeuren en helpt met de premies, zou veel mensen over de drempel helpen. Zelf weet ik echt niet waar te beginnen.",
        "Lindelaan", 3,
    ),
    IdeaText(
        "energiegemeenschap", KLIMAAT, "bart.janssens",
        "Deel zonnestroom met je buren in een energiegemeenschap",
        "Wie zonnepanelen heeft, produceert overdag vaak meer dan nodig, terwijl de buren op dat moment stroom van het net halen. Een energiegemeenschap in de wijk, met een buurtbatterij, laat ons die stroom onderling delen. De gemeente kan helpen met de opstart en een plaats voor de batterij.",
        "", 2,
    ),
    IdeaText(
        "tegelwippen", KLIMAAT, "sofie.claes",
        "Een tegelwipwedstrijd tussen de straten van Lindeveld",
        "Laat de straten het tegen elkaar opnemen: welke straat haalt de meeste tegels uit tuinen en opritten en vervangt ze door groen? De gemeente haalt de tegels gratis op en geeft plantjes in ruil. Het is leuk, het verbindt buren en het helpt tegen wateroverlast.",
        "", 3,
    ),
]

COMMENTS = [
    CommentText(
        "fietsstraat", "wim.jacobs",
        "Goed idee. Ik fiets er elke dag met mijn twee kinderen door en de auto's rijden rakelings langs ons. Een fietsstraat alleen is wel niet genoeg als er nooit gecontroleerd wordt.",
        (("sofie.claes", "Akkoord. In het begin zouden een paar snelheidscontroles of fietsstraatambassadeurs aan de schoolpoort zeker helpen."),),
    ),
    CommentText(
        "fietsstraat", "ruben.desmedt",
        "Ik woon in de Schoolstraat en moet met de auto naar mijn werk. Mag ik dan nog door mijn eigen straat rijden?",
        (
            ("pieter.willems", "Ja hoor, in een fietsstraat mag je gewoon rijden, alleen niet sneller dan 30 en je mag fietsers niet inhalen. Voor de bewoners verandert er dus weinig."),
            ("ruben.desmedt", "Dank je, dan heb ik er geen probleem mee."),
        ),
    ),
    CommentText("fietsstraat", "nathalie.goossens", "Combineer het met een schoolstraat aan De Linde, dan heb je een veilige route van de Beekstraat tot aan het atheneum."),
    CommentText(
        "ontharding", "ruben.desmedt",
        "Mooi, maar waar moeten de mensen dan parkeren die naar de markt of de apotheek komen? Zie ook mijn idee over het kortparkeren.",
        (
            ("griet.declercq", "Op de parking achter de sporthal is bijna altijd plaats, dat is drie minuten stappen. Een groen plein trekt juist meer mensen naar de winkels, dat zie je in andere gemeenten."),
            ("ruben.desmedt", "Drie minuten is voor mijn schoonvader met zijn rollator wel een hele tocht. Een paar plaatsen voor mensen met een beperking moeten er echt blijven."),
        ),
    ),
    CommentText("ontharding", "emma.dewilde", "Een waterspel zou geweldig zijn voor de kinderen in de zomer!"),
    CommentText("ontharding", "luc.cuypers", "Denk ook aan het onderhoud. Bomen en gras vragen meer zorg dan klinkers, dus daar moet ook budget voor zijn."),
    CommentText("linden", "marleen.aerts", "Ik word zeker meter van een boom voor mijn deur. Kies wel soorten die tegen droogte kunnen."),
    CommentText(
        "linden", "stijn.lambrechts",
        "Let op met de wortels onder de voetpaden: in de Populierenlaan liggen de tegels overal omhoog.",
        (("els.wouters", "Klopt, daarom vraag ik ook ruime plantvakken. Dan heeft de boom plaats genoeg en blijven de voetpaden heel."),),
    ),
    CommentText("buurthuis", "kato.verhaeghe", "Ja! Onze seniorenvereniging moet nu naar het centrum voor de kaartnamiddag, en wie niet meer met de auto rijdt, valt af."),
    CommentText(
        "buurthuis", "jonas.verstraete",
        "Het oude schooltje is wel in slechte staat. Misschien eerst laten onderzoeken wat een renovatie kost, voor we ons te veel verheugen.",
        (("ilse.verbruggen", "Terecht. Een deel kunnen we als buurt zelf opknappen: er hebben zich al een paar vrijwilligers gemeld om te schilderen en te klussen."),),
    ),
    CommentText(
        "molenveld", "jonas.verstraete",
        "Ik snap het, maar waar moeten jonge gezinnen dan wonen? Niet iedereen wil of kan in een appartement in het centrum.",
        (
            ("dirk.vandamme", "Daarom ben ik net voor inbreiding in de kern. Er staan genoeg bovenverdiepingen leeg en er zijn grote percelen die beter benut kunnen worden."),
            ("koen.desmet", "Het kan samengaan: compacte rijwoningen met een tuintje in de kern, en het Molenveld open laten."),
        ),
    ),
    CommentText("molenveld", "ilse.verbruggen", "Vanop de Molenweg zie je bij helder weer tot aan de kerktoren van het volgende dorp. Dat zicht moeten we koesteren."),
    CommentText("regenwater", "wim.jacobs", "Onze kelder in de Beekstraat liep vorige zomer twee keer onder water. Alles wat helpt, is welkom."),
    CommentText("regenwater", "annelies.mertens", "Een wadi kan ook mooi zijn, met bloemen en een paar stapstenen. Als het droog is, is het meteen een speelplek."),
    CommentText("fietsenstalling", "koen.desmet", "Graag ook met laadpunten voor elektrische fietsen, die worden het vaakst gestolen of beschadigd."),
    CommentText("fietsenstalling", "pieter.willems", "En een paar deelfietsen aan het station voor wie met de trein aankomt."),
    CommentText("inbreiding", "nele.michiels", "Akkoord met het principe, maar het moet wel kwaliteitsvol gebeuren. Zie mijn idee over de Nieuwstraat."),
    CommentText("inbreiding", "yasmine.benali", "Woningen boven de winkels vind ik een prima idee, zo blijft er ook 's avonds leven in het centrum."),
    CommentText("zonnepanelen", "bart.janssens", "Een energiecoöperatie spreekt me aan. Ik zou er zeker in investeren als het rendement eerlijk is."),
    CommentText("zonnepanelen", "jef.vandenbroeck", "Laat de leerlingen van de technische school mee helpen bij de installatie, dat is een mooi leerproject."),
    CommentText("tragewegen", "fatma.yilmaz", "Met de hond wandel ik vaak richting Heikant, maar langs de Heidebaan is het echt gevaarlijk. Een trage weg zou ik elke dag gebruiken."),
    CommentText(
        "tragewegen", "dirk.vandamme",
        "Sommige boeren zullen niet blij zijn als er een pad langs hun akker loopt. Goed overleggen dus.",
        (("eline.hermans", "Zeker. Het gaat vooral om wegen die officieel nog bestaan in de Atlas der Buurtwegen, maar overleg met de eigenaars is inderdaad nodig."),),
    ),
    CommentText("schoolstraat", "yasmine.benali", "Als ouder twijfelde ik eerst, maar aan de school van mijn nichtje werkt het echt goed. Na twee weken was iedereen eraan gewend."),
    CommentText(
        "schoolstraat", "stijn.lambrechts",
        "Denk aan de bewoners van de Beekstraat die op dat moment naar hun werk moeten. Zij moeten nog buiten kunnen.",
        (("nathalie.goossens", "Bewoners krijgen in een schoolstraat meestal een toelating om stapvoets buiten te rijden. Zo is het elders ook geregeld."),),
    ),
    CommentText("boerenmarkt", "hanne.maes", "Vrijdagavond is ideaal, dan kun je na het werk nog even langs. Ik kom zeker!"),
    CommentText("speelplaatsen", "marleen.aerts", "De scholen zullen vrezen voor vandalisme. Een buurtbewoner die de poort opent en sluit, kan dat oplossen."),
    CommentText(
        "deelautos", "wim.jacobs",
        "Wij zouden onze tweede auto meteen wegdoen. Hoe werkt dat met de verzekering en het reserveren?",
        (("pieter.willems", "Bij de meeste aanbieders reserveer je met een app, en de verzekering zit in de prijs per uur en per kilometer."),),
    ),
    CommentText("jongeren", "eline.hermans", "Als jongere kan ik dit alleen maar steunen. Nu is er in het weekend echt niets te doen hier."),
    CommentText("zitbanken", "els.wouters", "Heel herkenbaar. Een bank bij de kapel aan de Kapelleweg, met zicht op de velden, zou ook mooi zijn."),
    CommentText(
        "leegstand", "bart.janssens",
        "Een leegstandsheffing alleen helpt niet, sommige eigenaars betalen die gewoon. Tijdelijk gebruik lijkt me slimmer.",
        (("griet.declercq", "Daarom stel ik ook beide voor, de stok en de wortel. Met tijdelijk gebruik kunnen we morgen al beginnen."),),
    ),
]

# Official responses of the municipality, given by the demo moderator.
RESPONSES = [
    ResponseText(
        "fietsstraat", "under_consideration",
        "Dank voor dit idee en voor de vele steun. De mobiliteitsdienst onderzoekt samen met de politiezone of de Schoolstraat als fietsstraat kan worden ingericht, en wat dat betekent voor de bewoners en voor de bus.\n\nIn het voorjaar houden we een infoavond voor de buurt. We laten hier weten wanneer.",
    ),
    ResponseText(
        "fietsenstalling", "accepted",
        "Goed nieuws: het college van burgemeester en schepenen heeft beslist om aan het station een overdekte fietsenstalling met 120 plaatsen te bouwen, met een afgesloten deel en laadpunten voor elektrische fietsen.\n\nDe werken zijn gepland voor het najaar en worden betaald met de subsidie voor fietsinfrastructuur. Dank aan iedereen die dit idee steunde.",
    ),
]
# fmt: on


# -- Moderation ---------------------------------------------------------------------------

REJECTION_TEMPLATES = [
    (
        "Persoonsgegevens",
        "Je bijdrage bevat gegevens waarmee iemand herkend kan worden (een naam, een adres, een "
        "nummerplaat). Om de privacy van iedereen te beschermen publiceren we dat niet. Je mag je "
        "idee gerust opnieuw posten zonder die gegevens.",
    ),
    (
        "Beledigend of kwetsend",
        "Je bijdrage is beledigend of kwetsend voor anderen. Op dit platform discussiëren we "
        "met respect, ook als we het oneens zijn. Je mag je punt gerust opnieuw maken in "
        "andere woorden.",
    ),
    (
        "Reclame of spam",
        "Je bijdrage is reclame of herhaalt dezelfde boodschap. Dit platform is er voor "
        "ideeën over de toekomst van de gemeente.",
    ),
    (
        "Buiten het onderwerp",
        "Je bijdrage gaat niet over het thema van deze bevraging. Heb je een melding of een "
        "klacht? Neem dan contact op met de dienst Onthaal van de gemeente.",
    ),
]

BLOCKED_WORDS = ["idioot", "idioten", "klootzak", "casino", "gratis geld"]

# An idea held for review because of its links, one reported by three citizens (hidden until a
# moderator looks), a reported comment, and an idea handed in at the town hall's counter.
FLAGGED_IDEA = (
    "kato.verhaeghe",
    MOBILITEIT,
    "Deelauto's aan het station: kijk hoe andere gemeenten het doen",
    "Er bestaan al goede voorbeelden van deelauto's aan kleine stations. Kijk maar naar "
    "https://www.example.org/deelauto-1, https://www.example.org/deelauto-2, "
    "https://www.example.org/deelauto-3 en https://www.example.org/deelauto-4. Met twee of "
    "drie auto's zou Lindeveld al veel gezinnen een tweede wagen besparen.",
    "Stationsplein",
)
REPORTED_IDEA = (
    "ruben.desmedt",
    ECONOMIE,
    "Weg met die afzetters van de winkel op de markt, ze maken alles duur",
    "Iedereen weet over welke winkel het gaat en wie erachter zit. Die mensen zetten hun "
    "klanten af en zouden beter vertrekken, dan komt er plaats voor iets nuttigs op de markt.",
    "Markt",
)
REPORTERS = ["els.wouters", "wim.jacobs", "sofie.claes"]
COMMENT_REPORTER = "luc.cuypers"
OFFLINE_IDEA = (
    NATUUR,
    "Meer zitbanken langs de wandelpaden voor oudere wandelaars",
    "Ingediend op papier in het dienstencentrum: ik wandel graag, maar ik kan niet meer zo ver "
    "zonder te rusten. Langs de paden rond de vijver en naar het bos staan bijna geen banken. "
    "Om de 300 meter een bank zou voor veel ouderen een groot verschil maken.",
    "Wandelpaden rond de vijver",
)
