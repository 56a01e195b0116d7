"""České články. Napsáno pro tento korpus: místa, osoby a čísla jsou smyšlené."""
from tests.realpages.model import Article

UI = {
    "site": "Denní zpravodaj", "home": "Domů", "share": "Sdílet", "more_from": "Další z rubriky",
    "read_next": "Čtěte také", "most_read": "Nejčtenější", "now_reading": "Právě čtete:", "related": "Souvisí",
    "advertisement": "Reklama", "ad_text": "Změňte tarif ještě dnes a ušetřete až 300 Kč měsíčně",
    "updated": "Aktualizováno", "banner": "Článek jsme doplnili o vyjádření radnice.",
    "update": "Článek byl v 18:40 doplněn o vyjádření krajského úřadu.",
    "by": "Autor:", "email": "E-mail", "photo": "Foto: redakce", "app": "Stáhnout aplikaci",
    "sections": ["Domov", "Svět", "Ekonomika", "Věda", "Kultura"], "sections_label": "Rubriky",
    "footer": "© Denní zpravodaj", "front_title": "Nejnovější zprávy",
    "partner": "Moravské listy", "originally": "Článek původně vyšel v deníku",
}

ARTICLES = [
    Article(
        slug="nadrazi-lipnice", lang="cs", section="Domov",
        headline="Lipnice postaví nové nádraží, stavba začne na jaře",
        corrected="Stavba nového nádraží v Lipnici se odkládá o rok",
        standfirst="Projekt za 1,4 miliardy korun počítá s podchodem, parkovištěm a novou autobusovou zastávkou.",
        byline="Petra Horáková", date="2024-03-21",
        paras=(
            "Správa železnic vybrala firmu, která v Lipnici postaví nové nádraží. Stávající budova z roku 1905 "
            "zůstane zachována.",
            "Práce potrvají dva roky. [[Cestující budou během stavby využívat dočasné nástupiště u "
            "{t:severiho|severního} zhlaví.]] Vlaky pojedou se zpožděním.",
            "{{Podle <a href=\"/cs/domov/nadrazi.html\">mluvčího Správy železnic</a> je projekt <b>plně "
            "financován</b> z evropských fondů}}{n:,město|, město} přispěje jen na parkoviště.",
            "Nové nádraží nabídne:",
            "@list",
            "Místní obchodníci se obávají, že {n:behem|během} stavby ((ubude zákazníků)) v ulici Nádražní.",
            "@figure",
            "Provozovatel kavárny u nádraží očekává, že ubude zákazníků hlavně ráno.",
        ),
        items=("Bezbariérový podchod pod kolejemi",
               "[[Krytou úschovnu pro dvě stě kol]]",
               "Nové informační tabule"),
        caption="Historická budova nádraží v Lipnici.",
        extra="Pekárna v Nádražní ulici počítá s tím, že ubude zákazníků až o třetinu.",
    ),
    Article(
        slug="sucho-rybniky", lang="cs", section="Věda",
        headline="Sucho ohrožuje rybníky na Vysočině, rybáři loví dříve",
        corrected="Po vydatných deštích se rybníky na Vysočině zase plní",
        standfirst="Hladina v desítkách rybníků klesla o půl metru; kapři trpí nedostatkem kyslíku.",
        byline="Tomáš Novotný", date="2024-08-12",
        paras=(
            "Rybáři na Vysočině začali s výlovem některých rybníků o dva měsíce dříve než obvykle. Důvodem je "
            "dlouhé sucho.",
            "Nejhorší situace je na menších rybnících. [[V některých z nich zbývá méně než třetina obvyklého "
            "{t:množtví|množství} vody.]] Ryby se přemisťují do sádek.",
            "{{Podle <a href=\"/cs/veda/sucho.html\">krajských hydrologů</a> je letošní léto <em>nejsušší za "
            "posledních dvacet let</em>}}{n:,srážky|, srážky} chybí hlavně v červenci.",
            "Rybáři proto:",
            "@list",
            "Zemědělci žádají, aby se voda {n:nepoustela|nepouštěla} ((do okolních polí)), dokud nezaprší.",
            "@figure",
            "Voda z rybníků přitom dlouhodobě teče i do okolních polí, připomínají ekologové.",
        ),
        items=("[[Provzdušňují vodu čerpadly]]",
               "Přesouvají ryby do sádek",
               "Omezují krmení"),
        caption="Výlov rybníka u Jihlavy, kde hladina klesla o půl metru.",
        extra="Bez vody do okolních polí by letos neurodila ani kukuřice.",
        held=True,
    ),
]
