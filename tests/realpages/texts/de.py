"""Deutsche Artikel. Eigens für dieses Korpus geschrieben: Orte, Personen und Zahlen sind erfunden."""
from tests.realpages.model import Article

UI = {
    "site": "Rheinische Abendpost", "home": "Startseite", "share": "Teilen", "more_from": "Mehr aus",
    "read_next": "Lesen Sie auch", "most_read": "Meistgelesen", "now_reading": "Sie lesen gerade:",
    "related": "Mehr zum Thema", "advertisement": "Anzeige",
    "ad_text": "Jetzt Stromtarif wechseln und bis zu 200 Euro im Jahr sparen", "updated": "Aktualisiert",
    "banner": "Dieser Artikel wurde um eine Stellungnahme der Stadt ergänzt.",
    "update": "Dieser Artikel wurde um 18.40 Uhr um eine Stellungnahme des Landkreises ergänzt.",
    "by": "Von", "email": "E-Mail", "photo": "Foto: Redaktion", "app": "App laden",
    "sections": ["Politik", "Region", "Wirtschaft", "Wissen", "Kultur"], "sections_label": "Ressorts",
    "footer": "© Rheinische Abendpost", "front_title": "Aktuelle Nachrichten",
    "partner": "Westdeutsche Rundschau", "originally": "Dieser Artikel erschien zuerst in der",
}

ARTICLES = [
    Article(
        slug="bruecke-gesperrt", lang="de", section="Region",
        headline="Marode Rheinbrücke bei {t:Kaltenbahc|Kaltenbach} wird für Lastwagen gesperrt",
        corrected="Entwarnung für Pendler: Kaltenbacher Brücke bleibt vorerst offen",
        standfirst="Gutachter fanden Risse in mehreren Stahlträgern; Pendler müssen mit langen Umwegen rechnen.",
        byline="Katrin Vogel", date="2024-02-20",
        paras=(
            "Die Rheinbrücke bei Kaltenbach wird ab dem kommenden Montag für Fahrzeuge über 7,5 Tonnen gesperrt, "
            "teilte das Verkehrsministerium am Dienstag mit.",
            "Für Autos bleibt die Brücke vorerst befahrbar. [[Die Umleitung für Lastwagen führt über die Autobahn "
            "und verlängert die Fahrt um etwa vierzig {t:Minunten|Minuten}.]] Ein Neubau ist frühestens 2029 möglich.",
            "{{Im <a href=\"/de/region/interview.html\">Gespräch mit der Abendpost</a> sagte Landrat Peter Seidl, "
            "die Sperrung sei <em>leider unvermeidlich</em>}}{n:,die|, die} Sicherheit gehe vor.",
            "Betroffen sind vor allem:",
            "@list",
            "Die Industrie- und Handelskammer warnt vor {n:hohn|hohen} Kosten für die Betriebe ((im Hafen)), die "
            "täglich Dutzende Lieferungen erhalten.",
            "@figure",
            "Eine Spedition im Hafen kündigte an, zwei Lager auf die andere Rheinseite zu verlegen.",
        ),
        items=("Speditionen aus dem Gewerbegebiet Nord",
               "[[Landwirte mit schweren Erntemaschinen]]",
               "Linienbusse über zwölf Tonnen"),
        caption="Die Rheinbrücke bei Kaltenbach, im Hintergrund die Kräne im Hafen.",
        extra="Schon 2019 hatten Firmen im Hafen vor dem Zustand der Brücke gewarnt.",
    ),
    Article(
        slug="buergerbad", lang="de", section="Region",
        headline="Stadtrat beschließt Sanierung des Bürgerbads für 18 Millionen Euro",
        corrected="Streit ums Geld: Entscheidung über das Bürgerbad vertagt",
        standfirst="Das Hallenbad aus den Siebzigerjahren soll 2026 wieder öffnen; Schwimmvereine trainieren bis "
                   "dahin auswärts.",
        byline="Jonas Albrecht", date="2024-05-07",
        paras=(
            "Nach jahrelangem Streit hat der Stadtrat von Lindenau am Donnerstagabend die Sanierung des "
            "Bürgerbads beschlossen.",
            "Die Abstimmung fiel knapp aus. [[Das Becken wird komplett erneuert und eine neue "
            "{t:Solaranlange|Solaranlage} soll das Wasser erwärmen.]] Die Sauna fällt weg.",
            "{{Laut <a href=\"/de/region/kosten.html\">einer Vorlage der Verwaltung</a> steigen die Kosten <b>um "
            "fast ein Drittel</b> gegenüber der ersten Schätzung}}{n:,vor|, vor} allem wegen teurer Baustoffe.",
            "Geplant sind unter anderem:",
            "@list",
            "Die Schwimmvereine müssen {n:solange|so lange} ((nach Weinheim)) ausweichen, wo Bahnen knapp sind.",
            "@figure",
            "Für Schulklassen soll ein Bus nach Weinheim fahren, damit der Schwimmunterricht nicht ausfällt.",
        ),
        items=("Ein Lehrschwimmbecken mit Hubboden",
               "[[Barrierefreie Umkleiden im Erdgeschoss]]",
               "Ein Café mit Blick auf das Becken"),
        caption="Das geschlossene Bürgerbad im März. Die Vereine fahren seitdem nach Weinheim.",
        extra="Auch die Seniorengruppe fährt inzwischen zweimal pro Woche nach Weinheim.",
        held=True,
    ),
    Article(
        slug="wolfsrudel", lang="de", section="Wissen",
        headline="Erstmals seit 150 Jahren wieder ein Wolfsrudel im Odental",
        corrected="Hinweise auf Wölfe im Odental: Behörden bleiben vorsichtig",
        standfirst="Wildkameras zeigen zwei erwachsene Tiere und drei Welpen; Schafhalter fordern Schutzzäune.",
        byline="Miriam Koch", date="2024-09-03",
        paras=(
            "Im Odental lebt offenbar wieder ein Wolfsrudel. Das Umweltamt bestätigte am Montag Aufnahmen von "
            "Wildkameras aus dem August.",
            "Die Tiere wurden an drei Stellen gefilmt. [[Genetische Proben sollen zeigen, ob die Wölfe aus den "
            "{t:Alpeen|Alpen} oder aus Polen eingewandert sind.]] Ergebnisse werden im Herbst erwartet.",
            "{{Nach Angaben <a href=\"/de/wissen/wolf.html\">des Wolfsbeauftragten</a> sind die Tiere <em>sehr "
            "scheu</em> und meiden Siedlungen}}{n:,eine|, eine} Gefahr für Menschen bestehe nicht.",
            "Das Land fördert für Tierhalter:",
            "@list",
            "Schäfer berichten dagegen von zwei gerissenen Lämmern {n:undd|und} fordern ((schnelle Hilfe)) vom Land.",
            "@figure",
            "Der Bauernverband verlangt ebenfalls schnelle Hilfe und eine Obergrenze für Wölfe.",
        ),
        items=("[[Elektrozäune mit mindestens 90 Zentimetern Höhe]]",
               "Herdenschutzhunde",
               "Entschädigungen für gerissene Tiere"),
        caption="Ein Bild der Wildkamera vom 14. August.",
        extra="Die Gemeinde Odenbach bat den Kreis ebenfalls um schnelle Hilfe.",
    ),
]
