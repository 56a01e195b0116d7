"""Articles en français. Fiction écrite pour ce corpus : lieux, personnes et chiffres sont inventés."""
from tests.realpages.model import Article

UI = {
    "site": "Le Courrier de l'Estuaire", "home": "Accueil", "share": "Partager", "more_from": "Plus de",
    "read_next": "À lire aussi", "most_read": "Les plus lus", "now_reading": "En ce moment :",
    "related": "Sur le même sujet", "advertisement": "Publicité",
    "ad_text": "Changez de forfait mobile et économisez 10 € par mois", "updated": "Mis à jour",
    "banner": "Cet article a été mis à jour avec la réaction de la préfecture.",
    "update": "Cet article a été mis à jour à 18 h 40 avec une déclaration de la région.",
    "by": "Par", "email": "Courriel", "photo": "Photo : rédaction", "app": "Télécharger l'application",
    "sections": ["Monde", "Société", "Économie", "Sciences", "Culture"], "sections_label": "Rubriques",
    "footer": "© Le Courrier de l'Estuaire", "front_title": "Dernières nouvelles",
    "partner": "Le Journal des Côtes", "originally": "Cet article a d'abord été publié par",
}

ARTICLES = [
    Article(
        slug="port-greve", lang="fr", section="Société",
        headline="Les dockers du port de Saint-Aubin en grève pour la troisième semaine",
        corrected="Accord trouvé : les dockers de Saint-Aubin reprennent le travail",
        standfirst="Le trafic des conteneurs est presque à l'arrêt ; les entreprises de la région s'inquiètent "
                   "pour leurs livraisons.",
        byline="Claire Dumoulin", date="2024-03-05",
        paras=(
            "Pour la troisième semaine consécutive, les grues du terminal nord de Saint-Aubin sont restées "
            "immobiles lundi, bloquant près de 200 conteneurs sur les quais.",
            "Les négociations doivent reprendre jeudi. [[Le syndicat réclame une prime de nuit et l'embauche de "
            "quarante {t:salairés|salariés} supplémentaires.]] La direction juge ces demandes excessives.",
            "{{Dans <a href=\"/fr/societe/entretien.html\">un entretien accordé au Courrier</a>, le délégué "
            "syndical Marc Lévêque estime que la direction <em>joue la montre</em> depuis le début}}{n:,et|, et} "
            "promet de tenir « aussi longtemps qu'il le faudra ».",
            "Les revendications portent sur trois points :",
            "@list",
            "Les transporteurs routiers affirment perdre {n:plusieur|plusieurs} ((milliers d'euros)) par jour "
            "depuis le début du conflit.",
            "@figure",
            "Selon la chambre de commerce, la grève coûte déjà des milliers d'euros par jour aux entreprises de "
            "la zone portuaire.",
        ),
        items=("Une prime de nuit de 12 %",
               "[[La fin des contrats de mission de moins d'un mois]]",
               "Un nouveau plan de sécurité sur les quais"),
        caption="Des conteneurs en attente sur le terminal nord, lundi.",
        extra="Un exportateur de fromages dit avoir déjà perdu des milliers d'euros de marchandise.",
    ),
    Article(
        slug="plan-velo", lang="fr", section="Société",
        headline="Montferrand veut doubler ses pistes {t:cyclabes|cyclables} d'ici à 2030",
        corrected="Faute de budget, Montferrand repousse son plan vélo à 2032",
        standfirst="Le plan prévoit 120 kilomètres de nouvelles voies et la fermeture de deux rues du centre aux "
                   "voitures.",
        byline="Julien Marchetti", date="2024-04-18",
        paras=(
            "La municipalité de Montferrand a présenté mardi un plan vélo ambitieux, qui doit doubler le réseau "
            "de pistes cyclables en six ans.",
            "Le conseil municipal votera le texte en juin. [[Les nouvelles pistes seront séparées de la "
            "circulation par des {t:bordûres|bordures} en béton.]] Un parking de 400 places sera créé près de la gare.",
            "{{Interrogée par <a href=\"/fr/societe/velo.html\">notre rédaction</a>, l'adjointe aux mobilités "
            "assure que le projet est <b>financé à 80 %</b> par l'État et la région}}{n:,le|, le} reste étant payé "
            "par la ville.",
            "Le plan comprend notamment :",
            "@list",
            "Les commerçants de la rue des Tanneurs craignent une baisse de fréquentation {n:lorque|lorsque} "
            "((le centre-ville)) sera fermé aux voitures le samedi.",
            "@figure",
            "L'association des cyclistes salue un plan qui rendra enfin le centre-ville accessible aux familles.",
        ),
        items=("Cent vingt kilomètres de pistes nouvelles",
               "Deux rues piétonnes supplémentaires",
               "[[Mille arceaux de stationnement pour vélos]]"),
        caption="Une piste cyclable provisoire boulevard Gambetta, en direction du centre-ville.",
        extra="Une étude de la chambre de commerce montre que le centre-ville a gagné des clients depuis la "
              "première rue piétonne.",
        held=True,
    ),
    Article(
        slug="vendanges-grele", lang="fr", section="Économie",
        headline="Vendanges précoces : la grêle a détruit un tiers des vignes du Val d'Orme",
        corrected="Grêle dans le Val d'Orme : des dégâts moins graves que prévu",
        standfirst="Les viticulteurs demandent la reconnaissance de l'état de calamité agricole.",
        byline="Sophie Bertin", date="2024-08-30",
        paras=(
            "Un violent orage de grêle s'est abattu samedi soir sur le Val d'Orme, à quelques jours du début des "
            "vendanges.",
            "Les dégâts varient fortement d'un village à l'autre. [[Certaines parcelles ont perdu la totalité de "
            "leur {t:réçolte|récolte} en moins de vingt minutes.]] Les assureurs sont attendus dès lundi.",
            "{{Selon <a href=\"/fr/economie/viticulture.html\">la chambre d'agriculture</a>, près de <b>1 200 "
            "hectares</b> ont été touchés par la grêle}}{n:,soit|, soit} un tiers du vignoble.",
            "Les viticulteurs réclament :",
            "@list",
            "Dans les caves coopératives, on s'attend à une {n:fort|forte} hausse ((du prix du vin)) dès l'an "
            "prochain.",
            "@figure",
            "Les négociants rappellent que la hausse du prix du vin dépendra surtout des ventes à l'export.",
        ),
        items=("[[Un report des cotisations sociales]]",
               "Des aides d'urgence pour les jeunes exploitants",
               "Un fonds régional contre les aléas climatiques"),
        caption="Des grappes abîmées par la grêle près de Saint-Rémy-d'Orme.",
        extra="Les restaurateurs de la région redoutent aussi une hausse du prix du vin.",
    ),
]
